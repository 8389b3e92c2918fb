"""A public page that only reads may use the council as this worker last read it, for a few
seconds (councils/services.py, ``public_council``; issue 17, part 2): a question page then
asks the database nothing. A change made here is seen at once, one made elsewhere within
the seconds allowed, and anything that writes reads the council afresh."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from portal.councils import services
from portal.models.councils import Council

QUESTION = "/complaint/who-are-you"


@pytest.fixture
def kept(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """Councils kept for 5 seconds, on a clock the test moves."""
    monkeypatch.setitem(app.config, "PUBLIC_COUNCIL_SECONDS", 5.0)
    clock = [1000.0]
    monkeypatch.setattr(services.time, "monotonic", lambda: clock[0])
    services.forget_recent_councils()
    yield clock
    services.forget_recent_councils()


def _statements(engine: Engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: seen.append(statement))
    return seen


def test_a_question_page_asks_the_database_nothing_once_the_council_is_read(
        client: FlaskClient, engine: Engine, council: Council, kept: list[float]) -> None:
    client.get("/complaint/start?kind=complaint")
    assert client.get(QUESTION).status_code == 200
    seen = _statements(engine)
    page = client.get(QUESTION)
    assert page.status_code == 200
    assert f"Run by {council.name}" in page.get_data(as_text=True)
    assert [s for s in seen if "councils" in s] == []


def test_a_change_made_in_this_worker_is_seen_at_once(
        client: FlaskClient, session: Session, council: Council, kept: list[float]) -> None:
    client.get("/complaint/start?kind=complaint")
    client.get(QUESTION)
    council.name = "Llanfair Council"
    session.commit()
    assert "Run by Llanfair Council" in client.get(QUESTION).get_data(as_text=True)


def test_a_change_made_elsewhere_is_seen_within_the_seconds_allowed(
        client: FlaskClient, session: Session, council: Council, kept: list[float]) -> None:
    client.get("/complaint/start?kind=complaint")
    old = council.name
    client.get(QUESTION)
    # Another worker's change: straight to the table, no flush of ours to hear of it.
    session.execute(update(Council.__table__).where(Council.__table__.c.id == council.id)
                    .values(name="Llanfair Council"))
    session.commit()
    kept[0] += 4.0
    assert f"Run by {old}" in client.get(QUESTION).get_data(as_text=True)
    kept[0] += 1.5
    # The tests' app shares the test's session; a worker's request starts with an empty one.
    session.expire_all()
    assert "Run by Llanfair Council" in client.get(QUESTION).get_data(as_text=True)


def test_what_writes_reads_the_council_afresh(
        client: FlaskClient, engine: Engine, council: Council, kept: list[float]) -> None:
    client.get("/complaint/start?kind=complaint")
    client.get(QUESTION)
    seen = _statements(engine)
    client.post(QUESTION, data={"submitter": "child"})
    assert any("FROM councils" in s for s in seen)


def test_tests_and_development_read_it_every_time(app: Flask) -> None:
    from portal import create_app

    assert app.config["PUBLIC_COUNCIL_SECONDS"] == 0
    production = create_app({"PORTAL_ENV": "production", "SECRET_KEY": "p" * 40,
                             "DATABASE_URL": "sqlite://", "PUBLIC_BASE_URL": "https://x.example",
                             "SINGLE_PROCESS": True})
    assert production.config["PUBLIC_COUNCIL_SECONDS"] == 5.0
