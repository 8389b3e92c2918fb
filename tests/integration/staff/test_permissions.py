"""Every page needs a named permission or is public on purpose (issue 14, part 5), and
the guard refuses by the one refusal rule (``portal.staff.access.deny``).

The routes come from ``app.url_map``, so a view added without ``@requires(...)`` and
left off ``PUBLIC_ENDPOINTS`` fails here the day it lands.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.councils import Council
from portal.models.staff import AuditLog, Role, User
from portal.staff.access import PUBLIC_ENDPOINTS, permission_of
from portal.staff.permissions import NotPermitted, Permission
from tests.factories import give, make_case, make_user
from tests.support.staff import sign_in_as


def _guards(app: Flask) -> dict[str, Permission | None]:
    return {rule.endpoint: permission_of(app.view_functions[rule.endpoint])
            for rule in app.url_map.iter_rules()}


def test_every_route_requires_a_permission_or_is_public(app: Flask) -> None:
    unguarded = sorted(endpoint for endpoint, permission in _guards(app).items()
                       if permission is None and endpoint not in PUBLIC_ENDPOINTS)
    assert unguarded == [], (
        "routes with no guard: put @requires(Permission.X) on each view "
        f"(portal/staff/access.py), or add it to PUBLIC_ENDPOINTS on purpose: {unguarded}")


def test_no_public_route_requires_a_permission(app: Flask) -> None:
    # A public page behind a guard would be a mistake one way or the other.
    both = sorted(endpoint for endpoint, permission in _guards(app).items()
                  if permission is not None and endpoint in PUBLIC_ENDPOINTS)
    assert both == []


def test_every_permission_guards_a_page(app: Flask) -> None:
    used = set(_guards(app).values())
    assert sorted(set(Permission) - used) == []


# --- the refusal rule, at the guard -------------------------------------------------------


def _denials(session: Session, user: User) -> list[AuditLog]:
    return list(session.scalars(select(AuditLog).where(
        AuditLog.user_id == user.id, AuditLog.allowed.is_(False)).order_by(AuditLog.id)))


def test_not_signed_in_goes_to_sign_in(client: FlaskClient, session: Session,
                                       council: Council) -> None:
    rep = make_case(session, council, "CMP-P-000001")
    for url in ("/staff/cases/", f"/staff/cases/{rep.reference}", "/staff/audit"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/staff/sign-in" in response.location


def test_a_case_the_person_may_not_see_is_not_found_and_recorded(
        client: FlaskClient, session: Session, council: Council) -> None:
    """The administrator holds no permission on cases: a page about a case answers as for
    a case that does not exist, so its existence does not leak; both are recorded."""
    rep = make_case(session, council, "CMP-P-000002")
    admin, _ = make_user(session, council, Role.ADMINISTRATOR)
    sign_in_as(client, admin)
    assert client.get(f"/staff/cases/{rep.reference}").status_code == 404
    assert client.get("/staff/cases/CMP-P-999999").status_code == 404
    assert client.get(f"/staff/cases/{rep.reference}/timeline").status_code == 404
    assert [d.representation_id for d in _denials(session, admin)] == [rep.id, None, rep.id]


def test_a_page_the_role_may_not_use_on_a_case_it_sees_is_forbidden(
        client: FlaskClient, session: Session, council: Council) -> None:
    """A responding manager sees the case given to them, so refusing its timeline tells
    them nothing new: 403, recorded against the case. Another case is not found."""
    mine = make_case(session, council, "CMP-P-000003")
    other = make_case(session, council, "CMP-P-000004")
    responder, _ = make_user(session, council, Role.RESPONDING_MANAGER)
    give(session, mine, responder)
    sign_in_as(client, responder)
    assert client.get(f"/staff/cases/{mine.reference}/timeline").status_code == 403
    assert client.get(f"/staff/cases/{other.reference}").status_code == 404
    assert client.get(f"/staff/cases/{other.reference}/timeline").status_code == 404
    assert [d.representation_id for d in _denials(session, responder)] == [
        mine.id, other.id, other.id]


def test_a_page_about_no_case_is_forbidden(client: FlaskClient, session: Session,
                                           council: Council) -> None:
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    sign_in_as(client, officer)
    assert client.get("/staff/audit").status_code == 403
    assert client.get("/staff/accounts").status_code == 403
    assert [d.representation_id for d in _denials(session, officer)] == [None, None]


# --- a service's refusal ------------------------------------------------------------------


def test_a_services_refusal_is_answered_by_the_same_rule(
        app: Flask, session: Session, council: Council) -> None:
    """NotPermitted from a service (past a page's guard) is recorded with its reason, and
    answered 404 when it is about a case the person may not see, else 403."""
    from flask import g

    rep = make_case(session, council, "CMP-P-000005")
    advocate, _ = make_user(session, council, Role.ADVOCATE)
    for error, status, case_id in (
            (NotPermitted("advocate not assigned to this child", representation_id=rep.id),
             404, rep.id),
            (NotPermitted("only an advocate files for a child"), 403, None)):
        with app.test_request_context("/advocate/"):
            app.preprocess_request()
            g.staff_user = advocate
            response = app.make_response(app.handle_user_exception(error))
        assert response.status_code == status
        denied = _denials(session, advocate)[-1]
        assert (denied.representation_id, denied.detail) == (case_id, {"reason": error.reason})
