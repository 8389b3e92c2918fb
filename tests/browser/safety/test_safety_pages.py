"""The safety pages in headless Chromium, in English and Welsh, with axe-core on each page
and each error state (DOMAIN.md, "Safety"): "Get help now" after "Are you safe?" and after
words of harm, the confirmation of an urgent submission, the back office's safety alerts
(list, alert, its decision form refused twice, the case page's red banner), the "not open
yet" page and the 500 page. Each page must also say or offer what it promises."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.models.safety import SafetyAlert
from portal.models.staff import Role
from portal.safety import services as safety
from portal.vocab.safety import AlertSource
from tests.browser.conftest import LiveServer
from tests.conftest import PINNED_NOW
from tests.factories import make_case
from tests.support.browser import LANGS, Account, Axe, open_in, sign_in, submit
from tests.support.browser_journey import CARRY_ON, CHILD_COMPLAINT, answer_until, fill, slug_of
from tests.support.live import accounts_for, on_live_server

pytestmark = pytest.mark.browser

#: What each page must say, in each language (the Welsh as the catalogue has it, so an
#: untranslated string fails here rather than passing as English).
SAYS: dict[str, dict[str, str]] = {
    "en": {
        "help_h1": "Get help now",
        "help_title": "Useful phone numbers",
        "told": "We have told a person at the council that you are not safe.",
        "after_words": "If someone is hurting you",
        "carry_on": "Carry on",
        "help_now": "If you are not safe right now",
        "alerts_h1": "Safety alerts",
        "record": "Record what you did",
        "choose": "Choose what you did",
        "why": "Write why no safeguarding referral is needed or possible.",
        "no_action": "No safeguarding action needed",
        "at_risk": "A child may be at risk",
        "error_prefix": "Error:",
        "not_open": "This service is not open yet",
        "sorry": "Sorry, something went wrong on our side",
        "go_back": "Go back to your answers",
    },
    "cy": {
        "help_h1": "Cael help nawr",
        "help_title": "Rhifau ffôn defnyddiol",
        "told": "Rydyn ni wedi dweud wrth berson yn y cyngor nad ydych chi'n ddiogel.",
        "after_words": "Os oes rhywun yn eich brifo",
        "carry_on": "Dal ati",
        "help_now": "Os nad ydych chi'n ddiogel ar hyn o bryd",
        "alerts_h1": "Rhybuddion diogelwch",
        "record": "Cofnodwch beth wnaethoch chi",
        "choose": "Dewiswch beth wnaethoch chi",
        "why": "Ysgrifennwch pam nad oes angen atgyfeiriad diogelu",
        "no_action": "Dim angen camau diogelu",
        "at_risk": "Gall plentyn fod mewn perygl",
        "error_prefix": "Gwall:",
        "not_open": "Dydy'r gwasanaeth hwn ddim ar agor eto",
        "sorry": "Mae'n ddrwg gennym, aeth rhywbeth o'i le ar ein hochr ni",
        "go_back": "Mynd yn ôl at eich atebion",
    },
}
#: The demo council's numbers (portal/councils/demo.json) and the national ones.
EMERGENCY, CHILDLINE, DUTY_LINE, OUT_OF_HOURS = (
    "tel:999", "tel:08001111", "tel:03001234567", "tel:03001234568")
NOT_SAFE = {**CHILD_COMPLAINT, "are-you-safe": {"safe": "no"}}
HARM = {**CHILD_COMPLAINT, "what-happened": {"description": "He hit me."}}
#: The shortest journey to "Check your answers": a comment.
COMMENT: dict[str, dict[str, Any]] = {
    "who-are-you": {"submitter": "child"},
    "are-you-safe": {"safe": "yes"},
    "what-is-it-about": {"service": "children_in_care"},
    "what-happened": {"description": "The youth club is great."},
    "contact": {"contact_methods": ["none"]},
    "help-to-take-part": {"needs": ["none"]},
}
DECIDE = "main form[action$='/decide'] [type='submit']"


def start(page: Page, live_server: LiveServer, kind: str, lang: str) -> None:
    open_in(page, live_server, f"/complaint/start?kind={kind}", lang)


def tel_links_work(page: Page, scope: str, wanted: tuple[str, ...]) -> None:
    """Every phone number in ``scope`` is a visible tel: link; ``wanted`` are among them."""
    links = page.locator(f"{scope} a[href^='tel:']")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert set(wanted) <= set(hrefs), hrefs
    for i in range(links.count()):
        expect(links.nth(i)).to_be_visible()


# --- the public pages --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_not_safe_help_at_once_then_again_on_the_confirmation(
        live_server: LiveServer, page: Page, axe: Axe, lang: str) -> None:
    says = SAYS[lang]
    start(page, live_server, "complaint", lang)
    answer_until(page, NOT_SAFE, "are-you-safe")
    fill(page, NOT_SAFE["are-you-safe"])
    submit(page)
    assert urlsplit(page.url).path == "/complaint/get-help-now"
    expect(page.locator("h1")).to_have_text(says["help_h1"])
    # A neutral title: a shared device's history must not say that a child asked for help.
    assert page.title().startswith(says["help_title"])
    tel_links_work(page, "main", (EMERGENCY, CHILDLINE, DUTY_LINE, OUT_OF_HOURS))
    expect(page.locator("#person-told")).to_be_visible()
    expect(page.locator("#person-told")).to_contain_text(says["told"])
    axe(page)
    # Carrying on goes to the question after "Are you safe?"...
    expect(page.locator(CARRY_ON)).to_have_text(says["carry_on"])
    submit(page, CARRY_ON)
    assert slug_of(page) == "about-the-child"

    # ...and the confirmation of the urgent complaint says again who to call.
    answer_until(page, NOT_SAFE, "check-answers")
    submit(page)
    assert slug_of(page) == "sent"
    help_now = page.locator("#help-now")
    expect(help_now).to_be_visible()
    expect(help_now.locator("h2")).to_have_text(says["help_now"])
    tel_links_work(page, "#help-now", (EMERGENCY, CHILDLINE, DUTY_LINE))
    axe(page)


@pytest.mark.parametrize("lang", LANGS)
def test_get_help_now_after_words_of_harm(live_server: LiveServer, page: Page, axe: Axe,
                                          lang: str) -> None:
    says = SAYS[lang]
    start(page, live_server, "complaint", lang)
    answer_until(page, HARM, "what-happened")
    fill(page, HARM["what-happened"])
    submit(page)
    where = urlsplit(page.url)
    assert (where.path, parse_qs(where.query)) == ("/complaint/get-help-now",
                                                   {"after": ["what-happened"]})
    expect(page.locator("h1")).to_have_text(says["help_h1"])
    expect(page.locator("main")).to_contain_text(says["after_words"])
    tel_links_work(page, "main", (EMERGENCY, CHILDLINE, DUTY_LINE))
    # They said they were safe, so nobody has been told yet: the page must not say so.
    expect(page.locator("#person-told")).to_have_count(0)
    axe(page)
    expect(page.locator(CARRY_ON)).to_have_text(says["carry_on"])
    submit(page, CARRY_ON)
    assert slug_of(page) == "add-files"  # the page after "What happened?"


def test_the_not_open_yet_page(live_server: LiveServer, page: Page, axe: Axe,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The page portal/councils/opening.py shows when the portal's council is not in the
    database. COUNCIL_SLUG naming a council nobody loaded takes the same path as an empty
    database (current_council raises NoCouncil either way), on the one live server."""
    monkeypatch.setitem(live_server.app.config, "COUNCIL_SLUG", "not-loaded-yet")
    for lang in LANGS:
        for path in ("/", "/complaint/start?kind=complaint"):
            open_in(page, live_server, path, lang, status_code=503)
            expect(page.locator("h1")).to_have_text(SAYS[lang]["not_open"])
            tel_links_work(page, "main", (EMERGENCY, CHILDLINE))
            expect(page.locator("main a[href='tel:999']")).to_have_text("999")
            expect(page.locator("main a[href='tel:08001111']")).to_have_text("0800 1111")
            expect(page.locator("main form")).to_have_count(0)  # no question asked
        axe(page)


def test_the_500_page_offers_the_answers_kept(live_server: LiveServer, page: Page, axe: Axe,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Sending fails on our side: the page is kind, passes axe, and leads back to the
    answers the draft still holds, in English and in Welsh."""
    start(page, live_server, "comment", "en")
    answer_until(page, COMMENT, "check-answers")

    def register_down(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("test: the register cannot be written")

    # Flask shows its 500 handler only when exceptions do not propagate (TESTING sets it).
    monkeypatch.setitem(live_server.app.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setattr("portal.complaints.services.submit", register_down)
    for lang in LANGS:
        says = SAYS[lang]
        page.goto(live_server.url(f"/complaint/check-answers?lang={lang}"))
        assert submit(page) == 500
        expect(page.locator("h1")).to_have_text(says["sorry"])
        back = page.locator("main a.govuk-button")
        expect(back).to_have_text(says["go_back"])
        assert back.get_attribute("href") == "/complaint/check-answers"
        axe(page)
    # The way back works: the answers are all there, ready to send again.
    assert submit(page, "main a.govuk-button") == 200
    assert slug_of(page) == "check-answers"
    expect(page.locator("main")).to_contain_text(COMMENT["what-happened"]["description"])


# --- the back office ---------------------------------------------------------------------------


@dataclass
class Urgent:
    accounts: dict[str, Account]  # a children's rights officer per language
    alert_id: int
    reference: str


@pytest.fixture(scope="module")
def urgent(live_server: LiveServer) -> Urgent:
    """A case a child sent saying they are not safe, its alert open; and, as a code is
    refused a second time, one children's rights officer for each language's sign-in."""
    with on_live_server(live_server) as (session, council):
        accounts = accounts_for(session, council, Role.CHILDRENS_RIGHTS_OFFICER,
                                "cro-{}@safety.test")
        case = make_case(session, council, "CMP-SA-000001", description="He hit me.")
        case.urgent = True
        alert = safety.raise_for_case(session, case, source=AlertSource.SUBMISSION,
                                      signals=[safety.NOT_SAFE, "hit"], now=PINNED_NOW)
        assert alert is not None
        session.commit()
        return Urgent(accounts, alert.id, case.reference)


@pytest.mark.parametrize("lang", LANGS)
def test_the_safety_alert_pages(live_server: LiveServer, page: Page, axe: Axe, lang: str,
                                urgent: Urgent) -> None:
    says = SAYS[lang]
    sign_in(page, live_server, urgent.accounts[lang])

    # The list of open alerts, ours among them.
    open_in(page, live_server, "/staff/safety/", lang)
    expect(page.locator("h1")).to_have_text(says["alerts_h1"])
    ours = page.locator(f"#open-alerts a[href='/staff/safety/{urgent.alert_id}']")
    expect(ours).to_be_visible()
    expect(page.locator("#open-alerts")).to_contain_text(urgent.reference)
    axe(page)

    # The alert and its decision form.
    submit(page, f"#open-alerts a[href='/staff/safety/{urgent.alert_id}']")
    expect(page.locator("h1")).to_contain_text(str(urgent.alert_id))
    expect(page.get_by_role("heading", name=says["record"])).to_be_visible()
    expect(page.locator("input[name='action']")).to_have_count(5)
    expect(page.locator(f"#alert-{urgent.alert_id}")).to_contain_text("hit")
    axe(page)

    # Nothing chosen: 400 and the error summary.
    assert submit(page, DECIDE) == 400
    expect(page.locator(".govuk-error-summary")).to_contain_text(says["choose"])
    assert page.title().startswith(says["error_prefix"])
    axe(page)

    # "No safeguarding action needed" without saying why: 409, the choice kept.
    page.get_by_label(says["no_action"], exact=True).check()
    assert submit(page, DECIDE) == 409
    expect(page.locator(".govuk-error-summary")).to_contain_text(says["why"])
    expect(page.locator("input[name='action'][value='no_action']")).to_be_checked()
    axe(page)

    # The case page: the red banner with the same form.
    page.goto(live_server.url(f"/staff/cases/{urgent.reference}"))
    banner = page.locator("#safety-alert")
    expect(banner).to_be_visible()
    expect(banner).to_have_class(re.compile(r"\bgovuk-notification-banner--important\b"))
    expect(banner).to_have_attribute("role", "region")
    expect(banner.locator("h2").first).to_have_text(says["at_risk"])
    expect(banner.locator("form[action$='/decide'] input[name='action']")).to_have_count(5)
    expect(banner.get_by_label(says["no_action"], exact=True)).not_to_be_checked()
    axe(page)

    # Neither refusal recorded anything: the alert still waits for a person.
    with on_live_server(live_server) as (session, _council):
        alert = session.scalars(select(SafetyAlert).where(
            SafetyAlert.id == urgent.alert_id)).one()
        assert alert.is_open
        assert alert.action is None

