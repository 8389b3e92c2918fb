"""Staff are told what needs them (issue 16, part 4): a case or a stage role given to them,
the complainant's or the advocate's message, a deadline 3 working days away and the day
after one is missed; by an email each, or one a day. Each email is in the person's
language, holds the reference and a link, and never a word the child wrote or a name."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.advocacy import services as advocacy
from portal.common.dates import Nation
from portal.common.filters import weekday_date
from portal.common.links import public_url
from portal.complaints import services as complaints
from portal.db.types import utcnow
from portal.mail.compose import DIVIDER
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.mail import OutgoingMail
from portal.models.notifications import Notice, NoticePreference
from portal.models.staff import CaseAssignment, Role, User
from portal.notifications import services
from portal.staff.labels import label
from portal.vocab.advocacy import OfferHow
from portal.vocab.cases import CaseStatus
from portal.vocab.notifications import Delivery, NoticeKind
from tests.conftest import PINNED_NOW
from tests.factories import make_case
from tests.support.advocacy import (
    make_account,
    make_advocate,
    make_provider,
    make_representation,
)
from tests.support.case_actions import act, ok
from tests.support.retention import closed_case, run_purge
from tests.support.staff import sign_in_as

#: What the child wrote and who they are (tests/factories.py, make_case):
#: none of it may reach an inbox.
PERSONAL = ("social worker", "answers my calls", "Sam", "sam@example.test")
WED_25_NOV, THU_26_NOV = date(2026, 11, 25), date(2026, 11, 26)
_refs = iter(range(1, 10**6))


def person(session: Session, council: Council, role: Role, *, language: str | None = None,
           team_id: int | None = None, name: str | None = None) -> User:
    return make_account(session, council, role, name, language=language, team_id=team_id)


def new_case(session: Session, council: Council, **changes: Any) -> Representation:
    return make_case(session, council, f"CMP-NT-{next(_refs):06d}", **changes)


def notice_mails(session: Session, to: str) -> list[OutgoingMail]:
    return list(session.scalars(select(OutgoingMail).where(
        OutgoingMail.to_address == to, OutgoingMail.purpose.like("notice%"))
        .order_by(OutgoingMail.id)))


def nothing_personal(mail: OutgoingMail) -> None:
    for words in PERSONAL:
        assert words not in mail.body, words
        assert words not in mail.subject, words


def give(session: Session, rep: Representation, user: User, role: Role | None = None) -> None:
    session.add(CaseAssignment(representation_id=rep.id, user_id=user.id, role=role or user.role))
    session.flush()


def at_stage1(session: Session, council: Council, due_on: date, **changes: Any
              ) -> Representation:
    """A case at stage 1, acknowledged, its response due on ``due_on``."""
    rep = new_case(session, council, **changes)
    rep.status = CaseStatus.STAGE1
    rep.acknowledged_on = rep.received_on
    stage = rep.stage(1)
    assert stage is not None
    stage.started_on, stage.due_on = rep.received_on, due_on
    session.flush()
    return rep


def in_welsh(text: str, **values: object) -> str:
    with force_locale("cy"):
        return gettext(text, **values)


# --- a case or a role given ----------------------------------------------------------------


def test_a_role_given_is_emailed_to_the_person_given_it_not_to_who_gave_it(
        app: Flask, client: FlaskClient, session: Session, council: Council) -> None:
    manager = person(session, council, Role.COMPLAINTS_MANAGER)
    responder = person(session, council, Role.RESPONDING_MANAGER)
    rep = new_case(session, council)
    sign_in_as(client, manager)
    # Triage gives the case to the manager who accepts it: they know, nobody is emailed.
    ok(act(client, rep.reference, "route", route="children_statutory", signpost="",
           team=str(council.teams[0].id), categories=str(council.categories[0].id),
           reason=""))
    assert notice_mails(session, manager.email) == []
    ok(act(client, rep.reference, "assign-responder", user=str(responder.id)))

    (mail,) = notice_mails(session, responder.email)
    assert mail.subject == f"Case {rep.reference} has been given to you"
    assert f"Your role: {label(Role.RESPONDING_MANAGER)}." in mail.body
    with app.test_request_context():
        link = public_url("cases.case", reference=rep.reference)
    assert link.startswith(app.config["PUBLIC_BASE_URL"])
    assert link in mail.body
    assert mail.locale == "en"
    assert DIVIDER not in mail.body
    nothing_personal(mail)
    (notice,) = session.scalars(select(Notice).where(Notice.user_id == responder.id)).all()
    assert (notice.kind, notice.role, notice.sent_at is not None) == (
        NoticeKind.ROLE_GIVEN, Role.RESPONDING_MANAGER, True)


@pytest.mark.parametrize(("nation", "language", "parts"), [
    (Nation.ENGLAND, "cy", ("cy",)),  # their own choice
    (Nation.WALES, None, ("cy", "en")),  # no choice in Wales: Welsh, then English
    (Nation.WALES, "en", ("en",)),
])
def test_a_role_given_is_in_the_persons_language(
        app: Flask, session: Session, council: Council, nation: Nation, language: str | None,
        parts: tuple[str, ...]) -> None:
    council.nation = nation
    manager = person(session, council, Role.COMPLAINTS_MANAGER)
    investigator = person(session, council, Role.INVESTIGATING_OFFICER, language=language)
    rep = new_case(session, council)
    with app.test_request_context():
        services.role_given(session, rep, user=investigator, role=Role.INVESTIGATING_OFFICER,
                            by=manager)
        with force_locale("cy"):
            welsh_role = str(label(Role.INVESTIGATING_OFFICER))
    assert welsh_role == "Swyddog ymchwilio"  # the catalogue's, so the check below means it
    (mail,) = notice_mails(session, investigator.email)
    assert mail.locale == ", ".join(parts)
    bodies = mail.body.split(DIVIDER)
    assert len(bodies) == len(parts)
    for lang, body in zip(parts, bodies, strict=True):
        role = welsh_role if lang == "cy" else "Investigating officer"
        assert role in body
        assert rep.reference in body
    subjects = mail.subject.split(" / ")
    assert subjects[0] == (in_welsh("Case %(reference)s has been given to you",
                                    reference=rep.reference) if parts[0] == "cy"
                           else f"Case {rep.reference} has been given to you")


def test_an_inactive_account_is_not_emailed(app: Flask, session: Session,
                                            council: Council) -> None:
    manager = person(session, council, Role.COMPLAINTS_MANAGER)
    gone = person(session, council, Role.RESPONDING_MANAGER)
    gone.active = False
    with app.test_request_context():
        assert services.role_given(session, new_case(session, council), user=gone,
                                   role=Role.RESPONDING_MANAGER, by=manager) is None
    assert notice_mails(session, gone.email) == []


# --- the complainant or the advocate writes ---------------------------------------------------


def test_the_complainants_reply_goes_to_the_people_given_the_case(
        app: Flask, session: Session, council: Council) -> None:
    officer = person(session, council, Role.COMPLAINTS_OFFICER)
    responder = person(session, council, Role.RESPONDING_MANAGER, language="cy")
    independent = person(session, council, Role.INDEPENDENT_PERSON)
    bystander = person(session, council, Role.COMPLAINTS_MANAGER)
    rep = new_case(session, council)
    for user in (officer, responder, independent):
        give(session, rep, user)
    with app.test_request_context():
        complaints.reply(session, rep, "I am still waiting. Sam, 14.", now=PINNED_NOW)
    (to_officer,) = notice_mails(session, officer.email)
    assert to_officer.subject == f"The complainant replied on case {rep.reference}"
    assert "still waiting" not in to_officer.body
    nothing_personal(to_officer)
    (to_responder,) = notice_mails(session, responder.email)
    assert to_responder.locale == "cy"
    assert to_responder.subject == in_welsh("The complainant replied on case %(reference)s",
                                            reference=rep.reference)
    # Not the independent person's to answer, nor a manager's whose case it is not.
    assert notice_mails(session, independent.email) == []
    assert notice_mails(session, bystander.email) == []


def test_with_nobody_given_the_case_its_teams_officers_are_told_else_the_managers(
        app: Flask, session: Session, council: Council) -> None:
    team, other_team = council.teams[0], council.teams[1]
    ours = person(session, council, Role.COMPLAINTS_OFFICER, team_id=team.id)
    theirs = person(session, council, Role.COMPLAINTS_OFFICER, team_id=other_team.id)
    manager = person(session, council, Role.COMPLAINTS_MANAGER)
    with_team = new_case(session, council)
    with_team.team_id = team.id
    without_team = new_case(session, council)
    session.flush()
    with app.test_request_context():
        complaints.reply(session, with_team, "Hello", now=PINNED_NOW)
        complaints.reply(session, without_team, "Hello", now=PINNED_NOW)
    assert [with_team.reference in m.subject for m in notice_mails(session, ours.email)] == [True]
    assert notice_mails(session, theirs.email) == []
    assert [without_team.reference in m.subject
            for m in notice_mails(session, manager.email)] == [True]


def test_the_advocates_message_goes_to_the_case_officer(
        app: Flask, session: Session, council: Council) -> None:
    coordinator = person(session, council, Role.ADVOCACY_COORDINATOR)
    advocate = make_advocate(session, council, make_provider(session, council))
    officer = person(session, council, Role.COMPLAINTS_OFFICER)
    rep = make_representation(session, council, child_name="Jamie")
    give(session, rep, officer)
    case = advocacy.ensure_offered(session, rep, OfferHow.AUTOMATIC)
    assert case is not None
    with app.test_request_context():
        advocacy.assign(session, case, advocate.id, on=rep.received_on, actor=coordinator)
        advocacy.send_advocate_message(session, rep, advocate, "Jamie wants a call on Friday.")
    (mail,) = notice_mails(session, officer.email)
    assert mail.subject == f"The child's advocate wrote on case {rep.reference}"
    for words in ("Jamie", "Friday", "social worker"):
        assert words not in mail.body
    assert notice_mails(session, advocate.email) == []


def test_no_html_escaping_in_a_plain_text_email(app: Flask, session: Session,
                                                council: Council) -> None:
    manager = person(session, council, Role.COMPLAINTS_MANAGER)
    cro = person(session, council, Role.CHILDRENS_RIGHTS_OFFICER)
    with app.test_request_context():
        services.role_given(session, new_case(session, council), user=cro,
                            role=Role.CHILDRENS_RIGHTS_OFFICER, by=manager)
    (mail,) = notice_mails(session, cro.email)
    assert "Your role: Children's rights officer." in mail.body
    assert "&#" not in mail.body


# --- deadlines ------------------------------------------------------------------------------


def test_a_deadline_is_told_3_working_days_before_over_a_weekend_and_the_day_after(
        app: Flask, session: Session, council: Council) -> None:
    officer = person(session, council, Role.COMPLAINTS_OFFICER)
    rep = at_stage1(session, council, WED_25_NOV)
    give(session, rep, officer)

    def run(today: date) -> int:
        with app.test_request_context():
            return services.tell_deadlines(session, today=today)

    # Thursday: 4 working days left (Fri, Mon, Tue, Wed). Friday: 3, over the weekend.
    assert run(date(2026, 11, 19)) == 0
    assert run(date(2026, 11, 20)) == 1
    (soon,) = notice_mails(session, officer.email)
    assert soon.subject == f"Due soon on case {rep.reference}"
    assert (f"Due soon on case {rep.reference}: Stage 1 response, by Wednesday 25 November "
            f"2026.") in soon.body
    nothing_personal(soon)
    # Again the same day, on Saturday, and on the due day itself: nobody is told twice.
    for today in (date(2026, 11, 20), date(2026, 11, 21), WED_25_NOV):
        assert run(today) == 0
    assert len(notice_mails(session, officer.email)) == 1
    # The day after it is missed, once.
    assert run(THU_26_NOV) == 1
    assert run(THU_26_NOV) == 0
    missed = notice_mails(session, officer.email)[-1]
    assert missed.subject == f"Deadline missed on case {rep.reference}"
    assert "Stage 1 response was due by Wednesday 25 November 2026." in missed.body
    kinds = session.scalars(select(Notice.kind).where(Notice.representation_id == rep.id)
                            .order_by(Notice.id)).all()
    assert kinds == [NoticeKind.DEADLINE_SOON, NoticeKind.DEADLINE_MISSED]


def test_an_extended_deadline_is_a_new_deadline(app: Flask, session: Session,
                                                council: Council) -> None:
    officer = person(session, council, Role.COMPLAINTS_OFFICER)
    rep = at_stage1(session, council, WED_25_NOV)
    give(session, rep, officer)
    with app.test_request_context():
        assert services.tell_deadlines(session, today=date(2026, 11, 20)) == 1
        stage = rep.stage(1)
        assert stage is not None
        stage.extended, stage.extended_to_on = True, date(2026, 12, 9)
        session.flush()
        assert services.tell_deadlines(session, today=THU_26_NOV) == 0  # not missed now
        assert services.tell_deadlines(session, today=date(2026, 12, 4)) == 1
    assert "Wednesday 9 December 2026" in notice_mails(session, officer.email)[-1].body


def test_a_deadline_in_welsh(app: Flask, session: Session, council: Council) -> None:
    officer = person(session, council, Role.COMPLAINTS_OFFICER, language="cy")
    rep = at_stage1(session, council, WED_25_NOV)
    give(session, rep, officer)
    with app.test_request_context():
        services.tell_deadlines(session, today=date(2026, 11, 20))
        with force_locale("cy"):
            day = weekday_date(WED_25_NOV, in_sentence=True)
    assert day == "dydd Mercher 25 Tachwedd 2026"
    (mail,) = notice_mails(session, officer.email)
    assert mail.locale == "cy"
    assert "Ymateb cam 1" in mail.body
    assert day in mail.body
    assert mail.subject == in_welsh("Due soon on case %(reference)s", reference=rep.reference)


def test_awaiting_triage_the_acknowledgement_is_the_managers_to_watch(
        app: Flask, session: Session, council: Council) -> None:
    """Nobody is given a case before triage: the complaints managers hear of its
    acknowledgement deadline."""
    manager = person(session, council, Role.COMPLAINTS_MANAGER)
    rep = new_case(session, council)  # received Friday 6 March 2026, awaiting triage
    assert rep.status is CaseStatus.NEW
    assert rep.acknowledge_by is not None
    with app.test_request_context():
        services.tell_deadlines(session, today=rep.received_on)
    (mail,) = notice_mails(session, manager.email)
    assert "Acknowledge" in mail.body
    assert weekday_date(rep.acknowledge_by, in_sentence=True) in mail.body


def test_closed_cases_and_distant_deadlines_are_not_told(
        app: Flask, session: Session, council: Council) -> None:
    officer = person(session, council, Role.COMPLAINTS_OFFICER)
    closed = at_stage1(session, council, WED_25_NOV)
    closed.status = CaseStatus.CLOSED
    later = at_stage1(session, council, date(2026, 12, 16))
    long_missed = at_stage1(session, council, date(2026, 11, 2))
    for rep in (closed, later, long_missed):
        give(session, rep, officer)
    with app.test_request_context():
        assert services.tell_deadlines(session, today=date(2026, 11, 20)) == 0
    assert notice_mails(session, officer.email) == []


def test_two_runs_at_once_tell_nobody_twice(app: Flask, session: Session, council: Council,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The second run does not see the first's notice before inserting its own: the unique
    key refuses it, and no second email is queued."""
    officer = person(session, council, Role.COMPLAINTS_OFFICER)
    rep = at_stage1(session, council, WED_25_NOV)
    give(session, rep, officer)
    with app.test_request_context():
        assert services.tell_deadlines(session, today=date(2026, 11, 20)) == 1
        monkeypatch.setattr(services.queries, "already_told", lambda *_: False)
        assert services.tell_deadlines(session, today=date(2026, 11, 20)) == 0
    assert len(notice_mails(session, officer.email)) == 1


def test_the_cli_commands(app: Flask, session: Session, council: Council) -> None:
    """``flask notify deadlines`` counts today (the pinned Monday 23 November 2026) in
    London; a deadline on Wednesday is 2 working days away."""
    officer = person(session, council, Role.COMPLAINTS_OFFICER)
    daily = person(session, council, Role.RESPONDING_MANAGER)
    services.choose_delivery(session, daily, Delivery.DAILY)
    rep = at_stage1(session, council, WED_25_NOV)
    give(session, rep, officer)
    give(session, rep, daily)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["notify", "deadlines"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "2 deadline notices."
    assert runner.invoke(args=["notify", "deadlines"]).output.strip() == "0 deadline notices."
    assert len(notice_mails(session, officer.email)) == 1
    assert notice_mails(session, daily.email) == []
    assert runner.invoke(args=["notify", "digest"]).output.strip() == "1 daily summaries queued."
    assert runner.invoke(args=["notify", "digest"]).output.strip() == "0 daily summaries queued."
    assert len(notice_mails(session, daily.email)) == 1


# --- one email a day ----------------------------------------------------------------------------


def test_the_daily_summary_lists_what_waited_in_the_persons_language(
        app: Flask, session: Session, council: Council) -> None:
    manager = person(session, council, Role.COMPLAINTS_MANAGER)
    responder = person(session, council, Role.RESPONDING_MANAGER, language="cy")
    services.choose_delivery(session, responder, Delivery.DAILY)
    first = at_stage1(session, council, WED_25_NOV)
    second = new_case(session, council)
    with app.test_request_context():
        services.role_given(session, first, user=responder, role=Role.RESPONDING_MANAGER,
                            by=manager)
        give(session, first, responder)
        give(session, second, responder)
        complaints.reply(session, second, "Sam here again", now=utcnow())
        services.tell_deadlines(session, today=date(2026, 11, 20))
        assert notice_mails(session, responder.email) == []  # nothing until the summary
        waiting = session.scalars(select(Notice).where(Notice.user_id == responder.id,
                                                       Notice.sent_at.is_(None))).all()
        assert len(waiting) == 3
        assert services.send_digests(session, now=PINNED_NOW) == 1
        assert services.send_digests(session, now=PINNED_NOW) == 0  # again: nothing left
        links = [public_url("cases.case", reference=r.reference) for r in (first, second)]
    (mail,) = notice_mails(session, responder.email)
    assert mail.purpose == services.DIGEST_PURPOSE
    assert mail.locale == "cy"
    assert mail.subject == in_welsh("Your daily summary from the complaints portal")
    assert "Rheolwr sy'n ymateb" in mail.body  # the role, in Welsh
    assert "dydd Mercher 25 Tachwedd 2026" in mail.body  # the deadline, in Welsh
    for link in links:
        assert link in mail.body
    # In the order it happened: the role, the reply, the deadline.
    assert mail.body.index(first.reference) < mail.body.index(second.reference)
    nothing_personal(mail)
    assert all(n.sent_at is not None for n in waiting)


def test_notices_waiting_still_go_after_switching_back_to_an_email_each(
        app: Flask, session: Session, council: Council) -> None:
    manager = person(session, council, Role.COMPLAINTS_MANAGER)
    officer = person(session, council, Role.INVESTIGATING_OFFICER)
    services.choose_delivery(session, officer, Delivery.DAILY)
    with app.test_request_context():
        services.role_given(session, new_case(session, council), user=officer,
                            role=Role.INVESTIGATING_OFFICER, by=manager)
        services.choose_delivery(session, officer, Delivery.EACH)
        services.role_given(session, new_case(session, council), user=officer,
                            role=Role.INVESTIGATING_OFFICER, by=manager)
        assert len(notice_mails(session, officer.email)) == 1
        assert services.send_digests(session) == 1
    assert len(notice_mails(session, officer.email)) == 2


# --- the page where each person chooses -------------------------------------------------------


def test_each_person_chooses_an_email_each_or_one_a_day(
        client: FlaskClient, session: Session, council: Council) -> None:
    officer = person(session, council, Role.INVESTIGATING_OFFICER)
    sign_in_as(client, officer)

    def chosen() -> Delivery | None:
        row = session.get(NoticePreference, officer.id)
        return row.delivery if row is not None else None

    def checked(page: BeautifulSoup, value: str) -> bool:
        radio = page.select_one(f"input[name='delivery'][value='{value}']")
        assert radio is not None
        return radio.has_attr("checked")

    page = BeautifulSoup(client.get("/staff/notifications").text, "html.parser")
    h1 = page.find("h1")
    assert h1 is not None
    assert h1.get_text(strip=True) == "How should we email you about your cases?"
    assert checked(page, "each")
    assert chosen() is None
    # Linked from every back-office page, beside the email language.
    assert page.select_one("nav a[href='/staff/notifications']") is not None
    saved = client.post("/staff/notifications", data={"delivery": "daily"})
    assert saved.status_code == 302
    assert chosen() is Delivery.DAILY
    page = BeautifulSoup(client.get(saved.headers["Location"]).text, "html.parser")
    assert checked(page, "daily")
    assert "one summary a day" in page.get_text()
    refused = client.post("/staff/notifications", data={"delivery": "hourly"})
    assert refused.status_code == 400
    summary = BeautifulSoup(refused.text, "html.parser").select_one(".govuk-error-summary")
    assert summary is not None
    assert "Choose how we should email you" in summary.get_text()
    assert chosen() is Delivery.DAILY
    assert client.post("/staff/notifications", data={"delivery": "each"}).status_code == 302
    assert chosen() is Delivery.EACH


def test_advocates_and_administrators_have_no_such_page(
        client: FlaskClient, session: Session, council: Council) -> None:
    for role in (Role.ADVOCATE, Role.ADMINISTRATOR):
        sign_in_as(client, person(session, council, role))
        assert client.get("/staff/notifications").status_code == 403


def test_the_retention_purge_takes_a_cases_notices_with_it(
        app: Flask, session: Session, council: Council) -> None:
    """A notice says who was told of which case: it goes when the case's personal data
    does (portal/retention/purge.py deletes every row pointing at the case)."""
    manager = person(session, council, Role.COMPLAINTS_MANAGER)
    rep = closed_case(session, council, "CMP-NT-PURGE", closed=date(2019, 12, 2))
    with app.test_request_context():
        complaints.reply(session, rep, "Hello", now=PINNED_NOW)
    assert session.scalars(select(Notice).where(Notice.representation_id == rep.id)).all()
    assert run_purge(session).destroyed == 1  # type: ignore[attr-defined]
    session.expire_all()
    assert session.scalars(select(Notice).where(Notice.representation_id == rep.id)).all() \
        == []
    assert notice_mails(session, manager.email)  # the mail itself is the mail queue's
