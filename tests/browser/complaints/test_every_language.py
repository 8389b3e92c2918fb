"""The public journey in every language the portal has (translations/languages.toml), with
the test council offering them all: each page stays in the language chosen on the first
one (its tag and direction), passes axe-core, has Exit this page and fits a 320-pixel
screen; the language switcher names each language in itself; and right-to-left pages
(Arabic, Urdu) are mirrored, measured on the page and kept as screenshots."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from portal.i18n import LOCALES, Locale
from tests.browser.conftest import LiveServer
from tests.support.browser import Axe, submit
from tests.support.browser_journey import (
    CARRY_ON,
    CHILD_COMPLAINT,
    answer_until,
    choose_kind,
    fill,
    slug_of,
)
from tests.support.live import on_live_server

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}
#: The journey's pages, at most (a loop that never reaches the end stops here).
MOST_PAGES = 30


@pytest.fixture
def every_language(live_server: LiveServer) -> Iterator[None]:
    """The live server's council offers every language, drafts too; as it was afterwards."""
    with on_live_server(live_server) as (session, council):
        before = dict(council.settings)
        council.settings = {**before, "languages": list(LOCALES),
                            "allow_draft_languages": True}
        session.commit()
    try:
        yield
    finally:
        with on_live_server(live_server) as (session, council):
            council.settings = before
            session.commit()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A page on a 320-pixel-wide screen (a small phone, or 1280 pixels at 400% zoom)."""
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def check(page: Page, axe: Axe, loc: Locale) -> None:
    """What every page in ``loc`` must be: in that language and direction, accessible,
    with Exit this page, and no sideways scrolling."""
    where = f"{loc.code}: {slug_of(page)}"
    said = page.evaluate("() => [document.documentElement.lang, document.body.dir,"
                         " document.documentElement.scrollWidth, window.innerWidth]")
    assert said[:2] == [loc.tag, loc.dir], where
    assert said[2] <= said[3], f"{where} scrolls sideways ({said[2]} > {said[3]})"
    assert page.locator(".govuk-exit-this-page__button").is_visible(), where
    axe(page)


def check_switcher(page: Page, loc: Locale) -> None:
    """Every language is offered, each link named in its own language (lang and hreflang
    its tag); the page's own language is the current one, not a link."""
    links = page.locator(".portal-language-switcher a").all()
    offered = {a.get_attribute("hreflang"): a.get_attribute("lang") for a in links}
    assert offered == {other.tag: other.tag for other in LOCALES.values() if other != loc}
    current = page.locator(".portal-language-switcher [aria-current]")
    assert current.get_attribute("lang") == loc.tag
    assert current.inner_text() == loc.name
    # Every name is inside the screen, whole.
    width = page.evaluate("() => window.innerWidth")
    for item in page.locator(".portal-language-switcher li").all():
        box = item.bounding_box()
        assert box is not None
        assert 0 <= box["x"] <= box["x"] + box["width"] <= width, loc.code


def walk_to_sent(page: Page, axe: Axe, loc: Locale,
                 answers: dict[str, dict[str, Any]]) -> None:
    """From the first question to the confirmation, checking every page."""
    for _ in range(MOST_PAGES):
        check(page, axe, loc)
        slug = slug_of(page)
        if slug == "check-answers":
            break
        if slug == "get-help-now":
            submit(page, CARRY_ON)
            continue
        if slug == "add-files":
            submit(page, "#continue")  # optional: no file (test_add_files.py adds some)
            continue
        fill(page, answers[slug])
        submit(page)
    else:
        raise AssertionError(f"{loc.code}: the journey did not reach check your answers")
    submit(page)
    assert slug_of(page) == "sent", loc.code
    check(page, axe, loc)


@pytest.mark.usefixtures("every_language")
@pytest.mark.parametrize("code", list(LOCALES))
def test_the_whole_journey_in_every_language(phone: Page, live_server: LiveServer, axe: Axe,
                                             code: str) -> None:
    page, loc = phone, LOCALES[code]
    page.goto(live_server.url(f"/?lang={code}"))
    check(page, axe, loc)
    check_switcher(page, loc)
    choose_kind(page, "complaint")
    walk_to_sent(page, axe, loc, CHILD_COMPLAINT)
    reference = re.search(r"[A-Z]+-\d{4}-\d{6}", page.inner_text(".govuk-panel")).group(0)
    tracking_code = page.inner_text("#tracking-code").strip()

    # The language sticks (its cookie): the home page without ?lang=, then tracking.
    page.context.clear_cookies(name="session")
    page.goto(live_server.url("/"))
    check(page, axe, loc)
    with page.expect_navigation():
        page.click("main a[href$='/track']")
    check(page, axe, loc)
    page.fill("#reference", reference)
    page.fill("#code", tracking_code)
    submit(page)
    assert slug_of(page) == "case", loc.code
    check(page, axe, loc)


# --- right to left, measured and photographed ---------------------------------------------

RTL = ["ar", "ur"]
WIDTHS = [320, 1024]


def _box(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def _text_box(page: Page, selector: str) -> dict[str, float]:
    """Where the element's text is drawn (not its box, which fills the line)."""
    return page.evaluate("""(selector) => {
        const range = document.createRange();
        range.selectNodeContents(document.querySelector(selector));
        const r = range.getBoundingClientRect();
        return {x: r.x, width: r.width};
    }""", selector)


def _inner_right(page: Page, selector: str) -> float:
    """The right edge of the element's content (inside its border and padding)."""
    return page.evaluate("""(selector) => {
        const e = document.querySelector(selector), s = getComputedStyle(e);
        return e.getBoundingClientRect().right - parseFloat(s.borderRightWidth)
            - parseFloat(s.paddingRight);
    }""", selector)


def _ring(page: Page, label: str) -> dict[str, float]:
    """Where the radio's ring (the label's ::before) is drawn, in the page."""
    return page.evaluate("""(selector) => {
        const label = document.querySelector(selector);
        const item = label.parentElement.getBoundingClientRect();
        const s = getComputedStyle(label, '::before');
        return {x: item.left + parseFloat(s.left), width: parseFloat(s.width)};
    }""", label)


def assert_radios_mirrored(page: Page) -> None:
    label = ".govuk-radios__item:first-child .govuk-radios__label"
    touch = _box(page, ".govuk-radios__item:first-child .govuk-radios__input")
    text = _text_box(page, label)
    ring = _ring(page, label)
    # The touch target and the ring drawn on it, right of the label's words.
    assert touch["x"] >= text["x"] + text["width"] - 1, (touch, text)
    assert ring["x"] >= text["x"] + text["width"] - 1, (ring, text)
    assert touch["x"] - 1 <= ring["x"] <= touch["x"] + touch["width"] - ring["width"] + 1
    # The hint under an answer starts where the words do, at the right.
    hint = page.locator(".govuk-radios__hint").first
    if hint.count():
        hint_text = _text_box(page, ".govuk-radios__hint")
        assert abs(hint_text["x"] + hint_text["width"] - (text["x"] + text["width"])) < 20


def assert_at_the_right(page: Page, selector: str, within: str) -> None:
    """The element's text ends at the right edge of ``within``'s content: right-aligned."""
    text = _text_box(page, selector)
    right = _inner_right(page, within)
    assert abs(text["x"] + text["width"] - right) <= 2, (selector, text, right)


def screenshots(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.mark.usefixtures("every_language")
@pytest.mark.parametrize("code", RTL)
def test_right_to_left_pages_are_mirrored(browser: Browser, live_server: LiveServer,
                                          tmp_path: Path, axe: Axe, code: str) -> None:
    loc = LOCALES[code]
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
        context.set_default_timeout(10_000)
        page = context.new_page()
        try:
            page.goto(live_server.url(f"/?lang={code}"))
            screenshots(page, tmp_path, f"{code}-{width}-home")
            choose_kind(page, "complaint")
            # The first question, sent empty: radios, the back link and the error summary.
            submit(page)
            assert page.locator(".govuk-error-summary").is_visible()
            check(page, axe, loc)
            screenshots(page, tmp_path, f"{code}-{width}-radios-error")
            assert_radios_mirrored(page)
            back = _box(page, ".govuk-back-link")
            container = _box(page, ".govuk-width-container")
            assert back["x"] > container["x"] + container["width"] / 2, "back link not at right"
            assert abs(back["x"] + back["width"] - (container["x"] + container["width"])) <= 2
            assert_at_the_right(page, ".govuk-error-summary__title", ".govuk-error-summary")
            assert_at_the_right(page, ".govuk-error-summary__list a", ".govuk-error-summary")
            exit_button = _box(page, ".govuk-exit-this-page__button")
            if width >= 1024:
                # Beside the content from tablet up: at the left, the line's end.
                assert exit_button["x"] + exit_button["width"] < width / 2
            fill(page, CHILD_COMPLAINT["who-are-you"])
            submit(page)
            answer_until(page, CHILD_COMPLAINT, "check-answers")
            screenshots(page, tmp_path, f"{code}-{width}-check-answers")
            row = ".govuk-summary-list__row:first-child"
            key = _box(page, f"{row} .govuk-summary-list__key")
            value = _box(page, f"{row} .govuk-summary-list__value")
            change = _box(page, f"{row} .govuk-summary-list__actions a")
            if width >= 1024:
                # One row: the question at the right, the answer, then Change at the left.
                assert key["x"] > value["x"] > change["x"], (key, value, change)
            else:
                assert_at_the_right(page, f"{row} .govuk-summary-list__key", row)
            assert change["x"] + change["width"] <= value["x"] + value["width"] + 1
        finally:
            context.close()
    print(f"screenshots: {tmp_path}")
