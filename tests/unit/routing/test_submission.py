"""parse_submission: the contract's fields, and clear errors naming field and value."""

from __future__ import annotations

from datetime import date

import pytest

from portal.routing.submission import (
    DecisionMaker,
    Kind,
    LookedAfterBy,
    Proceeding,
    Service,
    Submission,
    SubmissionError,
    Submitter,
    parse_submission,
)

FULL = {
    "kind": "complaint",
    "received_on": "2026-03-02",
    "submitter": "parent",
    "on_behalf_of_child": True,
    "child_age": 8,
    "looked_after_by": "this_council",
    "service": "social_work",
    "about_decision_of": "court",
    "event_on": "2026-02-20",
    "proceedings": ["police", "court"],
    "in_danger_now": True,
    "wants_advocate": True,
    "description": "Words.",
}

MINIMAL = {
    "kind": "complaint",
    "received_on": "2026-03-02",
    "submitter": "child",
    "service": "fostering",
}


def test_every_field_is_read():
    assert parse_submission(FULL) == Submission(
        kind=Kind.COMPLAINT,
        received_on=date(2026, 3, 2),
        submitter=Submitter.PARENT,
        on_behalf_of_child=True,
        child_age=8,
        looked_after_by=LookedAfterBy.THIS_COUNCIL,
        service=Service.SOCIAL_WORK,
        about_decision_of=DecisionMaker.COURT,
        event_on=date(2026, 2, 20),
        # Canonical order, whatever order the list came in.
        proceedings=(Proceeding.COURT, Proceeding.POLICE),
        in_danger_now=True,
        wants_advocate=True,
        description="Words.",
    )


def test_optional_fields_may_be_omitted():
    s = parse_submission(MINIMAL)
    assert (s.on_behalf_of_child, s.child_age, s.looked_after_by, s.about_decision_of) == (
        False,
        None,
        None,
        None,
    )
    assert (s.event_on, s.proceedings, s.in_danger_now, s.wants_advocate, s.description) == (
        None,
        (),
        False,
        False,
        "",
    )


def test_nulls_mean_the_same_as_omitted():
    nulls = dict.fromkeys(
        ["child_age", "looked_after_by", "about_decision_of", "event_on", "proceedings"]
    )
    assert parse_submission({**MINIMAL, **nulls}) == parse_submission(MINIMAL)


def test_duplicate_proceedings_are_merged():
    s = parse_submission({**MINIMAL, "proceedings": ["police", "police"]})
    assert s.proceedings == (Proceeding.POLICE,)


@pytest.mark.parametrize(
    ("changes", "field", "value_shown"),
    [
        # Required fields.
        ({"kind": None}, "kind", "None"),
        ({"submitter": "teacher"}, "submitter", "'teacher'"),
        ({"service": "Social Work"}, "service", "'Social Work'"),
        ({"kind": "Complaint"}, "kind", "'Complaint'"),
        # Dates: ISO only, real days only, inside the holiday calendar's years.
        ({"received_on": "02/03/2026"}, "received_on", "'02/03/2026'"),
        ({"received_on": "20260302"}, "received_on", "'20260302'"),
        ({"received_on": "2026-02-30"}, "received_on", "'2026-02-30'"),
        ({"received_on": "1999-12-31"}, "received_on", "'1999-12-31'"),
        ({"received_on": 20260302}, "received_on", "20260302"),
        ({"event_on": "yesterday"}, "event_on", "'yesterday'"),
        # Booleans are JSON booleans: "yes" and 1 are refused, not guessed.
        ({"in_danger_now": "yes"}, "in_danger_now", "'yes'"),
        ({"wants_advocate": 1}, "wants_advocate", "1"),
        ({"on_behalf_of_child": None}, "on_behalf_of_child", "None"),
        # Ages: whole numbers 0 to 25.
        ({"child_age": -1}, "child_age", "-1"),
        ({"child_age": 26}, "child_age", "26"),
        ({"child_age": 7.5}, "child_age", "7.5"),
        ({"child_age": True}, "child_age", "True"),
        ({"child_age": "8"}, "child_age", "'8'"),
        ({"looked_after_by": "us"}, "looked_after_by", "'us'"),
        ({"about_decision_of": "judge"}, "about_decision_of", "'judge'"),
        ({"proceedings": "police"}, "proceedings", "'police'"),
        ({"proceedings": ["police", "inquest"]}, "proceedings", "'inquest'"),
        ({"description": 42}, "description", "42"),
        # An unknown key is refused: "in_danger" read as "not in danger" would be unsafe.
        ({"in_danger": True}, "in_danger", "True"),
    ],
)
def test_errors_name_the_field_and_the_value(changes, field, value_shown):
    with pytest.raises(SubmissionError) as caught:
        parse_submission({**MINIMAL, **changes})
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: {value_shown}: ")


@pytest.mark.parametrize("missing", ["kind", "received_on", "submitter", "service"])
def test_required_fields(missing):
    data = {k: v for k, v in MINIMAL.items() if k != missing}
    with pytest.raises(SubmissionError, match=f"^{missing}: missing: is required$"):
        parse_submission(data)


@pytest.mark.parametrize("not_an_object", [[], "complaint", 3, None])
def test_a_submission_is_an_object(not_an_object):
    with pytest.raises(SubmissionError) as caught:
        parse_submission(not_an_object)
    assert caught.value.field == "submission"


def test_allowed_values_are_listed():
    with pytest.raises(SubmissionError, match="must be one of complaint, compliment, comment"):
        parse_submission({**MINIMAL, "kind": "grumble"})


def test_long_text_values_are_shortened_in_errors():
    with pytest.raises(SubmissionError) as caught:
        parse_submission({**MINIMAL, "service": "x" * 500})
    assert len(str(caught.value)) < 400
