"""Voice notes: the type confirmed from the whole file, then kept as recorded.

Re-encoding audio would need ffmpeg (a large native dependency, and a parser of untrusted
media in the web process); the recorder's containers (WebM, Ogg, MP4) hold the codec's own
settings and the browser's name, not who or where. So the file is kept as it is once its
container is confirmed to hold sound and no pictures, with the two simple exceptions:
an MP3's ID3 tags (title, artist, sometimes a picture and comments) are cut off, and a
WAV keeps only its format and sound chunks (its LIST/INFO chunks carry names and dates).
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from portal.files.refusals import Reason, Refusal
from portal.vocab.files import FileKind

#: How far into a WebM file its track list is looked for.
WEBM_TRACKS_WITHIN = 64 * 1024


def _mp4_boxes(data: bytes, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, start of content, end) of each box between ``start`` and ``end``."""
    boxes = []
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack(">I4s", data[at:at + 8])
        header = 8
        if size == 1 and at + 16 <= end:
            size = struct.unpack(">Q", data[at + 8:at + 16])[0]
            header = 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            break
        boxes.append((kind, at + header, at + size))
        at += size
    return boxes


def _mp4_handlers(data: bytes) -> set[bytes]:
    """The handler type (``soun``, ``vide``...) of every track of an MP4 file."""
    found = set()
    for kind, start, end in _mp4_boxes(data, 0, len(data)):
        if kind != b"moov":
            continue
        for trak, t_start, t_end in _mp4_boxes(data, start, end):
            if trak != b"trak":
                continue
            for mdia, m_start, m_end in _mp4_boxes(data, t_start, t_end):
                if mdia != b"mdia":
                    continue
                for hdlr, h_start, _h_end in _mp4_boxes(data, m_start, m_end):
                    if hdlr == b"hdlr":
                        found.add(data[h_start + 8:h_start + 12])
    return found


def _strip_id3(data: bytes) -> bytes:
    if data.startswith(b"ID3") and len(data) >= 10:
        size = 0
        for byte in data[6:10]:
            size = (size << 7) | (byte & 0x7F)  # a "syncsafe" integer
        size += 10 + (10 if data[5] & 0x10 else 0)  # header, and the footer if flagged
        data = data[size:]
    if len(data) >= 128 and data[-128:-125] == b"TAG":
        data = data[:-128]
    return data


def _wav_sound_only(data: bytes) -> bytes | None:
    chunks = []
    at = 12
    while at + 8 <= len(data):
        name, size = struct.unpack("<4sI", data[at:at + 8])
        body = data[at + 8:at + 8 + size]
        if len(body) < size and name != b"data":
            return None
        if name in (b"fmt ", b"data", b"fact"):
            chunks.append(name + struct.pack("<I", len(body)) + body + b"\x00" * (len(body) % 2))
        at += 8 + size + size % 2
    names = [c[:4] for c in chunks]
    if b"fmt " not in names or b"data" not in names:
        return None
    body = b"WAVE" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _mp3(data: bytes) -> bytes | Refusal:
    stripped = _strip_id3(data)
    if len(stripped) < 4 or stripped[0] != 0xFF or stripped[1] & 0xE0 != 0xE0:
        return Refusal(Reason.AUDIO_UNREADABLE, "no MPEG frame after the tags")
    return stripped


def _wav(data: bytes) -> bytes | Refusal:
    sound = _wav_sound_only(data)
    return sound if sound is not None else Refusal(Reason.AUDIO_UNREADABLE, "wav chunks")


def _mp4(data: bytes) -> bytes | Refusal:
    handlers = _mp4_handlers(data)
    if b"vide" in handlers:
        return Refusal(Reason.VIDEO_NOT_ALLOWED)
    if b"soun" not in handlers:
        return Refusal(Reason.AUDIO_UNREADABLE, "no sound track")
    return data


def _webm(data: bytes) -> bytes | Refusal:
    tracks = data[:WEBM_TRACKS_WITHIN]
    if b"V_VP8" in tracks or b"V_VP9" in tracks or b"V_AV1" in tracks:
        return Refusal(Reason.VIDEO_NOT_ALLOWED)
    if b"A_OPUS" not in tracks and b"A_VORBIS" not in tracks:
        return Refusal(Reason.AUDIO_UNREADABLE, "no Opus or Vorbis track")
    return data


def _ogg(data: bytes) -> bytes | Refusal:
    first_page = data[:512]
    if b"theora" in first_page:
        return Refusal(Reason.VIDEO_NOT_ALLOWED)
    if b"OpusHead" not in first_page and b"\x01vorbis" not in first_page:
        return Refusal(Reason.AUDIO_UNREADABLE, "no Opus or Vorbis stream")
    return data


def _aac(data: bytes) -> bytes | Refusal:
    return data  # raw ADTS frames: nothing but sound


CHECKS: dict[FileKind, Callable[[bytes], bytes | Refusal]] = {
    FileKind.MP3: _mp3, FileKind.WAV: _wav, FileKind.MP4_AUDIO: _mp4,
    FileKind.WEBM: _webm, FileKind.OGG: _ogg, FileKind.AAC: _aac,
}


def clean_audio(data: bytes, kind: FileKind) -> bytes | Refusal:
    """The voice note as recorded, once its container is confirmed to be sound (no video
    track); an MP3 without its ID3 tags, a WAV without its INFO chunks.

    Why: the type is decided from the bytes, not the name (a video or another file
    called ``.m4a`` is refused); re-encoding is not done (see the module's docstring).
    """
    check = CHECKS.get(kind)
    return check(data) if check is not None else Refusal(Reason.NOT_ALLOWED_TYPE)
