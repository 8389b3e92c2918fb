"""advocacy: who is in each complaint's chain (the advocate conflict rule)

Revision ID: 0004_advocacy
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa
import portal.db.types


revision = '0004_advocacy'
down_revision = '0001'
branch_labels = ('advocacy',)
depends_on = None


def upgrade() -> None:
    op.create_table('complaint_chain_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('representation_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('subject', 'subject_manager', 'service_manager', 'handler', name='chainrole', native_enum=False, length=40), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', portal.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', portal.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_complaint_chain_members_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['representation_id'], ['representations.id'], name=op.f('fk_complaint_chain_members_representation_id_representations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_complaint_chain_members_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_chain_members'))
    )
    with op.batch_alter_table('complaint_chain_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_chain_members_representation_id'), ['representation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('complaint_chain_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_chain_members_representation_id'))
    op.drop_table('complaint_chain_members')
