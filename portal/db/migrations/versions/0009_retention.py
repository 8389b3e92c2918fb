"""retention: legal holds, the destruction log, and what each register change says happened

Revision ID: 0009_retention
Revises: 0008_merge
"""

from alembic import op
import sqlalchemy as sa
import portal.db.types


revision = '0009_retention'
down_revision = '0008_merge'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('legal_holds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('representation_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Enum('litigation', 'ombudsman', 'subject_access_request', 'inquiry', name='holdreason', native_enum=False, length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('placed_at', portal.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('placed_by_id', sa.Integer(), nullable=True),
    sa.Column('released_at', portal.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('released_by_id', sa.Integer(), nullable=True),
    sa.Column('release_note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['placed_by_id'], ['users.id'], name=op.f('fk_legal_holds_placed_by_id_users')),
    sa.ForeignKeyConstraint(['released_by_id'], ['users.id'], name=op.f('fk_legal_holds_released_by_id_users')),
    sa.ForeignKeyConstraint(['representation_id'], ['representations.id'], name=op.f('fk_legal_holds_representation_id_representations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_holds'))
    )
    with op.batch_alter_table('legal_holds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_holds_representation_id'), ['representation_id'], unique=False)

    op.create_table('destruction_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('representation_id', sa.Integer(), nullable=True),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('rule', sa.Enum('default', 'looked_after_birthday', 'looked_after_age_unknown', name='rule', native_enum=False, length=40), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('destroyed_at', portal.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ran_by', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_destruction_records_council_id_councils')),
    sa.ForeignKeyConstraint(['representation_id'], ['representations.id'], name=op.f('fk_destruction_records_representation_id_representations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_destruction_records')),
    sa.UniqueConstraint('representation_id', name=op.f('uq_destruction_records_representation_id'))
    )
    with op.batch_alter_table('destruction_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_destruction_records_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_destruction_records_destroyed_at'), ['destroyed_at'], unique=False)

    # Every change recorded so far was a change: the server default says so for old rows.
    with op.batch_alter_table('register_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change', sa.String(length=40), server_default='changed', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('register_changes', schema=None) as batch_op:
        batch_op.drop_column('change')
    with op.batch_alter_table('destruction_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_destruction_records_destroyed_at'))
        batch_op.drop_index(batch_op.f('ix_destruction_records_council_id'))
    op.drop_table('destruction_records')
    with op.batch_alter_table('legal_holds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_holds_representation_id'))
    op.drop_table('legal_holds')
