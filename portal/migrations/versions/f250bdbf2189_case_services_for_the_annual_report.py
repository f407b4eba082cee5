"""case services for the annual report

A complaint about several services counts against each (domain.md 8): the services beyond
the case's own ``service`` column.

Revision ID: f250bdbf2189
Revises: 53677cfb499b
Create Date: 2026-11-26 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f250bdbf2189'
down_revision = '53677cfb499b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_service',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('service', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name='fk_case_service_case_id_case',
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', 'service', name='pk_case_service')
    )


def downgrade():
    op.drop_table('case_service')
