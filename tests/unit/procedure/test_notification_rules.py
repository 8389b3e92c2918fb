"""When staff are reminded of a deadline (issue 16, part 4): 3 working days before it, over
weekends and bank holidays (spec/WORKING-DAYS.md), and the day after it is missed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.common.dates import Nation, calendar_for
from portal.procedure.reminders import (
    MISSED_TOLD_WITHIN_DAYS,
    REMIND_WITHIN,
    deadline_notice,
    reminder_on,
)
from portal.procedure.rules import Rag, rag
from portal.vocab.notifications import NoticeKind

ENGLAND = calendar_for(Nation.ENGLAND)
SOON, MISSED = NoticeKind.DEADLINE_SOON, NoticeKind.DEADLINE_MISSED


@pytest.mark.parametrize(("due_on", "expected"), [
    # Mid-week: three working days back, no weekend between.
    (date(2026, 11, 27), date(2026, 11, 24)),  # Friday -> Tuesday
    # Over a weekend: a Wednesday deadline is told on the Friday before.
    (date(2026, 11, 25), date(2026, 11, 20)),
    # A Monday deadline: the Wednesday before.
    (date(2026, 11, 30), date(2026, 11, 25)),
    # Easter: Good Friday 3 April and Easter Monday 6 April 2026 do not count.
    (date(2026, 4, 8), date(2026, 4, 1)),
    # The early May bank holiday, Monday 4 May 2026.
    (date(2026, 5, 5), date(2026, 4, 29)),
    # Christmas: 25 December and Monday 28 December (Boxing Day's substitute) are holidays;
    # WORKING-DAYS.md's own example: 23 December + 3 working days = 30 December.
    (date(2026, 12, 30), date(2026, 12, 23)),
    # New Year's Day 2027 is a Friday: a Tuesday 5 January deadline (4 January, 31 December
    # and 5 January count), told Wednesday 30 December.
    (date(2027, 1, 5), date(2026, 12, 30)),
])
def test_the_reminder_goes_3_working_days_before(due_on: date, expected: date) -> None:
    assert reminder_on(due_on, calendar=ENGLAND) == expected
    assert ENGLAND.is_working_day(expected)
    assert ENGLAND.add_working_days(expected, REMIND_WITHIN) == due_on


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 11, 19), None),  # Thursday: 4 working days left
    (date(2026, 11, 20), SOON),  # Friday: 3 left (Monday, Tuesday, Wednesday)
    (date(2026, 11, 21), SOON),  # Saturday: still 3, a run missed on Friday catches up
    (date(2026, 11, 22), SOON),  # Sunday
    (date(2026, 11, 24), SOON),  # Tuesday: 1 left
    (date(2026, 11, 25), SOON),  # the due day: a reply today is in time
    (date(2026, 11, 26), MISSED),  # the day after: missed
    (date(2026, 12, 2), MISSED),  # a week on, a run that failed all week still tells
    (date(2026, 12, 3), None),  # older news is on the due dashboard, not in inboxes
])
def test_which_notice_a_wednesday_deadline_calls_for(today: date,
                                                     expected: NoticeKind | None) -> None:
    assert deadline_notice(date(2026, 11, 25), today=today, calendar=ENGLAND) is expected


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 12, 22), None),  # 4 working days left: 23, 24, 29, 30 December
    (date(2026, 12, 23), SOON),
    (date(2026, 12, 25), SOON),  # Christmas Day: nothing changes, already told
    (date(2026, 12, 31), MISSED),
])
def test_a_deadline_after_christmas(today: date, expected: NoticeKind | None) -> None:
    assert deadline_notice(date(2026, 12, 30), today=today, calendar=ENGLAND) is expected


def test_missed_is_told_for_a_week_from_the_day_after() -> None:
    due = date(2026, 11, 25)
    missed = [d for d in (due + timedelta(days=n) for n in range(0, 20))
              if deadline_notice(due, today=d, calendar=ENGLAND) is MISSED]
    assert missed[0] == due + timedelta(days=1)
    assert len(missed) == MISSED_TOLD_WITHIN_DAYS


def test_due_soon_exactly_when_the_dashboard_turns_amber() -> None:
    """Every deadline of a year, every day around it: the reminder is due from
    ``reminder_on`` to the due day, exactly the days the due dashboard shows it amber."""
    start = date(2026, 1, 5)
    for offset in range(0, 365):
        due = start + timedelta(days=offset)
        if not ENGLAND.is_working_day(due):
            continue
        first = reminder_on(due, calendar=ENGLAND)
        for back in range(0, 15):
            today = due - timedelta(days=back)
            soon = deadline_notice(due, today=today, calendar=ENGLAND) is SOON
            assert soon == (today >= first), (due, today)
            assert soon == (rag(due, today=today, calendar=ENGLAND) is Rag.AMBER), (due, today)
