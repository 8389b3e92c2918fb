"""Bulk writes for the register: many rows of one table in the session's transaction.

A council's back catalogue can be 100,000 rows, and per-object ORM flushes
take minutes. PostgreSQL gets ``COPY`` (psycopg would otherwise spend most
of its time parsing multi-row INSERT text); SQLite gets the driver's
executemany. Both run inside the session's transaction, so all or nothing
still holds.
"""

from __future__ import annotations

import enum
import gc
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import Table, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import sqltypes

#: Rows per ``IN (...)`` lookup: well under SQLite's 32,766 bound parameters.
BATCH = 500
#: Where a session keeps the names of the tables ``bulk_insert`` filled, for ``analyse``.
_FILLED = "portal.bulk_filled"


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector while building many objects that hold no cycles.

    Allocating 100,000 rows triggers repeated full collections, each walking
    the whole heap; measured on the annual report over 100,000 rows, pausing
    saved about a second. The collector runs as usual afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def table_of(model: type[Any]) -> Table:
    """A mapped class's table, typed as the Table it is."""
    return cast(Table, model.__table__)


def chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def with_defaults(table: Table, rows: list[dict[str, Any]]) -> tuple[list[str],
                                                                     list[tuple[Any, ...]]]:
    """Every column but the generated key, with the model's Python-side defaults filled in.

    Bulk paths skip the ORM, and COPY skips SQLAlchemy altogether, so the
    defaults a model declares (timestamps, empty JSON lists) are applied here,
    once per batch: one import is one moment.
    """
    columns = [c for c in table.columns if c is not table.autoincrement_column]
    defaults: dict[str, Any] = {}
    for column in columns:
        default = column.default
        if default is None or column.name in rows[0]:
            continue
        arg = default.arg  # type: ignore[attr-defined]
        defaults[column.name] = arg(None) if default.is_callable else arg
    names = [c.name for c in columns]
    return names, [tuple(row.get(n, defaults.get(n)) for n in names) for row in rows]


def _plain(value: Any) -> Any:
    """A value as COPY's text format takes it: enums by their stored value, JSON as text."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def _needs_plain(column: Any) -> bool:
    # Only enum and JSON columns hold values COPY cannot write as they are;
    # converting just those keeps a 100,000-row COPY from a million calls.
    return isinstance(column.type, sqltypes.Enum | sqltypes.JSON)


def bulk_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows of one table in the session's transaction."""
    if not rows:
        return
    session.info.setdefault(_FILLED, set()).add(table.name)
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        names, values = with_defaults(table, rows)
        quoted = ", ".join(f'"{name}"' for name in names)
        convert = [i for i, name in enumerate(names) if _needs_plain(table.c[name])]
        cursor = connection.connection.cursor()
        try:
            with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                for row in values:
                    if convert:
                        cells = list(row)
                        for i in convert:
                            cells[i] = _plain(cells[i])
                        copy.write_row(cells)
                    else:
                        copy.write_row(row)
        finally:
            cursor.close()
        return
    # SQLite: the driver's executemany, each value through its column type's own
    # bind processor (dates, enums, JSON, UTC timestamps), looked up once per
    # column. SQLAlchemy's executemany did the same per row and spent most of a
    # 100,000-row import building parameter dictionaries.
    names, values = with_defaults(table, rows)
    dialect = connection.dialect
    processors = [(i, processor) for i, name in enumerate(names)
                  if (processor := table.c[name].type.bind_processor(dialect)) is not None]
    columns = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    # Table and column names come from the models, never from input.
    statement = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'  # noqa: S608
    cursor = connection.connection.cursor()
    try:
        for chunk in chunks(values, 5000):
            batch = []
            for row in chunk:
                cells = list(row)
                for i, processor in processors:
                    cells[i] = processor(cells[i])
                batch.append(cells)
            cursor.executemany(statement, batch)
    finally:
        cursor.close()


def analyse(session: Session) -> None:
    """Refresh the planner's statistics of every table ``bulk_insert`` filled in this session.

    After 100,000 rows arrive at once the planner still thinks the tables are
    as they were (empty, for a first import), and on PostgreSQL the due list
    took over 30 s until autovacuum caught up: every worker timed out. In the
    session's transaction, so the statistics count the rows it wrote (both
    databases sample their own transaction's rows).
    """
    for name in sorted(session.info.pop(_FILLED, ())):
        # Table names come from the models, never from input.
        session.execute(text(f'ANALYZE "{name}"'))
