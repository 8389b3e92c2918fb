"""The shell every page stands on: pages render, languages switch, headers are strict."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.support.pages import parse

PUBLIC_PAGES = ["/", "/privacy", "/accessibility", "/cookies"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_public_page_has_one_h1_lang_exit_and_footer(client: FlaskClient, path: str, lang: str
                                                     ) -> None:
    response = client.get(path, query_string={"lang": lang})
    assert response.status_code == 200
    page = parse(response)
    assert page.html["lang"] == lang
    h1s = page.find_all("h1")
    assert len(h1s) == 1
    assert page.title.get_text().startswith(h1s[0].get_text(strip=True))
    assert page.select_one(".govuk-exit-this-page a")["href"] == "/exit"
    footer_links = {a["href"] for a in page.select("footer a")}
    assert {"/privacy", "/accessibility", "/cookies"} <= footer_links
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_language_switch_sets_cookie_and_stays_local(client: FlaskClient) -> None:
    response = client.get("/language/cy", query_string={"next": "/privacy"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/privacy")
    assert "lang=cy" in response.headers["Set-Cookie"]
    # Never an open redirect.
    for target in ["https://evil.example/", "//evil.example", "javascript:alert(1)"]:
        response = client.get("/language/cy", query_string={"next": target})
        assert response.headers["Location"].endswith("/")
        assert "evil" not in response.headers[
            "Location"]
    assert client.get("/language/xx").status_code == 404


def test_security_headers(client: FlaskClient) -> None:
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.get_data(as_text=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"


def test_exit_clears_session_and_leaves(client: FlaskClient) -> None:
    with client.session_transaction() as s:
        s["answers"] = {"what_happened": "secret"}
    response = client.get("/exit")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("https://")
    with client.session_transaction() as s:
        assert "answers" not in s


def test_not_found_is_kind(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert parse(response).h1.get_text(strip=True) == "Page not found"


def test_a_language_asked_for_in_the_link_stays_for_the_next_pages(client: FlaskClient) -> None:
    response = client.get("/privacy", query_string={"lang": "cy"})
    assert "lang=cy" in response.headers["Set-Cookie"]
    assert parse(client.get("/cookies")).html["lang"] == "cy"
    # An unknown language is ignored, and the remembered one stays.
    client.get("/privacy", query_string={"lang": "xx"})
    assert parse(client.get("/cookies")).html["lang"] == "cy"
