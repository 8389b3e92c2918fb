"""The chrome kept between pages (portal/common/fragments.py) is never a stale or another
person's page: each language, council name and address gets its own, and what is one
person's (the form's token) is still made for each page (issue 17, part 2)."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from portal.common import fragments
from portal.models.councils import Council

QUESTION = "/complaint/who-are-you"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
DIALOG_TOKEN = re.compile(r'data-csrf="([^"]+)"')


def _question(client: FlaskClient) -> str:
    client.get("/complaint/start?kind=complaint")
    response = client.get(QUESTION)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_fragment_is_rendered_once_for_its_key() -> None:
    calls: list[int] = []

    def render() -> Markup:
        calls.append(1)
        return Markup("<p>Hi</p>")

    fragments.forget_fragments()
    first = fragments.fragment("test", "en", caller=render)
    again = fragments.fragment("test", "en", caller=render)
    other = fragments.fragment("test", "cy", caller=render)
    assert first == again == other == Markup("<p>Hi</p>")
    assert len(calls) == 2  # once for each key


def test_the_store_is_emptied_when_full_and_still_answers(monkeypatch) -> None:
    monkeypatch.setattr(fragments, "MOST", 3)
    fragments.forget_fragments()
    for n in range(10):
        assert fragments.fragment("n", n, caller=lambda n=n: escape(n)) == str(n)
    assert len(fragments._KEPT) <= 3


def test_each_language_gets_its_own_chrome(app, client: FlaskClient) -> None:
    english = _question(client)
    client.get(f"/language/cy?next={QUESTION}")
    welsh = client.get(QUESTION).get_data(as_text=True)
    assert "Exit this page" in english
    assert "Skip to main content" in english
    assert "Gadael y dudalen hon" in welsh
    assert "Exit this page" not in welsh
    # The switcher's links lead back to the page being read, whichever page it is.
    assert f"next={QUESTION}" in welsh
    other = client.get("/").get_data(as_text=True)
    assert f"next={QUESTION}" not in other


def test_a_new_council_name_shows_at_once(client: FlaskClient, council: Council,
                                          session: Session) -> None:
    assert council.name in _question(client)
    council.name = "Llanfair Council"
    session.commit()
    page = client.get(QUESTION).get_data(as_text=True)
    assert "Run by Llanfair Council" in page


def test_no_kept_fragment_holds_a_token_or_a_nonce(client: FlaskClient) -> None:
    fragments.forget_fragments()
    page = _question(client)
    token, dialog = TOKEN.search(page), DIALOG_TOKEN.search(page)
    assert token
    assert dialog
    assert dialog[1] == token[1]  # made for this page, after the cache
    nonce = re.search(r'nonce="([^"]+)"', page)
    assert nonce
    kept = "".join(fragments._KEPT.values())
    assert len(fragments._KEPT) >= 4  # skip link, header, before content, dialog, buttons...
    assert token[1] not in kept
    assert nonce[1] not in kept
