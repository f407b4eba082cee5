"""case anonymised on

`flask retention` anonymises a case once its kind's retention period after closure has
passed: the personal details go, the figures the annual report needs stay, and this date
says when that happened.

Revision ID: 5dff3040cd75
Revises: f250bdbf2189
Create Date: 2026-11-26 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5dff3040cd75'
down_revision = 'f250bdbf2189'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('anonymised_on')
