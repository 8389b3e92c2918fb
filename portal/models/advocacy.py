"""Advocacy providers, advocates' profiles, and each child's advocacy record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db.base import Base, TimestampMixin
from portal.db.types import enum_column
from portal.procedure.advocacy import ChainRole
from portal.vocab.advocacy import AdvocacyStatus


class AdvocacyProvider(Base):
    __tablename__ = "advocacy_providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    name: Mapped[str] = mapped_column(String(200))
    in_house: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(320))
    active: Mapped[bool] = mapped_column(default=True)


class AdvocateProfile(Base):
    """What matching needs to know of an advocate: languages, capacity, availability."""

    __tablename__ = "advocate_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("advocacy_providers.id"))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    capacity: Mapped[int] = mapped_column(default=10)
    available: Mapped[bool] = mapped_column(default=True)


class AdvocacyCase(TimestampMixin, Base):
    """One child's advocacy for one representation. Each step is also a case event."""

    __tablename__ = "advocacy_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    representation_id: Mapped[int] = mapped_column(
        ForeignKey("representations.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[AdvocacyStatus] = mapped_column(enum_column(AdvocacyStatus))
    offered_at: Mapped[datetime | None]
    offered_how: Mapped[str | None] = mapped_column(String(60))
    requested_on: Mapped[date | None]
    answer: Mapped[str | None] = mapped_column(String(20))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("advocacy_providers.id"), index=True)
    referred_on: Mapped[date | None]
    advocate_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_on: Mapped[date | None]
    first_contact_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    objected_advocate_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    child_agreement_how: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ComplaintChainMember(TimestampMixin, Base):
    """Someone in a complaint's chain, barred from advocating in it (rules.conflict).

    Staff record the person complained about, their manager and the manager of
    the service, by account where they have one, else by name or e-mail: the
    worker complained about often has no account here. Those handling the case
    come from the case's assignments and stages, not from this table.
    """

    __tablename__ = "complaint_chain_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    representation_id: Mapped[int] = mapped_column(
        ForeignKey("representations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[ChainRole] = mapped_column(enum_column(ChainRole))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
