"""Need to know in headless Chromium, in English and Welsh, with axe-core on every state
(issue 16, part 6): the audit log's search page empty, with results and refused; the
council settings page with its new setting; the officers' teams page and its refusal.
Each page must also say what it promises, in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, Response, expect

from portal.extensions import db
from portal.models.staff import AuditLog, Role
from tests.browser.conftest import LiveServer
from tests.browser.retention.test_retention import sign_in
from tests.factories import make_case, make_user

pytestmark = pytest.mark.browser

Axe = Callable[[Page], None]
LANGS = ["en", "cy"]

#: What each page must say, in each language (the Welsh as the catalogue has it, so an
#: untranslated string fails here rather than passing as English).
SAYS: dict[str, dict[str, str]] = {
    "en": {
        "audit_h1": "Audit log",
        "found": "Entries found: 2",
        "opened": "Opened the case",
        "refused": "Refused",
        "real_date": "Enter a real date, for example 27 3 2026",
        "error_prefix": "Error:",
        "setting": "Officers see only their own teams' cases",
        "teams_h1": "Officers' teams",
        "choose_team": "Choose a team from the list",
    },
    "cy": {
        "audit_h1": "Log archwilio",
        "found": "Cofnodion a ganfuwyd: 2",
        "opened": "Agorodd yr achos",
        "refused": "Wedi'i wrthod",
        "real_date": "Rhowch ddyddiad go iawn, er enghraifft 27 3 2026",
        "error_prefix": "Gwall:",
        "setting": "Mae swyddogion yn gweld achosion eu timau eu hunain yn unig",
        "teams_h1": "Timau'r swyddogion",
        "choose_team": "Dewiswch dîm o'r rhestr",
    },
}


@dataclass
class Accounts:
    managers: dict[str, tuple[str, str]]
    admins: dict[str, tuple[str, str]]
    officer_id: int
    reference: str


@pytest.fixture(scope="module")
def accounts(live_server: LiveServer) -> Accounts:
    """A complaints manager and an administrator for each language's sign-in (a code is
    refused a second time), an officer, and two lines of the log on 1 July 2026."""
    with live_server.app.app_context():
        from portal.councils.services import current_council

        session = db.session()
        council = current_council(session)
        managers, admins = {}, {}
        for lang in LANGS:
            user, key = make_user(session, council, Role.COMPLAINTS_MANAGER,
                                  email=f"manager-{lang}@audit.test")
            managers[lang] = (user.email, key)
            user, key = make_user(session, council, Role.ADMINISTRATOR,
                                  email=f"admin-{lang}@audit.test")
            admins[lang] = (user.email, key)
        officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER, name="Olu Officer")
        case = make_case(session, council, "CMP-AP-000001")
        for action, allowed, hour in (("view", True, 9), ("denied", False, 10)):
            session.add(AuditLog(user_id=officer.id, action=action, allowed=allowed,
                                 representation_id=case.id, detail={},
                                 at=datetime(2026, 7, 1, hour, tzinfo=UTC)))
        session.commit()
        found = Accounts(managers, admins, officer.id, case.reference)
        db.session.remove()
    return found


def status(response: Response | None) -> int:
    assert response is not None, "no response"
    return response.status


def submit(page: Page, selector: str) -> int:
    with page.expect_navigation() as navigation:
        page.locator(selector).first.click()
    return status(navigation.value)


def fill_date(page: Page, name: str, day: str, month: str, year: str) -> None:
    page.fill(f"#{name}-day", day)
    page.fill(f"#{name}-month", month)
    page.fill(f"#{name}-year", year)


@pytest.mark.parametrize("lang", LANGS)
def test_the_audit_search_page(live_server: LiveServer, page: Page, axe: Axe, lang: str,
                               accounts: Accounts) -> None:
    says = SAYS[lang]
    sign_in(page, live_server, accounts.managers[lang])
    assert status(page.goto(live_server.url(f"/staff/audit?lang={lang}"))) == 200
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_text(says["audit_h1"])
    # The back office menu leads here.
    expect(page.locator("nav a[href='/staff/audit']")).to_have_text(says["audit_h1"])
    axe(page)

    # With results: one day, newest first, each line in words.
    fill_date(page, "date_from", "1", "7", "2026")
    fill_date(page, "date_to", "1", "7", "2026")
    assert submit(page, "#audit-search [type='submit']") == 200
    expect(page.locator("#results-heading")).to_have_text(says["found"])
    rows = page.locator("#audit-results tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(says["refused"])
    expect(rows.nth(1)).to_contain_text(says["opened"])
    expect(rows.nth(1).locator(f"a[href='/staff/cases/{accounts.reference}']")).to_be_visible()
    expect(page.locator("#export-link")).to_be_visible()
    axe(page)

    # Refused: an impossible date, said kindly, what was typed kept.
    fill_date(page, "date_from", "31", "2", "2026")
    assert submit(page, "#audit-search [type='submit']") == 400
    expect(page.locator(".govuk-error-summary")).to_contain_text(says["real_date"])
    assert page.title().startswith(says["error_prefix"])
    expect(page.locator("#date_from-day")).to_have_value("31")
    expect(page.locator("#audit-results")).to_have_count(0)
    axe(page)


@pytest.mark.parametrize("lang", LANGS)
def test_the_council_setting_and_the_officers_teams(live_server: LiveServer, page: Page,
                                                    axe: Axe, lang: str,
                                                    accounts: Accounts) -> None:
    says = SAYS[lang]
    sign_in(page, live_server, accounts.admins[lang])
    assert status(page.goto(live_server.url(f"/staff/admin/settings?lang={lang}"))) == 200
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_label(says["setting"])).to_be_visible()
    axe(page)

    assert status(page.goto(live_server.url(f"/staff/admin/officer-teams?lang={lang}"))) == 200
    expect(page.locator("h1")).to_have_text(says["teams_h1"])
    select = page.locator(f"select[name='team_{accounts.officer_id}']")
    expect(select).to_be_visible()
    expect(page.get_by_label("Olu Officer")).to_be_visible()
    axe(page)

    # A team that is not on the list (a forged form): the form again, with the summary.
    select.evaluate("s => { s.options[1].value = '999999'; s.selectedIndex = 1; }")
    assert submit(page, "main form [type='submit']") == 400
    expect(page.locator(".govuk-error-summary")).to_contain_text(says["choose_team"])
    assert page.title().startswith(says["error_prefix"])
    axe(page)
