"""Recording routing's decision on the register, and an officer's override with its reason."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from portal.common.dates import calendar_for
from portal.models.cases import Representation
from portal.models.staff import Role, User
from portal.routing.reasons import ReasonCode, reason_text
from portal.routing.rules import route
from portal.routing.services import (
    OVERRIDDEN,
    ROUTED,
    RoutingServiceError,
    override_decision,
    record_decision,
    snapshot,
    stored_reasons,
)
from portal.routing.submission import Submission
from portal.settings.routing import ENGLAND_DEFAULTS
from portal.vocab.cases import CheckDecision, Kind, Procedure, Submitter
from portal.vocab.routing import Check, Route, Service, Signpost
from portal.vocab.routing import Submitter as RoutingSubmitter
from tests.support.rows import events_of

MONDAY = date(2026, 3, 2)


def decision_for(**changes):
    s = Submission(
        kind=Kind.COMPLAINT,
        received_on=MONDAY,
        submitter=RoutingSubmitter.GRANDPARENT,
        service=Service.FOSTERING,
        on_behalf_of_child=True,
        description="I am not told how my granddaughter is.",
    )
    return route(
        dataclasses.replace(s, **changes),
        settings=ENGLAND_DEFAULTS,
        calendar=calendar_for("england"),
    )


@pytest.fixture(autouse=True)
def in_a_request(app, session):
    # Services run inside a request (a view), where the locale is chosen.
    with app.test_request_context("/"):
        yield


@pytest.fixture
def entry(session, council) -> Representation:
    rep = Representation(
        council_id=council.id,
        council=council,
        reference="CMP-2026-900001",
        kind=Kind.COMPLAINT,
        received_on=MONDAY,
        submitter=Submitter.GRANDPARENT,
        service="fostering",
    )
    session.add(rep)
    session.flush()
    return rep


@pytest.fixture
def officer(session, council) -> User:
    user = User(
        council_id=council.id,
        email="officer@example.test",
        name="Complaints Officer",
        role=Role.COMPLAINTS_MANAGER,
        password_hash="x",
    )
    session.add(user)
    session.flush()
    return user


def test_record_decision_stores_every_field(session, entry):
    decision = decision_for()
    record_decision(session, entry, decision)
    session.expire_all()

    assert (entry.route, entry.signpost, entry.procedure) == (
        Route.CHILDREN_STATUTORY,
        None,
        Procedure.CHILDREN_STATUTORY,
    )
    assert entry.acknowledge_by == date(2026, 3, 5)
    stage1 = entry.stage(1)
    assert (stage1.started_on, stage1.due_on, stage1.due_latest_on) == (
        MONDAY,
        date(2026, 3, 16),
        date(2026, 3, 30),
    )
    assert [(c.check, c.decision) for c in entry.checks] == [
        (Check.SUFFICIENT_INTEREST, CheckDecision.PENDING),
        (Check.CHILD_AGREEMENT, CheckDecision.PENDING),
    ]
    assert entry.routed_at is not None
    # Reasons kept as codes (any language, either audience) with the English text.
    assert stored_reasons(entry) == list(decision.reasons)
    assert entry.routing_reasons[0]["text"] == reason_text(decision.reasons[0])
    [event] = events_of(session, entry, ROUTED)
    assert event.data["decision"]["route"] == "children_statutory"
    assert event.actor == "system"


@pytest.mark.parametrize(
    ("changes", "route_", "stage1_due"),
    [
        # Signposted: no procedure, no stage, no checks.
        ({"service": Service.SCHOOL}, Route.SIGNPOST, None),
        # A compliment has no clock.
        ({"kind": Kind.COMPLIMENT}, Route.COMPLIMENT, None),
        # An enquiry's reply is its stage 1 (REGISTER.md), without a procedure.
        ({"kind": Kind.ENQUIRY}, Route.ENQUIRY, date(2026, 3, 16)),
    ],
)
def test_record_decision_without_a_procedure(session, entry, changes, route_, stage1_due):
    record_decision(session, entry, decision_for(**changes))
    assert entry.route is route_
    assert entry.procedure is None
    assert entry.checks == []
    assert (entry.stage(1).due_on if entry.stage(1) else None) == stage1_due


def test_a_decision_is_recorded_once(session, entry):
    record_decision(session, entry, decision_for())
    with pytest.raises(RoutingServiceError, match="already routed"):
        record_decision(session, entry, decision_for())


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_override_refuses_an_empty_reason(session, entry, officer, reason):
    record_decision(session, entry, decision_for())
    with pytest.raises(RoutingServiceError, match="reason"):
        override_decision(session, entry, actor=officer, reason=reason, route=Route.CORPORATE)
    assert entry.route is Route.CHILDREN_STATUTORY
    assert events_of(session, entry, OVERRIDDEN) == []


def test_override_route_recomputes_deadlines_and_records_before_and_after(session, entry, officer):
    record_decision(session, entry, decision_for())
    event = override_decision(
        session,
        entry,
        actor=officer,
        route=Route.CORPORATE,
        checks=[Check.CHILD_AGREEMENT],
        reason="About the council's contact centre, not a social care function.",
    )
    assert (entry.route, entry.procedure) == (Route.CORPORATE, Procedure.CORPORATE)
    # Corporate timescales: acknowledge in 5, respond in 10, at most 20.
    assert entry.acknowledge_by == date(2026, 3, 9)
    assert (entry.stage(1).due_on, entry.stage(1).due_latest_on) == (
        date(2026, 3, 16),
        date(2026, 3, 30),
    )
    assert [c.check for c in entry.checks] == [Check.CHILD_AGREEMENT]
    assert event.actor_user_id == officer.id
    assert event.data == {
        "before": {
            "route": "children_statutory",
            "signpost": None,
            "checks": ["sufficient_interest", "child_agreement"],
            "acknowledge_by": "2026-03-05",
            "respond_by": "2026-03-16",
            "respond_by_latest": "2026-03-30",
        },
        "after": {
            "route": "corporate",
            "signpost": None,
            "checks": ["child_agreement"],
            "acknowledge_by": "2026-03-09",
            "respond_by": "2026-03-16",
            "respond_by_latest": "2026-03-30",
        },
        "reason": "About the council's contact centre, not a social care function.",
    }
    assert len(events_of(session, entry, OVERRIDDEN)) == 1


def test_override_deadlines_only(session, entry, officer):
    record_decision(session, entry, decision_for())
    override_decision(
        session,
        entry,
        actor=officer,
        respond_by=date(2026, 3, 20),
        reason="Extension agreed with the grandmother on the phone.",
    )
    assert entry.route is Route.CHILDREN_STATUTORY
    assert entry.stage(1).due_on == date(2026, 3, 20)
    assert entry.acknowledge_by == date(2026, 3, 5)


def test_override_to_signpost_drops_checks_and_stage(session, entry, officer):
    record_decision(session, entry, decision_for())
    override_decision(
        session,
        entry,
        actor=officer,
        route=Route.SIGNPOST,
        signpost=Signpost.ANOTHER_COUNCIL,
        reason="The child is looked after by the neighbouring council.",
    )
    assert (entry.route, entry.signpost, entry.procedure) == (
        Route.SIGNPOST,
        Signpost.ANOTHER_COUNCIL,
        None,
    )
    assert entry.checks == []
    assert entry.stage(1) is None
    assert entry.acknowledge_by is None
    assert snapshot(entry)["respond_by"] is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"route": Route.SIGNPOST}, "Choose where to signpost"),
        ({"signpost": Signpost.NHS}, "Only the signpost route"),
        (
            {"route": Route.COMMENT, "checks": [Check.DEFERRAL]},
            "Only a complaint under a procedure",
        ),
        ({"respond_by": date(2026, 3, 1)}, "before the day it was received"),
        ({"respond_by": date(2026, 4, 30)}, "must run in order"),
        ({"acknowledge_by": date(2026, 3, 20)}, "must run in order"),
        # The same route and the same deadlines: nothing to record.
        ({"route": Route.CHILDREN_STATUTORY}, "changes nothing"),
    ],
)
def test_override_refuses_an_invalid_decision(session, entry, officer, changes, message):
    record_decision(session, entry, decision_for())
    with pytest.raises(RoutingServiceError, match=message):
        override_decision(session, entry, actor=officer, reason="Because.", **changes)
    assert events_of(session, entry, OVERRIDDEN) == []


def test_a_decided_check_cannot_be_overridden_away(session, entry, officer):
    record_decision(session, entry, decision_for())
    entry.checks[0].decision = CheckDecision.MET
    with pytest.raises(RoutingServiceError, match="already decided"):
        override_decision(session, entry, actor=officer, reason="Not needed.", checks=[])


def test_override_before_routing_is_refused(session, entry, officer):
    with pytest.raises(RoutingServiceError, match="not been routed"):
        override_decision(session, entry, actor=officer, reason="x", route=Route.CORPORATE)


def test_stored_reasons_render_for_the_child(session, entry):
    record_decision(session, entry, decision_for(service=Service.SCHOOL))
    [first] = stored_reasons(entry)[:1]
    assert first.code is ReasonCode.SIGNPOSTED_SCHOOL
    assert "school" in reason_text(first, "child")
