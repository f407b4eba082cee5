"""indexes for the stages and findings the annual report reads: its stage 2 and 3 counts
start from the stages asked for in the period, and its per-complaint lookups of stages and
findings read the index only

Revision ID: 6659ea78deba
Revises: a06845284252
Create Date: 2026-11-25 22:27:16.696230

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6659ea78deba'
down_revision = 'a06845284252'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stage_case_id'))
        batch_op.create_index('ix_stage_case', ['case_id', 'number', 'requested_on', 'responded_on'], unique=False)
        batch_op.create_index('ix_stage_requested', ['number', 'requested_on', 'case_id'], unique=False)

    with op.batch_alter_table('point', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_point_case_id'))
        batch_op.create_index('ix_point_case', ['case_id', 'stage', 'finding'], unique=False)


def downgrade():
    with op.batch_alter_table('point', schema=None) as batch_op:
        batch_op.drop_index('ix_point_case')
        batch_op.create_index(batch_op.f('ix_point_case_id'), ['case_id'], unique=False)

    with op.batch_alter_table('stage', schema=None) as batch_op:
        batch_op.drop_index('ix_stage_requested')
        batch_op.drop_index('ix_stage_case')
        batch_op.create_index(batch_op.f('ix_stage_case_id'), ['case_id'], unique=False)
