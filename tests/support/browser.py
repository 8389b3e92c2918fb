"""The portal in a real browser (tests/browser/): signing in to the back office through its
own pages, pressing a button and reading the status of the page it leads to. The fixtures
(the live server, Chromium, ``page``, ``axe``) are in tests/browser/conftest.py; the public
journey is in browser_journey.py, the case page's actions in browser_case_page.py, and data on the
live server in live.py."""

from __future__ import annotations

import re
from collections.abc import Callable

import pyotp
from playwright.sync_api import Page, Response, expect

from tests.browser.conftest import LiveServer
from tests.factories import PASSWORD

#: The ``axe`` fixture: fails the test on any WCAG 2.2 AA violation of the page as it is.
Axe = Callable[[Page], None]
#: An account to sign in with: its email and its two-factor key.
Account = tuple[str, str]
#: The languages every page is checked in.
LANGS = ["en", "cy"]


def status(response: Response | None) -> int:
    assert response is not None, "no response"
    return response.status


def submit(page: Page, selector: str = "main form [type='submit']") -> int:
    """Press the page's button (or link); the status of the page it leads to."""
    with page.expect_navigation() as navigation:
        page.locator(selector).first.click()
    return status(navigation.value)


def open_in(page: Page, live_server: LiveServer, path: str, lang: str, *,
            status_code: int = 200) -> None:
    """Open ``path`` in ``lang``: the page comes back with ``status_code``, in that
    language."""
    joiner = "&" if "?" in path else "?"
    assert status(page.goto(live_server.url(f"{path}{joiner}lang={lang}"))) == status_code
    expect(page.locator("html")).to_have_attribute("lang", lang)


def fill_date(page: Page, name: str, day: str, month: str, year: str) -> None:
    """The three boxes of a date field."""
    page.fill(f"#{name}-day", day)
    page.fill(f"#{name}-month", month)
    page.fill(f"#{name}-year", year)


def sign_in(page: Page, live_server: LiveServer, account: Account, *,
            lang: str | None = None) -> None:
    """Password, then the two-factor code, on the sign-in pages; with ``lang``, then that
    language as the switcher chooses it (its cookie)."""
    email, secret = account
    page.goto(live_server.url("/staff/sign-in"))
    page.fill("input[name='email']", email)
    page.fill("input[name='password']", PASSWORD)
    page.locator("main form [type='submit']").first.click()
    page.wait_for_url(re.compile(r"/staff/sign-in/code"))
    page.fill("input[name='code']", pyotp.TOTP(secret).now())
    page.locator("main form [type='submit']").first.click()
    page.wait_for_load_state()
    if lang is not None:
        page.goto(live_server.url(f"/language/{lang}"))
