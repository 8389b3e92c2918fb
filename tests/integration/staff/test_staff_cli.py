"""`flask --app portal staff create`: the first administrator, from the command line."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.councils import Council
from portal.models.staff import Role, User
from portal.security.passwords import verify_password


def test_create_prompts_twice_and_prints_the_two_factor_key(
        app: Flask, session: Session, council: Council) -> None:
    runner = app.test_cli_runner()
    password = "a long admin pass phrase"
    result = runner.invoke(args=["staff", "create", "--email", "First.Admin@Example.test",
                                 "--role", "administrator", "--name", "First Admin"],
                           input=f"{password}\n{password}\n")
    assert result.exit_code == 0, result.output
    assert password not in result.output  # hidden as typed
    key = re.search(r"Two-factor key .*: ([A-Z2-7]{16,})", result.output)
    assert key is not None
    user = session.scalars(select(User).where(User.email == "first.admin@example.test")).one()
    assert user.role is Role.ADMINISTRATOR
    assert user.totp_secret == key.group(1)
    assert verify_password(user.password_hash, password)
    assert user.password_hash != password


def test_create_refuses_a_short_password_or_a_taken_email(
        app: Flask, session: Session, council: Council) -> None:
    runner = app.test_cli_runner()
    short = runner.invoke(args=["staff", "create", "--email", "a@example.test", "--role",
                                "complaints_officer"], input="short\nshort\n")
    assert short.exit_code == 1
    assert "at least 12 characters" in short.output
    ok = "another long pass phrase"
    first = runner.invoke(args=["staff", "create", "--email", "b@example.test", "--role",
                                "complaints_officer"], input=f"{ok}\n{ok}\n")
    assert first.exit_code == 0
    again = runner.invoke(args=["staff", "create", "--email", "B@example.test", "--role",
                                "complaints_officer"], input=f"{ok}\n{ok}\n")
    assert again.exit_code == 1
    assert "already exists" in again.output


def test_create_refuses_an_unknown_role(app: Flask, session: Session, council: Council) -> None:
    result = app.test_cli_runner().invoke(
        args=["staff", "create", "--email", "c@example.test", "--role", "superuser"],
        input="x\nx\n")
    assert result.exit_code == 2
