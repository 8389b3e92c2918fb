"""In a real browser, in English and Welsh, each checked by axe: a case's remedies and
learning actions with the forms to edit a remedy and to edit or mark done a learning
action (refused, then saved), reopening a closed case, and the due list's learning
actions not yet done, red, amber and green."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from portal.cases import follow_through, services
from portal.models.staff import Role
from portal.vocab.cases import CheckDecision, DelayReason, Outcome, RemedyKind, Route
from tests.browser.conftest import LiveServer
from tests.conftest import PINNED_TODAY
from tests.factories import make_case, make_user
from tests.support.browser import LANGS, Account, Axe, sign_in
from tests.support.browser_case_page import open_action, save_action
from tests.support.live import on_live_server

pytestmark = pytest.mark.browser

#: Pinned today is Monday 23 November 2026.
OVERDUE, SOON, LATER = date(2026, 11, 20), date(2026, 11, 25), date(2026, 12, 10)
WORDS = {
    "en": {"learning": "Learning actions", "due": "Learning actions not yet done",
           "error": "Error", "done": "Not yet", "reopened": "Reopened"},
    "cy": {"learning": "Camau gweithredu i ddysgu",
           "due": "Camau gweithredu i ddysgu sydd heb eu gwneud eto", "error": "Gwall",
           "done": "Ddim eto", "reopened": "Ailagorwyd"},
}


@dataclass
class Arranged:
    account: Account
    open_case: str
    closed_case: str
    learning_ids: list[int]


def _arrange(live_server: LiveServer, lang: str) -> Arranged:
    """A child's complaint answered at stage 1, with a compensation remedy and two
    learning actions (one overdue, owned by an account; one due soon, by name), and an
    adult social care complaint closed by its response."""
    with on_live_server(live_server, request=True) as (session, council):
        manager, secret = make_user(session, council, Role.COMPLAINTS_MANAGER,
                                    name=f"Follow Through {lang}",
                                    email=f"follow-{lang}@through.test")
        rep = make_case(session, council, f"CMP-FT-{lang.upper()}0001")
        services.accept_route(session, rep, manager, route=Route.CHILDREN_STATUTORY,
                              signpost=None, team_id=council.teams[0].id, category_ids=[],
                              reason=None)
        services.record_outcome(session, rep, manager, outcome=Outcome.PARTLY_UPHELD,
                                responded_on=date(2026, 4, 2), summary="We are sorry.",
                                today=PINNED_TODAY, delay_reason=DelayReason.SERVICE_DELAY)
        follow_through.add_remedy(session, rep, manager, kind=RemedyKind.COMPENSATION,
                                  amount_gbp=Decimal("150.00"), note=None)
        follow_through.add_learning(session, rep, manager, description="Return calls.",
                                    owner_user_id=manager.id, owner=None, due_on=OVERDUE)
        follow_through.add_learning(session, rep, manager, description="Train the team.",
                                    owner_user_id=None, owner="Head of fostering",
                                    due_on=SOON)
        closed = make_case(session, council, f"CMP-FT-{lang.upper()}0002",
                           submitter="relative", on_behalf_of_child=False,
                           service="adult_social_care")
        for check in closed.checks:
            services.decide_check(session, closed, manager, check=check.check,
                                  decision=CheckDecision.MET, reason="Checked.",
                                  today=PINNED_TODAY)
        services.accept_route(session, closed, manager, route=Route.ADULT_STATUTORY,
                              signpost=None, team_id=None, category_ids=[], reason=None)
        services.record_outcome(session, closed, manager, outcome=Outcome.UPHELD,
                                responded_on=date(2026, 4, 2), summary="We will put it right.",
                                today=PINNED_TODAY)
        session.commit()
        return Arranged((manager.email, secret), rep.reference, closed.reference,
                        [a.id for a in rep.learning_actions])


@pytest.mark.parametrize("lang", LANGS)
def test_follow_through_pages_in_english_and_welsh(
        live_server: LiveServer, page: Page, lang: str, axe: Axe) -> None:
    words = WORDS[lang]
    arranged = _arrange(live_server, lang)
    sign_in(page, live_server, arranged.account, lang=lang)
    case_url = live_server.url(f"/staff/cases/{arranged.open_case}")
    page.goto(case_url)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    overdue, soon = (page.locator(f"#learning-{n}") for n in arranged.learning_ids)
    expect(overdue).to_have_attribute("data-rag", "red")
    expect(soon).to_have_attribute("data-rag", "amber")
    expect(soon.locator("[data-field=done]")).to_have_text(words["done"])
    expect(page.get_by_role("heading", name=words["learning"], exact=True)).to_be_visible()
    open_action(page, "remedy-edit", "learning-edit", "learning-done")
    expect(page.locator("#learning-done-done_on")).to_have_value(PINNED_TODAY.isoformat())
    axe(page)

    # Marked done without saying what was done: refused in words, the form open.
    page.locator("#learning-done-learning_action").select_option(str(arranged.learning_ids[0]))
    save_action(page, "learning-done")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith(words["error"])
    axe(page)
    page.locator("#learning-done-note").fill("Calls are returned within two days.")
    save_action(page, "learning-done")
    expect(overdue).to_have_attribute("data-done", "yes")

    # A remedy edited: the amount changes and the page says so.
    open_action(page, "remedy-edit")
    page.locator("#remedy-edit-amount").fill("120.00")
    save_action(page, "remedy-edit")
    expect(page.locator("#remedies [data-field=amount]")).to_have_text("£120.00")
    axe(page)

    # The due list: the one still open, amber; the one done, gone.
    page.goto(live_server.url("/staff/cases/due"))
    rows = page.locator(f"#learning-due tr[data-reference='{arranged.open_case}']")
    expect(rows).to_have_count(1)
    expect(rows).to_have_attribute("data-rag", "amber")
    expect(page.locator("#learning")).to_have_text(words["due"])
    axe(page)
    page.goto(live_server.url("/staff/cases/due?show=learning"))
    expect(page.locator("h1")).to_contain_text(words["due"])
    axe(page)

    # A closed case: no remedy form, but a complaints manager may reopen it, with a reason.
    page.goto(live_server.url(f"/staff/cases/{arranged.closed_case}"))
    expect(page.locator("#action-remedy")).to_have_count(0)
    open_action(page, "reopen")
    axe(page)
    save_action(page, "reopen")  # no reason: refused
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)
    page.locator("#reopen-reason").fill("The Ombudsman asked us to pay for missed visits.")
    save_action(page, "reopen")
    expect(page.locator("#reopened")).to_contain_text("The Ombudsman asked us")
    expect(page.locator("#action-remedy")).to_have_count(1)
    expect(page.locator("#action-reopen")).to_have_count(0)
    expect(page.get_by_text(words["reopened"], exact=True)).to_be_visible()
    axe(page)
