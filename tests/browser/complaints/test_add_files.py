"""Add a photo, a drawing, a screenshot or a document (issue 19, part 1) in headless Chromium:
files added and one removed, with and without JavaScript; the page and its error state pass
axe (WCAG 2.2 AA) in English and Welsh."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer
from tests.support import files as samples
from tests.support.browser import LANGS, Axe, submit
from tests.support.browser_journey import CHILD_COMPLAINT, answer_until, slug_of, start_journey

pytestmark = pytest.mark.browser


def add(page: Page, *files: tuple[str, str, bytes]) -> None:
    page.set_input_files("#files", [{"name": name, "mimeType": mime, "buffer": body}
                                     for name, mime, body in files])
    submit(page, "#add-file")


def names(page: Page) -> list[str]:
    return [text.strip() for text in page.locator("#files-added dt").all_inner_texts()]


def add_and_remove(page: Page, live_server: LiveServer, axe: Axe, lang: str) -> None:
    start_journey(page, live_server, lang=lang)
    answer_until(page, CHILD_COMPLAINT, "add-files")
    axe(page)
    add(page, ("door.jpg", "image/jpeg", samples.jpeg_with_gps()),
        ("letter.pdf", "application/pdf", samples.plain_pdf()))
    assert slug_of(page) == "add-files"
    assert names(page) == ["door.jpg", "letter.pdf"]
    axe(page)
    # A program called .jpg: a kind error on the same page, the list kept.
    add(page, ("game.jpg", "image/jpeg", samples.EXE))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#files-error")).to_be_visible()
    assert names(page) == ["door.jpg", "letter.pdf"]
    axe(page)
    submit(page, "#files-added button[name=remove] >> nth=0")
    assert names(page) == ["letter.pdf"]
    submit(page, "#continue")
    assert slug_of(page) == "when"


@pytest.mark.parametrize("lang", LANGS)
def test_add_files_and_remove_one(page: Page, live_server: LiveServer, axe: Axe,
                                  lang: str) -> None:
    add_and_remove(page, live_server, axe, lang)


def test_add_files_and_remove_one_without_javascript(page_no_js: Page,
                                                     live_server: LiveServer) -> None:
    # axe is a script, so it cannot run where scripts are off: the test above checks the
    # same pages with it.
    add_and_remove(page_no_js, live_server, lambda _page: None, "en")
