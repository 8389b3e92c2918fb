"""The case page's documents and the child's files (issue 19, parts 3 and 7), through the
staff pages: add a document (and be refused kindly), see it listed and on the timeline,
send it, see a picture previewed and a voice note played beside its answer, and write
down what the voice note says."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage
from werkzeug.test import TestResponse, encode_multipart

from portal.files import services
from portal.files.scan import Clamd
from portal.models.cases import CaseEvent, Representation
from portal.models.councils import Council
from portal.models.files import StoredFile
from portal.models.staff import AuditLog, Role
from portal.security.tokens import hash_tracking_code
from portal.vocab.files import FilePurpose
from tests.factories import give, make_case, make_user
from tests.support import files as samples
from tests.support.clamd import EICAR
from tests.support.pages import check_staff_page, parse, text_of
from tests.support.staff import sign_in_as

from .test_accept import set_limits


@pytest.fixture
def scanning(app: Flask, clamd: Clamd) -> Iterator[None]:
    """The app scans with the tests' clamd, as production would with its own."""
    before = app.config.get("CLAMD_SOCKET")
    app.config["CLAMD_SOCKET"] = clamd.socket_path
    yield
    app.config["CLAMD_SOCKET"] = before


def post_document(client: FlaskClient, rep: Representation, data: bytes, *,
                  name: str = "report.pdf", document_type: str = "investigation_report",
                  note: str = "The final report.") -> TestResponse:
    # Encoded here, in memory: the test client's own encoding spools a big body to a
    # temporary file that stays open when the page refuses it unread.
    boundary, body = encode_multipart({
        "document-document": FileStorage(io.BytesIO(data), filename=name),
        "document-document_type": document_type, "document-note": note})
    return client.post(f"/staff/cases/{rep.reference}/documents", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def held(session: Session, rep: Representation) -> list[StoredFile]:
    session.expire_all()
    return list(session.scalars(select(StoredFile).where(
        StoredFile.representation_id == rep.id)))


@pytest.mark.usefixtures("scanning")
def test_a_document_is_added_listed_and_on_the_timeline(
        client: FlaskClient, session: Session, council: Council) -> None:
    rep = make_case(session, council, "CMP-P-000001")
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER, name="Morgan Manager")
    sign_in_as(client, manager)
    response = post_document(client, rep, samples.plain_pdf())
    assert response.status_code == 302, response.status_code
    assert response.location.endswith(f"/staff/cases/{rep.reference}#documents")
    [stored] = held(session, rep)
    page = check_staff_page(client.get(f"/staff/cases/{rep.reference}"))
    row = page.select_one(f"#document-{stored.id}")
    assert row is not None
    words = " ".join(row.get_text().split())
    assert "Investigation report" in words
    assert "The final report." in words
    assert "Morgan Manager" in words
    assert "PDF" in words
    link = row.select_one("a")
    assert link["href"] == f"/staff/cases/{rep.reference}/files/{stored.id}"
    assert client.get(link["href"]).headers["Content-Disposition"].startswith("attachment;")
    timeline = parse(client.get(f"/staff/cases/{rep.reference}/timeline"))
    added = text_of(timeline, "tr[data-kind='document_added']")
    assert "Document added" in added
    assert "Investigation report" in added
    assert "Morgan Manager" in added
    # Staff's opening of the file is on the timeline too, as the audit log has it.
    opened = text_of(timeline, "tr[data-kind='file_opened']")
    assert "Opened a file" in opened
    assert "Document added by staff" in opened
    assert session.scalars(select(AuditLog.action).where(
        AuditLog.representation_id == rep.id, AuditLog.user_id == manager.id)).all().count(
        "document_added") == 1


@pytest.mark.usefixtures("scanning")
def test_refusals_are_kind_errors_on_the_form_and_keep_nothing(
        client: FlaskClient, session: Session, council: Council) -> None:
    rep = make_case(session, council, "CMP-P-000002")
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    sign_in_as(client, officer)
    for data, name, words in (
            (EICAR, "report.pdf", "found a virus"),
            (b"MZ\x90\x00" + b"\x00" * 500, "photo.jpg", "cannot be added")):
        response = post_document(client, rep, data, name=name)
        assert response.status_code == 400
        page = check_staff_page(response)
        assert page.title.get_text().startswith("Error: ")
        assert words in text_of(page, ".govuk-error-summary")
        assert words in text_of(page, "#add-document")
        assert page.select_one("#add-document").has_attr("open")
    # No file, no type: said on the form.
    response = client.post(f"/staff/cases/{rep.reference}/documents",
                           data={"document-note": "x"}, content_type="multipart/form-data")
    assert response.status_code == 400
    summary = text_of(parse(response), ".govuk-error-summary")
    assert "Choose the document to add" in summary
    assert "Choose what the document is" in summary
    assert held(session, rep) == []
    assert session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type == "document_added")).all() == []


def test_a_document_past_the_portals_usual_request_limit_is_taken(
        app: Flask, client: FlaskClient, session: Session, council: Council) -> None:
    # Pages take 2 MB (MAX_CONTENT_LENGTH); a document may be as big as the council allows.
    rep = make_case(session, council, "CMP-P-000009")
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    sign_in_as(client, manager)
    big = samples.plain_pdf(padding=3 * 1024 * 1024)
    assert len(big) > app.config["MAX_CONTENT_LENGTH"]
    assert post_document(client, rep, big).status_code == 302
    [stored] = held(session, rep)
    assert stored.size > app.config["MAX_CONTENT_LENGTH"]


def test_a_document_too_big_gets_a_kind_413_before_the_form_is_read(
        app: Flask, client: FlaskClient, session: Session, council: Council) -> None:
    rep = make_case(session, council, "CMP-P-000003")
    set_limits(session, council, upload_max_file_mb=1)
    session.commit()
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    sign_in_as(client, manager)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        # No CSRF token at all: the size is refused first, kindly, with the limit.
        response = post_document(client, rep, samples.plain_pdf(padding=3 * 1024 * 1024))
        assert response.status_code == 413
        page = check_staff_page(response)
        assert "1 MB or smaller" in text_of(page, ".govuk-error-summary")
        # Small enough, but no CSRF token: refused as every other form is.
        response = post_document(client, rep, samples.plain_pdf())
        assert response.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert held(session, rep) == []


@pytest.mark.usefixtures("scanning")
def test_sending_to_the_complainant_is_shown_and_on_the_timeline(
        client: FlaskClient, session: Session, council: Council) -> None:
    rep = make_case(session, council, "CMP-P-000004")
    rep.tracking_code_hash = hash_tracking_code("ABCD-EFGH-JKLM")
    session.commit()
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    sign_in_as(client, manager)
    post_document(client, rep, samples.plain_pdf(), document_type="adjudication_letter")
    [stored] = held(session, rep)
    page = parse(client.get(f"/staff/cases/{rep.reference}"))
    assert page.select_one(f"#document-{stored.id} [data-send='complainant']") is not None
    assert page.select_one(f"#document-{stored.id} [data-send='advocate']") is None
    response = client.post(f"/staff/cases/{rep.reference}/documents/{stored.id}/send",
                           data={"to": "complainant"})
    assert response.status_code == 302
    page = check_staff_page(client.get(f"/staff/cases/{rep.reference}"))
    assert "To the complainant" in text_of(page, f"#document-{stored.id} [data-sent]")
    assert page.select_one(f"#document-{stored.id} [data-send]") is None
    # Nobody else to send it to: refused in words.
    response = client.post(f"/staff/cases/{rep.reference}/documents/{stored.id}/send",
                           data={"to": "advocate"})
    assert response.status_code == 409
    assert "nobody to send it to" in text_of(parse(response), ".govuk-error-summary")
    timeline = parse(client.get(f"/staff/cases/{rep.reference}/timeline")).get_text(" ")
    assert "Document sent" in timeline
    assert "The complainant" in timeline


def test_who_may_add_and_send(client: FlaskClient, session: Session, council: Council) -> None:
    rep = make_case(session, council, "CMP-P-000005")
    panel, _ = make_user(session, council, Role.PANEL_MEMBER)
    give(session, rep, panel)
    sign_in_as(client, panel)
    page = parse(client.get(f"/staff/cases/{rep.reference}"))
    # A panel member given the case adds the panel's report, but does not write to the
    # complainant.
    assert page.select_one("#add-document form") is not None
    assert post_document(client, rep, samples.plain_pdf(),
                         document_type="panel_report").status_code == 302
    [stored] = held(session, rep)
    assert client.post(f"/staff/cases/{rep.reference}/documents/{stored.id}/send",
                       data={"to": "complainant"}).status_code == 403
    other = make_case(session, council, "CMP-P-000006")
    assert post_document(client, other, samples.plain_pdf()).status_code == 404


def test_the_childs_picture_and_voice_note_on_the_case_page(
        client: FlaskClient, session: Session, council: Council, clamd: Clamd) -> None:
    rep = make_case(session, council, "CMP-P-000007")
    photo = services.accept(session, samples.jpeg_with_gps(), name="door.jpg",
                            purpose=FilePurpose.EVIDENCE, council=council, case_id=rep.id,
                            scanner=clamd)
    letter = services.accept(session, samples.plain_pdf(), name="letter.pdf",
                             purpose=FilePurpose.EVIDENCE, council=council, case_id=rep.id,
                             scanner=clamd)
    voice = services.accept(session, samples.webm(), name="recording.webm",
                            purpose=FilePurpose.VOICE_NOTE, council=council, case_id=rep.id,
                            note="how_affected", scanner=clamd)
    session.commit()
    assert isinstance(photo, StoredFile)
    assert isinstance(letter, StoredFile)
    assert isinstance(voice, StoredFile)
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    sign_in_as(client, officer)
    page = check_staff_page(client.get(f"/staff/cases/{rep.reference}"))
    address = f"/staff/cases/{rep.reference}/files/"
    image = page.select_one(f"#file-{photo.id} img")
    assert image["src"] == f"{address}{photo.id}"
    assert image["alt"] == "Picture 1 of 1 they sent"
    assert page.select_one(f"#file-{letter.id} a[download]")["href"] == f"{address}{letter.id}"
    # The voice note is beside the answer it gives.
    player = page.select_one(f"[data-answer='how_affected'] #file-{voice.id} audio[controls]")
    assert player is not None
    assert player["src"] == f"{address}{voice.id}"

    said = "I felt scared and alone."
    response = client.post(f"/staff/cases/{rep.reference}/files/{voice.id}/said",
                           data={f"said-{voice.id}-said": said})
    assert response.status_code == 302
    page = check_staff_page(client.get(f"/staff/cases/{rep.reference}"))
    assert text_of(page, f"#file-{voice.id} [data-field='said']") == said
    # Empty: said on its form.
    response = client.post(f"/staff/cases/{rep.reference}/files/{voice.id}/said",
                           data={f"said-{voice.id}-said": "  "})
    assert response.status_code == 400
    assert "Write what the voice note says" in text_of(parse(response), ".govuk-error-summary")
    # Only a voice note is written down.
    assert client.post(f"/staff/cases/{rep.reference}/files/{photo.id}/said",
                       data={f"said-{photo.id}-said": "x"}).status_code == 404


def test_the_page_allows_pictures_and_sound_from_the_portal_only(
        client: FlaskClient, session: Session, council: Council) -> None:
    rep = make_case(session, council, "CMP-P-000008")
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    sign_in_as(client, manager)
    directives = [p.strip().split(" ", 1) for p in client.get(
        f"/staff/cases/{rep.reference}").headers["Content-Security-Policy"].split(";")]
    # Each once: a browser obeys the first of two and ignores the second.
    names = [name for name, _ in directives]
    assert len(names) == len(set(names))
    policy = dict(directives)
    assert policy["img-src"] == "'self' data:"
    # The portal's own, and the page's own recording before it is sent (blob:).
    assert policy["media-src"] == "'self' blob:"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
