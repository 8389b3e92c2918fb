"""An account of another council (several councils in one database) counts for nothing here."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from portal.common.dates import Nation
from portal.models.councils import Council
from portal.models.staff import Role
from tests.factories import PASSWORD, make_case, make_user
from tests.support.staff import sign_in_as


def elsewhere(session: Session, council: Council) -> Council:
    other = Council(slug="elsewhere", name="Elsewhere Council", nation=Nation.ENGLAND,
                    settings=dict(council.settings))
    session.add(other)
    session.commit()
    return other


def test_a_session_of_another_councils_manager_opens_no_case(
        client: FlaskClient, session: Session, council: Council) -> None:
    rep = make_case(session, council, "CMP-ELSE-000001")
    stranger, _ = make_user(session, elsewhere(session, council), Role.COMPLAINTS_MANAGER)
    sign_in_as(client, stranger)
    answer = client.get(f"/staff/cases/{rep.reference}")
    assert answer.status_code == 302
    assert "/staff/sign-in" in answer.headers["Location"]
    assert rep.reference not in client.get("/staff/cases/triage",
                                           follow_redirects=True).get_data(as_text=True)


def test_another_councils_password_does_not_sign_in(
        client: FlaskClient, session: Session, council: Council) -> None:
    stranger, _ = make_user(session, elsewhere(session, council), Role.COMPLAINTS_MANAGER)
    answer = client.post("/staff/sign-in", data={"email": stranger.email, "password": PASSWORD})
    assert answer.status_code == 200  # the form again, with the same words as a wrong password
    assert "/staff/sign-in/code" not in answer.headers.get("Location", "")


def test_this_councils_manager_still_opens_the_case(
        client: FlaskClient, session: Session, council: Council) -> None:
    rep = make_case(session, council, "CMP-ELSE-000002")
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    sign_in_as(client, manager)
    assert client.get(f"/staff/cases/{rep.reference}").status_code == 200
