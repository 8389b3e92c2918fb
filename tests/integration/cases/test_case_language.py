"""The case's language everywhere (issue 18, part 5): staff see the language a child used,
by its name, beside an "Interpreter needed" flag; every letter is written in the case's
language, whatever it is (the portal's words in English where that language has no
catalogue yet); and wherever an officer writes to a child in a language they are not
writing in, the page says the reply must be translated first: the portal does not.

Until the language registry offers more than English and Welsh, the cases are made with
the factories in the language they would have been sent in."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from flask_babel import force_locale, get_locale, gettext
from sqlalchemy.orm import Session

from portal.cases import letters
from portal.cases.letters import Letter, render_letter
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.staff import Role, User
from portal.vocab.cases import PersonRole, Submitter
from portal.vocab.routing import Ombudsman
from tests.factories import make_case
from tests.support.case_actions import act, ok
from tests.support.pages import check_staff_page, text_of
from tests.support.staff import signed_in

WARNING = ("This child wrote in Polish. Your reply must be translated into Polish before it "
           "is sent. The portal does not translate it for you.")


@pytest.fixture
def manager(session: Session, council: Council, client: FlaskClient) -> User:
    return signed_in(client, session, council, Role.COMPLAINTS_MANAGER)


def _page(client: FlaskClient, path: str, lang: str = "en") -> BeautifulSoup:
    response = client.get(path, query_string={"lang": lang})
    assert response.status_code == 200, response.status_code
    return check_staff_page(response, lang=lang)


def _acknowledged(client: FlaskClient, session: Session, council: Council, reference: str,
                  language: str) -> Representation:
    rep = make_case(session, council, reference, language=language)
    ok(act(client, reference, "route", route="children_statutory", signpost="", team="",
           reason=""))
    ok(act(client, reference, "acknowledge", on=date(2026, 3, 9), send="y"))
    return rep


def _warnings(page: BeautifulSoup) -> dict[str, str]:
    """Each warning on the page, by where it is, in words (its icon left out)."""
    return {tag["data-translation-warning"]: text_of(tag, ".govuk-warning-text__text")
            for tag in page.select("[data-translation-warning]")}


# --- the case page ----------------------------------------------------------------------


@pytest.mark.parametrize(("language", "name"), [
    ("pl", "Polish"), ("ar", "Arabic"), ("fa_AF", "Dari"), ("ckb", "Kurdish (Sorani)"),
    ("pa", "Panjabi"),
])
def test_the_case_page_names_the_language_and_flags_an_interpreter(
        client: FlaskClient, session: Session, council: Council, manager: User,
        language: str, name: str) -> None:
    rep = make_case(session, council, f"CMP-LANG-{language.upper().replace('_', '')}",
                    language=language)
    page = _page(client, f"/staff/cases/{rep.reference}")
    row = page.select_one("#case-language-row")
    assert row is not None
    assert row["data-language"] == language
    assert text_of(page, "#case-language-name") == f"({name})"
    # The language's own name is marked with its language, for a screen reader.
    own = page.select_one("#case-language")
    assert own is not None
    assert own["lang"] == language.replace("_", "-")
    assert text_of(page, "#interpreter-needed") == "Interpreter needed"


def test_an_english_case_needs_no_interpreter(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = make_case(session, council, "CMP-LANG-EN")
    page = _page(client, f"/staff/cases/{rep.reference}")
    assert text_of(page, "#case-language-row") == "English"
    assert page.select_one("#interpreter-needed") is None
    assert "Interpreter needed" not in page.get_text()
    assert _warnings(page) == {}


def test_a_welsh_case_needs_no_interpreter(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = make_case(session, council, "CMP-LANG-CY", language="cy")
    page = _page(client, f"/staff/cases/{rep.reference}")
    assert text_of(page, "#case-language-row") == "Cymraeg (Welsh)"
    assert page.select_one("#interpreter-needed") is None


def test_an_english_case_whose_child_asked_for_an_interpreter_is_flagged(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = make_case(session, council, "CMP-LANG-INT")
    complainant = rep.person(PersonRole.COMPLAINANT)
    assert complainant is not None
    complainant.needs = ["interpreter:Tigrinya"]
    session.commit()
    page = _page(client, f"/staff/cases/{rep.reference}")
    assert text_of(page, "#interpreter-needed") == "Interpreter needed"
    # The case is in English: nothing they are sent needs translating.
    assert _warnings(page) == {}


def test_triage_lists_each_case_language_with_the_flag(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    make_case(session, council, "CMP-LANG-T1", language="pl")
    make_case(session, council, "CMP-LANG-T2")
    page = _page(client, "/staff/cases/triage")
    cells = {}
    for cell in page.select("td[data-field=language]"):
        row = cell.find_parent("tr")
        assert row is not None
        link = row.select_one("a")
        assert link is not None
        cells[link.get_text(strip=True)] = " ".join(cell.get_text().split())
    assert cells["CMP-LANG-T1"] == "Polish Interpreter needed"
    assert cells["CMP-LANG-T2"] == "English"


# --- letters in the case's language ----------------------------------------------------


def test_a_letter_for_a_polish_case_is_written_in_polish(
        session: Session, council: Council, monkeypatch: pytest.MonkeyPatch) -> None:
    rep = make_case(session, council, "CMP-LANG-L1", language="pl")
    used: list[str] = []
    render = letters._render

    def seeing_the_locale(template: str, **context: Any) -> str:
        used.append(str(get_locale()))
        return render(template, **context)

    monkeypatch.setattr(letters, "_render", seeing_the_locale)
    letter = render_letter(Letter.ACKNOWLEDGEMENT, rep, ombudsman=Ombudsman.LGSCO,
                           today=date(2026, 11, 23), due_on=date(2026, 12, 7))
    # The body and its frame were both written in Polish...
    assert used == ["pl", "pl"]
    assert letter.locale == "pl"
    # ...the portal's words from the (draft) Polish catalogue, the date Babel's, in Polish.
    with force_locale("pl"):
        ours = gettext("Our reference: %(reference)s", reference="CMP-LANG-L1")
    assert ours != "Our reference: CMP-LANG-L1"
    assert ours in letter.body
    assert letter.body.startswith("23 listopada 2026\n")


@pytest.mark.parametrize("language", ["fa_AF", "prs"])
def test_a_letter_for_a_dari_case_is_written_in_dari(
        session: Session, council: Council, language: str) -> None:
    # Dari is "fa_AF"; "prs", its ISO code, which Babel does not know, is written as it.
    rep = make_case(session, council, f"CMP-LANG-{language.upper()}", language=language)
    letter = render_letter(Letter.ACKNOWLEDGEMENT, rep, ombudsman=Ombudsman.LGSCO,
                           today=date(2026, 11, 23), due_on=date(2026, 12, 7))
    assert letter.locale == language
    with force_locale("fa_AF"):
        ours = gettext("Our reference: %(reference)s", reference=rep.reference)
    assert ours != f"Our reference: {rep.reference}"
    assert ours in letter.body


def test_the_signatory_title_is_welsh_only_in_welsh_letters(
        session: Session, council: Council) -> None:
    council.settings = {**council.settings, "signatory_name": "Gwen Price",
                        "signatory_title": "Head of Complaints",
                        "signatory_title_cy": "Pennaeth Cwynion"}
    session.commit()
    endings = {}
    for language in ("cy", "pl", "en"):
        rep = make_case(session, council, f"CMP-LANG-S{language.upper()}", language=language)
        body = render_letter(Letter.ACKNOWLEDGEMENT, rep, ombudsman=Ombudsman.LGSCO,
                             today=date(2026, 11, 23), due_on=date(2026, 12, 7)).body
        endings[language] = body.splitlines()[-2]
    assert endings == {"cy": "Pennaeth Cwynion", "pl": "Head of Complaints",
                       "en": "Head of Complaints"}


def test_the_letter_page_of_a_polish_case_says_it_must_be_translated(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _acknowledged(client, session, council, "CMP-LANG-P1", "pl")
    message = rep.messages[-1]
    page = _page(client, f"/staff/cases/{rep.reference}/letters/{message.id}")
    letter = page.select_one("#letter")
    assert letter is not None
    assert letter["lang"] == "pl"
    assert _warnings(page) == {"letter": f"Warning {WARNING}"}
    # The case page says it above the letters, and beside what writes to the child.
    case_page = _page(client, f"/staff/cases/{rep.reference}")
    warnings = _warnings(case_page)
    assert warnings["letters"] == f"Warning {WARNING}"
    for slug in ("outcome", "extend", "message"):
        assert warnings[slug] == f"Warning {WARNING}", slug
    # Not beside what the child is never sent.
    assert "remedy" not in warnings


def test_the_letter_page_of_an_english_case_has_no_warning(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _acknowledged(client, session, council, "CMP-LANG-P2", "en")
    message = rep.messages[-1]
    page = _page(client, f"/staff/cases/{rep.reference}/letters/{message.id}")
    assert _warnings(page) == {}
    assert "must be translated" not in page.get_text()
    assert _warnings(_page(client, f"/staff/cases/{rep.reference}")) == {}


def test_a_welsh_case_needs_translating_only_for_an_officer_writing_english(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _acknowledged(client, session, council, "CMP-LANG-P3", "cy")
    english = _warnings(_page(client, f"/staff/cases/{rep.reference}"))
    assert english["outcome"] == (
        "Warning This child wrote in Welsh. Your reply must be translated into Welsh before "
        "it is sent. The portal does not translate it for you.")
    assert _warnings(_page(client, f"/staff/cases/{rep.reference}", lang="cy")) == {}


def test_an_adult_is_not_called_a_child(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = make_case(session, council, "CMP-LANG-P4", language="ar", submitter="parent",
                    on_behalf_of_child=True)
    assert rep.submitter is Submitter.PARENT
    warnings = _warnings(_page(client, f"/staff/cases/{rep.reference}"))
    assert warnings
    assert set(warnings.values()) == {
        "Warning The person who got in touch wrote in Arabic. Your reply must be translated "
        "into Arabic before it is sent. The portal does not translate it for you."}


def test_the_warning_is_welsh_on_a_welsh_page(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _acknowledged(client, session, council, "CMP-LANG-P5", "pl")
    warnings = _warnings(_page(client, f"/staff/cases/{rep.reference}", lang="cy"))
    assert "Pwyleg" in warnings["outcome"]
    assert "translated" not in warnings["outcome"]
