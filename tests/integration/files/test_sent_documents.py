"""A document sent to the complainant or the child's advocate (issue 19, part 7): listed on
their own page, downloaded with the same safe headers as staff's, each opening on the
timeline and in the audit log; anyone else, and any file not sent to them, 404."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.files import documents
from portal.files.scan import Clamd
from portal.models.cases import CaseEvent, Representation
from portal.models.councils import Council
from portal.models.files import StoredFile
from portal.models.staff import AuditLog, Role, User
from portal.security.tokens import hash_tracking_code
from portal.vocab.files import DocumentType, Recipient
from tests.factories import make_case, make_user
from tests.integration.complaints.test_readability import english, lines_of_html, problems
from tests.support import files as samples
from tests.support.journey import check_page
from tests.support.pages import check_staff_page, text_of
from tests.support.staff import sign_in_as, sign_out

from .test_documents import make_representation, with_advocate

__all__ = ["english"]  # the readability check's fixture, used below

CODE = "ABCD-EFGH-JKLM"
NOW = datetime(2026, 5, 4, 10, 30, tzinfo=UTC)


def document(session: Session, rep: Representation, by: User, clamd: Clamd,
             document_type: DocumentType = DocumentType.ADJUDICATION_LETTER) -> StoredFile:
    stored = documents.add_document(session, rep, samples.plain_pdf(padding=300 * 1024),
                                    name="outcome.pdf", document_type=document_type,
                                    note="Internal: checked by legal.", by=by, scanner=clamd)
    assert isinstance(stored, StoredFile)
    session.commit()
    return stored


def track(client: FlaskClient, rep: Representation) -> None:
    sign_out(client)
    client.post("/track/leave")
    response = client.post("/track", data={"reference": rep.reference, "code": CODE})
    assert response.status_code == 302, response.status_code


def safe_headers_of(response) -> None:  # type: ignore[no-untyped-def]
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.usefixtures("english")
def test_the_complainant_sees_and_downloads_what_was_sent_to_them(
        client: FlaskClient, session: Session, council: Council, clamd: Clamd) -> None:
    rep = make_case(session, council, "CMP-T-000001")
    rep.tracking_code_hash = hash_tracking_code(CODE)
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    sent = document(session, rep, manager, clamd)
    kept = document(session, rep, manager, clamd, DocumentType.INVESTIGATION_REPORT)
    documents.send_document(session, rep, sent, Recipient.COMPLAINANT, by=manager, now=NOW)
    session.commit()

    track(client, rep)
    page = check_page(client.get("/track/case"))
    listed = page.select("#documents-list li")
    assert [li["data-document"] for li in listed] == [str(sent.id)]
    assert "Our letter with our answer" in text_of(page, "#documents-list")
    # Staff's note is theirs: never on the complainant's page.
    assert "Internal" not in page.get_text()
    # Words a child of nine reads (the journey's own check).
    assert problems("track-case: documents", lines_of_html(str(page))) == []
    link = page.select_one("#documents-list a")["href"]
    assert link == f"/track/case/documents/{sent.id}"

    response = client.get(link)
    assert response.status_code == 200
    safe_headers_of(response)
    assert hashlib.sha256(response.data).hexdigest() == sent.sha256
    [opened] = session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type == "document_opened")).all()
    assert (opened.actor, opened.data["file_id"]) == ("complainant", sent.id)
    assert session.scalars(select(AuditLog).where(
        AuditLog.action == "file_opened", AuditLog.representation_id == rep.id,
        AuditLog.user_id.is_(None))).all()

    # A document not sent to them, or one that does not exist: 404.
    assert client.get(f"/track/case/documents/{kept.id}").status_code == 404
    assert client.get(f"/track/case/documents/{sent.id + 10_000}").status_code == 404
    # Without the tracking access on this device: 404, never the file.
    client.post("/track/leave")
    assert client.get(link).status_code == 404


def test_another_cases_tracking_access_does_not_open_it(
        client: FlaskClient, session: Session, council: Council, clamd: Clamd) -> None:
    rep = make_case(session, council, "CMP-T-000002")
    other = make_case(session, council, "CMP-T-000003")
    for case in (rep, other):
        case.tracking_code_hash = hash_tracking_code(CODE)
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    sent = document(session, rep, manager, clamd)
    documents.send_document(session, rep, sent, Recipient.COMPLAINANT, by=manager, now=NOW)
    session.commit()
    track(client, other)
    assert client.get(f"/track/case/documents/{sent.id}").status_code == 404


def test_the_advocate_working_with_the_child_gets_what_was_sent_to_them(
        client: FlaskClient, session: Session, council: Council, clamd: Clamd) -> None:
    rep = make_representation(session, council)
    session.commit()
    advocate = with_advocate(session, council, rep)
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    sent = document(session, rep, manager, clamd, DocumentType.INVESTIGATION_REPORT)
    documents.send_document(session, rep, sent, Recipient.ADVOCATE, by=manager, now=NOW)
    session.commit()

    sign_in_as(client, advocate)
    page = check_staff_page(client.get(f"/advocate/children/{rep.reference}"))
    assert "Investigation report" in text_of(page, "#documents-list")
    assert "Internal" not in page.get_text()
    address = f"/advocate/children/{rep.reference}/documents/{sent.id}"
    response = client.get(address)
    assert response.status_code == 200
    safe_headers_of(response)
    assert session.scalars(select(AuditLog).where(
        AuditLog.action == "file_opened", AuditLog.user_id == advocate.id)).all()
    # The staff's address of the same file is not the advocate's way in.
    assert client.get(f"/staff/cases/{rep.reference}/files/{sent.id}").status_code == 403

    # Another advocate, not given this child: 404 at both addresses.
    stranger, _ = make_user(session, council, Role.ADVOCATE)
    sign_in_as(client, stranger, fresh=True)
    assert client.get(address).status_code == 404
    assert client.get(f"/staff/cases/{rep.reference}/files/{sent.id}").status_code == 404
