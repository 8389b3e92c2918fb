"""The SQL statements of the public journey's final submit, on SQLite and PostgreSQL.

Target (issue 17, part 2): at most 12 statements for a complaint and for a compliment.
Walks the journey with the Flask test client, then counts what pressing Send runs
(a ``before_cursor_execute`` listener; BEGIN, COMMIT and SAVEPOINT are not counted),
and prints the count by kind and each statement's SQL text. Never the parameters:
they hold what the child wrote. Then times Send over a few more journeys (p50, one
connection at a time). Run:

    .venv/bin/python benchmarks/bench_submit_statements.py [JOURNEYS]

SQLite is a file in a temporary folder; PostgreSQL a fresh database on the server at
TEST_DATABASE_URL, dropped afterwards. Exit status 1 if the target is missed, 2 if
PostgreSQL cannot be reached.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from journeys import COMPLAINT, COMPLIMENT, postgres_database, sqlite_database
from sqlalchemy import event
from sqlalchemy.engine import Engine

from portal import create_app
from portal.councils.services import load_demo_council
from portal.db import migrate
from portal.extensions import db

MOST = 12
JOURNEYS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
NOT_COUNTED = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")



@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def listen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(NOT_COUNTED):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listen)


def answer_all(client: Any, kind: str, pages: dict[str, dict[str, Any]]) -> None:
    """Every question page, in the journey's own order, up to Check your answers."""
    location = client.get(f"/complaint/start?kind={kind}").headers["Location"]
    while "/check-answers" not in location:
        slug = location.rsplit("/", 1)[-1].split("?")[0]
        location = client.post(f"/complaint/{slug}", data=pages[slug]).headers["Location"]


def send(client: Any) -> None:
    response = client.post("/complaint/check-answers")
    assert response.headers["Location"].endswith("/complaint/sent"), response.status_code


def run(url: str) -> tuple[dict[str, list[str]], list[float]]:
    migrate.upgrade(url)
    app = create_app({"PORTAL_ENV": "test", "SECRET_KEY": "b" * 40, "DATABASE_URL": url,
                      "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False,
                      "DRAFT_DIR": tempfile.mkdtemp(prefix="drafts-")})
    with app.app_context():
        load_demo_council(db.session())
        db.session.commit()
        db.session.remove()
    assert db.engine is not None
    statements: dict[str, list[str]] = {}
    for kind, pages in (("complaint", COMPLAINT), ("compliment", COMPLIMENT)):
        client = app.test_client()
        answer_all(client, kind, pages)
        with counted(db.engine) as seen:
            send(client)
        statements[kind] = seen
    times = []
    for _ in range(JOURNEYS):
        client = app.test_client()
        answer_all(client, "complaint", COMPLAINT)
        start = time.perf_counter()
        send(client)
        times.append((time.perf_counter() - start) * 1000)
    db.engine.dispose()
    return statements, times


def main() -> int:
    failed = False
    for name, database in (("SQLite", sqlite_database), ("PostgreSQL", postgres_database)):
        try:
            with database() as url:
                statements, times = run(url)
        except Exception as error:  # noqa: BLE001 - one sentence, then stop
            if name == "PostgreSQL":
                print(f"{name}: cannot be reached at TEST_DATABASE_URL "
                      f"({error.__class__.__name__})")
                return 2
            raise
        for kind, seen in statements.items():
            kinds = Counter(s.lstrip().split(None, 1)[0].upper() for s in seen)
            missed = len(seen) > MOST
            failed |= missed
            by_kind = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
            print(f"{name}, {kind}: {len(seen)} statements ({by_kind})"
                  f"{'  <- MISSED (at most ' + str(MOST) + ')' if missed else ''}")
            for number, statement in enumerate(seen, 1):
                print(f"  {number:>2}. {' '.join(statement.split())}")
        print(f"{name}: Send p50 {statistics.median(times):.1f} ms over {len(times)} "
              f"complaints, one at a time\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
