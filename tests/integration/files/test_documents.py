"""Documents on the case (issue 19, part 7): added with a type and a note, sent to the
complainant or the advocate, a voice note written down; each on the case's history, and
gone with the case when the retention purge destroys it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.advocacy import services as advocacy
from portal.files import documents, queries, services
from portal.files.refusals import Reason, Refusal
from portal.files.scan import Clamd
from portal.models.cases import CaseEvent, Representation
from portal.models.councils import Council
from portal.models.files import StoredFile
from portal.models.staff import Role, User
from portal.security.tokens import hash_tracking_code
from portal.vocab.files import DocumentType, FilePurpose, Recipient
from tests.factories import make_case, make_user
from tests.support import files as samples
from tests.support.advocacy import (
    make_account,
    make_advocate,
    make_provider,
    make_representation,
    offered,
)
from tests.support.retention import closed_case, run_purge

NOW = datetime(2026, 5, 4, 10, 30, tzinfo=UTC)


def events(session: Session, rep: Representation, kind: str) -> list[CaseEvent]:
    return list(session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type == kind).order_by(CaseEvent.id)))


def with_advocate(session: Session, council: Council, rep: Representation) -> User:
    provider = make_provider(session, council)
    coordinator = make_account(session, council, Role.ADVOCACY_COORDINATOR,
                               provider_id=provider.id)
    advocate = make_advocate(session, council, provider)
    case = offered(session, rep)
    advocacy.refer(session, case, provider, on=rep.received_on, actor=coordinator)
    advocacy.assign(session, case, advocate.id, on=rep.received_on, actor=coordinator)
    session.commit()
    return advocate


def add_report(session: Session, rep: Representation, by: User, clamd: Clamd,
               data: bytes | None = None) -> StoredFile:
    stored = documents.add_document(
        session, rep, data or samples.plain_pdf(), name="report.pdf",
        document_type=DocumentType.INVESTIGATION_REPORT, note="Stage 2 report, final.",
        by=by, scanner=clamd)
    assert isinstance(stored, StoredFile), stored
    session.commit()
    return stored


def test_a_document_is_kept_with_its_type_and_note_and_on_the_history(
        session: Session, council: Council, clamd: Clamd) -> None:
    rep = make_case(session, council, "CMP-D-000001")
    officer, _ = make_user(session, council, Role.INVESTIGATING_OFFICER)
    stored = add_report(session, rep, officer, clamd)
    assert (stored.purpose, stored.document_type, stored.note, stored.added_by_id) == (
        FilePurpose.STAFF_DOCUMENT, DocumentType.INVESTIGATION_REPORT,
        "Stage 2 report, final.", officer.id)
    assert queries.documents_of_case(session, rep.id) == [stored]
    [added] = events(session, rep, "document_added")
    assert (added.actor, added.actor_user_id, added.data) == ("staff", officer.id, {
        "file_id": stored.id, "document_type": "investigation_report",
        "note": "Stage 2 report, final."})
    # Nothing of the name is on the history.
    assert "report.pdf" not in str(added.data)


def test_a_refused_document_leaves_nothing(session: Session, council: Council,
                                           clamd: Clamd) -> None:
    rep = make_case(session, council, "CMP-D-000002")
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    refused = documents.add_document(
        session, rep, b"MZ\x90\x00" + b"\x00" * 200, name="letter.pdf",
        document_type=DocumentType.LETTER_RECEIVED, note=None, by=officer, scanner=clamd)
    assert isinstance(refused, Refusal)
    assert refused.reason is Reason.NOT_ALLOWED_TYPE
    session.commit()
    assert queries.files_of_case(session, rep.id) == []
    assert events(session, rep, "document_added") == []


def test_sending_to_the_complainant_is_recorded_once(session: Session, council: Council,
                                                      clamd: Clamd) -> None:
    rep = make_case(session, council, "CMP-D-000003")
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    stored = add_report(session, rep, manager, clamd)
    # No tracking code, no advocate: nobody to send it to.
    assert documents.recipients(session, rep) == []
    with pytest.raises(documents.DocumentError):
        documents.send_document(session, rep, stored, Recipient.COMPLAINANT, by=manager,
                                now=NOW)
    rep.tracking_code_hash = hash_tracking_code("ABCD-EFGH-JKLM")
    session.commit()
    assert documents.send_document(session, rep, stored, Recipient.COMPLAINANT, by=manager,
                                   now=NOW)
    assert not documents.send_document(session, rep, stored, Recipient.COMPLAINANT,
                                       by=manager, now=NOW)
    session.commit()
    assert stored.sent_to_complainant_at == NOW
    assert stored.sent_to_advocate_at is None
    [sent] = events(session, rep, "document_sent")
    assert sent.data == {"file_id": stored.id, "document_type": "investigation_report",
                         "sent_to": "complainant"}
    assert queries.sent_to(session, rep.id, Recipient.COMPLAINANT) == [stored]
    assert queries.sent_to(session, rep.id, Recipient.ADVOCATE) == []
    assert queries.sent_file(session, council_id=council.id, case_id=rep.id,
                             file_id=stored.id, recipient=Recipient.ADVOCATE) is None


def test_sending_to_the_advocate_needs_one_working_with_the_child(
        session: Session, council: Council, clamd: Clamd) -> None:
    rep = make_representation(session, council)
    session.commit()
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    stored = add_report(session, rep, manager, clamd)
    with pytest.raises(documents.DocumentError):
        documents.send_document(session, rep, stored, Recipient.ADVOCATE, by=manager, now=NOW)
    with_advocate(session, council, rep)
    assert documents.recipients(session, rep) == [Recipient.ADVOCATE]
    assert documents.send_document(session, rep, stored, Recipient.ADVOCATE, by=manager,
                                   now=NOW)
    session.commit()
    assert queries.sent_file(session, council_id=council.id, case_id=rep.id,
                             file_id=stored.id, recipient=Recipient.ADVOCATE) == stored


def test_what_the_child_sent_is_not_sent_back(session: Session, council: Council,
                                               clamd: Clamd) -> None:
    rep = make_case(session, council, "CMP-D-000005")
    rep.tracking_code_hash = hash_tracking_code("ABCD-EFGH-JKLM")
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    photo = services.accept(session, samples.jpeg_with_gps(), name="door.jpg",
                            purpose=FilePurpose.EVIDENCE, council=council, case_id=rep.id,
                            scanner=clamd)
    assert isinstance(photo, StoredFile)
    with pytest.raises(documents.DocumentError):
        documents.send_document(session, rep, photo, Recipient.COMPLAINANT, by=manager,
                                now=NOW)


def test_a_voice_note_is_written_down(session: Session, council: Council,
                                      clamd: Clamd) -> None:
    rep = make_case(session, council, "CMP-D-000006")
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    voice = services.accept(session, samples.webm(), name="voice.webm",
                            purpose=FilePurpose.VOICE_NOTE, council=council, case_id=rep.id,
                            note="what_happened", scanner=clamd)
    assert isinstance(voice, StoredFile)
    documents.write_down(session, rep, voice, "  My door has been broken for weeks.\r\n",
                         by=officer)
    session.commit()
    assert voice.said == "My door has been broken for weeks."
    [written] = events(session, rep, "voice_note_written_down")
    assert written.data["said"] == "My door has been broken for weeks."
    report = add_report(session, rep, officer, clamd)
    with pytest.raises(documents.DocumentError):
        documents.write_down(session, rep, report, "Not a voice note", by=officer)


def test_the_purge_destroys_staff_documents_with_the_case(
        session: Session, council: Council, clamd: Clamd) -> None:
    due = closed_case(session, council, "CMP-R-000011", closed=date(2019, 5, 1))
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    add_report(session, due, manager, clamd)
    due_id = due.id
    run_purge(session)
    session.expire_all()
    assert session.scalars(select(StoredFile).where(
        StoredFile.representation_id == due_id)).all() == []
