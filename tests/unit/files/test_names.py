"""A file's name is text to show, never a path or a header."""

from __future__ import annotations

import pytest

from portal.files.names import MAX_NAME, download_name, safe_name
from portal.vocab.files import FileKind


@pytest.mark.parametrize(("given", "kept"), [
    ("photo.jpg", "photo.jpg"),
    ("C:\\Users\\Sam Smith\\Pictures\\bruise.jpg", "bruise.jpg"),  # folders name a child
    ("../../etc/passwd", "passwd"),
    ("evil\u202egpj.exe", "evilgpj.exe"),  # a right-to-left override hides the ending
    ("tab\there\x00.png", "tab here.png"),
    ("   ", "file.jpg"),
    (None, "file.jpg"),
    ("...", "file.jpg"),
])
def test_names_are_made_safe(given: str | None, kept: str) -> None:
    assert safe_name(given, FileKind.JPEG) == kept


def test_a_long_name_keeps_its_ending() -> None:
    name = safe_name("a" * 500 + ".pdf", FileKind.PDF)
    assert len(name) == MAX_NAME
    assert name.endswith(".pdf")


def test_the_download_name_is_made_by_the_portal() -> None:
    assert download_name("CMP-2026-000123", 7, FileKind.PDF) == "CMP-2026-000123-file-7.pdf"
    assert download_name('X"; evil', 1, FileKind.JPEG) == "Xevil-file-1.jpg"
