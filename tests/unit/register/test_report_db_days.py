"""The database report's working days equal the calendar's, from dates or SQLite's text."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from portal.common.dates import CalendarRangeError, calendar_for
from portal.register.report_db import _DayIndexMeasure
from portal.register.timescales import DEFAULT_TIMESCALES

ENGLAND = calendar_for("england")


def test_working_days_by_index_equal_the_calendars_for_any_two_days() -> None:
    measure = _DayIndexMeasure(DEFAULT_TIMESCALES, ENGLAND)
    rng = random.Random(17)
    start = date(2015, 12, 20)  # Christmas, Easter and bank holidays either side
    for _ in range(3000):
        a = start + timedelta(days=rng.randrange(1500))
        b = a + timedelta(days=rng.randrange(-30, 120))
        expected = ENGLAND.working_days_between(a, b)
        assert measure.days(a, b) == expected
        # SQLite gives dates as ISO text: the same answer.
        assert measure.days(a.isoformat(), b.isoformat()) == expected


def test_days_outside_the_holiday_calendar_answer_as_the_calendar_does() -> None:
    measure = _DayIndexMeasure(DEFAULT_TIMESCALES, ENGLAND)
    early = ENGLAND.first - timedelta(days=10)
    # The calendar counts nothing backwards, without looking the days up...
    assert measure.days(ENGLAND.first, early) == 0
    # ...and refuses to count across days it has no holidays for.
    with pytest.raises(CalendarRangeError):
        measure.days(early, ENGLAND.first)
