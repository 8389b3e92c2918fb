"""An administrator edits the council's settings, teams and categories; nobody else can."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.councils import Council, Team
from portal.models.staff import AuditLog, Role
from portal.settings.council import CouncilSettings
from tests.support.pages import form_values
from tests.support.staff import signed_in


def test_administrator_changes_the_duty_line_and_it_is_shown_to_children(
        client: FlaskClient, session: Session, council: Council) -> None:
    signed_in(client, session, council, Role.ADMINISTRATOR)
    values = form_values(client, "/staff/admin/settings")
    values["duty_line"] = "0300 999 0000"
    response = client.post("/staff/admin/settings", data=values)
    assert response.status_code == 302
    assert CouncilSettings.from_mapping(council.settings).contacts.duty_line == "0300 999 0000"
    assert "0300 999 0000" in client.get("/").get_data(as_text=True)
    entry = session.scalars(select(AuditLog).where(
        AuditLog.action == "council_settings_changed")).one()
    assert entry.detail == {"changed": ["contacts"]}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("duty_line", "", "Enter the duty line"),  # a child in danger must see a number
    ("duty_line", "call us", "Enter a phone number"),
    ("reference_prefix", "TOO-LONG-PREFIX", "Use up to 8 letters or digits"),
    ("advocacy_target_working_days", "-1", "Enter a number from 0 to 20"),
    ("exit_url", "javascript:alert(1)", "Enter a full web address"),
])
def test_bad_settings_are_refused_and_what_was_typed_is_kept(
        client: FlaskClient, session: Session, council: Council, field: str, value: str,
        message: str) -> None:
    signed_in(client, session, council, Role.ADMINISTRATOR)
    before = dict(council.settings)
    values = form_values(client, "/staff/admin/settings")
    values[field] = value
    response = client.post("/staff/admin/settings", data=values)
    assert response.status_code == 200
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert message in page.select_one(".govuk-error-summary").get_text()
    assert page.title.get_text().startswith("Error:")
    assert page.select_one(f"[name={field}]").get("value", "") == value
    assert council.settings == before


def test_teams_and_categories_can_be_added_and_retired(
        client: FlaskClient, session: Session, council: Council) -> None:
    signed_in(client, session, council, Role.ADMINISTRATOR)
    response = client.post("/staff/admin/teams", data={"name": "Short Breaks",
                                                       "social_care": "y"})
    assert response.status_code == 302
    team = session.scalars(select(Team).where(Team.name == "Short Breaks")).one()
    assert team.social_care is True
    duplicate = client.post("/staff/admin/teams", data={"name": "short breaks"})
    assert "There is already a team with that name" in duplicate.get_data(as_text=True)
    client.post(f"/staff/admin/teams/{team.id}/toggle")
    assert team.active is False
    assert client.post("/staff/admin/categories", data={"name": "Transport"}).status_code == 302
    assert "Transport" in client.get("/staff/admin/categories").get_data(as_text=True)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_only_an_administrator_may_change_settings(
        client: FlaskClient, session: Session, council: Council, role: Role) -> None:
    signed_in(client, session, council, role)
    assert client.get("/staff/admin/settings").status_code == 403
    assert client.post("/staff/admin/teams", data={"name": "X"}).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/staff/admin/settings")
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]
