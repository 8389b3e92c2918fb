"""Save it and come back later in headless Chromium (issue 19, part 6): the pages pass axe
(WCAG 2.2 AA) in English and Welsh, with and without an error, and a saved form comes
back in a fresh browser with its code."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.support.browser import LANGS, Axe, submit
from tests.support.browser_journey import CHILD_COMPLAINT, answer_until, slug_of, start_journey

pytestmark = pytest.mark.browser

SAVE = "#save-for-later"


@pytest.mark.parametrize("lang", LANGS)
def test_a_saved_form_comes_back_in_a_fresh_browser(page: Page, browser: Browser,
                                                    live_server: LiveServer, axe: Axe,
                                                    lang: str) -> None:
    start_journey(page, live_server, lang=lang)
    first = slug_of(page)
    answer_until(page, CHILD_COMPLAINT, "what-happened")
    page.fill("#description", "The heating in my room has been broken for a week.")
    submit(page, SAVE)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#who-can-see")).to_be_visible()
    code = page.inner_text("#saved-code").strip()
    assert len(code.replace("-", "")) == 16
    axe(page)

    # Another device: a new browser context, no cookies, no draft.
    other = browser.new_context()
    try:
        again = other.new_page()
        again.goto(live_server.url(f"/complaint/come-back?lang={lang}"))
        axe(again)
        again.fill("#code", "AAAA-BBBB-CCCC-DDDD")
        submit(again, "main form [type='submit']")
        expect(again.locator(".govuk-error-summary")).to_be_visible()
        expect(again.locator("#code")).to_have_value("AAAA-BBBB-CCCC-DDDD")
        axe(again)
        again.fill("#code", code.lower().replace("-", " "))
        submit(again, "main form [type='submit']")
        assert slug_of(again) not in ("come-back", first)
        # Every answer is back: the words typed before saving are on their page.
        again.goto(live_server.url("/complaint/what-happened"))
        expect(again.locator("#description")).to_have_value(
            "The heating in my room has been broken for a week.")
    finally:
        other.close()
