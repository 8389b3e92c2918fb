"""Property: for every combination of submission fields, routing gives a valid decision."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.common.dates import calendar_for
from portal.routing.reasons import decision_json
from portal.routing.rules import harm_signal, route
from portal.routing.submission import Submission, SubmissionError, parse_submission
from portal.settings.routing import (
    ENGLAND_DEFAULTS,
    WALES_PROFILE,
    RoutingSettings,
    RoutingSettingsError,
)
from portal.vocab.routing import (
    PROCEDURE_ROUTES,
    Advocacy,
    Check,
    DecisionMaker,
    Kind,
    LookedAfterBy,
    Proceeding,
    Route,
    Service,
    Signpost,
    Submitter,
)

DAYS = st.dates(min_value=date(2009, 1, 1), max_value=date(2040, 12, 31))
WORDS = st.sampled_from(
    ["", "Nobody calls me back.", "He hit me.", "Mae ofn arna i.", "Boję się.", "HURT", "white"]
)

submissions = st.builds(
    Submission,
    kind=st.sampled_from(Kind),
    received_on=DAYS,
    submitter=st.sampled_from(Submitter),
    service=st.sampled_from(Service),
    on_behalf_of_child=st.booleans(),
    child_age=st.none() | st.integers(0, 25),
    looked_after_by=st.none() | st.sampled_from(LookedAfterBy),
    about_decision_of=st.none() | st.sampled_from(DecisionMaker),
    event_on=st.none() | DAYS,
    proceedings=st.sets(st.sampled_from(Proceeding)).map(
        lambda found: tuple(p for p in Proceeding if p in found)
    ),
    in_danger_now=st.booleans(),
    wants_advocate=st.booleans(),
    description=WORDS | st.text(max_size=80),
)
profiles = st.sampled_from([ENGLAND_DEFAULTS, WALES_PROFILE])

CONTRACT_KEYS = [
    "route",
    "stage",
    "signpost",
    "checks",
    "advocacy",
    "urgent",
    "acknowledge_by",
    "respond_by",
    "respond_by_latest",
    "reasons",
]


def decide(s, profile):
    return route(s, settings=profile, calendar=calendar_for(profile.nation))


@settings(max_examples=500, deadline=None)
@given(s=submissions, profile=profiles)
def test_every_submission_gets_a_decision_valid_by_the_contract(s, profile):
    d = decide(s, profile)
    j = decision_json(d)
    assert list(j) == CONTRACT_KEYS
    json.dumps(j)  # JSON-able

    assert j["route"] in {r.value for r in Route}
    # Stage 1 exactly for a complaint under a procedure.
    assert (j["stage"] == 1) is (d.route in PROCEDURE_ROUTES)
    assert j["stage"] in (1, None)
    # A signpost exactly on the signpost route, and only complaints are signposted.
    assert (j["signpost"] is not None) is (d.route is Route.SIGNPOST)
    assert j["signpost"] is None or j["signpost"] in {p.value for p in Signpost}
    if s.kind is not Kind.COMPLAINT:
        assert j["route"] == s.kind.value
    # Checks: known, in the contract's order, only under a procedure.
    order = [c.value for c in Check]
    assert j["checks"] == sorted(set(j["checks"]), key=order.index)
    assert not j["checks"] or d.route in PROCEDURE_ROUTES
    assert j["advocacy"] in {a.value for a in Advocacy}
    # Urgent exactly when they said they are in danger or used words that may signal harm.
    assert j["urgent"] is (s.in_danger_now or harm_signal(s.description, profile))
    assert all(isinstance(r, str) and r for r in j["reasons"])


@settings(max_examples=500, deadline=None)
@given(s=submissions, profile=profiles)
def test_deadlines_never_before_receipt_and_never_decreasing(s, profile):
    d = decide(s, profile)
    present = [x for x in (d.acknowledge_by, d.respond_by, d.respond_by_latest) if x is not None]
    assert all(x >= s.received_on for x in present)
    assert present == sorted(present)
    # Present exactly as the route's timescale says.
    t = profile.timescale(d.route)
    assert (d.acknowledge_by is None) is (t.acknowledge is None)
    assert (d.respond_by is None) is (t.respond is None)
    assert (d.respond_by_latest is None) is (t.respond_latest is None)
    # Every deadline falls on a working day.
    cal = calendar_for(profile.nation)
    assert all(cal.is_working_day(x) for x in present)


@settings(max_examples=300, deadline=None)
@given(s=submissions, profile=profiles, words=WORDS)
def test_urgency_never_changes_anything_else(s, profile, words):
    a = decide(s, profile)
    b = decide(
        dataclasses.replace(s, in_danger_now=not s.in_danger_now, description=words), profile
    )
    keep = [f.name for f in dataclasses.fields(a) if f.name not in ("urgent", "reasons")]
    assert [getattr(a, k) for k in keep] == [getattr(b, k) for k in keep]


@settings(max_examples=300, deadline=None)
@given(s=submissions)
def test_json_round_trip_of_a_submission(s):
    data = {
        f.name: (
            getattr(s, f.name).isoformat()
            if isinstance(getattr(s, f.name), date)
            else list(getattr(s, f.name))
            if f.name == "proceedings"
            else getattr(s, f.name)
        )
        for f in dataclasses.fields(s)
    }
    assert parse_submission(json.loads(json.dumps(data))) == s


# --- malformed input never crashes: it is refused with the field named ---------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
VALID = {
    "kind": "complaint",
    "received_on": "2026-03-02",
    "submitter": "child",
    "service": "fostering",
}


@settings(max_examples=400, deadline=None)
@given(field=st.sampled_from([f.name for f in dataclasses.fields(Submission)]), value=JSON_VALUES)
def test_any_json_value_in_any_field_parses_or_names_that_field(field, value):
    refused: SubmissionError | None = None
    try:
        parse_submission({**VALID, field: value})
    except SubmissionError as error:
        refused = error
    assert refused is None or refused.field == field


@settings(max_examples=400, deadline=None)
@given(
    key=st.sampled_from(sorted(ENGLAND_DEFAULTS.to_mapping())),
    value=JSON_VALUES,
)
def test_any_json_value_in_any_setting_loads_or_is_refused_clearly(key, value):
    refused: RoutingSettingsError | None = None
    try:
        RoutingSettings.from_mapping({key: value})
    except RoutingSettingsError as error:
        refused = error
    assert refused is None or key in str(refused) or "service" in str(refused)
