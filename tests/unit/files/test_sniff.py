"""The kind of a file comes from its bytes, never its name."""

from __future__ import annotations

import pytest

from portal.files.sniff import sniff
from portal.vocab.files import FileKind
from tests.support import files as samples


@pytest.mark.parametrize(("head", "kind"), [
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", FileKind.JPEG),
    (b"\x89PNG\r\n\x1a\n\x00\x00", FileKind.PNG),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", FileKind.WEBP),
    (b"RIFF\x00\x00\x00\x00WAVEfmt ", FileKind.WAV),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", FileKind.HEIC),
    (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic", FileKind.HEIC),
    (b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00M4A isom", FileKind.MP4_AUDIO),
    (b"%PDF-1.7\n", FileKind.PDF),
    (b"OggS\x00\x02", FileKind.OGG),
    (b"ID3\x04\x00\x00", FileKind.MP3),
    (b"\xff\xfb\x90\x00", FileKind.MP3),  # MPEG-1 layer III frame
    (b"\xff\xf1\x50\x80", FileKind.AAC),  # ADTS frame
])
def test_each_kind_is_known_by_its_bytes(head: bytes, kind: FileKind) -> None:
    assert sniff(head) is kind


def test_webm_by_its_doctype() -> None:
    assert sniff(samples.webm()[:64]) is FileKind.WEBM
    # Matroska that is not WebM (a .mkv) is not taken.
    assert sniff(samples.webm()[:64].replace(b"webm", b"mkvx")) is None


@pytest.mark.parametrize("head", [
    samples.EXE,  # an executable, whatever it is called
    b"\x7fELF\x02\x01\x01",  # a Linux program
    b"PK\x03\x04",  # a zip (and so a Word document)
    b"<html><script>",
    b"GIF89a",  # not a kind the portal takes
    b"\x00\x00\x00\x18ftypqt  ",  # a QuickTime video
    b"",
])
def test_anything_else_is_not_taken(head: bytes) -> None:
    assert sniff(head) is None
