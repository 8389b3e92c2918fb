"""Putting mail on the queue, and sending what is due through a pluggable backend.

``enqueue`` only adds a row to the caller's transaction: the mail exists if
and only if what it tells of was saved, and an unreachable mail server can
never lose a submission. ``send_due`` is run by ``flask --app portal mail send``.

A mail queued with a ``template`` (the acknowledgement of a sent form) is rendered by
the worker, in the mail's language, just before it is sent (``render_queued``): the
request that queued it does not spend its time on Jinja. The row holds all the template
needs, so what is sent does not depend on when the worker runs.

Backends: ``outbox`` (the default; marks mail sent and logs only its id and
purpose, never an address or a word of the body), ``smtp`` (SMTP_HOST,
SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_FROM, SMTP_STARTTLS) and
``notify`` (GOV.UK Notify, email and text messages: portal/mail/notify.py).

Text messages: a text waits for its safe window (rules.py), checked again at
every attempt. SMTP cannot send texts, so a text that falls due under it is
given up at once with a log line saying so, not kept: a text that went out
months later, when a council switched to Notify, could reach a phone that is no
longer the child's or no longer safe; and a given-up row is forgotten by the
retention purge like any other.
"""

from __future__ import annotations

import logging
import os
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from typing import Any, Protocol

from flask import render_template
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from portal.common.languages import in_language
from portal.db.types import utcnow
from portal.mail.errors import DeliveryError
from portal.models.mail import Channel, OutgoingMail
from portal.settings import texting as rules

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
#: Mail that carries a secret code (a tracking code, a saved form's link): its words are
#: wiped once it has gone, so the code is not kept in the queue for MAIL_KEEP_DAYS.
SECRET_PURPOSES = frozenset({"tracking_code", "saved_draft_link"})
WIPED = "(wiped after sending: it held a secret code)"


#: What a backend can send unless it says otherwise.
EMAIL_ONLY = frozenset({Channel.EMAIL})


class MailBackend(Protocol):
    def send(self, mail: OutgoingMail) -> None:
        """Deliver one mail or raise (a notify.PermanentFailure gives it up at once)."""


def channels_of(backend: MailBackend) -> frozenset[Channel]:
    """The channels a backend can deliver: its ``channels``, or email alone."""
    return frozenset(getattr(backend, "channels", EMAIL_ONLY))


class OutboxBackend:
    """Delivers nowhere: for development, tests and councils that send by another route.
    Texts too, so a development portal shows the whole journey."""

    channels = frozenset({Channel.EMAIL, Channel.SMS})

    def send(self, mail: OutgoingMail) -> None:
        log.info("%s %s (%s) delivered to the outbox", _kind(mail), mail.id, mail.purpose)


def _kind(mail: OutgoingMail) -> str:
    return "text" if mail.channel == Channel.SMS else "mail"


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
    if name == "notify":
        # Imported here: the client library (and requests) loads only where it is used.
        from portal.mail.notify import NotifyBackend

        return NotifyBackend.from_environment({**os.environ, **(config or {})})
    raise ValueError(f"unknown MAIL_BACKEND {name!r}: use outbox, smtp or notify")


def enqueue(session: Session, *, to: str, subject: str, body: str, locale: str,
            purpose: str, template: str | None = None,
            context: Mapping[str, Any] | None = None) -> OutgoingMail:
    """Queue one mail in the caller's transaction (it is sent only if that commits).

    With ``template`` (and an empty ``body``) the worker writes the body: the template
    rendered with ``context`` in ``locale`` (:func:`render_queued`). ``context`` must be
    JSON; days go under ``"dates"`` as ISO text and come back to the template as dates."""
    mail = OutgoingMail(channel=Channel.EMAIL, to_address=to, subject=subject[:300],
                        body=body, locale=locale, purpose=purpose, template=template,
                        context=dict(context) if context is not None else None)
    session.add(mail)
    return mail


def render_queued(mail: OutgoingMail) -> None:
    """Write the body of a mail queued with a template (once; needs an app context)."""
    if not mail.template or mail.body:
        return
    values = dict(mail.context or {})
    days = values.pop("dates", None) or {}
    values.update({name: date.fromisoformat(day) if day else None
                   for name, day in days.items()})
    # Any code the case is in ("pl", "prs"...): a language with no catalogue is English.
    with in_language(mail.locale):
        mail.body = render_template(mail.template, **values)


def enqueue_sms(session: Session, *, to: str, body: str, locale: str, purpose: str,
                week: rules.Week, now: datetime | None = None) -> OutgoingMail:
    """Queue one text in the caller's transaction, held until its week allows it."""
    now = now or utcnow()
    opening = rules.next_opening(now, week)
    mail = OutgoingMail(channel=Channel.SMS, to_address=to, subject="", body=body,
                        locale=locale, purpose=purpose, send_window=rules.week_to_text(week),
                        not_before=opening if opening != now else None)
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
    #: Texts not sent because it is not a safe time for them yet.
    held: int = 0


def _give_up(mail: OutgoingMail, reason: str) -> None:
    """No more attempts: the purge forgets it after MAIL_KEEP_DAYS like any other."""
    mail.attempts = max(mail.attempts, MAX_ATTEMPTS)
    mail.last_error = reason[:300]
    _wipe_secret(mail)


def _wipe_secret(mail: OutgoingMail) -> None:
    """Forget the words of a mail that held a secret code, once it is sent or given up."""
    if mail.purpose in SECRET_PURPOSES:
        mail.body = WIPED
        mail.context = None


def _hold_until(mail: OutgoingMail, now: datetime) -> datetime | None:
    """When a text must wait for its window, the moment it opens; None if it may go now.
    A window that is unreadable, or allows no time at all, holds it for a day: never
    send at an unknown time."""
    if mail.channel != Channel.SMS or not mail.send_window:
        return None
    try:
        opening = rules.next_opening(now, rules.week_from_text(mail.send_window))
    except ValueError:
        opening = None
    if opening is None:
        return now + timedelta(days=1)
    return None if opening == now else opening


def send_due(session: Session, backend: MailBackend, *, now: datetime | None = None,
             limit: int = 100) -> SendReport:
    """Send queued mail whose time has come; a failure is recorded and retried later.

    Each mail is committed on its own, so one bad address never holds back the rest.
    """
    now = now or utcnow()
    due = session.scalars(
        select(OutgoingMail)
        .where(OutgoingMail.sent_at.is_(None), OutgoingMail.next_attempt_at <= now,
               OutgoingMail.attempts < MAX_ATTEMPTS,
               or_(OutgoingMail.not_before.is_(None), OutgoingMail.not_before <= now))
        .order_by(OutgoingMail.id).limit(limit)
    ).all()
    channels = channels_of(backend)
    sent = failed = given_up = held = 0
    for mail in due:
        if mail.channel not in channels:
            given_up += 1
            _give_up(mail, "NoSmsBackend")
            log.error("%s %s (%s) given up: this MAIL_BACKEND cannot send text messages; "
                      "set MAIL_BACKEND=notify with NOTIFY_SMS_TEMPLATE_ID to send them",
                      _kind(mail), mail.id, mail.purpose)
            session.commit()
            continue
        wait = _hold_until(mail, now)
        if wait is not None:
            held += 1
            mail.not_before = wait  # not an attempt: nothing was tried
            session.commit()
            continue
        mail.attempts += 1
        try:
            render_queued(mail)
            backend.send(mail)
        except Exception as error:  # noqa: BLE001 - any delivery failure is retried
            # A description we chose, or the class name: server messages can echo the address.
            mail.last_error = (error.description if isinstance(error, DeliveryError)
                               else type(error).__name__)[:300]
            mail.next_attempt_at = now + retry_delay(mail.attempts)
            if isinstance(error, DeliveryError) and error.permanent:
                given_up += 1
                log.error("%s %s (%s) given up: refused for good (%s)", _kind(mail), mail.id,
                          mail.purpose, mail.last_error)
                _give_up(mail, mail.last_error)
                session.commit()
                continue
            failed += 1
            if mail.attempts >= MAX_ATTEMPTS:
                given_up += 1
                log.error("%s %s (%s) given up after %s attempts", _kind(mail), mail.id,
                          mail.purpose, mail.attempts)
                _wipe_secret(mail)
        else:
            sent += 1
            mail.sent_at = now
            _wipe_secret(mail)
            mail.last_error = None
        session.commit()
    return SendReport(sent=sent, failed=failed, given_up=given_up, held=held)
