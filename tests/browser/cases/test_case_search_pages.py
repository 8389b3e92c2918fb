"""Finding a case in headless Chromium, in English and Welsh, with axe-core on every state
(issue 15, part 2): the list with results, a search that finds nothing, and a date that
is not real (400, said in the error summary, what was typed kept). The form works without
JavaScript, and each page says what it promises in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from portal.models.cases import Person
from portal.models.staff import Role
from portal.vocab.cases import PersonRole
from tests.browser.conftest import LiveServer
from tests.factories import make_case
from tests.support.browser import LANGS, Account, Axe, fill_date, open_in, sign_in, submit
from tests.support.live import accounts_for, on_live_server

pytestmark = pytest.mark.browser

SEARCH = "#case-search [type='submit']"
REFERENCE = "CMP-FIND-000001"

#: What each page must say, in each language (the Welsh as the catalogue has it, so an
#: untranslated string fails here rather than passing as English).
SAYS: dict[str, dict[str, str]] = {
    "en": {
        "h1": "Find a case",
        "found_one": "Cases found: 1",
        "found_none": "Cases found: 0",
        "no_results": "No cases match.",
        "real_day": "Enter a real first day, for example 1 11 2026",
        "error_prefix": "Error:",
        "problem": "There is a problem",
        "status": "Awaiting triage",
        "child": "Child: Elis Pennant",
    },
    "cy": {
        "h1": "Dod o hyd i achos",
        "found_one": "Achosion a ganfuwyd: 1",
        "found_none": "Achosion a ganfuwyd: 0",
        "no_results": "Does dim achosion yn cyfateb.",
        "real_day": "Rhowch ddiwrnod cyntaf go iawn, er enghraifft 1 11 2026",
        "error_prefix": "Gwall:",
        "problem": "Mae problem wedi codi",
        "status": "Yn aros am frysbennu",
        "child": "Plentyn: Elis Pennant",
    },
}


@dataclass
class Accounts:
    managers: dict[str, Account]


@pytest.fixture(scope="module")
def accounts(live_server: LiveServer) -> Accounts:
    """A complaints manager for each sign-in (a code is refused a second time), and a
    case whose child and words nothing else in the database has."""
    with on_live_server(live_server) as (session, council):
        managers = accounts_for(session, council, Role.COMPLAINTS_MANAGER,
                                "manager-{}@search.test", keys=(*LANGS, "no-js"))
        case = make_case(session, council, REFERENCE,
                         description="Mae'r gofalwr maeth yn gweiddi arna i bob nos.")
        case.people.append(Person(role=PersonRole.CHILD, name="Elis Pennant", language="cy"))
        session.commit()
        return Accounts(managers)


@pytest.mark.parametrize("lang", LANGS)
def test_finding_a_case(live_server: LiveServer, page: Page, axe: Axe, lang: str,
                        accounts: Accounts) -> None:
    says = SAYS[lang]
    sign_in(page, live_server, accounts.managers[lang])
    open_in(page, live_server, "/staff/cases/search", lang)
    expect(page.locator("h1")).to_have_text(says["h1"])
    # The back office menu leads here; every case is listed, newest first.
    expect(page.locator("nav a[href='/staff/cases/search']")).to_have_text(says["h1"])
    expect(page.locator(f"#case-results tr[data-reference='{REFERENCE}']")).to_be_visible()
    axe(page)

    # Found by the child's name, accents and capitals aside, and by a Welsh word.
    for words in ("ELIS PENNANT", "gweiddi"):
        page.fill("#q", words)
        assert submit(page, SEARCH) == 200
        expect(page.locator("#results-heading")).to_have_text(says["found_one"])
        row = page.locator(f"#case-results tr[data-reference='{REFERENCE}']")
        expect(row).to_contain_text(says["status"])
        expect(row).to_contain_text(says["child"])
        expect(page.locator("#q")).to_have_value(words)
    axe(page)
    # Each result opens its case.
    with page.expect_navigation():
        page.locator(f"#case-results a[href='/staff/cases/{REFERENCE}']").click()
    assert page.url.endswith(f"/staff/cases/{REFERENCE}")

    # Nothing found: said, with what to try.
    page.goto(live_server.url(f"/staff/cases/search?q=Xylophone&lang={lang}"))
    expect(page.locator("#results-heading")).to_have_text(says["found_none"])
    expect(page.locator("#no-results")).to_contain_text(says["no_results"])
    expect(page.locator("#case-results")).to_have_count(0)
    axe(page)

    # A first day that is not a date: 400, said kindly, what was typed kept.
    fill_date(page, "from", "31", "2", "2026")
    assert submit(page, SEARCH) == 400
    expect(page.locator(".govuk-error-summary")).to_contain_text(says["problem"])
    expect(page.locator(".govuk-error-summary")).to_contain_text(says["real_day"])
    assert page.title().startswith(says["error_prefix"])
    expect(page.locator("#from-day")).to_have_value("31")
    expect(page.locator("#q")).to_have_value("Xylophone")
    expect(page.locator("#case-results")).to_have_count(0)
    axe(page)
    # The summary's link leads to the box to put right.
    page.locator(".govuk-error-summary a[href='#from-day']").click()
    expect(page.locator("#from-day")).to_be_focused()


def test_the_search_works_without_javascript(live_server: LiveServer, page_no_js: Page,
                                             accounts: Accounts) -> None:
    page = page_no_js
    sign_in(page, live_server, accounts.managers["no-js"])
    page.goto(live_server.url("/staff/cases/search?lang=en"))
    page.fill("#q", "Pennant")
    page.select_option("#status", "new")
    page.check("input[name='due'][value='']")
    assert submit(page, SEARCH) == 200
    expect(page.locator("#results-heading")).to_have_text(SAYS["en"]["found_one"])
    expect(page.locator("#status")).to_have_value("new")
