"""Dashboards (my cases; due and overdue by team in red, amber and green; triage) and
the rules on who answers which stage."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.common.clock import london_today
from portal.common.dates import calendar_for
from portal.models.cases import Representation, Stage
from portal.models.councils import Council
from portal.models.staff import Role
from portal.vocab.cases import CaseStatus, Kind, Method, Route
from tests.factories import give, make_case, make_user
from tests.support.case_actions import act, ok, refused
from tests.support.staff import sign_in_as


def test_due_and_overdue_by_team_in_red_amber_green(client: FlaskClient, session: Session,
                                                    council: Council,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    today = london_today()
    calendar = calendar_for(council.nation)
    team_a, team_b = council.teams[0], council.teams[1]
    cases = {}
    for n, (team, due) in enumerate([
        (team_a, today.replace(day=1) if today.day > 1 else today),  # overdue unless the 1st
        (team_a, calendar.add_working_days(today, 2)),  # 2 working days left: amber
        (team_b, calendar.add_working_days(today, 10)),  # plenty of time: green
    ], start=1):
        rep = make_case(session, council, f"CMP-D-{n:06d}")
        rep.status, rep.team = CaseStatus.STAGE1, team
        rep.acknowledged_on = rep.received_on  # else the acknowledgement comes first
        stage = rep.stage(1)
        assert stage is not None
        stage.due_on = due
        cases[n] = rep
    session.commit()
    sign_in_as(client, manager)
    page = client.get("/staff/cases/due").text
    assert page.index(team_a.name) < page.index("CMP-D-000001") < page.index(team_b.name)
    assert page.index(team_b.name) < page.index("CMP-D-000003")
    if today.day > 1:
        assert 'data-rag="red"' in page
    assert 'data-rag="amber"' in page
    assert 'data-rag="green"' in page
    assert '<strong class="govuk-tag govuk-tag--green">' in page  # markup, not escaped text
    # A long list shows the most urgent and counts the rest.
    monkeypatch.setattr("portal.cases.queries.DUE_OVERVIEW_LIMIT", 1)
    page = client.get("/staff/cases/due").text
    assert "CMP-D-000001" in page
    assert "CMP-D-000002" not in page
    assert "And 1 more with later deadlines." in page


def test_my_cases_lists_only_what_is_given(client: FlaskClient, session: Session,
                                           council: Council) -> None:
    responder, _ = make_user(session, council, Role.RESPONDING_MANAGER)
    mine = make_case(session, council, "CMP-D-000011")
    make_case(session, council, "CMP-D-000012")
    give(session, mine, responder)
    sign_in_as(client, responder)
    page = client.get("/staff/cases/").text
    assert "CMP-D-000011" in page
    assert "CMP-D-000012" not in page


def test_each_role_answers_only_its_own_stage(client: FlaskClient, session: Session,
                                              council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    adjudicator, _ = make_user(session, council, Role.ADJUDICATING_OFFICER)
    rep = make_case(session, council, "CMP-D-000021")
    give(session, rep, adjudicator)
    sign_in_as(client, manager)
    ok(act(client, rep.reference, "route", route="children_statutory", signpost="", team="",
           reason=""))
    # The adjudicating officer decides stage 2, never stage 1.
    sign_in_as(client, adjudicator)
    refused(act(client, rep.reference, "outcome", outcome="upheld", responded_on="2026-03-10",
                summary="Upheld."), "does not answer this stage")
    # ...and cannot run triage or extend.
    assert act(client, rep.reference, "extend", new_due_on="2026-03-25", reason="x",
               message="").status_code == 403


def test_an_enquiry_is_answered_once(client: FlaskClient, session: Session,
                                     council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    rep = make_case(session, council, "CMP-D-000031", kind="enquiry", submitter="councillor",
                    on_behalf_of_child=True)
    assert rep.kind is Kind.ENQUIRY
    sign_in_as(client, manager)
    ok(act(client, rep.reference, "route", route="enquiry", signpost="", team="", reason=""))
    assert rep.status is CaseStatus.STAGE1
    stage = rep.stage(1)
    assert stage is not None
    assert str(stage.due_on) == "2026-03-20"  # 10 working days from Friday 6 March 2026
    ok(act(client, rep.reference, "outcome", outcome="upheld", responded_on="2026-03-18",
           summary="The visit is booked."))
    assert rep.status is CaseStatus.CLOSED  # no next stage for an enquiry


def test_administrator_sees_accounts_not_cases(client: FlaskClient, session: Session,
                                               council: Council) -> None:
    admin, _ = make_user(session, council, Role.ADMINISTRATOR)
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER, name="Olu Officer")
    rep = make_case(session, council, "CMP-D-000041")
    sign_in_as(client, admin)
    assert client.get("/staff/").location.endswith("/staff/accounts")
    page = client.get("/staff/accounts").text
    assert "Olu Officer" in page
    assert officer.email in page
    assert client.get(f"/staff/cases/{rep.reference}").status_code == 404


def test_a_logged_phone_complaint_is_routed_by_the_officer(
        client: FlaskClient, session: Session, council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    sign_in_as(client, manager)
    client.post("/staff/cases/new", data={
        "method": "letter", "received_on": ["6", "3", "2026"], "kind": "complaint",
        "submitter": "child", "name": "", "email": "", "phone": "", "language": "en",
        "for_whom": "themselves", "service": "children_in_care",
        "description": "A letter about my placement.", "urgent": ""})
    rep = session.scalars(select(Representation).where(
        Representation.method == Method.LETTER)).one()
    # Routing suggests the route as it does online (cases/offline.py); triage decides.
    assert rep.route is Route.CHILDREN_STATUTORY
    assert rep.status is CaseStatus.NEW
    assert rep.anonymous  # no name, email or phone given
    # Accepting the suggestion needs no override reason; the clocks start with it.
    ok(act(client, rep.reference, "route", route="children_statutory", signpost="", team="",
           reason=""))
    stage = rep.stage(1)
    assert stage is not None
    assert (rep.acknowledge_by, stage.due_on) == (date(2026, 3, 11), date(2026, 3, 20))


def test_a_panel_asked_for_on_the_tracking_page_shows_its_clock(
        client: FlaskClient, session: Session, council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    rep = make_case(session, council, "CMP-D-000051")
    first = rep.stage(1)
    assert first is not None
    first.closed_on = date(2026, 3, 20)
    rep.stages.append(Stage(number=2, started_on=date(2026, 3, 23), closed_on=date(2026, 5, 1)))
    # What portal.complaints.services.take_further leaves: a request, no clock.
    rep.stages.append(Stage(number=3, requested_on=date(2026, 6, 10)))
    rep.status = CaseStatus.STAGE3
    session.commit()
    sign_in_as(client, manager)
    page = client.get(f"/staff/cases/{rep.reference}").text
    # 30 working days from Wednesday 10 June 2026.
    assert 'id="next-deadline" data-date="2026-07-22"' in page
