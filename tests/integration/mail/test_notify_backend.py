"""Email and text messages through GOV.UK Notify, against a local fake of its API.

The real client library talks HTTP to tests/fakes/notify.py, which checks the
signed token as Notify does; nothing is mocked and nothing leaves 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from portal.config import ConfigError, load_settings
from portal.mail.notify import NotifyBackend
from portal.mail.services import (
    MAX_ATTEMPTS,
    MailBackend,
    OutboxBackend,
    SmtpBackend,
    backend_named,
    enqueue,
    enqueue_sms,
    send_due,
)
from portal.models.mail import Channel, OutgoingMail
from portal.settings import texting as rules
from tests.conftest import PINNED_NOW
from tests.fakes.notify import FakeNotify
from tests.support.startup import PRODUCTION, assert_one_sentence, run_wsgi

#: Monday 23 November 2026, 10:05 in London (inside every texting window but "weekends"),
#: a few minutes after the test queues its mail (the pinned clock ticks).
NOW = PINNED_NOW + timedelta(minutes=5)
ALL_DAY = rules.week_for("any", rules.council_hours())
EMAIL = "sam@example.com"
MOBILE = "07700 900982"
SECRET_WORDS = "My social worker never comes to see me."


@pytest.fixture
def notify() -> Iterator[FakeNotify]:
    with FakeNotify() as fake:
        yield fake


@pytest.fixture
def backend(notify: FakeNotify) -> MailBackend:
    return backend_named("notify", notify.config())


@pytest.fixture(autouse=True)
def _forget_the_queue(engine: Engine) -> Iterator[None]:
    """send_due commits each mail; on SQLite that outlives the test's rollback."""
    yield
    with engine.begin() as connection:
        connection.execute(delete(OutgoingMail))


def email(session: Session, body: str = SECRET_WORDS) -> OutgoingMail:
    mail = enqueue(session, to=EMAIL, subject="A new message about CMP-2026-000001",
                   body=body, locale="en", purpose="message")
    session.flush()
    return mail


def text(session: Session, to: str = MOBILE, week: rules.Week = ALL_DAY) -> OutgoingMail:
    mail = enqueue_sms(session, to=to, body="There is a new message for you.", locale="en",
                       purpose="message", week=week, now=NOW)
    session.flush()
    return mail


def test_an_email_goes_with_the_template_its_words_and_the_queue_id_as_reference(
        session: Session, notify: FakeNotify, backend: MailBackend) -> None:
    mail = email(session)
    report = send_due(session, backend, now=NOW)
    assert report.sent >= 1
    (sent,) = notify.with_reference(mail.id)
    assert sent.kind == "email"
    assert sent.data["email_address"] == EMAIL
    assert sent.data["template_id"] == notify.email_template_id
    assert sent.personalisation == {"subject": "A new message about CMP-2026-000001",
                                    "body": SECRET_WORDS}
    assert mail.sent_at == NOW
    assert mail.attempts == 1


def test_a_text_goes_to_the_mobile_with_the_sms_template(
        session: Session, notify: FakeNotify, backend: MailBackend) -> None:
    mail = text(session)
    assert mail.channel is Channel.SMS
    assert mail.not_before is None  # inside its window: due at once
    send_due(session, backend, now=NOW)
    (sent,) = notify.with_reference(mail.id)
    assert sent.kind == "sms"
    assert sent.data["phone_number"] == MOBILE
    assert sent.data["template_id"] == notify.sms_template_id
    assert sent.personalisation == {"body": "There is a new message for you."}
    assert mail.sent_at == NOW


def test_a_text_outside_its_window_waits_without_using_an_attempt(
        session: Session, notify: FakeNotify, backend: MailBackend) -> None:
    weekends = rules.week_for("weekends", rules.council_hours())
    mail = text(session, week=weekends)
    saturday = datetime(2026, 11, 28, 8, 0, tzinfo=NOW.tzinfo)
    assert mail.not_before == saturday
    send_due(session, backend, now=NOW + timedelta(days=1))
    assert notify.with_reference(mail.id) == []
    # The window is checked again at sending, whatever not_before says: a hand-edited or
    # late row still waits for a safe time.
    mail.not_before = None
    session.commit()
    report = send_due(session, backend, now=NOW + timedelta(days=1))
    assert report.held >= 1
    assert mail.not_before == saturday
    assert mail.attempts == 0
    assert notify.with_reference(mail.id) == []
    send_due(session, backend, now=saturday)
    assert len(notify.with_reference(mail.id)) == 1


def test_a_server_error_is_retried_later(
        session: Session, notify: FakeNotify, backend: MailBackend) -> None:
    mail = email(session)
    notify.fail_next(500)
    report = send_due(session, backend, now=NOW)
    assert report.failed >= 1
    assert mail.sent_at is None
    assert mail.attempts == 1
    assert mail.last_error == "NotifyUnavailable 500"
    assert mail.next_attempt_at == NOW + timedelta(minutes=1)
    send_due(session, backend, now=NOW + timedelta(minutes=2))
    assert mail.sent_at is not None
    assert mail.last_error is None
    assert len(notify.with_reference(mail.id)) == 1


def test_too_many_requests_is_retried_not_given_up(
        session: Session, notify: FakeNotify, backend: MailBackend) -> None:
    mail = email(session)
    notify.fail_next(429)
    send_due(session, backend, now=NOW)
    assert (mail.attempts, mail.last_error) == (1, "NotifyUnavailable 429")
    send_due(session, backend, now=NOW + timedelta(minutes=2))
    assert mail.sent_at is not None


def test_a_timeout_is_retried(session: Session, notify: FakeNotify) -> None:
    slow = backend_named("notify", {**notify.config(), "NOTIFY_TIMEOUT": "0.2"})
    mail = email(session)
    notify.delay = 1.0
    report = send_due(session, slow, now=NOW)
    assert report.failed >= 1
    assert mail.sent_at is None
    assert mail.last_error == "NotifyUnavailable 503"  # no answer at all
    assert mail.attempts < MAX_ATTEMPTS


def test_a_rejected_mail_is_given_up_at_once_and_not_sent_again(
        session: Session, notify: FakeNotify, backend: MailBackend) -> None:
    mail = email(session)
    notify.fail_next(400)
    report = send_due(session, backend, now=NOW)
    assert report.given_up >= 1
    assert mail.sent_at is None
    assert mail.attempts == MAX_ATTEMPTS  # given up: the purge forgets it in time
    assert mail.last_error == "NotifyRejected 400"
    tried = len(notify.requests)
    send_due(session, backend, now=NOW + timedelta(hours=5))
    assert len(notify.requests) == tried


def test_a_number_that_is_not_a_mobile_is_refused_for_good(
        session: Session, notify: FakeNotify, backend: MailBackend) -> None:
    mail = text(session, to="01632 960000")  # a landline: Notify answers 400
    send_due(session, backend, now=NOW)
    assert (mail.attempts, mail.last_error) == (MAX_ATTEMPTS, "NotifyRejected 400")
    assert notify.with_reference(mail.id) == []


def test_a_key_notify_does_not_accept_keeps_the_mail_for_when_it_is_fixed(
        session: Session, notify: FakeNotify) -> None:
    wrong = FakeNotify()  # another service's key: well formed, but signed with another secret
    backend = backend_named("notify", {**notify.config(), "NOTIFY_API_KEY": wrong.api_key})
    mail = email(session)
    send_due(session, backend, now=NOW)
    assert notify.requests[-1][1] == 403
    assert (mail.sent_at, mail.last_error) == (None, "NotifyUnavailable 403")
    assert mail.attempts == 1  # retried with back-off, not given up
    wrong.server.server_close()


def test_logs_and_errors_hold_no_address_words_or_key(
        session: Session, notify: FakeNotify, backend: MailBackend,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    sent, failed, rejected = email(session), text(session), text(session, to="01632 960000")
    notify.fail_next(500)  # the first request (the email) fails
    send_due(session, backend, now=NOW)
    send_due(session, backend, now=NOW + timedelta(minutes=5))
    logged = caplog.text + " ".join(str(m.last_error) for m in (sent, failed, rejected))
    for private in (EMAIL, MOBILE, "01632 960000", SECRET_WORDS, notify.secret):
        assert private not in logged
    assert notify.secret not in repr(backend)
    assert f"mail {sent.id} (message) given up" not in caplog.text
    assert f"text {rejected.id} (message) given up" in caplog.text


def test_the_cli_sends_through_notify(app: Flask, session: Session, notify: FakeNotify,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in notify.config().items():
        monkeypatch.setitem(app.config, key, value)
    mail = email(session)
    mail.next_attempt_at = mail.created_at - timedelta(seconds=5)
    session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "texts held for a safe time" in result.output
    assert len(notify.with_reference(mail.id)) == 1
    assert session.scalars(select(OutgoingMail.sent_at).where(OutgoingMail.id == mail.id)
                           ).one() is not None


def test_the_cli_refuses_notify_without_a_template(app: Flask, session: Session,
                                                  notify: FakeNotify,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "notify")
    monkeypatch.setitem(app.config, "NOTIFY_API_KEY", notify.api_key)
    monkeypatch.setitem(app.config, "NOTIFY_EMAIL_TEMPLATE_ID", "")
    monkeypatch.delenv("NOTIFY_EMAIL_TEMPLATE_ID", raising=False)
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 1
    assert "NOTIFY_EMAIL_TEMPLATE_ID is not set" in result.output


def test_backends_that_cannot_text_give_a_text_up_and_say_why(
        session: Session, notify: FakeNotify, caplog: pytest.LogCaptureFixture) -> None:
    """SMTP has no text messages, nor has Notify without a text template: a text is given
    up, never kept to go out months later to a phone that may no longer be safe."""
    email_only = NotifyBackend.from_environment(
        {**notify.config(), "NOTIFY_SMS_TEMPLATE_ID": ""})
    smtp = SmtpBackend(host="127.0.0.1", port=9)  # never reached: nothing is tried
    for backend in (smtp, email_only):
        mail = text(session)
        report = send_due(session, backend, now=NOW)
        assert report.given_up >= 1
        assert (mail.sent_at, mail.last_error) == (None, "NoSmsBackend")
        assert mail.attempts == MAX_ATTEMPTS
    assert notify.sent == []
    assert "cannot send text messages; set MAIL_BACKEND=notify" in caplog.text


def test_the_outbox_delivers_texts_too_for_development(session: Session) -> None:
    mail = text(session)
    send_due(session, OutboxBackend(), now=NOW)
    assert mail.sent_at == NOW


# --- start-up -------------------------------------------------------------------------------


def test_production_refuses_notify_without_a_key() -> None:
    env = {**PRODUCTION, "SECRET_KEY": "s" * 40, "MAIL_BACKEND": "notify",
           "NOTIFY_EMAIL_TEMPLATE_ID": "f" * 36}
    with pytest.raises(ConfigError, match="NOTIFY_API_KEY is not set"):
        load_settings(env)


def test_production_without_a_key_stops_with_one_sentence(tmp_path: Path) -> None:
    result = run_wsgi({**PRODUCTION, "SECRET_KEY": "s" * 40, "MAIL_BACKEND": "notify",
                       "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
                       "NOTIFY_EMAIL_TEMPLATE_ID": "f" * 36})
    assert_one_sentence(result, "NOTIFY_API_KEY")


def test_production_refuses_notify_without_the_email_template(notify: FakeNotify) -> None:
    env = {**PRODUCTION, "SECRET_KEY": "s" * 40, "MAIL_BACKEND": "notify",
           "NOTIFY_API_KEY": notify.api_key}
    with pytest.raises(ConfigError, match="NOTIFY_EMAIL_TEMPLATE_ID"):
        load_settings(env)
    settings = load_settings({**env, "NOTIFY_EMAIL_TEMPLATE_ID": notify.email_template_id})
    assert settings.mail_backend == "notify"


def test_a_key_that_is_not_a_notify_key_is_refused_anywhere_without_repeating_it() -> None:
    with pytest.raises(ConfigError, match="does not look like") as refused:
        load_settings({"PORTAL_ENV": "development", "MAIL_BACKEND": "notify",
                       "NOTIFY_API_KEY": "hunter2-not-a-key"})
    assert "hunter2" not in str(refused.value)
    # Outside production a portal may start without Notify set up (the worker refuses).
    assert load_settings({"PORTAL_ENV": "development", "MAIL_BACKEND": "notify"}
                         ).mail_backend == "notify"
