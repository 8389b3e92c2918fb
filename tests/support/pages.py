"""Reading the portal's pages from the test client: parsed, checked for what every page
must be (STYLE.md section 9), and a form's values as the page gives them."""

from __future__ import annotations

from collections import Counter

from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient
from werkzeug.test import TestResponse


def parse(response: TestResponse) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def check_staff_page(page: str | TestResponse, *, lang: str = "en") -> BeautifulSoup:
    """What every back-office page must be: one h1, a title that starts with it (after
    "Error: " on an error), unique ids, and the language ``lang``."""
    soup = BeautifulSoup(page, "html.parser") if isinstance(page, str) else parse(page)
    h1s = soup.find_all("h1")
    assert len(h1s) == 1, [h.get_text(strip=True) for h in h1s]
    heading = " ".join(h1s[0].get_text().split())
    title = " ".join(soup.title.get_text().split()) if soup.title else ""
    assert title.removeprefix("Error: ").startswith(heading), (title, heading)
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    assert [i for i, n in ids.items() if n > 1] == []
    assert soup.html is not None
    assert soup.html.get("lang") == lang
    return soup


def form_values(client: FlaskClient, path: str) -> dict[str, str | list[str]]:
    """The values the form on ``path`` would send as it stands (ticked boxes only)."""
    page = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
    values: dict[str, str | list[str]] = {}
    for field in page.select("form input[name]"):
        if field.get("type") == "checkbox":
            if field.has_attr("checked"):
                values.setdefault(field["name"], []).append(field["value"])  # type: ignore[union-attr]
        elif field.get("type") != "submit":
            values[field["name"]] = field.get("value", "")
    return values


def text_of(page: Tag, selector: str) -> str:
    """The words of the one element ``selector`` finds, white space folded; failing when
    the page has no such element."""
    found = page.select_one(selector)
    assert found is not None, selector
    return " ".join(found.get_text().split())
