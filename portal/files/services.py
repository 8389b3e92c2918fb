"""Taking a file in, reading it out, and destroying it with its case.

``accept`` is all or nothing: every check comes before the first write, and the writes
are one savepoint, so a refused file leaves nothing behind, not even a row.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Collection, Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, delete, insert, select

from portal.councils.services import council_settings
from portal.files.clean import Cleaned, clean
from portal.files.names import safe_name
from portal.files.queries import public_files_held
from portal.files.refusals import Reason, Refusal
from portal.files.scan import Clamd, Clean, Infected, ScannerError, scan, scanner_from
from portal.files.sniff import HEAD_SIZE, sniff
from portal.models.files import CHUNK_SIZE, StoredFile, StoredFileChunk
from portal.security.sanitise import exact_text
from portal.vocab.files import PUBLIC_PURPOSES, DocumentType, FilePurpose, ScanStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, scoped_session

    from portal.models.councils import Council
    from portal.models.staff import User

log = logging.getLogger(__name__)

MEGABYTE = 1024 * 1024
MAX_NOTE = 2000
#: ``accept``'s scanner when the caller names none: the app's (CLAMD_SOCKET, CLAMD_HOST).
FROM_CONFIG = "config"


def _configured() -> tuple[Clamd | None, bool]:
    """The app's scanner, and whether this is production."""
    from flask import current_app

    return scanner_from(current_app.config), current_app.config.get("PORTAL_ENV") == "production"


def _limits(session: Session, size: int, *, council: Council, purpose: FilePurpose,
            case_id: int | None, draft_token: str | None) -> Refusal | tuple[int, int]:
    settings = council_settings(council)
    if not settings.uploads_enabled:
        return Refusal(Reason.UPLOADS_OFF)
    if size > settings.upload_max_file_mb * MEGABYTE:
        return Refusal(Reason.FILE_TOO_LARGE, f"{size} bytes")
    if purpose not in PUBLIC_PURPOSES:
        return 0, 0
    count, total = public_files_held(session, council_id=council.id, case_id=case_id,
                                     draft_token=draft_token)
    if count >= settings.upload_max_files:
        return Refusal(Reason.TOO_MANY_FILES, f"{count} held")
    return total, settings.upload_max_total_mb * MEGABYTE


def accept(session: Session, data: bytes, *, name: str | None, purpose: FilePurpose,
           council: Council, case_id: int | None = None, draft_token: str | None = None,
           added_by: User | None = None, document_type: DocumentType | None = None,
           note: str | None = None, scanner: Clamd | str | None = FROM_CONFIG,
           production: bool | None = None, already_clean: bool = False
           ) -> StoredFile | Refusal:
    """Keep a file for a case (``case_id``) or for the public journey's draft
    (``draft_token``), or say why not.

    In order, before anything is written: the council's settings (``uploads_enabled``;
    ``upload_max_file_mb`` for every file; ``upload_max_files`` and ``upload_max_total_mb``
    for what the public adds to one draft or case); a scanner, which production must have
    (DOMAIN.md, "Safety": nothing a child sends may harm whoever opens it); the virus scan
    of the bytes as they came, before any parser reads them; the kind from the bytes and
    the cleaning (portal/files/clean.py); then the file and its chunks in one savepoint.
    Outside production with no scanner, the file is kept marked ``not_scanned``.

    ``scanner``: a ``Clamd``, None for none, or by default the app's configuration;
    ``production`` likewise defaults to the app's PORTAL_ENV. ``already_clean``: bytes this
    service cleaned before and the portal itself kept sealed (a saved form coming back,
    portal/complaints/saved.py): scanned and limited again, their kind checked from the
    bytes, but not re-encoded, so a photo saved and restored is the same file, not a
    copy of a copy.
    """
    if (case_id is None) == (draft_token is None):
        raise ValueError("a file belongs to a case or to a draft: give one of them")
    if purpose is FilePurpose.STAFF_DOCUMENT and (added_by is None or case_id is None):
        raise ValueError("a staff document is added by a member of staff, to a case")
    if scanner == FROM_CONFIG or production is None:
        configured, in_production = _configured()
        scanner = configured if scanner == FROM_CONFIG else scanner
        production = in_production if production is None else production
    assert not isinstance(scanner, str)
    if not data:
        return _refused(Refusal(Reason.EMPTY), purpose)
    limits = _limits(session, len(data), council=council, purpose=purpose, case_id=case_id,
                     draft_token=draft_token)
    if isinstance(limits, Refusal):
        return _refused(limits, purpose)
    if scanner is None and production:
        return _refused(Refusal(Reason.NO_SCANNER), purpose)
    status = ScanStatus.NOT_SCANNED
    if scanner is not None:
        verdict = scan(data, scanner)
        if isinstance(verdict, Infected):
            return _refused(Refusal(Reason.INFECTED, verdict.name), purpose)
        if isinstance(verdict, ScannerError):
            return _refused(Refusal(Reason.SCANNER_UNAVAILABLE, verdict.detail), purpose)
        assert isinstance(verdict, Clean)
        status = ScanStatus.CLEAN
    cleaned = clean(data) if not already_clean else _as_cleaned(data)
    if isinstance(cleaned, Refusal):
        return _refused(cleaned, purpose)
    held, most = limits
    if purpose in PUBLIC_PURPOSES and held + len(cleaned.data) > most:
        return _refused(Refusal(Reason.TOO_MUCH_IN_TOTAL, f"{held} held"), purpose)
    with session.begin_nested():
        stored = StoredFile(
            representation_id=case_id, council_id=council.id, draft_token=draft_token,
            kind=cleaned.kind, content_type=cleaned.content_type, size=len(cleaned.data),
            sha256=hashlib.sha256(cleaned.data).hexdigest(),
            original_name=safe_name(name, cleaned.kind),
            added_by_id=None if added_by is None else added_by.id, purpose=purpose,
            document_type=document_type if purpose is FilePurpose.STAFF_DOCUMENT else None,
            note=exact_text(note)[:MAX_NOTE] or None, scan_status=status)
        session.add(stored)
        session.flush()
        _write_chunks(session, stored.id, cleaned.data)
    log.info("file kept: %s, %s, %d bytes, %s", stored.id, stored.kind.value, stored.size,
             status.value)
    return stored


def _as_cleaned(data: bytes) -> Cleaned | Refusal:
    kind = sniff(data[:HEAD_SIZE])
    return Refusal(Reason.NOT_ALLOWED_TYPE) if kind is None else Cleaned(data, kind)


def _refused(refusal: Refusal, purpose: FilePurpose) -> Refusal:
    # The reason and its code's detail only: never the file's name or a person's words.
    log.info("file refused (%s): %s %s", purpose.value, refusal.reason.value, refusal.detail)
    return refusal


def _write_chunks(session: Session, file_id: int, data: bytes) -> None:
    view = memoryview(data)
    for seq, at in enumerate(range(0, len(data), CHUNK_SIZE)):
        # One INSERT per chunk: the driver never holds more than one chunk's parameters.
        session.execute(insert(StoredFileChunk).values(
            file_id=file_id, seq=seq, data=bytes(view[at:at + CHUNK_SIZE])))


def stream(session: Session | scoped_session[Session], file_id: int) -> Iterator[bytes]:
    """The file's bytes, one chunk at a time, each read only when the one before has been
    taken: a 10 MB file is never in memory whole. Pass the app's session registry
    (``db.session``) for a streamed response, whose body is read after the request's own
    session has gone."""
    seqs = list(session.scalars(select(StoredFileChunk.seq).where(
        StoredFileChunk.file_id == file_id).order_by(StoredFileChunk.seq)))
    for seq in seqs:
        data = session.scalar(select(StoredFileChunk.data).where(
            StoredFileChunk.file_id == file_id, StoredFileChunk.seq == seq))
        if data is None:
            return
        yield bytes(data)


def read_all(session: Session, file_id: int) -> bytes:
    """The whole file (tests, small files): ``stream`` joined."""
    return b"".join(stream(session, file_id))


def attach_to_case(session: Session, draft_token: str, case_id: int) -> int:
    """Give the draft's files to the case it became (when the submission is sent); how
    many. The draft's token is forgotten: the files are the case's now."""
    files = list(session.scalars(select(StoredFile).where(StoredFile.draft_token == draft_token,
                                                          StoredFile.representation_id.is_(None))))
    for found in files:
        found.representation_id = case_id
        found.draft_token = None
    return len(files)


def _delete(session: Session, where: ColumnElement[bool]) -> int:
    ids = list(session.scalars(select(StoredFile.id).where(where)))
    if ids:
        session.execute(delete(StoredFileChunk).where(StoredFileChunk.file_id.in_(ids)))
        session.execute(delete(StoredFile).where(StoredFile.id.in_(ids)))
    return len(ids)


def delete_for_case(session: Session, case_id: int) -> int:
    """Destroy every file of the case, bytes and all; how many. The retention purge calls
    it when the case's personal data is destroyed (portal/retention/purge.py): a child's
    files are never kept longer than their words (DOMAIN.md, "Safety")."""
    return _delete(session, StoredFile.representation_id == case_id)


def delete_for_draft(session: Session, draft_token: str) -> int:
    """Destroy the files of a draft that was abandoned or discarded; how many."""
    return _delete(session, (StoredFile.draft_token == draft_token)
                   & StoredFile.representation_id.is_(None))


def delete_draft_file(session: Session, draft_token: str, file_id: int) -> bool:
    """Destroy one file a draft added (the child pressed Remove before sending); whether
    there was one. Only that draft's unsent file: a guessed id of another's does nothing."""
    return _delete(session, (StoredFile.id == file_id) & (StoredFile.draft_token == draft_token)
                   & StoredFile.representation_id.is_(None)) > 0


def files_of_draft(session: Session, draft_token: str) -> list[StoredFile]:
    """The unsent files a draft holds, oldest first (a saved form seals them)."""
    return list(session.scalars(select(StoredFile).where(
        StoredFile.draft_token == draft_token, StoredFile.representation_id.is_(None))
        .order_by(StoredFile.id)))


def delete_unsent_of_gone_drafts(session: Session, *, before: datetime,
                                 live_tokens: Collection[str], dry_run: bool = False) -> int:
    """Destroy the files of drafts that no longer exist: unsent, added before ``before``
    (the drafts' idle time ago) and held by no draft in ``live_tokens``; how many.

    Why: a draft is forgotten after its idle time (portal/complaints/drafts.py), and what a
    child added to it must go with it (DOMAIN.md, "Safety"); a draft still in use keeps
    its files however old they are."""
    live = set(live_tokens)
    stale = list(session.execute(select(StoredFile.id, StoredFile.draft_token).where(
        StoredFile.representation_id.is_(None), StoredFile.created_at < before)))
    ids = [file_id for file_id, token in stale if token not in live]
    if not ids or dry_run:
        return len(ids)
    return _delete(session, StoredFile.id.in_(ids))


def delete_unsent_before(session: Session, before: datetime) -> int:
    """Destroy the files of drafts never sent, added before ``before`` (the draft's idle
    time ago); how many. For the purge's sweep of unsent drafts."""
    return _delete(session, StoredFile.representation_id.is_(None)
                   & (StoredFile.created_at < before))
