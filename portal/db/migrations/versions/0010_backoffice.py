"""back office: the stage 2 acknowledgement, adult response plans, compliments passed on

Revision ID: 0010_backoffice
Revises: 0008_merge
"""

from alembic import op
import sqlalchemy as sa
import portal.db.types


revision = '0010_backoffice'
down_revision = '0008_merge'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('compliments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('representation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', portal.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('words', sa.Text(), nullable=True),
    sa.Column('sender_named', sa.Boolean(), nullable=False),
    sa.Column('shared_at', portal.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('shared_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['representation_id'], ['representations.id'], name=op.f('fk_compliments_representation_id_representations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shared_by_id'], ['users.id'], name=op.f('fk_compliments_shared_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliments')),
    sa.UniqueConstraint('representation_id', name=op.f('uq_compliments_representation_id'))
    )
    op.create_table('response_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('representation_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('agreed_on', sa.Date(), nullable=False),
    sa.Column('handling', sa.Text(), nullable=False),
    sa.Column('response_by', sa.Date(), nullable=False),
    sa.Column('keeping_informed', sa.Text(), nullable=False),
    sa.Column('change_reason', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', portal.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_response_plans_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['representation_id'], ['representations.id'], name=op.f('fk_response_plans_representation_id_representations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response_plans')),
    sa.UniqueConstraint('representation_id', 'version', name=op.f('uq_response_plans_representation_id'))
    )
    with op.batch_alter_table('response_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_plans_representation_id'), ['representation_id'], unique=False)

    op.create_table('compliment_recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('compliment_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('worker', 'team', 'manager', name='complimentfor', native_enum=False, length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('sent_at', portal.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['compliment_id'], ['compliments.id'], name=op.f('fk_compliment_recipients_compliment_id_compliments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliment_recipients'))
    )
    with op.batch_alter_table('compliment_recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_compliment_recipients_compliment_id'), ['compliment_id'], unique=False)

    with op.batch_alter_table('stages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acknowledge_by', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('acknowledged_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('stages', schema=None) as batch_op:
        batch_op.drop_column('acknowledged_on')
        batch_op.drop_column('acknowledge_by')

    with op.batch_alter_table('compliment_recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_compliment_recipients_compliment_id'))

    op.drop_table('compliment_recipients')
    with op.batch_alter_table('response_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_plans_representation_id'))

    op.drop_table('response_plans')
    op.drop_table('compliments')
