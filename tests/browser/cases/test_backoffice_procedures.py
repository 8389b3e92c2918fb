"""In a real browser, in English and in Welsh: the corporate stage 2 acknowledgement, the
adult social care response plan, passing a compliment on, and the due dashboard page by
page. Every page and every error state passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from portal.cases import services
from portal.models.staff import Role
from portal.vocab.cases import Check, CheckDecision, Outcome, Route
from tests.browser.conftest import LiveServer
from tests.factories import make_case, make_user
from tests.support.browser import LANGS, Account, Axe, sign_in
from tests.support.browser_case_page import open_action, refused_in_words, save_action
from tests.support.live import on_live_server

pytestmark = pytest.mark.browser

TODAY = date(2026, 11, 20)


@dataclass
class Cases:
    account: Account
    corporate: str
    adult: str
    compliment: str
    team_id: int


def _arrange(live_server: LiveServer, lang: str) -> Cases:
    """A corporate complaint at stage 2 (asked for on Monday 20 April 2026), an adult
    social care complaint at stage 1 and a compliment accepted at triage."""
    with on_live_server(live_server, request=True) as (session, council):
        manager, secret = make_user(session, council, Role.COMPLAINTS_MANAGER,
                                    email=f"procedures-{lang}@backoffice.test")
        tag = lang.upper()
        corporate = make_case(session, council, f"CMP-{tag}-000001", submitter="parent",
                              on_behalf_of_child=True, service="early_help")
        services.decide_check(session, corporate, manager, check=Check.CHILD_AGREEMENT,
                              decision=CheckDecision.MET, reason="The child agrees.",
                              today=TODAY)
        services.accept_route(session, corporate, manager, route=Route.CORPORATE,
                              signpost=None, team_id=council.teams[0].id, category_ids=[],
                              reason="")
        services.acknowledge(session, corporate, manager, on=date(2026, 3, 9), send=False,
                             today=TODAY)
        services.record_outcome(session, corporate, manager, outcome=Outcome.NOT_UPHELD,
                                responded_on=date(2026, 3, 20), summary="No fault.",
                                today=TODAY)
        services.request_next_stage(session, corporate, manager,
                                    requested_on=date(2026, 4, 20), late_reason=None,
                                    today=TODAY)
        adult = make_case(session, council, f"CMP-{tag}-000002", submitter="relative",
                          service="adult_social_care")
        services.accept_route(session, adult, manager, route=Route.ADULT_STATUTORY,
                              signpost=None, team_id=council.teams[0].id, category_ids=[],
                              reason="")
        compliment = make_case(session, council, f"CMP-{tag}-000003", kind="compliment",
                               description="Jo helped us so much. Thank you.")
        services.accept_route(session, compliment, manager, route=Route.COMPLIMENT,
                              signpost=None, team_id=council.teams[0].id, category_ids=[],
                              reason="")
        session.commit()
        return Cases((manager.email, secret), corporate.reference, adult.reference,
                     compliment.reference, council.teams[0].id)


def _save(page: Page, slug: str, fields: dict[str, str]) -> None:
    """Open the case page's action ``slug``, fill its boxes in, and send it."""
    open_action(page, slug)
    for name, value in fields.items():
        page.locator(f"#action-{slug} #{slug}-{name}").fill(value)
    save_action(page, slug)


@pytest.mark.parametrize("lang", LANGS)
def test_procedure_steps_in_english_and_welsh(live_server: LiveServer, page: Page, lang: str,
                                              axe: Axe, monkeypatch: pytest.MonkeyPatch) -> None:
    cases = _arrange(live_server, lang)
    sign_in(page, live_server, cases.account, lang=lang)

    # Corporate stage 2: acknowledged within 5 working days of Monday 20 April 2026.
    page.goto(live_server.url(f"/staff/cases/{cases.corporate}"))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#next-deadline")).to_have_attribute("data-date", "2026-04-27")
    expect(page.locator("#stage2-acknowledgement")).to_have_attribute("data-due", "2026-04-27")
    axe(page)
    # An error state: a date before the request, refused in words, the form kept open.
    _save(page, "acknowledge-stage2", {"on": "2026-04-17"})
    refused_in_words(page, lang)
    expect(page.locator(".govuk-error-summary")).to_contain_text("2026-04-20")
    expect(page.locator("#acknowledge-stage2-on")).to_have_value("2026-04-17")
    axe(page)
    _save(page, "acknowledge-stage2", {"on": "2026-04-23"})
    # 20 working days from Thursday 23 April 2026 (4 May is a bank holiday).
    expect(page.locator("#next-deadline")).to_have_attribute("data-date", "2026-05-22")
    axe(page)

    # Adult social care: six months without a plan; the agreed date once there is one.
    page.goto(live_server.url(f"/staff/cases/{cases.adult}"))
    # Six months end on Saturday 5 September 2026: due the Friday before.
    expect(page.locator("#response-plan")).to_have_attribute("data-fallback", "2026-09-04")
    _save(page, "response-plan", {"agreed_on": "2026-03-09", "response_by": "2026-05-15",
                                  "handling": "", "keeping_informed": "A call every week."})
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#response-plan-keeping_informed")).to_have_value("A call every week.")
    axe(page)
    _save(page, "response-plan", {"handling": "The service manager will meet you."})
    expect(page.locator("#plan-response-by")).to_have_attribute("data-date", "2026-05-15")
    # Never acknowledged: the missed acknowledgement stays the next deadline until it is.
    expect(page.locator("#next-deadline")).to_have_attribute("data-date", "2026-03-11")
    axe(page)

    # A compliment: a missing manager is named; then it goes.
    page.goto(live_server.url(f"/staff/cases/{cases.compliment}"))
    fields = {"worker_name": "Jo Worker", "worker_email": "jo@council.gov.uk",
              "manager_name": "", "manager_email": ""}
    _save(page, "compliment", fields)
    expect(page.locator(".govuk-error-summary a[href='#compliment-manager_name']")).to_be_visible()
    expect(page.locator("#compliment-worker_email")).to_have_value("jo@council.gov.uk")
    axe(page)
    _save(page, "compliment", {"manager_name": "Alex Manager",
                               "manager_email": "alex@council.gov.uk"})
    expect(page.locator("#compliment-shared")).to_contain_text("Jo Worker (jo@council.gov.uk)")
    axe(page)

    # The due dashboard, and one team's list page by page.
    page.goto(live_server.url("/staff/cases/due"))
    expect(page.locator("h1")).to_be_visible()
    axe(page)
    monkeypatch.setattr("portal.cases.queries.DUE_LIST_LIMIT", 1)
    page.goto(live_server.url(f"/staff/cases/due?team={cases.team_id}"))
    expect(page.locator("nav.govuk-pagination")).to_be_visible()
    axe(page)
    page.locator("nav.govuk-pagination a").first.click()
    expect(page).to_have_url(re.compile(r"page=2"))
    axe(page)
