"""Each open case's next legal deadline stored on its row (issue 17, part 5): the due page
counts and lists each team's deadlines, and the overdue search finds and pages its cases,
from two partial indexes of the cases with a deadline, instead of working out every open
case's deadline on each request (which grew with the register). The columns are filled
here for every existing case, as ``portal.cases.due_dates`` keeps them after.

Revision ID: 0029_next_due_on
Revises: 0028_report_indexes
"""

import sqlalchemy as sa
from alembic import op

revision = "0029_next_due_on"
down_revision = "0028_report_indexes"
branch_labels = None
depends_on = None

_OPEN_ONLY = sa.text("next_due_on IS NOT NULL")


def upgrade() -> None:
    from portal.cases.due_dates import refresh_all

    # No batch mode: on SQLite it would rebuild the table and lose migration 0020's
    # triggers with it; both databases add (and drop) a column in place.
    op.add_column("representations", sa.Column("next_due_on", sa.Date(), nullable=True))
    op.add_column("representations",
                  sa.Column("next_due_what", sa.String(length=40), nullable=True))
    refresh_all(op.get_bind())
    op.create_index("ix_representations_due_team", "representations",
                    ["council_id", "team_id", "next_due_on", "reference"], unique=False,
                    sqlite_where=_OPEN_ONLY, postgresql_where=_OPEN_ONLY)
    op.create_index("ix_representations_due_on", "representations",
                    ["council_id", "next_due_on", "received_on"], unique=False,
                    sqlite_where=_OPEN_ONLY, postgresql_where=_OPEN_ONLY)


def downgrade() -> None:
    op.drop_index("ix_representations_due_on", table_name="representations")
    op.drop_index("ix_representations_due_team", table_name="representations")
    op.drop_column("representations", "next_due_what")
    op.drop_column("representations", "next_due_on")
