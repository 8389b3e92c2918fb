"""The mail worker renders the acknowledgement (issue 17, part 2): a queued mail may hold
the template and the values to write its body from, instead of the body itself.

Revision ID: 0021_mail_templates
Revises: 0020_case_search
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_mail_templates"
down_revision = "0020_case_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.add_column(sa.Column("template", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("context", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.drop_column("context")
        batch_op.drop_column("template")
