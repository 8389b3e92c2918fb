"""Reading the register out of the database: as CSV rows, or as light rows for the report.

The annual report reads a council's whole register, 100,000 rows in the
benchmark, and must take under 2 seconds. So this module reads with three
Core queries (representations, stages, categories), takes the driver's raw
values (no SQLAlchemy per-cell processing) and converts them itself with
lookup tables: enum values through each enum's value map, SQLite's date text
through a memo of the few hundred distinct days. The report gets
``ReportRow`` tuples (C-speed to build); exports get the ``RegisterRow``
dataclass. Both come from the same converted values, and the exact
export-then-import tests on SQLite and PostgreSQL check the conversions.

At the end, the two reads of the read-only API (portal/web/register/api.py): its change
feed and an entry's id by its reference.
"""

from __future__ import annotations

from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Select, func, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from portal.models.cases import (
    EqualityMonitoring,
    Representation,
    Stage,
    representation_categories,
)
from portal.models.councils import Category, Team
from portal.models.register import RegisterChange
from portal.register.bulk import paused_gc
from portal.register.row import COLUMNS, RegisterRow, StageAccess
from portal.vocab.register import (
    DelayReason,
    Kind,
    Method,
    NotAcceptedReason,
    OmbudsmanDecision,
    Outcome,
    Procedure,
    Submitter,
)

T = TypeVar("T")
_PENNY = Decimal("0.01")


if TYPE_CHECKING:
    # To the type checker a report row is a RegisterRow: the same fields, in the
    # same order, with the same stage accessors.
    ReportRow = RegisterRow
else:
    class ReportRow(namedtuple("ReportRow", COLUMNS), StageAccess):
        """A register row as the report reads it: RegisterRow's fields in a tuple.

        The report reads a whole register, and a tuple is much quicker to build
        than the frozen dataclass. Made from RegisterRow's own field list, so the
        two cannot drift apart.
        """

        __slots__ = ()


def _raw(column: Any) -> Any:
    # The driver's own value, without SQLAlchemy's per-cell result processing.
    return type_coerce(column, NullType())


def _members(enum_type: type[Any]) -> dict[Any, Any]:
    """Stored value to member; ``.get`` gives None for NULL (the database only
    holds valid values: the enum columns validate on the way in)."""
    return dict(enum_type._value2member_map_)


class _Days(dict[Any, date | None]):
    """Dates as PostgreSQL gives them, or from SQLite's ISO text, each day parsed once.

    Look up with ``days[v] if v in days else days.parse(v)``: a hit costs no
    Python call, and most cells are a hit (NULL, or a day already seen).
    """

    def __init__(self) -> None:
        super().__init__({None: None})

    def parse(self, value: Any) -> date:
        day = value if isinstance(value, date) else date.fromisoformat(value)
        self[value] = day
        return day


def _money(value: Any) -> Decimal | None:
    if value is None:
        return None
    # SQLite keeps NUMERIC as a float or an integer; str() gives its shortest exact text.
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return amount.quantize(_PENNY)


_KIND, _PROCEDURE, _REASON = _members(Kind), _members(Procedure), _members(NotAcceptedReason)
_METHOD, _SUBMITTER, _OUTCOME = _members(Method), _members(Submitter), _members(Outcome)
_DELAY, _DECISION = _members(DelayReason), _members(OmbudsmanDecision)
_NO_STAGE: tuple[Any, ...] = (None, None, None, None)
_NO_STAGES: dict[int, tuple[Any, ...]] = {}
#: So few representations that their stages are matched in the database, whatever the
#: size of the register.
_FEW = 5_000


def _load(session: Session, conditions: list[Any], *, ordered: bool,
          make: Callable[[tuple[Any, ...]], T]) -> list[T]:
    r = Representation
    query = (
        select(*(_raw(c) for c in (
            r.id, r.reference, r.kind, r.procedure, r.not_accepted_reason, r.received_on,
            r.method, Team.name, r.submitter, r.made_by_child, r.advocate_supported,
            r.acknowledged_on, r.outcome, r.delay_reason, r.adr, r.ombudsman_referred_on,
            r.ombudsman_decision, r.compensation_gbp, EqualityMonitoring.gender,
            EqualityMonitoring.age_band, EqualityMonitoring.ethnicity,
            EqualityMonitoring.disability)))
        .outerjoin(Team, Team.id == r.team_id)
        .outerjoin(EqualityMonitoring, EqualityMonitoring.representation_id == r.id)
        .where(*conditions)
    )
    if ordered:
        query = query.order_by(r.reference)
    connection = session.connection()
    with paused_gc():
        return _build(connection, query, conditions, make)


def _build(connection: Connection, query: Select[Any], conditions: list[Any],
           make: Callable[[tuple[Any, ...]], T]) -> list[T]:
    r = Representation
    # fetchall: one driver call, where iterating fetches row by row.
    found = connection.execute(query).fetchall()
    days = _Days()
    stages, categories = _stages_and_categories(
        connection, select(r.id).where(*conditions), {values[0] for values in found}, days)
    rows = []
    for (rep_id, reference, kind, procedure, reason, received_on, method, team, submitter,
         by_child, advocate, acknowledged_on, outcome, delay, adr, referred_on, decision,
         compensation, gender, age_band, ethnicity, disability) in found:
        by_number = stages.get(rep_id, _NO_STAGES)
        s1 = by_number.get(1, _NO_STAGE)
        s2 = by_number.get(2, _NO_STAGE)
        s3 = by_number.get(3, _NO_STAGE)
        rows.append(make((
            reference, _KIND[kind], _PROCEDURE.get(procedure), _REASON.get(reason),
            days[received_on] if received_on in days else days.parse(received_on),
            _METHOD[method], team, categories.get(rep_id, ()), _SUBMITTER[submitter],
            bool(by_child), bool(advocate),
            days[acknowledged_on] if acknowledged_on in days else days.parse(acknowledged_on),
            s1[0], s1[1], s1[2], s2[0], s2[1], s2[2], s3[0], s3[3], s3[1],
            _OUTCOME.get(outcome), _DELAY.get(delay), bool(adr),
            days[referred_on] if referred_on in days else days.parse(referred_on),
            _DECISION.get(decision), _money(compensation), gender, age_band, ethnicity,
            disability,
        )))
    return rows


def _stages_and_categories(
    connection: Connection, matching: Select[Any], wanted: set[int], days: _Days
) -> tuple[dict[int, dict[int, tuple[Any, ...]]], dict[int, tuple[str, ...]]]:
    """Stages (started, closed, extended, panel) and sorted category names by representation.

    When the wanted representations are most of the register (the annual
    report, a full export), reading every stage and keeping the wanted ones is
    several times quicker than asking the database to match each.
    """
    # A few thousand (an export's batch) are always matched; counting the register for
    # each batch would make a streamed export grow with the whole register.
    total = 0 if len(wanted) <= _FEW else connection.execute(
        select(func.count()).select_from(Representation)).scalar() or 0
    link = representation_categories.c
    stage_query = select(*(_raw(c) for c in (
        Stage.representation_id, Stage.number, Stage.started_on, Stage.closed_on,
        Stage.extended, Stage.panel_on)))
    category_query = (select(link.representation_id, Category.name)
                      .join(Category, Category.id == link.category_id))
    if len(wanted) <= _FEW or 2 * len(wanted) < total:
        stage_query = stage_query.where(Stage.representation_id.in_(matching.scalar_subquery()))
        category_query = category_query.where(
            link.representation_id.in_(matching.scalar_subquery()))

    stages: dict[int, dict[int, tuple[Any, ...]]] = defaultdict(dict)
    for rep_id, number, started, closed, extended, panel in connection.execute(
            stage_query).fetchall():
        if rep_id in wanted:
            started = days[started] if started in days else days.parse(started)
            # Canonical form: "extended" is empty exactly when the stage never started.
            stages[rep_id][number] = (
                started, days[closed] if closed in days else days.parse(closed),
                None if started is None else bool(extended),
                days[panel] if panel in days else days.parse(panel))
    names: dict[int, set[str]] = defaultdict(set)
    for rep_id, name in connection.execute(category_query).fetchall():
        if rep_id in wanted:
            names[rep_id].add(name)
    return stages, {rep_id: tuple(sorted(found)) for rep_id, found in names.items()}


# namedtuple's _make: one C call per row, where ReportRow(*values) is a Python call.
_new_report_row: Callable[[tuple[Any, ...]], ReportRow] = ReportRow._make  # type: ignore[attr-defined]


def _conditions(council_id: int | None, received_from: date | None, received_to: date | None,
                ids: Sequence[int] | None) -> list[Any]:
    r = Representation
    conditions: list[Any] = []
    if council_id is not None:
        conditions.append(r.council_id == council_id)
    if received_from is not None:
        conditions.append(r.received_on >= received_from)
    if received_to is not None:
        conditions.append(r.received_on <= received_to)
    if ids is not None:
        conditions.append(r.id.in_(ids))
    return conditions


def register_rows(
    session: Session,
    *,
    council_id: int | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    ids: Sequence[int] | None = None,
    ordered: bool = True,
) -> list[RegisterRow]:
    """The register as CSV rows (all, a council's, received between two dates, or by id),
    ordered by reference unless ``ordered`` is false."""
    return _load(session, _conditions(council_id, received_from, received_to, ids),
                 ordered=ordered, make=lambda values: RegisterRow(*values))


def count_rows(session: Session, *, council_id: int, received_from: date | None = None,
               received_to: date | None = None, more: Sequence[Any] = ()) -> int:
    """How many entries ``row_batches`` gives with the same arguments."""
    return session.scalar(select(func.count()).select_from(Representation).where(
        *_conditions(council_id, received_from, received_to, None), *more)) or 0


def row_batches(session: Session, *, council_id: int, received_from: date | None = None,
                received_to: date | None = None, more: Sequence[Any] = (),
                size: int = 2_000) -> Iterator[list[RegisterRow]]:
    """The register as ``register_rows`` gives it (by reference), ``size`` rows at a time,
    each batch read when asked for: an export of any size holds one batch in memory.

    Each batch continues after the last reference of the one before (a keyset),
    so no batch re-reads what came before, as an OFFSET would.
    """
    conditions = [*_conditions(council_id, received_from, received_to, None), *more]
    last: str | None = None
    while True:
        after = [] if last is None else [Representation.reference > last]
        ids = list(session.scalars(select(Representation.id).where(*conditions, *after)
                                   .order_by(Representation.reference).limit(size)))
        if not ids:
            return
        batch = register_rows(session, ids=ids)
        yield batch
        if len(ids) < size:
            return
        last = batch[-1].reference


def report_rows(session: Session, council_id: int) -> list[ReportRow]:
    """The rows the annual report reads: the council's whole register, unsorted.

    A response closed in the period may belong to a complaint received years
    earlier, and the report picks its own cohorts, so no date filter is applied:
    on SQLite a date range covering most of the register made the planner walk
    the date index, twice as slow as reading the table (100,000 rows: 2.2 s
    against 1.0 s in one measurement).
    """
    return _load(session, _conditions(council_id, None, None, None), ordered=False,
                 make=_new_report_row)


def changes_after(session: Session, council_id: int, *, after: int, limit: int
                  ) -> list[RegisterChange]:
    """Up to ``limit`` of the council's changes after sequence ``after``, oldest first."""
    return list(session.scalars(
        select(RegisterChange)
        .where(RegisterChange.council_id == council_id, RegisterChange.id > after)
        .order_by(RegisterChange.id)
        .limit(limit)))


def entry_id(session: Session, council_id: int, reference: str) -> int | None:
    """The id of the council's register entry with this reference, if there is one."""
    return session.scalar(select(Representation.id).where(
        Representation.reference == reference, Representation.council_id == council_id))
