"""Emails to advocates, coordinators and staff are in the recipient's language.

An account may choose its language. Without a choice, a Welsh council writes in
Welsh and English, Welsh first (Welsh Language Standards); another council in
the language the person asked in, or English.
"""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.advocacy import services
from portal.common.dates import Nation
from portal.db.types import utcnow
from portal.mail.compose import DIVIDER, compose
from portal.models.councils import Council
from portal.models.staff import Role, User
from portal.staff.auth import invite, start_password_reset
from portal.staff.language import email_languages
from tests.support.advocacy import (
    make_account,
    make_advocate,
    make_provider,
    make_representation,
    offered,
)
from tests.support.rows import mails
from tests.support.staff import sign_in_as

ASSIGNED_CY = "Mae plentyn wedi'i neilltuo i chi"
ASSIGNED_EN = "A child has been assigned to you"


@pytest.mark.parametrize(("nation", "own", "asked", "expected"), [
    (Nation.WALES, "en", None, ("en",)),  # their own choice, even in Wales
    (Nation.WALES, "cy", "en", ("cy",)),
    (Nation.WALES, None, "en", ("cy", "en")),  # no choice: bilingual, Welsh first
    (Nation.ENGLAND, "cy", None, ("cy",)),
    (Nation.ENGLAND, None, "cy", ("cy",)),  # the language they asked in
    (Nation.ENGLAND, None, None, ("en",)),
    (Nation.ENGLAND, "xx", None, ("en",)),  # a code the portal does not speak
])
def test_email_languages(nation: Nation, own: str | None, asked: str | None,
                         expected: tuple[str, ...]) -> None:
    user = User(language=own)
    council = Council(nation=nation)
    assert email_languages(user, council, asked=asked) == expected


def test_a_bilingual_email_puts_welsh_first(app: Flask) -> None:
    from flask_babel import gettext

    with app.test_request_context():
        mail = compose(("cy", "en"), lambda: (gettext("Reset your password"),
                                              gettext("Reset your password")))
    assert mail.subject == "Ailosod eich cyfrinair / Reset your password"
    assert mail.body == f"Ailosod eich cyfrinair{DIVIDER}Reset your password\n"
    assert mail.locale == "cy, en"


def _assign(session: Session, council: Council, language: str | None) -> tuple[User, User]:
    coordinator = make_account(session, council, Role.ADVOCACY_COORDINATOR)
    provider = make_provider(session, council)
    advocate = make_advocate(session, council, provider)
    advocate.language = language
    rep = make_representation(session, council)
    case = offered(session, rep)
    services.assign(session, case, advocate.id, on=date(2026, 3, 3), actor=coordinator)
    return advocate, coordinator


@pytest.mark.parametrize(("nation", "language", "first", "second"), [
    (Nation.WALES, None, ASSIGNED_CY, ASSIGNED_EN),
    (Nation.WALES, "en", ASSIGNED_EN, None),
    (Nation.ENGLAND, None, ASSIGNED_EN, None),
    (Nation.ENGLAND, "cy", ASSIGNED_CY, None),
])
def test_the_advocate_is_told_in_their_language(
        app: Flask, session: Session, council: Council, nation: Nation, language: str | None,
        first: str, second: str | None) -> None:
    council.nation = nation
    advocate, _ = _assign(session, council, language)
    (mail,) = mails(session, advocate.email, "advocacy_assigned")
    assert mail.subject.startswith(first)
    assert mail.body.startswith(first)
    if second is None:
        assert DIVIDER not in mail.body
    else:
        welsh, english = mail.body.split(DIVIDER)
        assert english.startswith(second)
        assert mail.locale == "cy, en"


def test_the_coordinator_is_asked_for_a_new_advocate_in_their_language(
        app: Flask, session: Session, council: Council) -> None:
    council.nation = Nation.WALES
    provider = make_provider(session, council)
    welsh = make_account(session, council, Role.ADVOCACY_COORDINATOR, provider_id=provider.id,
                      language="cy")
    english = make_account(session, council, Role.ADVOCACY_COORDINATOR, provider_id=provider.id,
                        language="en")
    advocate = make_advocate(session, council, provider)
    rep = make_representation(session, council)
    case = offered(session, rep)
    services.refer(session, case, provider, on=date(2026, 3, 3), actor=welsh)
    services.assign(session, case, advocate.id, on=date(2026, 3, 3), actor=welsh)
    services.record_objection(session, case, on=date(2026, 3, 4), actor=welsh)
    (to_welsh,) = mails(session, welsh.email, "advocacy_new_advocate_needed")
    (to_english,) = mails(session, english.email, "advocacy_new_advocate_needed")
    assert to_welsh.subject == f"Mae angen eiriolwr newydd ar blentyn: {rep.reference}"
    assert to_english.subject == f"A child needs a new advocate: {rep.reference}"
    for mail in (to_welsh, to_english):
        assert "Jamie" not in mail.body  # the child's name stays behind the sign-in


def test_password_reset_in_the_accounts_language(app: Flask, session: Session,
                                                 council: Council) -> None:
    user = make_account(session, council, Role.COMPLAINTS_OFFICER, language="cy")
    with app.test_request_context("/?lang=en"):
        start_password_reset(session, user.email, now=utcnow(), link_for=lambda t: f"/r/{t}")
    (mail,) = mails(session, user.email, "password_reset")
    assert mail.subject == "Ailosod eich cyfrinair"
    assert mail.locale == "cy"


def test_password_reset_in_wales_without_a_choice_is_bilingual(
        app: Flask, session: Session, council: Council) -> None:
    council.nation = Nation.WALES
    user = make_account(session, council, Role.COMPLAINTS_OFFICER)
    with app.test_request_context():
        start_password_reset(session, user.email, now=utcnow(), link_for=lambda t: f"/r/{t}")
    (mail,) = mails(session, user.email, "password_reset")
    assert mail.subject == "Ailosod eich cyfrinair / Reset your password"
    # The link is in both halves: whichever a person reads, it works.
    assert mail.body.count("/r/") == 2


def test_an_invitation_is_in_the_new_accounts_language_not_the_administrators(
        app: Flask, session: Session, council: Council) -> None:
    user = make_account(session, council, Role.ADVOCATE, language="en")
    with app.test_request_context("/?lang=cy"):
        invite(session, user, now=utcnow(), link_for=lambda t: f"/r/{t}")
    (mail,) = mails(session, user.email, "account_invitation")
    assert mail.subject == "Your account for the complaints back office"


def test_the_administrator_chooses_a_new_accounts_language(
        client: FlaskClient, session: Session, council: Council) -> None:
    admin = make_account(session, council, Role.ADMINISTRATOR)
    sign_in_as(client, admin)
    page = BeautifulSoup(client.get("/staff/accounts/new").text, "html.parser")
    welsh = page.select_one("input[name='language'][value='cy']")
    assert welsh is not None
    # "Cymraeg" is marked as Welsh for a screen reader.
    assert page.select_one(f"label[for='{welsh['id']}']")["lang"] == "cy"
    response = client.post("/staff/accounts/new", data={
        "name": "Gwen Jones", "email": "gwen@example.org", "role": "advocate",
        "language": "cy"})
    assert response.status_code == 302
    gwen = session.scalars(select(User).where(User.email == "gwen@example.org")).one()
    assert gwen.language == "cy"
    (mail,) = mails(session, gwen.email, "account_invitation")
    assert mail.subject == "Eich cyfrif ar gyfer swyddfa gefn y cwynion"


def test_anyone_signed_in_sets_their_email_language(
        client: FlaskClient, session: Session, council: Council) -> None:
    advocate = make_account(session, council, Role.ADVOCATE)
    sign_in_as(client, advocate)
    page = BeautifulSoup(client.get("/staff/email-language").text, "html.parser")
    assert page.find("h1").get_text(strip=True) == "Which language should we email you in?"
    assert page.select_one("input[name='language'][value='none']").has_attr("checked")
    assert client.post("/staff/email-language", data={"language": "cy"}).status_code == 302
    assert advocate.language == "cy"
    assert client.post("/staff/email-language", data={"language": "none"}).status_code == 302
    assert advocate.language is None
    # Only a language the portal speaks.
    assert client.post("/staff/email-language", data={"language": "xx"}).status_code == 200
    assert advocate.language is None
