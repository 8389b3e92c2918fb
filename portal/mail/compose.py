"""Writing one email in one language or in several, the first language first.

A Welsh council writes to someone who has not chosen a language in Welsh and
English, Welsh first (Welsh Language Standards (No. 1) Regulations 2015,
standards 1 to 7: correspondence in Welsh, Welsh not treated less favourably).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask_babel import force_locale

#: Between the languages of a bilingual email's body.
DIVIDER = "\n\n" + "-" * 40 + "\n\n"


@dataclass(frozen=True)
class Composed:
    subject: str
    body: str
    #: For Content-Language: one code, or the codes in order ("cy, en").
    locale: str


def compose(languages: Sequence[str], write: Callable[[], tuple[str, str]]) -> Composed:
    """``write()`` returns (subject, body) in the current locale; it is called once per
    language, in order, and the parts are joined: subjects by " / ", bodies by a line."""
    if not languages:
        raise ValueError("an email needs at least one language")
    parts = []
    for language in languages:
        with force_locale(language):
            subject, body = write()
        parts.append((subject.strip(), body.strip()))
    return Composed(subject=" / ".join(s for s, _ in parts),
                    body=DIVIDER.join(b for _, b in parts) + "\n",
                    locale=", ".join(languages))
