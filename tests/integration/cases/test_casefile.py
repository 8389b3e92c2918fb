"""The case file (issue 15, part 1): the case page shows everything the person gave us,
labelled in plain words and exactly as typed, the safe-contact answers beside the
message form, and the people in the case with their roles, in English and in Welsh."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from portal.advocacy.queries import advocacy_case
from portal.complaints.questions import STEPS
from portal.complaints.services import submit
from portal.models.advocacy import AdvocacyCase, AdvocacyProvider
from portal.models.cases import Person, Representation
from portal.models.councils import Council
from portal.models.staff import Role, User
from portal.vocab.advocacy import AdvocacyStatus
from portal.vocab.cases import CaseStatus, Kind, Method, PersonRole, Submitter
from portal.web.cases import casefile
from tests.factories import give, make_case, make_user
from tests.support.pages import text_of
from tests.support.staff import sign_in_as, signed_in

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
HOSTILE = "Line one <script>alert('x')</script> & <b>bold</b>\n\n  Line three, indented."
#: A parent's complaint about their child with every question of the journey answered.
PARENT: dict[str, Any] = {
    "kind": "complaint", "submitter": "parent", "safe": "yes",
    "child_name": "Ffion <i>", "child_age": "9", "in_care": "this_council",
    "service": "fostering", "also": ["police", "court_case"],
    "description": HOSTILE,
    "event_on": {"day": "2", "month": "11", "year": "2026"},
    "how_affected": "She cries\nevery night.", "feeling": "scared",
    "desired_outcome": "A new worker, please.",
    "wants_advocate": "yes",
    "contact_methods": ["email", "phone", "text", "letter"],
    "email": "mum@example.test", "phone": "01234 567890", "mobile": "07700 900123",
    "text_times": "after_school", "address": "1 High Street\nRiverside\nRV1 1AA",
    "name": "Mrs O'Neil", "safe_times": "Only after 6pm. Please do not leave a message.",
    "needs": ["interpreter", "large_print", "other"], "interpreter_language": "Polish",
    "other_needs": "Short <em>sentences</em>",
}
#: What the case file says for each answer: (label, value), exactly.
EXPECTED: dict[str, tuple[str, str]] = {
    "kind": ("What it is", "Complaint"),
    "submitter": ("Who got in touch", "A parent"),
    "service": ("What it is about", "Living with a foster family"),
    "also": ("Decided or still going on elsewhere",
             "Something the police are still looking into\nA court case that is still "
             "going on"),
    "description": ("What happened", HOSTILE),
    "event_on": ("When it happened", "2 November 2026"),
    "how_affected": ("How it affected them", "She cries\nevery night."),
    "feeling": ("The face they picked for how they felt", "Scared"),
    "desired_outcome": ("What they would like to happen", "A new worker, please."),
    "safe": ("Safe when they got in touch", "Yes, they said they were safe"),
    "child_name": ("The child's first name", "Ffion <i>"),
    "child_age": ("The child's age", "9"),
    "in_care": ("In care", "Yes, looked after by this council"),
    "needs": ("Help they need to take part",
              "An interpreter: Polish\nLarge print\nSomething else: Short <em>sentences</em>"),
    "language": ("Language of the case", "English"),
    "wants_advocate": ("Wants an advocate", "Yes, they would like an advocate"),
    "contact_methods": ("Ways that are safe", "Email\nPhone call\nText message\nLetter"),
    "safe_times": ("When it is safe, and whether to leave a message",
                   "Only after 6pm. Please do not leave a message."),
    "text_times": ("When texts may come",
                   "Only after school: from 4pm on weekdays, any time at the weekend"),
    "name": ("What to call them", "Mrs O'Neil"),
    "email": ("Email address", "mum@example.test"),
    "phone": ("Phone number", "01234 567890"),
    "mobile": ("Mobile number for texts", "07700 900123"),
    "address": ("Address", "1 High Street\nRiverside\nRV1 1AA"),
}


@pytest.fixture
def manager(session: Session, council: Council, client: FlaskClient) -> User:
    return signed_in(client, session, council, Role.COMPLAINTS_MANAGER)


def _parent_case(session: Session, council: Council, key: str = "casefile-1",
                 **changes: Any) -> Representation:
    rep = submit(session, council=council, answers={**PARENT, **changes}, submission_key=key,
                 tracking_code="K" * 20, locale="en", now=NOW)
    session.commit()
    return rep


def _page(client: FlaskClient, reference: str, lang: str = "en") -> BeautifulSoup:
    response = client.get(f"/staff/cases/{reference}?lang={lang}")
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _row(scope: Tag | BeautifulSoup, key: str) -> tuple[str, str]:
    row = scope.select_one(f"[data-answer='{key}']")
    assert row is not None, f"no row for {key}"
    label, value = row.select_one("dt"), row.select_one("dd")
    assert label is not None
    assert value is not None
    return label.get_text(strip=True), value.get_text()


def test_every_question_of_the_journey_has_its_row() -> None:
    asked = {field.name for step in STEPS for field in step.fields}
    assert asked - set(casefile.ANSWERED_IN) - casefile.SHOWN_APART == set(), (
        "a journey question the case file does not show: add it to casefile.ANSWERED_IN "
        "and give it a row")


def test_every_answer_is_on_the_case_page_labelled_and_exact(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _parent_case(session, council)
    response = client.get(f"/staff/cases/{rep.reference}")
    raw = response.get_data(as_text=True)
    page = BeautifulSoup(raw, "html.parser")
    file = page.select_one("#case-file")
    assert file is not None
    for key, (label, value) in EXPECTED.items():
        assert _row(file, key) == (label, value), key
    # Every answer's row is there (the table above names each one).
    shown = {row["data-answer"] for row in file.select("[data-answer]")}
    assert set(casefile.ANSWERED_IN.values()) <= shown
    # Their words are text, never markup: escaped once, not run, not double-escaped.
    assert "<script>alert" not in raw
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in raw
    assert "Ffion &lt;i&gt;" in raw
    assert not file.select("script, b, em, i")
    # The page's caption and language are words, not codes.
    assert text_of(page, ".govuk-caption-l") == "Complaint"
    assert text_of(page, "#case-language") == "English"


def test_the_people_in_the_case_with_their_roles(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _parent_case(session, council)
    advocate, _ = make_user(session, council, Role.ADVOCATE, name="Alys Advocate")
    provider = AdvocacyProvider(council_id=council.id, name="Voices Together")
    session.add(provider)
    session.flush()
    case = advocacy_case(session, rep.id)
    if case is None:
        case = AdvocacyCase(representation_id=rep.id, status=AdvocacyStatus.ASSIGNED)
        session.add(case)
    case.status, case.provider_id = AdvocacyStatus.ASSIGNED, provider.id
    case.advocate_user_id, case.assigned_on = advocate.id, date(2026, 11, 21)
    session.commit()

    page = _page(client, rep.reference)
    cards = {card["data-role"]: card for card in page.select("#case-people [data-role]")}
    assert set(cards) == {"complainant", "child", "advocate"}
    title = cards["complainant"].select_one("h3")
    assert title is not None
    assert title.get_text(strip=True) == "Complainant"
    assert _row(cards["complainant"], "person_name") == ("Name", "Mrs O'Neil")
    assert _row(cards["complainant"], "person_relationship") == ("Who they are", "A parent")
    child_title = cards["child"].select_one("h3")
    assert child_title is not None
    assert child_title.get_text(strip=True) == "The child or young person"
    assert _row(cards["child"], "person_name") == ("Name", "Ffion <i>")
    assert _row(cards["child"], "person_age") == ("Age", "9")
    assert _row(cards["advocate"], "person_name") == ("Name", "Alys Advocate")
    assert _row(cards["advocate"], "advocacy") == ("Advocacy", "Advocate assigned")
    assert _row(cards["advocate"], "advocacy_provider") == ("Advocacy provider",
                                                            "Voices Together")


def test_the_safe_contact_answers_are_beside_the_message_form(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = make_case(session, council, "CMP-CF-000001")
    person = rep.person(PersonRole.COMPLAINANT)
    assert person is not None
    person.contact_methods = ["phone", "text"]
    person.phone, person.mobile, person.text_times = "01234 000111", "07700 900999", "weekends"
    person.safe_to_contact_notes = "Mum reads my texts. Never leave a voicemail."
    session.commit()

    page = _page(client, rep.reference)
    action = page.select_one("#action-message")
    assert action is not None, "the message form is offered"
    beside = action.select_one("#safe-contact-message")
    assert beside is not None
    # Before the form, so it is read before anyone writes.
    form = action.select_one("form")
    assert form is not None
    assert str(action).index('id="safe-contact-message"') < str(action).index("<form")
    assert _row(beside, "safe_times")[1] == "Mum reads my texts. Never leave a voicemail."
    assert _row(beside, "contact_methods")[1] == "Phone call\nText message"
    assert _row(beside, "text_times")[1] == "Only at the weekend"
    assert _row(beside, "mobile")[1] == "07700 900999"
    assert _row(beside, "phone")[1] == "01234 000111"
    # And in the case file itself, under its own heading.
    assert page.select_one("#safe-contact [data-answer='safe_times']") is not None


def test_an_anonymous_child_is_not_to_be_contacted(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _parent_case(session, council, "casefile-anon", submitter="child",
                       contact_methods=["none"], name="", email="", phone="", mobile="",
                       address="", safe_times="", wants_advocate="no")
    assert rep.anonymous
    page = _page(client, rep.reference)
    warning = page.select_one("#safe-contact .govuk-warning-text")
    assert warning is not None
    assert "do not try to contact them" in warning.get_text()
    assert _row(page, "contact_methods")[1] == (
        "Do not contact them: they want to stay anonymous")
    card = page.select_one("#case-people [data-role='complainant']")
    assert card is not None
    assert card.select_one("h3").get_text(strip=True) == (  # type: ignore[union-attr]
        "Complainant: the child or young person themselves")
    assert _row(card, "person_name")[1] == "Anonymous: they chose not to say who they are"
    assert _row(page, "submitter")[1] == "The child"
    assert _row(page, "wants_advocate")[1] == "No, they did not ask for an advocate"


def test_an_offline_case_shows_every_field_logged(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    """A case logged from a phone call: every field the officer filled, the
    representative who rang for the family, and the urgent mark."""
    rep = Representation(
        council_id=council.id, reference="CMP-CF-000002", kind=Kind.COMPLAINT,
        status=CaseStatus.NEW, received_on=date(2026, 11, 19), method=Method.TELEPHONE,
        submitter=Submitter.COUNCILLOR, on_behalf_of_child=True, child_age=12,
        looked_after_by="another_council", service="leaving_care", event_on=date(2026, 10, 1),
        description="Rang to say the flat\nhas no heating.", how_affected="Cold at night.",
        desired_outcome="Fix the boiler.", language="cy", urgent=True, in_danger_now=False,
        proceedings=["disciplinary"], about_decision_of="tribunal", routing_reasons=[])
    rep.people.extend([
        Person(role=PersonRole.COMPLAINANT, name="Dai Jones", phone="01234 222333",
               contact_methods=["phone"], language="cy", needs=["bsl"]),
        Person(role=PersonRole.CHILD, name="Cai", age=12),
        Person(role=PersonRole.REPRESENTATIVE, name="Cllr Rhian Evans",
               relationship_to_child=Submitter.COUNCILLOR, email="cllr@example.test",
               address="County Hall"),
    ])
    session.add(rep)
    session.commit()

    page = _page(client, rep.reference)
    assert _row(page, "description")[1] == "Rang to say the flat\nhas no heating."
    assert _row(page, "submitter")[1] == "A councillor or MP"
    assert _row(page, "service")[1] == "Leaving care, or help after care"
    assert _row(page, "event_on")[1] == "1 October 2026"
    assert _row(page, "also")[1] == ("A tribunal's decision\nA disciplinary process about a "
                                     "worker, still going on")
    assert _row(page, "in_care")[1] == "Yes, looked after by another council"
    assert _row(page, "urgent")[1] == "Yes, marked urgent"
    assert _row(page, "needs")[1] == "British Sign Language (BSL)"
    assert _row(page, "language")[1] == "Cymraeg"
    assert _row(page, "phone")[1] == "01234 222333"
    assert _row(page, "child_name")[1] == "Cai"
    representative = page.select_one("#case-people [data-role='representative']")
    assert representative is not None
    assert _row(representative, "person_name")[1] == "Cllr Rhian Evans"
    assert _row(representative, "person_relationship")[1] == "A councillor or MP"
    assert _row(representative, "person_email")[1] == "cllr@example.test"
    assert _row(representative, "person_address")[1] == "County Hall"


def test_whoever_may_see_the_case_sees_the_whole_file(
        client: FlaskClient, session: Session, council: Council) -> None:
    """Nothing collected is hidden from an officer allowed to see the case: a responding
    manager given it reads the same file; one not given it reads nothing."""
    rep = _parent_case(session, council, "casefile-rm")
    responder, _ = make_user(session, council, Role.RESPONDING_MANAGER)
    other, _ = make_user(session, council, Role.RESPONDING_MANAGER)
    give(session, rep, responder)
    sign_in_as(client, responder)
    page = _page(client, rep.reference)
    for key, (_, value) in EXPECTED.items():
        assert _row(page, key)[1] == value, key
    sign_in_as(client, other)
    assert client.get(f"/staff/cases/{rep.reference}").status_code == 404


def test_the_case_file_in_welsh(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _parent_case(session, council, "casefile-cy")
    rep.language = "cy"
    session.commit()
    page = _page(client, rep.reference, "cy")
    html = page.select_one("html")
    assert html is not None
    assert html["lang"] == "cy"
    assert text_of(page, ".govuk-caption-l") == "Cwyn"
    assert text_of(page, "#case-language") == "Cymraeg"
    # Each label and each worded answer is the Welsh the catalogue gives, never English.
    with force_locale("cy"):
        built = casefile.load(session, rep)
    for row in built.rows():
        shown = page.select_one(f"#case-file [data-answer='{row.key}'] dt")
        assert shown is not None, row.key
        assert shown.get_text(strip=True) == row.label, row.key
    welsh = {"kind": ("Beth ydyw", "Cwyn"),
             "contact_methods": ("Ffyrdd sy'n ddiogel",
                                 "E-bost\nGalwad ffôn\nNeges destun\nLlythyr"),
             "safe": ("Yn ddiogel pan gysyllton nhw", "Oedden: dywedon nhw eu bod yn ddiogel"),
             "event_on": ("Pryd y digwyddodd", "2 Tachwedd 2026")}
    for key, (label, value) in welsh.items():
        assert _row(page, key) == (label, value), key
    # Their own words stay exactly as they wrote them, in any language.
    assert _row(page, "description")[1] == HOSTILE
