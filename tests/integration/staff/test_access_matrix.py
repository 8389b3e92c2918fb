"""Every route of the application against a role matrix (issue 5).

The list of routes comes from ``app.url_map``, so a new route is checked the
day it lands: it must be on ``portal.staff.access.PUBLIC_ENDPOINTS`` (public,
on purpose) or have a row in ``MATRIX`` below, or this suite fails.

Each private route is requested by an anonymous visitor (refused: sign-in
redirect, 401, 403 or 404) and by every role, signed in, for a record of
their own (a case given to them) and for someone else's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.staff import AuditLog, CaseAssignment, Role, User
from portal.staff.access import PUBLIC_ENDPOINTS
from portal.staff.permissions import (
    ALL_CASES_ROLES,
    BACK_OFFICE_ROLES,
    CASE_MANAGERS,
    HANDLING_ROLES,
    TIMELINE_ROLES,
)
from tests.factories import UserFactory, make_case
from tests.support.staff import sign_in_as, sign_out

EVERYONE = frozenset(Role)
NOBODY: frozenset[Role] = frozenset()
ADVOCACY_COUNCIL = frozenset({Role.CHILDRENS_RIGHTS_OFFICER, Role.COMPLAINTS_MANAGER,
                              Role.COMPLAINTS_OFFICER})
ADVOCACY_REFERRALS = ADVOCACY_COUNCIL | {Role.ADVOCACY_COORDINATOR}


@dataclass(frozen=True)
class Access:
    """Who may use a route: on a record given to them (``own``), and on anyone's
    (``other``). Routes without a record have own == other."""

    own: frozenset[Role]
    other: frozenset[Role]
    # The route's records belong to another area (advocacy, councils): the test
    # cannot make one, so an allowed role may get 404 for the made-up one.
    foreign: bool = False


def same(roles: frozenset[Role], *, foreign: bool = False) -> Access:
    return Access(roles, roles, foreign)


#: Every private route. Keep in step with the decorators; a route missing here fails.
MATRIX: dict[str, Access] = {
    # Back office (portal/staff, portal/cases).
    "staff.home": same(EVERYONE),
    "staff.sign_out": same(EVERYONE),
    "staff.keep_alive": same(EVERYONE),
    "staff.accounts": same(frozenset({Role.ADMINISTRATOR})),
    "staff.new_account": same(frozenset({Role.ADMINISTRATOR})),
    "staff.deactivate_account": same(frozenset({Role.ADMINISTRATOR}), foreign=True),
    "staff.reset_two_factor": same(frozenset({Role.ADMINISTRATOR}), foreign=True),
    "staff.email_language": same(EVERYONE),
    "cases.my_cases": same(BACK_OFFICE_ROLES),
    # Finding a case: everyone in the back office, each over the cases they may see.
    "cases.search": same(BACK_OFFICE_ROLES),
    "cases.triage": same(ALL_CASES_ROLES),
    "cases.due": same(ALL_CASES_ROLES),
    "cases.log_offline": same(CASE_MANAGERS),
    # An assigned role sees the cases given to it, and no other.
    "cases.case": Access(BACK_OFFICE_ROLES, ALL_CASES_ROLES),
    "cases.act": Access(CASE_MANAGERS | {Role.CHILDRENS_RIGHTS_OFFICER, Role.RESPONDING_MANAGER},
                        CASE_MANAGERS | {Role.CHILDRENS_RIGHTS_OFFICER}),
    "cases.timeline": same(TIMELINE_ROLES),
    # A letter sent on a case, as a page and a PDF: whoever may see the case (the test's
    # cases have no letters, so an allowed role gets 404 for the made-up one).
    "cases.letter": Access(BACK_OFFICE_ROLES, ALL_CASES_ROLES, foreign=True),
    "cases.letter_pdf": Access(BACK_OFFICE_ROLES, ALL_CASES_ROLES, foreign=True),
    # A file added to a case (portal/files): whoever may see the case (the test's cases have
    # no files, so an allowed role gets 404 for the made-up one; tests/integration/files
    # opens real ones).
    "cases.file": Access(BACK_OFFICE_ROLES, ALL_CASES_ROLES, foreign=True),
    # Documents on the case (issue 19, part 7): whoever works on the case adds one (an
    # empty form comes back with its errors, 400); only those who answer the complainant
    # send one; a voice note is written down by whoever may add documents (the test's
    # cases have no files, so an allowed role gets 404 for the made-up one).
    "cases.add_document": Access(BACK_OFFICE_ROLES, ALL_CASES_ROLES),
    "cases.send_document": Access(HANDLING_ROLES, HANDLING_ROLES & ALL_CASES_ROLES,
                                  foreign=True),
    "cases.write_down_voice_note": Access(BACK_OFFICE_ROLES, ALL_CASES_ROLES, foreign=True),
    # Council administration (portal/councils).
    "councils.settings": same(frozenset({Role.ADMINISTRATOR})),
    "councils.teams": same(frozenset({Role.ADMINISTRATOR})),
    "councils.categories": same(frozenset({Role.ADMINISTRATOR})),
    "councils.toggle_team": same(frozenset({Role.ADMINISTRATOR}), foreign=True),
    "councils.toggle_category": same(frozenset({Role.ADMINISTRATOR}), foreign=True),
    "councils.officer_teams": same(frozenset({Role.ADMINISTRATOR})),
    # The register and its reports (portal/web/register/backoffice.py).
    "register_office.index": same(ALL_CASES_ROLES),
    "register_office.annual_report": same(ALL_CASES_ROLES),
    "register_office.timeliness": same(ALL_CASES_ROLES),
    "register_office.import_file": same(CASE_MANAGERS),
    "register_office.export": same(CASE_MANAGERS),
    "register_office.save_words": same(CASE_MANAGERS),
    # The retention schedule (portal/retention): the schedule and its log for the complaints
    # manager and the administrator (references and dates only); holds for the manager.
    "retention.index": same(frozenset({Role.COMPLAINTS_MANAGER, Role.ADMINISTRATOR})),
    "retention.settings": same(frozenset({Role.ADMINISTRATOR})),
    "retention.place_hold": same(frozenset({Role.COMPLAINTS_MANAGER})),
    "retention.release_hold": same(frozenset({Role.COMPLAINTS_MANAGER}), foreign=True),
    # Safety alerts (portal/safety): whoever works on every case reads and decides them.
    "safety.alerts": same(ALL_CASES_ROLES),
    "safety.alert": same(ALL_CASES_ROLES, foreign=True),
    "safety.decide": same(ALL_CASES_ROLES, foreign=True),
    # The audit log's search and export (portal/audit): whoever reads case timelines.
    "audit.search": same(TIMELINE_ROLES),
    "audit.export": same(TIMELINE_ROLES),
    # How staff are told what needs them (portal/notifications): whoever works on cases.
    "notifications.preferences": same(BACK_OFFICE_ROLES),
    # The read-only API answers bearer tokens of other council systems, never a session.
    "register_api.changes": same(NOBODY),
    "register_api.entry": same(NOBODY),
    # Advocacy (portal/advocacy).
    "advocacy.home": same(ADVOCACY_REFERRALS | {Role.ADVOCATE}),
    "advocacy.referrals": same(ADVOCACY_REFERRALS),
    "advocacy.referral": same(ADVOCACY_REFERRALS, foreign=True),
    "advocacy.record_offer": same(ADVOCACY_COUNCIL, foreign=True),
    "advocacy.record_answer": same(ADVOCACY_COUNCIL, foreign=True),
    "advocacy.refer": same(ADVOCACY_COUNCIL, foreign=True),
    "advocacy.assign": same(ADVOCACY_REFERRALS, foreign=True),
    "advocacy.record_objection": same(ADVOCACY_REFERRALS, foreign=True),
    "advocacy.close": same(ADVOCACY_REFERRALS, foreign=True),
    "advocacy.record_chain_member": same(ADVOCACY_COUNCIL, foreign=True),
    "advocacy.figures": same(frozenset({Role.COMPLAINTS_MANAGER,
                                        Role.CHILDRENS_RIGHTS_OFFICER})),
    "advocacy.my_children": same(frozenset({Role.ADVOCATE})),
    "advocacy.export_children": same(frozenset({Role.ADVOCATE})),
    "advocacy.child": same(frozenset({Role.ADVOCATE}), foreign=True),
    # A document sent to the child's advocate: only the advocate working with the child.
    "advocacy.child_document": same(frozenset({Role.ADVOCATE}), foreign=True),
    "advocacy.send_message": same(frozenset({Role.ADVOCATE}), foreign=True),
    "advocacy.first_contact": same(frozenset({Role.ADVOCATE}), foreign=True),
    "advocacy.next_stage": same(frozenset({Role.ADVOCATE}), foreign=True),
    "advocacy.new_tracking_code": same(frozenset({Role.ADVOCATE}), foreign=True),
    "advocacy.file_for_child": same(frozenset({Role.ADVOCATE})),
    "advocacy.providers": same(frozenset({Role.ADMINISTRATOR})),
    "advocacy.provider": same(frozenset({Role.ADMINISTRATOR, Role.ADVOCACY_COORDINATOR}),
                              foreign=True),
    "advocacy.advocate_profile": same(frozenset({Role.ADMINISTRATOR,
                                                 Role.ADVOCACY_COORDINATOR}), foreign=True),
}

#: Public routes of the intake journey and tracking (portal/complaints) live on
#: PUBLIC_ENDPOINTS too; this test only reads that list.

def _endpoints(app: Flask) -> list[str]:
    return sorted({r.endpoint for r in app.url_map.iter_rules()})


def _rule(app: Flask, endpoint: str) -> Rule:
    return next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)


def test_every_route_is_public_or_in_the_matrix(app: Flask) -> None:
    missing = [e for e in _endpoints(app) if e not in PUBLIC_ENDPOINTS and e not in MATRIX]
    assert missing == [], (
        "routes with no access rule: add each to portal/staff/access.py PUBLIC_ENDPOINTS "
        f"(public on purpose) or to MATRIX in this file: {missing}")


def test_no_stale_entries(app: Flask) -> None:
    known = set(_endpoints(app))
    assert sorted(set(PUBLIC_ENDPOINTS) - known) == []
    assert sorted(set(MATRIX) - known) == []
    assert sorted(set(PUBLIC_ENDPOINTS) & set(MATRIX)) == []


@dataclass
class World:
    users: dict[Role, User]
    own: dict[Role, str]  # a case given to each role (for roles that can be given one)
    other: str  # a case given to nobody


@pytest.fixture
def world(session: Session, council: Council) -> World:
    users = {}
    for role in Role:
        users[role] = UserFactory(council=council, role=role,
                                  email=f"matrix-{role.value}@example.test",
                                  name=f"Matrix {role.value}", totp_secret="JBSWY3DPEHPK3PXP")
    own = {}
    for n, role in enumerate(Role, start=1):
        rep = make_case(session, council, f"CMP-M-{n:06d}")
        session.add(CaseAssignment(representation_id=rep.id, user_id=users[role].id, role=role))
        own[role] = rep.reference
    other = make_case(session, council, "CMP-M-999999").reference
    session.commit()
    return World(users, own, other)


def _url(app: Flask, rule: Rule, reference: str) -> str:
    values: dict[str, Any] = {}
    for arg in rule.arguments:
        values[arg] = {"reference": reference, "code": "en", "token": "not-a-real-token",
                       "slug": "start", "filename": "none.css", "action": "message",
                       # No such account: changing a real one would end a session mid-test.
                       "user_id": 10**9}.get(arg, 1)
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values, _external=False)


def _request(client: FlaskClient, app: Flask, endpoint: str, reference: str) -> TestResponse:
    rule = _rule(app, endpoint)
    url = _url(app, rule, reference)
    if "GET" in (rule.methods or set()):
        return client.get(url)
    data = {"message-body": "Checking who may write."} if endpoint == "cases.act" else {}
    return client.post(url, data=data)


def _sent_to_sign_in(response: TestResponse) -> bool:
    return response.status_code == 302 and "/staff/sign-in" in (response.location or "")


def _refused(response: TestResponse) -> bool:
    # 401: the register API, which wants a system's token whoever is signed in.
    return response.status_code in (401, 403, 404)


def _let_in(response: TestResponse, *, foreign: bool) -> bool:
    if response.status_code >= 500 or response.status_code in (401, 403):
        return False
    if _sent_to_sign_in(response):
        return False
    return foreign or response.status_code != 404


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_role_matrix(app: Flask, client: FlaskClient, world: World, endpoint: str) -> None:
    access = MATRIX[endpoint]
    if endpoint not in app.view_functions:
        pytest.fail(f"{endpoint} is in MATRIX but not a route")
    problems = []

    sign_out(client)
    anonymous = _request(client, app, endpoint, world.other)
    if not (_sent_to_sign_in(anonymous) or anonymous.status_code in (401, 403, 404)):
        problems.append(f"anonymous got {anonymous.status_code}")

    for role, user in world.users.items():
        for whose, reference, allowed in (("own", world.own[role], access.own),
                                          ("other", world.other, access.other)):
            sign_in_as(client, user, fresh=True)
            response = _request(client, app, endpoint, reference)
            if role in allowed and not _let_in(response, foreign=access.foreign):
                problems.append(f"{role.value} ({whose}) refused: {response.status_code}")
            if role not in allowed and not _refused(response):
                problems.append(f"{role.value} ({whose}) let in: {response.status_code}")
    assert problems == []


@pytest.mark.parametrize("endpoint", sorted(PUBLIC_ENDPOINTS - {"static", "public.exit_page"}))
def test_public_routes_open_to_anyone(app: Flask, client: FlaskClient, world: World,
                                      endpoint: str) -> None:
    if endpoint not in app.view_functions:
        pytest.fail(f"{endpoint} is on PUBLIC_ENDPOINTS but not a route")
    response = _request(client, app, endpoint, world.other)
    assert response.status_code not in (401, 403)
    assert response.status_code < 500


@pytest.mark.parametrize("endpoint", ["complaints.new_advocate", "complaints.new_advocate_why",
                                      "complaints.new_advocate_done"])
def test_turning_down_an_advocate_needs_the_reference_and_code(
        app: Flask, client: FlaskClient, world: World, endpoint: str) -> None:
    # Public, yet guarded like the rest of tracking: without a looked-up case, back to the
    # lookup, whoever is signed in.
    for user in (None, world.users[Role.ADVOCACY_COORDINATOR]):
        sign_out(client)
        if user is not None:
            sign_in_as(client, user)
        url = _url(app, _rule(app, endpoint), world.other)
        for response in (client.get(url), client.post(url, data={"wants_new": "yes"})):
            if response.status_code == 405:
                continue
            assert response.status_code == 302
            assert response.location.endswith("/track")


def test_an_assigned_role_never_sees_another_case(app: Flask, client: FlaskClient,
                                                  world: World, session: Session) -> None:
    responder = world.users[Role.RESPONDING_MANAGER]
    sign_in_as(client, responder, fresh=True)
    mine = client.get("/staff/cases/").text
    assert world.own[Role.RESPONDING_MANAGER] in mine
    assert world.other not in mine
    assert world.own[Role.INVESTIGATING_OFFICER] not in mine
    # Not found, as for a case that does not exist (the refusal rule, access.deny).
    assert client.get(f"/staff/cases/{world.other}").status_code == 404
    # The refusal is in the audit log, against the case.
    other = session.scalars(select(Representation).where(
        Representation.reference == world.other)).one()
    denied = session.scalars(select(AuditLog).where(
        AuditLog.representation_id == other.id, AuditLog.allowed.is_(False),
        AuditLog.user_id == responder.id)).all()
    assert len(denied) == 1


def test_every_case_view_is_recorded(app: Flask, client: FlaskClient, world: World,
                                     session: Session) -> None:
    manager = world.users[Role.COMPLAINTS_MANAGER]
    sign_in_as(client, manager, fresh=True)
    client.get(f"/staff/cases/{world.other}")
    client.get(f"/staff/cases/{world.other}")
    other = session.scalars(select(Representation).where(
        Representation.reference == world.other)).one()
    views = session.scalars(select(AuditLog).where(
        AuditLog.representation_id == other.id, AuditLog.action == "view",
        AuditLog.user_id == manager.id)).all()
    assert len(views) == 2
