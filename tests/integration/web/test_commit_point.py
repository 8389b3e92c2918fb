"""The one commit point (portal.db.session.init_commit_point): what a request wrote is
committed after an answer below 400, and rolled back after an exception or an answer of
400 or more, unless the view said the refusal keeps it (``keep_on_refusal``).

The suite's ``session`` fixture turns commits into savepoints of one rolled-back
transaction, which cannot tell a commit from work left pending. So these tests drive an
app whose commits commit, on the suite's database, with a blueprint of their own that
writes one audit row (action ``MARK``), and read what stayed from a connection of their
own; the rows go afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import (
    Blueprint,
    Flask,
    Response,
    flash,
    get_flashed_messages,
    redirect,
    session,
    stream_with_context,
)
from sqlalchemy import Engine, delete, func, select

from portal.db.session import keep_on_refusal
from portal.extensions import db
from portal.models.staff import AuditLog
from portal.staff.services import audit
from tests.conftest import make_test_app

MARK = "commit_point_test"

bp = Blueprint("commit_point_test", __name__, url_prefix="/commit-point-test")


def _write(case: str) -> None:
    audit(None, MARK, detail={"case": case})


@bp.post("/redirect")
def redirects() -> Any:
    _write("redirect")
    return redirect("/")


@bp.post("/raise")
def raises() -> Any:
    _write("raise")
    raise RuntimeError("a bug after the write")


@bp.post("/refuse")
def refuses() -> Any:
    _write("refuse")
    return "Fix the form", 400


@bp.post("/refuse-and-keep")
def refuses_and_keeps() -> Any:
    _write("refuse-and-keep")
    keep_on_refusal()
    return "Refused, and the refusal is on the record", 400


@bp.post("/unavailable")
def unavailable() -> Any:
    _write("unavailable")
    keep_on_refusal()  # a refusal, not a failure: a 5xx still rolls back
    return "Try later", 503


@bp.post("/remember")
def remember() -> Any:
    session["notice"] = "before"
    return "", 204


@bp.post("/commit-fails")
def commit_fails() -> Any:
    _write("commit-fails")
    session["notice"] = "saved"
    flash("Saved")
    db.session.add(AuditLog(action=None))  # NOT NULL: refused when the commit flushes it
    return redirect("/")


@bp.get("/notice")
def notice() -> Any:
    return {"notice": session.get("notice"), "flashes": get_flashed_messages()}


@bp.get("/download")
def download() -> Any:
    _write("download")

    def body() -> Iterator[str]:
        # Read once Flask has ended the request's contexts (and removed its session).
        yield str(db.session.scalar(select(func.count()).select_from(AuditLog)
                                    .where(AuditLog.action == MARK)))

    return Response(stream_with_context(body()), mimetype="text/plain")


@pytest.fixture
def committing_app(database_url: str, engine: Engine) -> Iterator[Flask]:
    """The portal with its blueprint beside the test's, each request in a session of its
    own that commits for real (as in production), and the 500 page for an error."""
    # portal.extensions.db is one object for every app: give its binding back afterwards.
    previous_bind = db.session.session_factory.kw.get("bind")
    db.session.remove()
    app = make_test_app(database_url, engine, TESTING_SHARED_SESSION=False,
                        PROPAGATE_EXCEPTIONS=False)
    app.register_blueprint(bp)
    try:
        yield app
    finally:
        db.session.remove()
        db.session.configure(bind=previous_bind)
        with engine.begin() as connection:
            connection.execute(delete(AuditLog).where(AuditLog.action == MARK))


def kept(engine: Engine) -> list[str]:
    """The cases whose rows are in the database, as another connection sees it."""
    with engine.connect() as connection:
        details = connection.scalars(select(AuditLog.detail).where(AuditLog.action == MARK)
                                     .order_by(AuditLog.id))
        return [str(detail["case"]) for detail in details]


def test_a_change_made_before_a_redirect_is_committed(
        committing_app: Flask, engine: Engine) -> None:
    response = committing_app.test_client().post("/commit-point-test/redirect")
    assert response.status_code == 302
    assert kept(engine) == ["redirect"]


def test_a_change_made_before_an_exception_is_rolled_back(
        committing_app: Flask, engine: Engine) -> None:
    response = committing_app.test_client().post("/commit-point-test/raise")
    assert response.status_code == 500
    assert kept(engine) == []


def test_a_change_made_before_a_refusal_is_rolled_back(
        committing_app: Flask, engine: Engine) -> None:
    response = committing_app.test_client().post("/commit-point-test/refuse")
    assert response.status_code == 400
    assert kept(engine) == []


def test_a_refusal_keeps_its_changes_only_when_the_view_says_so(
        committing_app: Flask, engine: Engine) -> None:
    client = committing_app.test_client()
    assert client.post("/commit-point-test/refuse-and-keep").status_code == 400
    assert client.post("/commit-point-test/unavailable").status_code == 503
    assert kept(engine) == ["refuse-and-keep"]


def test_a_commit_that_fails_is_the_error_page_and_leaves_the_browser_as_it_was(
        committing_app: Flask, engine: Engine) -> None:
    client = committing_app.test_client()
    assert client.post("/commit-point-test/remember").status_code == 204
    failed = client.post("/commit-point-test/commit-fails")
    assert failed.status_code == 500
    assert kept(engine) == []
    # Neither the notice nor the "Saved" message set before the commit outlives it.
    assert client.get("/commit-point-test/notice").get_json() == {
        "notice": "before", "flashes": []}


def test_a_streamed_download_is_committed_before_its_body_reads(
        committing_app: Flask, engine: Engine) -> None:
    response = committing_app.test_client().get("/commit-point-test/download")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "1"  # the body's own session sees the row
    assert kept(engine) == ["download"]
