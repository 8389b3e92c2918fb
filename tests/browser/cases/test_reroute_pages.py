"""Re-routing, moving team and transferring on the case page, in a real browser, in
English and in Welsh: the three forms offered to a complaints manager at stage 1, their
error states (a missing reason, a transfer before the complaint was sent on), a change
of procedure that counts stage 1's clocks again from receipt, and the case closed as
passed to another council. Every page and every error state passes axe-core (WCAG 2.2
AA), without JavaScript too (the forms are plain HTML details and posts)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from portal.cases import services
from portal.models.staff import Role
from portal.vocab.cases import Route
from tests.browser.conftest import LiveServer
from tests.factories import make_case, make_user
from tests.support.browser import LANGS, Account, Axe, sign_in
from tests.support.browser_case_page import open_action, refused_in_words, save_action
from tests.support.live import on_live_server

pytestmark = pytest.mark.browser


@dataclass
class Arranged:
    account: Account
    reference: str
    other_team: str


def _arrange(live_server: LiveServer, lang: str) -> Arranged:
    """A child's complaint received Friday 6 March 2026, accepted under the children's
    procedure (stage 1 due Friday 20 March), and a complaints manager."""
    with on_live_server(live_server, request=True) as (session, council):
        manager, secret = make_user(session, council, Role.COMPLAINTS_MANAGER,
                                    email=f"reroute-{lang}@backoffice.test")
        rep = make_case(session, council, f"CMP-RR-{lang.upper()}0001", language=lang)
        services.accept_route(session, rep, manager, route=Route.CHILDREN_STATUTORY,
                              signpost=None, team_id=council.teams[0].id, category_ids=[],
                              reason="")
        session.commit()
        return Arranged((manager.email, secret), rep.reference, str(council.teams[1].id))


@pytest.mark.parametrize("lang", LANGS)
def test_re_route_move_and_transfer_in_english_and_welsh(
        live_server: LiveServer, page: Page, axe: Axe, lang: str) -> None:
    arranged = _arrange(live_server, lang)
    sign_in(page, live_server, arranged.account, lang=lang)
    case_url = live_server.url(f"/staff/cases/{arranged.reference}")
    page.goto(case_url)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#next-deadline")).to_have_attribute("data-date", "2026-03-11")
    for slug in ("reroute", "change-team", "transfer"):
        open_action(page, slug)
        expect(page.locator(f"#action-{slug} form")).to_be_visible()
    axe(page)

    # Changing the procedure without a reason: 400, the error summary, the choice kept.
    page.locator("#reroute-procedure").select_option("corporate")
    save_action(page, "reroute")
    refused_in_words(page, lang)
    expect(page.locator(".govuk-error-summary a[href='#reroute-reason']")).to_be_visible()
    expect(page.locator("#reroute-procedure")).to_have_value("corporate")
    axe(page)
    # With the reason: corporate, its clocks counted from receipt (acknowledge within 5
    # working days of Friday 6 March: Friday 13 March).
    page.locator("#reroute-reason").fill("It is about the youth club.")
    save_action(page, "reroute")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator("#case-procedure")).not_to_be_empty()
    expect(page.locator("#next-deadline")).to_have_attribute("data-date", "2026-03-13")
    axe(page)

    # Moving team without a reason, then with one.
    open_action(page, "change-team")
    page.locator("#change-team-to_team").select_option(arranged.other_team)
    save_action(page, "change-team")
    refused_in_words(page, lang)
    axe(page)
    page.locator("#change-team-reason").fill("The child moved into care.")
    save_action(page, "change-team")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)

    # A transfer before the complaint was sent on: refused in words (409), kept open.
    open_action(page, "transfer")
    page.locator("#transfer-to_council").fill("Northshire County Council")
    page.locator("#transfer-reason").fill("The child lives in Northshire.")
    save_action(page, "transfer")
    refused_in_words(page, lang)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Northshire County Council")
    expect(page.locator("#transfer-to_council")).to_have_value("Northshire County Council")
    axe(page)
    page.locator("#transfer-passed_on").check()
    save_action(page, "transfer")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator("#transferred")).to_contain_text("Northshire County Council")
    expect(page.locator("#action-transfer")).to_have_count(0)
    expect(page.locator("#action-reroute")).to_have_count(0)
    axe(page)


def test_the_forms_work_without_javascript(live_server: LiveServer,
                                           page_no_js: Page) -> None:
    arranged = _arrange(live_server, "nojs")
    sign_in(page_no_js, live_server, arranged.account, lang="en")
    page_no_js.goto(live_server.url(f"/staff/cases/{arranged.reference}"))
    open_action(page_no_js, "change-team")
    page_no_js.locator("#change-team-to_team").select_option(arranged.other_team)
    page_no_js.locator("#change-team-reason").fill("Moved.")
    save_action(page_no_js, "change-team")
    expect(page_no_js.locator(".govuk-error-summary")).to_have_count(0)
    expect(page_no_js.locator("#action-change-team")).to_be_attached()
