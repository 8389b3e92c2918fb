"""In a real browser, in English and Welsh: the complaints manager reads the retention schedule,
places a legal hold on a case and releases it; the administrator sets the periods. Every page
passes axe-core."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import Page, expect

from portal.models.staff import Role
from portal.retention.purge import destroy_case
from portal.settings.retention import RetentionSettings
from tests.browser.conftest import LiveServer
from tests.support.browser import LANGS, Account, Axe, sign_in
from tests.support.live import account, on_live_server
from tests.support.retention import closed_case

pytestmark = pytest.mark.browser


@dataclass
class Setting:
    manager: Account
    admin: Account
    due: str
    destroyed: str


@pytest.fixture(scope="module")
def setting(live_server: LiveServer) -> Setting:
    with on_live_server(live_server) as (session, council):
        manager = account(session, council, Role.COMPLAINTS_MANAGER,
                          email="records@retention.test")
        admin = account(session, council, Role.ADMINISTRATOR, email="admin@retention.test")
        due = closed_case(session, council, "CMP-RT-000001", closed=date(2015, 1, 5),
                          received=date(2014, 12, 1))
        gone = closed_case(session, council, "CMP-RT-000002", closed=date(2015, 1, 5),
                           received=date(2014, 12, 1))
        destroy_case(session, gone.id, RetentionSettings(), today=datetime.now(UTC).date(),
                     ran_by="flask retention purge (portal)")
        session.commit()
        return Setting(manager, admin, due.reference, gone.reference)


def in_both_languages(page: Page, url: str, axe: Axe) -> None:
    """Open ``url`` in English, then in Welsh, and check each with axe-core."""
    for lang in LANGS:
        page.goto(f"{url}?lang={lang}")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        axe(page)


def test_the_manager_holds_and_releases_a_case(live_server: LiveServer, page: Page,
                                               setting: Setting, axe: Axe) -> None:
    sign_in(page, live_server, setting.manager)
    page.goto(live_server.url("/staff/retention?lang=en"))
    expect(page.locator("h1")).to_have_text("Retention and legal holds")
    expect(page.locator("#due-now")).to_contain_text(setting.due)
    expect(page.locator("#destruction-log")).to_contain_text(setting.destroyed)
    in_both_languages(page, live_server.url("/staff/retention"), axe)

    # From the schedule to the case, and a hold on it.
    page.goto(live_server.url("/staff/retention?lang=en"))
    page.locator("#due-now").get_by_role("link", name=setting.due).click()
    expect(page.locator("#retention-until")).to_contain_text("5 January 2021")
    page.locator("#place-hold").click()
    hold_url = page.url.split("?")[0]
    in_both_languages(page, hold_url, axe)
    page.goto(f"{hold_url}?lang=en")
    page.get_by_role("button", name="Place the legal hold").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose why the case must be kept")
    axe(page)
    page.get_by_label("An Ombudsman investigation").check()
    page.get_by_label("Details (optional)").fill("LGSCO reference 25 012 345")
    page.get_by_role("button", name="Place the legal hold").click()
    expect(page.locator("#retention-kept")).to_contain_text("On legal hold")
    expect(page.locator("#legal-holds")).to_contain_text("LGSCO reference 25 012 345")
    in_both_languages(page, page.url.split("?")[0], axe)

    # The schedule lists it as held, not due.
    page.goto(live_server.url("/staff/retention?lang=en"))
    expect(page.locator("#holds")).to_contain_text(setting.due)
    expect(page.locator("#due-now")).not_to_contain_text(setting.due)

    # Released, it is due again.
    page.goto(live_server.url(f"/staff/cases/{setting.due}?lang=en"))
    page.locator("#legal-holds").get_by_role("link").click()
    release_url = page.url.split("?")[0]
    in_both_languages(page, release_url, axe)
    page.goto(f"{release_url}?lang=en")
    page.get_by_role("button", name="Release the legal hold").click()
    expect(page.locator("#released-holds")).to_be_visible()
    page.goto(live_server.url("/staff/retention?lang=en"))
    expect(page.locator("#due-now")).to_contain_text(setting.due)

    # A destroyed case says so, and offers nothing to do.
    page.goto(live_server.url(f"/staff/cases/{setting.destroyed}?lang=en"))
    expect(page.locator("#retention-destroyed")).to_be_visible()
    in_both_languages(page, live_server.url(f"/staff/cases/{setting.destroyed}"), axe)


def test_the_administrator_sets_the_periods(live_server: LiveServer, page: Page,
                                            setting: Setting, axe: Axe) -> None:
    sign_in(page, live_server, setting.admin)
    page.goto(live_server.url("/staff/admin/settings?lang=en"))
    page.get_by_role("link", name="Retention periods").click()
    expect(page.locator("h1")).to_have_text("Retention periods")
    in_both_languages(page, live_server.url("/staff/retention/settings"), axe)
    page.goto(live_server.url("/staff/retention/settings?lang=en"))
    page.get_by_label("Years a closed case is kept").fill("0")
    page.get_by_role("button", name="Save retention periods").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("from 1 to 100")
    axe(page)
    page.get_by_label("Years a closed case is kept").fill("6")
    page.get_by_role("button", name="Save retention periods").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Retention periods saved")
    page.get_by_role("link", name="Retention and legal holds").click()
    expect(page.locator("#due-now")).to_contain_text(setting.due)
    # The administrator reads references, and opens no case from here.
    expect(page.locator("#due-now a")).to_have_count(0)
