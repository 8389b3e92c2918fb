"""Accounts and the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import has_request_context, request
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models.staff import AuditLog, Role, User
from portal.staff.auth import new_totp_secret, normalise_email, set_password

if TYPE_CHECKING:
    # Only for the annotation: portal.councils imports this module at import time.
    from portal.models.councils import Council


class AccountExists(ValueError):
    pass


def create_user(session: Session, council: Council, *, email: str, role: Role, name: str,
                password: str) -> tuple[User, str]:
    """A new account with its two-factor key (returned once, to give to its owner)."""
    email = normalise_email(email)
    if session.scalars(select(User.id).where(User.email == email)).first() is not None:
        raise AccountExists(email)
    user = User(council_id=council.id, email=email, name=name, role=role, password_hash="",
                session_version=0, failed_sign_ins=0, active=True)
    set_password(user, password)
    secret = new_totp_secret()
    user.totp_secret = secret
    session.add(user)
    session.flush()
    return user, secret


def audit(user: User | None, action: str, *, representation_id: int | None = None,
          allowed: bool = True, detail: dict[str, Any] | None = None) -> AuditLog:
    """Record one view, change or refused access (DOMAIN.md, "Data protection")."""
    entry = AuditLog(
        user_id=None if user is None else user.id, action=action, allowed=allowed,
        representation_id=representation_id,
        endpoint=request.endpoint if has_request_context() else None,
        detail=detail or {},
    )
    db.session.add(entry)
    return entry


def audit_values(user: User | None, action: str, *, representation_id: int | None = None,
                 detail: dict[str, Any] | None = None) -> dict[str, Any]:
    """What :func:`audit` records, as the values of a row, for :func:`record_audits`."""
    return {"user_id": None if user is None else user.id, "action": str(action),
            "allowed": True, "representation_id": representation_id,
            "endpoint": request.endpoint if has_request_context() else None,
            "detail": detail or {}}


def record_audits(session: Session, rows: list[dict[str, Any]]) -> None:
    """Several audit entries (:func:`audit_values`) in one INSERT, in the caller's
    transaction."""
    if rows:
        session.execute(insert(AuditLog), rows)


def deactivate(admin: User, user: User) -> str:
    """Stop an account signing in and end its sessions everywhere."""
    from flask_babel import gettext

    user.active = False
    user.session_version += 1
    audit(admin, "account_deactivated", detail={"user_id": user.id, "email": user.email})
    return gettext("%(name)s can no longer sign in.", name=user.name)


def forget_two_factor(admin: User, user: User) -> str:
    """Forget the account's two-factor key: it enrols again at its next sign-in."""
    from flask_babel import gettext

    user.totp_secret = None
    user.totp_last_step = None
    user.session_version += 1
    audit(admin, "two_factor_reset", detail={"user_id": user.id, "email": user.email})
    return gettext("%(name)s will set up their authenticator app at their next sign-in.",
                   name=user.name)
