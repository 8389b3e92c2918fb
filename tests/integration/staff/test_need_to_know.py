"""Need to know (issue 16, part 6): a council may limit complaints officers to their own
teams' cases (portal.staff.access.case_scope). Off, every officer sees every case; on, an
officer of team A cannot open, act on, list, export or see the safety alert of a team B
case, and each refusal is in the audit log. The complaints manager and the children's
rights officer keep the whole view; a case with no team yet stays visible so it can be
triaged; a case given to an officer by name stays theirs."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.staff import AuditLog, Role, User
from portal.safety import services as safety
from portal.settings.council import CouncilSettings
from portal.vocab.cases import CaseStatus
from portal.vocab.safety import AlertSource
from tests.conftest import PINNED_NOW
from tests.factories import give, make_case, make_user
from tests.support.case_actions import act, ok
from tests.support.rows import events
from tests.support.staff import sign_in_as

A, B, NONE = "CMP-NK-000001", "CMP-NK-000002", "CMP-NK-000003"


@dataclass
class World:
    council: Council
    officer: User  # team A
    manager: User
    cro: User
    cases: dict[str, Representation]
    alert_b: int


def limit(session: Session, council: Council, on: bool = True) -> None:
    council.settings = {**council.settings, "officers_see_own_teams": on}
    session.commit()


@pytest.fixture
def world(session: Session, council: Council) -> World:
    team_a, team_b = council.teams[0], council.teams[1]
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER, name="Olu Officer")
    officer.team_id = team_a.id
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    cro, _ = make_user(session, council, Role.CHILDRENS_RIGHTS_OFFICER)
    cases = {}
    for reference, team in ((A, team_a), (B, team_b), (NONE, None)):
        rep = make_case(session, council, reference, description="He hit me.")
        rep.team = team
        cases[reference] = rep
    session.commit()
    alert = safety.raise_for_case(session, cases[B], source=AlertSource.SUBMISSION,
                                  signals=[safety.NOT_SAFE], now=PINNED_NOW)
    assert alert is not None
    session.commit()
    return World(council, officer, manager, cro, cases, alert.id)


def denials(session: Session, user: User) -> list[int | None]:
    return list(session.scalars(select(AuditLog.representation_id).where(
        AuditLog.user_id == user.id, AuditLog.action == "denied",
        AuditLog.allowed.is_(False)).order_by(AuditLog.id)))


def exported(client: FlaskClient) -> set[str]:
    response = client.post("/staff/register/export", data={"file_format": "csv"})
    assert response.status_code == 200, response.status_code
    return {row["reference"] for row in csv.DictReader(io.StringIO(response.text))}


def test_the_setting_is_off_by_default_and_officers_see_every_case(
        client: FlaskClient, session: Session, world: World) -> None:
    assert CouncilSettings.from_mapping(world.council.settings).officers_see_own_teams is False
    sign_in_as(client, world.officer)
    assert client.get(f"/staff/cases/{B}").status_code == 200
    triage = client.get("/staff/cases/triage").text
    assert all(reference in triage for reference in (A, B, NONE))
    assert {A, B, NONE} <= exported(client)
    assert B in client.get("/staff/safety/").text
    assert client.get(f"/staff/safety/{world.alert_b}").status_code == 200
    assert denials(session, world.officer) == []


def test_on_an_officer_cannot_open_or_act_on_another_teams_case(
        client: FlaskClient, session: Session, world: World) -> None:
    limit(session, world.council)
    sign_in_as(client, world.officer)
    b = world.cases[B]
    assert client.get(f"/staff/cases/{A}").status_code == 200
    # Not found, as for a case that does not exist (the refusal rule, access.deny).
    assert client.get(f"/staff/cases/{B}").status_code == 404
    response = act(client, B, "message", body="Hello from another team.")
    assert response.status_code == 404
    assert "message_sent" not in events(session, b)
    # A safety alert on that case: refused too, and missing from the list and the count.
    assert client.get(f"/staff/safety/{world.alert_b}").status_code == 404
    assert client.post(f"/staff/safety/{world.alert_b}/decide",
                       data={"action": "no_action", "note": "x"}).status_code == 404
    assert B not in client.get("/staff/safety/").text
    # The advocacy pages name the case too.
    assert client.get(f"/advocacy/referrals/{B}").status_code == 404
    # Every refusal is in the audit log, naming the case.
    assert denials(session, world.officer) == [b.id] * 5


def test_on_the_lists_and_the_export_leave_out_another_teams_case(
        client: FlaskClient, session: Session, world: World) -> None:
    limit(session, world.council)
    sign_in_as(client, world.officer)
    triage = client.get("/staff/cases/triage").text
    assert A in triage
    assert NONE in triage
    assert B not in triage
    due = client.get("/staff/cases/due").text
    assert A in due
    assert NONE in due
    assert B not in due
    assert world.council.teams[1].name not in due
    assert exported(client) == {A, NONE}
    export_page = client.get("/staff/register/export").text
    assert 'id="team-limited"' in export_page
    entry = session.scalars(select(AuditLog).where(
        AuditLog.action == "register_exported")).one()
    assert entry.detail["team_limited"] is True
    assert entry.detail["rows"] == 2
    # A register import can change any case: it is the manager's while the view is limited.
    assert client.get("/staff/register/import").status_code == 403
    assert "/staff/register/import" not in client.get("/staff/register/").text
    assert denials(session, world.officer) == [None]


@pytest.mark.parametrize("role", [Role.COMPLAINTS_MANAGER, Role.CHILDRENS_RIGHTS_OFFICER])
def test_on_the_manager_and_the_childrens_rights_officer_still_see_every_case(
        client: FlaskClient, session: Session, world: World, role: Role) -> None:
    limit(session, world.council)
    user = world.manager if role is Role.COMPLAINTS_MANAGER else world.cro
    sign_in_as(client, user)
    for reference in (A, B, NONE):
        assert client.get(f"/staff/cases/{reference}").status_code == 200
    triage = client.get("/staff/cases/triage").text
    assert all(reference in triage for reference in (A, B, NONE))
    assert B in client.get("/staff/cases/due").text
    assert B in client.get("/staff/safety/").text
    assert client.get(f"/staff/safety/{world.alert_b}").status_code == 200
    if role is Role.COMPLAINTS_MANAGER:
        assert {A, B, NONE} <= exported(client)
    assert denials(session, user) == []


def test_on_a_case_with_no_team_is_triaged_by_any_officer_and_given_stays_theirs(
        client: FlaskClient, session: Session, world: World) -> None:
    """Triage sets the team: an officer of team A routes a no-team case to team B. The
    route gives them the case by name, so they keep it; another officer of team A, who
    was not given it, no longer sees it."""
    limit(session, world.council)
    other, _ = make_user(session, world.council, Role.COMPLAINTS_OFFICER)
    other.team_id = world.council.teams[0].id
    session.commit()
    sign_in_as(client, world.officer)
    team_b = world.council.teams[1]
    ok(act(client, NONE, "route", route="children_statutory", signpost="",
           team=str(team_b.id), categories=str(world.council.categories[0].id), reason=""))
    rep = world.cases[NONE]
    assert (rep.status, rep.team_id) == (CaseStatus.STAGE1, team_b.id)
    assert client.get(f"/staff/cases/{NONE}").status_code == 200
    assert NONE in client.get("/staff/cases/").text  # my cases
    assert NONE in client.get("/staff/cases/due").text
    sign_in_as(client, other)
    assert client.get(f"/staff/cases/{NONE}").status_code == 404
    assert NONE not in client.get("/staff/cases/due").text


def test_on_a_case_given_by_name_is_seen_whatever_its_team(
        client: FlaskClient, session: Session, world: World) -> None:
    limit(session, world.council)
    give(session, world.cases[B], world.officer)
    sign_in_as(client, world.officer)
    assert client.get(f"/staff/cases/{B}").status_code == 200
    assert B in client.get("/staff/cases/triage").text
    assert B in exported(client)


def test_on_an_officer_with_no_team_sees_only_cases_with_no_team(
        client: FlaskClient, session: Session, world: World) -> None:
    limit(session, world.council)
    loose, _ = make_user(session, world.council, Role.COMPLAINTS_OFFICER)
    sign_in_as(client, loose)
    triage = client.get("/staff/cases/triage").text
    assert NONE in triage
    assert A not in triage
    assert B not in triage
    assert client.get(f"/staff/cases/{A}").status_code == 404


def test_the_administrator_switches_it_on_and_chooses_officers_teams(
        client: FlaskClient, session: Session, world: World) -> None:
    from tests.support.pages import form_values

    admin, _ = make_user(session, world.council, Role.ADMINISTRATOR)
    sign_in_as(client, admin)
    page = client.get("/staff/admin/settings").text
    assert "Officers see only their own teams" in page
    values = form_values(client, "/staff/admin/settings")
    values["officers_see_own_teams"] = "y"
    assert client.post("/staff/admin/settings", data=values).status_code == 302
    assert CouncilSettings.from_mapping(world.council.settings).officers_see_own_teams
    changed = session.scalars(select(AuditLog).where(
        AuditLog.action == "council_settings_changed")).one()
    assert changed.detail == {"changed": ["officers_see_own_teams"]}

    # The officers' teams: the officer moves to team B, and then sees B, not A.
    page = client.get("/staff/admin/officer-teams").text
    assert 'id="limited-on"' in page
    assert "Olu Officer" in page
    team_b = world.council.teams[1]
    field = f"team_{world.officer.id}"
    assert client.post("/staff/admin/officer-teams",
                       data={field: str(team_b.id)}).status_code == 302
    assert world.officer.team_id == team_b.id
    entry = session.scalars(select(AuditLog).where(
        AuditLog.action == "officer_teams_changed")).one()
    assert entry.detail == {"changed": [{"user_id": world.officer.id, "team": team_b.name}]}
    # A team that is not the council's is refused with the form again.
    refused = client.post("/staff/admin/officer-teams", data={field: "999999"})
    assert refused.status_code == 400
    assert "govuk-error-summary" in refused.text
    sign_in_as(client, world.officer)
    assert client.get(f"/staff/cases/{B}").status_code == 200
    assert client.get(f"/staff/cases/{A}").status_code == 404

    # Switched off again: every case once more.
    sign_in_as(client, admin)
    values = form_values(client, "/staff/admin/settings")
    values.pop("officers_see_own_teams", None)
    assert client.post("/staff/admin/settings", data=values).status_code == 302
    sign_in_as(client, world.officer)
    assert client.get(f"/staff/cases/{A}").status_code == 200
