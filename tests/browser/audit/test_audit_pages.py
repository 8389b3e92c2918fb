"""Need to know in headless Chromium, in English and Welsh, with axe-core on every state
(issue 16, part 6): the audit log's search page empty, with results and refused; the
council settings page with its new setting; the officers' teams page and its refusal.
Each page must also say what it promises, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from portal.models.staff import AuditLog, Role
from tests.browser.conftest import LiveServer
from tests.factories import make_case, make_user
from tests.support.browser import LANGS, Account, Axe, fill_date, open_in, sign_in, status, submit
from tests.support.live import accounts_for, on_live_server

pytestmark = pytest.mark.browser

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
    managers: dict[str, Account]
    admins: dict[str, Account]
    officer_id: int
    reference: str


@pytest.fixture(scope="module")
def accounts(live_server: LiveServer) -> Accounts:
    """A complaints manager and an administrator for each language's sign-in (a code is
    refused a second time), an officer, and two lines of the log on 1 July 2026."""
    with on_live_server(live_server) as (session, council):
        managers = accounts_for(session, council, Role.COMPLAINTS_MANAGER,
                                "manager-{}@audit.test")
        admins = accounts_for(session, council, Role.ADMINISTRATOR, "admin-{}@audit.test")
        officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER, name="Olu Officer")
        case = make_case(session, council, "CMP-AP-000001")
        for action, allowed, hour in (("view", True, 9), ("denied", False, 10)):
            session.add(AuditLog(user_id=officer.id, action=action, allowed=allowed,
                                 representation_id=case.id, detail={},
                                 at=datetime(2026, 7, 1, hour, tzinfo=UTC)))
        session.commit()
        return Accounts(managers, admins, officer.id, case.reference)


@pytest.mark.parametrize("lang", LANGS)
def test_the_audit_search_page(live_server: LiveServer, page: Page, axe: Axe, lang: str,
                               accounts: Accounts) -> None:
    says = SAYS[lang]
    sign_in(page, live_server, accounts.managers[lang])
    open_in(page, live_server, "/staff/audit", lang)
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
    open_in(page, live_server, "/staff/admin/settings", lang)
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
