"""Saved forms (issue 19, part 6): a child's answers sealed with a code only they hold.

Revision ID: 0024_saved_drafts
Revises: 0023_feeling
"""

import sqlalchemy as sa
from alembic import op

import portal.db.types

revision = "0024_saved_drafts"
down_revision = "0023_feeling"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lookup_id", sa.String(length=64), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("kdf", sa.String(length=60), nullable=False),
        sa.Column("salt", sa.LargeBinary(length=32), nullable=False),
        sa.Column("nonce", sa.LargeBinary(length=24), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", portal.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", portal.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["council_id"], ["councils.id"],
                                name=op.f("fk_saved_drafts_council_id_councils")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_drafts")),
        sa.UniqueConstraint("lookup_id", name=op.f("uq_saved_drafts_lookup_id")),
    )
    op.create_index(op.f("ix_saved_drafts_council_id"), "saved_drafts", ["council_id"])
    op.create_index(op.f("ix_saved_drafts_expires_at"), "saved_drafts", ["expires_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_saved_drafts_expires_at"), table_name="saved_drafts")
    op.drop_index(op.f("ix_saved_drafts_council_id"), table_name="saved_drafts")
    op.drop_table("saved_drafts")
