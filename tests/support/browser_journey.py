"""The public journey in a real browser: from the home page, in either language, answering
each question the journey asks as a visitor would."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page

from tests.browser.conftest import LiveServer
from tests.support import journey
from tests.support.browser import submit

#: A child's complaint typed into the browser, page by page (field name -> value; radios
#: and checkboxes by value): the test client's answers, with words in three scripts and
#: markup that must stay text.
CHILD_COMPLAINT: dict[str, dict[str, Any]] = {
    **journey.CHILD_COMPLAINT,
    "what-happened": {"description": "My social worker never comes. مرحبا 😢 <b>really</b>"},
    "contact": {"contact_methods": ["email"], "email": "sam@example.com"},
}
#: "Carry on" on "Get help now" (the timeout dialog's Exit this page is a button in main too).
CARRY_ON = "main a.govuk-button:not(#timeout-dialog-exit)"


def slug_of(page: Page) -> str:
    return urlsplit(page.url).path.rsplit("/", 1)[-1]


def choose_language(page: Page, live_server: LiveServer, lang: str) -> None:
    """The home page, in ``lang`` as its language switcher chooses it."""
    page.goto(live_server.url("/"))
    if lang != "en":
        with page.expect_navigation():
            page.click(f"a[hreflang='{lang}']")
    assert page.locator("html").get_attribute("lang") == lang


def choose_kind(page: Page, kind: str = "complaint") -> None:
    """Press the home page's start for a complaint, compliment or comment."""
    with page.expect_navigation():
        page.click(f"main a[href*='kind={kind}']")


def start_journey(page: Page, live_server: LiveServer, kind: str = "complaint",
                  lang: str = "en") -> None:
    """From the home page, as a new visitor would, to the journey's first question."""
    choose_language(page, live_server, lang)
    choose_kind(page, kind)


def fill(page: Page, answers: dict[str, Any]) -> None:
    """Fill one journey page by field names (radios and checkboxes by value)."""
    for name, value in answers.items():
        for box in page.locator(f"input[type=checkbox][name='{name}']").all():
            if box.is_checked():
                box.uncheck()
        if isinstance(value, list):
            for item in value:
                page.check(f"input[name='{name}'][value='{item}']")
            continue
        field = page.locator(f"[name='{name}']").first
        if field.get_attribute("type") == "radio":
            page.check(f"input[name='{name}'][value='{value}']")
        else:
            field.fill(value)


def answer_until(page: Page, answers: dict[str, dict[str, Any]], stop: str) -> None:
    """Answer each question the journey asks until it reaches the page ``stop``."""
    for _ in range(30):
        slug = slug_of(page)
        if slug == stop:
            return
        if slug == "get-help-now":
            submit(page, CARRY_ON)
            continue
        if slug == "add-files":
            fill(page, answers.get(slug, {}))
            submit(page, "#continue")  # optional: Continue, with any file chosen
            continue
        fill(page, answers[slug])
        submit(page)
    raise AssertionError(f"the journey did not reach {stop}, stopped at {slug_of(page)}")
