"""partial index on open deadlines

Revision ID: e4a03b710a4f
Revises: 5dff3040cd75
Create Date: 2026-11-25 16:18:49.339749

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4a03b710a4f'
down_revision = '5dff3040cd75'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.create_index('ix_deadline_open', ['case_id', 'due_on'], unique=False, postgresql_where=sa.text('met_on IS NULL'), sqlite_where=sa.text('met_on IS NULL'))



def downgrade():
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_open', postgresql_where=sa.text('met_on IS NULL'), sqlite_where=sa.text('met_on IS NULL'))

