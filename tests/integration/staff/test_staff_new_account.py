"""An administrator makes an account; its owner chooses the password from an emailed link."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.councils import Council
from portal.models.mail import OutgoingMail
from portal.models.staff import AuditLog, Role, User
from portal.security.passwords import verify_password
from tests.support.staff import signed_in


def test_a_new_account_is_invited_to_choose_its_own_password(
        client: FlaskClient, session: Session, council: Council) -> None:
    signed_in(client, session, council, Role.ADMINISTRATOR)
    response = client.post("/staff/accounts/new", data={
        "name": "Rowan Responder", "email": "Rowan@Council.example",
        "role": Role.RESPONDING_MANAGER.value})
    assert response.status_code == 302
    user = session.scalars(select(User).where(User.email == "rowan@council.example")).one()
    assert user.role is Role.RESPONDING_MANAGER
    assert user.totp_secret is None  # set up by its owner at first sign-in
    mail = session.scalars(select(OutgoingMail).where(
        OutgoingMail.purpose == "account_invitation")).one()
    assert mail.to_address == "rowan@council.example"
    link = re.search(r"https?://\S+", mail.body).group(0)  # type: ignore[union-attr]
    assert session.scalars(select(AuditLog.action)).all()[-1] == "account_created"

    client.post("/staff/sign-out")
    with client.session_transaction() as s:
        s.clear()
    path = link.split("portal.test", 1)[1]
    chosen = client.post(path, data={"password": "a long chosen passphrase",
                                     "confirm": "a long chosen passphrase"})
    assert chosen.status_code in (200, 302)
    assert verify_password(user.password_hash, "a long chosen passphrase")
    # The link works once.
    assert client.post(path, data={"password": "another passphrase!!",
                                   "confirm": "another passphrase!!"}).status_code in (200, 404)
    assert verify_password(user.password_hash, "a long chosen passphrase")


def test_a_taken_email_or_missing_answers_are_explained(
        client: FlaskClient, session: Session, council: Council) -> None:
    # An address the form takes, so that only its being taken is refused.
    admin = signed_in(client, session, council, Role.ADMINISTRATOR,
                      email="admin.new@test.example")
    response = client.post("/staff/accounts/new", data={
        "name": "", "email": admin.email, "role": ""})
    assert response.status_code == 200
    summary = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one(
        ".govuk-error-summary").get_text()
    assert "Enter the person's full name" in summary
    assert "Choose what they will do" in summary
    taken = client.post("/staff/accounts/new", data={
        "name": "Someone", "email": admin.email, "role": Role.COMPLAINTS_OFFICER.value})
    assert "There is already an account with that email address" in taken.get_data(
        as_text=True)
