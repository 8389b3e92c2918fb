"""The journey on a small phone (and so at 400% zoom), by keyboard alone, with the
session timeout warning, and Exit this page by pressing Shift three times."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import LiveServer
from tests.support.browser import Axe, submit
from tests.support.browser_journey import CHILD_COMPLAINT, fill, slug_of, start_journey

pytestmark = pytest.mark.browser


def _dialog_shown(page: Page) -> None:
    """Let the answers sit idle until the timeout dialog warns of forgetting them."""
    dialog = page.locator("#timeout-dialog")
    idle = int(dialog.get_attribute("data-idle-seconds"))
    warn = int(dialog.get_attribute("data-warn-seconds"))
    page.clock.run_for((idle - warn + 1) * 1000)
    assert dialog.is_visible()


def test_every_page_fits_a_320_pixel_screen(browser: Browser, live_server: LiveServer,
                                            axe: Axe) -> None:
    """320 CSS pixels wide is a small phone, and a 1280-pixel screen at 400% zoom
    (WCAG 1.4.10 Reflow): nothing may need scrolling sideways."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="en-GB")
    page = context.new_page()
    try:
        start_journey(page, live_server)
        for _ in range(30):
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{slug_of(page)} scrolls sideways by {overflow}px"
            axe(page)
            if slug_of(page) == "check-answers":
                break
            fill(page, CHILD_COMPLAINT[slug_of(page)])
            # "Add file" comes first on the optional files page: Continue past it.
            submit(page, "#continue" if slug_of(page) == "add-files"
                   else "main form [type='submit']")
        else:
            raise AssertionError("did not reach check your answers")
    finally:
        context.close()


def test_keyboard_only(page: Page, live_server: LiveServer) -> None:
    """The skip link comes first; a question is answered and sent with keys alone."""
    start_journey(page, live_server)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className").startswith(
        "govuk-skip-link")
    # Tab to the first answer, choose it with Space, send with Enter.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == "submitter":
            break
    else:
        raise AssertionError("could not reach the answers by Tab")
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert slug_of(page) == "are-you-safe"


def test_timeout_warning_before_answers_are_forgotten(page: Page, live_server: LiveServer,
                                                      axe: Axe) -> None:
    page.clock.install()
    start_journey(page, live_server)
    dialog = page.locator("#timeout-dialog")
    assert not dialog.is_visible()
    _dialog_shown(page)
    axe(page)
    with page.expect_response(re.compile(r"/complaint/keep-alive$")) as answer:
        dialog.locator("button").click()
    assert answer.value.request.method == "POST"
    assert answer.value.status == 204  # the page's CSRF token went with it
    assert not dialog.is_visible()


def test_exit_this_page_with_shift_three_times(page: Page, live_server: LiveServer) -> None:
    start_journey(page, live_server)
    with page.expect_request(re.compile(r"bbc\.co\.uk")):
        for _ in range(3):
            page.keyboard.press("Shift")


def test_exit_this_page_is_one_tap_away_while_the_timeout_dialog_is_open(
        browser: Browser, live_server: LiveServer) -> None:
    """A modal dialog makes the page behind it inert, its Exit this page too: the dialog
    carries its own, so a child on a phone leaves with one tap (DOMAIN.md, "Safety")."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="en-GB",
                                  has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.clock.install()
        start_journey(page, live_server)
        _dialog_shown(page)
        exit_in_dialog = page.locator("#timeout-dialog #timeout-dialog-exit")
        assert exit_in_dialog.is_visible()
        with page.expect_request(re.compile(r"bbc\.co\.uk")):
            exit_in_dialog.tap()
    finally:
        context.close()
