"""Dates as people read them, in English and Welsh.

Welsh writes a weekday in lower case inside a sentence ("erbyn dydd Mercher
1 Ebrill 2026") and capitalised only where it starts a line; a report's period
reads as a long date range, never as ISO dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask
from flask_babel import Babel, force_locale

from portal.common.filters import date_range, long_date, weekday_date
from portal.i18n import TRANSLATIONS
from portal.register.tables import period_label, report_title
from tests.conftest import ROOT

WEDNESDAY = date(2026, 4, 1)


@pytest.fixture(scope="module")
def context() -> Iterator[None]:
    app = Flask("dates")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app)
    with app.test_request_context():
        yield


@pytest.mark.parametrize(("lang", "in_sentence", "expected"), [
    ("en", False, "Wednesday 1 April 2026"),
    ("en", True, "Wednesday 1 April 2026"),
    # At the start of a line or a table cell, as CLDR gives it.
    ("cy", False, "Dydd Mercher 1 Ebrill 2026"),
    # Inside a sentence: "dydd" is lower case, the day's name keeps its capital.
    ("cy", True, "dydd Mercher 1 Ebrill 2026"),
])
def test_weekday_date(context: None, lang: str, in_sentence: bool, expected: str) -> None:
    with force_locale(lang):
        assert weekday_date(WEDNESDAY, in_sentence=in_sentence) == expected


def test_a_welsh_letter_says_dydd_in_lower_case(context: None) -> None:
    from flask_babel import gettext

    with force_locale("cy"):
        sentence = gettext("We will answer by %(due)s.",
                           due=weekday_date(WEDNESDAY, in_sentence=True))
    assert sentence == "Byddwn ni'n eich ateb erbyn dydd Mercher 1 Ebrill 2026."


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "1 April 2018 to 31 March 2019"),
    ("cy", "1 Ebrill 2018 i 31 Mawrth 2019"),
])
def test_date_range(context: None, lang: str, expected: str) -> None:
    with force_locale(lang):
        assert date_range(date(2018, 4, 1), date(2019, 3, 31)) == expected


@pytest.mark.parametrize(("lang", "period"), [
    ("en", "1 April 2018 to 31 March 2019"),
    ("cy", "1 Ebrill 2018 i 31 Mawrth 2019"),
])
def test_report_period_is_a_long_date_range(context: None, lang: str, period: str) -> None:
    report = {"period": {"from": "2018-04-01", "to": "2019-03-31"}}
    with force_locale(lang):
        assert period_label(report) == period  # type: ignore[arg-type]
        title = report_title(report)  # type: ignore[arg-type]
    assert title.endswith(period)
    assert "2018-04-01" not in title


@pytest.mark.parametrize(("lang", "expected"), [
    # Dari writes the months as Afghanistan does, not as Persian in Iran ("ژانویه").
    ("fa_AF", "5 جنوری 2026"),
    ("fa", "5 ژانویه 2026"),
])
def test_dari_dates_are_in_dari(context: None, lang: str, expected: str) -> None:
    with force_locale(lang):
        assert long_date(date(2026, 1, 5)) == expected


def test_dates_are_english_outside_any_request() -> None:
    # A report rendered by a script, with no Flask context at all.
    assert long_date(date(2018, 4, 1)) == "1 April 2018"
    assert weekday_date(WEDNESDAY, in_sentence=True) == "Wednesday 1 April 2026"


# A weekday date given to a sentence ({% trans day=x|weekday_date %} or _("...", day=...))
# must ask for the in-sentence form, or Welsh shows "erbyn Dydd Mercher".
TRANS_TAG = re.compile(r"\{%-?\s*trans\b[^%]*%\}")
CALL = re.compile(r"\b(?:_|gettext|ngettext|pgettext)\((?:[^()]|\([^()]*\))*\)")
BARE = re.compile(r"weekday_date(?!\(in_sentence=True\))")


def test_every_weekday_inside_a_sentence_asks_for_the_sentence_form() -> None:
    wrong = []
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix not in (".html", ".txt"):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (TRANS_TAG, CALL):
            for match in pattern.finditer(text):
                if BARE.search(match.group(0)):
                    wrong.append(f"{path.relative_to(ROOT)}: {match.group(0)[:80]}")
    assert wrong == []


def test_the_guard_finds_a_bare_weekday_in_a_sentence() -> None:
    sample = "{% trans day=due|weekday_date %}Reply by {{ day }}.{% endtrans %}"
    assert any(BARE.search(m.group(0)) for m in TRANS_TAG.finditer(sample))
