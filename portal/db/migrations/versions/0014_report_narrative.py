"""The council's own words in its annual report, per reporting period.

Revision ID: 0014_report_narrative
Revises: 0013_foreign_key_indexes
"""

import sqlalchemy as sa
from alembic import op

import portal.db.types

revision = "0014_report_narrative"
down_revision = "0013_foreign_key_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_narratives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("introduction", sa.Text(), nullable=False),
        sa.Column("learning", sa.Text(), nullable=False),
        sa.Column("priorities", sa.Text(), nullable=False),
        sa.Column("updated_at", portal.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["council_id"], ["councils.id"],
                                name=op.f("fk_report_narratives_council_id_councils")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_narratives")),
        sa.UniqueConstraint("council_id", "period_from", "period_to",
                            name=op.f("uq_report_narratives_council_id")),
    )


def downgrade() -> None:
    op.drop_table("report_narratives")
