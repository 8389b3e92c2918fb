"""Files a complainant or staff added to a case (issue 19): photos, drawings, screenshots,
documents and voice notes.

``StoredFile`` describes one file; its bytes are in ``stored_file_chunks``, in order, at
most ``CHUNK_SIZE`` each, so no response or worker ever needs a whole file in memory
(portal/files/services.py writes and reads them). Only cleaned bytes are stored: images
re-encoded, PDFs stripped of scripts, attachments and metadata, everything scanned
(portal/files/clean.py, scan.py).

A file added on the public journey exists before its case: it has a ``draft_token`` (the
journey's draft) and no ``representation_id`` until the submission is sent and the journey
attaches it (``files.services.attach_to_case``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db.base import Base
from portal.db.types import enum_column, utcnow
from portal.vocab.files import DocumentType, FileKind, FilePurpose, ScanStatus

#: Bytes in one chunk: small enough to stream, large enough that a 10 MB file is 40 rows.
CHUNK_SIZE = 256 * 1024


class StoredFile(Base):
    __tablename__ = "stored_files"
    __table_args__ = (Index("ix_stored_files_draft_token", "draft_token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Empty while the public journey's draft holds the file (``draft_token``).
    representation_id: Mapped[int | None] = mapped_column(ForeignKey("representations.id"),
                                                          index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    #: The public journey's draft that holds the file until it is sent (a random token,
    #: never shown to staff); emptied when the file joins its case.
    draft_token: Mapped[str | None] = mapped_column(String(64))
    #: What the stored bytes are (an iPhone's HEIC photo is stored as a JPEG).
    kind: Mapped[FileKind] = mapped_column(enum_column(FileKind))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    #: The name it was sent with, as text to show: never used as a path.
    original_name: Mapped[str] = mapped_column(String(200))
    #: Who added it: a staff account, or nobody (the public journey).
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    purpose: Mapped[FilePurpose] = mapped_column(enum_column(FilePurpose))
    #: For a staff document: what it is.
    document_type: Mapped[DocumentType | None] = mapped_column(enum_column(DocumentType))
    note: Mapped[str | None] = mapped_column(Text)
    scan_status: Mapped[ScanStatus] = mapped_column(enum_column(ScanStatus))
    #: A staff document sent to the complainant (their tracking page) or to the child's
    #: advocate (their page for the child): when, the first time.
    sent_to_complainant_at: Mapped[datetime | None]
    sent_to_advocate_at: Mapped[datetime | None]
    #: For a voice note: what was said, typed by staff.
    said: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoredFileChunk(Base):
    __tablename__ = "stored_file_chunks"

    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id", ondelete="CASCADE"),
                                         primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True)
    #: PostgreSQL bytea, SQLite BLOB.
    data: Mapped[bytes] = mapped_column(LargeBinary)
