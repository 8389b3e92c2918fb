"""Every public journey in headless Chromium, in English and Welsh, with axe-core on every
page and every error state; and one journey with JavaScript off."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from portal.db.types import utcnow
from portal.models.cases import Message, Representation
from portal.vocab.cases import CaseStatus, MessageAuthor
from tests.browser.conftest import LiveServer
from tests.support.browser import Axe, submit
from tests.support.browser_journey import (
    CHILD_COMPLAINT,
    answer_until,
    choose_kind,
    choose_language,
    fill,
    slug_of,
    start_journey,
)
from tests.support.live import on_live_server

pytestmark = pytest.mark.browser

ADULT_COMPLAINT = {**CHILD_COMPLAINT, "who-are-you": {"submitter": "parent"},
                   "contact": {"contact_methods": ["phone"], "phone": "07700 900 982"},
                   "your-name": {"name": "Alex"}}
ANONYMOUS = {**CHILD_COMPLAINT, "contact": {"contact_methods": ["none"]}}
NOT_SAFE = {**CHILD_COMPLAINT, "are-you-safe": {"safe": "no"}}
SHORT = {
    "who-are-you": {"submitter": "foster_carer"},
    "are-you-safe": {"safe": "yes"},
    "what-is-it-about": {"service": "fostering"},
    "anything-else": {"also": ["none"]},
    "what-happened": {"description": "The team helped us so much."},
    "contact": {"contact_methods": ["none"]},
    "help-to-take-part": {"needs": ["large_print"]},
}
JOURNEYS = {
    "child-complaint": ("complaint", CHILD_COMPLAINT),
    "adult-complaint-about-a-child": ("complaint", ADULT_COMPLAINT),
    "anonymous-complaint": ("complaint", ANONYMOUS),
    "not-safe-now": ("complaint", NOT_SAFE),
    "compliment": ("compliment", SHORT),
    "comment": ("comment", SHORT),
}
#: Pages whose empty answer is an error: sent empty first, to check the error state.
REQUIRED = {"who-are-you", "are-you-safe", "what-is-it-about", "what-happened", "advocate",
            "contact"}
#: Optional pages get a wrong answer first instead.
WRONG = {
    "when": {"event_on-day": "31", "event_on-month": "2", "event_on-year": "2026"},
    "about-the-child": {"child_age": "two hundred"},
    "help-to-take-part": {"needs": ["interpreter"]},
}


def walk(page: Page, live_server: LiveServer, axe: Axe, kind: str,
         answers: dict[str, dict[str, Any]], lang: str) -> tuple[str, str]:
    """From the start page to the confirmation, as a new user would; axe on every page and
    every error state. Returns the reference and the tracking code."""
    choose_language(page, live_server, lang)
    axe(page)
    choose_kind(page, kind)
    for _ in range(30):
        slug = slug_of(page)
        if slug == "check-answers":
            break
        axe(page)
        if slug == "get-help-now":
            assert "0800 1111" in page.inner_text("main")
            submit(page, "main a.govuk-button")
            continue
        if slug == "add-files":
            submit(page, "#continue")  # optional: no file (test_add_files.py adds some)
            continue
        if slug in REQUIRED or slug in WRONG:
            fill(page, WRONG.get(slug, {}))
            submit(page)
            assert page.locator(".govuk-error-summary").is_visible(), slug
            assert page.title().startswith(("Error:", "Gwall:"))
            axe(page)  # the error state
        fill(page, answers[slug])
        submit(page)
    else:
        raise AssertionError("the journey did not reach check your answers")
    axe(page)
    submit(page)
    assert slug_of(page) == "sent"
    axe(page)
    reference = re.search(r"[A-Z]+-\d{4}-\d{6}", page.inner_text(".govuk-panel")).group(0)
    code = page.inner_text("#tracking-code").strip()
    return reference, code


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("journey", list(JOURNEYS))
def test_journey(page: Page, live_server: LiveServer, axe: Axe, journey: str, lang: str
                 ) -> None:
    kind, answers = JOURNEYS[journey]
    reference, code = walk(page, live_server, axe, kind, answers, lang)
    entry = _entry(live_server, reference)
    assert entry.kind.value == kind
    assert entry.language == lang
    assert entry.urgent is (journey == "not-safe-now")
    assert entry.anonymous is (answers["contact"]["contact_methods"] == ["none"])
    assert re.fullmatch(r"([0-9A-Z]{4}-){3}[0-9A-Z]{4}", code)  # 4 groups of 4


def _entry(live_server: LiveServer, reference: str) -> Representation:
    """The case as the live server's database holds it now."""
    with on_live_server(live_server) as (session, _council):
        return session.scalars(select(Representation).where(
            Representation.reference == reference)).one()


def _officer_answers(live_server: LiveServer, reference: str) -> None:
    """What the back office does: a message to the child, then stage 1's answer."""
    with on_live_server(live_server) as (session, _council):
        entry = session.scalars(select(Representation).where(
            Representation.reference == reference)).one()
        session.add(Message(representation_id=entry.id, author=MessageAuthor.COUNCIL,
                            body="Hello. We have looked into it.\nHere is our answer."))
        entry.stage(1).closed_on = utcnow().date()
        entry.status = CaseStatus.AWAITING_NEXT_STAGE
        session.commit()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_tracking_reply_take_it_further_and_withdraw(page: Page, live_server: LiveServer,
                                                     axe: Axe, lang: str) -> None:
    reference, code = walk(page, live_server, axe, "complaint", CHILD_COMPLAINT, lang)
    # A new visit on the same device: the tracking access of the confirmation is dropped.
    page.context.clear_cookies()
    choose_language(page, live_server, lang)
    with page.expect_navigation():
        page.click("main a[href$='/track']")
    axe(page)
    page.fill("#reference", reference)
    page.fill("#code", "0000-0000-0000-0000-0000")
    submit(page)
    assert page.locator(".govuk-error-summary").is_visible()
    axe(page)  # wrong code
    page.fill("#reference", reference)
    page.fill("#code", code.lower().replace("-", " "))
    submit(page)
    assert slug_of(page) == "case"
    axe(page)

    submit(page, "form[action$='/reply'] .govuk-button")  # an empty message
    axe(page)
    page.fill("#message", "Thank you ✅")
    submit(page, "form[action$='/reply'] .govuk-button")
    assert "Thank you ✅" in page.inner_text("#messages ~ div")

    _officer_answers(live_server, reference)
    page.reload()
    assert "Here is our answer." in page.inner_text("main")
    axe(page)
    with page.expect_navigation():
        page.click("a[href$='/take-it-further']")
    axe(page)
    page.fill("#reason", "Nothing changed.")
    submit(page)
    axe(page)
    assert _entry(live_server, reference).status is CaseStatus.STAGE2

    with page.expect_navigation():
        page.click("a[href$='/withdraw']")
    axe(page)
    submit(page)  # neither yes nor no
    axe(page)
    page.check("input[name=confirm][value=yes]")
    submit(page)
    axe(page)
    assert _entry(live_server, reference).status is CaseStatus.WITHDRAWN


def test_whole_journey_without_javascript(page_no_js: Page, live_server: LiveServer) -> None:
    page = page_no_js
    start_journey(page, live_server)
    # Without JavaScript every revealed field is simply shown.
    answer_until(page, CHILD_COMPLAINT, "check-answers")
    submit(page)
    assert slug_of(page) == "sent"
    assert page.locator("#tracking-code").is_visible()


def test_exit_this_page_forgets_the_answers(page: Page, live_server: LiveServer) -> None:
    start_journey(page, live_server)
    fill(page, CHILD_COMPLAINT["who-are-you"])
    submit(page)
    # The button (JavaScript) goes to /exit, which clears the session and leaves; the
    # neutral site is unreachable here, so only the request to it is checked.
    with page.expect_request(re.compile(r"bbc\.co\.uk")):
        page.click(".govuk-exit-this-page__button")
    page.goto(live_server.url("/complaint/are-you-safe"))
    assert slug_of(page) == "what-do-you-want-to-do"


def test_the_axe_helper_can_fail(page: Page, live_server: LiveServer) -> None:
    """Guard: a page made inaccessible on purpose must be caught, or the checks above
    prove nothing."""
    from tests.browser.conftest import run_axe

    page.goto(live_server.url("/"))
    page.evaluate("() => { const i = document.createElement('img'); i.src = '/x.png';"
                  " document.querySelector('main').appendChild(i); }")
    assert "image-alt" in {v["id"] for v in run_axe(page)}
