"""Every daily staff page at 10,000 and at 100,000 cases, on SQLite and PostgreSQL (issue 17).

Targets: each page answers in under 300 ms (p95) at 100,000 cases, and within 1.5 times
its time at 10,000 (a page that grows with the register is a page that will fail); the
register export sends its first byte in under 300 ms and its memory does not grow with
the register. Each size holds N cases as bench_search.py loads them (4% open, the rest
closed over five years, each with a complainant and mostly a child) and N register rows
as bench_register.py makes them, brought in by the register import itself (received in
2018-19, so past their retention date now: the retention page's worst case). No VACUUM
or ANALYZE after the import: the import analyses what it filled, and the first page
after it must be as quick as any other. Run:

    .venv/bin/python benchmarks/bench_staff_pages.py [--cases 100000] [--only sqlite|postgresql]

``--cases`` is the larger size; the smaller is a tenth of it. Each page is asked
``RUNS`` times through the whole app, after two warm-ups; p50 and p95 are printed,
with this process's CPU time beside the wall time (a shared machine's neighbours show
in the wall time only). The export's time to first byte is its POST until the first
piece of the body (and until the first rows); its peak memory is traced (tracemalloc)
over a whole download. Exit status 1 if a target is missed. The annual report and
timeliness pages have their own benchmark (bench_register.py).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from bench_register import generate
from bench_search import postgres_url, seed, sqlite_url
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from portal import create_app
from portal.councils.retention_dates import refresh_all
from portal.db import migrate
from portal.db.session import make_engine
from portal.extensions import db
from portal.models.councils import Council
from portal.models.staff import Role
from portal.register.bulk import paused_gc
from portal.register.services import import_register

TARGET_MS = 300.0
GROWTH = 1.5
RUNS, WARM_UPS = 20, 2


def load(url: str, count: int) -> dict[str, Any]:
    """``count`` cases (bench_search) and ``count`` register rows (bench_register),
    imported as ``flask register import`` does."""
    world = seed(url, count)
    engine = make_engine(url)
    with engine.begin() as connection:
        # bench_search writes its cases in bulk, past the ORM: store their retention
        # dates as migration 0022 does for the cases a database already holds.
        began = time.perf_counter()
        refresh_all(connection)
        print(f"  (retention dates of {count:,} cases stored in "
              f"{time.perf_counter() - began:.1f} s)")
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:  # bench_search gave the cases their own ids
            connection.execute(text("SELECT setval(pg_get_serial_sequence('representations',"
                                    " 'id'), (SELECT max(id) FROM representations))"))
    rows = generate(count)
    with Session(engine) as session:
        council = session.scalars(select(Council)).one()  # the one bench_search made
        with paused_gc():
            result = import_register(session, council, rows)
        session.commit()
    engine.dispose()
    assert result.created == count, result
    return world


def _clients(url: str, accounts: dict[Role, int]) -> dict[Role, FlaskClient]:
    app = create_app({"PORTAL_ENV": "test", "SECRET_KEY": "s" * 40, "DATABASE_URL": url,
                      "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    clients = {}
    for role, user_id in accounts.items():
        client = app.test_client()
        with client.session_transaction() as s:
            s["staff_uid"], s["staff_ver"], s["staff_seen"] = user_id, 0, int(time.time())
        clients[role] = client
    return clients


def pages(rng: random.Random, world: dict[str, Any]) -> dict[str, tuple[Role, Callable[[], str]]]:
    """Each daily page: who asks, and the path (a new one each time where it varies)."""
    manager, responder = Role.COMPLAINTS_MANAGER, Role.RESPONDING_MANAGER
    refs = world["references"]
    return {
        "my cases": (responder, lambda: "/staff/cases/"),
        "triage": (manager, lambda: "/staff/cases/triage"),
        "due and overdue": (manager, lambda: "/staff/cases/due"),
        "overdue (search)": (manager, lambda: "/staff/cases/search?due=overdue"),
        "search, a name": (manager, lambda: "/staff/cases/search?q="
                           + rng.choice(world["names"]).split()[0]),
        "a case": (manager, lambda: "/staff/cases/" + rng.choice(refs)),
        "register home": (manager, lambda: "/staff/register/"),
        "retention": (manager, lambda: "/staff/retention"),
    }


def _timed(action: Callable[[], Any]) -> tuple[float, float]:
    began, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - began) * 1000, (time.process_time() - cpu) * 1000


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def measure_pages(clients: dict[Role, FlaskClient], world: dict[str, Any]
                  ) -> dict[str, tuple[float, float]]:
    rng = random.Random(17)
    figures = {}
    for name, (role, path_of) in pages(rng, world).items():
        times, cpus = [], []
        for run in range(WARM_UPS + RUNS):
            path = path_of()

            def ask(path: str = path, role: Role = role) -> None:
                response = clients[role].get(path)
                assert response.status_code == 200, (path, response.status_code)

            wall, cpu = _timed(ask)
            if run >= WARM_UPS:
                times.append(wall)
                cpus.append(cpu)
        figures[name] = (statistics.median(times), _p95(times))
        print(f"  {name:<22} p50 {figures[name][0]:7.1f} ms   p95 {figures[name][1]:7.1f} ms"
              f"   (cpu p50 {statistics.median(cpus):6.1f} ms, p95 {_p95(cpus):6.1f} ms)")
    return figures


def measure_export(client: FlaskClient) -> dict[str, float]:
    """Time to the first byte and to the first rows (p50 of five), the whole download,
    and the peak memory Python allocated over one download."""
    firsts, first_rows, wholes = [], [], []
    for _ in range(5):
        began = time.perf_counter()
        response = client.post("/staff/register/export", data={"file_format": "csv"},
                               buffered=False)
        pieces = iter(response.response)
        next(pieces)
        firsts.append((time.perf_counter() - began) * 1000)
        next(pieces, b"")
        first_rows.append((time.perf_counter() - began) * 1000)
        size = sum(len(piece) for piece in pieces)
        response.close()
        wholes.append((time.perf_counter() - began) * 1000)
    tracemalloc.start()
    response = client.post("/staff/register/export", data={"file_format": "csv"},
                           buffered=False)
    for _ in response.response:
        pass
    response.close()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures = {"first byte": statistics.median(firsts),
               "first rows": statistics.median(first_rows),
               "whole": statistics.median(wholes), "peak MB": peak / 1e6}
    print(f"  {'export (CSV)':<22} first byte {figures['first byte']:6.1f} ms, first rows "
          f"{figures['first rows']:6.1f} ms, whole {figures['whole'] / 1000:5.2f} s, peak "
          f"memory {figures['peak MB']:5.1f} MB (about {size / 1e6:.0f} MB sent)")
    return figures


def bench(name: str, url_of: Callable[[], Any], count: int
          ) -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    with url_of() as url:
        migrate.upgrade(url)
        began = time.perf_counter()
        world = load(url, count)
        print(f"{name}, {count:,} cases and {count:,} register rows "
              f"(loaded in {time.perf_counter() - began:.0f} s):")
        clients = _clients(url, world["accounts"])
        # As portal/wsgi.py does in a production worker once the app is made: without it
        # each full collection during a request walked everything this process made to
        # load the cases (165,000 objects at 10,000 cases, 100 ms a time), and the
        # page it fell in had that for its p95.
        gc.collect()
        gc.freeze()
        figures = measure_pages(clients, world)
        export = measure_export(clients[Role.COMPLAINTS_MANAGER])
        gc.unfreeze()
        db.session.remove()
        if db.engine is not None:
            db.engine.dispose()
    return figures, export


def verdict(small: dict[str, tuple[float, float]], large: dict[str, tuple[float, float]],
            small_export: dict[str, float], large_export: dict[str, float]) -> bool:
    """Print the ratio large/small of each page's p95; True if every target is met."""
    ok = True
    print("  ratio 100k/10k (p95), target p95 < 300 ms and ratio < 1.5:")
    for name, (_, p95) in large.items():
        ratio = p95 / small[name][1]
        met = p95 < TARGET_MS and ratio < GROWTH
        ok &= met
        print(f"    {name:<22} {ratio:5.2f}x   {'ok' if met else 'MISSED'}")
    first = large_export["first byte"]
    memory = large_export["peak MB"] / small_export["peak MB"]
    met = first < TARGET_MS and memory < GROWTH
    ok &= met
    print(f"    {'export first byte':<22} {first:6.1f} ms, memory {memory:4.2f}x   "
          f"{'ok' if met else 'MISSED'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    print("load average at start: {:.2f} {:.2f} {:.2f} on {} CPUs".format(
        *os.getloadavg(), os.cpu_count()))
    failed = False
    for name, url_of in (("sqlite", sqlite_url), ("postgresql", postgres_url)):
        if args.only and args.only != name:
            continue
        small, small_export = bench(name, url_of, max(1, args.cases // 10))
        large, large_export = bench(name, url_of, args.cases)
        failed |= not verdict(small, large, small_export, large_export)
        print("  (load average after {}: {:.2f} {:.2f} {:.2f})".format(name, *os.getloadavg()))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
