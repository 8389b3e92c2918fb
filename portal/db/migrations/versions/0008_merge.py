"""Join the advocacy and register-feed branches into one history.

Revision ID: 0008_merge
Revises: 0004_advocacy, 0007_register
"""

revision = "0008_merge"
down_revision = ("0004_advocacy", "0007_register")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
