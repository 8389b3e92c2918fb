"""What the back office keeps beside a register entry: the adult response plan and the
sharing of compliments.

Kept out of ``representations`` on purpose: neither is part of the register's row
(REGISTER.md), so neither changes the CSV, the report or the feed.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db.base import Base
from portal.db.types import enum_column, utcnow


class ResponsePlan(Base):
    """One version of the plan agreed with an adult social care complainant: how the
    complaint will be handled, when the response will be sent and how they will be
    kept informed (2009 Regulations reg. 13(5)).

    A change is a new version with its reason; a version is never edited, so the
    history of what was agreed, and why it changed, stays readable.
    """

    __tablename__ = "response_plans"
    __table_args__ = (UniqueConstraint("representation_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    representation_id: Mapped[int] = mapped_column(
        ForeignKey("representations.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    agreed_on: Mapped[date]
    handling: Mapped[str] = mapped_column(Text)
    response_by: Mapped[date]
    keeping_informed: Mapped[str] = mapped_column(Text)
    change_reason: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class ComplimentFor(enum.StrEnum):
    """Who a compliment is passed to: the people praised and their manager (DOMAIN.md)."""

    WORKER = "worker"
    TEAM = "team"
    MANAGER = "manager"


class Compliment(Base):
    """A compliment accepted at triage, waiting to be passed on until ``shared_at``.

    Only compliments accepted in the portal have a row: an imported register's
    compliments were passed on (or not) years ago and are nobody's task now.
    """

    __tablename__ = "compliments"
    # The due page's compliments to pass on (cases.queries.compliments_to_share).
    __table_args__ = (Index("ix_compliments_shared_at", "shared_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    representation_id: Mapped[int] = mapped_column(
        ForeignKey("representations.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The words that were sent: the officer may leave out details that identify anyone.
    words: Mapped[str | None] = mapped_column(Text)
    # The sender agreed that their name goes with their words.
    sender_named: Mapped[bool] = mapped_column(default=False)
    shared_at: Mapped[datetime | None]
    shared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    recipients: Mapped[list[ComplimentRecipient]] = relationship(
        back_populates="compliment", cascade="all, delete-orphan",
        order_by="ComplimentRecipient.id")


class ComplimentRecipient(Base):
    """Someone a compliment was for or sent to, and when it was sent (a team named
    without an address hears of it through their manager, so it has no ``sent_at``)."""

    __tablename__ = "compliment_recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    compliment_id: Mapped[int] = mapped_column(
        ForeignKey("compliments.id", ondelete="CASCADE"), index=True)
    role: Mapped[ComplimentFor] = mapped_column(enum_column(ComplimentFor))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    sent_at: Mapped[datetime | None]

    compliment: Mapped[Compliment] = relationship(back_populates="recipients")
