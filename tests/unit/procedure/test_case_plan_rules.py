"""The corporate stage 2 acknowledgement (LGSCO Code) and the adult social care response
plan with its six-month fallback (2009 Regulations), against the law's own figures."""

from __future__ import annotations

from datetime import date

import pytest

from portal.common.dates import Nation, calendar_for
from portal.procedure.rules import (
    ADULT_FALLBACK_MONTHS,
    PlanRefusal,
    adult_response_due,
    adult_response_fallback,
    months_beginning_on,
    response_plan_applies,
    response_plan_refusal,
    stage2_acknowledge_by,
)
from portal.settings.routing import ENGLAND_DEFAULTS
from portal.vocab.cases import Procedure as P
from portal.vocab.routing import Route

CAL = calendar_for(Nation.ENGLAND)


def test_the_code_gives_stage_2_five_days_to_acknowledge_and_twenty_to_answer() -> None:
    # LGSCO Complaint Handling Code: stage 2 acknowledged within 5 working days,
    # answered within 20 of the acknowledgement, 20 more at most.
    corporate = ENGLAND_DEFAULTS.stage2_timescales[Route.CORPORATE]
    assert (corporate.acknowledge, corporate.respond, corporate.respond_latest) == (5, 20, 40)


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        # Asked for on Monday 20 April 2026: five working days is Monday 27 April.
        (date(2026, 4, 20), date(2026, 4, 27)),
        # Asked for on Saturday 4 April 2026: the Saturday never counts and Easter
        # Monday 6 April is a holiday, so 7, 8, 9, 10 and Monday 13 April.
        (date(2026, 4, 4), date(2026, 4, 13)),
        # Wednesday 1 April, over Good Friday 3 April and Easter Monday 6 April 2026:
        # 2, 7, 8, 9 and Friday 10 April.
        (date(2026, 4, 1), date(2026, 4, 10)),
        # Christmas: asked for on Wednesday 23 December 2026; 25 December, Monday 28
        # December (Boxing Day's substitute) and 1 January are holidays.
        (date(2026, 12, 23), date(2027, 1, 4)),
    ],
)
def test_stage2_acknowledgement_within_five_working_days(requested: date,
                                                          expected: date) -> None:
    assert stage2_acknowledge_by(requested, acknowledge=5, calendar=CAL) == expected


@pytest.mark.parametrize(
    ("procedure", "nation", "applies"),
    [
        (P.ADULT_STATUTORY, Nation.ENGLAND, True),
        # A Welsh council's adult complaints follow the 2014 Regulations' clocks.
        (P.ADULT_STATUTORY, Nation.WALES, False),
        (P.CHILDREN_STATUTORY, Nation.ENGLAND, False),
        (P.CORPORATE, Nation.ENGLAND, False),
        (None, Nation.ENGLAND, False),
    ],
)
def test_a_response_plan_is_for_adult_social_care_in_england(
        procedure: P | None, nation: Nation, applies: bool) -> None:
    assert response_plan_applies(procedure, nation) is applies


def test_the_fallback_is_six_months() -> None:
    assert ADULT_FALLBACK_MONTHS == 6  # 2009 Regulations reg. 14(2)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        # Six months beginning on Friday 6 March 2026 end on Saturday 5 September:
        # calendar months, so a weekend end is not moved.
        (date(2026, 3, 6), date(2026, 9, 5)),
        # Beginning on the 1st: the period is whole months, to 31 August.
        (date(2026, 3, 1), date(2026, 8, 31)),
        # No 31 February: the period ends on the last day of February.
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2026, 8, 29), date(2027, 2, 28)),
        # 28 August has its corresponding date: the day before it.
        (date(2026, 8, 28), date(2027, 2, 27)),
        # A leap year's February.
        (date(2027, 8, 30), date(2028, 2, 29)),
        # Across the year end.
        (date(2026, 12, 23), date(2027, 6, 22)),
    ],
)
def test_six_months_beginning_on_receipt(received: date, expected: date) -> None:
    assert adult_response_fallback(received) == expected
    assert months_beginning_on(received, 6) == expected


def test_the_agreed_date_is_the_deadline_else_the_fallback() -> None:
    received = date(2026, 3, 6)
    assert adult_response_due(received, date(2026, 5, 15)) == date(2026, 5, 15)
    # A later date agreed with the complainant stands too (reg. 14(2)(b)).
    assert adult_response_due(received, date(2026, 10, 30)) == date(2026, 10, 30)
    assert adult_response_due(received, None) == date(2026, 9, 5)


RECEIVED = date(2026, 3, 6)
TODAY = date(2026, 3, 20)


@pytest.mark.parametrize(
    ("agreed", "response_by", "changing", "reason", "refusal"),
    [
        (date(2026, 3, 9), date(2026, 4, 30), False, None, None),
        # Agreed on the day it arrived: allowed.
        (RECEIVED, date(2026, 4, 30), False, None, None),
        (date(2026, 3, 5), date(2026, 4, 30), False, None, PlanRefusal.AGREED_BEFORE_RECEIPT),
        (date(2026, 3, 21), date(2026, 4, 30), False, None, PlanRefusal.AGREED_IN_FUTURE),
        (date(2026, 3, 9), date(2026, 3, 9), False, None, PlanRefusal.RESPONSE_BEFORE_AGREEMENT),
        (date(2026, 3, 9), date(2026, 3, 6), False, None, PlanRefusal.RESPONSE_BEFORE_AGREEMENT),
        # A change says why.
        (date(2026, 3, 20), date(2026, 5, 29), True, "  ", PlanRefusal.NO_CHANGE_REASON),
        (date(2026, 3, 20), date(2026, 5, 29), True, None, PlanRefusal.NO_CHANGE_REASON),
        (date(2026, 3, 20), date(2026, 5, 29), True, "Waiting for the care provider.", None),
    ],
)
def test_response_plan_refusals(agreed: date, response_by: date, changing: bool,
                                reason: str | None, refusal: PlanRefusal | None) -> None:
    assert response_plan_refusal(received_on=RECEIVED, agreed_on=agreed,
                                 response_by=response_by, today=TODAY, changing=changing,
                                 change_reason=reason) is refusal
