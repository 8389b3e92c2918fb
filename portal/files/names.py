"""A file's name as sent, made fit to show: never a path, never a header.

A name is whatever the sender's device or the sender chose: it may carry folders
(``C:\\Users\\Sam\\...``, which name a child), control characters, or a right-to-left
override that makes ``gpj.exe`` read as ``exe.jpg``. It is kept only as text to show an
officer; files are stored by number and downloaded under a name the portal makes
(``download_name``).
"""

from __future__ import annotations

import unicodedata

from portal.security.sanitise import exact_text
from portal.vocab.files import FileKind

MAX_NAME = 120


def safe_name(name: str | None, kind: FileKind) -> str:
    """The last part of ``name`` (after any folder), with no control or formatting
    characters (bidirectional overrides included), white space made single, at most
    ``MAX_NAME`` characters (its ending kept); ``file.EXT`` when nothing is left."""
    text = exact_text(name).replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(" " if ch.isspace() else ch for ch in text
                   if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    text = " ".join(text.split()).strip(" .")
    if not text:
        return f"file.{kind.extension}"
    if len(text) > MAX_NAME:
        stem, dot, ending = text.rpartition(".")
        if dot and 0 < len(ending) <= 10:
            text = stem[:MAX_NAME - len(ending) - 1].rstrip() + "." + ending
        else:
            text = text[:MAX_NAME]
    return text


def download_name(reference: str, file_id: int, kind: FileKind) -> str:
    """What a download is called: the case, the file's number and its true ending; only
    letters, digits and dashes, so it is safe in a Content-Disposition header."""
    safe_reference = "".join(ch for ch in reference if ch.isascii() and (ch.isalnum() or ch == "-"))
    return f"{safe_reference or 'case'}-file-{file_id}.{kind.extension}"
