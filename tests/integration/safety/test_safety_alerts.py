"""A child who may be at risk reaches a person the same day (DOMAIN.md, "Safety").

"Get help now" tells a child that a person has been told: that must be true even
if the child closes the page there. Sent forms and logged complaints that say a
child may be at risk reach the children's rights officer and the council's
safeguarding contact at once, and stay urgent until a person records what they did.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from flask_babel import refresh
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.cases import CaseEvent
from portal.models.councils import Council
from portal.models.mail import OutgoingMail
from portal.models.safety import SafetyAlert
from portal.models.staff import AuditLog, Role, User
from portal.safety import services as safety
from portal.vocab.safety import AlertSource, SafeguardingAction
from tests.factories import make_user
from tests.support.journey import CHILD_COMPLAINT, check_page, confirmation, post_step, send, walk
from tests.support.pages import parse
from tests.support.staff import sign_in_as

FRONT_DOOR = "front-door@riverside.example"  # the demo council's safeguarding contact


#: Each test gets its own draft folder and a fresh rate-limit count.
pytestmark = pytest.mark.usefixtures("own_drafts")


@pytest.fixture
def officer(session: Session, council: Council) -> User:
    user, _ = make_user(session, council, Role.CHILDRENS_RIGHTS_OFFICER)
    return user


def newest_alert(session: Session) -> SafetyAlert:
    # Rows other tests committed may remain on SQLite: read this test's, the newest.
    alert = session.scalars(select(SafetyAlert).order_by(SafetyAlert.id.desc())).first()
    assert alert is not None
    return alert


def mail_to(session: Session, address: str, *, after: int = 0) -> list[OutgoingMail]:
    return list(session.scalars(select(OutgoingMail).where(
        OutgoingMail.to_address == address, OutgoingMail.purpose == safety.PURPOSE,
        OutgoingMail.id > after).order_by(OutgoingMail.id)))


def last_mail_id(session: Session) -> int:
    return session.scalar(select(OutgoingMail.id).order_by(OutgoingMail.id.desc())) or 0


def answer_not_safe(client: FlaskClient, *, lang: str | None = None) -> None:
    client.get("/complaint/start", query_string={"kind": "complaint",
                                                  **({"lang": lang} if lang else {})})
    assert post_step(client, "who-are-you", {"submitter": "child"}).status_code == 302
    response = post_step(client, "are-you-safe", {"safe": "no"})
    assert response.headers["Location"].endswith("/complaint/get-help-now")


# --- "Get help now" keeps its promise ------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_child_who_says_they_are_not_safe_and_stops_there_reaches_a_person(
        client: FlaskClient, session: Session, officer: User, lang: str) -> None:
    before = last_mail_id(session)
    answer_not_safe(client, lang=lang)
    refresh()
    page = check_page(client.get("/complaint/get-help-now"))
    # The page's promise...
    assert page.select_one("#person-told") is not None
    # ...is already kept, before the child does anything else: an alert, and emails.
    alert = newest_alert(session)
    assert alert.source is AlertSource.NOT_SAFE_ANSWER
    assert alert.representation_id is None
    assert alert.is_open
    assert alert.signals == [safety.NOT_SAFE]
    assert alert.submitter == "child"
    assert alert.locale == lang
    to_officer = mail_to(session, officer.email, after=before)
    to_front_door = mail_to(session, FRONT_DOOR, after=before)
    assert len(to_officer) == 1
    assert len(to_front_door) == 1
    assert "not safe" in to_officer[0].subject
    assert f"/staff/safety/{alert.id}" in to_officer[0].body
    assert alert.told >= 2


def test_answering_again_or_reloading_tells_nobody_twice(
        client: FlaskClient, session: Session, officer: User) -> None:
    before = last_mail_id(session)
    answer_not_safe(client)
    client.get("/complaint/get-help-now")
    post_step(client, "are-you-safe", {"safe": "not_sure"})
    client.get("/complaint/get-help-now")
    assert len(mail_to(session, officer.email, after=before)) == 1
    key = newest_alert(session).draft_key
    assert len(session.scalars(select(SafetyAlert).where(SafetyAlert.draft_key == key)).all()) == 1


def test_the_help_page_promises_nothing_when_nobody_was_told(client: FlaskClient) -> None:
    client.get("/complaint/start", query_string={"kind": "complaint"})
    page = check_page(client.get("/complaint/get-help-now"))
    assert page.select_one("#person-told") is None
    assert "We have told a person" not in page.get_text()


def test_a_child_who_says_they_are_safe_raises_nothing(
        client: FlaskClient, session: Session) -> None:
    before = session.scalar(select(SafetyAlert.id).order_by(SafetyAlert.id.desc())) or 0
    walk(client, "complaint", CHILD_COMPLAINT)
    send(client)
    newest = session.scalar(select(SafetyAlert.id).order_by(SafetyAlert.id.desc())) or 0
    assert newest == before


def test_every_number_on_the_help_page_is_a_tel_link(client: FlaskClient) -> None:
    answer_not_safe(client)
    page = parse(client.get("/complaint/get-help-now"))
    links = {a["href"] for a in page.select("main a[href^='tel:']")}
    assert {"tel:999", "tel:08001111", "tel:03001234567"} <= links
    for link in page.select("main a[href^='tel:']"):
        assert link["dir"] == "ltr"


# --- the child carries on and sends ---------------------------------------------------------


def test_carrying_on_links_the_case_to_the_alert_and_tells_again_with_the_reference(
        client: FlaskClient, session: Session, officer: User) -> None:
    before = last_mail_id(session)
    answers = {**CHILD_COMPLAINT, "are-you-safe": {"safe": "no"}}
    walk(client, "complaint", answers)
    alert_before = newest_alert(session)
    assert alert_before.representation_id is None
    page = check_page(send(client))
    reference, _ = confirmation(page)
    alert = newest_alert(session)
    assert alert.id == alert_before.id  # one story, not two
    rep = alert.representation
    assert rep is not None
    assert rep.reference == reference
    assert rep.urgent
    mails = mail_to(session, officer.email, after=before)
    assert len(mails) == 2
    assert reference in mails[1].subject
    assert reference in mails[1].body
    # The confirmation page says who to call now, each a number a phone can call.
    help_now = page.select_one("#help-now")
    assert help_now is not None
    assert {a["href"] for a in help_now.select("a")} >= {"tel:999", "tel:08001111"}
    assert session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id,
        CaseEvent.type == "safety_alert_raised")).first() is not None


def test_words_of_harm_in_a_sent_form_raise_an_alert_naming_them(
        client: FlaskClient, session: Session, officer: User) -> None:
    before = last_mail_id(session)
    answers = {**CHILD_COMPLAINT,
               "what-happened": {"description": "He hit me. I want to kill myself."}}
    walk(client, "complaint", answers)
    page = check_page(send(client))
    reference, _ = confirmation(page)
    alert = newest_alert(session)
    assert alert.source is AlertSource.SUBMISSION
    assert alert.representation is not None
    assert alert.representation.reference == reference
    assert "hit" in alert.signals
    assert "kill myself" in alert.signals
    assert safety.NOT_SAFE not in alert.signals
    (mail,) = mail_to(session, officer.email, after=before)
    assert "hit" in mail.body
    assert "kill myself" in mail.body
    assert page.select_one("#help-now") is not None


# --- a person records what they did ---------------------------------------------------------


def test_the_officer_records_the_decision_from_the_case_page(
        client: FlaskClient, session: Session, officer: User) -> None:
    walk(client, "complaint", {**CHILD_COMPLAINT, "are-you-safe": {"safe": "no"}})
    reference, _ = confirmation(parse(send(client)))
    alert = newest_alert(session)
    sign_in_as(client, officer)
    case_page = parse(client.get(f"/staff/cases/{reference}"))
    banner = case_page.select_one("#safety-alert")
    assert banner is not None
    assert "A child may be at risk" in banner.get_text()
    form = banner.select_one("form")
    assert form["action"] == f"/staff/safety/{alert.id}/decide"
    assert client.get("/staff/safety/").get_data(as_text=True).count(
        f"/staff/safety/{alert.id}") >= 1

    response = client.post(form["action"], data={"action": "front_door",
                                                  "note": "Rang the MASH at 10:20."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/cases/{reference}")
    session.refresh(alert)
    assert not alert.is_open
    assert alert.action is SafeguardingAction.FRONT_DOOR
    assert alert.decided_by_id == officer.id
    assert alert.note == "Rang the MASH at 10:20."
    assert session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == alert.representation_id,
        CaseEvent.type == "safeguarding_decided")).first() is not None
    assert session.scalars(select(AuditLog).where(
        AuditLog.user_id == officer.id, AuditLog.action == "safeguarding_decided")).first()
    decided = parse(client.get(f"/staff/cases/{reference}")).select_one("#safety-alert")
    assert decided.select_one("form") is None
    assert "Referred to the children's services front door" in decided.get_text()
    # A decision is part of the record: it is never rewritten.
    again = client.post(form["action"], data={"action": "no_action", "note": "x"})
    assert again.status_code == 409


def test_no_action_needs_a_reason_and_the_form_keeps_what_was_chosen(
        client: FlaskClient, session: Session, officer: User) -> None:
    answer_not_safe(client)
    alert = newest_alert(session)
    sign_in_as(client, officer)
    response = client.post(f"/staff/safety/{alert.id}/decide", data={"action": "no_action"})
    assert response.status_code == 409
    page = parse(response)
    assert "Write why" in page.select_one(".govuk-error-summary").get_text()
    assert page.select_one("input[value=no_action]").has_attr("checked")
    session.refresh(alert)
    assert alert.is_open
    missing = client.post(f"/staff/safety/{alert.id}/decide", data={})
    assert missing.status_code == 400
    ok = client.post(f"/staff/safety/{alert.id}/decide",
                     data={"action": "cannot_contact", "note": "No details were given."})
    assert ok.status_code == 302
    assert ok.headers["Location"].endswith("/staff/safety/")


def test_an_alert_of_another_council_or_none_is_404(
        client: FlaskClient, session: Session, officer: User) -> None:
    sign_in_as(client, officer)
    assert client.get("/staff/safety/999999999").status_code == 404
    assert client.get("/staff/safety/99999999999999999999").status_code == 404


def test_an_investigating_officer_cannot_read_alerts(
        client: FlaskClient, session: Session, council: Council) -> None:
    investigator, _ = make_user(session, council, Role.INVESTIGATING_OFFICER)
    sign_in_as(client, investigator)
    assert client.get("/staff/safety/").status_code == 403


# --- offline, and nobody to tell ------------------------------------------------------------


def test_an_urgent_phone_call_logged_by_an_officer_raises_an_alert(
        client: FlaskClient, session: Session, council: Council, officer: User) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    sign_in_as(client, manager)
    before = last_mail_id(session)
    response = client.post("/staff/cases/new", data={
        "method": "telephone", "received_on": ["20", "11", "2026"], "kind": "complaint",
        "submitter": "grandparent", "for_whom": "child", "service": "social_work",
        "language": "en", "description": "She says he hit her last night."})
    assert response.status_code == 302, parse(response).select_one(".govuk-error-summary")
    alert = newest_alert(session)
    assert alert.source is AlertSource.OFFLINE
    assert "hit" in alert.signals
    assert alert.representation is not None
    assert alert.representation.urgent
    assert len(mail_to(session, officer.email, after=before)) == 1


def test_with_no_children_s_rights_officer_the_complaints_managers_are_told(
        session: Session, council: Council) -> None:
    # Deactivate every children's rights officer other tests left behind.
    for user in session.scalars(select(User).where(
            User.role == Role.CHILDRENS_RIGHTS_OFFICER)):
        user.active = False
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    assert manager in safety.recipients(session, council)


def test_the_signals_are_the_answer_the_mark_and_each_harm_word_once(
        council: Council) -> None:
    from portal.councils.services import routing_settings_for

    found = safety.signals(not_safe=True, marked_urgent=True,
                           texts=("He hit me.", None, "he HIT ME again"),
                           settings=routing_settings_for(council))
    assert found == [safety.NOT_SAFE, safety.MARKED_URGENT, "hit"]
    assert safety.signals(not_safe=False, texts=("All fine.",),
                          settings=routing_settings_for(council)) == []



# --- words of harm, at the moment they are written ------------------------------------------


def test_words_of_harm_show_who_to_call_at_once_then_the_journey_goes_on(
        client: FlaskClient, session: Session) -> None:
    answers = dict(CHILD_COMPLAINT)
    client.get("/complaint/start", query_string={"kind": "complaint"})
    for slug in ("who-are-you", "are-you-safe", "about-the-child", "what-is-it-about",
                 "anything-else"):
        assert post_step(client, slug, answers[slug]).status_code == 302
    response = post_step(client, "what-happened",
                         {"description": "He hit me. I want to kill myself."})
    assert response.headers["Location"].endswith("/complaint/get-help-now?after=what-happened")
    page = check_page(client.get(response.headers["Location"]))
    text = page.get_text(" ", strip=True)
    assert "If someone is hurting you" in text
    assert {a["href"] for a in page.select("main a[href^='tel:']")} >= {"tel:999",
                                                                     "tel:08001111"}
    # They said they were safe: nobody has been told yet, so the page does not say so...
    assert page.select_one("#person-told") is None
    # ...it says what is true: a person reads it today once it is sent.
    assert "a person will read it today" in text
    assert page.select_one(".govuk-back-link")["href"].endswith("/complaint/what-happened")
    carry_on = page.select_one("main a.govuk-button")["href"]
    assert carry_on.endswith("/complaint/add-files")


def test_words_of_harm_while_changing_an_answer_return_to_check_answers(
        client: FlaskClient) -> None:
    walk(client, "complaint", CHILD_COMPLAINT)
    response = post_step(client, "how-it-affected-you", {"how_affected": "I am scared."},
                         change=1)
    location = response.headers["Location"]
    assert "/complaint/get-help-now?after=how-it-affected-you" in location
    assert "change=1" in location
    page = parse(client.get(location))
    assert page.select_one("main a.govuk-button")["href"].endswith("/complaint/check-answers")


def test_answers_without_words_of_harm_go_straight_on(client: FlaskClient) -> None:
    client.get("/complaint/start", query_string={"kind": "complaint"})
    for slug in ("who-are-you", "are-you-safe", "about-the-child", "what-is-it-about",
                 "anything-else"):
        post_step(client, slug, CHILD_COMPLAINT[slug])
    response = post_step(client, "what-happened", CHILD_COMPLAINT["what-happened"])
    assert response.headers["Location"].endswith("/complaint/add-files")
