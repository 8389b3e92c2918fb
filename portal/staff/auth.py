"""Signing in: password, two-factor code, lock-out, password reset.

The portal holds special category data about children, so every account uses
two factors (a password and a code from an authenticator app, RFC 6238), and a
run of wrong guesses locks the account for a while (NCSC password guidance:
throttle rather than force complex passwords).
"""

from __future__ import annotations

import functools
import hashlib
import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.mail.compose import compose
from portal.mail.services import enqueue
from portal.models.staff import PasswordReset, User
from portal.security.passwords import hash_password, needs_rehash, verify_password
from portal.staff.belonging import of_this_council
from portal.staff.language import email_languages

#: Wrong passwords or codes in a row before the account is locked...
MAX_FAILURES = 5
#: ...for this long.
LOCK_FOR = timedelta(minutes=15)
#: A reset link works once, for an hour.
RESET_VALID_FOR = timedelta(hours=1)
MIN_PASSWORD_LENGTH = 12


@functools.cache
def _dummy_hash() -> str:
    """Verified when no account has the email, so a wrong email takes as long as a
    wrong password and the timing does not tell which emails have accounts. Made on
    first use, not at import: hashing costs every web worker's start-up (README, "Speed")."""
    return hash_password(secrets.token_urlsafe(16))


class PasswordTooShort(ValueError):
    pass


@dataclass(frozen=True)
class PasswordCheck:
    user: User | None
    locked: bool = False


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(session: Session, email: str) -> User | None:
    return session.scalars(
        select(User).where(func.lower(User.email) == normalise_email(email))
    ).first()


def is_locked(user: User, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def check_password(session: Session, email: str, password: str, *, now: datetime
                   ) -> PasswordCheck:
    """The account if ``password`` is right for ``email`` and it is active and not locked.

    A locked account is refused even with the right password, and says so only
    as "locked" (the view shows the same words for a locked or unknown account).
    """
    user = find_user(session, email)
    if user is None or not user.active or not of_this_council(user):
        verify_password(_dummy_hash(), password)
        return PasswordCheck(None)
    if is_locked(user, now):
        return PasswordCheck(None, locked=True)
    if not verify_password(user.password_hash, password):
        record_failure(user, now=now)
        return PasswordCheck(None, locked=is_locked(user, now))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return PasswordCheck(user)


def record_failure(user: User, *, now: datetime) -> None:
    user.failed_sign_ins = (user.failed_sign_ins or 0) + 1
    if user.failed_sign_ins >= MAX_FAILURES:
        user.locked_until = now + LOCK_FOR
        user.failed_sign_ins = 0


def record_success(user: User, *, now: datetime) -> None:
    user.failed_sign_ins = 0
    user.locked_until = None
    user.last_sign_in_at = now


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_step(secret: str, code: str, *, now: datetime) -> int | None:
    """The 30-second step ``code`` belongs to (this one or either neighbour, for clock
    drift), or None when it matches none."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    here = totp.timecode(now)
    for step in (here, here - 1, here + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def verify_totp(user: User, code: str, *, now: datetime, secret: str | None = None) -> bool:
    """True when ``code`` is right and not a replay of an already used code."""
    secret = secret or user.totp_secret
    if not secret:
        return False
    step = totp_step(secret, code, now=now)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True


def provisioning_uri(user: User, secret: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_svg(uri: str) -> str:
    """The enrolment QR code as inline SVG (no external image: the CSP allows none)."""
    import segno  # only at enrolment, not in every worker's start-up

    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=5, xmldecl=False, svgns=True,
                                    title="QR code", border=2)
    return out.getvalue().decode("utf-8")


def set_password(user: User, password: str) -> None:
    """Set a new password and end every session of the account."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShort(password)
    user.password_hash = hash_password(password)
    user.session_version += 1
    user.failed_sign_ins = 0
    user.locked_until = None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_link(session: Session, user: User, *, expires_at: datetime, link_for: object) -> str:
    """A single-use password link for ``user``; only the token's hash is kept."""
    token = secrets.token_urlsafe(32)
    session.add(PasswordReset(user_id=user.id, token_hash=_token_hash(token),
                              expires_at=expires_at))
    return str(link_for(token))  # type: ignore[operator]


def start_password_reset(session: Session, email: str, *, now: datetime,
                         link_for: object) -> None:
    """Email a single-use reset link if an active account has ``email``; otherwise do
    nothing, so the answer never tells whether an email has an account.

    ``link_for(token)`` builds the absolute link (the view passes portal.common.links.public_url:
    never the request's Host, which the asker chooses).
    """
    user = find_user(session, email)
    if user is None or not user.active:
        return
    link = _new_link(session, user, expires_at=now + RESET_VALID_FOR, link_for=link_for)
    from flask_babel import get_locale, gettext

    asked = get_locale()
    _queue_account_mail(session, user, purpose="password_reset",
                        asked=None if asked is None else str(asked.language), write=lambda: (
        gettext("Reset your password"),
        gettext("Someone asked to reset the password of your account. If it was you, "
                "open this link within an hour: %(link)s\n\nIf it was not you, ignore "
                "this email: your password has not changed.", link=link)))


def _queue_account_mail(session: Session, user: User, *, purpose: str, asked: str | None,
                        write: Callable[[], tuple[str, str]]) -> None:
    """An email about the account, in its owner's language (portal/staff/language.py)."""
    from portal.models.councils import Council

    mail = compose(email_languages(user, session.get(Council, user.council_id), asked=asked),
                   write)
    enqueue(session, to=user.email, subject=mail.subject, body=mail.body, locale=mail.locale,
            purpose=purpose)


INVITATION_VALID_FOR = timedelta(days=7)


def invite(session: Session, user: User, *, now: datetime, link_for: object) -> None:
    """Email a new account's owner a single-use link to choose their password.

    The administrator never learns the password; the two-factor app is set up
    at the first sign-in.
    """
    link = _new_link(session, user, expires_at=now + INVITATION_VALID_FOR, link_for=link_for)
    from flask_babel import gettext

    # Not the administrator's language: the account's, or the council's default.
    _queue_account_mail(session, user, purpose="account_invitation", asked=None, write=lambda: (
        gettext("Your account for the complaints back office"),
        gettext("An account has been made for you. Open this link within 7 days to "
                "choose your password: %(link)s\n\nWhen you first sign in you will set "
                "up an authenticator app.", link=link)))


def find_reset(session: Session, token: str, *, now: datetime) -> PasswordReset | None:
    """The unused, unexpired reset the token stands for."""
    reset = session.scalars(
        select(PasswordReset).where(PasswordReset.token_hash == _token_hash(token))
    ).first()
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        return None
    return reset


def complete_password_reset(session: Session, reset: PasswordReset, password: str, *,
                            now: datetime) -> User:
    user = session.get(User, reset.user_id)
    assert user is not None
    set_password(user, password)
    reset.used_at = now
    return user
