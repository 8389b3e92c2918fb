"""Page weight of the public journey: a first visit, and each page after it.

Targets (issue 4, issue 17): the start page and each question page transfer at most
60 KB on a first visit (an empty cache, so every stylesheet and script the page
links is counted with it; the favicon too, to be safe), and a page after the first
loads no asset again (the pages link fingerprinted copies a browser keeps). Run:

    .venv/bin/python benchmarks/bench_page_weight.py [--lang cy]

It serves the portal in-process from a temporary SQLite file with the demo
council and walks a child's complaint page by page. The HTML is gzipped at level 6
(a common server default: the portal leaves that to the proxy in front); assets are
counted as the portal sends them (WhiteNoise's .br or .gz, as Accept-Encoding asks).
Per page it prints: raw and gzip-only sizes on a first visit, the transfer with
Brotli on a first visit, and the transfer when the pages before it were visited
(a browser's cache honouring Cache-Control). Exit status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from portal import create_app
from portal.complaints.questions import STEPS
from portal.councils.services import load_demo_council
from portal.db import migrate
from portal.extensions import db

TARGET_BYTES = 60 * 1024
ANSWERS: dict[str, dict[str, Any]] = {
    "what-do-you-want-to-do": {"kind": "complaint"},
    "who-are-you": {"submitter": "child"},
    "are-you-safe": {"safe": "yes"},
    "about-the-child": {"child_age": "12", "in_care": "this_council"},
    "what-is-it-about": {"service": "children_in_care"},
    "anything-else": {"also": ["none"]},
    "what-happened": {"description": "My social worker never comes."},
    "add-files": {},  # optional (issue 19): no file
    "when": {},
    "how-it-affected-you": {},
    "what-would-help": {},
    "advocate": {"wants_advocate": "yes"},
    "contact": {"contact_methods": ["none"]},
    "help-to-take-part": {},
}
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(/assets/[^"]+)"')


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def fetch(client: FlaskClient, url: str, encoding: str | None = None) -> tuple[bytes, str]:
    """The body as sent (compressed if the portal chose to) and its Cache-Control."""
    response = client.get(url, headers={"Accept-Encoding": encoding} if encoding else {},
                          buffered=True)
    return response.get_data(), response.headers.get("Cache-Control", "")


class Browser:
    """A browser's HTTP cache: an asset sent with max-age is not asked for again."""

    def __init__(self, client: FlaskClient, encoding: str) -> None:
        self.client, self.encoding, self.kept = client, encoding, set[str]()

    def transfer(self, html: bytes) -> tuple[int, int]:
        """(bytes over the wire for the page and its assets, assets fetched)."""
        sent, fetched = gzipped(html), 0
        for url in sorted(set(ASSET.findall(html.decode("utf-8")))):
            if url in self.kept:
                continue
            body, cache = fetch(self.client, url, self.encoding)
            sent, fetched = sent + len(body), fetched + 1
            if "max-age=" in cache and "max-age=0" not in cache:
                self.kept.add(url)
        return sent, fetched


def weigh(client: FlaskClient, html: bytes) -> tuple[int, int, dict[str, int]]:
    """(raw bytes, gzipped bytes, gzipped bytes per asset) of a first visit to a page."""
    assets = {}
    raw = len(html)
    for url in sorted(set(ASSET.findall(html.decode("utf-8")))):
        body, _ = fetch(client, url)
        raw += len(body)
        assets[url] = gzipped(body)
    return raw, gzipped(html) + sum(assets.values()), {"html": gzipped(html), **assets}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en", choices=["en", "cy"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'portal.db'}"
        migrate.upgrade(url)
        app = create_app({"PORTAL_ENV": "test", "SECRET_KEY": "bench-" + "x" * 40,
                          "DATABASE_URL": url, "WTF_CSRF_ENABLED": False,
                          "DRAFT_DIR": str(Path(folder) / "drafts")})
        with app.app_context():
            load_demo_council(db.session())
            db.session.commit()
            db.session.remove()
        client = app.test_client()
        client.set_cookie("lang", args.lang)
        pages = ["/"] + [f"/complaint/{step.slug}" for step in STEPS] + [
            "/complaint/check-answers", "/track"]
        print(f"Weight of each page, HTML + CSS + JS (target {TARGET_BYTES // 1024} KB on a"
              f" first visit, no asset loaded again after it), language {args.lang}")
        print(f"{'page':<34} {'raw KB':>7} {'gzip KB':>7} {'br KB':>7} {'next KB':>7}"
              f" {'again':>5}   parts of a first visit (gzip bytes)")
        worst = again = 0
        browser = Browser(client, "br, gzip")
        for number, path in enumerate(pages):
            html = client.get(path).get_data()
            raw, total, parts = weigh(client, html)
            first_br, _ = Browser(client, "br, gzip").transfer(html)
            after, fetched = browser.transfer(html)
            worst = max(worst, total, first_br)
            if number:
                again += fetched
            detail = ", ".join(f"{Path(k).name}={v}" for k, v in parts.items())
            flag = "" if max(total, first_br) <= TARGET_BYTES else "  OVER"
            print(f"{path:<34} {raw / 1024:7.1f} {total / 1024:7.1f} {first_br / 1024:7.1f}"
                  f" {after / 1024:7.1f} {fetched if number else '-':>5}   {detail}{flag}")
            slug = path.rsplit("/", 1)[-1]
            if slug in ANSWERS:  # answer it, so the next question opens
                client.post(path, data=ANSWERS[slug])
        print(f"Heaviest first visit: {worst / 1024:.1f} KB "
              f"({'within' if worst <= TARGET_BYTES else 'OVER'} the target); "
              f"assets loaded again after the first page: {again} (target 0)")
        return 0 if worst <= TARGET_BYTES and again == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
