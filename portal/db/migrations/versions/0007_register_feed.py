"""register feed: change sequence, API clients, push endpoints, outbox

Revision ID: 0007_register
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa
import portal.db.types


revision = '0007_register'
down_revision = '0001'
branch_labels = ('register',)
depends_on = None


def upgrade() -> None:
    op.create_table('register_changes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('representation_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('changed_at', portal.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('entry', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_register_changes_council_id_councils')),
    sa.ForeignKeyConstraint(['representation_id'], ['representations.id'], name=op.f('fk_register_changes_representation_id_representations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_changes'))
    )
    op.create_index('ix_register_changes_council_id_id', 'register_changes', ['council_id', 'id'], unique=False)
    op.create_index(op.f('ix_register_changes_representation_id'), 'register_changes', ['representation_id'], unique=False)
    op.create_table('api_clients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', portal.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', portal.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_api_clients_council_id_councils')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_clients')),
    sa.UniqueConstraint('name', name=op.f('uq_api_clients_name')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_clients_token_hash'))
    )
    op.create_table('feed_endpoints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('secret', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', portal.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_feed_endpoints_council_id_councils')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_endpoints')),
    sa.UniqueConstraint('name', name=op.f('uq_feed_endpoints_name'))
    )
    op.create_table('register_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('endpoint_id', sa.Integer(), nullable=False),
    sa.Column('change_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', portal.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', portal.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', portal.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['change_id'], ['register_changes.id'], name=op.f('fk_register_outbox_change_id_register_changes')),
    sa.ForeignKeyConstraint(['endpoint_id'], ['feed_endpoints.id'], name=op.f('fk_register_outbox_endpoint_id_feed_endpoints')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_outbox')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_register_outbox_idempotency_key'))
    )
    op.create_index('ix_register_outbox_due', 'register_outbox', ['delivered_at', 'next_attempt_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_register_outbox_due', table_name='register_outbox')
    op.drop_table('register_outbox')
    op.drop_table('feed_endpoints')
    op.drop_table('api_clients')
    op.drop_index(op.f('ix_register_changes_representation_id'), table_name='register_changes')
    op.drop_index('ix_register_changes_council_id_id', table_name='register_changes')
    op.drop_table('register_changes')
