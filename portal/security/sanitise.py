"""Free text in, the same text out: what a person types is stored as they typed it.

A child's words are evidence and are quoted back to them, to staff, to an
advocate and to the Ombudsman, so storing is not the place to clean them:
``a<b>c`` is three characters a child may well write ("5 < 6", "<3"), and
every page escapes on output (Jinja autoescaping, also for the PDF report),
plain-text emails carry no markup to escape, and the spreadsheet export
writes text as text (``portal.register.xlsx.put``). No page renders a
person's text as HTML; if one ever must, that is where an allow-list
sanitiser (nh3) belongs, not here.

:func:`exact_text` changes only what no store can hold or what no browser
sends back the same way:

- NUL: PostgreSQL's ``text`` cannot store it, and HTML parsers turn it into
  U+FFFD, so it could never be shown as sent;
- lone surrogates: they are not characters (UTF-8 cannot encode them, so the
  database, a draft and a page would all fail); a high and low surrogate that
  arrive as a pair become the one character they encode;
- ``\\r\\n`` and a lone ``\\r`` become ``\\n``: browsers send every line break
  of a ``<textarea>`` as ``\\r\\n`` and HTML parsers read every ``\\r`` as ``\\n``,
  so one form of line break is what was meant and what is shown back.

Nothing else changes: no Unicode normalisation (NFC would rewrite a typed
``e`` + combining acute as ``é``), no markup stripping, no control characters
removed, no trimming. A text of nothing but white space is no answer, and is
returned empty so that every caller's "was anything written?" is one test.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def exact_text(value: str | None) -> str:
    """The text exactly as typed, less NUL and lone surrogates, with ``\\n`` line breaks;
    empty when nothing but white space was typed."""
    if not value:
        return ""
    text = value.replace("\x00", "")
    if _SURROGATE.search(text):
        # Pairs decode to their character; the decoder's "ignore" drops lone halves.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.strip() else ""
