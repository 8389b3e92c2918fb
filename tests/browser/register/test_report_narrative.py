"""In a real browser, in English and Welsh: the annual report page with its key figures,
the council's words form, a refused (too long) save and a saved one, each checked by axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from portal.models.staff import Role
from portal.register.narrative import MAX_CHARS
from tests.browser.conftest import LiveServer
from tests.support.browser import Axe, sign_in
from tests.support.live import account, on_live_server

pytestmark = pytest.mark.browser

HEADINGS = {
    "en": ("Key figures", "Introduction", "Priorities for next year"),
    "cy": ("Ffigurau allweddol", "Cyflwyniad", "Blaenoriaethau ar gyfer y flwyddyn nesaf"),
}


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_report_page_and_its_words_in_english_and_welsh(
        live_server: LiveServer, page: Page, lang: str, axe: Axe) -> None:
    key_figures, introduction, priorities = HEADINGS[lang]
    with on_live_server(live_server) as (session, council):
        manager = account(session, council, Role.COMPLAINTS_MANAGER,
                          email=f"words-{lang}@report.test")
    sign_in(page, live_server, manager, lang=lang)
    page.goto(live_server.url("/staff/register/annual-report?period_from=1&period_from=4"
                              "&period_from=2018&period_to=31&period_to=3&period_to=2019"))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#key-figures")).to_have_text(key_figures)
    axe(page)

    # Too long: refused in words, what was typed still there, the report beside it.
    typed = "Our year. " + "x" * MAX_CHARS
    page.fill("#introduction", typed)
    page.fill("#priorities", "Answer sooner.")
    page.locator("#narrative-form [type='submit']").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("6,000")
    expect(page.locator("#introduction")).to_have_value(typed)
    expect(page.locator("#priorities")).to_have_value("Answer sooner.")
    assert page.title().startswith("Error" if lang == "en" else "Gwall")
    axe(page)

    page.fill("#introduction", "Our year.")
    page.locator("#narrative-form [type='submit']").click()
    page.wait_for_load_state()
    expect(page.locator("#narrative-introduction")).to_have_text(introduction)
    expect(page.locator("#narrative-priorities")).to_have_text(priorities)
    expect(page.locator("#introduction")).to_have_value("Our year.")
    axe(page)
