"""A review panel's stage starts with its request (REGISTER.md, ``stage3_started_on``:
"request"): stage 3 rows opened before this release get their start from the request,
so the register never shows a stage 3 that ended without starting.

Revision ID: 0017_lateness
Revises: 0016_follow_through
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_lateness"
down_revision = "0016_follow_through"
branch_labels = None
depends_on = None


def upgrade() -> None:
    stages = sa.table("stages", sa.column("number", sa.Integer),
                      sa.column("started_on", sa.Date), sa.column("requested_on", sa.Date))
    op.execute(stages.update()
               .where(stages.c.number == 3, stages.c.started_on.is_(None),
                      stages.c.requested_on.is_not(None))
               .values(started_on=stages.c.requested_on))


def downgrade() -> None:
    # The start dates stay: they are what the register should always have said.
    pass
