"""Template filters: dates in the reader's language.

Dates are formatted in CLDR's words (``cldr.py``: Babel's, written out) for the locale
of the request or command (``force_locale``); outside any Flask context (a report
rendered by a script) they are English. A datetime goes through flask-babel so it is
shown in the app's time zone.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from flask import Flask
from flask_babel import format_datetime, get_locale, gettext

from portal.common import cldr

#: Languages whose weekday names CLDR capitalises for the start of a line but which
#: write them lower case inside a sentence: Welsh "erbyn dydd Mercher 1 Ebrill"
#: (the day's own name, Mercher, keeps its capital; "dydd" does not).
LOWER_CASE_IN_SENTENCE = frozenset({"cy"})


@lru_cache(maxsize=8192)
def _formatted(value: date, pattern: str, language: str) -> str:
    # The due page shows thousands of dates, most of them the same few hundred days:
    # Babel parsed the locale again for each (a third of the page's time at 100,000 cases).
    return cldr.format_date(value, pattern, language)


def reader_locale() -> str:
    """The reader's locale as the portal offers it: "fa_AF" for Dari, whose months CLDR
    names as Afghanistan does ("جنوری"), not as Persian in Iran does ("ژانویه")."""
    locale = get_locale()  # None outside a request or a force_locale block
    return "en" if locale is None else str(locale)


def long_date(value: date | datetime | None) -> str:
    """20 March 2026 (Welsh: 20 Mawrth 2026)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, "d MMMM y, HH:mm")
    return _formatted(value, "d MMMM y", reader_locale())


def weekday_date(value: date | None, in_sentence: bool = False) -> str:
    """Friday 20 March 2026: the form children and parents find easiest to read.

    ``in_sentence`` for a date inside a sentence ("We will answer by ..."): Welsh
    then writes "dydd Mercher", not the "Dydd Mercher" that starts a line.
    """
    if value is None:
        return ""
    language = reader_locale()
    text = _formatted(value, "EEEE d MMMM y", language)
    if in_sentence and language in LOWER_CASE_IN_SENTENCE:
        text = text[:1].lower() + text[1:]
    return text


def date_range(start: date, end: date) -> str:
    """1 April 2018 to 31 March 2019 (Welsh: 1 Ebrill 2018 i 31 Mawrth 2019)."""
    return gettext("%(start)s to %(end)s", start=long_date(start), end=long_date(end))


def init_filters(app: Flask) -> None:
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["weekday_date"] = weekday_date
