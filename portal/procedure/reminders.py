"""When a deadline's reminder is due: pure functions of the deadline, today and the
council's working-day calendar (no Flask, no database, no clock; STYLE.md section 3).

Issue 16, part 4: staff are emailed "three working days before each deadline
and on the day it is missed". The deadlines are the procedures' own (2006
Regulations regs. 14, 17, 19-21; LGSCO Complaint Handling Code; 2009 and 2014
Regulations: see portal/procedure/rules.py), counted in working days by
spec/WORKING-DAYS.md.

- "Due soon" from the working day 3 working days before the deadline, the day
  the due dashboard turns it amber (portal/procedure/rules.py ``AMBER_WITHIN``):
  for a deadline on Wednesday, the Friday before.
- "Missed" from the day after it (overdue when today > the due date, the
  reply on the due day being in time: WORKING-DAYS.md, "within").

Each is sent once (the ``notices`` table remembers it), on the first daily run
on or after its day: a run missed over a weekend or an outage still tells.
A deadline missed more than ``MISSED_TOLD_WITHIN_DAYS`` ago is on the due
dashboard already and is not emailed, so the first run on a long-kept
register does not flood everyone's inbox with old news.
"""

from __future__ import annotations

from datetime import date, timedelta

from portal.common.dates import WorkingCalendar
from portal.procedure.rules import AMBER_WITHIN, is_overdue
from portal.vocab.notifications import NoticeKind

#: Working days before a deadline when its reminder goes: when it turns amber.
REMIND_WITHIN = AMBER_WITHIN
#: Calendar days after a missed deadline within which a run still tells of it.
MISSED_TOLD_WITHIN_DAYS = 7


def reminder_on(due_on: date, *, calendar: WorkingCalendar) -> date:
    """The day the "due soon" reminder of a deadline on ``due_on`` goes: the first day
    with at most ``REMIND_WITHIN`` working days left. It is always a working day, for
    only a working day lowers the count: 3 working days before, over weekends and
    bank holidays (a deadline on Wednesday 30 December 2026: Wednesday 23 December,
    25 and 28 December being holidays)."""
    day = due_on
    while calendar.working_days_between(day - timedelta(days=1), due_on) <= REMIND_WITHIN:
        day -= timedelta(days=1)
    return day


def deadline_notice(due_on: date, *, today: date, calendar: WorkingCalendar
                    ) -> NoticeKind | None:
    """Which notice a deadline on ``due_on`` calls for today, if any: "due soon" from
    :func:`reminder_on` to the due day itself, "missed" from the day after for
    ``MISSED_TOLD_WITHIN_DAYS`` days, else none."""
    if is_overdue(due_on, today=today):
        if (today - due_on).days <= MISSED_TOLD_WITHIN_DAYS:
            return NoticeKind.DEADLINE_MISSED
        return None
    if calendar.working_days_between(today, due_on) <= REMIND_WITHIN:
        return NoticeKind.DEADLINE_SOON
    return None
