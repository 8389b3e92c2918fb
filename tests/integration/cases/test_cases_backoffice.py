"""The procedures' own steps in the back office: the corporate stage 2 acknowledgement
(LGSCO Code), the adult social care response plan (2009 Regulations), compliments passed
on to the people praised and their manager, and the due dashboard page by page."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.common.dates import Nation
from portal.mail.compose import DIVIDER
from portal.models.cases import CaseEvent, Representation, Stage
from portal.models.councils import Council
from portal.models.mail import OutgoingMail
from portal.models.records import Compliment, ResponsePlan
from portal.models.staff import AuditLog, Role, User
from portal.vocab.cases import CaseStatus, Procedure
from tests.factories import give, make_case, make_user
from tests.support.case_actions import act, ok, refused, rejected
from tests.support.rows import events
from tests.support.staff import sign_in_as, signed_in


@pytest.fixture
def manager(session: Session, council: Council, client: FlaskClient) -> User:
    return signed_in(client, session, council, Role.COMPLAINTS_MANAGER)


def _page(client: FlaskClient, reference: str) -> str:
    return client.get(f"/staff/cases/{reference}").text


# --- the corporate stage 2 acknowledgement ---------------------------------------------


def _corporate_at_stage2(client: FlaskClient, session: Session, council: Council,
                         reference: str) -> Representation:
    """A corporate complaint received Friday 6 March 2026, answered at stage 1 on
    Friday 20 March, and stage 2 asked for on Monday 20 April 2026."""
    rep = make_case(session, council, reference, submitter="parent", on_behalf_of_child=True,
                    service="early_help")
    assert rep.procedure is Procedure.CORPORATE
    ok(act(client, reference, "check", check="child_agreement", decision="met",
           reason="The child agrees."))
    ok(act(client, reference, "route", route="corporate", signpost="", team="", reason=""))
    ok(act(client, reference, "acknowledge", on=date(2026, 3, 9), send="y"))
    ok(act(client, reference, "outcome", outcome="not_upheld", responded_on=date(2026, 3, 20),
           summary="We found no fault."))
    ok(act(client, reference, "next-stage", requested_on=date(2026, 4, 20), late_reason=""))
    assert rep.status is CaseStatus.STAGE2
    return rep


def test_corporate_stage2_is_acknowledged_in_5_then_answered_in_20(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _corporate_at_stage2(client, session, council, "CMP-K-000001")
    stage2 = rep.stage(2)
    assert stage2 is not None
    # LGSCO Code: acknowledged within 5 working days of Monday 20 April: Monday 27 April.
    assert stage2.acknowledge_by == date(2026, 4, 27)
    assert (stage2.started_on, stage2.due_on) == (None, None)  # no response clock yet
    page = _page(client, rep.reference)
    assert 'id="next-deadline" data-date="2026-04-27"' in page
    assert 'data-due="2026-04-27"' in page
    assert 'id="action-acknowledge-stage2"' in page
    assert 'id="action-stage2-clock"' not in page  # the clock starts with the acknowledgement

    due = client.get("/staff/cases/due").text
    row = re.search(r'<tr[^>]*data-what="stage2_acknowledge"[^>]*>.*?</tr>', due, re.S)
    assert row is not None
    assert rep.reference in row.group(0)
    assert "Acknowledge stage 2" in row.group(0)

    # Refusals in words: the clock, a date before the request, a date in the future.
    refused(act(client, rep.reference, "stage2-clock", started_on=date(2026, 4, 22)),
            "starts with its acknowledgement")
    refused(act(client, rep.reference, "acknowledge-stage2", on=date(2026, 4, 17), send="y"),
            "before it was asked for (2026-04-20)")
    refused(act(client, rep.reference, "acknowledge-stage2", on=date(2099, 1, 5), send="y"),
            "cannot be in the future")
    # A date that is not one: re-displayed as typed, with what to do.
    page = rejected(act(client, rep.reference, "acknowledge-stage2", on="2026-04-31", send="y"),
                    "Enter a real date, like 2026-03-20")
    assert 'value="2026-04-31"' in page

    # Acknowledged on Thursday 23 April: 20 working days (4 May is a bank holiday) is
    # Friday 22 May; 40 at most (25 May too) is Monday 22 June.
    ok(act(client, rep.reference, "acknowledge-stage2", on=date(2026, 4, 23), send="y"))
    assert stage2.acknowledged_on == date(2026, 4, 23)
    assert (stage2.started_on, stage2.due_on, stage2.due_latest_on) == (
        date(2026, 4, 23), date(2026, 5, 22), date(2026, 6, 22))
    letter = rep.messages[-1].body
    assert "at stage 2" in letter
    assert "Friday 22 May 2026" in letter
    event = session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type == "stage2_acknowledged")).one()
    assert event.data["in_time"] is True
    page = _page(client, rep.reference)
    assert 'id="next-deadline" data-date="2026-05-22"' in page
    assert 'data-on="2026-04-23"' in page
    assert 'id="action-acknowledge-stage2"' not in page
    refused(act(client, rep.reference, "acknowledge-stage2", on=date(2026, 4, 24), send=""),
            "already acknowledged")
    # The register's stage 2 starts on the acknowledgement (REGISTER.md: stage2_started_on).
    from portal.register.queries import register_rows

    row_of = next(iter(register_rows(session, ids=[rep.id])))
    assert row_of.stage2_started_on == date(2026, 4, 23)


def test_a_late_stage2_acknowledgement_is_recorded_as_late(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _corporate_at_stage2(client, session, council, "CMP-K-000002")
    refused(act(client, rep.reference, "acknowledge-stage2", on=date(2026, 4, 28), send=""),
            "after its deadline of 27 April 2026")
    ok(act(client, rep.reference, "acknowledge-stage2", on=date(2026, 4, 28), send="",
           delay_reason="key_personnel_unavailable", delay_note="The reviewer was away."))
    event = session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type == "stage2_acknowledged")).one()
    assert event.data["in_time"] is False
    assert event.data["delay_reason"] == "key_personnel_unavailable"
    assert event.data["acknowledge_by"] == "2026-04-27"


def test_stage2_asked_for_on_the_tracking_page_shows_its_acknowledgement_deadline(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = make_case(session, council, "CMP-K-000003", submitter="parent",
                    on_behalf_of_child=True, service="early_help")
    first = rep.stage(1)
    assert first is not None
    first.closed_on = date(2026, 3, 20)
    # What portal.complaints.services.take_further leaves: a request, nothing counted.
    rep.stages.append(Stage(number=2, requested_on=date(2026, 4, 20)))
    rep.status = CaseStatus.STAGE2
    session.commit()
    assert 'id="next-deadline" data-date="2026-04-27"' in _page(client, rep.reference)
    assert 'data-what="stage2_acknowledge"' in client.get("/staff/cases/due").text
    give(session, rep, manager)
    mine = client.get("/staff/cases/").text
    assert re.search(r"Acknowledge stage 2\s*</td>\s*<td[^>]*>\s*Monday 27 April 2026", mine)
    ok(act(client, rep.reference, "acknowledge-stage2", on=date(2026, 4, 22), send=""))
    stage2 = rep.stage(2)
    assert stage2 is not None
    assert (stage2.acknowledge_by, stage2.due_on) == (date(2026, 4, 27), date(2026, 5, 21))


def test_childrens_stage2_keeps_its_statement_of_complaint_clock(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = make_case(session, council, "CMP-K-000004")
    ok(act(client, rep.reference, "route", route="children_statutory", signpost="", team="",
           reason=""))
    ok(act(client, rep.reference, "outcome", outcome="not_upheld",
           responded_on=date(2026, 3, 20), summary="No fault."))
    ok(act(client, rep.reference, "next-stage", requested_on=date(2026, 4, 20), late_reason=""))
    stage2 = rep.stage(2)
    assert stage2 is not None
    assert stage2.acknowledge_by is None  # the 2006 Regulations have no such step
    page = _page(client, rep.reference)
    assert 'id="action-acknowledge-stage2"' not in page
    assert 'id="action-stage2-clock"' in page
    refused(act(client, rep.reference, "acknowledge-stage2", on=date(2026, 4, 21), send=""),
            "no separate stage 2 acknowledgement")


# --- the adult social care response plan -----------------------------------------------


def _adult(client: FlaskClient, session: Session, council: Council,
           reference: str) -> Representation:
    """An adult social care complaint received Friday 6 March 2026, at stage 1."""
    rep = make_case(session, council, reference, submitter="relative", on_behalf_of_child=False,
                    service="adult_social_care")
    assert rep.procedure is Procedure.ADULT_STATUTORY
    for check in rep.checks:
        ok(act(client, reference, "check", check=check.check.value, decision="met",
               reason="Checked."))
    ok(act(client, reference, "route", route="adult_statutory", signpost="", team="", reason=""))
    assert rep.status is CaseStatus.STAGE1
    return rep


def _plan(client: FlaskClient, reference: str, **changes: object) -> object:
    fields: dict[str, object] = {
        "agreed_on": date(2026, 3, 9),
        "handling": "The service manager will look into it and meet you.",
        "response_by": date(2026, 5, 15),
        "keeping_informed": "A phone call every two weeks.",
        "change_reason": "",
    }
    return act(client, reference, "response-plan", **{**fields, **changes})


def test_adult_complaint_without_a_plan_is_due_within_six_months(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _adult(client, session, council, "CMP-A-000001")
    stage1 = rep.stage(1)
    assert stage1 is not None
    # 2009 Regulations reg. 14(2): six months beginning on Friday 6 March 2026 end on
    # Saturday 5 September, so the deadline is the working day before: Friday 4 September.
    assert (stage1.due_on, stage1.due_latest_on) == (date(2026, 9, 4), None)
    page = _page(client, rep.reference)
    assert 'data-fallback="2026-09-04"' in page
    assert 'id="action-response-plan"' in page
    # The date is changed by agreeing a new plan, not by the children's extension.
    assert 'id="action-extend"' not in page
    refused(act(client, rep.reference, "extend", new_due_on=date(2026, 9, 30),
                reason="Busy", message=""), "change the response plan")


def test_the_agreed_plan_sets_the_deadline_and_changes_keep_their_reasons(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _adult(client, session, council, "CMP-A-000002")
    stage1 = rep.stage(1)
    assert stage1 is not None

    # Each missing answer is named, and what was typed comes back.
    page = rejected(_plan(client, rep.reference, handling=""),
                    "Enter how the complaint will be handled")
    assert "A phone call every two weeks." in page
    refused(_plan(client, rep.reference, response_by=date(2026, 3, 9)),
            "must come after the day the plan was agreed")

    ok(_plan(client, rep.reference))
    assert stage1.due_on == date(2026, 5, 15)
    page = _page(client, rep.reference)
    assert 'id="plan-response-by" data-date="2026-05-15"' in page
    assert "A phone call every two weeks." in page
    # Not yet acknowledged: the missed acknowledgement stays the next deadline, red.
    assert 'id="next-deadline" data-date="2026-03-11"' in page
    assert "response_plan_agreed" in events(session, rep)

    # A change needs its reason; the form keeps what was typed.
    response = _plan(client, rep.reference, agreed_on=date(2026, 3, 16),
                     response_by=date(2026, 6, 12), handling="An independent investigator.")
    refused(response, "Say why the plan is changing")
    assert "An independent investigator." in response.text  # type: ignore[attr-defined]
    ok(_plan(client, rep.reference, agreed_on=date(2026, 3, 16), response_by=date(2026, 6, 12),
             handling="An independent investigator.",
             change_reason="The care provider needs more time to send records."))
    assert stage1.due_on == date(2026, 6, 12)
    plans = session.scalars(select(ResponsePlan).where(
        ResponsePlan.representation_id == rep.id).order_by(ResponsePlan.version)).all()
    assert [(p.version, p.response_by) for p in plans] == [
        (1, date(2026, 5, 15)), (2, date(2026, 6, 12))]
    assert plans[0].change_reason is None
    page = _page(client, rep.reference)
    assert "The care provider needs more time to send records." in page
    change = session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type == "response_plan_changed")).one()
    assert (change.data["due_before"], change.data["due_after"]) == ("2026-05-15", "2026-06-12")

    # The acknowledgement letter gives the agreed date.
    ok(act(client, rep.reference, "acknowledge", on=date(2026, 3, 17), send="y",
           delay_reason="service_delay"))
    assert "Friday 12 June 2026" in rep.messages[-1].body
    assert 'id="next-deadline" data-date="2026-06-12"' in _page(client, rep.reference)
    assert stage1.due_on == date(2026, 6, 12)
    # The due dashboard counts from the plan.
    assert "Friday 12 June 2026" in client.get("/staff/cases/due").text


def test_a_response_plan_is_only_for_adult_social_care(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = make_case(session, council, "CMP-A-000003")
    ok(act(client, rep.reference, "route", route="children_statutory", signpost="", team="",
           reason=""))
    assert 'id="action-response-plan"' not in _page(client, rep.reference)
    refused(_plan(client, rep.reference), "adult social care")


# --- compliments -------------------------------------------------------------------------

PEOPLE = {
    "worker_name": "Jo Worker", "worker_email": "jo.worker@council.gov.uk",
    "team_name": "", "team_email": "",
    "manager_name": "Alex Manager", "manager_email": "alex.manager@council.gov.uk",
    "words": "Jo listened and helped my son settle in. Thank you.", "sender_named": "",
}


def _compliment(client: FlaskClient, session: Session, council: Council,
                reference: str, team: str = "", **changes: object) -> Representation:
    rep = make_case(session, council, reference, kind="compliment",
                    description="Jo listened and helped my son settle in. Thank you. Sam, "
                                "07700 900123", **changes)
    ok(act(client, reference, "route", route="compliment", signpost="", team=team, reason=""))
    assert rep.status is CaseStatus.CLOSED
    return rep


def _mails(session: Session) -> list[OutgoingMail]:
    return list(session.scalars(select(OutgoingMail).where(
        OutgoingMail.purpose == "compliment_shared").order_by(OutgoingMail.id)))


def test_a_compliment_goes_to_the_worker_and_their_manager_without_the_sender(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _compliment(client, session, council, "CMP-C-000001")
    # Listed as waiting until it is passed on.
    due = client.get("/staff/cases/due").text
    assert re.search(r'id="compliments-to-share".*CMP-C-000001', due, re.S)
    page = _page(client, rep.reference)
    assert 'id="action-compliment"' in page
    assert "Not passed on yet" in page

    # Kind, specific errors; what was typed comes back.
    page = rejected(act(client, rep.reference, "compliment",
                        **{**PEOPLE, "manager_name": "", "manager_email": ""}),
                    "Enter their manager's name")
    assert 'value="jo.worker@council.gov.uk"' in page
    rejected(act(client, rep.reference, "compliment", **{**PEOPLE, "worker_email": ""}),
             "Enter the worker's email address, so we can send it to them")
    page = rejected(act(client, rep.reference, "compliment",
                        **{**PEOPLE, "worker_email": "jo.worker-at-council"}),
                    "Enter an email address, like name@council.gov.uk")
    assert 'value="jo.worker-at-council"' in page
    rejected(act(client, rep.reference, "compliment",
                 **{**PEOPLE, "worker_name": "", "worker_email": ""}),
             "Enter the worker's name or the team's name")
    assert _mails(session) == []

    ok(act(client, rep.reference, "compliment", **PEOPLE))
    mails = _mails(session)
    assert sorted(m.to_address for m in mails) == ["alex.manager@council.gov.uk",
                                                    "jo.worker@council.gov.uk"]
    for mail in mails:
        assert "Jo listened and helped my son settle in. Thank you." in mail.body
        # Never the sender's details without their agreement.
        assert "Sam" not in mail.body
        assert "07700" not in mail.body
        assert "sam@example.test" not in mail.body
        assert "did not agree to their name being passed on" in mail.body
        assert "Alex Manager" in mail.body
    compliment = session.scalars(select(Compliment).where(
        Compliment.representation_id == rep.id)).one()
    assert compliment.shared_at is not None
    assert compliment.sender_named is False
    event = session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type == "compliment_shared")).one()
    assert (event.data["worker"], event.data["manager"]) == ("Jo Worker", "Alex Manager")
    page = _page(client, rep.reference)
    assert "Jo Worker (jo.worker@council.gov.uk)" in page
    assert "Sent without the sender" in page
    assert "CMP-C-000001" not in client.get("/staff/cases/due").text


def test_the_senders_name_goes_only_with_their_agreement(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _compliment(client, session, council, "CMP-C-000002")
    ok(act(client, rep.reference, "compliment",
           **{**PEOPLE, "worker_name": "", "worker_email": "", "team_name": "Fostering",
              "team_email": "fostering@council.gov.uk", "sender_named": "y"}))
    mails = _mails(session)
    assert sorted(m.to_address for m in mails) == ["alex.manager@council.gov.uk",
                                                    "fostering@council.gov.uk"]
    assert all("It came from Sam, who agreed" in m.body for m in mails)
    assert all("Fostering" in m.body for m in mails)


def test_a_team_without_an_address_hears_through_its_manager(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    team = council.teams[0]
    rep = _compliment(client, session, council, "CMP-C-000006", team=str(team.id))
    # The team the compliment is about is offered; a team needs no address of its own.
    assert f'value="{team.name}"' in _page(client, rep.reference)
    ok(act(client, rep.reference, "compliment", **{**PEOPLE, "team_name": "Fostering"}))
    assert sorted(m.to_address for m in _mails(session)) == ["alex.manager@council.gov.uk",
                                                              "jo.worker@council.gov.uk"]
    assert all("Someone has praised Jo Worker, Fostering." in m.body for m in _mails(session))
    page = _page(client, rep.reference)
    assert "Team: Fostering, named in the message (no email address)" in page


def test_an_anonymous_senders_name_cannot_be_passed_on(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _compliment(client, session, council, "CMP-C-000003")
    rep.anonymous = True
    session.commit()
    refused(act(client, rep.reference, "compliment", **{**PEOPLE, "sender_named": "y"}),
            "We have no name for the person who sent it")
    assert _mails(session) == []


def test_a_compliment_is_passed_on_in_the_officers_language(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _compliment(client, session, council, "CMP-C-000004")
    response = client.post(f"/staff/cases/{rep.reference}/compliment?lang=cy",
                           data={f"compliment-{k}": v for k, v in PEOPLE.items()})
    ok(response)
    with force_locale("cy"):
        subject = gettext("A compliment for you (%(reference)s)", reference=rep.reference)
    assert subject != f"A compliment for you ({rep.reference})"  # really Welsh
    assert {(m.locale, m.subject) for m in _mails(session)} == {("cy", subject)}


def test_a_welsh_council_passes_a_compliment_on_in_welsh_and_english(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    council.nation = Nation.WALES
    session.commit()
    rep = _compliment(client, session, council, "CMP-C-000005")
    ok(act(client, rep.reference, "compliment", **PEOPLE))
    with force_locale("cy"):
        welsh = gettext("A compliment for you (%(reference)s)", reference=rep.reference)
    english = f"A compliment for you ({rep.reference})"
    mails = _mails(session)
    assert {(m.locale, m.subject) for m in mails} == {("cy, en", f"{welsh} / {english}")}
    for mail in mails:
        # Welsh first, then English, the words passed on in each.
        welsh_part, english_part = mail.body.split(DIVIDER)
        assert "did not agree to their name being passed on" in english_part
        assert "did not agree" not in welsh_part
        assert PEOPLE["words"] in welsh_part
        assert PEOPLE["words"] in english_part


def test_only_a_closed_compliment_is_passed_on(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = make_case(session, council, "CMP-C-000005")
    ok(act(client, rep.reference, "route", route="children_statutory", signpost="", team="",
           reason=""))
    assert 'id="action-compliment"' not in _page(client, rep.reference)
    refused(act(client, rep.reference, "compliment", **PEOPLE), "Only a compliment")


# --- the due dashboard, page by page ----------------------------------------------------


def test_the_due_dashboard_goes_on_page_by_page(
        client: FlaskClient, session: Session, council: Council, manager: User,
        monkeypatch: pytest.MonkeyPatch) -> None:
    team = council.teams[0]
    for n, day in enumerate((2, 3, 4), start=1):
        rep = make_case(session, council, f"CMP-P-{n:06d}")
        rep.status, rep.team = CaseStatus.STAGE1, team
        stage = rep.stage(1)
        assert stage is not None
        stage.due_on = date(2026, 3, day)  # all overdue
    session.commit()
    # The overview lists one of each; the list's own pages hold one each.
    monkeypatch.setattr("portal.cases.queries.DUE_OVERVIEW_LIMIT", 1)
    monkeypatch.setattr("portal.cases.queries.DUE_LIST_LIMIT", 1)
    overview = client.get("/staff/cases/due").text
    assert "And 2 more with later deadlines." in overview
    link = f"/staff/cases/due?team={team.id}"
    assert f'href="{link}"' in overview
    assert "See all 3 deadlines of" in overview

    pages = [client.get(f"{link}&page={n}") for n in (1, 2, 3)]
    assert [p.status_code for p in pages] == [200, 200, 200]
    for n, page in enumerate(pages, start=1):
        assert f"CMP-P-{n:06d}" in page.text
        assert f"Page {n} of 3" in page.text
        assert page.text.count('data-rag="red"') == 1
    def links(page: str) -> list[str]:
        nav = re.search(r'<nav class="govuk-pagination.*?</nav>', page, re.S)
        assert nav is not None
        return sorted(html.unescape(h) for h in re.findall(r'href="([^"]+)"', nav.group(0)))

    # Next only, then previous and next, then previous only.
    assert links(pages[0].text) == [f"/staff/cases/due?page=2&team={team.id}"]
    assert links(pages[1].text) == [f"/staff/cases/due?page=1&team={team.id}",
                                    f"/staff/cases/due?page=3&team={team.id}"]
    assert links(pages[2].text) == [f"/staff/cases/due?page=2&team={team.id}"]
    for bad in (f"{link}&page=4", f"{link}&page=0", f"{link}&page=x",
                "/staff/cases/due?team=nonsense", "/staff/cases/due?team=999999",
                "/staff/cases/due?page=2", "/staff/cases/due?show=everything"):
        assert client.get(bad).status_code == 404, bad


def test_compliments_to_pass_on_go_on_page_by_page(
        client: FlaskClient, session: Session, council: Council, manager: User,
        monkeypatch: pytest.MonkeyPatch) -> None:
    for n in (1, 2):
        _compliment(client, session, council, f"CMP-Q-{n:06d}")
    # The overview lists one of each; the list's own pages hold one each.
    monkeypatch.setattr("portal.cases.queries.DUE_OVERVIEW_LIMIT", 1)
    monkeypatch.setattr("portal.cases.queries.DUE_LIST_LIMIT", 1)
    overview = client.get("/staff/cases/due").text
    assert "See all 2 compliments to pass on" in overview
    second = client.get("/staff/cases/due?show=compliments&page=2")
    assert second.status_code == 200
    assert "CMP-Q-000002" in second.text
    assert "CMP-Q-000001" not in second.text
    assert client.get("/staff/cases/due?show=compliments&page=3").status_code == 404


# --- who may take these steps -----------------------------------------------------------


@pytest.mark.parametrize("slug", ["acknowledge-stage2", "response-plan", "compliment"])
@pytest.mark.parametrize("role", [Role.CHILDRENS_RIGHTS_OFFICER, Role.RESPONDING_MANAGER,
                                  Role.INVESTIGATING_OFFICER, Role.ADMINISTRATOR])
def test_only_case_managers_take_these_steps(client: FlaskClient, session: Session,
                                             council: Council, slug: str, role: Role) -> None:
    """Triage and the procedure are the complaints team's (portal/staff/access.py
    CASE_MANAGERS); an assigned role is refused even on its own case, and it is recorded."""
    user, _ = make_user(session, council, role)
    rep = make_case(session, council, f"CMP-R-{slug[:4].upper()}{list(Role).index(role):02d}")
    give(session, rep, user)
    sign_in_as(client, user)
    response = client.post(f"/staff/cases/{rep.reference}/{slug}", data={})
    # Administrators run accounts: a case is not theirs to see, so not found (access.deny).
    assert response.status_code == (404 if role is Role.ADMINISTRATOR else 403)
    if role is Role.ADMINISTRATOR:
        return
    denied = session.scalars(select(AuditLog).where(
        AuditLog.representation_id == rep.id, AuditLog.user_id == user.id,
        AuditLog.allowed.is_(False))).all()
    assert len(denied) == 1
