"""Putting mail on the queue, and sending what is due through a pluggable backend.

``enqueue`` only adds a row to the caller's transaction: the mail exists if
and only if what it tells of was saved, and an unreachable mail server can
never lose a submission. ``send_due`` is run by ``flask --app portal mail send``.

Backends: ``outbox`` (the default; marks mail sent and logs only its id and
purpose, never an address or a word of the body) and ``smtp`` (SMTP_HOST,
SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_FROM, SMTP_STARTTLS).
"""

from __future__ import annotations

import logging
import os
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db.types import utcnow
from portal.mail.models import OutgoingMail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


class MailBackend(Protocol):
    def send(self, mail: OutgoingMail) -> None:
        """Deliver one mail or raise."""


class OutboxBackend:
    """Delivers nowhere: for development, tests and councils that send by another route."""

    def send(self, mail: OutgoingMail) -> None:
        log.info("mail %s (%s) delivered to the outbox", mail.id, mail.purpose)


@dataclass(frozen=True)
class SmtpBackend:
    host: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    sender: str = "no-reply@localhost"
    starttls: bool = True
    timeout: float = 20.0

    @classmethod
    def from_environment(cls, env: Mapping[str, Any]) -> SmtpBackend:
        host = env.get("SMTP_HOST")
        if not host:
            raise ValueError("MAIL_BACKEND is smtp but SMTP_HOST is not set")
        return cls(
            host=str(host),
            port=int(env.get("SMTP_PORT") or 587),
            username=env.get("SMTP_USERNAME") or None,
            password=env.get("SMTP_PASSWORD") or None,
            sender=str(env.get("SMTP_FROM") or "no-reply@localhost"),
            starttls=str(env.get("SMTP_STARTTLS", "1")).lower() not in ("0", "false", "no"),
        )

    def send(self, mail: OutgoingMail) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to_address
        message["Subject"] = mail.subject
        message["Content-Language"] = mail.locale
        message.set_content(mail.body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)


def backend_named(name: str, config: Mapping[str, Any] | None = None) -> MailBackend:
    if name == "outbox":
        return OutboxBackend()
    if name == "smtp":
        return SmtpBackend.from_environment({**os.environ, **(config or {})})
    raise ValueError(f"unknown MAIL_BACKEND {name!r}: use outbox or smtp")


def enqueue(session: Session, *, to: str, subject: str, body: str, locale: str,
            purpose: str) -> OutgoingMail:
    """Queue one mail in the caller's transaction (it is sent only if that commits)."""
    mail = OutgoingMail(to_address=to, subject=subject[:300], body=body, locale=locale,
                        purpose=purpose)
    session.add(mail)
    return mail


def retry_delay(attempts: int) -> timedelta:
    """Back off 1, 2, 4 ... minutes, at most an hour, so a mail server outage is ridden out."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


@dataclass(frozen=True)
class SendReport:
    sent: int
    failed: int
    given_up: int


def send_due(session: Session, backend: MailBackend, *, now: datetime | None = None,
             limit: int = 100) -> SendReport:
    """Send queued mail whose time has come; a failure is recorded and retried later.

    Each mail is committed on its own, so one bad address never holds back the rest.
    """
    now = now or utcnow()
    due = session.scalars(
        select(OutgoingMail)
        .where(OutgoingMail.sent_at.is_(None), OutgoingMail.next_attempt_at <= now,
               OutgoingMail.attempts < MAX_ATTEMPTS)
        .order_by(OutgoingMail.id).limit(limit)
    ).all()
    sent = failed = given_up = 0
    for mail in due:
        mail.attempts += 1
        try:
            backend.send(mail)
        except Exception as error:  # noqa: BLE001 - any delivery failure is retried
            failed += 1
            # The class name only: server messages can echo the address.
            mail.last_error = type(error).__name__[:300]
            mail.next_attempt_at = now + retry_delay(mail.attempts)
            if mail.attempts >= MAX_ATTEMPTS:
                given_up += 1
                log.error("mail %s (%s) given up after %s attempts", mail.id, mail.purpose,
                          mail.attempts)
        else:
            sent += 1
            mail.sent_at = now
            mail.last_error = None
        session.commit()
    return SendReport(sent=sent, failed=failed, given_up=given_up)
