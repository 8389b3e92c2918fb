"""Logging a complaint made by phone, letter or in person, in headless Chromium, in English
and Welsh, with axe-core on the form and on its error state (issue 15, part 4): a refused
form keeps everything typed; a complete one becomes a case routed as the public form's."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from portal.models.staff import Role
from tests.browser.conftest import LiveServer
from tests.support.browser import LANGS, Account, Axe, open_in, sign_in, submit
from tests.support.live import accounts_for, on_live_server

pytestmark = pytest.mark.browser

SUBMIT = "form#log-offline [type='submit']"


@pytest.fixture(scope="module")
def managers(live_server: LiveServer) -> dict[str, Account]:
    """A complaints manager for each language's sign-in (a code is refused twice)."""
    with on_live_server(live_server) as (session, council):
        accounts = accounts_for(session, council, Role.COMPLAINTS_MANAGER,
                                "offline-{}@pages.test")
        session.commit()
        return accounts


@pytest.mark.parametrize("lang", LANGS)
def test_the_offline_form_and_its_errors(live_server: LiveServer, page: Page, axe: Axe,
                                         lang: str, managers: dict[str, Account]) -> None:
    sign_in(page, live_server, managers[lang])
    open_in(page, live_server, "/staff/cases/new", lang)
    # Dates are three boxes, today's date to start with; choices are words.
    expect(page.locator("input[name='received_on']")).to_have_count(3)
    expect(page.locator("select[name='submitter'] option[value='councillor']")).not_to_have_text(
        "councillor")
    axe(page)

    # Nothing chosen: 400, the error summary, and the page still passes.
    page.fill("#received_on-day", "31")
    page.fill("#received_on-month", "2")
    page.fill("textarea[name='description']", "He hit her last night, she said.")
    page.fill("input[name='name']", "Cllr Ahmed")
    page.select_option("select[name='submitter']", "councillor")
    assert submit(page, SUBMIT) == 400
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary a[href='#received_on-day']")).to_have_count(1)
    # What was typed is still there.
    expect(page.locator("#received_on-day")).to_have_value("31")
    expect(page.locator("textarea[name='description']")).to_have_value(
        "He hit her last night, she said.")
    expect(page.locator("input[name='name']")).to_have_value("Cllr Ahmed")
    expect(page.locator("select[name='submitter']")).to_have_value("councillor")
    axe(page)

    # Put right: a case, urgent, routed as online.
    page.fill("#received_on-day", "20")
    page.fill("#received_on-month", "11")
    page.fill("#received_on-year", "2026")
    page.locator("input[name='method'][value='telephone']").check()
    page.locator("input[name='kind'][value='complaint']").check()
    page.locator("input[name='for_whom'][value='child']").check()
    page.select_option("select[name='service']", "social_work")
    assert submit(page, SUBMIT) == 200
    assert "/staff/cases/" in page.url
    assert not page.url.endswith("/new")
    # "He hit her": a person is told, and the case page says so.
    expect(page.locator("#safety-alert")).to_be_visible()
