"""The public journey from the test client: walk it page by page, send it, read the
confirmation, and check that each page is well formed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.support.pages import parse

#: A child's complaint, page by page (slug -> form data).
CHILD_COMPLAINT: dict[str, dict[str, Any]] = {
    "who-are-you": {"submitter": "child"},
    "are-you-safe": {"safe": "yes"},
    "about-the-child": {"child_name": "Sam", "child_age": "12", "in_care": "this_council"},
    "what-is-it-about": {"service": "children_in_care"},
    "anything-else": {"also": ["none"]},
    "what-happened": {"description": "My social worker never comes to see me."},
    # Optional (issue 19): Continue with no file added.
    "add-files": {},
    "when": {"event_on-day": "3", "event_on-month": "2", "event_on-year": "2026"},
    "how-it-affected-you": {"how_affected": "I feel sad."},
    "what-would-help": {"desired_outcome": "A visit every month."},
    "advocate": {"wants_advocate": "yes"},
    "contact": {"contact_methods": ["email"], "email": "sam@example.com",
                "safe_times": "After school"},
    # Asked only of those who did not give a first name on "About you" (an adult, or a
    # compliment or idea), and never after "I want to stay anonymous".
    "your-name": {"name": "Sam"},
    "help-to-take-part": {"needs": ["easy_read"]},
}


#: "Add a photo..." is optional: a walk that names no files carries on past it.
NO_FILES: dict[str, Any] = {}


def check_page(response: TestResponse, *, errors: bool = False) -> BeautifulSoup:
    """What every journey page must be: one h1, neutral title, unique ids, lang, Exit this
    page, and on errors a translated summary whose links reach real fields."""
    page = parse(response)
    assert page.html.get("lang") in ("en", "cy")
    assert len(page.find_all("h1")) == 1, page.find_all("h1")
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert page.select_one(".govuk-exit-this-page a")["href"] == "/exit"
    title = page.title.get_text()
    summary = page.select_one(".govuk-error-summary")
    if errors:
        assert response.status_code == 400
        assert summary is not None
        assert title.startswith(("Error:", "Gwall:")), title
        for link in summary.select("a"):
            assert page.find(id=link["href"].lstrip("#")) is not None, link["href"]
    else:
        assert summary is None, summary.get_text(" ", strip=True) if summary else ""
        assert not title.startswith("Error:")
    return page


def post_step(client: FlaskClient, slug: str, data: Mapping[str, Any],
              **query: Any) -> TestResponse:
    return client.post(f"/complaint/{slug}", data=data, query_string=query)


def walk(client: FlaskClient, kind: str, pages: Mapping[str, Mapping[str, Any]],
         *, lang: str | None = None) -> TestResponse:
    """Start from the home page's choice and answer each page that is asked, following
    the redirects the journey gives; returns the check-answers page."""
    query = {"kind": kind, **({"lang": lang} if lang else {})}
    response = client.get("/complaint/start", query_string=query)
    location = response.headers.get("Location", "")
    for _ in range(20):
        match = re.search(r"/complaint/([a-z-]+)", location)
        assert match, f"unexpected stop at {response.status_code} {location}"
        slug = match.group(1)
        if slug == "check-answers":
            return client.get("/complaint/check-answers")
        if slug == "get-help-now":
            help_page = client.get(location)  # after "Are you safe?" or words of harm
            location = parse(help_page).select_one("main a.govuk-button")["href"]
            continue
        answers = pages.get(slug, NO_FILES if slug == "add-files" else None)
        assert answers is not None, \
            f"the journey asked {slug!r}, which this walk has no answer for"
        response = post_step(client, slug, answers)
        assert response.status_code == 302, (slug, response.status_code,
                                              parse(response).select_one(
                                                  ".govuk-error-summary"))
        location = response.headers["Location"]
    raise AssertionError("the journey did not end")


def send(client: FlaskClient) -> TestResponse:
    response = client.post("/complaint/check-answers")
    assert response.status_code == 302, response.status_code
    assert response.headers["Location"].endswith("/complaint/sent")
    return client.get("/complaint/sent")


def confirmation(page: BeautifulSoup) -> tuple[str, str]:
    """The reference and the grouped tracking code shown on the confirmation page."""
    reference = re.search(r"[A-Z]+-\d{4}-\d{6}", page.select_one(".govuk-panel").get_text())
    assert reference
    code = page.select_one("#tracking-code").get_text(strip=True)
    return reference.group(0), code
