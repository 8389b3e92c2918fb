"""Covering indexes for the annual report's counts (issue 17): each GROUP BY of
register/report_sql.py reads one of these in its order, so SQLite adds up each group
as it passes instead of reading every wide row of the register and sorting it.

Revision ID: 0028_report_indexes
Revises: 0027_case_documents
"""

from alembic import op

revision = "0028_report_indexes"
down_revision = "0027_case_documents"
branch_labels = None
depends_on = None

# Spelled out, not imported from the models: a migration keeps what it did.
_INDEXES = {
    "ix_representations_report_counts": [
        "council_id", "kind", "procedure", "not_accepted_reason", "method", "submitter",
        "made_by_child", "advocate_supported", "adr", "ombudsman_decision", "received_on",
        "ombudsman_referred_on", "compensation_gbp"],
    "ix_representations_report_teams": [
        "council_id", "kind", "procedure", "team_id", "outcome", "delay_reason",
        "received_on"],
    "ix_representations_report_dates": [
        "council_id", "kind", "received_on", "procedure", "acknowledged_on"],
}


def upgrade() -> None:
    for name, columns in _INDEXES.items():
        op.create_index(name, "representations", columns, unique=False)


def downgrade() -> None:
    for name in reversed(_INDEXES):
        op.drop_index(name, table_name="representations")
