"""Working days: the unit of every legal clock in the portal.

The counting rule is fixed by ``spec/WORKING-DAYS.md``: Monday to Friday,
except the bank and public holidays of the council's nation, taken from the
pinned, offline ``holidays`` package (as written out in ``bank_holidays.json``).
Nothing here reads the clock or the network; a date outside the calendar's years
raises rather than quietly counting no holidays.
"""

from __future__ import annotations

import bisect
import enum
import functools
import importlib.util
import json
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

#: Years the calendar covers. Registers go back to 2009; deadlines run a few
#: years ahead. Outside this range we refuse, never guess.
FIRST_YEAR = 2000
LAST_YEAR = 2060

# 1 January 2000 was a Saturday; 3 January 2000 is the Monday every weekday
# count is anchored on, so "full weeks times five" is exact.
_EPOCH = date(2000, 1, 3)


class Nation(enum.StrEnum):
    """Whose bank holidays apply. England and Wales share one list."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern_ireland"


_SUBDIVISION = {
    Nation.ENGLAND: "ENG",
    Nation.WALES: "WLS",
    Nation.SCOTLAND: "SCT",
    Nation.NORTHERN_IRELAND: "NIR",
}


class CalendarRangeError(ValueError):
    """A date falls outside the years the holiday calendar covers."""


@dataclass(frozen=True)
class WorkingCalendar:
    """A nation's working-day calendar: weekdays that are not holidays.

    ``holidays`` may hold weekend dates (Christmas on a Sunday); only those on
    a weekday change any count, so they are filtered once here.
    """

    holidays: frozenset[date]
    first: date = date(FIRST_YEAR, 1, 1)
    last: date = date(LAST_YEAR, 12, 31)
    _weekday_holidays: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(d for d in self.holidays if d.weekday() < 5))
        object.__setattr__(self, "_weekday_holidays", ordered)

    def _check(self, d: date) -> None:
        if not (self.first <= d <= self.last):
            raise CalendarRangeError(
                f"{d.isoformat()} is outside the holiday calendar "
                f"({self.first.isoformat()} to {self.last.isoformat()})"
            )

    def is_working_day(self, d: date) -> bool:
        self._check(d)
        if d.weekday() >= 5:
            return False
        i = bisect.bisect_left(self._weekday_holidays, d)
        return not (i < len(self._weekday_holidays) and self._weekday_holidays[i] == d)

    def _holidays_in(self, a: date, b: date) -> int:
        """Weekday holidays x with a < x <= b."""
        hs = self._weekday_holidays
        return bisect.bisect_right(hs, b) - bisect.bisect_right(hs, a)

    def working_days_between(self, a: date, b: date) -> int:
        """How many working days x have ``a < x <= b``; 0 when ``b <= a``."""
        if b <= a:
            return 0
        self._check(a)
        self._check(b)
        return _weekdays_before(b + timedelta(days=1)) - _weekdays_before(
            a + timedelta(days=1)
        ) - self._holidays_in(a, b)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after ``d``; ``d`` itself never counts; n = 0 gives ``d``."""
        if n < 0:
            raise ValueError("n must not be negative")
        self._check(d)
        x = d
        remaining = n
        # Jump whole weeks while more than a week's worth is left: a week holds
        # at most five working days, so a jump can never overshoot.
        while remaining > 5:
            nxt = x + timedelta(days=7)
            remaining -= 5 - self._holidays_in(x, nxt)
            x = nxt
        while remaining > 0:
            x += timedelta(days=1)
            if self.is_working_day(x):
                remaining -= 1
        self._check(x)
        return x


def _weekdays_before(d: date) -> int:
    """Weekdays x with ``_EPOCH <= x < d`` (negative before the epoch)."""
    weeks, rest = divmod((d - _EPOCH).days, 7)
    return weeks * 5 + min(rest, 5)


#: The ``holidays`` package's lists for each nation, written out by ``python -m
#: portal.tables`` (``make tables``). Loading the package in a web worker costs it 3 MiB
#: for its life (the UK's module imports every other calendar the package has: Islamic,
#: Hindu, Hebrew, Chinese...) to answer a list of about 600 dates. The package stays the
#: source: tests/unit/common/test_working_days.py requires the file to be its lists.
BANK_HOLIDAYS_FILE = Path(__file__).with_name("bank_holidays.json")
_UK_MODULE = "_portal_holidays_united_kingdom"


@functools.cache
def _uk_holidays() -> Any:
    """The ``holidays`` package's ``UK`` class, loaded without the other countries.

    ``holidays.UK`` imports the package ``holidays.countries`` first, and its
    ``__init__`` imports all of its 250 countries, for one. The UK's module needs only
    the package's shared modules, so it is loaded on its own from the same file;
    tests/unit/common/test_working_days.py checks the dates are ``holidays.UK``'s.
    """
    import holidays

    path = Path(holidays.__file__).parent / "countries" / "united_kingdom.py"
    spec = importlib.util.spec_from_file_location(_UK_MODULE, path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"the holidays package has no {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[_UK_MODULE] = module  # as an import would: classes find their module
    spec.loader.exec_module(module)
    return module.UK


def holidays_from_package(nation: Nation | str) -> list[date]:
    """The nation's holidays from FIRST_YEAR to LAST_YEAR, from the pinned package
    (what ``python -m portal.tables`` writes out; not for web workers)."""
    days = _uk_holidays()(subdiv=_SUBDIVISION[Nation(nation)],
                          years=range(FIRST_YEAR, LAST_YEAR + 1))
    return sorted(days.keys())


@functools.cache
def _written_holidays() -> dict[str, Any]:
    written: dict[str, Any] = json.loads(BANK_HOLIDAYS_FILE.read_text(encoding="utf-8"))
    if written.get("years") != [FIRST_YEAR, LAST_YEAR]:
        raise RuntimeError(f"{BANK_HOLIDAYS_FILE.name} does not cover {FIRST_YEAR} to "
                           f"{LAST_YEAR}: run `make tables`")
    return written


@functools.cache
def calendar_for(nation: Nation | str) -> WorkingCalendar:
    """The working-day calendar of a nation, from the pinned ``holidays`` package's lists.

    Raises if a list is missing or short: a deadline computed without bank holidays
    would be silently wrong.
    """
    nation = Nation(nation)
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    found = frozenset(date.fromisoformat(day)
                      for day in _written_holidays()["nations"].get(nation, ()))
    if len(found) < 8 * len(years):
        raise RuntimeError(f"the holiday calendar for {nation} is incomplete")
    return WorkingCalendar(found)


def add_working_days(d: date, n: int, *, calendar: WorkingCalendar) -> date:
    """The n-th working day after ``d`` (spec/WORKING-DAYS.md)."""
    return calendar.add_working_days(d, n)


def working_days_between(a: date, b: date, *, calendar: WorkingCalendar) -> int:
    """Working days x with ``a < x <= b`` (spec/WORKING-DAYS.md)."""
    return calendar.working_days_between(a, b)


def within(started_on: date, closed_on: date, n: int, *, calendar: WorkingCalendar) -> bool:
    """A response is within a timescale of n working days (spec/WORKING-DAYS.md)."""
    return calendar.working_days_between(started_on, closed_on) <= n
