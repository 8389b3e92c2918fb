"""What the pages need of CLDR, per language: month and weekday names, plural samples.

Babel reads a language's whole CLDR file to write one month's name: the first date a
web worker shows costs it 4.5 MiB (``en`` and the ``root`` it inherits from, and Babel's
global table), which stays for the worker's life. The few words the public pages use
are written out once, from the pinned Babel, into ``cldr_words.json`` by
``python -m portal.tables`` (``make tables``), and read from there;
tests/unit/common/test_cldr.py requires them to be Babel's own, in every language the
portal offers. A language or pattern the file does not hold is formatted by Babel.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import TypedDict

from babel import Locale, dates

WORDS_FILE = Path(__file__).with_name("cldr_words.json")

#: The date patterns the pages use (filters.py), as the words and numbers fill them.
#: Babel writes ``d`` and ``y`` in ASCII digits, unpadded, in every locale.
PATTERNS = {
    "d MMMM y": "{d} {MMMM} {y}",
    "EEEE d MMMM y": "{EEEE} {d} {MMMM} {y}",
}


class Words(TypedDict):
    months: list[str]  # January first, as a date writes it (CLDR's "format" context)
    weekdays: list[str]  # Monday first
    plural_samples: dict[str, int]


def words_from_babel(language: str) -> Words:
    """A language's words as Babel gives them (loads its CLDR data: not for web workers)."""
    locale = Locale.parse(language)
    rule = locale.plural_form
    samples: dict[str, int] = {}
    for n in range(0, 200):
        samples.setdefault(rule(n), n)
    return Words(
        months=[locale.months["format"]["wide"][m] for m in range(1, 13)],
        weekdays=[locale.days["format"]["wide"][d] for d in range(7)],
        plural_samples=samples,
    )


@cache
def _written() -> dict[str, Words]:
    loaded: dict[str, Words] = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
    return loaded


def words(language: str) -> Words:
    """The language's words: as written out when the file holds it, else from Babel."""
    return _written().get(language) or _from_babel(language)


@cache
def _from_babel(language: str) -> Words:
    return words_from_babel(language)


def format_date(value: date, pattern: str, language: str) -> str:
    """``babel.dates.format_date(value, pattern, locale=language)``, without loading the
    language's CLDR data for the patterns and languages the words file holds."""
    written = _written().get(language)
    if written is None or pattern not in PATTERNS:
        return dates.format_date(value, pattern, locale=language)
    return PATTERNS[pattern].format(d=value.day, y=value.year,
                                    MMMM=written["months"][value.month - 1],
                                    EEEE=written["weekdays"][value.weekday()])


def plural_samples(language: str) -> dict[str, int]:
    """A number for each of the language's CLDR plural categories (Welsh has six: zero,
    one, two, few, many, other)."""
    return words(language)["plural_samples"]
