"""A safety alert: something a person must read today, and what they did about it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db.base import Base
from portal.db.types import enum_column, utcnow
from portal.models.cases import Representation
from portal.models.staff import User
from portal.vocab.cases import Submitter
from portal.vocab.safety import AlertSource, SafeguardingAction


class SafetyAlert(Base):
    """One alert. An alert raised before the form was sent (``NOT_SAFE_ANSWER``) has no
    case; when the same journey is sent, the case is linked to it (by ``draft_key``, the
    journey's submission key) so a person reads one story, not two."""

    __tablename__ = "safety_alerts"
    __table_args__ = (
        UniqueConstraint("council_id", "draft_key"),
        Index("ix_safety_alerts_council_id_decided_at", "council_id", "decided_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[AlertSource] = mapped_column(enum_column(AlertSource))
    representation_id: Mapped[int | None] = mapped_column(
        ForeignKey("representations.id"), index=True)
    draft_key: Mapped[str | None] = mapped_column(String(64))
    #: Who was writing (child, parent, advocate...), as they answered "Who are you?".
    submitter: Mapped[str | None] = mapped_column(String(40))
    #: What raised it: "not_safe" and/or the words that may signal harm, as written.
    signals: Mapped[list[str]] = mapped_column(JSON, default=list)
    locale: Mapped[str] = mapped_column(String(10), default="en")
    #: How many people were emailed when it was raised (0 is an error worth showing).
    told: Mapped[int] = mapped_column(default=0)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[SafeguardingAction | None] = mapped_column(enum_column(SafeguardingAction))
    note: Mapped[str | None] = mapped_column(Text)

    representation: Mapped[Representation | None] = relationship()
    decided_by: Mapped[User | None] = relationship()

    @property
    def who(self) -> Submitter | None:
        """Who was writing, as the vocabulary (None when not known)."""
        try:
            return Submitter(self.submitter) if self.submitter else None
        except ValueError:
            return None

    @property
    def is_open(self) -> bool:
        return self.decided_at is None
