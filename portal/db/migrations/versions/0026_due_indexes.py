"""Indexes the due page needs at 100,000 cases (issue 17): the open stages' request dates
(``cases.due_list._requested`` read every stage the register ever closed), the
compliments not yet passed on and the learning actions not yet done (each list was
read from the council's every case, then matched to its few rows).

Revision ID: 0026_due_indexes
Revises: 0025_retention_on
"""

from alembic import op

revision = "0026_due_indexes"
down_revision = "0025_retention_on"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_stages_closed_on_requested_on", "stages",
                    ["closed_on", "requested_on"], unique=False)
    op.create_index("ix_compliments_shared_at", "compliments", ["shared_at"], unique=False)
    op.create_index("ix_learning_actions_completed_on", "learning_actions",
                    ["completed_on"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_learning_actions_completed_on", table_name="learning_actions")
    op.drop_index("ix_compliments_shared_at", table_name="compliments")
    op.drop_index("ix_stages_closed_on_requested_on", table_name="stages")
