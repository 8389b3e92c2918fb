"""Many people sending at once, a double submit, and a server killed mid-send (issue 13).

The ``session`` fixture's trick (one connection, rolled back) cannot show what
happens between connections, so these tests make a database of their own on
each kind (a SQLite file; a fresh PostgreSQL database), drive the real app from
several threads or a real server process, and drop it afterwards.

What must hold, on SQLite and PostgreSQL: no answer is a 5xx; every journey
that was told "sent" (redirected to /complaint/sent) is in the register
exactly once; nothing is half-written (every case has its people, its stage,
its "submitted" and "routed" events and its acknowledgement email).
(The child complains for themselves here, so the complainant is the one person.)
"""

from __future__ import annotations

import http.client
import inspect
import os
import re
import secrets
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from flask import Flask, request
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from portal.complaints import drafts, services
from portal.complaints.questions import KIND
from portal.councils.services import load_demo_council
from portal.db import migrate
from portal.db.session import make_engine, reads_from_now
from portal.extensions import db
from portal.models.cases import CaseEvent, Person, Representation, Stage
from portal.models.mail import OutgoingMail
from portal.routing.services import ROUTED
from portal.vocab.cases import PersonRole
from portal.web.complaints import sending_code, views
from tests.conftest import (
    PINNED_NOW,
    ROOT,
    TEST_SECRET,
    make_test_app,
    postgres_url,
)
from tests.support.journey import CHILD_COMPLAINT

CLIENTS = 8
JOURNEYS_EACH = 5
#: Times the server is killed (kill -9) and started again while people send.
KILLS = 2
DEFAULT_JOIN_MODE = inspect.signature(Session.__init__).parameters["join_transaction_mode"].default
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
REFERENCE = re.compile(r"[A-Z]+-\d{4}-\d{6}")
SLUG = re.compile(r"/complaint/([a-z-]+)")
#: The journey's first question, the one page shown without answers.
FIRST_PAGE = f"/complaint/{KIND.slug}"


def answers_for(email: str) -> dict[str, dict[str, Any]]:
    """The child's complaint, with an email that tells this journey's case apart."""
    pages = {slug: dict(data) for slug, data in CHILD_COMPLAINT.items()}
    pages["contact"]["email"] = email
    return pages


# --- a database of the test's own -------------------------------------------------------------


@dataclass
class OwnDatabase:
    url: str
    engine: Engine
    kind: str


def _fresh_postgres_database(server_url: str) -> tuple[str, Callable[[], None]]:
    """A new database on the suite's PostgreSQL server, and how to drop it.

    A database rather than a schema (tests/conftest.py's way): PostgreSQL's advisory
    locks belong to a database, and the register feed takes one on every new case
    (portal/register/feed.py), so in a shared database these writers would queue behind
    other test runs' rolled-back transactions and measure them instead of the portal.
    """
    name = f"test_concurrent_{secrets.token_hex(6)}"
    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any failure to reach it is fatal here
        admin.dispose()
        pytest.fail(f"PostgreSQL at TEST_DATABASE_URL is unreachable: {error}", pytrace=False)

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(params=["sqlite", "postgresql"])
def own_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OwnDatabase]:
    """A migrated database with the demo council, seen by every connection, then dropped."""
    dropper: Callable[[], None]
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'portal.db'}"

        def dropper() -> None:
            pass  # tmp_path goes with the test
    else:
        url, dropper = _fresh_postgres_database(postgres_url())
    engine = make_engine(url)
    try:
        migrate.upgrade(url)
        with Session(engine) as session:
            load_demo_council(session)
            session.commit()
        yield OwnDatabase(url=url, engine=engine, kind=request.param)
    finally:
        engine.dispose()
        dropper()


@pytest.fixture
def live_app(own_database: OwnDatabase, tmp_path: Path) -> Iterator[Flask]:
    """The real app on that database: its own session per thread, commits that commit,
    CSRF on, and a failure answered with the 500 page (as a person would see it)."""
    # portal.extensions.db is one object for every app in the process: bind it to this
    # database for the test, then give it back to the suite's fixtures.
    previous_bind = db.session.session_factory.kw.get("bind")
    previous_engine = db.engine
    db.session.remove()
    app = make_test_app(own_database.url, own_database.engine, TESTING_SHARED_SESSION=False,
                        PROPAGATE_EXCEPTIONS=False, WTF_CSRF_ENABLED=True,
                        RATELIMIT_ENABLED=False, DRAFT_DIR=str(tmp_path / "drafts"))
    db.session.configure(bind=own_database.engine, join_transaction_mode=DEFAULT_JOIN_MODE)
    yield app
    db.session.remove()
    db.session.configure(bind=previous_bind, join_transaction_mode=DEFAULT_JOIN_MODE)
    db.engine = previous_engine


# --- the journey through the test client ---------------------------------------------------------


class Stopped(Exception):
    """A page answered something the journey cannot go on from (recorded, then the journey
    ends)."""


@dataclass
class Tally:
    statuses: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, status: int) -> None:
        with self.lock:
            self.statuses.append(status)

    @property
    def server_errors(self) -> list[int]:
        return [s for s in self.statuses if s >= 500]


def _path(location: str) -> str:
    return urlsplit(location).path


def fill_in(client: FlaskClient, email: str, tally: Tally) -> str:
    """Start, then GET and POST each question page; returns the check-answers page's
    CSRF token (the page is shown, Send not yet pressed)."""
    pages = answers_for(email)
    response = client.get("/complaint/start", query_string={"kind": "complaint"})
    tally.note(response.status_code)
    location = _path(response.headers.get("Location", ""))
    for _ in range(20):
        match = SLUG.search(location)
        if match is None:
            raise Stopped(f"{response.status_code} {location}")
        slug = match.group(1)
        page = client.get(location)
        tally.note(page.status_code)
        token = TOKEN.search(page.get_data(as_text=True))
        if page.status_code != 200 or token is None:
            raise Stopped(f"{page.status_code} at {slug}")
        if slug == "check-answers":
            return token.group(1)
        response = client.post(location, data={**pages[slug], "csrf_token": token.group(1)})
        tally.note(response.status_code)
        if response.status_code != 302:
            raise Stopped(f"{response.status_code} at {slug}")
        location = _path(response.headers["Location"])
    raise Stopped("the journey did not end")


def press_send(client: FlaskClient, token: str, tally: Tally) -> bool:
    """True if the person was told it was sent (redirected to the confirmation)."""
    response = client.post("/complaint/check-answers", data={"csrf_token": token})
    tally.note(response.status_code)
    return response.status_code == 302 and _path(response.headers["Location"]) == "/complaint/sent"


def _send_and_note(client: FlaskClient, token: str, tally: Tally, told: list[bool]) -> None:
    told.append(press_send(client, token, tally))


def confirmation(client: FlaskClient, tally: Tally) -> tuple[str, str]:
    page = client.get("/complaint/sent")
    tally.note(page.status_code)
    body = page.get_data(as_text=True)
    reference = REFERENCE.search(body)
    code = re.search(r'id="tracking-code"><code[^>]*>([^<]+)<', body)
    if page.status_code != 200 or reference is None or code is None:
        raise Stopped(f"{page.status_code} at sent")
    return reference.group(0), code.group(1)


def run_together(workers: list[Callable[[], None]], timeout: float = 90) -> list[BaseException]:
    """Run each worker in its own thread, all released at once; their exceptions."""
    start = threading.Barrier(len(workers))
    failures: list[BaseException] = []

    def body(work: Callable[[], None]) -> None:
        try:
            start.wait(timeout=10)
            work()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            failures.append(error)

    threads = [threading.Thread(target=body, args=(w,), daemon=True) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(t.is_alive() for t in threads), "a client never finished"
    return failures


# --- what a whole case is ------------------------------------------------------------------------


def cases_for(engine: Engine, emails: list[str]) -> dict[str, list[int]]:
    """The ids of the cases whose complainant gave each email."""
    with Session(engine) as session:
        rows = session.execute(
            select(Person.email, Person.representation_id)
            .where(Person.role == PersonRole.COMPLAINANT, Person.email.in_(emails))
        ).all()
    found: dict[str, list[int]] = {email: [] for email in emails}
    for email, rep_id in rows:
        found[str(email)].append(rep_id)
    return found


def half_written(engine: Engine) -> list[str]:
    """Every case in the database that lacks a part a sent complaint always has."""
    problems = []
    with Session(engine) as session:
        for rep in session.scalars(select(Representation)):
            complainant = [p for p in rep.people if p.role == PersonRole.COMPLAINANT]
            events = set(session.scalars(select(CaseEvent.type)
                                         .where(CaseEvent.representation_id == rep.id)))
            stages = session.scalar(select(func.count()).select_from(Stage)
                                    .where(Stage.representation_id == rep.id))
            mails = session.scalar(
                select(func.count()).select_from(OutgoingMail)
                .where(OutgoingMail.purpose == "acknowledgement",
                       OutgoingMail.to_address == (complainant[0].email if complainant else ""),
                       OutgoingMail.subject.contains(rep.reference)))
            missing = [name for name, ok in [
                ("complainant", len(complainant) == 1),
                ("stage", stages == 1),
                ("submitted event", "submitted" in events),
                ("routed event", ROUTED in events),
                ("acknowledgement", mails == 1),
            ] if not ok]
            if missing:
                problems.append(f"{rep.reference}: no {', '.join(missing)}")
    return problems


def all_references(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(Representation.reference)))


# --- eight people at once ------------------------------------------------------------------------


def test_eight_people_sending_at_once_all_get_their_reference(
        own_database: OwnDatabase, live_app: Flask) -> None:
    tally = Tally()
    told: dict[str, str] = {}  # email -> reference shown

    def person(n: int) -> Callable[[], None]:
        def work() -> None:
            client = live_app.test_client()
            for j in range(JOURNEYS_EACH):
                email = f"person{n}-journey{j}@example.com"
                token = fill_in(client, email, tally)
                assert press_send(client, token, tally), email
                told[email] = confirmation(client, tally)[0]
        return work

    failures = run_together([person(n) for n in range(CLIENTS)])

    assert not tally.server_errors, f"{len(tally.server_errors)} answers were 5xx"
    assert not failures, failures[:3]
    assert len(told) == CLIENTS * JOURNEYS_EACH
    found = cases_for(own_database.engine, list(told))
    assert all(len(ids) == 1 for ids in found.values()), "a journey made no case or two"
    references = all_references(own_database.engine)
    assert len(references) == CLIENTS * JOURNEYS_EACH
    assert sorted(references) == sorted(told.values()), "each person saw their own reference"
    assert half_written(own_database.engine) == []


# --- the final button pressed twice ------------------------------------------------------------


def test_send_pressed_twice_at_the_same_moment_makes_one_case(
        own_database: OwnDatabase, live_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two tabs, or a double click: both requests are in the app before either has done
    anything (forced here, so the race is not left to chance). On PostgreSQL both are also
    held until both are inside ``submit``, past its "already sent?" check, so the losing
    insert meets the winner's unique key. One case; both are told it was sent and shown
    the same reference and code."""
    both_arrived = threading.Barrier(2)
    both_sending = threading.Barrier(2)
    submits: list[str] = []
    real_submit = services.submit

    def hold_until_both_arrive() -> None:
        if request.method == "POST" and request.path == "/complaint/check-answers":
            both_arrived.wait(timeout=10)

    def submit(session: Session, **kwargs: Any) -> Any:
        submits.append(kwargs["submission_key"])
        if own_database.kind == "postgresql":
            # Not on SQLite: there the second request waits for the write lock (taken at
            # its first query) until the first has committed, so it never gets here first.
            both_sending.wait(timeout=10)
        return real_submit(session, **kwargs)

    # Before every other hook: the council lookup already takes SQLite's write lock.
    live_app.before_request_funcs.setdefault(None, []).insert(0, hold_until_both_arrive)
    monkeypatch.setattr(services, "submit", submit)

    for round_ in range(3):
        tally = Tally()
        first = live_app.test_client()
        token = fill_in(first, f"twice{round_}@example.com", tally)
        second = live_app.test_client()
        cookie = first.get_cookie("session", domain="portal.test")
        assert cookie is not None
        second.set_cookie("session", cookie.value, domain="portal.test")
        told: list[bool] = []
        both_arrived.reset()
        both_sending.reset()
        submits.clear()
        failures = run_together([partial(_send_and_note, c, token, tally, told)
                                 for c in (first, second)])

        assert not failures, failures
        assert not tally.server_errors
        assert told == [True, True], "both tabs must be told it was sent"
        if own_database.kind == "postgresql":
            assert len(submits) == 2, "both requests must have raced inside submit"
        found = cases_for(own_database.engine, [f"twice{round_}@example.com"])
        assert len(found[f"twice{round_}@example.com"]) == 1
        assert confirmation(first, tally) == confirmation(second, tally)
    assert len(all_references(own_database.engine)) == 3
    assert half_written(own_database.engine) == []


# --- a real server, killed mid-send ---------------------------------------------------------------

_SERVER = textwrap.dedent("""
    import sys
    from datetime import datetime
    import time_machine

    url, drafts, now = sys.argv[1], sys.argv[2], sys.argv[3]
    time_machine.travel(datetime.fromisoformat(now), tick=True).start()
    from werkzeug.serving import make_server
    from portal import create_app

    app = create_app({"PORTAL_ENV": "test", "SECRET_KEY": %r, "DATABASE_URL": url,
                      "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": False,
                      "PROPAGATE_EXCEPTIONS": False, "DRAFT_DIR": drafts})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()
""") % TEST_SECRET


class Server:
    """A portal server process on the test's database; kill() is kill -9."""

    def __init__(self, url: str, drafts: Path, log: Path) -> None:
        self.url, self.drafts, self.log = url, drafts, log
        self.process: subprocess.Popen[str] | None = None
        self.port = 0
        self.up = threading.Event()

    def start(self) -> None:
        # The server's clock starts from this process's pinned, ticking one, so it never
        # goes back across a restart (a session cookie from "the future" is refused).
        now = datetime.now(UTC)
        assert abs(now - PINNED_NOW) < timedelta(minutes=10), "the pin must hold"
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _SERVER, self.url, str(self.drafts), now.isoformat()],
                cwd=ROOT, env={**os.environ, "PORTAL_ENV": "test"}, stdout=subprocess.PIPE,
                stderr=log, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.strip().isdigit(), f"the server did not start: see {self.log}"
        self.port = int(line)
        self.up.set()

    def kill(self) -> None:
        self.up.clear()
        assert self.process is not None
        assert self.process.stdout is not None
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process.stdout.close()


class Browser:
    """One person's browser: its own cookie, no redirects followed, and after a dropped
    connection it waits for the server to come back and tries the same step again."""

    def __init__(self, server: Server, tally: Tally) -> None:
        self.server, self.tally = server, tally
        self.cookie = ""

    def _once(self, method: str, path: str, form: dict[str, Any] | None) -> tuple[int, str, str]:
        if not self.server.up.wait(timeout=30):
            raise Stopped("the server did not come back")
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            headers = {"Host": "127.0.0.1", **({"Cookie": self.cookie} if self.cookie else {})}
            body = None
            if form is not None:
                body = urlencode(form, doseq=True)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text_ = response.read().decode()
            set_cookie = response.getheader("Set-Cookie")
            if set_cookie and set_cookie.startswith("session="):
                self.cookie = set_cookie.split(";", 1)[0]
            return response.status, response.getheader("Location") or "", text_
        finally:
            connection.close()

    def call(self, method: str, path: str, form: dict[str, Any] | None = None
             ) -> tuple[int, str, str]:
        for _ in range(20):
            try:
                status, location, body = self._once(method, path, form)
            except (OSError, http.client.HTTPException):
                time.sleep(0.2)  # killed mid-request: no answer, so try again
                continue
            self.tally.note(status)
            return status, _path(location), body
        raise Stopped(f"no answer from {path}")

    def journey(self, email: str, acknowledged: Callable[[], None]) -> None:
        pages = answers_for(email)
        status, location, _ = self.call("GET", "/complaint/start?kind=complaint")
        send_token = ""
        for _ in range(20):
            slug = SLUG.search(location)
            if slug is None:
                raise Stopped(f"{status} {location}")
            status, _, body = self.call("GET", location)
            token = TOKEN.search(body)
            if status != 200 or token is None:
                raise Stopped(f"{status} at {location}")
            if slug.group(1) == "check-answers":
                send_token = token.group(1)
                break
            status, location, _ = self.call("POST", location,
                                            {**pages[slug.group(1)], "csrf_token": token.group(1)})
        else:
            raise Stopped("the journey did not end")
        # Send, and if the connection drops, press Send again once the server is back
        # (what a person would do): it must never make a second case.
        status, location, _ = self.call("POST", "/complaint/check-answers",
                                        {"csrf_token": send_token})
        if status == 302 and location == "/complaint/sent":
            acknowledged()


def test_a_server_killed_while_people_send_loses_and_doubles_nothing(
        own_database: OwnDatabase, tmp_path: Path) -> None:
    server = Server(own_database.url, tmp_path / "drafts", tmp_path / "server.log")
    tally = Tally()
    acknowledged: set[str] = set()
    tried: set[str] = set()
    stop = threading.Event()

    def person(n: int) -> Callable[[], None]:
        def work() -> None:
            browser = Browser(server, tally)
            j = 0
            while not stop.is_set():
                email = f"kill{n}-{j}@example.com"
                tried.add(email)
                browser.journey(email, partial(acknowledged.add, email))
                j += 1
        return work

    server.start()
    killer_failures: list[BaseException] = []

    def killer() -> None:
        try:
            for _ in range(KILLS):
                # Killed while eight people are mid-journey, some of them mid-Send.
                target = len(acknowledged) + 4
                deadline = time.monotonic() + 15
                while len(acknowledged) < target and time.monotonic() < deadline:
                    time.sleep(0.02)
                server.kill()
                server.start()
            target = len(acknowledged) + 2
            deadline = time.monotonic() + 10
            while len(acknowledged) < target and time.monotonic() < deadline:
                time.sleep(0.05)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            killer_failures.append(error)
        finally:
            stop.set()

    try:
        failures = run_together([person(n) for n in range(CLIENTS)] + [killer], timeout=120)
    finally:
        stop.set()
        server.kill()

    log = (tmp_path / "server.log").read_text()
    assert not killer_failures, killer_failures
    assert not tally.server_errors, f"{len(tally.server_errors)} answers were 5xx:\n{log[-3000:]}"
    assert not failures, failures[:3]
    assert len(acknowledged) >= 4 * KILLS + 2, "too few submissions to mean anything"
    found = cases_for(own_database.engine, sorted(tried))
    lost = [e for e in acknowledged if not found[e]]
    doubled = [e for e, ids in found.items() if len(ids) > 1]
    assert lost == [], f"told it was sent, but not in the register: {lost}"
    assert doubled == [], f"in the register twice: {doubled}"
    assert half_written(own_database.engine) == []


# --- when a Send fails: the error page says only what the portal knows --------------------------


def _error_page(response: Any) -> str:
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "it is safe" not in body, "the page must not promise what the portal does not know"
    return body


@pytest.mark.parametrize("fails", ["before the commit", "after the commit"])
def test_a_failed_send_offers_the_kept_answers_and_sending_again_makes_one_case(
        own_database: OwnDatabase, live_app: Flask, monkeypatch: pytest.MonkeyPatch,
        fails: str) -> None:
    """Whether or not the failed Send reached the register, the page says the same true
    things (the answers are kept; pressing Send again is safe), and pressing it again
    gives exactly one case."""
    tally = Tally()
    client = live_app.test_client()
    token = fill_in(client, "failed-send@example.com", tally)
    with monkeypatch.context() as broken:
        if fails == "before the commit":
            def submit(session: Session, **_kwargs: Any) -> Any:
                # A real database error: PostgreSQL then refuses every query until the
                # transaction is rolled back, the error page's own included.
                return session.execute(text("SELECT * FROM no_such_table"))
            broken.setattr(services, "submit", submit)
        else:
            def after_sending(*_args: Any) -> None:
                raise RuntimeError("the draft store went away")
            broken.setattr(views, "_after_sending", after_sending)
        page = _error_page(client.post("/complaint/check-answers",
                                       data={"csrf_token": token}))
    assert "We still have the answers you gave" in page
    assert "for the next 30 minutes" in page
    assert "Riverside Borough Council" in page, "the page is whole, the council named"
    assert 'href="/complaint/check-answers"' in page
    assert "it is fine to press it again" in page
    assert 'href="/"' in page
    made = cases_for(own_database.engine, ["failed-send@example.com"])["failed-send@example.com"]
    assert len(made) == (0 if fails == "before the commit" else 1)

    # Back to the answers, and Send again.
    back = client.get("/complaint/check-answers")
    assert back.status_code == 200
    again = TOKEN.search(back.get_data(as_text=True))
    assert again is not None
    assert press_send(client, again.group(1), tally)
    assert len(cases_for(own_database.engine, ["failed-send@example.com"])[
        "failed-send@example.com"]) == 1
    assert half_written(own_database.engine) == []


def test_after_sending_the_error_page_says_it_was_got(
        live_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    tally = Tally()
    client = live_app.test_client()
    assert press_send(client, fill_in(client, "got-it@example.com", tally), tally)

    def reason_text(*_args: Any) -> str:
        raise RuntimeError("broken page")

    with monkeypatch.context() as broken:
        broken.setattr(sending_code, "reason_text", reason_text)
        page = _error_page(client.get("/complaint/sent"))
    assert "We have got what you sent us" in page
    assert 'href="/complaint/sent"' in page
    assert "We still have the answers" not in page
    assert client.get("/complaint/sent").status_code == 200


def test_without_answers_or_when_they_cannot_be_read_the_page_promises_nothing(
        live_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_view(*_args: Any) -> Any:
        raise RuntimeError("broken page")

    client = live_app.test_client()
    with monkeypatch.context() as broken:
        broken.setattr(views, "timeout_context", broken_view)  # every question page breaks
        # No journey started: nothing about answers at all.
        page = _error_page(client.get(FIRST_PAGE))
        assert "Please try again in a few minutes" in page
        assert "answers" not in page
        assert 'href="/complaint/check-answers"' not in page

        # A journey started, but the draft store cannot be read: the way back is offered,
        # with no claim that the answers are there.
        client.get("/complaint/start", query_string={"kind": "complaint"})
        broken.setattr(drafts, "draft_store", broken_view)
        page = _error_page(client.get(FIRST_PAGE))
        assert "If you were filling in the form" in page
        assert 'href="/complaint/check-answers"' in page
        assert "We still have" not in page

        # In Welsh too (in a browser of its own: the language is kept by a cookie).
        welsh = _error_page(live_app.test_client().get(FIRST_PAGE, query_string={"lang": "cy"}))
        assert "Nid eich bai chi oedd hyn." in welsh
        assert "Rhowch gynnig arall arni ymhen ychydig funudau." in welsh


def test_the_error_page_is_whole_when_the_database_failed(
        own_database: OwnDatabase, live_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page that failed in the database (PostgreSQL then refuses every query until a
    rollback) still gets the kind page naming the council, not a bare "Internal Server
    Error" from the error page failing too."""
    from portal.web.public import views as public_views

    def render_template(*_args: Any, **_kwargs: Any) -> str:
        db.session.execute(text("SELECT * FROM no_such_table"))
        raise AssertionError("unreachable")

    monkeypatch.setattr(public_views, "render_template", render_template)
    page = _error_page(live_app.test_client().get("/privacy"))
    assert "Sorry, something went wrong on our side" in page
    assert "Riverside Borough Council" in page


# --- SQLite's rules underneath (portal/db/session.py) ------------------------------------------

SQLITE_ONLY = pytest.mark.parametrize("own_database", ["sqlite"], indirect=True)


def _counter(year: int) -> Any:
    return text("INSERT INTO reference_counters (council_id, year, last) "
                "SELECT id, :year, 0 FROM councils").bindparams(year=year)


def _impatient(engine: Engine) -> Any:
    """A connection that gives up at once instead of waiting for the write lock."""
    connection = engine.connect()
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute("PRAGMA busy_timeout=0")
    return connection


@SQLITE_ONLY
def test_sqlite_writes_take_the_lock_when_they_begin_and_reads_never_wait(
        own_database: OwnDatabase, live_app: Flask) -> None:
    engine = own_database.engine
    with engine.connect() as writer:
        writer.execute(_counter(2030))  # a POST, a command, a worker: BEGIN IMMEDIATE
        with live_app.test_request_context("/track", method="POST"):
            second = _impatient(engine)
            with pytest.raises(OperationalError, match="locked"):
                second.execute(text("SELECT 1"))  # refused at BEGIN, before any write
            second.close()
        with live_app.test_request_context("/", method="GET"):
            reader = _impatient(engine)
            # A page that only reads begins deferred: under WAL it never waits.
            assert reader.execute(text("SELECT count(*) FROM councils")).scalar() == 1
            reader.close()
        writer.rollback()


@SQLITE_ONLY
def test_sqlite_send_takes_the_write_lock_at_its_first_write(
        own_database: OwnDatabase, live_app: Flask) -> None:
    """Send (``@writes_late``) reads the council without the write lock, so another
    worker's Send is not held up while this one checks its token and routes; its first
    write then waits for the lock and is not refused."""
    engine = own_database.engine
    with live_app.test_request_context("/complaint/check-answers", method="POST"):
        with engine.connect() as writer:
            writer.execute(_counter(2034))  # another worker's Send holds the write lock
            send = _impatient(engine)
            assert send.execute(text("SELECT count(*) FROM councils")).scalar() == 1
            with pytest.raises(OperationalError, match="locked"):
                send.execute(_counter(2035))  # its first write waits (here: at once)
            send.close()
            writer.rollback()
        with engine.connect() as send:  # with the lock free, the same write goes through
            send.execute(text("SELECT count(*) FROM councils"))
            send.execute(_counter(2036))
            send.commit()
    with engine.connect() as check:
        years = check.execute(text("SELECT year FROM reference_counters ORDER BY year"))
        assert [y for (y,) in years] == [2036]


@SQLITE_ONLY
def test_sqlite_a_page_that_reads_then_writes_is_not_refused(
        own_database: OwnDatabase, live_app: Flask) -> None:
    """The bug: a deferred transaction that read, then wants to write after another
    connection committed, fails at once ("database is locked"), whatever the busy
    timeout. A GET's transaction takes the write lock before its first write instead."""
    engine = own_database.engine
    with live_app.test_request_context("/staff/cases/1", method="GET"):
        with engine.connect() as page:
            assert page.execute(text("SELECT count(*) FROM reference_counters")).scalar() == 0
            with engine.connect() as other:  # someone sends meanwhile, outside this page
                other.execute(_counter(2031))
                other.commit()
            page.execute(_counter(2032))  # an audit row, say
            page.commit()
    with engine.connect() as check:
        years = check.execute(text("SELECT year FROM reference_counters ORDER BY year"))
        assert [y for (y,) in years] == [2031, 2032]


@SQLITE_ONLY
def test_sqlite_a_post_that_streams_its_download_reads_without_the_write_lock(
        own_database: OwnDatabase, live_app: Flask) -> None:
    """The register export is a POST whose body streams after its audit row is committed
    (portal/register/export.py): while it is read, everyone else may still write."""
    engine = own_database.engine
    with engine.connect() as writer:
        writer.execute(_counter(2033))  # someone sending holds the write lock
        with live_app.test_request_context("/staff/register/export", method="POST"):
            reads_from_now()
            download = _impatient(engine)
            assert download.execute(text("SELECT count(*) FROM councils")).scalar() == 1
            download.close()
        writer.rollback()
