"""Push delivery through the outbox: same transaction, signed, at least once, never twice at once.

Runs on SQLite and PostgreSQL (the ``session`` fixture is parametrised).
"""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from portal.councils.services import load_council
from portal.models.cases import (
    CaseEvent,
    EqualityMonitoring,
    Representation,
    Stage,
    representation_categories,
)
from portal.models.councils import Category, Council, Team
from portal.models.register import ApiClient, FeedEndpoint, OutboxEntry, RegisterChange
from portal.register.cli import register_cli
from portal.register.csvio import RegisterRow, read_register
from portal.register.feed import (
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    add_endpoint,
    backoff,
    claim,
    deliver_due,
    http_send,
    pending,
    verify,
)
from portal.register.services import import_register
from portal.register.shared import example
from tests.conftest import PINNED_NOW
from tests.support.rows import count

#: The delivery worker's "now": a few minutes after the test stamps its entries
#: (the suite's clock is pinned at PINNED_NOW and ticks from there).
T0 = PINNED_NOW + timedelta(minutes=5)
REGISTER_TABLES = (
    OutboxEntry.__table__, FeedEndpoint.__table__, ApiClient.__table__,
    RegisterChange.__table__, CaseEvent.__table__, EqualityMonitoring.__table__,
    representation_categories, Stage.__table__, Representation.__table__,
)


@pytest.fixture(autouse=True)
def _remove_committed_rows(engine: Engine) -> Iterator[None]:
    """Remove what a test committed (see test_register_db.py: SQLite's RELEASE commits)."""
    yield
    with engine.begin() as connection:
        for table in REGISTER_TABLES:
            connection.execute(table.delete())


@pytest.fixture
def rows() -> list[RegisterRow]:
    return read_register(example("register-barking-2018-19.csv"))[:5]


class Receiver:
    """A tiny HTTP endpoint on 127.0.0.1 that records what it is sent."""

    def __init__(self, port: int) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        received = self.received

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_each_change_gets_an_outbox_entry_in_the_same_transaction(
    session: Session, council: Council, rows: list[RegisterRow]
) -> None:
    add_endpoint(session, council.id, "case system", "http://127.0.0.1:9/hook")
    add_endpoint(session, council.id, "data warehouse", "http://127.0.0.1:9/other")
    session.commit()
    import_register(session, council, rows)
    assert count(session, RegisterChange) == 5
    assert count(session, OutboxEntry) == 10  # one per change per endpoint
    session.rollback()  # the import does not commit: neither do its changes
    assert count(session, RegisterChange) == 0
    assert count(session, OutboxEntry) == 0


def test_importing_the_same_rows_again_sends_nothing_new(
    session: Session, council: Council, rows: list[RegisterRow]
) -> None:
    add_endpoint(session, council.id, "case system", "http://127.0.0.1:9/hook")
    import_register(session, council, rows)
    import_register(session, council, rows)
    assert count(session, OutboxEntry) == 5


def test_a_receiver_that_is_down_then_up_gets_every_change_once_signed(
    session: Session, council: Council, rows: list[RegisterRow]
) -> None:
    port = free_port()
    secret = add_endpoint(session, council.id, "case system", f"http://127.0.0.1:{port}/hook")
    import_register(session, council, rows)
    session.commit()

    # Down: nothing listens on the port. Every attempt fails and backs off.
    down = deliver_due(session, now=lambda: T0, send=http_send)
    assert (down.delivered, down.failed) == (0, 5)
    assert pending(session) == 5
    entries = session.scalars(select(OutboxEntry)).all()
    assert {e.next_attempt_at for e in entries} == {T0 + backoff(1)}
    assert all(e.last_error for e in entries)
    # Not due again before the back-off ends.
    assert deliver_due(session, now=lambda: T0 + timedelta(seconds=29)).delivered == 0

    with Receiver(port) as receiver:
        up = deliver_due(session, now=lambda: T0 + backoff(1), send=http_send)
        assert (up.delivered, up.failed) == (5, 0)
        assert deliver_due(session, now=lambda: T0 + timedelta(hours=1)).delivered == 0

    assert pending(session) == 0
    keys = [headers[IDEMPOTENCY_HEADER] for headers, _ in receiver.received]
    assert len(keys) == len(set(keys)) == 5, "each change exactly once"
    references = set()
    for headers, body in receiver.received:
        assert verify(secret, headers[SIGNATURE_HEADER], body)
        assert not verify(secret, headers[SIGNATURE_HEADER], body + b" ")  # tampering shows
        references.add(json.loads(body)["reference"])
    assert references == {row.reference for row in rows}


def test_a_worker_killed_mid_delivery_loses_nothing(
    session: Session, council: Council, rows: list[RegisterRow]
) -> None:
    add_endpoint(session, council.id, "case system", "http://127.0.0.1:9/hook")
    import_register(session, council, rows[:1])
    session.commit()
    sent: list[str] = []

    def killed_after_sending(endpoint: FeedEndpoint, entry: OutboxEntry, now: datetime) -> None:
        sent.append(entry.idempotency_key)
        raise KeyboardInterrupt  # the process dies before it can record the delivery

    with pytest.raises(KeyboardInterrupt):
        deliver_due(session, now=lambda: T0, send=killed_after_sending)
    session.rollback()  # what the database does when the connection drops
    assert pending(session) == 1

    def receiver(endpoint: FeedEndpoint, entry: OutboxEntry, now: datetime) -> None:
        sent.append(entry.idempotency_key)

    assert deliver_due(session, now=lambda: T0, send=receiver).delivered == 1
    assert pending(session) == 0
    # Delivered at least once; the repeat carries the same key for the receiver to drop.
    assert len(sent) == 2
    assert len(set(sent)) == 1


def test_two_workers_never_hold_the_same_entry(engine: Engine) -> None:
    """PostgreSQL: SKIP LOCKED hands the second worker another entry. SQLite: the
    first worker's claim holds the write lock, so the second cannot claim at all."""
    with Session(engine) as setup:
        council = load_council(setup, {
            "slug": "lock-test", "name": "Lock Test Council", "nation": "england",
            "settings": {"contacts": {"duty_line": "0300 000 0000"}},
        })
        add_endpoint(setup, council.id, "lock-test endpoint", "http://127.0.0.1:9/hook")
        import_register(setup, council, read_register(
            example("register-barking-2018-19.csv"))[:2])
        setup.commit()
        council_id = council.id
    first, second, third = Session(engine), Session(engine), Session(engine)
    try:
        one = claim(first, T0)
        assert one is not None
        if engine.dialect.name == "postgresql":
            two = claim(second, T0)
            assert two is not None
            assert two.id != one.id
            assert claim(third, T0) is None  # both entries are being delivered
        else:
            # The claim began with BEGIN IMMEDIATE (portal/db/session.py), so another
            # worker's BEGIN IMMEDIATE is refused; no busy wait here, so at once.
            impatient = engine.connect()
            impatient.connection.driver_connection.execute("PRAGMA busy_timeout=0")
            with pytest.raises(OperationalError, match="locked"):
                claim(Session(impatient), T0)
            impatient.close()
    finally:
        for worker in (first, second, third):
            worker.rollback()
            worker.close()
        with engine.begin() as connection:
            for table in REGISTER_TABLES:
                connection.execute(table.delete())
            for model in (Team, Category):
                connection.execute(model.__table__.delete().where(
                    model.council_id == council_id))
            connection.execute(Council.__table__.delete().where(Council.id == council_id))


def test_the_deliver_command_pushes_what_is_due(
    app: Flask, session: Session, council: Council, rows: list[RegisterRow]
) -> None:
    port = free_port()
    added = app.test_cli_runner().invoke(
        register_cli, ["endpoint", "case system", f"http://127.0.0.1:{port}/hook"])
    assert added.exit_code == 0, added.output
    secret = added.stdout.strip()
    import_register(session, council, rows)
    session.commit()
    with Receiver(port) as receiver:
        result = app.test_cli_runner().invoke(register_cli, ["deliver", "--once"])
    assert result.exit_code == 0, result.output
    assert "5 delivered, 0 to retry." in result.stderr
    assert len(receiver.received) == 5
    assert all(verify(secret, headers[SIGNATURE_HEADER], body)
               for headers, body in receiver.received)


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "example.com"])
def test_an_endpoint_must_be_http(app: Flask, session: Session, council: Council,
                                  url: str) -> None:
    result = app.test_cli_runner().invoke(register_cli, ["endpoint", "x", url])
    assert result.exit_code == 2
    assert count(session, FeedEndpoint) == 0
