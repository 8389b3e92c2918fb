"""A child turns down their advocate from the tracking page, in their own words.

The objection is recorded exactly as one staff record (the same service): the
advocate stops and loses access, is never suggested again for this child, and
the provider's coordinator is asked by email to assign another. The pages show
nothing about the advocate beyond "your advocate".
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.advocacy import queries, services
from portal.models.advocacy import AdvocacyCase
from portal.models.cases import CaseEvent, Representation
from portal.models.councils import Council
from portal.models.mail import OutgoingMail
from portal.models.staff import Role, User
from portal.vocab.advocacy import AdvocacyStatus
from tests.support.advocacy import (
    make_account,
    make_advocate,
    make_provider,
    offered,
)
from tests.support.journey import CHILD_COMPLAINT, check_page, confirmation, send, walk
from tests.support.pages import parse

QUESTION = "/track/case/new-advocate"
WHY = "/track/case/new-advocate/why"
DONE = "/track/case/new-advocate/done"


#: Each test gets its own draft folder and a fresh rate-limit count.
pytestmark = pytest.mark.usefixtures("own_drafts")


def _send(client: FlaskClient, session: Session, pages: dict) -> Representation:  # type: ignore[type-arg]
    walk(client, "complaint", pages)
    reference, code = confirmation(parse(send(client)))
    client.post("/track/leave")
    client.post("/track", data={"reference": reference, "code": code})
    return session.scalars(select(Representation).where(
        Representation.reference == reference)).one()


def _with_advocate(session: Session, council: Council, rep: Representation
                   ) -> tuple[AdvocacyCase, User, User]:
    provider = make_provider(session, council)
    coordinator = make_account(session, council, Role.ADVOCACY_COORDINATOR,
                            provider_id=provider.id)
    advocate = make_advocate(session, council, provider, name="Alex Advocate")
    advocate.email = "alex.advocate@example.org"
    case = offered(session, rep)
    services.refer(session, case, provider, on=rep.received_on, actor=coordinator)
    services.assign(session, case, advocate.id, on=rep.received_on, actor=coordinator)
    session.commit()
    return case, advocate, coordinator


@pytest.fixture
def child_with_advocate(client: FlaskClient, session: Session, council: Council
                        ) -> tuple[Representation, AdvocacyCase, User, User]:
    rep = _send(client, session, CHILD_COMPLAINT)
    return (rep, *_with_advocate(session, council, rep))


def test_the_tracking_page_offers_it_without_naming_the_advocate(
        client: FlaskClient, child_with_advocate) -> None:  # type: ignore[no-untyped-def]
    _rep, _case, advocate, _ = child_with_advocate
    page = check_page(client.get("/track/case"))
    section = page.select_one("#advocate").find_parent().get_text(" ", strip=True)
    assert "Your advocate" in section
    assert page.select_one(f"a[href='{QUESTION}']").get_text(strip=True) == (
        "I do not want this advocate")
    for private in ("Alex", advocate.email):
        assert private not in page.get_text()


def test_no_advocate_no_link_and_no_way_in(client: FlaskClient, session: Session) -> None:
    _send(client, session, CHILD_COMPLAINT)
    page = check_page(client.get("/track/case"))
    assert page.select_one(f"a[href='{QUESTION}']") is None
    for url in (QUESTION, WHY):
        assert client.get(url).headers["Location"].endswith("/track/case")
        assert client.post(url, data={"wants_new": "yes"}).headers["Location"].endswith(
            "/track/case")


def test_saying_no_changes_nothing(client: FlaskClient, session: Session,
                                   child_with_advocate) -> None:  # type: ignore[no-untyped-def]
    rep, case, advocate, _ = child_with_advocate
    check_page(client.get(QUESTION))
    page = check_page(client.post(QUESTION, data={}), errors=True)
    assert "Choose yes or no" in page.select_one(".govuk-error-summary").get_text()
    assert page.select_one(".govuk-error-message .govuk-visually-hidden").get_text(
        strip=True) == "Error:"
    assert client.post(QUESTION, data={"wants_new": "no"}).headers["Location"].endswith(
        "/track/case")
    session.refresh(case)
    assert case.advocate_user_id == advocate.id
    # The second question is only reached by saying yes to the first.
    assert client.get(WHY).headers["Location"].endswith(QUESTION)


def test_the_child_turns_down_their_advocate_in_their_own_words(
        client: FlaskClient, session: Session,
        child_with_advocate) -> None:  # type: ignore[no-untyped-def]
    rep, case, advocate, coordinator = child_with_advocate
    assert client.post(QUESTION, data={"wants_new": "yes"}).headers["Location"].endswith(WHY)
    check_page(client.get(WHY))
    page = check_page(client.post(WHY, data={"reason": "x" * 5001}), errors=True)
    assert page.select_one("textarea#reason").get_text() == "x" * 5001  # kept, not lost
    response = client.post(WHY, data={"reason": "They do not listen to me. <b>Ever</b>"})
    assert response.headers["Location"].endswith(DONE)

    # Recorded as a staff-recorded objection is: the advocate is off the case for good.
    session.refresh(case)
    assert case.status is AdvocacyStatus.REFERRED
    assert case.advocate_user_id is None
    assert advocate.id in case.objected_advocate_ids
    assert not queries.advocate_may_see(session, advocate.id, rep.id)
    assert all(m.refusal is not None for m in services.suggestions(session, case)
               if m.advocate.user_id == advocate.id)
    (event,) = session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type == "advocacy_objection"))
    assert event.data["by"] == "child"
    assert event.data["reason"] == "They do not listen to me. <b>Ever</b>"  # as typed
    assert event.actor_user_id is None
    # The coordinator is asked to assign someone else.
    (mail,) = session.scalars(select(OutgoingMail).where(
        OutgoingMail.to_address == coordinator.email,
        OutgoingMail.purpose == "advocacy_new_advocate_needed"))
    assert rep.reference in mail.subject

    page = check_page(client.get(DONE))
    assert page.find("h1").get_text(strip=True) == "We will find you a new advocate"
    page = check_page(client.get("/track/case"))
    assert "We are finding you a new advocate." in page.get_text()
    assert page.select_one(f"a[href='{QUESTION}']") is None
    # Told once: the question cannot be asked again until a new advocate is assigned.
    assert client.get(QUESTION).headers["Location"].endswith("/track/case")


def test_the_reason_may_be_left_out(client: FlaskClient, session: Session,
                                    child_with_advocate) -> None:  # type: ignore[no-untyped-def]
    rep, case, _advocate, _ = child_with_advocate
    client.post(QUESTION, data={"wants_new": "yes"})
    assert client.post(WHY, data={"reason": ""}).headers["Location"].endswith(DONE)
    session.refresh(case)
    assert case.status is AdvocacyStatus.REFERRED


def test_the_confirmation_needs_the_objection(client: FlaskClient,
                                              child_with_advocate) -> None:  # type: ignore[no-untyped-def]
    assert client.get(DONE).headers["Location"].endswith("/track/case")


def test_in_welsh(client: FlaskClient, child_with_advocate) -> None:  # type: ignore[no-untyped-def]
    page = check_page(client.get(QUESTION + "?lang=cy"))
    assert page.find("h1").get_text(strip=True) == "Ydych chi eisiau eiriolwr newydd?"
    answers = [label.get_text(strip=True) for label in page.select(".govuk-radios__label")]
    assert answers == ["Ydw, rydw i eisiau eiriolwr newydd",
                       "Nac ydw, rydw i eisiau cadw fy eiriolwr"]
    page = check_page(client.post(QUESTION + "?lang=cy", data={}), errors=True)
    assert "Dewiswch ydw neu nac ydw" in page.get_text()


def test_an_adult_is_asked_about_the_child(client: FlaskClient, session: Session,
                                           council: Council) -> None:
    pages = {**CHILD_COMPLAINT, "who-are-you": {"submitter": "parent"}}
    rep = _send(client, session, pages)
    assert not rep.made_by_child
    _with_advocate(session, council, rep)
    page = check_page(client.get("/track/case"))
    assert page.select_one(f"a[href='{QUESTION}']").get_text(strip=True) == (
        "The child does not want this advocate")
    page = check_page(client.get(QUESTION))
    assert page.find("h1").get_text(strip=True) == "Does the child want a new advocate?"
    client.post(QUESTION, data={"wants_new": "yes"})
    client.post(WHY, data={"reason": ""})
    event = session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type == "advocacy_objection")).one()
    assert event.data["by"] == "complainant"


def test_a_stale_form_keeps_the_question(client: FlaskClient, app: Flask,
                                         child_with_advocate,  # type: ignore[no-untyped-def]
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    page = check_page(client.post(QUESTION, data={"wants_new": "yes"}), errors=True)
    assert "press the button again" in page.get_text()


def test_staff_see_who_told_us_and_why(client: FlaskClient, session: Session,
                                       child_with_advocate) -> None:  # type: ignore[no-untyped-def]
    from tests.support.staff import sign_in_as

    rep, _case, _advocate, coordinator = child_with_advocate
    client.post(QUESTION, data={"wants_new": "yes"})
    client.post(WHY, data={"reason": "I want someone who speaks Welsh."})
    sign_in_as(client, coordinator)
    page = parse(client.get(f"/advocacy/referrals/{rep.reference}"))
    timeline = page.select_one("#advocacy-timeline").get_text(" ", strip=True)
    assert "The child said on the tracking page" in timeline
    assert "I want someone who speaks Welsh." in timeline

