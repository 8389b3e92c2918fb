"""Following a complaint: lookup, status, messages, take it further, withdraw, rate limit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.cases import Message, Representation
from portal.vocab.cases import CaseStatus, MessageAuthor, Outcome
from tests.support.journey import CHILD_COMPLAINT, check_page, confirmation, send, walk
from tests.support.pages import parse
from tests.support.rows import events_of

#: Each test gets its own draft folder and a fresh rate-limit count.
pytestmark = pytest.mark.usefixtures("own_drafts")


@pytest.fixture
def sent(client: FlaskClient, session: Session) -> tuple[str, str, Representation]:
    """A child's complaint sent from this client; the tracking session is then forgotten."""
    walk(client, "complaint", CHILD_COMPLAINT)
    reference, code = confirmation(parse(send(client)))
    client.post("/track/leave")
    entry = session.scalars(select(Representation).where(
        Representation.reference == reference)).one()
    return reference, code, entry


def test_track_page_renders(client: FlaskClient) -> None:
    page = check_page(client.get("/track"))
    assert page.find("h1").get_text(strip=True) == "See what is happening"


def test_case_page_needs_a_lookup_first(client: FlaskClient, sent) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/track/case").headers["Location"].endswith("/track")


@pytest.mark.parametrize("typed", [
    "{code}",
    "{code_lower}",  # lower case
    "{code_plain}",  # no dashes
    " {code_spaced} ",  # spaces instead of dashes, with padding
])
def test_good_lookup_shows_status_deadline_and_keeps_access(
        client: FlaskClient, sent, typed: str) -> None:  # type: ignore[no-untyped-def]
    reference, code, _entry = sent
    value = typed.format(code=code, code_lower=code.lower(), code_plain=code.replace("-", ""),
                         code_spaced=code.replace("-", " "))
    response = client.post("/track", data={"reference": reference.lower(), "code": value})
    assert response.status_code == 302
    page = check_page(client.get("/track/case"))
    assert "A person is reading it" in page.select_one("#status").get_text()
    assert "We will answer by" in page.get_text(" ", strip=True)
    assert "You asked for an advocate" in page.get_text(" ", strip=True)  # what happens next
    # Access is kept for a while: no code needed for the next page.
    assert client.get("/track/case").status_code == 200


def test_wrong_reference_and_wrong_code_get_the_same_answer(client: FlaskClient, sent
                                                            ) -> None:  # type: ignore[no-untyped-def]
    reference, code, _entry = sent
    wrong_code = client.post("/track", data={"reference": reference, "code": "0" * 20})
    wrong_ref = client.post("/track", data={"reference": "CMP-1999-999999", "code": code})
    assert wrong_code.status_code == wrong_ref.status_code == 400
    first = parse(wrong_code).select_one(".govuk-error-summary").get_text(" ", strip=True)
    second = parse(wrong_ref).select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert first == second
    check_page(wrong_code, errors=True)
    assert client.get("/track/case").status_code == 302


@pytest.mark.parametrize(("form", "message"), [
    ({}, "Enter your reference"),
    ({"reference": "CMP-2026-000001"}, "Enter your tracking code"),
    ({"reference": "<script>", "code": "x" * 10_000}, "We could not find that"),
    ({"reference": "مرحبا 😢", "code": "\x00\x01"}, "We could not find that"),
])
def test_bad_lookups_get_a_clear_error(client: FlaskClient, form: dict[str, str], message: str
                                       ) -> None:
    response = client.post("/track", data=form)
    page = check_page(response, errors=True)
    assert message in page.select_one(".govuk-error-summary").get_text()
    assert "<script>" not in response.get_data(as_text=True)


def test_lookups_are_rate_limited(client: FlaskClient, app: Flask,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "TRACK_RATE_LIMIT", "3 per minute")
    statuses = [client.post("/track", data={"reference": "CMP-2026-000001",
                                            "code": "0" * 20}).status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    # Reading the page is never counted or refused: only forms sent are limited.
    assert {client.get("/track").status_code for _ in range(5)} == {200}


def test_messages_from_the_council_and_replies(client: FlaskClient, session: Session, sent
                                               ) -> None:  # type: ignore[no-untyped-def]
    reference, code, entry = sent
    session.add(Message(representation_id=entry.id, author=MessageAuthor.COUNCIL,
                        body="Hello Sam.\nCan we meet on <b>Tuesday</b>?"))
    session.commit()
    client.post("/track", data={"reference": reference, "code": code})
    page = check_page(client.get("/track/case"))
    html = str(page.select_one("#messages").find_next("div"))
    assert "&lt;b&gt;Tuesday&lt;/b&gt;" in html  # the council's text is escaped too
    response = client.post("/track/case/reply", data={"message": "Yes ✅ <i>please</i>"})
    assert response.status_code == 302
    page = check_page(client.get("/track/case"))
    assert "We have sent your message." in page.get_text()
    replies = session.scalars(select(Message).where(
        Message.representation_id == entry.id, Message.author == MessageAuthor.COMPLAINANT)
    ).all()
    assert [m.body for m in replies] == ["Yes ✅ <i>please</i>"]  # as typed, escaped on output
    assert events_of(session, entry, "message_from_complainant")


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Write your message"),
    (" \n ", "Write your message"),  # nothing but white space
    ("x" * 5001, "5,000 characters or fewer"),
])
def test_reply_errors_keep_what_was_typed(client: FlaskClient, sent, typed: str, message: str
                                          ) -> None:  # type: ignore[no-untyped-def]
    reference, code, _entry = sent
    client.post("/track", data={"reference": reference, "code": code})
    response = client.post("/track/case/reply", data={"message": typed})
    page = check_page(response, errors=True)
    assert message in page.select_one(".govuk-error-summary").get_text()
    assert page.select_one("textarea#message").get_text() == typed


def test_take_it_further_after_an_answer(client: FlaskClient, session: Session, sent
                                         ) -> None:  # type: ignore[no-untyped-def]
    reference, code, entry = sent
    client.post("/track", data={"reference": reference, "code": code})
    # Not yet: stage 1 is still running.
    assert "take it further" not in client.get("/track/case").get_data(as_text=True)
    assert client.get("/track/case/take-it-further").status_code == 302
    # The council answers: stage 1 closes and the complainant may escalate.
    entry.stage(1).closed_on = date.today()
    entry.status = CaseStatus.AWAITING_NEXT_STAGE
    session.commit()
    page = check_page(client.get("/track/case"))
    assert "If you are not happy with it" in page.select_one("#status").get_text()
    link = page.find("a", string="I am not happy with the answer: take it further")
    page = check_page(client.get(link["href"]))
    assert page.find("h1").get_text(strip=True) == "Why are you not happy with our answer?"
    response = client.post(link["href"], data={"reason": "Nothing changed <b>at all</b>"})
    assert response.status_code == 302
    session.refresh(entry)
    assert entry.status is CaseStatus.STAGE2
    assert entry.stage(2).requested_on is not None
    (event,) = events_of(session, entry, "next_stage_requested")
    assert event.data == {"stage": 2, "late": False,
                          "reason": "Nothing changed <b>at all</b>"}  # as typed
    assert "We have got your request" in client.get("/track/case").get_data(as_text=True)


def test_the_window_to_ask_again_shows_its_last_day_and_then_closes(
        client: FlaskClient, session: Session, sent) -> None:  # type: ignore[no-untyped-def]
    """The complainant has 20 working days to ask for the next stage (2006 Regulations
    regs. 15(2), 18(2)): the page gives the last day, and once it has passed it says the
    window closed, offers no request, and says how a person can still look at it."""
    reference, code, entry = sent
    today = date.today()
    entry.stage(1).closed_on = today - timedelta(days=10)
    entry.status = CaseStatus.AWAITING_NEXT_STAGE
    session.commit()
    client.post("/track", data={"reference": reference, "code": code})
    page = client.get("/track/case").get_data(as_text=True)
    assert "You can ask us to look again until" in page
    assert "take it further" in page

    entry.stage(1).closed_on = today - timedelta(days=60)  # past 20 working days
    session.commit()
    page = check_page(client.get("/track/case"))
    closed = page.select_one("#window-closed").get_text()
    assert "The time to ask us to look again ended on" in closed
    assert "send us a message" in closed
    assert "take it further" not in page.get_text()
    assert client.post("/track/case/take-it-further", data={"reason": ""}).status_code == 302
    assert not events_of(session, entry, "next_stage_requested")


def test_no_further_stage_after_the_last(client: FlaskClient, session: Session, sent
                                         ) -> None:  # type: ignore[no-untyped-def]
    reference, code, entry = sent
    entry.stage(1).closed_on = date.today()
    entry.status = CaseStatus.AWAITING_NEXT_STAGE
    entry.procedure = entry.procedure.ADULT_STATUTORY  # one local stage only
    session.commit()
    client.post("/track", data={"reference": reference, "code": code})
    assert client.get("/track/case/take-it-further").status_code == 302
    assert client.post("/track/case/take-it-further").status_code == 302
    assert not events_of(session, entry, "next_stage_requested")


def test_withdraw_with_confirmation(client: FlaskClient, session: Session, sent
                                    ) -> None:  # type: ignore[no-untyped-def]
    reference, code, entry = sent
    client.post("/track", data={"reference": reference, "code": code})
    check_page(client.get("/track/case/withdraw"))
    page = check_page(client.post("/track/case/withdraw", data={}), errors=True)
    assert "Choose yes or no" in page.get_text()
    response = client.post("/track/case/withdraw", data={"confirm": "no"})
    assert response.headers["Location"].endswith("/track/case")
    session.refresh(entry)
    assert entry.status is CaseStatus.NEW
    client.post("/track/case/withdraw", data={"confirm": "yes"})
    session.refresh(entry)
    assert entry.status is CaseStatus.WITHDRAWN
    assert entry.outcome is Outcome.WITHDRAWN
    assert entry.closed_at is not None
    assert events_of(session, entry, "withdrawn")[0].data == {"from_status": "new"}
    page = check_page(client.get("/track/case"))
    assert "We have stopped your complaint." in page.get_text()
    assert page.select_one("textarea#message") is None
    # Once stopped, it cannot be stopped again.
    assert client.get("/track/case/withdraw").status_code == 302


def test_tracking_access_expires(client: FlaskClient, app: Flask, sent,
                                 monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    reference, code, _entry = sent
    monkeypatch.setitem(app.config, "TRACK_MINUTES", 0)
    client.post("/track", data={"reference": reference, "code": code})
    assert client.get("/track/case").headers["Location"].endswith("/track")


def test_expired_csrf_on_reply_keeps_the_message(client: FlaskClient, app: Flask, sent,
                                                 monkeypatch: pytest.MonkeyPatch
                                                 ) -> None:  # type: ignore[no-untyped-def]
    reference, code, _entry = sent
    client.post("/track", data={"reference": reference, "code": code})
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post("/track/case/reply", data={"message": "Please call me",
                                                       "csrf_token": "stale"})
    page = check_page(response, errors=True)
    assert page.select_one("textarea#message").get_text() == "Please call me"


def test_confirmation_gives_access_to_the_case_at_once(client: FlaskClient) -> None:
    walk(client, "complaint", CHILD_COMPLAINT)
    send(client)
    assert client.get("/track/case").status_code == 200


def test_a_compliment_cannot_be_withdrawn(client: FlaskClient) -> None:
    pages = {"who-are-you": {"submitter": "child"}, "are-you-safe": {"safe": "yes"},
             "what-is-it-about": {"service": "fostering"},
             "anything-else": {"also": ["none"]},
             "what-happened": {"description": "Thank you!"},
             "contact": {"contact_methods": ["none"]}, "help-to-take-part": {}}
    walk(client, "compliment", pages)
    send(client)
    page = check_page(client.get("/track/case"))
    assert page.find("a", href="/track/case/withdraw") is None
    assert client.get("/track/case/withdraw").status_code == 302
