"""Signing in to the back office from the test client."""

from __future__ import annotations

import time
from typing import Any

import pyotp
from flask.testing import FlaskClient

from portal.models.staff import User
from tests.factories import PASSWORD


def sign_in_as(client: FlaskClient, user: User) -> None:
    """A signed-in session without the two-factor dance (tested on its own)."""
    with client.session_transaction() as s:
        s["staff_uid"] = user.id
        s["staff_ver"] = user.session_version
        s["staff_seen"] = int(time.time())


def full_sign_in(client: FlaskClient, user: User, secret: str, *,
                 password: str = PASSWORD) -> Any:
    """Password, then the two-factor code: the sign-in a person makes."""
    client.post("/staff/sign-in", data={"email": user.email, "password": password})
    return client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(secret).now()})
