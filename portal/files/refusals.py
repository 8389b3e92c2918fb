"""Why a file was not kept: one reason code each, for the page to say in the reader's words.

The codes are stable; the upload pages (the public question, the voice recorder, the staff
documents) give each its translated sentence. ``EXPLANATION`` is what each should say, in
English, and what the log says.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Reason(enum.StrEnum):
    EMPTY = "empty"
    #: Not one of the kinds the portal takes (an executable renamed photo.jpg, a video, a
    #: Word document...): decided from the bytes.
    NOT_ALLOWED_TYPE = "not_allowed_type"
    #: An iPhone photo, and this server cannot read HEIC (pillow-heif is not installed).
    HEIC_NOT_SUPPORTED = "heic_not_supported"
    IMAGE_UNREADABLE = "image_unreadable"
    #: More pixels than any photo has: a decompression bomb, or not a real photo.
    IMAGE_TOO_MANY_PIXELS = "image_too_many_pixels"
    PDF_ENCRYPTED = "pdf_encrypted"
    PDF_UNREADABLE = "pdf_unreadable"
    AUDIO_UNREADABLE = "audio_unreadable"
    #: An MP4 or WebM with pictures in it: a video, not a voice note.
    VIDEO_NOT_ALLOWED = "video_not_allowed"
    FILE_TOO_LARGE = "file_too_large"
    TOO_MANY_FILES = "too_many_files"
    TOO_MUCH_IN_TOTAL = "too_much_in_total"
    UPLOADS_OFF = "uploads_off"
    INFECTED = "infected"
    #: The scanner is configured but did not answer: nothing unscanned is kept.
    SCANNER_UNAVAILABLE = "scanner_unavailable"
    #: Production with no scanner configured (CLAMD_SOCKET or CLAMD_HOST).
    NO_SCANNER = "no_scanner"


EXPLANATION: dict[Reason, str] = {
    Reason.EMPTY: "The file is empty.",
    Reason.NOT_ALLOWED_TYPE: (
        "This kind of file cannot be sent. Send a photo (JPEG, PNG, WebP or HEIC), a PDF or a "
        "voice note."),
    Reason.HEIC_NOT_SUPPORTED: (
        "We cannot open iPhone photos (HEIC) yet. Send it as a JPEG, or take a screenshot of "
        "it and send that."),
    Reason.IMAGE_UNREADABLE: "We could not open this picture. Try a screenshot of it instead.",
    Reason.IMAGE_TOO_MANY_PIXELS: (
        "This picture is too big to open. Try a screenshot of it instead."),
    Reason.PDF_ENCRYPTED: (
        "This PDF has a password. Send a copy without a password, or a photo of the pages."),
    Reason.PDF_UNREADABLE: "We could not open this PDF. Try a photo of the pages instead.",
    Reason.AUDIO_UNREADABLE: "We could not play this recording. Try recording it again.",
    Reason.VIDEO_NOT_ALLOWED: "Videos cannot be sent. Send a photo or a voice note instead.",
    Reason.FILE_TOO_LARGE: "The file is too big.",
    Reason.TOO_MANY_FILES: "You have added as many files as you can.",
    Reason.TOO_MUCH_IN_TOTAL: "The files together are too big.",
    Reason.UPLOADS_OFF: "Files cannot be sent here. Tell us in words instead.",
    Reason.INFECTED: "This file may contain a virus, so we did not keep it.",
    Reason.SCANNER_UNAVAILABLE: "We cannot take files at the moment. Try again later.",
    Reason.NO_SCANNER: "We cannot take files at the moment. Try again later.",
}


@dataclass(frozen=True)
class Refusal:
    """A file not kept, and why (``reason``); ``detail`` is for the log only (a virus's
    name, a limit), never a person's words or the file's name."""

    reason: Reason
    detail: str = ""

    @property
    def explanation(self) -> str:
        return EXPLANATION[self.reason]
