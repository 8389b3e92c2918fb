"""Files through the public journey (issue 19, part 1), on SQLite and PostgreSQL, scanned by a
real clamd: added, refused kindly, removed, sent with the case, saved and restored with a
form, and forgotten with the draft."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import TestResponse, encode_multipart

from portal.complaints.drafts import Draft
from portal.files.refusals import Reason
from portal.files.scan import Clamd
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.files import StoredFile, StoredFileChunk
from portal.models.saved import SavedDraft
from portal.models.staff import Role
from portal.retention.purge import purge
from portal.vocab.files import FilePurpose
from portal.web.complaints.filing import REFUSED
from tests.conftest import PINNED_NOW
from tests.factories import make_user
from tests.support import files as samples
from tests.support.clamd import EICAR
from tests.support.journey import CHILD_COMPLAINT, check_page, confirmation, post_step, send
from tests.support.pages import parse
from tests.support.staff import sign_in_as

pytestmark = pytest.mark.usefixtures("own_drafts")

ORDER = list(CHILD_COMPLAINT)
BEFORE_FILES = ORDER[:ORDER.index("add-files")]
AFTER_FILES = ORDER[ORDER.index("add-files") + 1:]


@pytest.fixture
def scanned(app: Flask, clamd: Clamd, monkeypatch: pytest.MonkeyPatch) -> Clamd:
    """The app scans with the test's real clamd (knowing EICAR)."""
    monkeypatch.setitem(app.config, "CLAMD_SOCKET", clamd.socket_path)
    return clamd


@pytest.fixture
def statuses(app: Flask) -> Iterator[list[int]]:
    """Every status the app answered during the test: none may be 5xx."""
    seen: list[int] = []

    def record(sender: Flask, response: Any, **_extra: Any) -> None:
        seen.append(response.status_code)

    from flask import request_finished

    request_finished.connect(record, app)
    yield seen
    request_finished.disconnect(record, app)
    assert [s for s in seen if s >= 500] == []


def set_limits(session: Session, council: Council, **values: object) -> None:
    council.settings = {**council.settings, **values}
    for cached in [a for a in vars(council) if a.startswith("_portal")]:
        delattr(council, cached)
    session.commit()


def to_add_files(client: FlaskClient) -> None:
    client.get("/complaint/start", query_string={"kind": "complaint"})
    for slug in BEFORE_FILES:
        response = post_step(client, slug, CHILD_COMPLAINT[slug])
        assert response.status_code == 302, slug


def upload(client: FlaskClient, *files: tuple[bytes, str], action: str = "add",
           **extra: Any) -> TestResponse:
    data: dict[str, Any] = {"action": action, **extra}
    data["files"] = [FileStorage(io.BytesIO(body), name) for body, name in files]
    # Encoded here, in memory: the test client's own encoder spools a large body to a
    # temporary file it never closes.
    boundary, body = encode_multipart(MultiDict([(k, v) for k, vs in data.items()
                                                 for v in (vs if isinstance(vs, list) else [vs])]))
    return client.post("/complaint/add-files", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def rows(session: Session) -> tuple[int, int]:
    session.expire_all()
    return (session.scalar(select(func.count(StoredFile.id))) or 0,
            session.scalar(select(func.count()).select_from(StoredFileChunk)) or 0)


def listed(client: FlaskClient) -> list[str]:
    page = check_page(client.get("/complaint/add-files"))
    return [dt.get_text(strip=True) for dt in page.select("#files-added dt")]


def finish_and_send(client: FlaskClient) -> str:
    for slug in AFTER_FILES:
        response = post_step(client, slug, CHILD_COMPLAINT[slug])
        assert response.status_code == 302, slug
    reference, _code = confirmation(parse(send(client)))
    return reference


def test_a_photo_with_gps_reaches_staff_without_exif(
        client: FlaskClient, app: Flask, session: Session, council: Council, scanned: Clamd,
        statuses: list[int]) -> None:
    to_add_files(client)
    page = check_page(client.get("/complaint/add-files"))
    box = page.select_one("form[enctype='multipart/form-data'] input#files[type=file]")
    assert box is not None
    assert box.has_attr("multiple")
    assert "You can add up to 5 files. Each one can be up to 10 MB." in page.get_text(" ")
    photo = samples.jpeg_with_gps()
    assert b"Marker Phone" in photo
    response = upload(client, (photo, "bedroom door.jpg"))
    assert response.status_code == 302
    assert listed(client) == ["bedroom door.jpg"]
    assert post_step(client, "add-files", {"action": "continue"}).headers[
        "Location"].endswith("/complaint/when")
    for slug in AFTER_FILES:
        post_step(client, slug, CHILD_COMPLAINT[slug])
    check = check_page(client.get("/complaint/check-answers"))
    row = next(r for r in check.select(".govuk-summary-list__row")
               if "Add a photo" in r.select_one("dt").get_text())
    assert re.fullmatch(r"bedroom door\.jpg \(\d+ KB\)",
                        row.select_one("dd").get_text(" ", strip=True))
    assert row.select_one("a")["href"] == "/complaint/add-files?change=1#files"
    reference, _code = confirmation(parse(send(client)))

    rep = session.scalars(select(Representation).where(
        Representation.reference == reference)).one()
    stored = session.scalars(select(StoredFile).where(
        StoredFile.representation_id == rep.id)).one()
    assert stored.draft_token is None
    assert stored.purpose is FilePurpose.EVIDENCE
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    session.commit()
    staff = app.test_client()
    sign_in_as(staff, manager)
    download = staff.get(f"/staff/cases/{reference}/files/{stored.id}")
    assert download.status_code == 200
    assert download.mimetype == "image/jpeg"
    for marker in (b"Exif", b"Marker", b"GPS"):
        assert marker not in download.data
    image = Image.open(io.BytesIO(download.data))
    assert not image.getexif()
    assert image.size == (20, 40)  # turned upright as the phone meant


@pytest.mark.parametrize(("body", "name", "reason"), [
    (EICAR, "photo.jpg", Reason.INFECTED),
    (samples.EXE, "photo.jpg", Reason.NOT_ALLOWED_TYPE),
])
def test_a_virus_or_an_executable_is_refused_kindly_and_nothing_is_kept(
        client: FlaskClient, session: Session, scanned: Clamd, statuses: list[int],
        body: bytes, name: str, reason: Reason) -> None:
    to_add_files(client)
    response = upload(client, (body, name))
    page = check_page(response, errors=True)
    said = str(REFUSED[reason])
    assert said in page.select_one(".govuk-error-summary").get_text(" ", strip=True)  # type: ignore[union-attr]
    assert page.select_one(".govuk-error-summary a")["href"] == "#files"
    assert said in page.select_one("#files-error").get_text(" ", strip=True)
    assert rows(session) == (0, 0)
    assert listed(client) == []
    # Every other answer is kept: the form carries on and sends.
    assert post_step(client, "add-files", {}).status_code == 302
    reference = finish_and_send(client)
    assert reference
    assert rows(session) == (0, 0)


def test_files_can_be_removed_before_sending(
        client: FlaskClient, session: Session, scanned: Clamd, statuses: list[int]) -> None:
    to_add_files(client)
    assert upload(client, (samples.jpeg_with_gps(), "one.jpg"),
                  (samples.plain_pdf(), "two.pdf")).status_code == 302
    assert listed(client) == ["one.jpg", "two.pdf"]
    page = check_page(client.get("/complaint/add-files"))
    first = page.select("#files-added button[name=remove]")[0]
    assert "one.jpg" in first.get_text(" ")  # says which, to a screen reader
    removed = client.post("/complaint/add-files", data={"remove": first["value"]})
    assert removed.status_code == 302
    assert listed(client) == ["two.pdf"]
    assert rows(session)[0] == 1
    # A second press, or another draft's id, does nothing.
    assert client.post("/complaint/add-files", data={"remove": first["value"]}
                       ).status_code == 302
    assert client.post("/complaint/add-files", data={"remove": "x"}).status_code == 400
    assert post_step(client, "add-files", {}).status_code == 302
    reference = finish_and_send(client)
    kept = session.scalars(select(StoredFile)).all()
    assert [f.original_name for f in kept] == ["two.pdf"]
    assert kept[0].representation_id is not None
    assert reference


def test_the_councils_limits_refuse_kindly(
        client: FlaskClient, session: Session, council: Council, scanned: Clamd,
        statuses: list[int]) -> None:
    set_limits(session, council, upload_max_files=2, upload_max_file_mb=1,
               upload_max_total_mb=2)
    to_add_files(client)
    assert "You can add up to 2 files. Each one can be up to 1 MB." in \
        client.get("/complaint/add-files").get_data(as_text=True)
    big = samples.plain_pdf(padding=1100 * 1024)
    page = check_page(upload(client, (big, "scan.pdf")), errors=True)
    assert str(REFUSED[Reason.FILE_TOO_LARGE]) in page.get_text(" ")
    assert upload(client, (samples.plain_pdf(), "a.pdf"),
                  (samples.plain_pdf(), "b.pdf")).status_code == 302
    third = check_page(upload(client, (samples.plain_pdf(), "c.pdf")), errors=True)
    assert str(REFUSED[Reason.TOO_MANY_FILES]) in third.get_text(" ")
    assert listed(client) == ["a.pdf", "b.pdf"]
    # More than the page would ever take at once: a kind page, the answers kept.
    huge = b"%PDF-" + b"0" * (3 * 1024 * 1024)
    too_big = upload(client, (huge, "huge.pdf"))
    assert too_big.status_code == 413
    said = parse(too_big).select_one(".govuk-error-summary").get_text(" ", strip=True)  # type: ignore[union-attr]
    assert "too much to send at once" in said
    assert listed(client) == ["a.pdf", "b.pdf"]
    # "Add file" with nothing chosen says so.
    empty = check_page(client.post("/complaint/add-files", data={"action": "add"}),
                       errors=True)
    assert "Choose a file to add" in empty.get_text(" ")
    # The other pages still take only the app's 2 MB.
    assert post_step(client, "add-files", {}).status_code == 302
    assert rows(session)[0] == 2


def test_uploads_turned_off_say_so(client: FlaskClient, session: Session, council: Council,
                                   scanned: Clamd, statuses: list[int]) -> None:
    set_limits(session, council, uploads_enabled=False)
    to_add_files(client)
    page = check_page(client.get("/complaint/add-files"))
    assert page.select_one("input[type=file]") is None
    assert str(REFUSED[Reason.UPLOADS_OFF]) in page.get_text(" ")
    page = check_page(upload(client, (samples.plain_pdf(), "a.pdf")), errors=True)
    assert rows(session) == (0, 0)


def test_a_form_saved_with_a_file_comes_back_on_another_device_and_sends(
        client: FlaskClient, app: Flask, session: Session, council: Council,
        scanned: Clamd, statuses: list[int]) -> None:
    to_add_files(client)
    photo = samples.jpeg_with_gps()
    assert upload(client, (samples.plain_pdf(), "letter.pdf")).status_code == 302
    # "Save and come back later" with a photo still chosen: it is kept and saved too.
    response = upload(client, (photo, "door.jpg"), action="", save_for_later="1")
    assert response.headers["Location"].endswith("/complaint/saved")
    code = parse(client.get("/complaint/saved")).select_one("#saved-code").get_text(strip=True)  # type: ignore[union-attr]
    before = {f.original_name: f.sha256 for f in session.scalars(select(StoredFile))}
    assert set(before) == {"letter.pdf", "door.jpg"}
    # The saved row holds the files sealed: no name, no bytes in the clear.
    saved_row = session.scalars(select(SavedDraft)).one()
    assert b"letter.pdf" not in saved_row.ciphertext
    assert b"%PDF" not in saved_row.ciphertext

    other = app.test_client()
    location = other.post("/complaint/come-back", data={"code": code}).headers["Location"]
    assert location.endswith("/complaint/add-files")
    assert listed(other) == ["letter.pdf", "door.jpg"]
    # Re-created for the new draft, byte for byte (not re-encoded).
    session.expire_all()
    tokens = {f.draft_token for f in session.scalars(select(StoredFile))}
    assert len(tokens) == 2
    assert post_step(other, "add-files", {}).status_code == 302
    reference = finish_and_send(other)
    rep = session.scalars(select(Representation).where(
        Representation.reference == reference)).one()
    assert rep.description == CHILD_COMPLAINT["what-happened"]["description"]
    sent = {f.original_name: f.sha256 for f in session.scalars(
        select(StoredFile).where(StoredFile.representation_id == rep.id))}
    assert sent == before


def test_after_the_keeping_period_the_saved_files_are_gone(
        client: FlaskClient, app: Flask, session: Session, council: Council, scanned: Clamd,
        pinned_clock: Any, statuses: list[int]) -> None:
    to_add_files(client)
    upload(client, (samples.plain_pdf(), "letter.pdf"), action="", save_for_later="1")
    code = parse(client.get("/complaint/saved")).select_one("#saved-code").get_text(strip=True)  # type: ignore[union-attr]
    pinned_clock.move_to(PINNED_NOW + timedelta(days=29))
    later = app.test_client()
    assert later.post("/complaint/come-back", data={"code": code}).status_code == 400
    # The saved copy's files were only ever inside its sealed row; the draft's own are
    # swept once the draft is gone.
    report = purge(session, today=PINNED_NOW.date(), dry_run=False,
                   ran_by="test", draft_dir=Path(app.config["DRAFT_DIR"]),
                   draft_idle_seconds=30 * 60)
    assert report.saved_drafts_removed == 1
    assert report.unsent_files_removed == 1
    assert rows(session) == (0, 0)


def test_exit_this_page_deletes_the_files_at_once(
        client: FlaskClient, session: Session, scanned: Clamd, statuses: list[int]) -> None:
    to_add_files(client)
    upload(client, (samples.plain_pdf(), "letter.pdf"), (samples.wav(), "voice.wav"))
    assert rows(session)[0] == 2
    client.get("/exit")
    assert rows(session) == (0, 0)


def test_the_idle_timeout_forgets_unsent_files(
        client: FlaskClient, app: Flask, session: Session, council: Council,
        pinned_clock: Any, statuses: list[int]) -> None:
    # Left: a draft with a file, walked away from.
    to_add_files(client)
    upload(client, (samples.plain_pdf(), "left.pdf"))
    # In use: another draft's file, as old, whose draft is still alive.
    alive = app.test_client()
    to_add_files(alive)
    upload(alive, (samples.plain_pdf(), "alive.pdf"))
    pinned_clock.move_to(PINNED_NOW + timedelta(minutes=25))
    assert alive.post("/complaint/keep-alive").status_code == 204  # "I need more time"
    pinned_clock.move_to(PINNED_NOW + timedelta(minutes=40))
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["drafts", "purge-files", "--dry-run"])
    assert "Files of forgotten drafts to delete: 1." in dry.output
    session.expire_all()
    done = runner.invoke(args=["drafts", "purge-files"])
    assert "Files of forgotten drafts deleted: 1." in done.output, done.output
    session.expire_all()
    assert [f.original_name for f in session.scalars(select(StoredFile))] == ["alive.pdf"]
    assert listed(alive) == ["alive.pdf"]
    assert client.get("/complaint/add-files").status_code == 302  # that draft is gone


def test_a_draft_keeps_its_token_across_saves() -> None:
    draft = Draft(id="x" * 32)
    again = Draft.from_json(draft.id, draft.to_json())
    assert again.draft_token == draft.draft_token
    assert len(draft.draft_token) >= 40
    assert Draft(id="y" * 32).draft_token != draft.draft_token


def test_every_refusal_has_words_for_a_child() -> None:
    assert set(REFUSED) == set(Reason)


def test_sending_without_files_touches_no_file(client: FlaskClient, session: Session,
                                               statuses: list[int]) -> None:
    client.get("/complaint/start", query_string={"kind": "complaint"})
    for slug in ORDER:
        post_step(client, slug, CHILD_COMPLAINT[slug])
    reference, _ = confirmation(parse(send(client)))
    assert reference
    assert rows(session) == (0, 0)
