"""Whatever is posted to any page of the journey or the tracking page, never a server error:
a clear error (400), a redirect onwards, or a kind refusal."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.complaints.questions import STEPS
from tests.support.journey import CHILD_COMPLAINT, walk

NAMES = sorted({f.name for s in STEPS for f in s.fields} | {
    "event_on-day", "event_on-month", "event_on-year", "csrf_token", "reference", "code",
    "message", "reason", "confirm"})
# Any Unicode a keyboard or a script can send: RTL, emoji, controls, surrogates excluded
# (a browser cannot send a lone surrogate in UTF-8).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
FORMS = st.dictionaries(st.sampled_from(NAMES), st.one_of(TEXT, st.lists(TEXT, max_size=4)),
                        max_size=8)
PATHS = [f"/complaint/{s.slug}" for s in STEPS] + ["/complaint/check-answers", "/track"]


@pytest.fixture(autouse=True)
def _isolated(own_drafts: None, app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "TRACK_RATE_LIMIT", "100000 per minute")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), form=FORMS)
def test_any_post_gets_an_answer_never_a_500(client: FlaskClient, path: str,
                                             form: dict[str, object]) -> None:
    response = client.post(path, data=form)
    assert response.status_code in (200, 302, 400, 413), response.status_code


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT.filter(lambda t: t.strip()))
def test_any_description_is_sent_or_refused_clearly(client: FlaskClient, text: str) -> None:
    walk(client, "complaint", CHILD_COMPLAINT)
    response = client.post("/complaint/what-happened", data={"description": text},
                           query_string={"change": 1})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        sent = client.post("/complaint/check-answers")
        assert sent.status_code == 302
        assert client.get("/complaint/sent").status_code == 200
    else:
        assert b"govuk-error-summary" in response.data
