"""Signing in to the back office: two factors, enrolment, lock-out, idle timeout,
sign-out, password reset (issue 5)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.councils import Council
from portal.models.mail import OutgoingMail
from portal.models.staff import AuditLog, PasswordReset, Role
from portal.staff.auth import MAX_FAILURES
from tests.factories import PASSWORD, make_user
from tests.support.staff import full_sign_in


@pytest.fixture(autouse=True)
def _generous_ip_limit(app: Flask) -> Iterator[None]:
    """The per-address limit is tested on its own below; here many sign-ins run in a row."""
    before = app.config.get("STAFF_SIGN_IN_LIMIT")
    app.config["STAFF_SIGN_IN_LIMIT"] = "10000 per minute"
    yield
    if before is None:
        app.config.pop("STAFF_SIGN_IN_LIMIT")
    else:
        app.config["STAFF_SIGN_IN_LIMIT"] = before


def test_sign_in_is_throttled_per_address(app: Flask, client: FlaskClient, session: Session,
                                          council: Council) -> None:
    app.config["STAFF_SIGN_IN_LIMIT"] = "3 per minute"
    address = {"REMOTE_ADDR": f"10.9.{int(time.time()) % 250}.{id(session) % 250}"}
    codes = [client.post("/staff/sign-in", environ_base=address,
                         data={"email": f"x{i}@example.test", "password": "x"}).status_code
             for i in range(4)]
    assert codes == [200, 200, 200, 429]
    # Another address is not held up by this one.
    assert client.post("/staff/sign-in", environ_base={"REMOTE_ADDR": "10.8.0.1"},
                       data={"email": "y@example.test", "password": "x"}).status_code == 200


def test_sign_in_needs_password_then_code(client: FlaskClient, session: Session,
                                          council: Council) -> None:
    user, secret = make_user(session, council, Role.COMPLAINTS_MANAGER)
    response = client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.location.endswith("/staff/sign-in/code")
    # Half signed in: the password alone opens nothing.
    assert client.get("/staff/cases/").status_code == 302
    response = client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(secret).now()})
    assert response.location.endswith("/staff/")
    assert client.get("/staff/cases/").status_code == 200
    assert session.scalars(select(AuditLog).where(AuditLog.user_id == user.id,
                                                  AuditLog.action == "sign_in")).first()


def test_wrong_password_and_unknown_email_read_the_same(client: FlaskClient, session: Session,
                                                        council: Council) -> None:
    user, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    wrong = client.post("/staff/sign-in", data={"email": user.email, "password": "nope"})
    unknown = client.post("/staff/sign-in", data={"email": "nobody@example.test",
                                                  "password": "nope"})
    assert wrong.status_code == unknown.status_code == 200
    strip = re.compile(r'name="csrf_token"[^>]*>|nonce="[^"]+"|value="[^"]*"')
    assert strip.sub("", wrong.text) == strip.sub("", unknown.text)


def test_code_replay_is_refused(client: FlaskClient, session: Session, council: Council) -> None:
    user, secret = make_user(session, council, Role.COMPLAINTS_OFFICER)
    code = pyotp.TOTP(secret).now()
    full_sign_in(client, user, secret)
    client.post("/staff/sign-out", data={})
    client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
    response = client.post("/staff/sign-in/code", data={"code": code})
    assert response.status_code == 200  # the same code a second time: refused
    assert "already used" in response.text


def test_account_locks_after_repeated_failures(client: FlaskClient, session: Session,
                                               council: Council) -> None:
    user, secret = make_user(session, council, Role.COMPLAINTS_OFFICER)
    for _ in range(MAX_FAILURES):
        client.post("/staff/sign-in", data={"email": user.email, "password": "wrong"})
    assert user.locked_until is not None
    assert user.locked_until > datetime.now(UTC)
    # Even the right password is refused while locked.
    response = client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "locked" in response.text
    user.locked_until = datetime.now(UTC) - timedelta(seconds=1)
    session.flush()
    assert full_sign_in(client, user, secret).location.endswith("/staff/")


def test_wrong_codes_count_towards_the_lock(client: FlaskClient, session: Session,
                                            council: Council) -> None:
    user, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
    for _ in range(MAX_FAILURES):
        client.post("/staff/sign-in/code", data={"code": "000000"})
    assert user.locked_until is not None


def test_first_sign_in_enrols_with_a_qr_code(client: FlaskClient, session: Session,
                                             council: Council) -> None:
    user, _ = make_user(session, council, Role.RESPONDING_MANAGER)
    user.totp_secret = None
    session.flush()
    response = client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.location.endswith("/staff/sign-in/set-up-app")
    page = client.get("/staff/sign-in/set-up-app")
    assert "<svg" in page.text
    key = re.search(r'id="totp-key"[^>]*>([A-Z2-7]+)<', page.text).group(1)  # type: ignore[union-attr]
    assert client.post("/staff/sign-in/set-up-app",
                       data={"code": "123456"}).status_code == 200  # wrong code: stays
    response = client.post("/staff/sign-in/set-up-app", data={"code": pyotp.TOTP(key).now()})
    assert response.location.endswith("/staff/")
    assert user.totp_secret == key


def test_sign_out_ends_every_session(app: Flask, client: FlaskClient, session: Session,
                                     council: Council) -> None:
    user, secret = make_user(session, council, Role.COMPLAINTS_MANAGER)
    full_sign_in(client, user, secret)
    other = app.test_client()
    with client.session_transaction() as s:
        copied = dict(s)
    with other.session_transaction() as s:
        s.update(copied)  # the same cookie on another device
    assert other.get("/staff/cases/").status_code == 200
    assert client.post("/staff/sign-out", data={}).location.endswith("/staff/signed-out")
    assert client.get("/staff/cases/").status_code == 302
    # The old cookie no longer works anywhere: the session version moved on.
    assert other.get("/staff/cases/").status_code == 302


def test_idle_session_times_out(client: FlaskClient, session: Session, council: Council) -> None:
    user, secret = make_user(session, council, Role.COMPLAINTS_MANAGER)
    full_sign_in(client, user, secret)
    with client.session_transaction() as s:
        s["staff_seen"] = int(time.time()) - 31 * 60
    response = client.get("/staff/cases/")
    assert response.status_code == 302
    assert "reason=idle" in response.location


def test_pages_warn_of_the_idle_timeout(client: FlaskClient, session: Session,
                                        council: Council) -> None:
    user, secret = make_user(session, council, Role.COMPLAINTS_MANAGER)
    full_sign_in(client, user, secret)
    page = client.get("/staff/cases/").text
    assert 'id="idle-notice"' in page  # without JavaScript
    assert 'id="idle-warning"' in page  # the script's warning


def _reset_link(session: Session) -> str:
    mail = session.scalars(select(OutgoingMail).where(OutgoingMail.purpose == "password_reset")
                           .order_by(OutgoingMail.id.desc())).first()
    assert mail is not None
    return re.search(r"http://portal\.test(/staff/password-reset/\S+)", mail.body).group(1)  # type: ignore[union-attr]


def test_password_reset_is_single_use_and_stores_only_a_hash(
        client: FlaskClient, session: Session, council: Council) -> None:
    user, secret = make_user(session, council, Role.COMPLAINTS_OFFICER)
    sent = client.post("/staff/password-reset", data={"email": user.email})
    nobody = client.post("/staff/password-reset", data={"email": "nobody@example.test"})
    assert sent.status_code == nobody.status_code == 200
    assert "Check your email" in sent.text
    assert "Check your email" in nobody.text
    link = _reset_link(session)
    token = link.rsplit("/", 1)[1]
    stored = session.scalars(select(PasswordReset).where(PasswordReset.user_id == user.id)).one()
    assert token not in stored.token_hash
    version = user.session_version
    new = "a brand new long password"
    response = client.post(link, data={"password": new, "confirm": new})
    assert response.location.endswith("/staff/sign-in?reason=reset")
    assert user.session_version == version + 1  # every old session ends
    assert client.get(link).status_code == 404  # used once, never again
    assert client.post("/staff/sign-in", data={"email": user.email, "password": new}
                       ).location.endswith("/staff/sign-in/code")


def test_expired_reset_link_is_refused(client: FlaskClient, session: Session,
                                       council: Council) -> None:
    user, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    client.post("/staff/password-reset", data={"email": user.email})
    link = _reset_link(session)
    reset = session.scalars(select(PasswordReset).where(PasswordReset.user_id == user.id)).one()
    reset.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    session.flush()
    assert client.get(link).status_code == 404


@pytest.mark.parametrize("target", [
    "https://evil.example/",  # another site
    "//evil.example/staff/",  # protocol-relative
    "/complaint/start",  # outside the signed-in areas
    "/staff/\\evil.example",  # a backslash some browsers read as a slash
])
def test_sign_in_never_redirects_off_the_back_office(client: FlaskClient, session: Session,
                                                     council: Council, target: str) -> None:
    user, secret = make_user(session, council, Role.COMPLAINTS_MANAGER)
    response = full_sign_in(client, user, secret, next_page=target)
    assert response.location.endswith("/staff/")


def test_sign_in_returns_to_the_page_asked_for(client: FlaskClient, session: Session,
                                               council: Council) -> None:
    user, secret = make_user(session, council, Role.COMPLAINTS_MANAGER)
    first = client.get("/staff/cases/due")
    assert "next=/staff/cases/due" in first.location
    response = full_sign_in(client, user, secret, next_page="/staff/cases/due")
    assert response.location.endswith("/staff/cases/due")


def test_administrator_deactivates_and_resets_two_factor(
        app: Flask, client: FlaskClient, session: Session, council: Council) -> None:
    admin, _ = make_user(session, council, Role.ADMINISTRATOR)
    officer, secret = make_user(session, council, Role.COMPLAINTS_OFFICER)
    officer_client = app.test_client()
    full_sign_in(officer_client, officer, secret)
    assert officer_client.get("/staff/cases/").status_code == 200
    full_sign_in(client, admin, _)
    # Reset two-factor: the officer's session ends and they enrol again.
    assert client.post(f"/staff/accounts/{officer.id}/reset-two-factor").status_code == 302
    assert officer.totp_secret is None
    assert officer_client.get("/staff/cases/").status_code == 302
    response = officer_client.post("/staff/sign-in", data={"email": officer.email,
                                                           "password": PASSWORD})
    assert response.location.endswith("/staff/sign-in/set-up-app")
    # Deactivate: no sign-in at all.
    assert client.post(f"/staff/accounts/{officer.id}/deactivate").status_code == 302
    assert not officer.active
    response = officer_client.post("/staff/sign-in", data={"email": officer.email,
                                                           "password": PASSWORD})
    assert response.status_code == 200  # refused, with the same words as a wrong password
    # An administrator cannot lock themselves out here.
    client.post(f"/staff/accounts/{admin.id}/deactivate")
    assert admin.active
    actions = set(session.scalars(select(AuditLog.action).where(AuditLog.user_id == admin.id)))
    assert {"account_deactivated", "two_factor_reset"} <= actions


def test_sign_in_returns_an_advocate_to_their_page(client: FlaskClient, session: Session,
                                                   council: Council) -> None:
    user, secret = make_user(session, council, Role.ADVOCATE)
    response = full_sign_in(client, user, secret, next_page="/advocate/")
    assert response.location.endswith("/advocate/")


def test_a_half_finished_sign_in_expires(client: FlaskClient, session: Session,
                                         council: Council) -> None:
    user, secret = make_user(session, council, Role.COMPLAINTS_OFFICER)
    client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as s:
        s["staff_pending_at"] = int(time.time()) - 301  # five minutes is the limit
    response = client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(secret).now()})
    assert response.location.endswith("/staff/sign-in")
    assert client.get("/staff/cases/").status_code == 302


def test_a_role_refused_a_page_is_audited(client: FlaskClient, session: Session,
                                          council: Council) -> None:
    user, secret = make_user(session, council, Role.RESPONDING_MANAGER)
    full_sign_in(client, user, secret)
    assert client.get("/staff/cases/triage").status_code == 403
    denied = session.scalars(select(AuditLog).where(AuditLog.user_id == user.id,
                                                    AuditLog.allowed.is_(False))).one()
    assert denied.endpoint == "cases.triage"
