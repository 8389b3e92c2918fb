"""Default deadlines land on working days (cases/rules.py).

Adult social care without a response plan: six months beginning on receipt (2009
Regulations reg. 14(2)); a period ending on a weekend or a bank holiday gives the last
working day *before* it, so the council stays within the six months. The working-day
clocks (children's, corporate, Wales, enquiries) count working days, so they always
end on one, whatever day the count starts on.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.common.dates import Nation, calendar_for
from portal.procedure import rules
from portal.vocab.cases import Procedure

ENGLAND = calendar_for(Nation.ENGLAND)
WALES = calendar_for(Nation.WALES)


@pytest.mark.parametrize(("received", "due"), [
    # Six months from Friday 6 March 2026 end on Saturday 5 September: Friday 4 September.
    (date(2026, 3, 6), date(2026, 9, 4)),
    # ...on Sunday 6 September (from Saturday 7 March): Friday 4 September too.
    (date(2026, 3, 7), date(2026, 9, 4)),
    # On a working day, the period's last day itself: Monday 7 September.
    (date(2026, 3, 8), date(2026, 9, 7)),
    # On the summer bank holiday, Monday 31 August 2026: Friday 28 August.
    (date(2026, 3, 1), date(2026, 8, 28)),
    # On Christmas Day 2026 (a Friday), with Boxing Day and its substitute after it:
    # Thursday 24 December.
    (date(2026, 6, 26), date(2026, 12, 24)),
    # On New Year's Day 2027 (a Friday): Thursday 31 December 2026.
    (date(2026, 7, 2), date(2026, 12, 31)),
    # The end of February in a leap year, Tuesday 29 February 2028: a working day.
    (date(2027, 8, 30), date(2028, 2, 29)),
])
def test_the_adult_fallback_is_the_last_working_day_of_the_six_months(received: date,
                                                                      due: date) -> None:
    found = rules.adult_response_fallback(received, calendar=ENGLAND)
    assert found == due
    assert ENGLAND.is_working_day(found)
    # Never after the six months the regulation allows.
    assert found <= rules.months_beginning_on(received, rules.ADULT_FALLBACK_MONTHS)
    assert rules.adult_response_due(received, None, calendar=ENGLAND) == due


def test_the_fallback_is_never_more_than_a_long_weekend_early() -> None:
    """Every receipt day for two years: on a working day, within the six months, and at
    most four days before their end (Easter: Good Friday to Easter Monday)."""
    day = date(2026, 1, 1)
    while day < date(2028, 1, 1):
        end = rules.months_beginning_on(day, rules.ADULT_FALLBACK_MONTHS)
        found = rules.adult_response_fallback(day, calendar=ENGLAND)
        assert ENGLAND.is_working_day(found), day
        assert end - timedelta(days=4) <= found <= end, day
        day += timedelta(days=1)


def test_an_agreed_response_date_stands_as_agreed() -> None:
    """The date agreed with the complainant in the plan is theirs (reg. 13(5)(b)): it is
    not moved, whatever day it is."""
    saturday = date(2026, 5, 16)
    assert rules.adult_response_due(date(2026, 3, 6), saturday, calendar=ENGLAND) == saturday


def test_without_a_calendar_the_period_itself() -> None:
    """The calendar-month period, as counted (test_case_plan_rules.py)."""
    assert rules.adult_response_fallback(date(2026, 3, 6)) == date(2026, 9, 5)


def test_working_day_on_or_before() -> None:
    assert rules.working_day_on_or_before(date(2026, 11, 23), ENGLAND) == date(2026, 11, 23)
    # Easter Monday 2026 (6 April), back over the weekend and Good Friday to Thursday.
    assert rules.working_day_on_or_before(date(2026, 4, 6), ENGLAND) == date(2026, 4, 2)
    # Wales and England share these; St Andrew's Day is Scotland's, not theirs.
    assert rules.working_day_on_or_before(date(2026, 11, 30), WALES) == date(2026, 11, 30)


def _every_day(start: date, days: int) -> list[date]:
    return [start + timedelta(days=n) for n in range(days)]


#: Every start day of 2026, weekends and bank holidays included.
STARTS = _every_day(date(2026, 1, 1), 365)


@pytest.mark.parametrize(("procedure", "nation", "respond", "latest"), [
    (Procedure.CORPORATE, Nation.ENGLAND, 10, 20),  # LGSCO Code
    (Procedure.CHILDREN_STATUTORY, Nation.ENGLAND, 10, 20),  # 2006 Regulations reg. 14
    (Procedure.CHILDREN_STATUTORY, Nation.WALES, 10, None),  # 2014 Regulations reg. 16
    (Procedure.ADULT_STATUTORY, Nation.WALES, 10, None),
])
def test_stage_1_defaults_land_on_working_days(procedure: Procedure, nation: Nation,
                                               respond: int, latest: int | None) -> None:
    calendar = calendar_for(nation)
    for start in STARTS:
        for acknowledged in (None, start):
            due = rules.stage1_due(start, acknowledged, respond=respond,
                                   respond_latest=latest, procedure=procedure,
                                   nation=nation, calendar=calendar)
            assert calendar.is_working_day(due.on), (start, due)
            assert due.latest_on is None or calendar.is_working_day(due.latest_on)


def test_corporate_stage_2_and_the_other_clocks_land_on_working_days() -> None:
    for start in STARTS:
        due = rules.stage2_due(start, respond=20, respond_latest=40, calendar=ENGLAND)
        assert ENGLAND.is_working_day(due.on), start
        assert due.latest_on is not None
        assert ENGLAND.is_working_day(due.latest_on)
        for found in (rules.stage2_acknowledge_by(start, acknowledge=5, calendar=ENGLAND),
                      rules.escalation_window_ends(start, calendar=ENGLAND),
                      rules.panel_due(start, calendar=ENGLAND),
                      rules.panel_report_due(start, calendar=ENGLAND),
                      rules.council_response_due(start, calendar=ENGLAND)):
            assert ENGLAND.is_working_day(found), start
