"""The acknowledgement queue and `flask --app portal mail send`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db.types import utcnow
from portal.mail.services import (
    MAX_ATTEMPTS,
    OutboxBackend,
    SmtpBackend,
    backend_named,
    enqueue,
    retry_delay,
    send_due,
)
from portal.models.mail import OutgoingMail


class Broken:
    def send(self, mail: OutgoingMail) -> None:
        raise ConnectionRefusedError("smtp.example refused kid@example.com")


class Recorder:
    def __init__(self) -> None:
        self.sent: list[int] = []

    def send(self, mail: OutgoingMail) -> None:
        self.sent.append(mail.id)


def queued(session: Session, n: int = 1) -> list[OutgoingMail]:
    mails = [enqueue(session, to=f"kid{i}@example.com", subject="Your reference",
                     body="Body", locale="cy", purpose="acknowledgement") for i in range(n)]
    session.flush()
    return mails


def test_outbox_marks_sent_and_logs_nothing_personal(
        session: Session, caplog: pytest.LogCaptureFixture) -> None:
    (mail,) = queued(session)
    caplog.set_level("INFO")
    report = send_due(session, OutboxBackend(), now=utcnow() + timedelta(seconds=1))
    assert report.sent >= 1
    assert mail.sent_at is not None
    assert "kid0@example.com" not in caplog.text
    assert "Body" not in caplog.text


def test_a_failure_is_kept_and_retried_later_without_the_address(session: Session) -> None:
    (mail,) = queued(session)
    now = utcnow() + timedelta(seconds=1)
    report = send_due(session, Broken(), now=now)
    assert report.failed >= 1
    assert mail.sent_at is None
    assert mail.attempts == 1
    assert mail.last_error == "ConnectionRefusedError"
    assert mail.next_attempt_at == now + timedelta(minutes=1)
    # Not due yet: a second round straight away does not try it again.
    recorder = Recorder()
    send_due(session, recorder, now=now)
    assert mail.id not in recorder.sent
    send_due(session, recorder, now=now + timedelta(minutes=2))
    assert mail.id in recorder.sent


def test_gives_up_after_max_attempts(session: Session) -> None:
    (mail,) = queued(session)
    now = utcnow()
    for _ in range(MAX_ATTEMPTS + 2):
        now += timedelta(hours=2)
        send_due(session, Broken(), now=now)
    assert mail.attempts == MAX_ATTEMPTS


@pytest.mark.parametrize(("attempts", "minutes"), [
    (1, 1), (2, 2), (3, 4), (7, 60), (20, 60),  # doubles, capped at an hour
])
def test_retry_back_off(attempts: int, minutes: int) -> None:
    assert retry_delay(attempts) == timedelta(minutes=minutes)


def test_backends_by_name() -> None:
    assert isinstance(backend_named("outbox"), OutboxBackend)
    smtp = backend_named("smtp", {"SMTP_HOST": "mail.example", "SMTP_PORT": "2525",
                                  "SMTP_STARTTLS": "0"})
    assert isinstance(smtp, SmtpBackend)
    assert (smtp.host, smtp.port, smtp.starttls) == ("mail.example", 2525, False)
    with pytest.raises(ValueError, match="SMTP_HOST"):
        backend_named("smtp", {"SMTP_HOST": ""})
    with pytest.raises(ValueError, match="unknown"):
        backend_named("carrier-pigeon")


def test_cli_sends_the_queue(app: Flask, session: Session) -> None:
    (mail,) = queued(session)
    mail.next_attempt_at = utcnow() - timedelta(seconds=5)
    session.flush()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Sent ")
    assert session.scalars(select(OutgoingMail).where(OutgoingMail.id == mail.id)
                           ).one().sent_at is not None


def test_cli_refuses_smtp_without_a_host(app: Flask, session: Session,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.delenv("SMTP_HOST", raising=False)
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 1
    assert "SMTP_HOST is not set" in result.output
