"""The case page's actions in a real browser: each is a ``<details>`` holding a form."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def open_action(page: Page, *slugs: str) -> None:
    """Open each of the case page's actions (a ``<details>``) that is not open already."""
    for slug in slugs:
        box = page.locator(f"#action-{slug}")
        if box.get_attribute("open") is None:
            box.locator("summary").click()


def save_action(page: Page, slug: str) -> None:
    """Send the case page's action ``slug`` as it is filled in."""
    page.locator(f"#action-{slug} form [type='submit']").click()
    page.wait_for_load_state()


def refused_in_words(page: Page, lang: str) -> None:
    """The page shows its error summary, and its title says so in the reader's language."""
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error" if lang == "en" else "Gwall")
