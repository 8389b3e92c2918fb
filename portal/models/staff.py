"""Accounts (staff and advocates share one sign-in), case assignments and the audit log."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db.base import Base, TimestampMixin
from portal.db.types import enum_column, utcnow


class Role(enum.StrEnum):
    """Roles of DOMAIN.md. Each sees only what it needs."""

    ADMINISTRATOR = "administrator"
    COMPLAINTS_MANAGER = "complaints_manager"
    COMPLAINTS_OFFICER = "complaints_officer"
    CHILDRENS_RIGHTS_OFFICER = "childrens_rights_officer"
    RESPONDING_MANAGER = "responding_manager"
    INVESTIGATING_OFFICER = "investigating_officer"
    INDEPENDENT_PERSON = "independent_person"
    PANEL_MEMBER = "panel_member"
    ADJUDICATING_OFFICER = "adjudicating_officer"
    ADVOCACY_COORDINATOR = "advocacy_coordinator"
    ADVOCATE = "advocate"


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    password_hash: Mapped[str] = mapped_column(String(200))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None]  # refuses a replayed code
    active: Mapped[bool] = mapped_column(default=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("advocacy_providers.id"), index=True)
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_sign_in_at: Mapped[datetime | None]
    # Bumped on sign-out, password change or deactivation: ends every session at once.
    session_version: Mapped[int] = mapped_column(default=0)
    # The language their emails are written in (a code of portal.i18n.LOCALES). None: no
    # preference, so a Welsh council writes in Welsh and English (portal/staff/language.py).
    language: Mapped[str | None] = mapped_column(String(10))


class CaseAssignment(Base):
    """A person given a case (responding manager, investigator, panel member...)."""

    __tablename__ = "case_assignments"
    __table_args__ = (UniqueConstraint("representation_id", "user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    representation_id: Mapped[int] = mapped_column(
        ForeignKey("representations.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]


class PasswordReset(Base):
    """A single-use password reset link; only the token's hash is kept."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class AuditLog(Base):
    """Every view of a case, every change and every denied access. Never updated."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_representation", "representation_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    allowed: Mapped[bool] = mapped_column(default=True)
    representation_id: Mapped[int | None] = mapped_column(ForeignKey("representations.id"))
    endpoint: Mapped[str | None] = mapped_column(String(120))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
