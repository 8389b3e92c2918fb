"""Eight people completing the public journey at once, on SQLite and on PostgreSQL.

Target (issue 13): no answer is a 5xx, and every journey makes exactly one case.
Each of 8 threads is one person with their own cookies, answering every
question page (GET, then POST with its CSRF token), then pressing Send, then
starting again. Prints, per database, the submissions made, the 5xx count, and
p50/p95 latency of pressing Send and of every page. Run:

    .venv/bin/python benchmarks/bench_concurrent_submit.py [JOURNEYS_EACH]

SQLite is a file in a temporary folder; PostgreSQL is a fresh database on the
server at TEST_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test),
dropped afterwards. Exit status 1 if a target is missed, 2 if PostgreSQL cannot be reached.
The figures are from the Flask test client in one process (the WSGI app without an
HTTP server), so they are the app's and the database's time, not the network's.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from journeys import COMPLAINT as ANSWERS
from journeys import SLUG, TOKEN, postgres_database, sqlite_database
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal import create_app
from portal.councils.services import load_demo_council
from portal.db import migrate
from portal.extensions import db
from portal.models.cases import Representation

WRITERS = 8
JOURNEYS_EACH = 10



class Figures:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: list[int] = []
        self.pages: list[float] = []
        self.sends: list[float] = []
        self.sent = 0

    def timed(self, client: Any, method: str, path: str, data: dict[str, Any] | None = None,
              *, send: bool = False) -> Any:
        start = time.perf_counter()
        response = client.open(path, method=method, data=data)
        ms = (time.perf_counter() - start) * 1000
        with self.lock:
            self.statuses.append(response.status_code)
            self.pages.append(ms)
            if send:
                self.sends.append(ms)
        return response


def journey(client: Any, figures: Figures) -> None:
    response = figures.timed(client, "GET", "/complaint/start?kind=complaint")
    location = urlsplit(response.headers.get("Location", "")).path
    while True:
        slug = SLUG.search(location)
        if slug is None:
            return
        page = figures.timed(client, "GET", location)
        token = TOKEN.search(page.get_data(as_text=True))
        if token is None:
            return
        form = {"csrf_token": token.group(1)}
        if slug.group(1) == "check-answers":
            sent = figures.timed(client, "POST", location, form, send=True)
            if urlsplit(sent.headers.get("Location", "")).path == "/complaint/sent":
                with figures.lock:
                    figures.sent += 1
            return
        response = figures.timed(client, "POST", location, {**ANSWERS[slug.group(1)], **form})
        location = urlsplit(response.headers.get("Location", "")).path


def run(url: str, drafts: Path, journeys_each: int) -> tuple[Figures, int, float]:
    migrate.upgrade(url)
    app = create_app({"PORTAL_ENV": "test", "SECRET_KEY": "b" * 40, "DATABASE_URL": url,
                      "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": True,
                      "PROPAGATE_EXCEPTIONS": False, "DRAFT_DIR": str(drafts)})
    with app.app_context():
        load_demo_council(db.session())
        db.session.commit()
        db.session.remove()
    figures = Figures()
    start = threading.Barrier(WRITERS)

    def person() -> None:
        client = app.test_client()
        start.wait()
        for _ in range(journeys_each):
            journey(client, figures)

    began = time.perf_counter()
    threads = [threading.Thread(target=person) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    assert db.engine is not None
    with Session(db.engine) as session:
        cases = session.scalar(select(func.count()).select_from(Representation)) or 0
    db.session.remove()
    db.engine.dispose()
    return figures, cases, elapsed


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100)[p - 1] if len(values) > 1 else values[0]


def main() -> int:
    journeys_each = int(sys.argv[1]) if len(sys.argv) > 1 else JOURNEYS_EACH
    failed = False
    print(f"{WRITERS} people at once, {journeys_each} journeys each "
          f"(every question page GET and POST, then Send):")
    for name, database in (("SQLite", sqlite_database), ("PostgreSQL", postgres_database)):
        try:
            with database() as url:
                figures, cases, elapsed = run(url, Path(tempfile.mkdtemp(prefix="drafts-")),
                                              journeys_each)
        except Exception as error:  # noqa: BLE001 - one sentence, then stop
            if name == "PostgreSQL":
                print(f"  {name}: cannot be reached at TEST_DATABASE_URL "
                      f"({error.__class__.__name__})")
                return 2
            raise
        errors = sum(1 for s in figures.statuses if s >= 500)
        ok = errors == 0 and figures.sent == cases == WRITERS * journeys_each
        failed |= not ok
        print(f"  {name:<10} {figures.sent:>4} submissions sent, {cases:>4} cases, "
              f"{errors} answers 5xx of {len(figures.statuses)}; "
              f"Send p50 {percentile(figures.sends, 50):6.0f} ms, "
              f"p95 {percentile(figures.sends, 95):6.0f} ms; "
              f"any page p50 {percentile(figures.pages, 50):5.0f} ms, "
              f"p95 {percentile(figures.pages, 95):5.0f} ms; "
              f"{figures.sent / elapsed:5.1f} submissions/s"
              f"{'' if ok else '  <- MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
