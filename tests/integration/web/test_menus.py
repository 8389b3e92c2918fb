"""Every link a back-office menu offers opens for the person it is offered to, and each
page's own guard decides the menu (portal.staff.access.may_open), so the two cannot drift
apart."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from portal.models.councils import Council
from portal.models.staff import Role
from tests.factories import make_user
from tests.support.staff import sign_in_as


def _menu(client: FlaskClient, page: str, label: str) -> list[str]:
    response = client.get(page)
    assert response.status_code == 200, page
    nav = BeautifulSoup(response.text, "html.parser").find("nav", attrs={"aria-label": label})
    return [a["href"] for a in nav.find_all("a")] if nav else []


@pytest.mark.parametrize("role", list(Role))
def test_every_menu_link_opens(client: FlaskClient, session: Session, council: Council,
                               role: Role) -> None:
    user, _ = make_user(session, council, role)
    sign_in_as(client, user)
    links = _menu(client, "/staff/email-language", "Back office")
    if role in (Role.ADVOCATE, Role.ADVOCACY_COORDINATOR, Role.ADMINISTRATOR):
        # The advocacy area's front door sends each person to their own list; an
        # administrator keeps the list of providers there.
        home = ("/advocacy/providers" if role is Role.ADMINISTRATOR
                else client.get("/advocacy/").headers["Location"])
        links += _menu(client, home, "Advocacy")
    assert links, role
    for href in links:
        assert client.get(href).status_code == 200, (role, href)


def test_the_menu_follows_each_pages_guard(client: FlaskClient, session: Session,
                                           council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    sign_in_as(client, manager)
    assert "/staff/audit" in _menu(client, "/staff/email-language", "Back office")
    sign_in_as(client, officer)
    links = _menu(client, "/staff/email-language", "Back office")
    assert "/staff/audit" not in links
    assert "/staff/cases/new" in links
