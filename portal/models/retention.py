"""Legal holds on cases, and the destruction log.

``LegalHold``: a complaints manager stops a case's destruction, with a reason;
released, the row stays (who released it, when), so the case page shows the
whole story. ``DestructionRecord``: one row per case whose personal data the
purge destroyed: what (the reference), when, by which rule, run by what. It
holds no personal data, so it outlives the data it records: a council must be
able to show what it destroyed and when (UK GDPR art. 5(2), accountability).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db.base import Base
from portal.db.types import enum_column, utcnow
from portal.vocab.retention import HoldReason, Rule


class LegalHold(Base):
    __tablename__ = "legal_holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    representation_id: Mapped[int] = mapped_column(ForeignKey("representations.id"),
                                                   index=True)
    reason: Mapped[HoldReason] = mapped_column(enum_column(HoldReason))
    # What the hold is for, in the manager's words (a claim number, the Ombudsman's reference).
    note: Mapped[str | None] = mapped_column(Text)
    placed_at: Mapped[datetime] = mapped_column(default=utcnow)
    placed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    released_at: Mapped[datetime | None]
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    release_note: Mapped[str | None] = mapped_column(Text)


class DestructionRecord(Base):
    __tablename__ = "destruction_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    # The bare register entry stays (see portal/retention/purge.py), so the link does too;
    # one record per entry makes a second purge of the same case impossible.
    representation_id: Mapped[int | None] = mapped_column(
        ForeignKey("representations.id", ondelete="SET NULL"), unique=True)
    reference: Mapped[str] = mapped_column(String(40))
    rule: Mapped[Rule] = mapped_column(enum_column(Rule))
    closed_on: Mapped[date]
    due_on: Mapped[date]
    destroyed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # What ran it: the command and the operating-system account (never a data subject).
    ran_by: Mapped[str] = mapped_column(String(120))
