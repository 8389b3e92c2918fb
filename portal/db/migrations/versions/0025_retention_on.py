"""Each closed case's retention date stored on its row (issue 17): the retention page
lists and counts the cases due by an index on it, ``(council_id, retention_on,
status)``, instead of working out every case's date on each request; and an index on
``ombudsman_decision`` finds the cases an awaited decision keeps. The column is filled
here for every existing case, as ``portal.councils.retention_dates`` keeps it after.

Revision ID: 0025_retention_on
Revises: 0024_saved_drafts
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_retention_on"
down_revision = "0024_saved_drafts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from portal.councils.retention_dates import refresh_all

    # No batch mode: on SQLite it would rebuild the table and lose migration 0020's
    # triggers with it; both databases add (and drop) a column in place.
    op.add_column("representations", sa.Column("retention_on", sa.Date(), nullable=True))
    refresh_all(op.get_bind())
    op.create_index("ix_representations_retention_on", "representations",
                    ["council_id", "retention_on", "status"], unique=False)
    op.create_index("ix_representations_ombudsman_decision", "representations",
                    ["ombudsman_decision"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_representations_ombudsman_decision", table_name="representations")
    op.drop_index("ix_representations_retention_on", table_name="representations")
    op.drop_column("representations", "retention_on")
