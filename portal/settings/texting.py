"""When a text message may arrive: pure rules, with the clock as an argument.

A child who asks for texts has told us a phone is a safe way to reach them, but
not at every hour: a text at night, or in a lesson, can be read by someone
else or get the phone taken away. So every text carries a *week*: for each day
(Monday first) the London hours in which it may arrive, or none. The week is
the council's texting hours (``sms_from``/``sms_until`` in its settings,
08:00 to 20:00 by default) narrowed by what the child chose ("When can we text
you?"). Sources: DOMAIN.md, "Safety" (contact only in the ways and at the times
the child said are safe); UK GDPR art. 5(1)(f) (security of personal data); and
the Children Act 1989 s.26(3) procedure's duty to make the representation
process safe and accessible to the child.

Times are London wall-clock times, so a window stays 08:00 to 20:00 across the
clocks changing; an hour's window end is exclusive (20:00 itself is too late).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from portal.common.clock import LONDON

#: The council's default texting hours, every day.
DEFAULT_FROM = time(8, 0)
DEFAULT_UNTIL = time(20, 0)
#: No council may text children earlier or later than this, whatever its settings say.
EARLIEST = time(7, 0)
LATEST = time(22, 0)
#: "Only after school" starts here on weekdays.
AFTER_SCHOOL = time(16, 0)

#: What a child may choose on the contact page ("When can we text you?").
ANY_TIME = "any"
AFTER_SCHOOL_CHOICE = "after_school"
WEEKENDS = "weekends"
TEXT_TIMES = (ANY_TIME, AFTER_SCHOOL_CHOICE, WEEKENDS)


@dataclass(frozen=True)
class Hours:
    """From ``start`` up to (not including) ``end``, London time, on one day."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError("a window must start before it ends")


#: Seven entries, Monday first: the hours a text may arrive that day, or None.
Week = tuple[Hours | None, ...]


def parse_time(text: str) -> time:
    """``"08:00"`` to a time; raises ValueError for anything else."""
    hours, sep, minutes = text.strip().partition(":")
    if not sep or len(hours) not in (1, 2) or len(minutes) != 2 or not (
            hours.isdigit() and minutes.isdigit()):
        raise ValueError(f"not a time like 08:00: {text!r}")
    return time(int(hours), int(minutes))


def council_hours(start: time = DEFAULT_FROM, end: time = DEFAULT_UNTIL) -> Hours:
    """The council's texting hours, refused outside 07:00 to 22:00: no setting may make a
    text arrive at night."""
    if start < EARLIEST or end > LATEST:
        raise ValueError("texting hours must lie between 07:00 and 22:00")
    return Hours(start, end)


def _narrow(hours: Hours, start: time, end: time) -> Hours | None:
    lo, hi = max(hours.start, start), min(hours.end, end)
    return Hours(lo, hi) if lo < hi else None


def week_for(choice: str | None, hours: Hours) -> Week:
    """The week a text may use: the council's hours, narrowed by the child's choice.

    - no choice, or "any": the council's hours every day;
    - "after_school": weekdays from 16:00 (within the council's hours), weekends all of them;
    - "weekends": Saturday and Sunday only.

    An unknown choice is treated as the narrowest ("weekends"): when unsure, text less.
    """
    if choice in (None, "", ANY_TIME):
        return (hours,) * 7
    if choice == AFTER_SCHOOL_CHOICE:
        return (_narrow(hours, AFTER_SCHOOL, time.max),) * 5 + (hours,) * 2
    return (None,) * 5 + (hours,) * 2


def week_to_text(week: Week) -> str:
    """``"1600-2000,...,0800-2000"``: seven days, Monday first, ``-`` for no texts that day."""
    return ",".join(f"{h.start:%H%M}-{h.end:%H%M}" if h else "-" for h in week)


def week_from_text(text: str) -> Week:
    """The reverse of week_to_text; raises ValueError for anything else."""
    parts = text.split(",")
    if len(parts) != 7:
        raise ValueError("a week has seven days")
    week: list[Hours | None] = []
    for part in parts:
        if part == "-":
            week.append(None)
            continue
        start, sep, end = part.partition("-")
        if not sep or len(start) != 4 or len(end) != 4:
            raise ValueError(f"not hours like 0800-2000: {part!r}")
        week.append(Hours(parse_time(f"{start[:2]}:{start[2:]}"),
                          parse_time(f"{end[:2]}:{end[2:]}")))
    return tuple(week)


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LONDON)


def next_opening(now: datetime, week: Week) -> datetime | None:
    """The first moment at or after ``now`` (aware) when a text may arrive, in UTC;
    ``now`` itself when it may arrive now, None when the week allows no time at all."""
    today = now.astimezone(LONDON).date()
    for offset in range(8):  # today, and a full week after it
        day = today + timedelta(days=offset)
        hours = week[day.weekday()]
        if hours is None:
            continue
        opens, closes = _local(day, hours.start), _local(day, hours.end)
        if now < opens:
            return opens.astimezone(UTC)
        if now < closes:
            return now.astimezone(UTC)
    return None


def may_send(now: datetime, week: Week) -> bool:
    """Whether a text may arrive at ``now``."""
    return next_opening(now, week) == now.astimezone(UTC)
