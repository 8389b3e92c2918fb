"""The annual report (spec/REPORT.md) as a pure function over register rows."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from portal.common.dates import calendar_for
from portal.register.csvio import RegisterRow, read_register
from portal.register.report import Period, annual_report, average, counts
from portal.register.shared import example
from portal.register.timescales import DEFAULT_TIMESCALES, StageTimescale, Timescales
from portal.vocab.register import (
    DelayReason,
    Kind,
    Method,
    NotAcceptedReason,
    OmbudsmanDecision,
    Outcome,
    Procedure,
    Submitter,
)

ENGLAND = calendar_for("england")
YEAR = {"period_from": date(2018, 4, 1), "period_to": date(2019, 3, 31)}


def report(rows: list[RegisterRow], **kwargs: Any) -> dict[str, Any]:
    return annual_report(rows, **{**YEAR, "calendar": ENGLAND, **kwargs})


def complaint(reference: str = "C-1", **fields: Any) -> RegisterRow:
    """A children's complaint received Monday 3 September 2018, acknowledged in time."""
    values: dict[str, Any] = {
        "reference": reference,
        "kind": Kind.COMPLAINT,
        "procedure": Procedure.CHILDREN_STATUTORY,
        "not_accepted_reason": None,
        "received_on": date(2018, 9, 3),
        "method": Method.EMAIL,
        "team": "Fostering",
        "categories": (),
        "submitter": Submitter.PARENT,
        "made_by_child": False,
        "advocate": False,
        "acknowledged_on": date(2018, 9, 4),
        "stage1_started_on": date(2018, 9, 3),
        "stage1_closed_on": None,
        "stage1_extended": None,
        "stage2_started_on": None,
        "stage2_closed_on": None,
        "stage2_extended": None,
        "stage3_started_on": None,
        "stage3_panel_on": None,
        "stage3_closed_on": None,
        "outcome": None,
        "delay_reason": None,
        "adr": None,
        "ombudsman_referred_on": None,
        "ombudsman_decision": None,
        "compensation_gbp": None,
        "gender": None,
        "age_band": None,
        "ethnicity": None,
        "disability": None,
    }
    return RegisterRow(**{**values, **fields})


def other(kind: Kind, reference: str, **fields: Any) -> RegisterRow:
    defaults = {"procedure": None, "acknowledged_on": None, "stage1_started_on": None}
    return complaint(reference, kind=kind, **{**defaults, **fields})


# --- the shared example -----------------------------------------------------------------


def test_barking_register_gives_exactly_the_published_report() -> None:
    rows = read_register(example("register-barking-2018-19.csv"))
    expected_text = example("report-barking-2018-19.json").read_text(encoding="utf-8")
    got = report(rows)
    # The contract: the same JSON object.
    assert got == json.loads(expected_text)
    # And the same text, which pins key order: descending count with ties by
    # name, stages in order, fixed-shape objects as REPORT.md lists them.
    assert json.dumps(got, indent=2, ensure_ascii=False) + "\n" == expected_text


def test_report_is_json_serialisable_with_no_identifying_data() -> None:
    rows = read_register(example("register-barking-2018-19.csv"))
    text = json.dumps(report(rows))
    # Reports identify no one: no reference appears anywhere in them.
    assert not any(row.reference in text for row in rows)


# --- shape of an empty year -------------------------------------------------------------


def test_an_empty_year_has_empty_counts_and_complete_fixed_shapes() -> None:
    assert report([]) == {
        "period": {"from": "2018-04-01", "to": "2019-03-31"},
        "received": {},  # a kind with none is absent, not zero
        "complaints": {
            "by_procedure": {},
            "not_accepted_reasons": {},
            "by_method": {},
            "by_submitter": {},
            "made_by_child": 0,
            "made_by_child_with_advocate": 0,
            "acknowledged": {"in_time": 0, "late": 0, "not_recorded": 0},
        },
        "procedures": {},
        "ombudsman": {"referred": 0, "by_decision": {}},
        "compensation_gbp": "0.00",
        "compliments": {"by_team": {}, "by_category": {}},
        "enquiries": {"answered": 0, "in_time": 0, "average_working_days": None},
        "equality": {"gender": {}, "age_band": {}, "ethnicity": {}, "disability": {}},
    }


# --- cohorts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received_on", "in_cohort"),
    [
        (date(2018, 3, 31), False),  # the day before the period
        (date(2018, 4, 1), True),  # first day included
        (date(2019, 3, 31), True),  # last day included
        (date(2019, 4, 1), False),  # the day after
    ],
)
def test_received_cohort_includes_both_ends(received_on: date, in_cohort: bool) -> None:
    row = complaint(received_on=received_on, stage1_started_on=received_on, acknowledged_on=None)
    assert report([row])["received"] == ({"complaint": 1} if in_cohort else {})


def test_closed_cohort_counts_a_response_to_a_complaint_received_the_year_before() -> None:
    # Received March 2018, answered April 2018: not in the received cohort,
    # but its stage 1 response belongs to 2018/19's stage_responses.
    row = complaint(
        received_on=date(2018, 3, 26),
        acknowledged_on=date(2018, 3, 27),
        stage1_started_on=date(2018, 3, 26),
        # 8 working days: Good Friday 30 March and Easter Monday 2 April are bank holidays.
        stage1_closed_on=date(2018, 4, 9),
        outcome=Outcome.UPHELD,
    )
    got = report([row])
    assert got["received"] == {}
    procedure = got["procedures"]["children_statutory"]
    assert procedure["complaints"] == 0
    assert procedure["final_stage_timeliness"] == {}
    assert procedure["stage_responses"] == {
        "1": {"closed": 1, "base": 1, "extended": 0, "over": 0, "average_working_days": 8.0}
    }


def test_a_response_closed_after_the_period_is_not_in_its_closed_cohort() -> None:
    row = complaint(received_on=date(2019, 3, 25), stage1_started_on=date(2019, 3, 25),
                    acknowledged_on=None, stage1_closed_on=date(2019, 4, 2))
    procedure = report([row])["procedures"]["children_statutory"]
    assert procedure["stage_responses"] == {}
    # ...but its final stage is closed, so it is timed with its received cohort.
    assert procedure["final_stage_timeliness"]["1"]["closed"] == 1


# --- bands and durations ----------------------------------------------------------------

# Received and started Monday 3 September 2018; no bank holidays until Christmas.
# working_days_between(3 Sep, 17 Sep) == 10.


@pytest.mark.parametrize(
    ("closed_on", "band", "days"),
    [
        (date(2018, 9, 3), "base", 0),  # answered on the day of receipt
        (date(2018, 9, 17), "base", 10),  # exactly on the base timescale
        (date(2018, 9, 18), "extended", 11),  # one day over the base
        (date(2018, 10, 1), "extended", 20),  # exactly the longest extension
        (date(2018, 10, 2), "over", 21),  # one day beyond it
    ],
)
def test_stage1_band_edges(closed_on: date, band: str, days: int) -> None:
    row = complaint(stage1_closed_on=closed_on, outcome=Outcome.UPHELD)
    entry = report([row])["procedures"]["children_statutory"]["stage_responses"]["1"]
    assert entry == {
        "closed": 1,
        **{b: int(b == band) for b in ("base", "extended", "over")},
        "average_working_days": float(days),
    }


@pytest.mark.parametrize(
    ("panel_on", "band"),
    [
        (date(2018, 10, 15), "base"),  # panel 30 working days after the request
        (date(2018, 10, 16), "over"),  # 31: no extension exists at stage 3
        (None, "over"),  # a panel date never recorded cannot show it met in time
    ],
)
def test_stage3_band_is_measured_to_the_panel(panel_on: date | None, band: str) -> None:
    row = complaint(
        stage1_closed_on=date(2018, 9, 3),
        stage2_started_on=date(2018, 9, 3),
        stage2_closed_on=date(2018, 9, 3),
        stage3_started_on=date(2018, 9, 3),
        stage3_panel_on=panel_on,
        stage3_closed_on=date(2018, 11, 5),  # 45 working days after the request
    )
    procedure = report([row])["procedures"]["children_statutory"]
    expected = {"closed": 1, "base": int(band == "base"), "extended": 0,
                "over": int(band == "over"), "average_working_days": 45.0}
    assert procedure["stage_responses"]["3"] == expected
    assert procedure["final_stage_timeliness"] == {"3": expected}
    assert procedure["by_final_stage"] == {"3": 1}


def test_christmas_and_boxing_day_do_not_count() -> None:
    # Received Friday 21 December 2018; 25 and 26 December and 1 January are
    # bank holidays, so Friday 4 January 2019 is 7 working days later, not 10.
    row = complaint(received_on=date(2018, 12, 21), stage1_started_on=date(2018, 12, 21),
                    acknowledged_on=None, stage1_closed_on=date(2019, 1, 4))
    entry = report([row])["procedures"]["children_statutory"]["stage_responses"]["1"]
    assert entry["average_working_days"] == 7.0


@pytest.mark.parametrize(
    ("durations", "expected"),
    [
        ([13, 14, 13, 13], 13.3),  # 13.25: float round() would give 13.2 (half to even)
        ([1, 2], 1.5),
        ([0, 0, 1], 0.3),  # 0.333...
        ([2, 3, 3], 2.7),  # 2.666...
        ([10], 10.0),
        ([], None),
    ],
)
def test_average_rounds_half_up_to_one_place(durations: list[int], expected: float | None) -> None:
    assert average(durations) == expected


def test_average_rounds_half_up_where_binary_floats_would_not() -> None:
    # A mean of 3 / 20 = 0.15 is stored as the double 0.1499..., so float
    # round() gives 0.1; the true mean rounded half up is 0.2.
    assert round(3 / 20, 1) == 0.1
    assert average([1, 1, 1] + [0] * 17) == 0.2


def test_counts_list_only_values_that_occur_largest_first_ties_by_name() -> None:
    assert counts(["b", "a", None, "c", "c", "b"]) == {"b": 2, "c": 2, "a": 1}
    assert list(counts(["b", "a", "c", "c", "b"])) == ["b", "c", "a"]


# --- complaints, procedures and the rest ------------------------------------------------


@pytest.mark.parametrize(
    ("acknowledged_on", "key", "timescales"),
    [
        (date(2018, 9, 6), "in_time", DEFAULT_TIMESCALES),  # 3 working days, the default
        (date(2018, 9, 7), "late", DEFAULT_TIMESCALES),  # 4
        (None, "not_recorded", DEFAULT_TIMESCALES),
        # A council that acknowledges children's complaints in 2 working days.
        (date(2018, 9, 6), "late",
         DEFAULT_TIMESCALES.with_changes(acknowledgement={Procedure.CHILDREN_STATUTORY: 2})),
    ],
)
def test_acknowledgement(acknowledged_on: date | None, key: str, timescales: Timescales) -> None:
    got = report([complaint(acknowledged_on=acknowledged_on)], timescales=timescales)
    expected = {"in_time": 0, "late": 0, "not_recorded": 0, key: 1}
    assert got["complaints"]["acknowledged"] == expected


def test_corporate_complaints_acknowledge_in_five_days() -> None:
    row = complaint(procedure=Procedure.CORPORATE, acknowledged_on=date(2018, 9, 10))  # 5 days
    assert report([row])["complaints"]["acknowledged"]["in_time"] == 1


def test_configured_stage_timescales_change_the_bands() -> None:
    row = complaint(stage1_closed_on=date(2018, 9, 18))  # 11 working days
    strict = DEFAULT_TIMESCALES.with_changes(
        stages={(Procedure.CHILDREN_STATUTORY, 1): StageTimescale(15, 15)}
    )
    entry = report([row], timescales=strict)["procedures"]["children_statutory"]
    assert entry["stage_responses"]["1"]["base"] == 1


def test_timescales_are_frozen_against_later_changes_to_the_callers_dict() -> None:
    acknowledgement = {Procedure.CHILDREN_STATUTORY: 2}
    timescales = Timescales(acknowledgement=acknowledgement)
    acknowledgement[Procedure.CHILDREN_STATUTORY] = 9
    assert timescales.acknowledgement[Procedure.CHILDREN_STATUTORY] == 2


def test_complaints_section_covers_every_procedure_but_procedures_only_staged_ones() -> None:
    rows = [
        complaint("A"),
        complaint("B", procedure=Procedure.INFORMAL),
        complaint("C", procedure=Procedure.NOT_ACCEPTED,
                  not_accepted_reason=NotAcceptedReason.SCHOOL),
        complaint("D", procedure=Procedure.NOT_ACCEPTED,
                  not_accepted_reason=NotAcceptedReason.SCHOOL),
        complaint("E", procedure=Procedure.NOT_ACCEPTED, not_accepted_reason=None),
        complaint("F", procedure=Procedure.ADULT_STATUTORY, method=Method.LETTER,
                  submitter=Submitter.CHILD, made_by_child=True, advocate=True),
        complaint("G", submitter=Submitter.CHILD, made_by_child=True, advocate=False),
    ]
    got = report(rows)
    assert got["complaints"]["by_procedure"] == {
        "not_accepted": 3, "children_statutory": 2, "adult_statutory": 1, "informal": 1,
    }
    # An unrecorded reason is not a value: it is not counted.
    assert got["complaints"]["not_accepted_reasons"] == {"school": 2}
    assert got["complaints"]["by_method"] == {"email": 6, "letter": 1}
    assert got["complaints"]["by_submitter"] == {"parent": 5, "child": 2}
    assert got["complaints"]["made_by_child"] == 2
    assert got["complaints"]["made_by_child_with_advocate"] == 1
    assert list(got["procedures"]) == ["children_statutory", "adult_statutory"]


def test_procedure_counts() -> None:
    rows = [
        complaint("A", stage1_closed_on=date(2018, 9, 10), stage1_extended=True,
                  outcome=Outcome.UPHELD, categories=("Communication", "Delay"),
                  delay_reason=DelayReason.SERVICE_DELAY, adr=True),
        complaint("B", stage1_closed_on=date(2018, 9, 10), outcome=Outcome.NOT_UPHELD,
                  team="Leaving care", categories=("Communication",),
                  stage2_started_on=date(2018, 9, 20), stage2_extended=True),
        complaint("C", team=None),  # open, and the team is not recorded
    ]
    got = report(rows)["procedures"]["children_statutory"]
    assert got["complaints"] == 3
    assert got["by_final_stage"] == {"1": 2, "2": 1}
    assert got["by_outcome"] == {"not_upheld": 1, "open": 1, "upheld": 1}
    assert got["by_team"] == {"Fostering": 1, "Leaving care": 1}
    # A complaint with several categories counts once in each.
    assert got["by_category"] == {"Communication": 2, "Delay": 1}
    # B's final stage (2) is still open, so only A is timed by final stage.
    assert got["final_stage_timeliness"] == {
        "1": {"closed": 1, "base": 1, "extended": 0, "over": 0, "average_working_days": 5.0}
    }
    assert got["stage_responses"]["1"]["closed"] == 2
    assert got["extensions"] == {"1": 1, "2": 1}
    assert got["delay_reasons"] == {"service_delay": 1}
    assert got["adr"] == 1


def test_ombudsman_compensation_compliments_enquiries_and_equality() -> None:
    rows = [
        complaint("A", ombudsman_referred_on=date(2018, 12, 1),
                  ombudsman_decision=OmbudsmanDecision.UPHELD,
                  compensation_gbp=Decimal("52.50"), gender="female"),
        complaint("B", ombudsman_referred_on=date(2019, 1, 1), compensation_gbp=Decimal("0.25"),
                  age_band="11-15"),
        other(Kind.COMPLIMENT, "K", team="Fostering", categories=("Kindness",)),
        other(Kind.COMMENT, "M"),
        other(Kind.ENQUIRY, "E1", stage1_started_on=date(2018, 9, 3),
              stage1_closed_on=date(2018, 9, 17)),  # 10: in time
        other(Kind.ENQUIRY, "E2", stage1_closed_on=date(2018, 9, 18)),  # 11, from receipt
        other(Kind.ENQUIRY, "E3"),  # not answered yet
    ]
    got = report(rows)
    assert got["received"] == {"enquiry": 3, "complaint": 2, "comment": 1, "compliment": 1}
    # A referral with no decision yet is referred but has no decision value.
    assert got["ombudsman"] == {"referred": 2, "by_decision": {"upheld": 1}}
    assert got["compensation_gbp"] == "52.75"
    assert got["compliments"] == {"by_team": {"Fostering": 1}, "by_category": {"Kindness": 1}}
    assert got["enquiries"] == {"answered": 2, "in_time": 1, "average_working_days": 10.5}
    assert got["equality"] == {
        "gender": {"female": 1, "unknown": 1},
        "age_band": {"11-15": 1, "unknown": 1},
        "ethnicity": {"unknown": 2},
        "disability": {"unknown": 2},
    }


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="end before"):
        report([], period_from=date(2019, 1, 1), period_to=date(2018, 1, 1))


@pytest.mark.parametrize(
    ("period", "previous"),
    [
        (
            Period(date(2018, 4, 1), date(2019, 3, 31)),
            Period(date(2017, 4, 1), date(2018, 3, 31)),
        ),
        (  # a leap day maps to 28 February
            Period(date(2020, 2, 29), date(2021, 2, 28)),
            Period(date(2019, 2, 28), date(2020, 2, 28)),
        ),
    ],
)
def test_previous_year(period: Period, previous: Period) -> None:
    assert period.previous_year() == previous
