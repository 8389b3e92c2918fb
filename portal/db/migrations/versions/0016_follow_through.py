"""Follow-through: a learning action's owner may be a council account, and when it is done
a note says what was done.

Revision ID: 0016_follow_through
Revises: 0015_safety_alerts
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_follow_through"
down_revision = "0015_safety_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("learning_actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_user_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("done_note", sa.Text(), nullable=True))
        batch_op.create_foreign_key(op.f("fk_learning_actions_owner_user_id_users"), "users",
                                    ["owner_user_id"], ["id"])
        batch_op.create_index(op.f("ix_learning_actions_owner_user_id"), ["owner_user_id"])


def downgrade() -> None:
    with op.batch_alter_table("learning_actions", schema=None) as batch_op:
        batch_op.drop_index(op.f("ix_learning_actions_owner_user_id"))
        batch_op.drop_constraint(op.f("fk_learning_actions_owner_user_id_users"),
                                 type_="foreignkey")
        batch_op.drop_column("done_note")
        batch_op.drop_column("owner_user_id")
