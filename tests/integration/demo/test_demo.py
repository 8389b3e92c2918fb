"""make run's demo: accounts a person can sign in with, and cases made like real ones."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.cli import demo_cli
from portal.models.cases import Representation
from portal.models.staff import CaseAssignment, Role, User
from portal.security.passwords import verify_password
from portal.vocab.cases import CaseStatus, Kind


def test_demo_load_prints_working_accounts_and_is_idempotent(app: Flask, session: Session
                                                             ) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(demo_cli, ["load"])
    assert first.exit_code == 0, first.output
    lines = [line.split() for line in first.output.splitlines() if "@" in line]
    assert {line[0] for line in lines} == {r.value for r in Role} - {
        Role.INVESTIGATING_OFFICER, Role.INDEPENDENT_PERSON, Role.PANEL_MEMBER,
        Role.ADJUDICATING_OFFICER}
    for _role, email, password, *_rest, secret in lines:
        user = session.scalars(select(User).where(User.email == email)).one()
        assert verify_password(user.password_hash, password)
        assert user.totp_secret == secret
    assert first.output.count("tracking code") == 6

    second = runner.invoke(demo_cli, ["load"])
    assert second.exit_code == 0
    assert "tracking code" not in second.output  # nothing new made
    assert session.scalar(select(func.count(Representation.id))) == 6


def test_demo_cases_show_every_state_of_the_back_office(app: Flask, session: Session) -> None:
    assert app.test_cli_runner().invoke(demo_cli, ["load"]).exit_code == 0
    cases = session.scalars(select(Representation)).all()
    urgent = [c for c in cases if c.urgent]
    assert len(urgent) == 1
    assert urgent[0].status is CaseStatus.NEW
    in_stage1 = [c for c in cases if c.status is CaseStatus.STAGE1]
    assert len(in_stage1) == 2
    for case in in_stage1:
        assert session.scalars(select(CaseAssignment).where(
            CaseAssignment.representation_id == case.id)).first() is not None
    assert {c.kind for c in cases} == {Kind.COMPLAINT, Kind.COMPLIMENT, Kind.COMMENT}
    assert {c.language for c in cases} == {"en", "cy"}
