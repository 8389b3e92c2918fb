"""Safety alerts: a child who may be at risk reaches a person the same day.

Revision ID: 0015_safety_alerts
Revises: 0014_report_narrative
"""

import sqlalchemy as sa
from alembic import op

import portal.db.types

revision = "0015_safety_alerts"
down_revision = "0014_report_narrative"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "safety_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("raised_at", portal.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("source", sa.Enum("not_safe_answer", "submission", "offline",
                                    name="alertsource", native_enum=False, length=40),
                  nullable=False),
        sa.Column("representation_id", sa.Integer(), nullable=True),
        sa.Column("draft_key", sa.String(length=64), nullable=True),
        sa.Column("submitter", sa.String(length=40), nullable=True),
        sa.Column("signals", sa.JSON(), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("told", sa.Integer(), nullable=False),
        sa.Column("decided_at", portal.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.Enum("front_door", "police", "already_known", "cannot_contact",
                                    "no_action", name="safeguardingaction", native_enum=False,
                                    length=40),
                  nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["council_id"], ["councils.id"],
                                name=op.f("fk_safety_alerts_council_id_councils")),
        sa.ForeignKeyConstraint(["representation_id"], ["representations.id"],
                                name=op.f("fk_safety_alerts_representation_id_representations")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"],
                                name=op.f("fk_safety_alerts_decided_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_alerts")),
        sa.UniqueConstraint("council_id", "draft_key", name=op.f("uq_safety_alerts_council_id")),
    )
    op.create_index("ix_safety_alerts_council_id_decided_at", "safety_alerts",
                    ["council_id", "decided_at"])
    op.create_index(op.f("ix_safety_alerts_representation_id"), "safety_alerts",
                    ["representation_id"])
    op.create_index(op.f("ix_safety_alerts_decided_by_id"), "safety_alerts", ["decided_by_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_safety_alerts_decided_by_id"), table_name="safety_alerts")
    op.drop_index(op.f("ix_safety_alerts_representation_id"), table_name="safety_alerts")
    op.drop_index("ix_safety_alerts_council_id_decided_at", table_name="safety_alerts")
    op.drop_table("safety_alerts")
