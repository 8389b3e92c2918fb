"""The read-only register API: per-system tokens, cursor pagination, change tracking."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from portal.councils.services import load_council
from portal.models.cases import (
    CaseEvent,
    EqualityMonitoring,
    Representation,
    Stage,
    representation_categories,
)
from portal.models.councils import Council
from portal.models.register import ApiClient, RegisterChange
from portal.register.csvio import RegisterRow, read_register
from portal.register.feed import add_api_client, entry_of
from portal.register.services import import_register
from portal.register.shared import example
from portal.vocab.register import Outcome
from portal.web.register.api import bp
from tests.conftest import make_test_app

URL = "/api/v1/register"


@pytest.fixture(scope="session")
def api_app(database_url: str, engine: Engine) -> Flask:
    app = make_test_app(database_url, engine)
    if bp.name not in app.blueprints:  # until create_app registers it
        app.register_blueprint(bp)
    return app


@pytest.fixture(autouse=True)
def _remove_committed_rows(engine: Engine) -> Iterator[None]:
    """Remove what a test committed (see test_register_db.py: SQLite's RELEASE commits)."""
    yield
    with engine.begin() as connection:
        for table in (ApiClient.__table__, RegisterChange.__table__, CaseEvent.__table__,
                      EqualityMonitoring.__table__, representation_categories,
                      Stage.__table__, Representation.__table__):
            connection.execute(table.delete())


@pytest.fixture
def api(api_app: Flask, session: Session, council: Council) -> FlaskClient:
    return api_app.test_client()


@pytest.fixture
def rows() -> list[RegisterRow]:
    return read_register(example("register-barking-2018-19.csv"))[:5]


@pytest.fixture
def token(session: Session, council: Council) -> str:
    return add_api_client(session, council.id, "case management system")


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    "header",
    [
        None,  # no token at all
        "Bearer not-a-token",  # a token nobody was given
        "Basic dXNlcjpwYXNz",  # another scheme
    ],
)
def test_every_request_needs_a_valid_bearer_token(
    api: FlaskClient, token: str, header: str | None
) -> None:
    response = api.get(URL, headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json == {"error": "a valid bearer token is needed"}


def test_a_revoked_token_is_refused(api: FlaskClient, session: Session, token: str) -> None:
    client = session.query(ApiClient).one()
    client.revoked_at = datetime.now(UTC)
    session.flush()
    assert api.get(URL, headers=auth(token)).status_code == 401


def test_tokens_are_kept_only_as_hashes(session: Session, token: str) -> None:
    client = session.query(ApiClient).one()
    assert token not in client.token_hash
    assert len(client.token_hash) == 64


def test_pages_follow_the_change_sequence(
    api: FlaskClient, session: Session, council: Council, token: str, rows: list[RegisterRow]
) -> None:
    import_register(session, council, rows)
    seen, url = [], f"{URL}?limit=2"
    pages = 0
    while url:
        response = api.get(url, headers=auth(token))
        assert response.status_code == 200
        body = response.json
        seen.extend(body["data"])
        url = body["next"]
        pages += 1
    assert pages == 3  # 2 + 2 + 1
    sequences = [item["sequence"] for item in seen]
    assert sequences == sorted(sequences)
    assert [item["entry"] for item in seen] == [entry_of(row) for row in rows]
    cursor = body["cursor"]

    # A change later: asking after the last cursor gives exactly that change.
    changed = dataclasses.replace(rows[2], outcome=Outcome.NOT_UPHELD)
    import_register(session, council, [*rows[:2], changed, *rows[3:]])
    response = api.get(f"{URL}?after={cursor}", headers=auth(token)).json
    assert [item["reference"] for item in response["data"]] == [changed.reference]
    assert response["data"][0]["entry"]["outcome"] == "not_upheld"
    assert response["next"] is None
    # Nothing new: an empty page that keeps the cursor.
    again = api.get(f"{URL}?after={response['cursor']}", headers=auth(token)).json
    assert again == {"data": [], "cursor": response["cursor"], "next": None}


def test_one_entry_as_it_stands(
    api: FlaskClient, session: Session, council: Council, token: str, rows: list[RegisterRow]
) -> None:
    import_register(session, council, rows)
    response = api.get(f"{URL}/{rows[0].reference}", headers=auth(token))
    assert response.status_code == 200
    assert response.json == entry_of(rows[0])
    assert api.get(f"{URL}/NOPE-1", headers=auth(token)).status_code == 404


def test_a_system_sees_only_its_own_councils_register(
    api: FlaskClient, session: Session, council: Council, rows: list[RegisterRow]
) -> None:
    other = load_council(session, {
        "slug": "other", "name": "Other Council", "nation": "england",
        "settings": {"contacts": {"duty_line": "0300 000 0000"}},
    })
    import_register(session, council, rows)
    outsider = add_api_client(session, other.id, "other council's system")
    assert api.get(URL, headers=auth(outsider)).json["data"] == []
    assert api.get(f"{URL}/{rows[0].reference}", headers=auth(outsider)).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",  # at least one
        "limit=1001",  # at most 1000
        "after=-1",
        "after=abc",
    ],
)
def test_bad_paging_is_a_400(api: FlaskClient, token: str, query: str) -> None:
    response = api.get(f"{URL}?{query}", headers=auth(token))
    assert response.status_code == 400
    assert "must be a whole number" in response.json["error"]


def test_the_api_is_read_only(api: FlaskClient, token: str) -> None:
    assert api.post(URL, headers=auth(token), json={}).status_code == 405
    assert api.delete(f"{URL}/X", headers=auth(token)).status_code == 405
