"""Shared fixtures: a migrated database on SQLite and on PostgreSQL, the app, a client.

Every test that uses ``app``, ``client`` or ``session`` runs twice, once per
database. PostgreSQL's URL comes from TEST_DATABASE_URL (make test sets it to
the local server); if it is missing or unreachable the run fails: a suite that
quietly skips PostgreSQL would let a production-only bug through.

Each run gets its own schema (PostgreSQL) or file (SQLite), so several runs on
one machine never see each other's rows; each test runs inside a transaction
that is rolled back, with the app's commits turned into savepoints.

The clock is an input (see ``pinned_clock``): the whole suite lives on
``PINNED_NOW``, whatever the machine's clock says, so it passes on any day
(``make test-future`` runs it with the machine's clock 400 days ahead).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from portal import create_app
from portal.councils.services import load_demo_council
from portal.db import migrate
from portal.db.session import make_engine
from portal.extensions import db, limiter
from portal.models.councils import Council

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PORTAL_SHARED_DIR", ROOT.parent / "shared"))
TEST_SECRET = "test-secret-key-" + "0" * 32

#: The moment the suite lives in: a Monday morning in term time, clear of bank holidays,
#: the clocks changing and the end of the financial year. Tests date their cases from it
#: (``PINNED_TODAY``, or literal dates near it), never from the machine's clock.
PINNED_NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
PINNED_TODAY: date = PINNED_NOW.date()


def _set_in_environment(name: str, why: str, example: str) -> str:
    """The server a variable names; unset, the run fails and says how to set it."""
    url = os.environ.get(name)
    if not url:
        pytest.fail(f"{name} is not set: {why}. Run make test, or set {name}={example}",
                    pytrace=False)
    return url


def postgres_url() -> str:
    return _set_in_environment("TEST_DATABASE_URL",
                               "the suite runs on PostgreSQL as well as SQLite",
                               "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def redis_url() -> str:
    """The Redis that production deployments share (rate limits, drafts): like
    PostgreSQL, a missing or unreachable server fails the run rather than skipping."""
    url = _set_in_environment("TEST_REDIS_URL", "the suite tests what production keeps in Redis",
                              "redis://127.0.0.1:6379/15")
    import redis

    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis at TEST_REDIS_URL is unreachable: {error}", pytrace=False)
    return url


def _fresh_postgres(url: str) -> tuple[str, Engine, str]:
    """A new, empty schema for this run, and a URL whose connections use it."""
    schema = f"test_{secrets.token_hex(6)}"
    admin = make_engine(url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:  # noqa: BLE001 - any failure to reach it is fatal here
        pytest.fail(f"PostgreSQL at TEST_DATABASE_URL is unreachable: {error}", pytrace=False)
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return scoped.render_as_string(hide_password=False), admin, schema


def without_faketime(environ: dict[str, str]) -> dict[str, str]:
    """A child process's environment without libfaketime (``make test-future``).

    Under libfaketime 0.9.10 a child Python that has started threads can wait for ever
    as it exits (its timed waits read the moved monotonic clock). The children the
    suite starts assert one-sentence refusals and rate-limit counts, never a date, and
    the pin cannot reach into them anyway, so they run on the machine's own clock.
    """
    return {k: v for k, v in environ.items()
            if k != "LD_PRELOAD" and not k.startswith("FAKETIME")}


@pytest.fixture(scope="session", autouse=True)
def _pinned_clock_for_the_run() -> Iterator[None]:
    """Session fixtures (migrations, the live server's demo data) see the pinned day too."""
    with time_machine.travel(PINNED_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def pinned_clock(_pinned_clock_for_the_run: None) -> Iterator[time_machine.Traveller]:
    """Every test starts at ``PINNED_NOW``; the clock then ticks, so timeouts still pass.

    The rule: no test reads the machine's clock. ``date.today()``, ``datetime.now()``,
    ``time.time()`` and everything built on them (the council's clock, itsdangerous
    tokens, the drafts' idle clock) answer from here, in this process and in the live
    server's thread, so a hard-coded date near ``PINNED_TODAY`` never becomes "in the
    past". A test that needs another moment moves this one
    (``pinned_clock.move_to(...)``) or passes ``now``/``today`` to the code under test.
    ``tests/unit/common/test_pinned_clock.py`` fails if the pin ever stops holding.
    """
    with time_machine.travel(PINNED_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    assert SHARED.is_dir(), f"shared/ not found at {SHARED}; set PORTAL_SHARED_DIR"
    return SHARED


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[str]:
    """A migrated, empty database of each kind, for the whole run."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.db'}"
        migrate.upgrade(url)
        yield url
        return
    url, admin, schema = _fresh_postgres(postgres_url())
    migrate.upgrade(url)
    yield url
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def make_test_app(database_url: str, engine: Engine | None = None, **config: Any) -> Flask:
    settings = {
        "PORTAL_ENV": "test",
        "SECRET_KEY": TEST_SECRET,
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": True,
        "SERVER_NAME": "portal.test",
        "TESTING_SHARED_SESSION": True,
        **config,
    }
    if engine is not None:
        settings["DATABASE_ENGINE"] = engine
    return create_app(settings)


@pytest.fixture(scope="session")
def app(database_url: str, engine: Engine) -> Flask:
    return make_test_app(database_url, engine)


@pytest.fixture
def session(app: Flask, engine: Engine) -> Iterator[Session]:
    """The app's session, inside a transaction rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    db.session.remove()
    db.session.configure(bind=connection, join_transaction_mode="create_savepoint")
    with app.app_context():
        yield db.session()
    db.session.remove()
    db.session.configure(bind=engine, join_transaction_mode="conditional_savepoint")
    outer.rollback()
    connection.close()


@pytest.fixture
def council(session: Session) -> Council:
    return load_demo_council(session)


@pytest.fixture
def client(app: Flask, session: Session, council: Council) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def own_drafts(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The public journey's unsent answers in the test's own folder, and a fresh count for
    every rate limit: no test meets another's draft or uses up its tries."""
    monkeypatch.setitem(app.config, "DRAFT_DIR", str(tmp_path / "drafts"))
    limiter.reset()
