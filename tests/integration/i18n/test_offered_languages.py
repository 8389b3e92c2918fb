"""Which languages a page offers: the council's choice, drafts said to be drafts, staff
pages in English and Welsh only."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from portal.models.councils import Council
from portal.models.staff import Role
from tests.support.pages import parse
from tests.support.staff import signed_in


def offer(session: Session, council: Council, codes: list[str], *, drafts: bool = True) -> None:
    council.settings = {**council.settings, "languages": codes, "allow_draft_languages": drafts}
    session.flush()


def switcher(client: FlaskClient, path: str = "/") -> dict[str, dict[str, str]]:
    page = parse(client.get(path))
    nav = page.find("nav", attrs={"aria-label": True})
    return {a.get_text(strip=True): {"lang": a.get("lang"), "hreflang": a.get("hreflang"),
                                     "dir": a.get("dir")}
            for a in (nav.find_all(["a", "span"]) if nav else [])}


def test_the_switcher_names_each_language_in_itself(client: FlaskClient, session: Session,
                                                    council: Council) -> None:
    offer(session, council, ["en", "cy", "pl", "ur", "fa_AF"])
    links = switcher(client)
    assert list(links) == ["English", "Cymraeg", "Polski", "اردو", "دری"]
    assert links["اردو"] == {"lang": "ur", "hreflang": "ur", "dir": "rtl"}
    assert links["دری"]["hreflang"] == "fa-AF"
    assert links["Polski"]["dir"] == "ltr"


def test_a_right_to_left_page_says_its_language_and_direction(
        client: FlaskClient, session: Session, council: Council) -> None:
    offer(session, council, ["en", "ar", "fa_AF"])
    page = parse(client.get("/", query_string={"lang": "ar"}))
    assert page.html["lang"] == "ar"
    assert page.body["dir"] == "rtl"
    # The choice sticks through the journey.
    page = parse(client.get("/privacy"))
    assert (page.html["lang"], page.body["dir"]) == ("ar", "rtl")
    assert parse(client.get("/", query_string={"lang": "fa_AF"})).html["lang"] == "fa-AF"


def test_a_draft_says_so_in_its_language_and_in_english(
        client: FlaskClient, session: Session, council: Council) -> None:
    offer(session, council, ["en", "cy", "pl"])
    line = parse(client.get("/", query_string={"lang": "cy"})).find(id="draft-translation")
    assert line is not None
    assert "cyfieithydd cymwys" in line.get_text()
    english = line.find(attrs={"lang": "en"})
    assert english is not None
    assert "qualified translator" in english.get_text()
    assert parse(client.get("/", query_string={"lang": "en"})).find(id="draft-translation") is None


def test_drafts_are_not_offered_where_the_council_does_not_allow_them(
        client: FlaskClient, session: Session, council: Council) -> None:
    offer(session, council, ["en", "cy", "pl"], drafts=False)
    assert list(switcher(client)) == []  # English alone: no switcher
    assert client.get("/language/pl").status_code == 404
    assert parse(client.get("/", query_string={"lang": "pl"})).html["lang"] == "en"


def test_the_browser_language_is_matched_with_its_tag(
        client: FlaskClient, session: Session, council: Council) -> None:
    offer(session, council, ["en", "fa_AF", "pl"])
    page = parse(client.get("/", headers={"Accept-Language": "fa-AF,fa;q=0.8"}))
    assert page.html["lang"] == "fa-AF"


def test_staff_pages_stay_english_or_welsh(client: FlaskClient, session: Session,
                                           council: Council) -> None:
    offer(session, council, ["en", "cy", "pl", "ar"])
    signed_in(client, session, council, Role.COMPLAINTS_OFFICER)
    client.set_cookie("lang", "ar")
    page = parse(client.get("/staff/cases/"))
    assert page.html["lang"] == "en"
    assert parse(client.get("/staff/cases/", query_string={"lang": "pl"})).html["lang"] == "en"
    assert parse(client.get("/staff/cases/", query_string={"lang": "cy"})).html["lang"] == "cy"
