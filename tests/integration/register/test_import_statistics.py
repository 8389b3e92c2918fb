"""A register import leaves the planner its statistics (issue 17): on PostgreSQL straight
after a 100,000-row import the due list took over 30 s, because the planner still took the
tables for empty. Each database's own record of a table's size must count what was
imported, before anyone reads it."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from portal.models.cases import Representation, Stage
from portal.models.councils import Council
from portal.register.csvio import read_register
from portal.register.services import import_register
from portal.register.shared import example
from tests.support.statements import statements


def _planner_rows(session: Session, table: str) -> int | None:
    """How many rows the planner believes ``table`` holds, from its statistics."""
    if session.get_bind().dialect.name == "postgresql":
        found = session.scalar(text(
            "SELECT reltuples FROM pg_class WHERE relname = :name"
            " AND relnamespace = current_schema()::regnamespace"), {"name": table})
        return None if found is None or found < 0 else int(found)
    # Each index's statistics start with the rows it holds: a partial index (the open
    # cases with a deadline) holds fewer than the table, a whole one all of them.
    found = [int(str(stat).split()[0]) for stat in session.scalars(
        text("SELECT stat FROM sqlite_stat1 WHERE tbl = :name"), {"name": table})]
    return max(found) if found else None


def test_an_import_leaves_statistics_counting_what_it_imported(
        session: Session, council: Council) -> None:
    import_register(session, council, read_register(example("register-barking-2018-19.csv")))
    for model in (Representation, Stage):
        table = model.__tablename__
        actual = session.scalar(select(func.count()).select_from(model))
        assert actual
        assert _planner_rows(session, table) == actual, table


def test_the_rows_imported_are_analysed_before_the_import_updates_them(
        session: Session, council: Council) -> None:
    # The retention dates and deadlines are stored by UPDATEs of the rows just written, a
    # chunk at a time. Planned without statistics, PostgreSQL read each chunk through the
    # council's index past all its rows: half an hour for 100,000 (bench_report.py).
    rows = read_register(example("register-barking-2018-19.csv"))
    with statements(session.get_bind().engine) as seen:
        import_register(session, council, rows)
    said = [sql.lstrip().upper() for sql in seen]
    analysed = [i for i, sql in enumerate(said) if sql.startswith('ANALYZE "REPRESENTATIONS"')]
    updates = [i for i, sql in enumerate(said) if sql.startswith("UPDATE REPRESENTATIONS")]
    assert analysed
    assert updates
    assert analysed[0] < updates[0]
