"""The face a child picked on "How did it make you feel?" (issue 19, part 4), kept on the
case beside their words: happy, okay, sad, angry or scared, or nothing.

Revision ID: 0023_feeling
Revises: 0022_stored_files
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_feeling"
down_revision = "0022_stored_files"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not a batch: SQLite adds and drops a column in place (3.35+), and a
# batch's copy of the table would break the search triggers that name it (0020).
def upgrade() -> None:
    op.add_column("representations", sa.Column("feeling", sa.String(length=20), nullable=True))


def downgrade() -> None:
    op.drop_column("representations", "feeling")
