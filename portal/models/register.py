"""The feed from the register to the council's other systems.

- ``RegisterChange``: one row per committed change to a register entry; its
  ``id`` is the change sequence the read-only API pages through, and its
  ``change`` says whether the entry changed or its personal data was destroyed. Writers take
  a transaction-level lock before adding changes (see ``feed.py``), so ids
  become visible in increasing order and a reader resuming "after N" never
  skips a change that committed late.
- ``ApiClient``: a system allowed to read the API, with its bearer token kept
  only as a SHA-256 hash.
- ``FeedEndpoint``: a system the register pushes changes to, with the secret
  its deliveries are signed with (HMAC-SHA256).
- ``OutboxEntry``: one delivery owed to one endpoint, written in the same
  transaction as the change, so nothing is sent for a change that did not
  commit and nothing committed is lost.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db.base import Base
from portal.db.types import utcnow


class RegisterChange(Base):
    __tablename__ = "register_changes"
    __table_args__ = (Index("ix_register_changes_council_id_id", "council_id", "id"),)

    # The change sequence. BigInteger on PostgreSQL; SQLite's rowid either way.
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    representation_id: Mapped[int] = mapped_column(ForeignKey("representations.id"), index=True)
    reference: Mapped[str] = mapped_column(String(40))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The entry as the register CSV summarises it, at this change.
    entry: Mapped[dict[str, Any]] = mapped_column(JSON)
    # What happened: CHANGED, or PERSONAL_DATA_DESTROYED when the retention purge destroyed
    # the case's personal data (portal/retention/purge.py): a receiver deletes its own copy
    # of anything personal it holds for the reference, as the register did.
    change: Mapped[str] = mapped_column(String(40), default="changed",
                                        server_default="changed")


class ApiClient(Base):
    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # Tokens are 256 random bits, so a fast hash is enough: nobody can guess
    # their way back from it, unlike a password.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class FeedEndpoint(Base):
    __tablename__ = "feed_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(String(500))
    # Needed in clear to sign each delivery; shown once when the endpoint is added.
    secret: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxEntry(Base):
    __tablename__ = "register_outbox"
    __table_args__ = (Index("ix_register_outbox_due", "delivered_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("feed_endpoints.id"))
    change_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), ForeignKey("register_changes.id"),
        index=True,
    )
    # The receiver's key for "have I seen this already": at least once, never
    # acted on twice.
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class ReportNarrative(Base):
    """The council's own words in its annual report for one period (register/narrative.py)."""

    __tablename__ = "report_narratives"
    # Also the index on council_id (its leading column).
    __table_args__ = (UniqueConstraint("council_id", "period_from", "period_to"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    period_from: Mapped[date]
    period_to: Mapped[date]
    introduction: Mapped[str] = mapped_column(Text, default="")
    learning: Mapped[str] = mapped_column(Text, default="")
    priorities: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
