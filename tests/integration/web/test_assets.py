"""Assets as the web expects: pages link fingerprinted copies, which a browser keeps for
a year and gets compressed as it asks; original names still work, briefly cached; and an
asset carries the same security headers as a page (portal/web/assets.py)."""

from __future__ import annotations

import gzip
import json

import brotli
import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import ROOT
from tests.support.pages import parse

MANIFEST = ROOT / "static" / "build" / "manifest.json"
IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def copies() -> dict[str, str]:
    """Asset name -> its fingerprinted copy, as the build wrote them."""
    assert MANIFEST.is_file(), "the assets are not built: run make assets"
    return dict(json.loads(MANIFEST.read_text(encoding="utf-8")))


def _get(client: FlaskClient, url: str, accept: str | None = None) -> TestResponse:
    """The asset at ``url``, read whole (so its file is closed), in the encoding asked for."""
    return client.get(url, headers={"Accept-Encoding": accept} if accept else {}, buffered=True)


def _linked(client: FlaskClient, path: str) -> set[str]:
    page = parse(client.get(path, follow_redirects=True))
    urls = [str(tag.get("href") or tag.get("src")) for tag in page.find_all(["link", "script"])]
    return {url for url in urls if url.startswith("/assets/")}


def test_pages_link_the_fingerprinted_copies(client: FlaskClient, copies: dict[str, str]
                                             ) -> None:
    expected = {f"/assets/{copies[name]}" for name in
                ("build/portal.css", "build/govuk-frontend.min.js", "portal.js",
                 "images/favicon.ico")}
    for path in ("/", "/complaint/start"):
        assert _linked(client, path) == expected


def test_a_copy_is_kept_for_a_year_and_compressed_as_asked(client: FlaskClient,
                                                           copies: dict[str, str]) -> None:
    url = f"/assets/{copies['build/portal.css']}"
    original = (ROOT / "static" / copies["build/portal.css"]).read_bytes()
    as_brotli = _get(client, url, "gzip, deflate, br")
    as_gzip = _get(client, url, "gzip")
    plain = _get(client, url)
    for response in (as_brotli, as_gzip, plain):
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == IMMUTABLE
        assert response.headers["Vary"] == "Accept-Encoding"
        assert response.mimetype == "text/css"
    assert as_brotli.headers["Content-Encoding"] == "br"
    assert brotli.decompress(as_brotli.get_data()) == original
    assert as_gzip.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(as_gzip.get_data()) == original
    assert "Content-Encoding" not in plain.headers
    assert plain.get_data() == original


def test_assets_carry_the_security_headers(client: FlaskClient, copies: dict[str, str]) -> None:
    for name in ("portal.js", "images/govuk-crest.svg"):
        for url in (f"/assets/{copies[name]}", f"/assets/{name}"):
            response = _get(client, url)
            assert response.status_code == 200
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["X-Frame-Options"] == "DENY"
            assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
            # An SVG opened on its own runs no script.
            assert "default-src 'none'" in response.headers["Content-Security-Policy"]
            assert "Access-Control-Allow-Origin" not in response.headers


def test_an_original_name_still_works_briefly_cached(client: FlaskClient) -> None:
    response = _get(client, "/assets/build/portal.css", "br")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Content-Encoding"] == "br"


def test_copies_point_at_copies(client: FlaskClient, copies: dict[str, str]) -> None:
    # The stylesheet's images and the script's import are the copies too: an original
    # name there would be fetched again after five minutes, and the script would load
    # GOV.UK Frontend twice (once under each name).
    css = _get(client, f"/assets/{copies['build/portal.css']}").get_data(as_text=True)
    assert f"/assets/{copies['images/govuk-crest.svg']}" in css
    assert "/assets/images/govuk-crest.svg" not in css
    script = _get(client, f"/assets/{copies['portal.js']}").get_data(as_text=True)
    frontend = copies["build/govuk-frontend.min.js"].removeprefix("build/")
    assert f'from "./{frontend}"' in script
    assert _get(client, f"/assets/build/{frontend}").status_code == 200
