"""language: each account's language for emails

Revision ID: 0011_language
Revises: 0008_merge
"""

from alembic import op
import sqlalchemy as sa


revision = '0011_language'
down_revision = '0008_merge'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('language')
