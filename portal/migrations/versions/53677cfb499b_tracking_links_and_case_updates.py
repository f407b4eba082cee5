"""tracking links and case updates

Revision ID: 53677cfb499b
Revises: d5755a713fce
Create Date: 2026-11-25 15:13:25.621741

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '53677cfb499b'
down_revision = 'd5755a713fce'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('attachments', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_update_case_id'), ['case_id'], unique=False)

    op.create_table('tracking_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('tracking_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tracking_link_case_id'), ['case_id'], unique=False)



def downgrade():
    with op.batch_alter_table('tracking_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tracking_link_case_id'))

    op.drop_table('tracking_link')
    with op.batch_alter_table('case_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_update_case_id'))

    op.drop_table('case_update')
