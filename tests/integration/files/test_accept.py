"""Taking files in and reading them out, on SQLite and PostgreSQL, with a real clamd."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.files import services
from portal.files.refusals import Reason, Refusal
from portal.files.scan import Clamd, Clean, Infected, ScannerError, scan
from portal.models.councils import Council
from portal.models.files import CHUNK_SIZE, StoredFile, StoredFileChunk
from portal.models.staff import Role
from portal.vocab.files import DocumentType, FileKind, FilePurpose, ScanStatus
from tests.factories import make_case, make_user
from tests.support import files as samples
from tests.support.clamd import DETECTED_AS, EICAR


def stored_rows(session: Session) -> tuple[int, int]:
    session.flush()
    return (session.scalar(select(func.count(StoredFile.id))) or 0,
            session.scalar(select(func.count()).select_from(StoredFileChunk)) or 0)


def kept(result: StoredFile | Refusal) -> StoredFile:
    assert isinstance(result, StoredFile), result
    return result


def refused(result: StoredFile | Refusal) -> Reason:
    assert isinstance(result, Refusal), result
    return result.reason


def set_limits(session: Session, council: Council, **values: object) -> None:
    council.settings = {**council.settings, **values}
    for cached in [a for a in vars(council) if a.startswith("_portal")]:
        delattr(council, cached)
    session.flush()


def test_the_real_clamd_knows_eicar(clamd: Clamd) -> None:
    assert scan(EICAR, clamd) == Infected(DETECTED_AS)
    assert scan(b"a child's drawing", clamd) == Clean()
    # Past one INSTREAM chunk, so the chunking is exercised.
    assert scan(b"x" * (200 * 1024), clamd) == Clean()


def test_a_photo_is_cleaned_scanned_and_stored_in_chunks(session: Session, council: Council,
                                                          clamd: Clamd) -> None:
    photo = samples.big_jpeg(3000, 2000)
    stored = kept(services.accept(session, photo, name="C:\\Users\\Sam\\IMG_0001.JPG",
                                  purpose=FilePurpose.EVIDENCE, council=council,
                                  draft_token="draft-1", scanner=clamd))
    assert stored.kind is FileKind.JPEG
    assert stored.content_type == "image/jpeg"
    assert stored.scan_status is ScanStatus.CLEAN
    assert stored.original_name == "IMG_0001.JPG"
    assert stored.representation_id is None
    assert stored.draft_token == "draft-1"
    data = services.read_all(session, stored.id)
    assert len(data) == stored.size > CHUNK_SIZE  # more than one chunk
    assert hashlib.sha256(data).hexdigest() == stored.sha256
    pieces = list(services.stream(session, stored.id))
    assert len(pieces) == -(-stored.size // CHUNK_SIZE)
    assert all(len(p) <= CHUNK_SIZE for p in pieces)


def test_eicar_is_refused_as_infected_and_nothing_is_stored(session: Session, council: Council,
                                                            clamd: Clamd) -> None:
    before = stored_rows(session)
    result = services.accept(session, EICAR, name="homework.pdf", purpose=FilePurpose.EVIDENCE,
                             council=council, draft_token="draft-2", scanner=clamd)
    assert refused(result) is Reason.INFECTED
    assert isinstance(result, Refusal)
    assert result.detail == DETECTED_AS
    assert stored_rows(session) == before


def test_an_exe_called_photo_jpg_is_refused(session: Session, council: Council,
                                            clamd: Clamd) -> None:
    before = stored_rows(session)
    assert refused(services.accept(session, samples.EXE, name="photo.jpg",
                                   purpose=FilePurpose.EVIDENCE, council=council,
                                   draft_token="d", scanner=clamd)) is Reason.NOT_ALLOWED_TYPE
    assert stored_rows(session) == before


def test_an_encrypted_pdf_is_refused_and_nothing_is_stored(session: Session, council: Council,
                                                           clamd: Clamd) -> None:
    before = stored_rows(session)
    assert refused(services.accept(session, samples.encrypted_pdf(), name="a.pdf",
                                   purpose=FilePurpose.EVIDENCE, council=council,
                                   draft_token="d", scanner=clamd)) is Reason.PDF_ENCRYPTED
    assert stored_rows(session) == before


def test_a_scanner_that_does_not_answer_keeps_nothing(session: Session, council: Council,
                                                      tmp_path: object) -> None:
    dead = Clamd(socket_path="/nonexistent/clamd.sock", timeout=1)
    before = stored_rows(session)
    assert refused(services.accept(session, samples.png_with_text(), name="a.png",
                                   purpose=FilePurpose.EVIDENCE, council=council,
                                   draft_token="d", scanner=dead)) is Reason.SCANNER_UNAVAILABLE
    assert stored_rows(session) == before
    assert isinstance(dead.scan(b"x"), ScannerError)


def test_production_without_a_scanner_refuses(session: Session, council: Council) -> None:
    assert refused(services.accept(session, samples.png_with_text(), name="a.png",
                                   purpose=FilePurpose.EVIDENCE, council=council,
                                   draft_token="d", scanner=None, production=True)
                   ) is Reason.NO_SCANNER


def test_without_a_scanner_outside_production_files_are_marked_not_scanned(
        session: Session, council: Council, app: Flask) -> None:
    assert not app.config.get("CLAMD_SOCKET")
    assert not app.config.get("CLAMD_HOST")
    stored = kept(services.accept(session, samples.png_with_text(), name="a.png",
                                  purpose=FilePurpose.EVIDENCE, council=council,
                                  draft_token="d"))  # the app's configuration: none
    assert stored.scan_status is ScanStatus.NOT_SCANNED


def test_the_app_uses_the_configured_clamd(session: Session, council: Council, app: Flask,
                                           clamd: Clamd, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "CLAMD_SOCKET", clamd.socket_path)
    assert refused(services.accept(session, EICAR, name="x", purpose=FilePurpose.EVIDENCE,
                                   council=council, draft_token="d")) is Reason.INFECTED
    assert scan(EICAR) == Infected(DETECTED_AS)


def test_uploads_turned_off(session: Session, council: Council, clamd: Clamd) -> None:
    set_limits(session, council, uploads_enabled=False)
    assert refused(services.accept(session, samples.png_with_text(), name="a.png",
                                   purpose=FilePurpose.EVIDENCE, council=council,
                                   draft_token="d", scanner=clamd)) is Reason.UPLOADS_OFF


def test_a_file_over_the_councils_limit_is_refused(session: Session, council: Council,
                                                   clamd: Clamd) -> None:
    set_limits(session, council, upload_max_file_mb=1, upload_max_total_mb=1)
    big = samples.plain_pdf(padding=1024 * 1024 + 1)
    before = stored_rows(session)
    assert refused(services.accept(session, big, name="big.pdf", purpose=FilePurpose.EVIDENCE,
                                   council=council, draft_token="d", scanner=clamd)
                   ) is Reason.FILE_TOO_LARGE
    assert stored_rows(session) == before


def test_too_many_files_and_too_much_in_total(session: Session, council: Council,
                                              clamd: Clamd) -> None:
    set_limits(session, council, upload_max_files=2, upload_max_file_mb=1,
               upload_max_total_mb=1)
    half = samples.plain_pdf(padding=600 * 1024)
    kept(services.accept(session, half, name="1.pdf", purpose=FilePurpose.EVIDENCE,
                         council=council, draft_token="draft-limits", scanner=clamd))
    # The second would take the draft past 1 MB together.
    assert refused(services.accept(session, half, name="2.pdf", purpose=FilePurpose.EVIDENCE,
                                   council=council, draft_token="draft-limits", scanner=clamd)
                   ) is Reason.TOO_MUCH_IN_TOTAL
    kept(services.accept(session, samples.wav(), name="v.wav", purpose=FilePurpose.VOICE_NOTE,
                         council=council, draft_token="draft-limits", scanner=clamd))
    assert refused(services.accept(session, samples.wav(), name="v2.wav",
                                   purpose=FilePurpose.VOICE_NOTE, council=council,
                                   draft_token="draft-limits", scanner=clamd)
                   ) is Reason.TOO_MANY_FILES
    # Another draft has its own allowance.
    kept(services.accept(session, samples.wav(), name="v.wav", purpose=FilePurpose.VOICE_NOTE,
                         council=council, draft_token="another-draft", scanner=clamd))


def test_staff_documents_are_not_counted_against_the_childs_limits(
        session: Session, council: Council, clamd: Clamd) -> None:
    set_limits(session, council, upload_max_files=1)
    rep = make_case(session, council, "CMP-F-000001")
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    for n in range(3):
        stored = kept(services.accept(
            session, samples.plain_pdf(), name=f"report {n}.pdf",
            purpose=FilePurpose.STAFF_DOCUMENT, council=council, case_id=rep.id,
            added_by=officer, document_type=DocumentType.INVESTIGATION_REPORT,
            note="Stage 2 report", scanner=clamd))
        assert stored.added_by_id == officer.id
        assert stored.document_type is DocumentType.INVESTIGATION_REPORT


def test_draft_files_join_their_case(session: Session, council: Council, clamd: Clamd) -> None:
    first = kept(services.accept(session, samples.png_with_text(), name="a.png",
                                 purpose=FilePurpose.EVIDENCE, council=council,
                                 draft_token="sent-draft", scanner=clamd))
    rep = make_case(session, council, "CMP-F-000002")
    assert services.attach_to_case(session, "sent-draft", rep.id) == 1
    assert first.representation_id == rep.id
    assert first.draft_token is None


def test_unsent_drafts_files_can_be_swept(session: Session, council: Council,
                                          clamd: Clamd) -> None:
    stored = kept(services.accept(session, samples.png_with_text(), name="a.png",
                                  purpose=FilePurpose.EVIDENCE, council=council,
                                  draft_token="abandoned", scanner=clamd))
    assert services.delete_unsent_before(session, stored.created_at - timedelta(minutes=1)) == 0
    assert services.delete_unsent_before(session, stored.created_at + timedelta(minutes=1)) >= 1
    assert session.get(StoredFile, stored.id) is None or session.expire_all() is None
    assert session.scalar(select(func.count()).select_from(StoredFileChunk).where(
        StoredFileChunk.file_id == stored.id)) == 0


def test_delete_for_case_removes_files_and_chunks(session: Session, council: Council,
                                                  clamd: Clamd) -> None:
    rep = make_case(session, council, "CMP-F-000003")
    other = make_case(session, council, "CMP-F-000004")
    for case_id in (rep.id, other.id):
        kept(services.accept(session, samples.png_with_text(), name="a.png",
                             purpose=FilePurpose.EVIDENCE, council=council, case_id=case_id,
                             scanner=clamd))
    assert services.delete_for_case(session, rep.id) == 1
    session.expire_all()
    assert session.scalar(select(func.count(StoredFile.id)).where(
        StoredFile.representation_id == rep.id)) == 0
    assert session.scalar(select(func.count(StoredFile.id)).where(
        StoredFile.representation_id == other.id)) == 1
