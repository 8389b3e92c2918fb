"""Documents on the case (issue 19, part 7): when a staff document was sent to the
complainant or to the advocate through their pages, and the typed note of what a voice
note says.

Revision ID: 0027_case_documents
Revises: 0026_due_indexes
"""

import sqlalchemy as sa
from alembic import op

import portal.db.types

revision = "0027_case_documents"
down_revision = "0026_due_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain add_column, never batch mode: a batch copy on SQLite breaks the search
    # triggers of 0020.
    op.add_column("stored_files", sa.Column(
        "sent_to_complainant_at", portal.db.types.UTCDateTime(timezone=True), nullable=True))
    op.add_column("stored_files", sa.Column(
        "sent_to_advocate_at", portal.db.types.UTCDateTime(timezone=True), nullable=True))
    op.add_column("stored_files", sa.Column("said", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("stored_files", "said")
    op.drop_column("stored_files", "sent_to_advocate_at")
    op.drop_column("stored_files", "sent_to_complainant_at")
