"""Links that leave by email start with PUBLIC_BASE_URL, whatever Host a request claims;
proxy headers count only from configured proxies; production refuses the settings that
would break either (issue 13, parts 3 and 7).

The forged requests go to an app with no SERVER_NAME, as a production portal may run:
there, ``url_for(..., _external=True)`` follows the request's Host header, which the
first test shows, so these tests fail if any emailed link goes back to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, request_started, url_for
from flask import request as flask_request
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from portal.common.links import public_url
from portal.config import LOCAL_BASE_URL, ConfigError, load_settings
from portal.extensions import db, limiter
from portal.mail.services import render_queued
from portal.models.councils import Council
from portal.models.mail import OutgoingMail
from portal.models.staff import Role, User
from tests.conftest import ROOT, TEST_SECRET, make_test_app
from tests.factories import make_user
from tests.support.journey import CHILD_COMPLAINT, confirmation, send, walk
from tests.support.pages import parse
from tests.support.staff import signed_in
from tests.support.startup import assert_one_sentence, run_wsgi

BASE = "https://complaints.example.gov.uk"
EVIL = "evil.example"
#: Everything a request can say about where it was sent.
FORGED = {"X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "http", "X-Forwarded-Port": "8080",
          "X-Forwarded-Prefix": "/evil"}
LINK = re.compile(r"\bhttps?://\S+")


class ForgedHostClient(FlaskClient):
    """Every request, and every session set up by the test, says ``Host: evil.example``."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("base_url", f"http://{EVIL}")
        kwargs["headers"] = {**FORGED, **dict(kwargs.get("headers") or {})}
        return super().open(*args, **kwargs)

    def session_transaction(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("base_url", f"http://{EVIL}")
        return super().session_transaction(*args, **kwargs)


def another_app(database_url: str, engine: Engine, **config: Any) -> Flask:
    # A session an earlier test left open would not see the new app's binding (and
    # SQLAlchemy warns); the session fixture configures the next one itself.
    db.session.remove()
    return make_test_app(database_url, engine, SERVER_NAME="", **config)


@pytest.fixture(scope="session")
def links_app(database_url: str, engine: Engine) -> Flask:
    """Production's shape: no SERVER_NAME, the public address configured."""
    return another_app(database_url, engine, PUBLIC_BASE_URL=BASE)


@pytest.fixture(scope="session")
def proxied_app(database_url: str, engine: Engine) -> Flask:
    """The same behind one reverse proxy."""
    return another_app(database_url, engine, PUBLIC_BASE_URL=BASE, PROXY_COUNT=1)


@pytest.fixture(scope="session")
def prefixed_app(database_url: str, engine: Engine) -> Flask:
    """Served under a path of the council's own site."""
    return another_app(database_url, engine,
                       PUBLIC_BASE_URL="https://council.example.gov.uk/complaints/")


@pytest.fixture(params=["direct", "behind a proxy"])
def either_app(request: pytest.FixtureRequest, links_app: Flask, proxied_app: Flask) -> Flask:
    return links_app if request.param == "direct" else proxied_app


def _reset_limits() -> None:
    # The limiter has its storage once an app is made in this worker; some tests here
    # make none (they start the WSGI app in another process).
    if limiter.initialized:
        limiter.reset()


@pytest.fixture(autouse=True)
def _fresh_limits() -> Iterator[None]:
    _reset_limits()
    yield
    _reset_limits()


def forged_client(app: Flask) -> FlaskClient:
    return ForgedHostClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def forged(links_app: Flask, session: Session, council: Council) -> FlaskClient:
    return forged_client(links_app)


def last_mail(session: Session, purpose: str) -> OutgoingMail:
    mail = session.scalars(select(OutgoingMail).where(OutgoingMail.purpose == purpose)
                           .order_by(OutgoingMail.id.desc())).first()
    assert mail is not None, f"no {purpose} mail was queued"
    render_queued(mail)  # what the mail worker does first (a no-op for a written mail)
    return mail


def links_in(mail: OutgoingMail) -> list[str]:
    links = LINK.findall(mail.body)
    assert links, mail.purpose
    assert EVIL not in mail.body
    for link in links:
        assert link.startswith(BASE + "/"), link
    return links


# --- emailed links -------------------------------------------------------------------------


def test_a_forged_host_would_reach_url_for(links_app: Flask) -> None:
    """What these tests guard against: without PUBLIC_BASE_URL, the link follows the Host."""
    with links_app.test_request_context("/", base_url=f"http://{EVIL}", headers=FORGED):
        assert url_for("staff.password_reset", token="t", _external=True).startswith(
            f"http://{EVIL}/")


def test_a_password_reset_link_ignores_the_host_it_was_asked_with(
        either_app: Flask, session: Session, council: Council) -> None:
    client = forged_client(either_app)
    user, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    assert client.post("/staff/password-reset", data={"email": user.email}).status_code == 200
    (link,) = links_in(last_mail(session, "password_reset"))
    assert link.startswith(f"{BASE}/staff/password-reset/")
    # And it is the real link: its owner can open it.
    assert client.get(link.removeprefix(BASE)).status_code == 200


def test_an_invitation_link_ignores_the_host(forged: FlaskClient, session: Session,
                                             council: Council) -> None:
    signed_in(forged, session, council, Role.ADMINISTRATOR)
    response = forged.post("/staff/accounts/new", data={
        "name": "Rowan Responder", "email": "rowan.links@council.example",
        "role": Role.RESPONDING_MANAGER.value})
    assert response.status_code == 302
    assert session.scalars(select(User).where(User.email == "rowan.links@council.example")
                           ).one()
    (link,) = links_in(last_mail(session, "account_invitation"))
    assert link.startswith(f"{BASE}/staff/password-reset/")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_acknowledgement_links_to_the_tracking_page_under_the_public_address(
        forged: FlaskClient, session: Session, lang: str) -> None:
    walk(forged, "complaint", CHILD_COMPLAINT, lang=lang)
    _reference, code = confirmation(parse(send(forged)))
    mail = last_mail(session, "acknowledgement")
    assert links_in(mail) == [f"{BASE}/track?lang={lang}"]
    assert code.replace(" ", "") not in mail.body.replace(" ", "")  # still no tracking code
    page = forged.get(f"/track?lang={lang}")
    assert page.status_code == 200
    assert f'lang="{lang}"' in page.text


def test_every_mail_a_forged_journey_queues_links_to_the_public_address(
        forged: FlaskClient, links_app: Flask, session: Session, council: Council) -> None:
    """A child who is not safe: the acknowledgement and the safety alert to staff."""
    make_user(session, council, Role.COMPLAINTS_MANAGER)  # someone for an alert to reach
    before = session.scalar(select(func.max(OutgoingMail.id))) or 0
    walk(forged, "complaint", {**CHILD_COMPLAINT, "are-you-safe": {"safe": "no"}})
    send(forged)
    mails = session.scalars(select(OutgoingMail).where(OutgoingMail.id > before)).all()
    for mail in mails:
        render_queued(mail)
    with_links = [mail for mail in mails if LINK.search(mail.body)]
    assert "acknowledgement" in {mail.purpose for mail in with_links}
    if "safety.alert" in links_app.view_functions:
        assert {mail.purpose for mail in with_links} - {"acknowledgement"}, "no alert mail"
    for mail in with_links:
        links_in(mail)


def test_no_link_is_built_from_the_request() -> None:
    """Everything that builds an absolute address goes through portal/common/links.py."""
    root = ROOT
    risky = re.compile(r"_external\s*=|\burl_root\b|\bhost_url\b|request\.host\b")
    offenders = [f"{path.relative_to(root)}:{number}"
                 for folder, pattern in (("portal", "*.py"), ("templates", "*.*"))
                 for path in sorted((root / folder).rglob(pattern))
                 if path != root / "portal" / "common" / "links.py"
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if risky.search(line)]
    assert offenders == []


# --- proxies and the rate-limit key ---------------------------------------------------------


def _lookups(client: FlaskClient, forwarded_for: list[str], remote: list[str]) -> list[int]:
    return [client.post("/track", data={"reference": "CMP-2026-000001", "code": "0" * 20},
                        headers={"X-Forwarded-For": xff},
                        environ_base={"REMOTE_ADDR": addr}).status_code
            for xff, addr in zip(forwarded_for, remote, strict=True)]


def test_with_no_proxy_a_forged_forwarded_for_does_not_change_the_limit_key(
        links_app: Flask, session: Session, council: Council,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(links_app.config, "TRACK_RATE_LIMIT", "2 per minute")
    client = links_app.test_client()
    invented = [f"198.51.100.{i}" for i in range(3)]
    assert _lookups(client, invented, ["192.0.2.10"] * 3) == [400, 400, 429]


def test_behind_one_proxy_the_limit_keys_on_the_client_the_proxy_names(
        proxied_app: Flask, session: Session, council: Council,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(proxied_app.config, "TRACK_RATE_LIMIT", "2 per minute")
    client = proxied_app.test_client()
    proxy = ["10.0.0.2"] * 3
    # Three people behind the same proxy each have their own allowance.
    assert _lookups(client, [f"203.0.113.{i}" for i in range(3)], proxy) == [400, 400, 400]
    # One person is counted as one, whatever they put in front of what the proxy appends.
    forged = [f"198.51.100.{i}, 203.0.113.50" for i in range(3)]
    assert _lookups(client, forged, proxy) == [400, 400, 429]


@pytest.mark.parametrize(("app_name", "believed"), [
    ("links_app", {"scheme": "http", "host": "127.0.0.1:8000", "addr": "192.0.2.1"}),
    ("proxied_app", {"scheme": "https", "host": "127.0.0.1:8000", "addr": "203.0.113.8"}),
])
def test_only_a_configured_proxy_is_believed_and_never_about_the_host(
        links_app: Flask, proxied_app: Flask, session: Session, app_name: str,
        believed: dict[str, str]) -> None:
    app = {"links_app": links_app, "proxied_app": proxied_app}[app_name]
    seen: dict[str, str] = {}

    def note(_sender: Flask, **_extra: Any) -> None:
        seen.update(scheme=flask_request.scheme, host=flask_request.host,
                    addr=str(flask_request.remote_addr))

    with request_started.connected_to(note, app):
        app.test_client().get("/privacy", base_url="http://127.0.0.1:8000", headers={
            "X-Forwarded-Proto": "https", "X-Forwarded-Host": EVIL,
            "X-Forwarded-For": "203.0.113.8"}, environ_base={"REMOTE_ADDR": "192.0.2.1"})
    assert seen == believed


# --- the settings ---------------------------------------------------------------------------

PRODUCTION = {"PORTAL_ENV": "production", "SECRET_KEY": "s" * 40, "PUBLIC_BASE_URL": BASE,
              "RATELIMIT_STORAGE_URL": "redis://127.0.0.1:6379/0"}


def test_production_with_what_it_needs_starts() -> None:
    settings = load_settings(PRODUCTION)
    assert settings.public_base_url == BASE
    assert settings.proxy_count == 0
    assert settings.flask_config()["PUBLIC_BASE_URL"] == BASE


def test_production_refuses_to_start_without_a_public_address() -> None:
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL is not set"):
        load_settings({k: v for k, v in PRODUCTION.items() if k != "PUBLIC_BASE_URL"})


def test_production_refuses_a_plain_http_address() -> None:
    with pytest.raises(ConfigError, match="https:// in production"):
        load_settings({**PRODUCTION, "PUBLIC_BASE_URL": "http://complaints.example.gov.uk"})


@pytest.mark.parametrize("url", [
    "complaints.example.gov.uk",  # no scheme
    "/complaints",  # a path, not an address
    "ftp://complaints.example.gov.uk",  # not the web
    "https://",  # no host
    "https://complaints.example.gov.uk/?from=email",  # a query would ride into every link
    "https://complaints.example.gov.uk/#top",  # so would a fragment
    "https://complaints.example.gov.uk/?",
    "https://admin:secret@complaints.example.gov.uk",  # credentials in every email
    "https://complaints.example.gov.uk:https",  # a port that is not a number
])
def test_a_public_address_that_is_not_one_is_refused(url: str) -> None:
    for environment in ({**PRODUCTION}, {"PORTAL_ENV": "development"}):
        with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
            load_settings({**environment, "PUBLIC_BASE_URL": url})


@pytest.mark.parametrize(("given", "kept"), [
    ("https://Complaints.Example.gov.uk/", BASE),
    ("https://council.example.gov.uk/complaints/", "https://council.example.gov.uk/complaints"),
    ("https://complaints.example.gov.uk:8443", "https://complaints.example.gov.uk:8443"),
])
def test_the_public_address_is_kept_without_a_trailing_slash(given: str, kept: str) -> None:
    assert load_settings({**PRODUCTION, "PUBLIC_BASE_URL": given}).public_base_url == kept


def test_outside_production_the_address_defaults_to_where_the_portal_runs() -> None:
    assert load_settings({"PORTAL_ENV": "development"}).public_base_url == LOCAL_BASE_URL
    assert LOCAL_BASE_URL == "http://127.0.0.1:5000"  # make run's address
    assert load_settings({"PORTAL_ENV": "test", "SECRET_KEY": TEST_SECRET,
                          "SERVER_NAME": "portal.test"}).public_base_url == "http://portal.test"


def test_the_link_of_a_prefixed_address_keeps_its_prefix(prefixed_app: Flask) -> None:
    with prefixed_app.app_context():
        assert public_url("staff.password_reset", token="abc") == (
            "https://council.example.gov.uk/complaints/staff/password-reset/abc")


def test_production_refuses_per_process_limit_counts_unless_told_it_is_one_process() -> None:
    memory = {**PRODUCTION, "RATELIMIT_STORAGE_URL": "memory://"}
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URL is memory://.*SINGLE_PROCESS"):
        load_settings(memory)
    unset = {k: v for k, v in PRODUCTION.items() if k != "RATELIMIT_STORAGE_URL"}
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URL"):
        load_settings(unset)  # the default is memory://
    assert load_settings({**memory, "SINGLE_PROCESS": "1"}).single_process is True
    # Development and tests run one process.
    assert load_settings({"PORTAL_ENV": "development"}).rate_limit_storage_url == "memory://"


@pytest.mark.parametrize(("name", "value"), [
    ("PROXY_COUNT", "-1"), ("PROXY_COUNT", "one"), ("PROXY_COUNT", "1.5"),
    ("SINGLE_PROCESS", "maybe"),
])
def test_unclear_proxy_and_process_settings_are_refused(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings({**PRODUCTION, name: value})


@pytest.mark.parametrize(("missing", "named"), [
    ({"PUBLIC_BASE_URL": ""}, "PUBLIC_BASE_URL"),
    ({"RATELIMIT_STORAGE_URL": "memory://"}, "SINGLE_PROCESS"),
])
def test_the_wsgi_app_refuses_in_one_sentence(tmp_path: Path, missing: dict[str, str],
                                              named: str) -> None:
    result = run_wsgi({**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path}/x.db", **missing})
    assert_one_sentence(result, named)
