"""Each kind of file made safe to keep and to open (images.py, pdfs.py, audio.py)."""

from __future__ import annotations

from dataclasses import dataclass

from portal.files.audio import clean_audio
from portal.files.pdfs import clean_pdf
from portal.files.refusals import Reason, Refusal
from portal.files.sniff import HEAD_SIZE, sniff
from portal.vocab.files import AUDIO_KINDS, IMAGE_KINDS, FileKind


@dataclass(frozen=True)
class Cleaned:
    data: bytes
    kind: FileKind

    @property
    def content_type(self) -> str:
        return self.kind.content_type


def clean(data: bytes) -> Cleaned | Refusal:
    """What to keep of a file: its kind decided from its bytes (``sniff``), then cleaned as
    that kind; anything else is refused (``not_allowed_type``). Pure: bytes in, bytes out."""
    if not data:
        return Refusal(Reason.EMPTY)
    kind = sniff(data[:HEAD_SIZE])
    if kind is None:
        return Refusal(Reason.NOT_ALLOWED_TYPE)
    if kind in IMAGE_KINDS:
        # Pillow loads with the first picture, not with every web worker (issue 17, part 3).
        from portal.files.images import clean_image

        image = clean_image(data, kind)
        return image if isinstance(image, Refusal) else Cleaned(*image)
    if kind is FileKind.PDF:
        pdf = clean_pdf(data)
        return pdf if isinstance(pdf, Refusal) else Cleaned(pdf, kind)
    assert kind in AUDIO_KINDS
    sound = clean_audio(data, kind)
    return sound if isinstance(sound, Refusal) else Cleaned(sound, kind)
