"""The case page's actions from the test client: post one, then say how it went (taken,
refused by the procedure, or rejected as a form error)."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse


def act(client: FlaskClient, reference: str, action: str, **fields: Any) -> TestResponse:
    """Post the case's action ``action`` with its fields (dates as ISO text)."""
    data: dict[str, Any] = {}
    for name, value in fields.items():
        key = f"{action}-{name}"
        data[key] = value.isoformat() if isinstance(value, date) else value
    return client.post(f"/staff/cases/{reference}/{action}", data=data)


def _problem(response: TestResponse) -> str:
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.text, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))) if found else ""


def ok(response: TestResponse) -> None:
    """Taken: the case page again, by a redirect."""
    assert response.status_code == 302, (response.status_code, _problem(response))


def refused(response: TestResponse, words: str) -> None:
    """Refused by the procedure (409), saying ``words``."""
    assert response.status_code == 409, response.status_code
    assert words in response.text


def rejected(response: object, words: str) -> str:
    """A form error: 400, the error summary says ``words``, and the page comes back."""
    assert response.status_code == 400, response.status_code  # type: ignore[attr-defined]
    text: str = response.text  # type: ignore[attr-defined]
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', text, re.S)
    assert summary is not None
    assert words in html.unescape(summary.group(1))
    return text
