"""Lateness is recorded, never silent (issue 16, part 2).

A step taken after its deadline asks for the reason for the delay, which the case, its
timeline and the register keep; a missed acknowledgement stays on the due list, red,
until it is done; a window to ask for the next stage closes with the day it ended, and
the tracking page says so.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.cases import services, windows
from portal.cases.queries import next_deadline
from portal.models.cases import CaseEvent, Representation, Stage
from portal.models.councils import Council
from portal.models.staff import Role, User
from portal.register.queries import register_rows
from portal.vocab.cases import CaseStatus, DelayReason, Outcome, Route
from tests.conftest import PINNED_TODAY
from tests.factories import make_case, make_user
from tests.support.case_actions import act
from tests.support.staff import sign_in_as

TODAY = PINNED_TODAY


@pytest.fixture
def manager(session: Session, council: Council) -> User:
    return make_user(session, council, Role.COMPLAINTS_MANAGER)[0]


def routed(session: Session, council: Council, manager: User, reference: str) -> Representation:
    rep = make_case(session, council, reference)
    services.accept_route(session, rep, manager, route=Route.CHILDREN_STATUTORY, signpost=None,
                          team_id=None, category_ids=[], reason="")
    return rep


def stage1_of(rep: Representation) -> Stage:
    """The case's stage 1, which routing gave a deadline."""
    stage1 = rep.stage(1)
    assert stage1 is not None
    assert stage1.due_on is not None
    return stage1


def last_event(session: Session, rep: Representation, kind: str) -> dict[str, Any]:
    session.flush()
    event = session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type == kind)
        .order_by(CaseEvent.id.desc())).first()
    assert event is not None, kind
    return dict(event.data)


def test_a_late_response_needs_the_reason_which_the_register_keeps(
        session: Session, council: Council, manager: User) -> None:
    rep = routed(session, council, manager, "LATE-000001")
    stage1 = stage1_of(rep)
    late_day = services.calendar_of(rep).add_working_days(stage1.due_on, 3)
    with pytest.raises(services.CaseError, match="after its deadline"):
        services.record_outcome(session, rep, manager, outcome=Outcome.UPHELD,
                                responded_on=late_day, summary="Sorry.", today=TODAY)
    assert stage1.closed_on is None  # nothing recorded without the reason
    services.record_outcome(session, rep, manager, outcome=Outcome.UPHELD,
                            responded_on=late_day, summary="Sorry.", today=TODAY,
                            delay_reason=DelayReason.KEY_PERSONNEL_UNAVAILABLE,
                            delay_note="The team manager was off sick.")
    data = last_event(session, rep, "outcome_recorded")
    assert data["in_time"] is False
    assert data["late_after"] == stage1.due_on.isoformat()
    assert data["delay_reason"] == "key_personnel_unavailable"
    assert data["delay_note"] == "The team manager was off sick."
    (row,) = register_rows(session, ids=[rep.id])
    assert row.delay_reason is DelayReason.KEY_PERSONNEL_UNAVAILABLE


def test_a_response_on_its_due_day_is_in_time(session: Session, council: Council,
                                              manager: User) -> None:
    rep = routed(session, council, manager, "LATE-000002")
    stage1 = stage1_of(rep)
    services.record_outcome(session, rep, manager, outcome=Outcome.NOT_UPHELD,
                            responded_on=stage1.due_on, summary="No fault.", today=TODAY)
    assert last_event(session, rep, "outcome_recorded")["in_time"] is True
    assert rep.delay_reason is None


def test_an_extension_is_not_a_reason_for_lateness(session: Session, council: Council,
                                                   manager: User) -> None:
    rep = routed(session, council, manager, "LATE-000003")
    stage1 = stage1_of(rep)
    late_day = services.calendar_of(rep).add_working_days(stage1.due_on, 1)
    with pytest.raises(services.CaseError, match="after its deadline"):
        services.record_outcome(session, rep, manager, outcome=Outcome.UPHELD,
                                responded_on=late_day, summary="x", today=TODAY,
                                delay_reason=DelayReason.EXTENSION_AGREED)


def test_a_late_acknowledgement_late_panel_and_late_report_say_why(
        session: Session, council: Council, manager: User) -> None:
    rep = make_case(session, council, "LATE-000004")
    assert rep.acknowledge_by is not None
    late_ack = services.calendar_of(rep).add_working_days(rep.acknowledge_by, 2)
    with pytest.raises(services.CaseError, match="after its deadline"):
        services.acknowledge(session, rep, manager, on=late_ack, send=False, today=TODAY)
    services.acknowledge(session, rep, manager, on=late_ack, send=False, today=TODAY,
                         delay_reason=DelayReason.SERVICE_DELAY)
    assert last_event(session, rep, "acknowledged")["delay_reason"] == "service_delay"

    # A stage 3 whose panel meets after 30 working days, and reports after 5.
    rep = routed(session, council, manager, "LATE-000005")
    people = {role: make_user(session, council, role)[0] for role in (
        Role.INVESTIGATING_OFFICER, Role.INDEPENDENT_PERSON, Role.ADJUDICATING_OFFICER)}
    panel = [make_user(session, council, Role.PANEL_MEMBER)[0] for _ in range(3)]
    services.record_outcome(session, rep, manager, outcome=Outcome.NOT_UPHELD,
                            responded_on=date(2026, 3, 13), summary="No.", today=TODAY)
    services.request_next_stage(session, rep, manager, requested_on=date(2026, 3, 16),
                                late_reason=None, today=TODAY)
    services.start_stage2_clock(session, rep, manager, started_on=date(2026, 3, 17))
    services.appoint_stage2(session, rep, manager,
                            investigating_officer_id=people[Role.INVESTIGATING_OFFICER].id,
                            independent_person_id=people[Role.INDEPENDENT_PERSON].id,
                            adjudicating_officer_id=people[Role.ADJUDICATING_OFFICER].id,
                            declaration=True, declaration_text="Independent")
    services.record_outcome(session, rep, manager, outcome=Outcome.NOT_UPHELD,
                            responded_on=date(2026, 4, 1), summary="No.", today=TODAY)
    stage3 = services.request_next_stage(session, rep, manager, requested_on=date(2026, 4, 2),
                                         late_reason=None, today=TODAY)
    # The review panel's stage starts with its request (REGISTER.md).
    assert stage3.started_on == date(2026, 4, 2)
    assert stage3.due_on is not None
    late_panel = services.calendar_of(rep).add_working_days(stage3.due_on, 1)
    with pytest.raises(services.CaseError, match="after its deadline"):
        services.appoint_panel(session, rep, manager, member_ids=[p.id for p in panel],
                               panel_on=late_panel)
    services.appoint_panel(session, rep, manager, member_ids=[p.id for p in panel],
                           panel_on=late_panel, delay_reason=DelayReason.COMPLAINANT_DELAY,
                           delay_note="The family asked for a later date.")
    assert last_event(session, rep, "panel_date_set")["within_time"] is False
    report_due = stage3.due_on
    late_report = services.calendar_of(rep).add_working_days(report_due, 2)
    with pytest.raises(services.CaseError, match="after its deadline"):
        services.record_panel_report(session, rep, manager, report_on=late_report)
    services.record_panel_report(session, rep, manager, report_on=late_report,
                                 delay_reason=DelayReason.KEY_PERSONNEL_UNAVAILABLE)
    assert last_event(session, rep, "panel_report_received")["late_after"] == \
        report_due.isoformat()


def test_a_missed_acknowledgement_stays_on_the_due_list_until_done(
        session: Session, council: Council, manager: User) -> None:
    rep = routed(session, council, manager, "LATE-000006")
    assert rep.status is CaseStatus.STAGE1
    assert next_deadline(rep) == ("acknowledge", rep.acknowledge_by)
    services.acknowledge(session, rep, manager, on=rep.received_on, send=False, today=TODAY)
    found = next_deadline(rep)
    assert found is not None
    assert found[0] == "stage1"


def test_the_late_reason_is_asked_on_the_case_page_and_kept(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = make_case(session, council, "LATE-000007")
    assert rep.acknowledge_by is not None
    sign_in_as(client, manager)
    page = client.get(f"/staff/cases/{rep.reference}").text
    assert 'name="acknowledge-delay_reason"' in page
    late = services.calendar_of(rep).add_working_days(rep.acknowledge_by, 1)
    refused = act(client, rep.reference, "acknowledge", on=late, delay_reason="")
    assert refused.status_code == 409
    assert "after its deadline" in refused.text
    done = act(client, rep.reference, "acknowledge", on=late,
               delay_reason="service_delay", delay_note="Post room backlog")
    assert done.status_code == 302
    timeline = client.get(f"/staff/cases/{rep.reference}/timeline").text
    assert "Delay by the service" in timeline


def window_case(session: Session, council: Council, manager: User,
                reference: str) -> Representation:
    rep = routed(session, council, manager, reference)
    services.record_outcome(session, rep, manager, outcome=Outcome.NOT_UPHELD,
                            responded_on=date(2026, 10, 1), summary="No fault.", today=TODAY,
                            delay_reason=DelayReason.SERVICE_DELAY)
    session.commit()
    return rep


def test_an_expired_window_closes_with_its_date(session: Session, council: Council,
                                                manager: User) -> None:
    rep = window_case(session, council, manager, "WIN-000001")
    ends = windows.window_ends(rep)
    # 20 working days after Thursday 1 October 2026.
    assert ends == date(2026, 10, 29)
    assert windows.close_expired(session, today=ends) == []  # the last day is still open
    assert windows.close_expired(session, today=date(2026, 10, 30)) == ["WIN-000001"]
    assert rep.status is CaseStatus.CLOSED
    assert windows.window_closed_on(session, rep) == ends
    assert windows.close_expired(session, today=date(2026, 10, 30)) == []


def test_the_tracking_page_stops_offering_a_closed_window(
        app: Flask, session: Session, council: Council, manager: User) -> None:
    from portal.cases import guard
    from portal.procedure.machine import Actor, Step

    rep = window_case(session, council, manager, "WIN-000002")
    assert guard.refusal(Step.TAKE_FURTHER, rep, Actor.COMPLAINANT,
                         today=date(2026, 10, 29)) is None
    words = guard.refusal(Step.TAKE_FURTHER, rep, Actor.COMPLAINANT, today=date(2026, 10, 30))
    assert words is not None
    assert "29 October 2026" in words
    # An officer can still log a late request, with the reason.
    assert guard.refusal(Step.NEXT_STAGE, rep, Actor.COMPLAINTS_MANAGER,
                         today=date(2026, 10, 30)) is None


def test_the_close_windows_command(app: Flask, session: Session, council: Council,
                                   manager: User) -> None:
    window_case(session, council, manager, "WIN-000003")
    result: Result = app.test_cli_runner().invoke(args=["cases", "close-windows"])
    assert result.exit_code == 0, result.output
    assert "closed WIN-000003" in result.output
    again = app.test_cli_runner().invoke(args=["cases", "close-windows"])
    assert "0 cases closed." in again.output
