"""What staff were told, and how each person wants to be told.

A ``Notice`` is one thing one person must hear of on one case: the record that
they were told (``sent_at``), or, for someone who chose one email a day, that
they still are to be (``sent_at`` empty until the daily summary goes). A
deadline's notices are unique per person, case, kind, deadline and date, so
the daily command can run again, or twice at once, and tell nobody twice. It
holds no word of the case: only which case, which role or deadline, and when.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db.base import Base
from portal.db.types import enum_column, utcnow
from portal.models.staff import Role
from portal.vocab.notifications import Delivery, NoticeKind


class NoticePreference(Base):
    """One account's choice; no row means an email for each notice (the default)."""

    __tablename__ = "notice_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    delivery: Mapped[Delivery] = mapped_column(enum_column(Delivery), default=Delivery.EACH)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Notice(Base):
    __tablename__ = "notices"
    # NULLs are distinct: only deadline notices (with a deadline and a date) meet here.
    __table_args__ = (UniqueConstraint("user_id", "representation_id", "kind", "deadline",
                                       "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    representation_id: Mapped[int] = mapped_column(
        ForeignKey("representations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[NoticeKind] = mapped_column(enum_column(NoticeKind))
    #: The role given (ROLE_GIVEN).
    role: Mapped[Role | None] = mapped_column(enum_column(Role))
    #: Which deadline (portal.cases.queries.next_deadline's "acknowledge", "stage1"...)
    #: and its date (DEADLINE_SOON, DEADLINE_MISSED).
    deadline: Mapped[str | None] = mapped_column(String(40))
    due_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When the email telling of it was queued; empty while it waits for the daily summary.
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
