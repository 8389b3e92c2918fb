"""Red, amber and green timeliness of open cases per team."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from portal.common.dates import calendar_for
from portal.register.csvio import RegisterRow, read_register
from portal.register.rag import due_on, open_stage, timeliness_by_team
from portal.register.shared import example
from portal.register.timescales import DEFAULT_TIMESCALES
from portal.vocab.register import Kind, Method, Outcome, Procedure, Submitter

ENGLAND = calendar_for("england")
MONDAY = date(2018, 9, 3)  # stage 1 started; 10 working days later is Monday 17 September


def row(**fields: Any) -> RegisterRow:
    values: dict[str, Any] = {
        "reference": "R-1", "kind": Kind.COMPLAINT, "procedure": Procedure.CHILDREN_STATUTORY,
        "not_accepted_reason": None, "received_on": MONDAY, "method": Method.EMAIL,
        "team": "Fostering", "categories": (), "submitter": Submitter.PARENT,
        "made_by_child": False, "advocate": False, "acknowledged_on": None,
        "stage1_started_on": MONDAY, "stage1_closed_on": None, "stage1_extended": False,
        "stage2_started_on": None, "stage2_closed_on": None, "stage2_extended": None,
        "stage3_started_on": None, "stage3_panel_on": None, "stage3_closed_on": None,
        "outcome": None, "delay_reason": None, "adr": False, "ombudsman_referred_on": None,
        "ombudsman_decision": None, "compensation_gbp": None, "gender": None,
        "age_band": None, "ethnicity": None, "disability": None,
    }
    return RegisterRow(**{**values, **fields})


@pytest.mark.parametrize(
    ("fields", "stage"),
    [
        ({}, 1),  # waiting on its stage 1 response
        ({"stage1_closed_on": date(2018, 9, 10)}, None),  # answered; no next stage asked
        ({"stage1_closed_on": date(2018, 9, 10), "stage2_started_on": date(2018, 9, 20)}, 2),
        ({"outcome": Outcome.WITHDRAWN}, None),  # an outcome ends it
        ({"procedure": Procedure.INFORMAL}, None),  # outside a procedure: no deadline
        ({"kind": Kind.COMPLIMENT, "procedure": None}, None),
        ({"kind": Kind.ENQUIRY, "procedure": None}, 1),  # a councillor's enquiry has 10 days
        ({"stage1_started_on": None}, None),  # not started yet: triage, not timed here
    ],
)
def test_which_cases_are_open_and_at_which_stage(fields: dict[str, Any],
                                                 stage: int | None) -> None:
    assert open_stage(row(**fields)) == stage


@pytest.mark.parametrize(
    ("fields", "stage", "due"),
    [
        ({}, 1, date(2018, 9, 17)),  # base: 10 working days
        ({"stage1_extended": True}, 1, date(2018, 10, 1)),  # extended: 20
        ({"procedure": Procedure.ADULT_STATUTORY}, 1, date(2018, 10, 1)),  # adults: 20
        ({"kind": Kind.ENQUIRY, "procedure": None}, 1, date(2018, 9, 17)),
        # The review panel: 30 working days from the request, never extended.
        ({"stage1_closed_on": MONDAY, "stage2_started_on": MONDAY, "stage2_closed_on": MONDAY,
          "stage3_started_on": MONDAY}, 3, date(2018, 10, 15)),
    ],
)
def test_deadlines(fields: dict[str, Any], stage: int, due: date) -> None:
    assert due_on(row(**fields), stage, timescales=DEFAULT_TIMESCALES, calendar=ENGLAND) == due


def test_counts_per_team_with_the_most_red_first() -> None:
    rows = [
        row(reference="A"),  # due 17 September
        row(reference="B", team="Leaving care"),
        row(reference="C", team="Leaving care", stage1_started_on=date(2018, 9, 10),
            received_on=date(2018, 9, 10)),  # due 24 September
        row(reference="D", team=None, stage1_extended=True),  # due 1 October
        row(reference="E", stage1_closed_on=date(2018, 9, 5)),  # answered: not counted
    ]
    # On Wednesday 19 September: A and B are overdue, C is due within 3 working days.
    result = timeliness_by_team(rows, today=date(2018, 9, 19), timescales=DEFAULT_TIMESCALES,
                                calendar=ENGLAND)
    assert result == {
        "on": "2018-09-19",
        "teams": {
            "Leaving care": {"red": 1, "amber": 1, "green": 0},
            "Fostering": {"red": 1, "amber": 0, "green": 0},
            "not_recorded": {"red": 0, "amber": 0, "green": 1},
        },
    }
    assert list(result["teams"]) == ["Leaving care", "Fostering", "not_recorded"]


def test_due_today_is_amber_not_red() -> None:
    result = timeliness_by_team([row()], today=date(2018, 9, 17),
                                timescales=DEFAULT_TIMESCALES, calendar=ENGLAND)
    assert result["teams"]["Fostering"] == {"red": 0, "amber": 1, "green": 0}


def test_barking_open_cases_at_year_end() -> None:
    rows = read_register(example("register-barking-2018-19.csv"))
    open_rows = [r for r in rows if open_stage(r) is not None]
    result = timeliness_by_team(rows, today=date(2019, 3, 31), timescales=DEFAULT_TIMESCALES,
                                calendar=ENGLAND)
    counted = sum(sum(c.values()) for c in result["teams"].values())
    # Barking's one complaint still open at the year's end (at stage 2) is counted.
    assert counted == len(open_rows) >= 1
