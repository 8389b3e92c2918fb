"""The retention schedule (portal/procedure/retention.py): one row per edge case, with why."""

from __future__ import annotations

from datetime import date

import pytest

from portal.procedure.retention import (
    CaseFacts,
    add_years,
    closed_on,
    due_for_destruction,
    latest_receipt_due_by,
    linked_to_looked_after_child,
    schedule,
)
from portal.settings.retention import RetentionSettings, RetentionSettingsError
from portal.vocab.cases import CaseStatus
from portal.vocab.retention import Kept, Rule

DEFAULTS = RetentionSettings()


def facts(**changes: object) -> CaseFacts:
    base: dict[str, object] = {"received_on": date(2020, 1, 6), "closed_on": date(2020, 3, 2)}
    return CaseFacts(**{**base, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(("day", "years", "expected"), [
    (date(2020, 3, 2), 6, date(2026, 3, 2)),  # the anniversary
    (date(2024, 2, 29), 6, date(2030, 3, 1)),  # leap day to a common year: 1 March, never early
    (date(2024, 2, 29), 4, date(2028, 2, 29)),  # leap day to a leap year: the same day
    (date(2023, 2, 28), 1, date(2024, 2, 28)),  # 28 February stays 28 February in a leap year
    (date(2020, 12, 31), 6, date(2026, 12, 31)),  # the year's last day
])
def test_add_years(day: date, years: int, expected: date) -> None:
    assert add_years(day, years) == expected


def test_six_years_after_closure_by_default() -> None:
    assert due_for_destruction(facts(), DEFAULTS) == date(2026, 3, 2)
    assert schedule(facts(), DEFAULTS).rule is Rule.DEFAULT


def test_due_on_the_day_not_the_day_before() -> None:
    planned = schedule(facts(), DEFAULTS)
    assert not planned.is_due(date(2026, 3, 1))
    assert planned.is_due(date(2026, 3, 2))


def test_closed_on_a_leap_day_is_due_on_1_march() -> None:
    assert due_for_destruction(facts(received_on=date(2024, 2, 1), closed_on=date(2024, 2, 29)),
                               DEFAULTS) == date(2030, 3, 1)


def test_open_case_is_never_due() -> None:
    planned = schedule(facts(closed_on=None), DEFAULTS)
    assert planned.due_on is None
    assert planned.kept_because is Kept.OPEN
    assert not planned.is_due(date(2999, 1, 1))


def test_legal_hold_stops_it_but_the_date_is_still_known() -> None:
    planned = schedule(facts(on_legal_hold=True), DEFAULTS)
    assert planned.due_on is None
    assert planned.keep_until == date(2026, 3, 2)
    assert planned.kept_because is Kept.LEGAL_HOLD
    assert not planned.is_due(date(2040, 1, 1))


def test_awaiting_the_ombudsman_stops_it() -> None:
    planned = schedule(facts(ombudsman_referred_on=date(2020, 5, 1), ombudsman_pending=True),
                       DEFAULTS)
    assert planned.due_on is None
    assert planned.kept_because is Kept.OMBUDSMAN_PENDING


def test_an_ombudsman_referral_after_closure_restarts_the_clock() -> None:
    assert due_for_destruction(facts(ombudsman_referred_on=date(2021, 7, 1)),
                               DEFAULTS) == date(2027, 7, 1)


def test_looked_after_child_kept_until_75th_birthday_bound() -> None:
    # 14 on 6 January 2020: born no later than 6 January 2006, so 75 no later than 6 January
    # 2081; never before the birthday.
    planned = schedule(facts(looked_after=True, age_on_receipt=14), DEFAULTS)
    assert planned.due_on == date(2081, 1, 6)
    assert planned.rule is Rule.LOOKED_AFTER_BIRTHDAY


def test_looked_after_with_a_birth_date_uses_it() -> None:
    planned = schedule(facts(looked_after=True, born_on=date(2008, 2, 29), age_on_receipt=11),
                       DEFAULTS)
    assert planned.due_on == date(2083, 3, 1)  # 2083 has no 29 February


def test_looked_after_age_unknown_kept_years_after_closure() -> None:
    planned = schedule(facts(looked_after=True), DEFAULTS)
    assert planned.due_on == date(2095, 3, 2)
    assert planned.rule is Rule.LOOKED_AFTER_AGE_UNKNOWN


def test_looked_after_never_shorter_than_the_default() -> None:
    # An age of 72 (a typo, or an adult) would give a date before six years after closure.
    planned = schedule(facts(looked_after=True, age_on_receipt=72), DEFAULTS)
    assert planned.due_on == date(2026, 3, 2)
    assert planned.rule is Rule.DEFAULT


def test_not_looked_after_ignores_the_age() -> None:
    assert due_for_destruction(facts(age_on_receipt=14), DEFAULTS) == date(2026, 3, 2)


def test_the_council_numbers_are_used() -> None:
    settings = RetentionSettings(default_years=7, looked_after_until_age=80,
                                 looked_after_years_age_unknown=40)
    assert due_for_destruction(facts(), settings) == date(2027, 3, 2)
    assert due_for_destruction(facts(looked_after=True, age_on_receipt=14),
                               settings) == date(2086, 1, 6)
    assert due_for_destruction(facts(looked_after=True), settings) == date(2060, 3, 2)


@pytest.mark.parametrize(("looked_after_by", "submitter", "service", "linked"), [
    ("this_council", "parent", "social_work", True),  # looked after here: the record is here
    ("another_council", "parent", "social_work", False),  # their record is at that council
    (None, "care_leaver", "housing", True),  # a care leaver's own record
    (None, "parent", "children_in_care", True),
    (None, "foster_carer", "residential_care", True),
    (None, "child", "leaving_care", True),
    (None, "parent", "fostering", False),  # a foster carer's service, not a child's record
    (None, "child", "social_work", False),
    (None, None, None, False),  # an imported entry with nothing known
])
def test_linked_to_looked_after_child(looked_after_by: str | None, submitter: str | None,
                                      service: str | None, linked: bool) -> None:
    assert linked_to_looked_after_child(looked_after_by=looked_after_by, submitter=submitter,
                                        service=service) is linked


@pytest.mark.parametrize(("status", "closed_day", "dates", "expected"), [
    (CaseStatus.CLOSED, date(2020, 3, 2), [date(2020, 5, 1)], date(2020, 3, 2)),
    (CaseStatus.WITHDRAWN, date(2020, 3, 2), [], date(2020, 3, 2)),
    (CaseStatus.SIGNPOSTED, date(2020, 3, 2), [], date(2020, 3, 2)),
    # Imported closed without a close time: its latest recorded date.
    (CaseStatus.CLOSED, None, [date(2019, 1, 2), None, date(2019, 4, 5)], date(2019, 4, 5)),
    (CaseStatus.STAGE1, None, [date(2019, 1, 2)], None),
    # Answered, but the complainant may still ask for the next stage: not closed.
    (CaseStatus.AWAITING_NEXT_STAGE, None, [date(2019, 1, 2)], None),
    (CaseStatus.DEFERRED, None, [date(2019, 1, 2)], None),
])
def test_closed_on(status: CaseStatus, closed_day: date | None, dates: list[date | None],
                   expected: date | None) -> None:
    assert closed_on(status, closed_day, dates) == expected


@pytest.mark.parametrize("horizon", [date(2026, 3, 2), date(2028, 2, 29), date(2030, 3, 1)])
def test_latest_receipt_due_by_never_skips_a_due_case(horizon: date) -> None:
    latest = latest_receipt_due_by(horizon, DEFAULTS)
    # Received on that day and closed the same day, it is due by the horizon...
    assert add_years(latest, DEFAULTS.default_years) <= horizon
    # ...and a day later it is not.
    later = date.fromordinal(latest.toordinal() + 1)
    assert add_years(later, DEFAULTS.default_years) > horizon


@pytest.mark.parametrize("bad", [
    {"default_years": 0},
    {"default_years": "6"},
    {"default_years": True},
    {"looked_after_until_age": 17},
    {"looked_after_years_age_unknown": 500},
    {"keep_for_ever": 1},
])
def test_bad_settings_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(RetentionSettingsError):
        RetentionSettings.from_mapping(bad)


def test_settings_default_when_absent() -> None:
    assert RetentionSettings.from_mapping(None) == RetentionSettings(6, 75, 75)
