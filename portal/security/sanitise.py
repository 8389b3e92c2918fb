"""The one sanitise function: free text in, plain text out.

Children's words are stored as plain text and escaped on output; nh3 (the
maintained successor to bleach, which was retired on 2026-06-05) strips any
markup with an empty allow-list. Control characters that have no place in
text are removed; line breaks and tabs are kept, and so is every script and
emoji a person may write in.
"""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

# C0 and C1 controls except tab, line feed and carriage return; they corrupt
# letters and CSV files and are never typed on purpose.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def sanitise_text(value: str | None) -> str:
    """Plain text with markup removed, controls dropped and line endings normalised."""
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if "<" in text:
        # nh3 returns HTML-escaped text; unescape so "5 < 6" stays as typed.
        text = html.unescape(nh3.clean(text, tags=set(), attributes={}, strip_comments=True))
    return text.strip()
