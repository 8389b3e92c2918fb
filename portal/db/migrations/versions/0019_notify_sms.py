"""Text messages through GOV.UK Notify: the queue learns a channel and a safe window, and a
complainant's texting number and texting times are kept apart from their phone.

Revision ID: 0019_notify_sms
Revises: 0018_staff_notifications
"""

import sqlalchemy as sa
from alembic import op

import portal.db.types

revision = "0019_notify_sms"
down_revision = "0018_staff_notifications"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        # Every mail queued before this was an email.
        batch_op.add_column(sa.Column("channel", sa.Enum("email", "sms", name="channel",
                                                         native_enum=False, length=40),
                                      server_default="email", nullable=False))
        batch_op.add_column(sa.Column("not_before", portal.db.types.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column("send_window", sa.String(length=100), nullable=True))
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mobile", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("text_times", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("text_times")
        batch_op.drop_column("mobile")
    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.drop_column("send_window")
        batch_op.drop_column("not_before")
        batch_op.drop_column("channel")
