"""When a text may reach a child: the council's hours, the child's choice, London time."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from portal.settings import texting as rules
from portal.settings.council import CouncilSettings, CouncilSettingsError
from portal.settings.texting import Hours

DAY = Hours(time(8), time(20))
ANY = rules.week_for("any", DAY)
AFTER_SCHOOL = rules.week_for("after_school", DAY)
WEEKENDS = rules.week_for("weekends", DAY)


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(("now", "week", "opens"), [
    # Monday 23 November 2026 (GMT: London = UTC).
    (utc(2026, 11, 23, 10, 0), ANY, utc(2026, 11, 23, 10, 0)),  # inside: now
    (utc(2026, 11, 23, 7, 59), ANY, utc(2026, 11, 23, 8, 0)),  # a minute early: 08:00
    (utc(2026, 11, 23, 8, 0), ANY, utc(2026, 11, 23, 8, 0)),  # 08:00 itself may go
    (utc(2026, 11, 23, 20, 0), ANY, utc(2026, 11, 24, 8, 0)),  # 20:00 is too late
    (utc(2026, 11, 23, 23, 30), ANY, utc(2026, 11, 24, 8, 0)),  # night: next morning
    # After school: a school day morning waits for 16:00 the same day...
    (utc(2026, 11, 23, 10, 0), AFTER_SCHOOL, utc(2026, 11, 23, 16, 0)),
    (utc(2026, 11, 23, 17, 0), AFTER_SCHOOL, utc(2026, 11, 23, 17, 0)),
    # ...Friday evening after 20:00 waits for Saturday morning, which is any time.
    (utc(2026, 11, 27, 20, 30), AFTER_SCHOOL, utc(2026, 11, 28, 8, 0)),
    (utc(2026, 11, 28, 9, 0), AFTER_SCHOOL, utc(2026, 11, 28, 9, 0)),
    # Sunday night: Monday after school, not Monday morning.
    (utc(2026, 11, 29, 21, 0), AFTER_SCHOOL, utc(2026, 11, 30, 16, 0)),
    # Weekends only: Monday waits for Saturday.
    (utc(2026, 11, 23, 10, 0), WEEKENDS, utc(2026, 11, 28, 8, 0)),
    (utc(2026, 11, 29, 19, 59), WEEKENDS, utc(2026, 11, 29, 19, 59)),
    (utc(2026, 11, 29, 20, 0), WEEKENDS, utc(2026, 12, 5, 8, 0)),  # a whole week on
    # Summer time: London is an hour ahead, so 08:00 there is 07:00 UTC...
    (utc(2026, 7, 6, 6, 30), ANY, utc(2026, 7, 6, 7, 0)),
    # ...and 19:30 UTC is already 20:30 in London: too late, though UTC says before 20:00.
    (utc(2026, 7, 6, 19, 30), ANY, utc(2026, 7, 7, 7, 0)),
    # The clocks go forward on Sunday 28 March 2027: 06:30 UTC is 07:30 BST, opens 07:00 UTC.
    (utc(2027, 3, 28, 6, 30), ANY, utc(2027, 3, 28, 7, 0)),
    # The clocks go back on Sunday 25 October 2026: Saturday 22:00 BST waits for Sunday
    # 08:00 GMT (08:00 UTC), not 07:00.
    (utc(2026, 10, 24, 21, 0), ANY, utc(2026, 10, 25, 8, 0)),
])
def test_next_opening(now: datetime, week: rules.Week, opens: datetime) -> None:
    assert rules.next_opening(now, week) == opens
    assert rules.may_send(now, week) is (opens == now)


def test_a_week_with_no_time_at_all_never_opens() -> None:
    assert rules.next_opening(utc(2026, 11, 23, 10), (None,) * 7) is None
    assert not rules.may_send(utc(2026, 11, 23, 10), (None,) * 7)


@pytest.mark.parametrize(("choice", "hours", "monday", "saturday"), [
    (None, DAY, DAY, DAY),  # no choice: the council's hours
    ("any", DAY, DAY, DAY),
    ("after_school", DAY, Hours(time(16), time(20)), DAY),
    ("weekends", DAY, None, DAY),
    # A council that stops texting at 18:00 narrows after school too.
    ("after_school", Hours(time(9), time(18)), Hours(time(16), time(18)), Hours(time(9), time(18))),
    # A council that stops before school ends leaves no weekday time after school.
    ("after_school", Hours(time(8), time(15)), None, Hours(time(8), time(15))),
    # An unknown choice is read as the narrowest: when unsure, text less.
    ("only_tuesdays", DAY, None, DAY),
])
def test_the_childs_choice_narrows_the_councils_hours(
        choice: str | None, hours: Hours, monday: Hours | None, saturday: Hours | None) -> None:
    week = rules.week_for(choice, hours)
    assert len(week) == 7
    assert week[0] == monday
    assert week[5] == week[6] == saturday


@pytest.mark.parametrize("week", [ANY, AFTER_SCHOOL, WEEKENDS,
                                  rules.week_for("after_school", Hours(time(8), time(15)))])
def test_a_week_is_kept_as_text_and_read_back(week: rules.Week) -> None:
    text = rules.week_to_text(week)
    assert len(text) <= 100  # the queue's column
    assert rules.week_from_text(text) == week


def test_the_text_form_is_readable() -> None:
    assert rules.week_to_text(AFTER_SCHOOL) == ",".join(["1600-2000"] * 5 + ["0800-2000"] * 2)
    assert rules.week_to_text(WEEKENDS).startswith("-,-,-,-,-,")


@pytest.mark.parametrize("text", ["", "0800-2000", "0800-2000," * 6 + "8-20",
                                  "0800-2000," * 6 + "2000-0800", "x," * 6 + "x"])
def test_a_garbled_week_is_refused(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - any of the reasons
        rules.week_from_text(text)


@pytest.mark.parametrize(("start", "end", "ok"), [
    ("08:00", "20:00", True),
    ("07:00", "22:00", True),  # the widest a council may set
    ("06:59", "20:00", False),  # too early
    ("08:00", "22:01", False),  # too late
    ("20:00", "08:00", False),  # backwards
    ("12:00", "12:00", False),  # empty
])
def test_council_hours_never_reach_the_night(start: str, end: str, ok: bool) -> None:
    settings = {"contacts": {"duty_line": "0300 123 4567"}, "sms_from": start, "sms_until": end}
    if ok:
        hours = CouncilSettings.from_mapping(settings).sms_hours
        assert (hours.start, hours.end) == (rules.parse_time(start), rules.parse_time(end))
    else:
        with pytest.raises(CouncilSettingsError, match="sms_from"):
            CouncilSettings.from_mapping(settings)


def test_a_council_without_texting_hours_gets_eight_till_eight() -> None:
    hours = CouncilSettings.from_mapping({"contacts": {"duty_line": "999"}}).sms_hours
    assert hours == Hours(time(8), time(20))


@pytest.mark.parametrize("text", ["8", "08.00", "24:00", "08:0", "ab:cd", "08:60"])
def test_parse_time_refuses_what_is_not_a_time(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        rules.parse_time(text)
