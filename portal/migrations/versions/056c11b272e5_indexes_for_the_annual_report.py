"""indexes for the annual report: its counts read the index, not the table

Revision ID: 056c11b272e5
Revises: e4a03b710a4f
Create Date: 2026-11-25 18:12:45.380450

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '056c11b272e5'
down_revision = 'e4a03b710a4f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.create_index('ix_case_ombudsman', ['kind', 'ombudsman_referred_on', 'procedure', 'ombudsman_outcome', 'ombudsman_decided_on'], unique=False, postgresql_where=sa.text('ombudsman_referred_on IS NOT NULL'), sqlite_where=sa.text('ombudsman_referred_on IS NOT NULL'))
        batch_op.create_index('ix_case_report', ['kind', 'received_on', 'procedure', 'status', 'closed_on', 'service', 'team', 'complainant_role', 'wants_advocate', 'channel'], unique=False)

    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.create_index('ix_deadline_report', ['case_id', 'step', 'met_on', 'due_on'], unique=False)



def downgrade():
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_report')

    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_report')
        batch_op.drop_index('ix_case_ombudsman', postgresql_where=sa.text('ombudsman_referred_on IS NOT NULL'), sqlite_where=sa.text('ombudsman_referred_on IS NOT NULL'))

