"""Staff notifications: each account's choice (an email each, or one a day) and the
notices staff were sent or are waiting for (issue 16, part 4).

Revision ID: 0018_staff_notifications
Revises: 0017_lateness
"""

import sqlalchemy as sa
from alembic import op

import portal.db.types

revision = "0018_staff_notifications"
down_revision = "0017_lateness"
branch_labels = None
depends_on = None

ROLES = ("administrator", "complaints_manager", "complaints_officer",
         "childrens_rights_officer", "responding_manager", "investigating_officer",
         "independent_person", "panel_member", "adjudicating_officer", "advocacy_coordinator",
         "advocate")
KINDS = ("role_given", "complainant_replied", "advocate_wrote", "deadline_soon",
         "deadline_missed")


def upgrade() -> None:
    op.create_table(
        "notice_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("delivery", sa.Enum("each", "daily", name="delivery", native_enum=False,
                                      length=40), nullable=False),
        sa.Column("updated_at", portal.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                name=op.f("fk_notice_preferences_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_notice_preferences")),
    )
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("representation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum(*KINDS, name="noticekind", native_enum=False, length=40),
                  nullable=False),
        sa.Column("role", sa.Enum(*ROLES, name="role", native_enum=False, length=40),
                  nullable=True),
        sa.Column("deadline", sa.String(length=40), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("created_at", portal.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", portal.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_notices_user_id_users")),
        sa.ForeignKeyConstraint(["representation_id"], ["representations.id"],
                                ondelete="CASCADE",
                                name=op.f("fk_notices_representation_id_representations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        # NULLs are distinct: only deadline notices (with a deadline and a date) meet here.
        sa.UniqueConstraint("user_id", "representation_id", "kind", "deadline", "due_on",
                            name=op.f("uq_notices_user_id")),
    )
    op.create_index(op.f("ix_notices_user_id"), "notices", ["user_id"])
    op.create_index(op.f("ix_notices_representation_id"), "notices", ["representation_id"])
    op.create_index(op.f("ix_notices_sent_at"), "notices", ["sent_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_notices_sent_at"), table_name="notices")
    op.drop_index(op.f("ix_notices_representation_id"), table_name="notices")
    op.drop_index(op.f("ix_notices_user_id"), table_name="notices")
    op.drop_table("notices")
    op.drop_table("notice_preferences")
