"""Date arithmetic the database does for itself, the same on SQLite and PostgreSQL.

A query that must order thousands of rows by a date worked out from several
columns (the retention schedule: "six years after closure") cannot fetch every
row to compute it in Python. These three constructs compute in SQL exactly
what the portal computes in Python:

- ``london_day(ts)``: the day a UTC timestamp falls on in England and Wales
  (``portal.common.clock.london_day``). PostgreSQL converts with its own zone
  data; SQLite has none, so it calls a function registered on each connection
  (``register_sqlite_functions``) that uses Python's.
- ``add_years(day, n)``: the anniversary ``n`` years on, 29 February giving
  1 March in a common year (``portal.procedure.retention.add_years``). SQLite's
  ``date(d, '+n years')`` normalises 29 February that way itself; PostgreSQL
  clamps to 28 February, so it adds the years to the day before and then one day.
- ``latest(first, *others)``: the latest of some dates, ignoring NULLs;
  ``first`` must never be NULL (SQLite's ``max`` is NULL if any argument is).

Each gives a ``date`` on PostgreSQL and ISO text (``YYYY-MM-DD``) on SQLite:
compare them with each other, or read them with ``as_date``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import NullType

_LONDON = ZoneInfo("Europe/London")


class london_day(FunctionElement[Any]):  # noqa: N801 - reads as the SQL function it is
    type = NullType()
    inherit_cache = True
    name = "london_day"


class add_years(FunctionElement[Any]):  # noqa: N801
    type = NullType()
    inherit_cache = True
    name = "add_years"


class latest(FunctionElement[Any]):  # noqa: N801
    type = NullType()
    inherit_cache = True
    name = "latest"


def as_date(value: Any) -> date:
    """A value of the constructs above as a date, from either database."""
    return value if isinstance(value, date) else date.fromisoformat(value)


@compiles(london_day, "postgresql")
def _london_day_pg(element: london_day, compiler: Any, **kw: Any) -> str:
    (moment,) = element.clauses
    return f"CAST(timezone('Europe/London', {compiler.process(moment, **kw)}) AS DATE)"


@compiles(london_day, "sqlite")
def _london_day_sqlite(element: london_day, compiler: Any, **kw: Any) -> str:
    (moment,) = element.clauses
    return f"portal_london_day({compiler.process(moment, **kw)})"


@compiles(add_years, "postgresql")
def _add_years_pg(element: add_years, compiler: Any, **kw: Any) -> str:
    day, years = (compiler.process(c, **kw) for c in element.clauses)
    return (f"(CAST(CAST({day} AS DATE) - 1 + make_interval(years => CAST({years} AS INTEGER))"
            " AS DATE) + 1)")


@compiles(add_years, "sqlite")
def _add_years_sqlite(element: add_years, compiler: Any, **kw: Any) -> str:
    day, years = (compiler.process(c, **kw) for c in element.clauses)
    return f"date({day}, printf('%+d years', {years}))"


@compiles(latest, "postgresql")
def _latest_pg(element: latest, compiler: Any, **kw: Any) -> str:
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(latest, "sqlite")
def _latest_sqlite(element: latest, compiler: Any, **kw: Any) -> str:
    first, *others = element.clauses
    parts = [first, *(func.coalesce(other, first) for other in others)]
    return f"max({', '.join(compiler.process(part, **kw) for part in parts)})"


def _london_day_text(moment: str | None) -> str | None:
    # SQLAlchemy keeps a UTC timestamp in SQLite as "YYYY-MM-DD HH:MM:SS[.ffffff]".
    if moment is None:
        return None
    utc = datetime.fromisoformat(moment).replace(tzinfo=UTC)
    return utc.astimezone(_LONDON).date().isoformat()


def register_sqlite_functions(dbapi_connection: Any) -> None:
    """Give a new SQLite connection the function ``london_day`` calls."""
    dbapi_connection.create_function("portal_london_day", 1, _london_day_text,
                                     deterministic=True)
