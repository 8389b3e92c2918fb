"""Providers and advocates' profiles: the administrator keeps the list, each coordinator
keeps their own advocates' languages, capacity and availability, and no one else's."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.advocacy import services
from portal.demo import load_demo_advocacy
from portal.models.advocacy import AdvocacyProvider, AdvocateProfile
from portal.models.councils import Council
from portal.models.staff import Role
from tests.support.advocacy import (
    make_account,
    make_advocate,
    make_provider,
)
from tests.support.pages import check_staff_page, parse
from tests.support.staff import sign_in_as


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("en", ["en"]),
        # commas, spaces and case do not matter; repeats are dropped, order kept
        ("cy, EN  pl,cy", ["cy", "en", "pl"]),
        # regional and script forms
        ("pt-br; zh-hant", ["pt-br", "zh-hant"]),
    ],
)
def test_parse_languages(text: str, codes: list[str]) -> None:
    assert services.parse_languages(text) == codes


@pytest.mark.parametrize("text", ["", " , ", "English", "e", "en, 12"])
def test_parse_languages_refuses_what_is_not_a_code(text: str) -> None:
    with pytest.raises(services.AdvocacyError):
        services.parse_languages(text)


def test_the_administrator_adds_a_provider_and_sets_an_advocates_profile(
        client: FlaskClient, session: Session, council: Council) -> None:
    admin = make_account(session, council, Role.ADMINISTRATOR)
    advocate = make_account(session, council, Role.ADVOCATE, "Newly Joined")
    sign_in_as(client, admin, fresh=True)
    check_staff_page(client.get("/advocacy/providers"))
    response = client.post("/advocacy/providers", data={
        "name": "National Youth Advocacy", "phone": "0808 808 1001", "active": "y"})
    assert response.status_code == 302
    provider = session.scalars(select(AdvocacyProvider).where(
        AdvocacyProvider.name == "National Youth Advocacy")).one()
    soup = check_staff_page(client.get(f"/advocacy/providers/{provider.id}"))
    assert "Newly Joined" in soup.select_one("#unprofiled").get_text()

    response = client.post(f"/advocacy/advocates/{advocate.id}", data={
        "provider": str(provider.id), "languages": "en, pl", "capacity": "4",
        "available": "y"})
    assert response.status_code == 302
    profile = session.scalars(select(AdvocateProfile).where(
        AdvocateProfile.user_id == advocate.id)).one()
    assert profile.languages == ["en", "pl"]
    assert profile.capacity == 4
    assert advocate.provider_id == provider.id


def test_a_bad_language_is_shown_as_an_error(client: FlaskClient, session: Session,
                                             council: Council) -> None:
    admin = make_account(session, council, Role.ADMINISTRATOR)
    provider = make_provider(session, council)
    advocate = make_advocate(session, council, provider)
    sign_in_as(client, admin, fresh=True)
    response = client.post(f"/advocacy/advocates/{advocate.id}", data={
        "provider": str(provider.id), "languages": "Polish", "capacity": "4"})
    assert response.status_code == 400
    assert "Polish is not a language code" in parse(response).select_one(
        ".govuk-error-summary").get_text()


def test_a_coordinator_manages_only_their_own_advocates(
        client: FlaskClient, session: Session, council: Council) -> None:
    mine = make_provider(session, council, "Ours")
    theirs = make_provider(session, council, "Theirs")
    coordinator = make_account(session, council, Role.ADVOCACY_COORDINATOR,
                            provider_id=mine.id)
    own = make_advocate(session, council, mine, "Own Advocate")
    other = make_advocate(session, council, theirs, "Other Advocate")
    sign_in_as(client, coordinator, fresh=True)
    assert client.get(f"/advocacy/providers/{mine.id}").status_code == 200
    # Refused with 403: these pages name no case (the refusal rule, access.deny).
    assert client.get(f"/advocacy/providers/{theirs.id}").status_code == 403
    assert client.get(f"/advocacy/advocates/{other.id}").status_code == 403
    assert client.post(f"/advocacy/advocates/{other.id}", data={
        "provider": str(mine.id), "languages": "en", "capacity": "1"}).status_code == 403
    # A coordinator cannot move their advocate to another provider: only theirs is offered.
    response = client.post(f"/advocacy/advocates/{own.id}", data={
        "provider": str(theirs.id), "languages": "en, cy", "capacity": "2"})
    assert response.status_code == 400
    response = client.post(f"/advocacy/advocates/{own.id}", data={
        "provider": str(mine.id), "languages": "en, cy", "capacity": "2"})
    assert response.status_code == 302
    profile = session.scalars(select(AdvocateProfile).where(
        AdvocateProfile.user_id == own.id)).one()
    assert (profile.languages, profile.capacity, profile.available) == (["en", "cy"], 2, False)
    # Coordinators do not keep the provider list, nor change the provider's details.
    assert client.get("/advocacy/providers").status_code == 403
    client.post(f"/advocacy/providers/{mine.id}", data={"name": "Renamed", "active": "y"})
    assert session.get(AdvocacyProvider, mine.id).name == "Ours"


def test_demo_advocacy_ties_the_demo_accounts(session: Session, council: Council) -> None:
    coordinator = make_account(session, council, Role.ADVOCACY_COORDINATOR)
    coordinator.email = "coordinator@advocacy.example"
    advocate = make_account(session, council, Role.ADVOCATE)
    advocate.email = "advocate@advocacy.example"
    session.flush()
    provider = load_demo_advocacy(session, council)
    assert load_demo_advocacy(session, council).id == provider.id
    assert coordinator.provider_id == provider.id
    profile = session.scalars(select(AdvocateProfile).where(
        AdvocateProfile.user_id == advocate.id)).one()
    assert profile.languages == ["en", "cy"]
