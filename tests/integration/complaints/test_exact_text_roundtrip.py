"""The child's words, exactly: whatever text a person sends through the public journey is
stored as they typed it and shown to staff with the same characters, and the register's
exports carry the text they hold exactly, never as a spreadsheet formula.

The only changes allowed are portal.security.sanitise.exact_text's: NUL and lone surrogates
go (a browser cannot send a lone surrogate, so none are generated), and every \\r\\n or lone
\\r becomes \\n. The expected values below are worked out here, not by calling exact_text.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.complaints.questions import STEPS
from portal.models.cases import Message, Person, Representation
from portal.models.councils import Category, Council, Team
from portal.models.staff import Role
from portal.register.csvio import COLUMNS
from portal.vocab.cases import MessageAuthor, PersonRole
from tests.factories import make_case, make_user
from tests.support.journey import confirmation, send, walk
from tests.support.pages import parse
from tests.support.staff import sign_in_as

#: Every free-text answer of the public journey. Checked against questions.py below, so a
#: new free-text question fails this file until it is added here.
FREE_TEXT = ("child_name", "description", "how_affected", "desired_outcome", "address",
             "name", "safe_times", "interpreter_language", "other_needs")
#: Where the staff case page's case file shows each (cases/casefile.py): every one of them.
ON_CASE_PAGE = {"child_name": "child_name", "description": "description",
                "how_affected": "how_affected", "desired_outcome": "desired_outcome",
                "address": "address", "name": "name", "safe_times": "safe_times"}
#: The register's columns that can hold text a person wrote (the rest are codes and dates).
TEXT_COLUMNS = ("team", "categories", "gender", "age_band", "ethnicity", "disability")

#: Characters and strings that have broken text somewhere before: markup and entities,
#: quotes, every line break, direction marks and overrides, combining marks (which NFC
#: would fold), emoji sequences, and what a spreadsheet reads as the start of a formula.
AWKWARD = st.sampled_from([
    "<", ">", "&", '"', "'", "&amp;", "&lt;b&gt;", "<b>bold</b>", "<script>alert(1)</script>",
    "<!-- x -->", "</p>", "\r\n", "\r", "\n", "\n\n", "\t", "  ", "\u200f", "\u200e",
    "\u202e", "\u2066", "e\u0301", "\u0301", "\u212b", "😢", "👍🏽", "👩\u200d👧", "مرحبا",
    "שלום", "اردو", "=", "+", "-", "@", "=HYPERLINK(\"http://evil.example\")", "\x07",
    "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "_x0041_",
])
ANY_CHARACTER = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
LEADS = st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", " "])


def stored(typed: str) -> str:
    """What must be kept of ``typed``: the same text with one form of line break."""
    return typed.replace("\r\n", "\n").replace("\r", "\n")


def typed_text(limit: int) -> st.SearchStrategy[str]:
    pieces = st.lists(st.one_of(st.text(ANY_CHARACTER, min_size=1, max_size=15), AWKWARD),
                      min_size=1, max_size=8)
    return (st.tuples(LEADS, pieces).map(lambda parts: parts[0] + "".join(parts[1]))
            .filter(lambda text: stored(text).strip() != "" and len(stored(text)) <= limit))


def _limits() -> dict[str, int]:
    fields = {f.name: f for step in STEPS for f in step.fields}
    return {name: fields[name].max_length for name in FREE_TEXT}


ANSWERS = st.fixed_dictionaries({name: typed_text(min(limit, 400))
                                 for name, limit in _limits().items()})
REPLY = typed_text(400)


def test_every_free_text_question_of_the_journey_is_covered() -> None:
    asked = {f.name for step in STEPS for f in step.fields if f.kind in ("text", "textarea")}
    assert asked == set(FREE_TEXT)


def journey(answers: dict[str, str]) -> dict[str, dict[str, Any]]:
    """A parent's complaint about their child, with every free-text question answered."""
    return {
        "who-are-you": {"submitter": "parent"},
        "are-you-safe": {"safe": "yes"},
        "about-the-child": {"child_name": answers["child_name"], "child_age": "12",
                            "in_care": "this_council"},
        "what-is-it-about": {"service": "children_in_care"},
        "anything-else": {"also": ["none"]},
        "what-happened": {"description": answers["description"]},
        "when": {},
        "how-it-affected-you": {"how_affected": answers["how_affected"]},
        "what-would-help": {"desired_outcome": answers["desired_outcome"]},
        "advocate": {"wants_advocate": "no"},
        "contact": {"contact_methods": ["letter"], "address": answers["address"],
                    "safe_times": answers["safe_times"]},
        "your-name": {"name": answers["name"]},
        "help-to-take-part": {"needs": ["interpreter", "other"],
                              "interpreter_language": answers["interpreter_language"],
                              "other_needs": answers["other_needs"]},
    }


#: Each test gets its own draft folder and a fresh rate-limit count.
pytestmark = pytest.mark.usefixtures("own_drafts")


@pytest.fixture
def staff(app: Flask, session: Session, council: Council) -> FlaskClient:
    """A complaints manager's browser, apart from the public one."""
    user, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    browser = app.test_client()
    sign_in_as(browser, user)
    return browser


def shown_after(page: BeautifulSoup, heading: str) -> list[str]:
    """The text of each piece of a person's words under ``heading``, as the page holds it."""
    h2 = page.find("h2", string=heading)
    assert h2 is not None, heading
    words = []
    for element in h2.find_all_next(["h2", "p"]):
        if element.name == "h2":
            break
        if "portal-plain-text" in (element.get("class") or []):
            words.append(element.get_text())
    return words


def register_row(staff: FlaskClient, reference: str) -> dict[str, str]:
    exported = staff.post("/staff/register/export", data={"file_format": "csv"})
    assert exported.status_code == 200
    reader = csv.DictReader(io.StringIO(exported.get_data(as_text=True), newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    (row,) = [r for r in reader if r["reference"] == reference]
    return row


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@given(answers=ANSWERS, reply=REPLY)
def test_any_text_reaches_staff_exactly_as_it_was_sent(
        client: FlaskClient, staff: FlaskClient, session: Session, answers: dict[str, str],
        reply: str) -> None:
    walk(client, "complaint", journey(answers))
    reference, _code = confirmation(parse(send(client)))
    assert client.post("/track/case/reply", data={"message": reply}).status_code == 302
    want = {name: stored(value) for name, value in answers.items()}

    # Stored exactly.
    rep = session.scalar(select(Representation).where(Representation.reference == reference))
    assert rep is not None
    people = {p.role: p for p in session.scalars(select(Person).where(
        Person.representation_id == rep.id))}
    complainant, child = people[PersonRole.COMPLAINANT], people[PersonRole.CHILD]
    assert (rep.description, rep.how_affected, rep.desired_outcome) == (
        want["description"], want["how_affected"], want["desired_outcome"])
    assert child.name == want["child_name"]
    assert (complainant.name, complainant.address, complainant.safe_to_contact_notes) == (
        want["name"], want["address"], want["safe_times"])
    assert complainant.needs == [f"interpreter:{want['interpreter_language']}",
                                 f"other:{want['other_needs']}"]
    (message,) = session.scalars(select(Message).where(
        Message.representation_id == rep.id, Message.author == MessageAuthor.COMPLAINANT))
    assert message.body == stored(reply)

    # Shown to staff with the same characters: escaped, so markup is text, never tags.
    response = staff.get(f"/staff/cases/{reference}")
    assert response.status_code == 200
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    file = page.select_one("#case-file")
    assert file is not None
    shown = {name: file.select_one(f"[data-answer='{key}'] dd") for name, key in
             ON_CASE_PAGE.items()}
    assert {name: cell.get_text() if cell else None for name, cell in shown.items()} == {
        name: want[name] for name in ON_CASE_PAGE}
    needs = file.select_one("[data-answer='needs'] dd")
    assert needs is not None
    assert needs.get_text() == (f"An interpreter: {want['interpreter_language']}\n"
                                f"Something else: {want['other_needs']}")
    assert shown_after(page, "Messages") == [stored(reply)]

    # The register's file carries none of the journey's words: its text columns hold the
    # council's own names (team, categories, equality values), empty for a new entry.
    row = register_row(staff, reference)
    assert {column: row[column] for column in TEXT_COLUMNS} == dict.fromkeys(TEXT_COLUMNS, "")


def test_an_answer_that_begins_with_a_blank_line_comes_back_whole_to_be_changed(
        client: FlaskClient) -> None:
    answers = {name: "x" for name in FREE_TEXT}
    walk(client, "complaint", journey({**answers, "description": "\n\nafter a blank line"}))
    html = client.get("/complaint/what-happened", query_string={"change": 1}
                      ).get_data(as_text=True)
    # A browser drops the one line break that follows <textarea>; the page gives it one.
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S)
    assert textarea is not None
    assert textarea.group(1) == "\n\n\nafter a blank line"


# --- the text the register does carry -------------------------------------------------------

NAME = typed_text(200).filter(lambda text: ";" not in text)  # ";" separates categories


def _named(session: Session, model: type[Team] | type[Category], council: Council,
           name: str) -> Any:
    found = session.scalar(select(model).where(model.council_id == council.id,
                                               model.name == name))
    if found is None:
        found = model(council_id=council.id, name=name)
        session.add(found)
        session.flush()
    return found


def _excel_reads(cell: str) -> str:
    # ECMA-376 22.4.2.4: each _xHHHH_ in a cell's text is the character HHHH.
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), cell)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@given(team_name=NAME, category_name=NAME)
def test_the_register_exports_carry_the_councils_names_exactly_and_never_as_formulas(
        staff: FlaskClient, session: Session, council: Council, team_name: str,
        category_name: str) -> None:
    team_name, category_name = stored(team_name), stored(category_name)
    rep = session.scalar(select(Representation).where(Representation.reference == "CMP-X-1"))
    if rep is None:
        rep = make_case(session, council, "CMP-X-1")
    rep.team_id = _named(session, Team, council, team_name).id
    rep.categories = [_named(session, Category, council, category_name)]
    session.commit()

    row = register_row(staff, rep.reference)
    assert (row["team"], row["categories"]) == (team_name, category_name)

    sheet = staff.post("/staff/register/export", data={"file_format": "xlsx"})
    register = load_workbook(io.BytesIO(sheet.get_data())).active
    assert register is not None
    header = [c.value for c in register[1]]
    (cells,) = [r for r in register.iter_rows(min_row=2) if r[0].value == rep.reference]
    team = cells[header.index("team")]
    categories = cells[header.index("categories")]
    assert (team.data_type, categories.data_type) == ("s", "s")  # text, never a formula
    assert (_excel_reads(team.value), _excel_reads(categories.value)) == (
        team_name, category_name)

