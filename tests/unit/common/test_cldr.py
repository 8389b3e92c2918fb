"""The CLDR words workers read (portal/common/cldr_words.json) are Babel's own.

Pages write dates and count characters from a small file instead of loading each
language's whole CLDR data into every web worker (cldr.py). Whatever the file, a date
must read exactly as Babel writes it, in every language the portal offers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from babel import Locale, dates

from portal import tables
from portal.common import cldr
from tests.conftest import ROOT

#: Twelve months and every weekday: a date every 31 days through a year, then a week.
DAYS = [date(2026, 1, 5) + timedelta(days=31 * i) for i in range(12)] + [
    date(2027, 3, 1) + timedelta(days=i) for i in range(7)]


def test_the_files_are_what_the_packages_give() -> None:
    # After upgrading holidays or Babel, or adding a language, `make tables` writes them.
    assert tables.stale() == []


def test_every_offered_language_is_written_out() -> None:
    assert set(cldr._written()) == set(tables.languages())
    assert {"en", "cy", "fa", "fa_AF", "ar", "ckb", "ti"} <= set(cldr._written())


@pytest.mark.parametrize("language", tables.languages())
@pytest.mark.parametrize("pattern", sorted(cldr.PATTERNS))
def test_a_date_reads_as_babel_writes_it(language: str, pattern: str) -> None:
    for day in DAYS:
        assert cldr.format_date(day, pattern, language) == dates.format_date(
            day, pattern, locale=language), (language, day)


@pytest.mark.parametrize("language", tables.languages())
def test_plural_samples_are_one_number_of_each_category(language: str) -> None:
    # A whole number of each category a count of characters can fall in (Portuguese's
    # "many" is for millions, Polish's "other" for fractions: neither is a count here).
    rule = Locale.parse(language).plural_form
    samples = cldr.plural_samples(language)
    assert all(rule(n) == category for category, n in samples.items())
    assert {rule(n) for n in range(1000)} == set(samples)


def test_welsh_has_six_plural_categories() -> None:
    assert set(cldr.plural_samples("cy")) == {"zero", "one", "two", "few", "many", "other"}


def test_a_language_or_pattern_not_written_out_is_babels() -> None:
    assert "de" not in cldr._written()
    assert cldr.format_date(date(2026, 3, 20), "d MMMM y", "de") == "20 März 2026"
    assert cldr.plural_samples("de") == {"one": 1, "other": 0}
    assert cldr.format_date(date(2026, 3, 20), "d MMM y", "en") == "20 Mar 2026"


def test_writing_a_date_loads_no_cldr_data() -> None:
    code = ("from datetime import date; import babel.localedata as data; "
            "from portal.common import cldr; "
            "cldr.format_date(date(2026, 3, 20), 'EEEE d MMMM y', 'cy'); "
            "cldr.plural_samples('cy'); print(sorted(data._cache))")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert ran.stdout.strip() == "[]"
