"""The intake journey through the test client: every page, every error, each journey."""

from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import refresh
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.complaints import queries, services
from portal.complaints.questions import STEPS
from portal.db.types import utcnow
from portal.mail.services import render_queued
from portal.models.cases import CaseEvent, Representation
from portal.models.councils import Council
from portal.models.mail import OutgoingMail
from portal.security.tokens import normalise_code, verify_tracking_code
from portal.vocab.cases import Kind, Method, PersonRole, Submitter
from tests.support.journey import CHILD_COMPLAINT, check_page, confirmation, post_step, send, walk
from tests.support.pages import parse
from tests.support.rows import count

#: Each test gets its own draft folder and a fresh rate-limit count.
pytestmark = pytest.mark.usefixtures("own_drafts")


def only(session: Session) -> Representation:
    """The entry this test made. (Counted from the newest: on SQLite the shared fixture's
    rollback does not undo commits made through savepoints, so rows of earlier tests remain.)"""
    return session.scalars(select(Representation).order_by(Representation.id.desc())).first()


# --- the start ------------------------------------------------------------------------------


def test_home_offers_three_choices_explained_and_what_an_advocate_is(client: FlaskClient
                                                                      ) -> None:
    page = check_page(client.get("/"))
    links = {a["href"] for a in page.select("main a")}
    for kind in ("complaint", "compliment", "comment"):
        assert f"/complaint/start?kind={kind}" in links
    text = page.get_text(" ", strip=True)
    assert "An advocate is someone who is on your side" in text
    assert "0300 123 4567" in text  # the council's duty line, from its settings
    assert "/track" in links


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.slug)
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_question_page_renders_with_one_h1_and_a_back_link(
        client: FlaskClient, step, lang: str) -> None:  # type: ignore[no-untyped-def]
    # Answer everything so any page may be visited (the change route from check answers);
    # "What should we call you?" is asked of an adult (a child gave it on "About you").
    submitter = "parent" if step.slug == "your-name" else "child"
    walk(client, "complaint", {**CHILD_COMPLAINT, "who-are-you": {"submitter": submitter}})
    # The test's app context outlives requests, and flask-babel caches the locale in g.
    refresh()
    response = client.get(f"/complaint/{step.slug}", query_string={"lang": lang, "change": 1})
    assert response.status_code == 200
    page = check_page(response)
    assert page.html["lang"] == lang
    assert page.select_one(".govuk-back-link")["href"].endswith("/complaint/check-answers")
    # The title stays neutral: it never repeats the question.
    assert page.find("h1").get_text(strip=True) not in page.title.get_text()
    assert page.select_one("#session-notice") is not None
    assert page.select_one("input[name=csrf_token]") is not None


def test_a_later_page_cannot_be_reached_by_url_before_the_earlier_ones(client: FlaskClient
                                                                       ) -> None:
    client.get("/complaint/start", query_string={"kind": "complaint"})
    response = client.get("/complaint/what-happened")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/complaint/who-are-you")


def test_unknown_question_is_404(client: FlaskClient) -> None:
    assert client.get("/complaint/no-such-page").status_code == 404


# --- journeys -------------------------------------------------------------------------------


def test_child_complaint_end_to_end(client: FlaskClient, session: Session) -> None:
    check = walk(client, "complaint", CHILD_COMPLAINT)
    page = check_page(check)
    summary = page.select_one(".govuk-summary-list").get_text(" ", strip=True)
    assert "My social worker never comes to see me." in summary
    assert "3 February 2026" in summary
    sent = send(client)
    page = check_page(sent)
    reference, code = confirmation(page)
    assert re.fullmatch(r"CMP-\d{4}-\d{6}", reference)
    # 20 symbols in five groups of four: 100 bits, easy to copy.
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}", code)  # 4 groups of 4
    text = page.get_text(" ", strip=True)
    assert "We will give you our answer by" in text

    entry = only(session)
    assert entry.reference == reference
    assert entry.kind is Kind.COMPLAINT
    assert entry.method is Method.ONLINE_FORM
    assert entry.submitter is Submitter.CHILD
    assert entry.made_by_child
    assert entry.route.value == "children_statutory"
    assert entry.advocacy.value == "requested"
    assert entry.wants_advocate
    assert entry.child_age == 12
    assert entry.looked_after_by == "this_council"
    assert entry.event_on.isoformat() == "2026-02-03"
    assert entry.stage(1) is not None
    assert entry.stage(1).due_on is not None
    assert entry.acknowledge_by is not None
    # Only a keyed hash of the code is kept.
    assert code.replace("-", "") not in (entry.tracking_code_hash or "")
    assert verify_tracking_code(entry.tracking_code_hash, code)
    complainant = entry.person(PersonRole.COMPLAINANT)
    assert complainant.email == "sam@example.com"
    assert complainant.contact_methods == ["email"]
    assert complainant.safe_to_contact_notes == "After school"
    assert complainant.needs == ["easy_read"]
    types = [e.type for e in entry.events]
    assert "submitted" in types
    assert "routed" in types
    mail = session.scalars(select(OutgoingMail).order_by(OutgoingMail.id.desc())).first()
    assert mail.to_address == "sam@example.com"
    assert mail.locale == "en"
    assert mail.sent_at is None  # queued, written and sent later by the worker
    render_queued(mail)
    assert reference in mail.body
    assert code not in mail.body


def test_adult_complaint_about_a_child(client: FlaskClient, session: Session) -> None:
    pages = {**CHILD_COMPLAINT, "who-are-you": {"submitter": "relative"},
             "about-the-child": {"child_name": "Jo", "child_age": "7", "in_care": "no"}}
    check = walk(client, "complaint", pages)
    page = check_page(check)
    # Adults are asked about "the child", not "you".
    assert "How old is the child?" in page.get_text(" ", strip=True)
    send(client)
    entry = only(session)
    assert entry.on_behalf_of_child
    assert not entry.made_by_child
    checks = {c.check.value for c in entry.checks}
    assert {"sufficient_interest", "child_agreement"} <= checks
    child = entry.person(PersonRole.CHILD)
    assert child.name == "Jo"
    assert child.age == 7
    assert entry.person(PersonRole.COMPLAINANT).relationship_to_child is Submitter.RELATIVE


def test_anonymous_complaint_keeps_nothing_identifying(client: FlaskClient, session: Session
                                                       ) -> None:
    pages = {**CHILD_COMPLAINT, "contact": {"contact_methods": ["none"], "name": "Sam",
                                            "safe_times": "never"}}
    walk(client, "complaint", pages)
    mails = count(session, OutgoingMail)
    page = check_page(send(client))
    reference, code = confirmation(page)
    entry = only(session)
    assert entry.anonymous
    person = entry.person(PersonRole.COMPLAINANT)
    assert (person.name, person.email, person.phone, person.safe_to_contact_notes) == (
        None, None, None, None)
    assert count(session, OutgoingMail) == mails
    # They can still follow it with the code.
    response = client.post("/track", data={"reference": reference, "code": code})
    assert response.status_code == 302


@pytest.mark.parametrize(("kind", "title"), [
    ("compliment", "Who do you want to thank, and why?"),
    ("comment", "What is your idea?"),
])
def test_compliment_and_comment_ask_fewer_questions(client: FlaskClient, session: Session,
                                                    kind: str, title: str) -> None:
    pages = {
        "who-are-you": {"submitter": "parent"},
        "are-you-safe": {"safe": "yes"},
        "what-is-it-about": {"service": "fostering"},
        "anything-else": {"also": ["none"]},
        "what-happened": {"description": "Our foster carer is brilliant."},
        "contact": {"contact_methods": ["phone"], "phone": "07700 900 982"},
        "your-name": {"name": ""},
        "help-to-take-part": {"needs": ["none"]},
    }
    client.get("/complaint/start", query_string={"kind": kind})
    post_step(client, "who-are-you", pages["who-are-you"])
    post_step(client, "are-you-safe", pages["are-you-safe"])
    post_step(client, "what-is-it-about", pages["what-is-it-about"])
    page = check_page(client.get("/complaint/what-happened"))
    assert page.find("h1").get_text(strip=True) == title
    walk(client, kind, pages)
    send(client)
    entry = only(session)
    assert entry.kind.value == kind
    assert entry.route.value == kind
    assert entry.stages == []
    assert entry.acknowledge_by is None
    assert entry.person(PersonRole.COMPLAINANT).phone == "07700 900 982"
    assert entry.person(PersonRole.COMPLAINANT).needs == []


def test_not_safe_now_shows_help_at_once_lets_them_carry_on_and_marks_urgent(
        client: FlaskClient, session: Session) -> None:
    client.get("/complaint/start", query_string={"kind": "complaint"})
    post_step(client, "who-are-you", {"submitter": "child"})
    response = post_step(client, "are-you-safe", {"safe": "no"})
    assert response.headers["Location"].endswith("/complaint/get-help-now")
    page = check_page(client.get("/complaint/get-help-now"))
    assert page.title.get_text().startswith("Useful phone numbers")  # neutral in history
    text = page.get_text(" ", strip=True)
    assert "999" in text
    assert "0800 1111" in text
    assert "0300 123 4567" in text
    assert "0300 123 4568" in text  # out of hours, also from the council's settings
    carry_on = page.select_one("main a.govuk-button")["href"]
    assert carry_on.endswith("/complaint/about-the-child")
    walk(client, "complaint", {**CHILD_COMPLAINT, "are-you-safe": {"safe": "no"}})
    send(client)
    entry = only(session)
    assert entry.in_danger_now
    assert entry.urgent


def test_not_sure_counts_as_not_safe(client: FlaskClient, session: Session) -> None:
    walk(client, "complaint", {**CHILD_COMPLAINT, "are-you-safe": {"safe": "not_sure"}})
    send(client)
    assert only(session).urgent


def test_welsh_journey_sends_welsh_acknowledgement(client: FlaskClient, session: Session
                                                   ) -> None:
    client.set_cookie("lang", "cy", domain="portal.test")
    refresh()  # flask-babel caches the locale in the test's long-lived app context
    check = walk(client, "complaint", CHILD_COMPLAINT)
    assert parse(check).html["lang"] == "cy"
    send(client)
    entry = only(session)
    assert entry.language == "cy"
    assert session.scalars(select(OutgoingMail).order_by(OutgoingMail.id.desc())
                           ).first().locale == "cy"


# --- going back, changing, leaving and coming back --------------------------------------------


def test_going_back_shows_what_was_typed(client: FlaskClient) -> None:
    walk(client, "complaint", CHILD_COMPLAINT)
    page = parse(client.get("/complaint/what-happened"))
    assert page.select_one("textarea#description").get_text() == (
        "My social worker never comes to see me.")
    page = parse(client.get("/complaint/when"))
    assert page.select_one("#event_on-year")["value"] == "2026"
    page = parse(client.get("/complaint/contact"))
    assert page.select_one("#email")["value"] == "sam@example.com"
    assert page.select_one("input[value=email]").has_attr("checked")


def test_change_link_returns_to_check_answers(client: FlaskClient, session: Session) -> None:
    check = walk(client, "complaint", CHILD_COMPLAINT)
    change = [a["href"] for a in parse(check).select(".govuk-summary-list__actions a")]
    assert any("/complaint/what-happened?change=1" in href for href in change)
    response = post_step(client, "what-happened", {"description": "Changed my mind."},
                         change=1)
    assert response.headers["Location"].endswith("/complaint/check-answers")
    assert "Changed my mind." in client.get("/complaint/check-answers").get_data(as_text=True)


def test_changing_a_comment_into_a_complaint_asks_the_new_questions(client: FlaskClient
                                                                   ) -> None:
    pages = {"who-are-you": {"submitter": "child"}, "are-you-safe": {"safe": "yes"},
             "what-is-it-about": {"service": "fostering"},
             "anything-else": {"also": ["none"]},
             "what-happened": {"description": "An idea."},
             "contact": {"contact_methods": ["none"]}, "help-to-take-part": {}}
    walk(client, "comment", pages)
    response = post_step(client, "what-do-you-want-to-do", {"kind": "complaint"}, change=1)
    assert response.headers["Location"].endswith("/complaint/about-the-child?change=1")


def test_leaving_and_coming_back_keeps_the_answers(client: FlaskClient) -> None:
    client.get("/complaint/start", query_string={"kind": "complaint"})
    post_step(client, "who-are-you", {"submitter": "child"})
    client.get("/privacy")
    # Pressing Start again carries on where they were.
    response = client.get("/complaint/start")
    assert response.headers["Location"].endswith("/complaint/are-you-safe")


def test_answers_forgotten_after_idle_timeout_keep_the_page_just_typed(
        client: FlaskClient, app: Flask) -> None:
    client.get("/complaint/start", query_string={"kind": "complaint"})
    post_step(client, "who-are-you", {"submitter": "child"})
    # The idle time passes: age every draft past SESSION_IDLE_MINUTES.
    old = time.time() - (app.config["SESSION_IDLE_MINUTES"] * 60 + 5)
    for draft in Path(app.config["DRAFT_DIR"]).glob("*.json"):
        os.utime(draft, (old, old))
    response = post_step(client, "are-you-safe", {"safe": "yes"})
    assert response.status_code == 302
    page = parse(client.get(response.headers["Location"], follow_redirects=True))
    assert "We kept the answer you just gave" in page.select_one("#journey-notice").get_text()
    response = client.get("/complaint/are-you-safe")  # not yet open: earlier answers gone
    assert response.headers["Location"].endswith("/complaint/what-do-you-want-to-do")


def test_expired_csrf_token_shows_the_page_again_with_what_was_typed(
        client: FlaskClient, app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    client.get("/complaint/start", query_string={"kind": "complaint"})
    typed = "Something long I wrote slowly. " * 20
    for slug, data in list(CHILD_COMPLAINT.items())[:4]:
        token = parse(client.get(f"/complaint/{slug}")).select_one(
            "input[name=csrf_token]")["value"]
        post_step(client, slug, {**data, "csrf_token": token})
    response = post_step(client, "what-happened",
                         {"description": typed, "csrf_token": "expired-or-forged"})
    page = check_page(response, errors=True)
    assert "open for a long time" in page.select_one(".govuk-error-summary").get_text()
    assert page.select_one("textarea#description").get_text() == typed
    fresh = page.select_one("input[name=csrf_token]")["value"]
    response = post_step(client, "what-happened", {"description": typed, "csrf_token": fresh})
    assert response.status_code == 302


# --- sending once ---------------------------------------------------------------------------


def test_double_submit_creates_one_entry(client: FlaskClient, session: Session) -> None:
    walk(client, "complaint", CHILD_COMPLAINT)
    entries, mails = count(session, Representation), count(session, OutgoingMail)
    first = client.post("/complaint/check-answers")
    second = client.post("/complaint/check-answers")
    assert first.status_code == second.status_code == 302
    assert count(session, Representation) == entries + 1
    assert count(session, OutgoingMail) == mails + 1


def test_submit_service_is_idempotent_even_when_a_concurrent_request_wins(
        app: Flask, session: Session, council: Council, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = {"kind": "complaint", "submitter": "child", "safe": "yes",
               "service": "social_work", "description": "x", "contact_methods": ["none"]}
    before = count(session, Representation)
    key = secrets.token_hex(16)
    with app.test_request_context():
        first = services.submit(session, council=council, answers=answers,
                                submission_key=key, tracking_code="A" * 20,
                                locale="en", now=utcnow())
        again = services.submit(session, council=council, answers=answers,
                                submission_key=key, tracking_code="A" * 20,
                                locale="en", now=utcnow())
        assert again.id == first.id
        # The race: the check found nothing, then the insert hit the unique key.
        real = queries.by_submission_key
        calls = iter([None])
        monkeypatch.setattr(queries, "by_submission_key",
                            lambda s, k: next(calls, None) or real(s, k))
        raced = services.submit(session, council=council, answers=answers,
                                submission_key=key, tracking_code="A" * 20,
                                locale="en", now=utcnow())
        assert raced.id == first.id
        monkeypatch.undo()
    assert count(session, Representation) == before + 1


def test_references_count_up_per_council_and_year(app: Flask, session: Session,
                                                  council: Council) -> None:
    # Years no journey uses (each run has its own database).
    numbers = [services.next_reference(session, council, 2041) for _ in range(3)]
    assert numbers == ["CMP-2041-000001", "CMP-2041-000002", "CMP-2041-000003"]
    assert services.next_reference(session, council, 2042) == "CMP-2042-000001"


# --- bad input: a clear error, or stored as typed and shown escaped ---------------------------

REQUIRED = [
    ("what-do-you-want-to-do", "kind"),
    ("who-are-you", "submitter"),
    ("are-you-safe", "safe"),
    ("what-is-it-about", "service"),
    ("what-happened", "description"),
    ("advocate", "wants_advocate"),
    ("contact", "contact_methods"),
]


@pytest.mark.parametrize(("slug", "field"), REQUIRED)
def test_empty_required_answer_gets_a_clear_error(client: FlaskClient, slug: str, field: str
                                                  ) -> None:
    walk(client, "complaint", CHILD_COMPLAINT)
    response = post_step(client, slug, {}, change=1)
    page = check_page(response, errors=True)
    assert page.select_one(".govuk-error-summary__title").get_text(strip=True) == (
        "There is a problem")
    assert page.select_one(".govuk-error-message .govuk-visually-hidden").get_text() == "Error:"


BAD = [
    # (slug, form, expected error text)
    ("what-happened", {"description": "x" * 20_000}, "10,000 characters or fewer"),
    # Only NUL characters: nothing left to read once they go (no database can hold one).
    ("what-happened", {"description": "\x00\x00"}, "Write your answer in words"),
    ("when", {"event_on-day": "1", "event_on-month": "1", "event_on-year": "2099"},
     "today or in the past"),
    ("when", {"event_on-day": "31", "event_on-month": "2", "event_on-year": "2026"},
     "real date"),
    ("when", {"event_on-day": "x", "event_on-month": "2", "event_on-year": "2026"}, "real date"),
    ("when", {"event_on-day": "1", "event_on-month": "2", "event_on-year": "26"}, "real date"),
    ("when", {"event_on-day": "", "event_on-month": "2", "event_on-year": "2026"},
     "a day, a month and a year"),
    ("when", {"event_on-day": "1", "event_on-month": "1", "event_on-year": "1999"},
     "after 1 January 2000"),
    ("about-the-child", {"child_age": "two hundred"}, "age from 0 to 25"),
    ("about-the-child", {"child_age": "٣"}, "age from 0 to 25"),  # Arabic-Indic digit
    ("contact", {"contact_methods": ["email"], "email": "not-an-email"}, "email address like"),
    ("contact", {"contact_methods": ["email"]}, "Enter your email address"),
    ("contact", {"contact_methods": ["phone"], "phone": "call me"}, "phone number"),
    ("contact", {"contact_methods": ["email", "none"], "email": "a@b.co"}, "cannot pick this"),
    ("who-are-you", {"submitter": "<b>king</b>"}, "Choose who you are"),
    ("help-to-take-part", {"needs": ["interpreter"]}, "which language"),
]


@pytest.mark.parametrize(("slug", "form", "message"), BAD)
def test_bad_input_gets_a_clear_error_and_keeps_what_was_typed(
        client: FlaskClient, slug: str, form: dict[str, str], message: str) -> None:
    walk(client, "complaint", CHILD_COMPLAINT)
    response = post_step(client, slug, form, change=1)
    page = check_page(response, errors=True)
    assert message in page.select_one(".govuk-error-summary").get_text(" ", strip=True)
    for name, value in form.items():
        if isinstance(value, str) and name != "submitter":
            shown = page.find(attrs={"name": name})
            typed = shown.get_text() if shown.name == "textarea" else shown.get("value", "")
            assert typed == value.replace("\x00", "") or typed.strip() == value.strip()


TEXTS = [
    # Right-to-left and emoji are stored exactly as typed.
    ("مرحبا، لم يزرني أحد 😢👍🏽", "مرحبا، لم يزرني أحد 😢👍🏽"),
    ("שלום — nobody came", "שלום — nobody came"),
    # What looks like markup is the child's words too: kept, and escaped on every page.
    ('He said <b>no</b> & 5 < 6 <img src=x onerror=alert(1)>',
     'He said <b>no</b> & 5 < 6 <img src=x onerror=alert(1)>'),
    # Line breaks become \n; control characters stay; only NUL goes.
    ("line one\r\nline two\x07\x1b\x00", "line one\nline two\x07\x1b"),
]


@pytest.mark.parametrize(("typed", "stored"), TEXTS)
def test_free_text_is_stored_exactly_as_typed_and_shown_escaped(
        client: FlaskClient, session: Session, typed: str, stored: str) -> None:
    walk(client, "complaint", {**CHILD_COMPLAINT, "what-happened": {"description": typed}})
    check = client.get("/complaint/check-answers")
    assert "<b>no</b>" not in check.get_data(as_text=True)
    assert "<img" not in check.get_data(as_text=True)
    page = send(client)
    assert page.status_code == 200
    entry = only(session)
    assert entry.description == stored


def test_markup_in_a_name_is_escaped_on_check_answers(client: FlaskClient) -> None:
    # The name is asked of an adult, after the ways to contact them.
    walk(client, "complaint", {**CHILD_COMPLAINT, "who-are-you": {"submitter": "parent"},
                               "your-name": {
        "name": "<script>x</script>Sam \"quoted\" & 'me'"}})
    html = client.get("/complaint/check-answers").get_data(as_text=True)
    assert "<script>x" not in html
    assert "Sam &#34;quoted&#34; &amp; &#39;me&#39;" in html


def test_oversized_request_is_refused_kindly(client: FlaskClient) -> None:
    walk(client, "complaint", CHILD_COMPLAINT)
    response = post_step(client, "what-happened", {"description": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Go back and try again" in response.get_data(as_text=True)


def test_every_event_of_an_entry_is_recorded(client: FlaskClient, session: Session) -> None:
    walk(client, "complaint", CHILD_COMPLAINT)
    send(client)
    entry = only(session)
    submitted = session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == entry.id, CaseEvent.type == "submitted")).one()
    assert submitted.data["channel"] == "online_form"
    assert submitted.actor == "complainant"
    assert [p.role for p in entry.people] == [PersonRole.COMPLAINANT]  # no child row: self


def test_confirmation_needs_a_sent_journey(client: FlaskClient) -> None:
    assert client.get("/complaint/sent").status_code == 302
    assert client.get("/complaint/check-answers").status_code == 302


def test_keep_alive_restarts_the_idle_clock(client: FlaskClient, app: Flask) -> None:
    client.get("/complaint/start", query_string={"kind": "complaint"})
    draft = next(Path(app.config["DRAFT_DIR"]).glob("*.json"))
    old = time.time() - 600
    os.utime(draft, (old, old))
    assert client.post("/complaint/keep-alive").status_code == 204
    assert draft.stat().st_mtime > old + 500


def test_code_normalisation_accepts_what_people_type() -> None:
    assert normalise_code("abcd-efgh ijkm-no0p") == "ABCDEFGH1JKMN00P"


def test_i_have_finished_forgets_the_code_on_this_device(client: FlaskClient, app: Flask
                                                         ) -> None:
    walk(client, "complaint", CHILD_COMPLAINT)
    page = parse(send(client))
    assert page.select_one("form[action='/track/leave']") is not None
    assert list(Path(app.config["DRAFT_DIR"]).glob("*.json"))
    client.post("/track/leave")
    assert not list(Path(app.config["DRAFT_DIR"]).glob("*.json"))
    assert client.get("/complaint/sent").status_code == 302
    assert client.get("/track/case").status_code == 302


def test_exit_this_page_deletes_the_draft_at_once(client: FlaskClient, app: Flask) -> None:
    client.get("/complaint/start", query_string={"kind": "complaint"})
    post_step(client, "who-are-you", {"submitter": "child"})
    assert list(Path(app.config["DRAFT_DIR"]).glob("*.json"))
    client.get("/exit")
    assert not list(Path(app.config["DRAFT_DIR"]).glob("*.json"))
