"""Index the foreign keys that pages and the retention purge look cases up by.

Without them PostgreSQL reads every row of people, messages, remedies and
learning actions to show one case page or to purge one case, and the "my
cases", advocate caseload, team dashboard and audit-by-user pages scan their
whole tables; fine for a demo, slow for a council with years of cases.

Revision ID: 0013_foreign_key_indexes
Revises: 0012_merge
"""

from alembic import op

revision = "0013_foreign_key_indexes"
down_revision = "0012_merge"
branch_labels = None
depends_on = None

#: (table, column): the index is named by the metadata's convention, ix_<table>_<column>.
INDEXED = (
    ("people", "representation_id"),
    ("messages", "representation_id"),
    ("remedies", "representation_id"),
    ("learning_actions", "representation_id"),
    ("representations", "team_id"),
    ("stages", "assigned_to_id"),
    ("advocacy_cases", "advocate_user_id"),
    ("advocacy_cases", "provider_id"),
    ("case_assignments", "user_id"),
    ("audit_log", "user_id"),
    ("users", "provider_id"),
    ("register_outbox", "change_id"),
)


def upgrade() -> None:
    for table, column in INDEXED:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column in reversed(INDEXED):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
