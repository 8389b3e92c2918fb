"""Advocates are told when a child is assigned to them and of each deadline and outcome
on their children's cases, by an e-mail that names only the reference."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.advocacy import notices, services
from portal.models.cases import CaseEvent
from portal.models.councils import Council
from portal.models.mail import OutgoingMail
from portal.models.staff import Role
from portal.vocab.advocacy import OfferHow
from tests.integration.advocacy.test_advocacy_services import (
    make_advocate,
    make_provider,
    make_representation,
    make_user,
)


def mails(session: Session, to: str, purpose: str) -> list[OutgoingMail]:
    return list(session.scalars(select(OutgoingMail).where(
        OutgoingMail.to_address == to, OutgoingMail.purpose == purpose
    ).order_by(OutgoingMail.id)))


def test_assignment_and_news_reach_the_advocate_without_the_childs_details(
        app: Flask, session: Session, council: Council) -> None:
    coordinator = make_user(session, council, Role.ADVOCACY_COORDINATOR)
    provider = make_provider(session, council)
    advocate = make_advocate(session, council, provider)
    rep = make_representation(session, council, child_name="Jamie Secretname")
    case = services.ensure_offered(session, rep, OfferHow.AUTOMATIC)
    assert case is not None
    services.assign(session, case, advocate.id, on=date(2026, 3, 3), actor=coordinator)

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
    coordinator = make_user(session, council, Role.ADVOCACY_COORDINATOR)
    provider = make_provider(session, council)
    advocate = make_advocate(session, council, provider)
    rep = make_representation(session, council)
    case = services.ensure_offered(session, rep, OfferHow.AUTOMATIC)
    assert case is not None
    services.assign(session, case, advocate.id, on=date(2026, 3, 3), actor=coordinator)
    services.record_objection(session, case, on=date(2026, 3, 4), actor=coordinator)
    session.add(CaseEvent(representation_id=rep.id, actor="staff", type="outcome_recorded",
                          data={}))
    session.flush()
    notices.tell_advocates(session)
    assert mails(session, advocate.email, "advocacy_news") == []


def test_the_command_queues_and_reports(app: Flask, session: Session, council: Council) -> None:
    coordinator = make_user(session, council, Role.ADVOCACY_COORDINATOR)
    provider = make_provider(session, council)
    advocate = make_advocate(session, council, provider)
    rep = make_representation(session, council)
    case = services.ensure_offered(session, rep, OfferHow.AUTOMATIC)
    assert case is not None
    services.assign(session, case, advocate.id, on=date(2026, 3, 3), actor=coordinator)
    session.add(CaseEvent(representation_id=rep.id, actor="staff", type="closed", data={}))
    session.flush()
    result = app.test_cli_runner().invoke(args=["advocacy", "tell-advocates"])
    assert result.exit_code == 0, result.output
    assert "advocate e-mails queued" in result.output
    assert len(mails(session, advocate.email, "advocacy_news")) == 1
