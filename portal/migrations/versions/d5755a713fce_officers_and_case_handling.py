"""officers and case handling

Revision ID: d5755a713fce
Revises: 79f88ec61096
Create Date: 2026-11-25 14:57:55.037729

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5755a713fce'
down_revision = '79f88ec61096'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('officer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('team', sa.String(length=80), nullable=True),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('totp_secret', sa.String(length=64), nullable=True),
    sa.Column('totp_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_totp_step', sa.Integer(), nullable=True),
    sa.Column('failed_sign_ins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_signed_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('recovery_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=300), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_code_officer_id'), ['officer_id'], unique=False)

    op.create_table('contact_restriction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('restriction', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('review_on', sa.Date(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contact_restriction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_restriction_case_id'), ['case_id'], unique=False)

    op.create_table('decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=30), nullable=False),
    sa.Column('choice', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_case_id'), ['case_id'], unique=False)

    op.create_table('extension',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=30), nullable=False),
    sa.Column('previous_due_on', sa.Date(), nullable=False),
    sa.Column('new_due_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('extension', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extension_case_id'), ['case_id'], unique=False)

    op.create_table('learning',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('service', sa.String(length=40), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('learning', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_case_id'), ['case_id'], unique=False)

    op.create_table('note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_case_id'), ['case_id'], unique=False)

    op.create_table('point',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('finding', sa.String(length=30), nullable=True),
    sa.Column('explanation', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('point', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_point_case_id'), ['case_id'], unique=False)

    op.create_table('remedy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('amount_pence', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('remedy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_remedy_case_id'), ['case_id'], unique=False)

    op.create_table('stage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('handler_id', sa.Integer(), nullable=True),
    sa.Column('responded_on', sa.Date(), nullable=True),
    sa.Column('response_summary', sa.Text(), nullable=True),
    sa.Column('statement_agreed_on', sa.Date(), nullable=True),
    sa.Column('statement', sa.Text(), nullable=True),
    sa.Column('investigating_officer', sa.String(length=200), nullable=True),
    sa.Column('independent_person', sa.String(length=200), nullable=True),
    sa.Column('adjudicator', sa.String(length=200), nullable=True),
    sa.Column('panel_on', sa.Date(), nullable=True),
    sa.Column('panel_members', sa.JSON(), nullable=False),
    sa.Column('panel_report_on', sa.Date(), nullable=True),
    sa.Column('cost_pence', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['handler_id'], ['officer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('stage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stage_case_id'), ['case_id'], unique=False)

    op.create_table('suspension',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('cause', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('suspension', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suspension_case_id'), ['case_id'], unique=False)

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('officer_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_event_officer_id'), ['officer_id'], unique=False)
        batch_op.create_foreign_key('fk_audit_event_officer_id_officer', 'officer', ['officer_id'], ['id'])

    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handler_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('team', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ombudsman_referred_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ombudsman_reference', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('ombudsman_outcome', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('ombudsman_decided_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_case_handler_id'), ['handler_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_team'), ['team'], unique=False)
        batch_op.create_foreign_key('fk_case_handler_id_officer', 'officer', ['handler_id'], ['id'])



def downgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_constraint('fk_case_handler_id_officer', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_case_team'))
        batch_op.drop_index(batch_op.f('ix_case_handler_id'))
        batch_op.drop_column('ombudsman_decided_on')
        batch_op.drop_column('ombudsman_outcome')
        batch_op.drop_column('ombudsman_reference')
        batch_op.drop_column('ombudsman_referred_on')
        batch_op.drop_column('closed_on')
        batch_op.drop_column('team')
        batch_op.drop_column('handler_id')

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_constraint('fk_audit_event_officer_id_officer', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_audit_event_officer_id'))
        batch_op.drop_column('officer_id')

    with op.batch_alter_table('suspension', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suspension_case_id'))

    op.drop_table('suspension')
    with op.batch_alter_table('stage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stage_case_id'))

    op.drop_table('stage')
    with op.batch_alter_table('remedy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_remedy_case_id'))

    op.drop_table('remedy')
    with op.batch_alter_table('point', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_point_case_id'))

    op.drop_table('point')
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_case_id'))

    op.drop_table('note')
    with op.batch_alter_table('learning', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_case_id'))

    op.drop_table('learning')
    with op.batch_alter_table('extension', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_extension_case_id'))

    op.drop_table('extension')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_case_id'))

    op.drop_table('decision')
    with op.batch_alter_table('contact_restriction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_restriction_case_id'))

    op.drop_table('contact_restriction')
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_code_officer_id'))

    op.drop_table('recovery_code')
    op.drop_table('officer')
