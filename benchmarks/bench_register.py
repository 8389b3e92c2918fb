"""Register benchmark: import 100,000 rows and run the annual report, on SQLite and PostgreSQL.

Targets (issue 7): import under 60 s, annual report under 2 s, on SQLite, with
PostgreSQL's figures beside them. Run:

    .venv/bin/python benchmarks/bench_register.py [--rows 100000] [--only sqlite|postgresql]

PostgreSQL comes from TEST_DATABASE_URL (default the local test server); the
benchmark works in a schema of its own and drops it afterwards. SQLite uses a
temporary file, deleted afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

import portal.models  # noqa: F401  (every mapper known before the first query)
from portal.common.dates import calendar_for
from portal.councils.services import load_demo_council
from portal.db import migrate
from portal.db.session import make_engine
from portal.register.bulk import paused_gc
from portal.register.csvio import RegisterRow, read_register, register_text
from portal.register.queries import register_rows, report_rows
from portal.register.report import Period, annual_report
from portal.register.services import annual_reports, import_register
from portal.register.timescales import DEFAULT_TIMESCALES
from portal.vocab.register import (
    DelayReason,
    Kind,
    Method,
    OmbudsmanDecision,
    Outcome,
    Procedure,
    Submitter,
)

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PERIOD = Period(date(2018, 4, 1), date(2019, 3, 31))
ENGLAND = calendar_for("england")
TEAMS = [f"Team {n}" for n in range(20)]
CATEGORIES = [f"Category {n}" for n in range(30)]


def generate(count: int, seed: int = 7, years: int = 1) -> list[RegisterRow]:
    """A plausible register: 60% complaints, 30% enquiries, 10% compliments, received
    over the reporting year and the ``years - 1`` before it (so the report also
    computes last year's figures for its year-on-year comparison)."""
    rng = random.Random(seed)
    first = PERIOD.start - timedelta(days=365 * (years - 1))
    rows = []
    for n in range(count):
        received = first + timedelta(days=rng.randrange(365 * years))
        roll = rng.random()
        kind = Kind.COMPLAINT if roll < 0.6 else Kind.ENQUIRY if roll < 0.9 else Kind.COMPLIMENT
        rows.append(_row(rng, n, kind, received))
    return rows


def _later(rng: random.Random, day: date, most: int) -> date:
    return day + timedelta(days=rng.randrange(most))


def _row(rng: random.Random, n: int, kind: Kind, received: date) -> RegisterRow:
    complaint = kind is Kind.COMPLAINT
    s1_start = received if kind is not Kind.COMPLIMENT else None
    s1_close = _later(rng, received, 40) if s1_start and rng.random() < 0.95 else None
    s2_start = s1_close + timedelta(days=5) if complaint and s1_close and rng.random() < 0.05 \
        else None
    s2_close = _later(rng, s2_start, 90) if s2_start and rng.random() < 0.7 else None
    referred = received + timedelta(days=100) if complaint and rng.random() < 0.02 else None
    return RegisterRow(
        reference=f"BENCH-{n:07d}",
        kind=kind,
        procedure=rng.choice([Procedure.CHILDREN_STATUTORY] * 8 + [Procedure.CORPORATE,
                                                                   Procedure.INFORMAL])
        if complaint else None,
        not_accepted_reason=None,
        received_on=received,
        method=rng.choice(list(Method)),
        team=rng.choice(TEAMS),
        categories=tuple(sorted(set(rng.sample(CATEGORIES, rng.randint(1, 2)))))
        if complaint else (),
        submitter=rng.choice(list(Submitter)),
        made_by_child=complaint and rng.random() < 0.1,
        advocate=complaint and rng.random() < 0.08,
        acknowledged_on=_later(rng, received, 6) if complaint else None,
        stage1_started_on=s1_start,
        stage1_closed_on=s1_close,
        stage1_extended=None if s1_start is None else rng.random() < 0.2,
        stage2_started_on=s2_start,
        stage2_closed_on=s2_close,
        stage2_extended=None if s2_start is None else rng.random() < 0.3,
        stage3_started_on=None,
        stage3_panel_on=None,
        stage3_closed_on=None,
        outcome=rng.choice(list(Outcome)) if complaint and s1_close else None,
        delay_reason=rng.choice(list(DelayReason)) if complaint and rng.random() < 0.2 else None,
        adr=complaint and rng.random() < 0.05,
        ombudsman_referred_on=referred,
        ombudsman_decision=rng.choice(list(OmbudsmanDecision)) if referred else None,
        compensation_gbp=Decimal(rng.randrange(0, 50000)) / 100
        if complaint and rng.random() < 0.03 else None,
        gender=rng.choice(["female", "male", None]) if complaint else None,
        age_band=rng.choice(["0-10", "11-15", "16-17", None]) if complaint else None,
        ethnicity=None,
        disability=None,
    )


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


@contextmanager
def postgres_url() -> Iterator[str]:
    base = os.environ.get("TEST_DATABASE_URL", DEFAULT_PG)
    schema = f"bench_{secrets.token_hex(6)}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        scoped = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def timed(label: str, action: Callable[[], Any]) -> tuple[float, Any]:
    """Wall time, with this process's CPU time beside it: on a shared, busy machine
    the CPU time shows the work the portal itself did (PostgreSQL's own work is
    in the wall time only)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label:<46} {seconds:8.2f} s wall {cpu_seconds:8.2f} s cpu")
    return seconds, result


def bench(name: str, url: str, rows: list[RegisterRow], csv_text: str) -> dict[str, float]:
    print(f"{name}:")
    migrate.upgrade(url)
    engine = make_engine(url)
    figures: dict[str, float] = {}
    try:
        with Session(engine) as session:
            council = load_demo_council(session)
            session.commit()

            def do_import() -> Any:
                with paused_gc():  # as the import command does
                    parsed = read_register(csv_text)
                result = import_register(session, council, parsed)
                session.commit()
                return result

            figures["import"], result = timed(
                f"import {len(rows):,} rows (parse + insert + commit)", do_import)
            assert result.created == len(rows), result
            figures["reimport"], again = timed("import the same file again (no change)",
                                               do_import)
            assert again.unchanged == len(rows), again

            def do_report() -> Any:
                # As the report command does: rows, then the report (and last year's).
                return annual_reports(report_rows(session, council.id), period=PERIOD,
                                      timescales=DEFAULT_TIMESCALES, calendar=ENGLAND)

            # The best of three, as timeit does: on a shared machine the slowest
            # runs measure the neighbours, not the report.
            runs = [timed("annual report (load rows + compute)", do_report) for _ in range(3)]
            figures["report"], (report, previous) = min(runs, key=lambda run: run[0])
            print(f"  (with last year's comparison: {'yes' if previous else 'no'})")
            in_period = sum(1 for row in rows if row.received_on in PERIOD)
            assert sum(report["received"].values()) == in_period
            loaded = report_rows(session, council.id)
            figures["report_compute"], _ = timed(
                "  of which the pure computation",
                lambda: annual_report(loaded, period_from=PERIOD.start,
                                      period_to=PERIOD.end, calendar=ENGLAND))
            figures["export"], exported = timed(
                "export (load rows + write CSV)",
                lambda: register_text(register_rows(session, council_id=council.id)))
            assert exported == csv_text, "export then import must give back the same register"
    finally:
        engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--years", type=int, default=1,
                        help="spread the rows over this many years (2 or more adds "
                             "the year-on-year comparison to the report)")
    args = parser.parse_args()

    start = time.perf_counter()
    rows = generate(args.rows, years=args.years)
    csv_text = register_text(rows)
    print("load average at start: {:.2f} {:.2f} {:.2f} on {} CPUs".format(
        *os.getloadavg(), os.cpu_count()))
    print(f"generated {len(rows):,} rows over {args.years} year(s) "
          f"({len(csv_text) / 1e6:.1f} MB of CSV) in "
          f"{time.perf_counter() - start:.1f} s")
    timed("parse and validate the CSV alone", lambda: read_register(csv_text))

    results = {}
    for name, url_of in (("sqlite", sqlite_url), ("postgresql", postgres_url)):
        if args.only and args.only != name:
            continue
        with url_of() as url:
            results[name] = bench(name, url, rows, csv_text)

    print("\nload average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print("summary (targets: import < 60 s, report < 2 s)")
    for name, figures in results.items():
        verdict = "meets" if figures["import"] < 60 and figures["report"] < 2 else "MISSES"
        print(f"  {name:<11} import {figures['import']:6.2f} s   report {figures['report']:5.2f} s"
              f"   {verdict} the targets")


if __name__ == "__main__":
    main()
