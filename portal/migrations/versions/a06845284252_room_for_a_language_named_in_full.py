"""room for a language named in full: the form takes 60 characters, the columns took 40

Revision ID: a06845284252
Revises: 056c11b272e5
Create Date: 2026-11-25 18:17:57.542923

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a06845284252'
down_revision = '056c11b272e5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.alter_column('language',
               existing_type=sa.VARCHAR(length=40),
               type_=sa.String(length=60),
               existing_nullable=False)

    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.alter_column('language',
               existing_type=sa.VARCHAR(length=40),
               type_=sa.String(length=60),
               existing_nullable=False)



def downgrade():
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.alter_column('language',
               existing_type=sa.String(length=60),
               type_=sa.VARCHAR(length=40),
               existing_nullable=False)

    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.alter_column('language',
               existing_type=sa.String(length=60),
               type_=sa.VARCHAR(length=40),
               existing_nullable=False)

