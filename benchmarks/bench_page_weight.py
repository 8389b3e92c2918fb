"""Page weight of the public journey on a first visit: HTML + CSS + JS, gzipped.

Target (issue 4): the start page and each question page transfer at most
60 KB gzipped on a first visit (an empty cache, so every stylesheet and
script the page links is counted with it; the favicon too, to be safe). Run:

    .venv/bin/python benchmarks/bench_page_weight.py [--lang cy]

It serves the portal in-process from a temporary SQLite file with the demo
council, walks a child's complaint page by page, gzips each response at
level 6 (a common server default) and prints the figures per page. Exit
status 1 if any page is over the target.
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
    "what-happened": {"description": "My social worker never comes."},
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


def weigh(client: FlaskClient, path: str) -> tuple[int, int, dict[str, int]]:
    """(raw bytes, gzipped bytes, gzipped bytes per asset) of a first visit to ``path``."""
    html = client.get(path).get_data()
    assets = {}
    raw = len(html)
    for url in sorted(set(ASSET.findall(html.decode("utf-8")))):
        body = client.get(url).get_data()
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
        print(f"First-visit weight, HTML + CSS + JS gzipped (target {TARGET_BYTES // 1024} KB),"
              f" language {args.lang}")
        print(f"{'page':<34} {'raw KB':>8} {'gzip KB':>8}   parts (gzip bytes)")
        worst = 0
        for path in pages:
            raw, total, parts = weigh(client, path)
            worst = max(worst, total)
            detail = ", ".join(f"{Path(k).name}={v}" for k, v in parts.items())
            flag = "" if total <= TARGET_BYTES else "  OVER"
            print(f"{path:<34} {raw / 1024:8.1f} {total / 1024:8.1f}   {detail}{flag}")
            slug = path.rsplit("/", 1)[-1]
            if slug in ANSWERS:  # answer it, so the next question opens
                client.post(path, data=ANSWERS[slug])
        print(f"Heaviest page: {worst / 1024:.1f} KB gzipped "
              f"({'within' if worst <= TARGET_BYTES else 'OVER'} the target)")
        return 0 if worst <= TARGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
