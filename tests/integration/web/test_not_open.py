"""With no council loaded the public pages say kindly that the portal is not open yet,
before the first question, instead of a 500 at "Check your answers" that loses a
child's words; the log names a command that exists (issue 13, part 8)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models.cases import Representation
from portal.models.councils import Council
from portal.settings.council import CouncilSettings
from portal.web.complaints.session import DRAFT_KEY
from tests.support.journey import check_page

CLOSED = [
    "/",
    "/complaint/start",
    "/complaint/start?kind=complaint",
    "/complaint/who-are-you",
    "/complaint/get-help-now",
    "/complaint/check-answers",
    "/complaint/sent",
    "/track",
    "/track/case",
    "/track/case/new-advocate",
]
STILL_OPEN = ["/privacy", "/accessibility", "/cookies", "/healthz"]
OPENING_LOG = "portal.councils.opening"


@pytest.fixture
def closed(app: Flask, session: Session, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> FlaskClient:
    """A portal whose database holds no council, with its drafts in an empty folder."""
    assert session.scalar(select(func.count(Council.id))) == 0, "a council leaked in"
    monkeypatch.setitem(app.config, "DRAFT_DIR", str(tmp_path / "drafts"))
    monkeypatch.setitem(app.config, "DRAFT_STORAGE_URL", "")
    return app.test_client()


def nothing_kept(client: FlaskClient, session: Session, tmp_path: Path) -> None:
    with client.session_transaction() as cookie:
        assert DRAFT_KEY not in cookie
    assert not (tmp_path / "drafts").exists() or not any((tmp_path / "drafts").iterdir())
    assert session.scalar(select(func.count(Representation.id))) == 0


@pytest.mark.parametrize("path", CLOSED)
def test_every_public_journey_page_says_not_open_yet(closed: FlaskClient, session: Session,
                                                      tmp_path: Path, path: str) -> None:
    response = closed.get(path)
    assert response.status_code == 503
    page = check_page(response)  # one h1, Exit this page, lang
    assert page.h1.get_text(strip=True) == "This service is not open yet"
    assert 'href="tel:999"' in response.text
    assert 'href="tel:08001111"' in response.text
    nothing_kept(closed, session, tmp_path)


def test_an_answer_sent_anyway_is_not_kept(closed: FlaskClient, session: Session,
                                           tmp_path: Path) -> None:
    response = closed.post("/complaint/who-are-you", data={"submitter": "child"})
    assert response.status_code == 503
    response = closed.post("/complaint/what-happened",
                           data={"description": "Something a child typed."})
    assert response.status_code == 503
    assert "Something a child typed." not in response.text
    nothing_kept(closed, session, tmp_path)


def test_it_says_so_in_welsh(closed: FlaskClient) -> None:
    response = closed.get("/complaint/start", query_string={"lang": "cy"})
    assert response.status_code == 503
    page = check_page(response)
    assert page.html["lang"] == "cy"
    assert page.h1.get_text(strip=True) == "Dydy'r gwasanaeth hwn ddim ar agor eto"
    assert "Gadael y dudalen hon" in page.get_text()


@pytest.mark.parametrize("path", STILL_OPEN)
def test_the_footer_pages_still_answer(closed: FlaskClient, path: str) -> None:
    assert closed.get(path).status_code == 200


def test_exit_this_page_still_leaves_at_once(closed: FlaskClient) -> None:
    response = closed.get("/exit")
    assert response.status_code == 302
    assert response.headers["Location"] == CouncilSettings.exit_url


def test_the_log_names_a_command_that_exists(app: Flask, closed: FlaskClient,
                                            caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("ERROR", logger=OPENING_LOG)
    closed.get("/complaint/start")
    (record,) = [r for r in caplog.records if r.name == OPENING_LOG]
    commands = re.findall(r"flask --app portal ([a-z-]+) ([a-z-]+)", record.getMessage())
    assert ("council", "load") in commands
    runner = app.test_cli_runner()
    for group, command in commands:
        result = runner.invoke(args=[group, command, "--help"])
        assert result.exit_code == 0, (group, command, result.output)
        assert "Usage:" in result.output
    # What it named before, which does not exist: the check above can fail.
    assert runner.invoke(args=["council", "load-demo", "--help"]).exit_code != 0


def test_a_council_slug_that_matches_nothing_is_named(
        app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setitem(app.config, "COUNCIL_SLUG", "no-such-council")
    caplog.set_level("ERROR", logger=OPENING_LOG)
    assert client.get("/complaint/start").status_code == 503
    assert "COUNCIL_SLUG 'no-such-council'" in caplog.text


def test_with_a_council_the_journey_starts(client: FlaskClient) -> None:
    response = client.get("/complaint/start")
    assert response.status_code == 302
    assert client.get(response.headers["Location"]).status_code == 200
