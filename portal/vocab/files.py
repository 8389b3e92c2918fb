"""The words of stored files (issue 19): what a file is, why it was added, whether it was
scanned. Stored by value, like the other vocabularies (portal/vocab/cases.py)."""

from __future__ import annotations

import enum


class FileKind(enum.StrEnum):
    """What a file is, decided from its bytes (portal/files/sniff.py), never from its name
    or the browser's header."""

    JPEG = "jpeg"
    PNG = "png"
    WEBP = "webp"
    #: An iPhone's photo. Stored as the JPEG it is re-encoded to (browsers cannot show HEIC).
    HEIC = "heic"
    PDF = "pdf"
    WEBM = "webm"  # WebM/Opus: Chrome's and Firefox's voice recorder
    OGG = "ogg"  # Ogg/Opus or Ogg/Vorbis
    MP4_AUDIO = "mp4_audio"  # MP4/M4A: Safari's voice recorder, a phone's voice memo
    AAC = "aac"  # raw AAC in ADTS frames
    MP3 = "mp3"
    WAV = "wav"

    @property
    def family(self) -> str:
        """``image``, ``document`` or ``audio``: how it is cleaned and served."""
        if self in IMAGE_KINDS:
            return "image"
        if self is FileKind.PDF:
            return "document"
        return "audio"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self]


IMAGE_KINDS = frozenset({FileKind.JPEG, FileKind.PNG, FileKind.WEBP, FileKind.HEIC})
AUDIO_KINDS = frozenset({FileKind.WEBM, FileKind.OGG, FileKind.MP4_AUDIO, FileKind.AAC,
                         FileKind.MP3, FileKind.WAV})

CONTENT_TYPES: dict[FileKind, str] = {
    FileKind.JPEG: "image/jpeg", FileKind.PNG: "image/png", FileKind.WEBP: "image/webp",
    FileKind.HEIC: "image/heic", FileKind.PDF: "application/pdf",
    FileKind.WEBM: "audio/webm", FileKind.OGG: "audio/ogg", FileKind.MP4_AUDIO: "audio/mp4",
    FileKind.AAC: "audio/aac", FileKind.MP3: "audio/mpeg", FileKind.WAV: "audio/wav",
}
EXTENSIONS: dict[FileKind, str] = {
    FileKind.JPEG: "jpg", FileKind.PNG: "png", FileKind.WEBP: "webp", FileKind.HEIC: "heic",
    FileKind.PDF: "pdf", FileKind.WEBM: "webm", FileKind.OGG: "ogg",
    FileKind.MP4_AUDIO: "m4a", FileKind.AAC: "aac", FileKind.MP3: "mp3", FileKind.WAV: "wav",
}


class FilePurpose(enum.StrEnum):
    """Why a file was added."""

    EVIDENCE = "evidence"  # a photo, drawing, screenshot or document from the complainant
    VOICE_NOTE = "voice_note"  # the complainant's recorded words
    STAFF_DOCUMENT = "staff_document"  # a document staff attach to the case


#: What the public adds: the council's count and total limits apply to these together.
PUBLIC_PURPOSES = frozenset({FilePurpose.EVIDENCE, FilePurpose.VOICE_NOTE})


class DocumentType(enum.StrEnum):
    """What a staff document is."""

    INVESTIGATION_REPORT = "investigation_report"
    ADJUDICATION_LETTER = "adjudication_letter"
    PANEL_REPORT = "panel_report"
    LETTER_RECEIVED = "letter_received"
    OTHER = "other"


class Recipient(enum.StrEnum):
    """Who a staff document is sent to, through their own page: the complainant (the
    tracking page) or the child's advocate (their page for the child)."""

    COMPLAINANT = "complainant"
    ADVOCATE = "advocate"


#: The voice note's ``note`` names the question it answers (the public journey's field).
VOICE_NOTE_FIELDS = ("what_happened", "how_affected")


class ScanStatus(enum.StrEnum):
    """What the virus scanner said. An infected file is never stored, so it has no value."""

    CLEAN = "clean"
    #: Development and tests without a scanner (CLAMD_SOCKET or CLAMD_HOST): production
    #: refuses uploads instead (portal/files/services.py).
    NOT_SCANNED = "not_scanned"
