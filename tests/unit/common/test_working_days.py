"""Working days exactly as spec/WORKING-DAYS.md, checked against an independent calculation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from portal.common.dates import (
    _SUBDIVISION,
    FIRST_YEAR,
    LAST_YEAR,
    CalendarRangeError,
    Nation,
    WorkingCalendar,
    add_working_days,
    calendar_for,
    within,
    working_days_between,
)
from tests.conftest import ROOT

ENGLAND = calendar_for(Nation.ENGLAND)


@pytest.mark.parametrize(("start", "n", "expected"), [
    (date(2026, 3, 6), 10, date(2026, 3, 20)),  # spec: received Friday, 10 working days
    (date(2026, 3, 7), 10, date(2026, 3, 20)),  # spec: received Saturday: the same Friday
    (date(2026, 12, 17), 3, date(2026, 12, 22)),  # spec: before Christmas
    (date(2026, 12, 23), 3, date(2026, 12, 30)),  # spec: 25th and the Boxing Day substitute
    (date(2026, 3, 6), 0, date(2026, 3, 6)),  # n = 0 gives the day itself
    (date(2026, 3, 7), 0, date(2026, 3, 7)),  # even when it is not a working day
    (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Good Friday and Easter Monday skipped
    (date(2022, 9, 16), 1, date(2022, 9, 20)),  # the Queen's state funeral, a one-off
    (date(2023, 5, 5), 1, date(2023, 5, 9)),  # the coronation bank holiday
    (date(2020, 5, 7), 1, date(2020, 5, 11)),  # VE day: May Day moved to Friday 8 May
    (date(2011, 4, 28), 1, date(2011, 5, 3)),  # royal wedding, then May Day
    (date(2012, 6, 1), 1, date(2012, 6, 6)),  # 2012 jubilee: Monday and Tuesday off
])
def test_add_working_days_examples(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n, calendar=ENGLAND) == expected


@pytest.mark.parametrize(("a", "b", "expected"), [
    (date(2026, 3, 6), date(2026, 3, 6), 0),  # answered on the day of receipt
    (date(2026, 3, 6), date(2026, 3, 20), 10),  # spec example
    (date(2026, 3, 20), date(2026, 3, 6), 0),  # b before a
    (date(2026, 12, 23), date(2026, 12, 30), 3),  # over Christmas
    (date(2026, 3, 7), date(2026, 3, 8), 0),  # a weekend only
])
def test_working_days_between_examples(a: date, b: date, expected: int) -> None:
    assert working_days_between(a, b, calendar=ENGLAND) == expected


def test_within_is_the_same_as_comparing_with_the_deadline() -> None:
    start = date(2026, 3, 6)
    assert within(start, date(2026, 3, 20), 10, calendar=ENGLAND)
    assert not within(start, date(2026, 3, 23), 10, calendar=ENGLAND)


def test_wales_shares_englands_list_and_scotland_differs() -> None:
    assert calendar_for(Nation.WALES).holidays == ENGLAND.holidays
    scotland = calendar_for(Nation.SCOTLAND)
    assert date(2026, 1, 2) in scotland.holidays  # 2 January is a Scottish bank holiday
    assert date(2026, 1, 2) not in ENGLAND.holidays
    assert date(2026, 3, 17) in calendar_for(Nation.NORTHERN_IRELAND).holidays  # St Patrick's


def test_outside_the_calendar_raises_rather_than_counting_no_holidays() -> None:
    with pytest.raises(CalendarRangeError):
        ENGLAND.add_working_days(date(1999, 12, 1), 3)
    with pytest.raises(CalendarRangeError):
        ENGLAND.working_days_between(date(2060, 12, 1), date(2061, 1, 10))


def test_negative_n_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        ENGLAND.add_working_days(date(2026, 1, 5), -1)


def test_agrees_with_numpy_for_every_start_from_2009_to_2030() -> None:
    """An independent calculation: numpy's business-day functions over the same holidays."""
    holidays = np.array(sorted(ENGLAND.holidays), dtype="datetime64[D]")
    starts = np.arange(np.datetime64("2009-01-01"), np.datetime64("2031-01-01"))
    next_day = starts + 1
    for n in range(0, 131):
        if n == 0:
            expected = starts
        else:
            expected = np.busday_offset(next_day, n - 1, roll="forward", holidays=holidays)
        got = np.array([ENGLAND.add_working_days(d, n) for d in starts.astype(date)],
                       dtype="datetime64[D]")
        mismatches = np.flatnonzero(got != expected)
        assert mismatches.size == 0, (n, starts[mismatches[:3]])
        # working_days_between(start, deadline) gives n back, whatever the start.
        counted = np.busday_count(next_day, expected + 1, holidays=holidays)
        assert (counted == n).all()
    sample = [(d, d + timedelta(days=k)) for d in starts[::37].astype(date) for k in (0, 1, 6, 40)]
    for a, b in sample:
        assert ENGLAND.working_days_between(a, b) == np.busday_count(
            np.datetime64(a) + 1, np.datetime64(b) + 1, holidays=holidays)


def test_a_calendar_ignores_weekend_holidays() -> None:
    calendar = WorkingCalendar(frozenset({date(2026, 12, 26)}))  # a Saturday
    assert calendar.working_days_between(date(2026, 12, 24), date(2026, 12, 29)) == 3


@pytest.mark.parametrize("nation", list(Nation))
def test_the_calendar_is_the_holidays_packages_list(nation: Nation) -> None:
    # Workers read the lists from bank_holidays.json (`make tables`), written from the
    # UK's module loaded on its own (dates.py, _uk_holidays): they must be exactly
    # holidays.UK's. After an upgrade of the package that adds a day, this fails until
    # `make tables` writes it out.
    import holidays

    years = range(FIRST_YEAR, LAST_YEAR + 1)
    expected = holidays.UK(subdiv=_SUBDIVISION[nation], years=years)
    assert calendar_for(nation).holidays == frozenset(expected.keys())


def test_a_calendar_whose_written_years_differ_is_refused(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A file written for other years would count no holidays after its last year.
    from portal.common import dates

    short = tmp_path / "bank_holidays.json"
    short.write_text(json.dumps({"years": [FIRST_YEAR, 2030], "nations": {}}))
    monkeypatch.setattr(dates, "BANK_HOLIDAYS_FILE", short)
    dates._written_holidays.cache_clear()
    dates.calendar_for.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="make tables"):
            calendar_for(Nation.ENGLAND)
    finally:
        dates._written_holidays.cache_clear()
        dates.calendar_for.cache_clear()


def test_a_web_worker_does_not_load_the_holidays_package() -> None:
    # The package costs a worker 3 MiB for its life (dates.py): it is read from the file.
    code = ("import sys; from portal.common.dates import calendar_for; "
            "calendar_for('england'); print('holidays' in sys.modules)")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert ran.stdout.strip() == "False"
