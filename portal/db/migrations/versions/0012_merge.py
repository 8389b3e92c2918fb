"""Join the retention, back-office and staff-language branches into one history.

Revision ID: 0012_merge
Revises: 0009_retention, 0010_backoffice, 0011_language
"""

revision = "0012_merge"
down_revision = ("0009_retention", "0010_backoffice", "0011_language")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
