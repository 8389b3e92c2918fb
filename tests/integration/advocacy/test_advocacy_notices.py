"""Advocates are told when a child is assigned to them and of each deadline and outcome
on their children's cases, by an e-mail that names only the reference."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from portal.advocacy import notices, services
from portal.models.advocacy import AdvocacyCase
from portal.models.cases import CaseEvent, Representation
from portal.models.councils import Council
from portal.models.staff import Role, User
from tests.support.advocacy import (
    make_account,
    make_advocate,
    make_provider,
    make_representation,
    offered,
)
from tests.support.rows import mails


def assigned_to_an_advocate(session: Session, council: Council, **child: Any
                            ) -> tuple[User, User, Representation, AdvocacyCase]:
    """A child's complaint (``child`` as make_representation takes it) whose advocate the
    coordinator assigned on 3 March 2026: the coordinator, the advocate, the case and its
    advocacy."""
    coordinator = make_account(session, council, Role.ADVOCACY_COORDINATOR)
    provider = make_provider(session, council)
    advocate = make_advocate(session, council, provider)
    rep = make_representation(session, council, **child)
    case = offered(session, rep)
    services.assign(session, case, advocate.id, on=date(2026, 3, 3), actor=coordinator)
    return coordinator, advocate, rep, case


def test_assignment_and_news_reach_the_advocate_without_the_childs_details(
        app: Flask, session: Session, council: Council) -> None:
    _, advocate, rep, _ = assigned_to_an_advocate(session, council,
                                                  child_name="Jamie Secretname")

    (assigned,) = mails(session, advocate.email, "advocacy_assigned")
    assert rep.reference in assigned.subject
    for private in ("Jamie", "Secretname", rep.description):
        assert private not in assigned.body
        assert private not in assigned.subject

    # Nothing new yet: nothing told (what came before the assignment is on the page).
    notices.tell_advocates(session)
    assert mails(session, advocate.email, "advocacy_news") == []

    session.add(CaseEvent(representation_id=rep.id, actor="staff", type="extended", data={}))
    session.add(CaseEvent(representation_id=rep.id, actor="staff", type="outcome_recorded",
                          data={"outcome": "upheld"}))
    session.add(CaseEvent(representation_id=rep.id, actor="staff", type="view", data={}))
    session.flush()
    assert notices.tell_advocates(session) >= 1
    (news,) = mails(session, advocate.email, "advocacy_news")
    assert "A deadline was extended." in news.body
    assert "An outcome was recorded." in news.body
    assert "Jamie" not in news.body
    # Told once: running again sends nothing more.
    notices.tell_advocates(session)
    assert len(mails(session, advocate.email, "advocacy_news")) == 1


def test_an_advocate_who_no_longer_works_with_the_child_hears_nothing(
        session: Session, council: Council) -> None:
    coordinator, advocate, rep, case = assigned_to_an_advocate(session, council)
    services.record_objection(session, case, on=date(2026, 3, 4), actor=coordinator)
    session.add(CaseEvent(representation_id=rep.id, actor="staff", type="outcome_recorded",
                          data={}))
    session.flush()
    notices.tell_advocates(session)
    assert mails(session, advocate.email, "advocacy_news") == []


def test_the_command_queues_and_reports(app: Flask, session: Session, council: Council) -> None:
    coordinator, advocate, rep, case = assigned_to_an_advocate(session, council)
    session.add(CaseEvent(representation_id=rep.id, actor="staff", type="closed", data={}))
    session.flush()
    result = app.test_cli_runner().invoke(args=["advocacy", "tell-advocates"])
    assert result.exit_code == 0, result.output
    assert "advocate e-mails queued" in result.output
    assert len(mails(session, advocate.email, "advocacy_news")) == 1
