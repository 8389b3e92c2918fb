"""Signing in to the back office from the test client."""

from __future__ import annotations

import time
from typing import Any

import pyotp
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from portal.models.councils import Council
from portal.models.staff import Role, User
from tests.factories import PASSWORD, make_user


def sign_in_as(client: FlaskClient, user: User, *, fresh: bool = False) -> None:
    """A signed-in session without the two-factor dance (tested on its own); ``fresh``
    drops whatever the session held before (another account's sign-in)."""
    with client.session_transaction() as s:
        if fresh:
            s.clear()
        s["staff_uid"] = user.id
        s["staff_ver"] = user.session_version
        s["staff_seen"] = int(time.time())


def sign_out(client: FlaskClient) -> None:
    """A session that holds nothing: a visitor who never signed in."""
    with client.session_transaction() as s:
        s.clear()


def signed_in(client: FlaskClient, session: Session, council: Council, role: Role, *,
              name: str | None = None, email: str | None = None) -> User:
    """A new account of ``role``, signed in on ``client`` (committed, as make_user does)."""
    user, _ = make_user(session, council, role, name=name, email=email)
    sign_in_as(client, user)
    return user


def full_sign_in(client: FlaskClient, user: User, secret: str, *,
                 password: str = PASSWORD, next_page: str | None = None) -> Any:
    """Password, then the two-factor code: the sign-in a person makes (sent on to
    ``next_page`` as the sign-in page's ``next`` asks)."""
    client.post("/staff/sign-in", query_string={"next": next_page} if next_page else None,
                data={"email": user.email, "password": password})
    return client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(secret).now()})
