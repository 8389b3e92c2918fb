"""Files added to a case (issue 19): photos, documents and voice notes, their bytes kept
in chunks beside them.

Revision ID: 0022_stored_files
Revises: 0021_mail_templates
"""

import sqlalchemy as sa
from alembic import op

import portal.db.types

revision = "0022_stored_files"
down_revision = "0021_mail_templates"
branch_labels = None
depends_on = None

KINDS = ("jpeg", "png", "webp", "heic", "pdf", "webm", "ogg", "mp4_audio", "aac", "mp3", "wav")
PURPOSES = ("evidence", "voice_note", "staff_document")
DOCUMENT_TYPES = ("investigation_report", "adjudication_letter", "panel_report",
                  "letter_received", "other")
SCAN_STATUSES = ("clean", "not_scanned")


def upgrade() -> None:
    op.create_table(
        "stored_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("representation_id", sa.Integer(), nullable=True),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("draft_token", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.Enum(*KINDS, name="filekind", native_enum=False, length=40),
                  nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=200), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("purpose", sa.Enum(*PURPOSES, name="filepurpose", native_enum=False,
                                     length=40), nullable=False),
        sa.Column("document_type", sa.Enum(*DOCUMENT_TYPES, name="documenttype",
                                           native_enum=False, length=40), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("scan_status", sa.Enum(*SCAN_STATUSES, name="scanstatus", native_enum=False,
                                         length=40), nullable=False),
        sa.Column("created_at", portal.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["added_by_id"], ["users.id"],
                                name=op.f("fk_stored_files_added_by_id_users")),
        sa.ForeignKeyConstraint(["council_id"], ["councils.id"],
                                name=op.f("fk_stored_files_council_id_councils")),
        sa.ForeignKeyConstraint(["representation_id"], ["representations.id"],
                                name=op.f("fk_stored_files_representation_id_representations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_files")),
    )
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.create_index("ix_stored_files_draft_token", ["draft_token"], unique=False)
        batch_op.create_index(batch_op.f("ix_stored_files_council_id"), ["council_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_stored_files_representation_id"),
                              ["representation_id"], unique=False)
    op.create_table(
        "stored_file_chunks",
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["file_id"], ["stored_files.id"],
                                name=op.f("fk_stored_file_chunks_file_id_stored_files"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("file_id", "seq", name=op.f("pk_stored_file_chunks")),
    )


def downgrade() -> None:
    op.drop_table("stored_file_chunks")
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stored_files_representation_id"))
        batch_op.drop_index(batch_op.f("ix_stored_files_council_id"))
        batch_op.drop_index("ix_stored_files_draft_token")
    op.drop_table("stored_files")
