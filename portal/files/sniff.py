"""What a file is, from its first bytes: never from its name or the browser's header.

A browser's ``Content-Type`` comes from the file's name, and a name is whatever the sender
chose: an executable renamed ``photo.jpg`` is still an executable. Only the kinds the
portal can clean (``clean.py``) are recognised; anything else is ``None`` and refused.
"""

from __future__ import annotations

from portal.vocab.files import FileKind

#: How much of the start of a file ``sniff`` needs.
HEAD_SIZE = 64

#: ISO base media (``ftyp``) brands of HEIF/HEIC stills.
HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1",
                         b"msf1", b"avci"})
#: Brands of MP4 files a voice recorder or a phone's memo app writes; video in one of them
#: is refused when the whole file is checked (``clean.clean_audio``).
MP4_AUDIO_BRANDS = frozenset({b"M4A ", b"M4B ", b"mp41", b"mp42", b"isom", b"iso2", b"iso4",
                              b"iso5", b"iso6", b"dash", b"3gp4", b"3gp5", b"3g2a"})


def _ftyp(head: bytes) -> FileKind | None:
    brand = head[8:12]
    compatible = {head[i:i + 4] for i in range(16, min(len(head), 64) - 3, 4)}
    if brand in HEIF_BRANDS:
        return FileKind.HEIC
    if brand in MP4_AUDIO_BRANDS or compatible & {b"M4A "}:
        return FileKind.MP4_AUDIO
    return None


def _mpeg_audio(head: bytes) -> FileKind | None:
    """An MPEG audio frame's 11-bit sync word: layer III is MP3; AAC's ADTS frames have a
    12-bit sync and layer bits 00."""
    if len(head) < 2 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return None
    layer = (head[1] >> 1) & 0b11
    if layer == 0b00 and head[1] & 0xF0 == 0xF0:
        return FileKind.AAC
    if layer == 0b01:
        return FileKind.MP3
    return None


def sniff(head: bytes) -> FileKind | None:
    """The kind of file ``head`` (its first ``HEAD_SIZE`` bytes or more) starts, or None
    for anything the portal does not take."""
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return FileKind.WEBP
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return FileKind.WAV
    if head[4:8] == b"ftyp":
        return _ftyp(head)
    if head.startswith(b"%PDF-"):
        return FileKind.PDF
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:HEAD_SIZE]:
        return FileKind.WEBM
    if head.startswith(b"OggS"):
        return FileKind.OGG
    if head.startswith(b"ID3"):
        return FileKind.MP3
    return _mpeg_audio(head)
