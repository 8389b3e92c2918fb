"""The annual report's and the timeliness report's figures as GROUP BY queries.

Each query counts one part of the report for every reporting period at once:
beside its grouping columns it has one FILTERed count per period (``per_period``),
so the database reads the register once per query however many years the page
shows. The grouping columns are those of a covering index, in its order
(migration 0028, ``models.cases``): SQLite then reads the index alone and adds
up each group as it passes, instead of reading every wide row and sorting them
all to group them (a third of the time at 100,000 rows); PostgreSQL hashes as
before. What needs working days comes back as dates: acknowledgements grouped
by their two dates, and the stages as narrow tuples (``stages``), which
report_db.py measures against the council's calendar (portal/common/dates.py).
The same SQLAlchemy Core runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased
from sqlalchemy.types import NullType

from portal.models.cases import (
    EqualityMonitoring,
    Representation,
    Stage,
    representation_categories,
)
from portal.models.councils import Category, Team
from portal.vocab.register import STAGED_PROCEDURES, Kind

#: A period's first and last days; periods by their index in the report
#: (0 the period asked for, 1 the year before).
Span = tuple[date, date]
Periods = Sequence[tuple[int, Span]]
#: A query's rows: the grouped values, then the counts of each period in turn.
Grouped = Sequence[Any]

R = Representation
S = Stage


def raw(column: Any) -> Any:
    """The driver's own value, without SQLAlchemy's per-cell processing (dates as ISO
    text on SQLite): report_db.py converts each distinct value once."""
    return type_coerce(column, NullType())


def bucket(column: Any, periods: Periods) -> ColumnElement[Any]:
    """The index of the period ``column`` falls in (both ends included), else NULL."""
    return case(*((column.between(start, end), index) for index, (start, end) in periods),
                else_=None)


def per_period(periods: Periods, *aggregates: Any, on: Any = R.received_on) -> list[Any]:
    """Each of ``aggregates`` (COUNT(*) when none) once per period, FILTERed to the rows
    whose ``on`` falls in it: period by period, in the order of ``periods``."""
    return [aggregate.filter(on.between(start, end))
            for _, (start, end) in periods
            for aggregate in (aggregates or (func.count(),))]


def _received(council_id: int, periods: Periods) -> list[Any]:
    """The council's rows received from the first period's start to the last's end."""
    return [R.council_id == council_id,
            R.received_on.between(min(start for _, (start, _) in periods),
                                  max(end for _, (_, end) in periods))]


def representations(connection: Connection, council_id: int, periods: Periods
                    ) -> Grouped:
    """Everything received, by kind, procedure, reason, method, submitter, made by a
    child, with an advocate, ADR and the ombudsman's decision, then per period: how
    many, how many referred to the ombudsman, and the compensation in pennies.

    The yes-or-no fields group rather than being summed: in index order a group
    costs nothing more, where a FILTERed sum is work on every row. Not narrowed to
    the periods' days: that would make SQLite read the received-on index and sort.
    """
    columns = [R.kind, R.procedure, R.not_accepted_reason, R.method, R.submitter,
               R.made_by_child, R.advocate_supported, R.adr, R.ombudsman_decision]
    # Pennies as whole numbers: SQLite keeps NUMERIC as floating point, so a sum
    # of pounds could drift a fraction of a penny; a sum of rounded pennies cannot.
    query = (select(*columns, *(raw(aggregate) for aggregate in per_period(
                 periods, func.count(), func.count(R.ombudsman_referred_on),
                 func.sum(func.round(R.compensation_gbp * 100)))))
             .where(R.council_id == council_id).group_by(*columns))
    return connection.execute(query).all()


def pennies_of(value: Any) -> int:
    """The driver's sum of rounded pennies (a float on SQLite, a Decimal on PostgreSQL)."""
    return 0 if value is None else int(Decimal(str(value)))


def teams_and_outcomes(connection: Connection, council_id: int, periods: Periods
                       ) -> Grouped:
    """Complaints and compliments received, by kind, procedure, team (its name), outcome
    and delay reason, then how many in each period. Grouped by the team's key in the
    index's order; the few groups then join the teams for their names."""
    columns = [R.kind, R.procedure, R.team_id, R.outcome, R.delay_reason]
    counted = (select(*columns, *(count.label(f"n{slot}") for slot, count in enumerate(
                   per_period(periods))))
               .where(R.council_id == council_id,
                      R.kind.in_((Kind.COMPLAINT, Kind.COMPLIMENT)))
               .group_by(*columns).subquery())
    c = counted.c
    query = (select(c.kind, c.procedure, Team.name, c.outcome, c.delay_reason,
                    *(c[f"n{slot}"] for slot in range(len(periods))))
             .select_from(counted).outerjoin(Team, Team.id == c.team_id))
    return connection.execute(query).all()


def equality(connection: Connection, council_id: int, periods: Periods
             ) -> Grouped:
    """(gender, age band, ethnicity, disability, then how many in each period) of the
    complaints received that have equality monitoring; a complaint without counts as
    unknown throughout (report_db.py adds those)."""
    e = EqualityMonitoring
    columns = [e.gender, e.age_band, e.ethnicity, e.disability]
    query = (select(*columns, *per_period(periods)).select_from(R)
             .join(e, e.representation_id == R.id)
             .where(*_received(council_id, periods), R.kind == Kind.COMPLAINT)
             .group_by(*columns))
    return connection.execute(query).all()


def categories(connection: Connection, council_id: int, periods: Periods
               ) -> Grouped:
    """(kind, procedure, category, then how many in each period) of complaints and
    compliments received: each representation counted once per category name, as
    COUNT(*) gives it (a link is unique per representation and category, and a
    council's category names are unique). Grouped by the category's key, then joined
    to the categories for their names."""
    link = representation_categories.c
    columns = [R.kind, R.procedure, link.category_id]
    counted = (select(*columns, *(count.label(f"n{slot}") for slot, count in enumerate(
                   per_period(periods))))
               .select_from(R).join(representation_categories, link.representation_id == R.id)
               .where(*_received(council_id, periods),
                      R.kind.in_((Kind.COMPLAINT, Kind.COMPLIMENT)))
               .group_by(*columns).subquery())
    c = counted.c
    query = (select(c.kind, c.procedure, Category.name,
                    *(c[f"n{slot}"] for slot in range(len(periods))))
             .select_from(counted).join(Category, Category.id == c.category_id))
    return connection.execute(query).all()


def acknowledgements(connection: Connection, council_id: int, periods: Periods
                     ) -> Grouped:
    """(procedure, received, acknowledged, then how many in each period) of complaints
    received."""
    columns = [R.procedure, raw(R.received_on), raw(R.acknowledged_on)]
    query = (select(*columns, *per_period(periods))
             .where(*_received(council_id, periods), R.kind == Kind.COMPLAINT)
             .group_by(*columns))
    return connection.execute(query).all()


def _is_final(stage: Any) -> ColumnElement[bool]:
    """The stage is the representation's highest with a start date (REPORT.md)."""
    later = aliased(Stage)
    return and_(stage.started_on.is_not(None), ~exists().where(
        later.representation_id == stage.representation_id, later.number > stage.number,
        later.started_on.is_not(None)))


def stages(connection: Connection, council_id: int, periods: Periods) -> Grouped:
    """The stages the report times, as narrow tuples in one query, one per stage:
    (period received, period closed, kind, procedure, stage, started, closed, panel,
    extended, final).

    Those of complaints under a staged procedure (for the final stages and the
    extensions of the received cohort, and the responses of the closed cohort),
    and enquiries' answered stage 1, where an old record without a start date
    started on receipt (report.py ``_enquiries``). Not grouped: nearly every
    stage has its own (start, end) pair, and sorting them to group cost SQLite
    twice as much as reading the tuples (100,000 rows: 0.65 s against 0.3 s of
    CPU). Values come as the driver gives them, enums as text and dates as ISO
    text on SQLite; report_db.py converts each distinct value once.

    In the representations' own order: SQLite then reads them straight through and
    finds each one's stages beside the last one's. Left free, it would walk one of
    the report's indexes and look the stages up in no order, twice as slow.
    """
    received = bucket(R.received_on, periods)
    closed = bucket(S.closed_on, periods)
    final = case((_is_final(S), 1), else_=0)
    started = func.coalesce(S.started_on, R.received_on)
    timed = or_(
        and_(R.kind == Kind.COMPLAINT, R.procedure.in_(STAGED_PROCEDURES),
             S.started_on.is_not(None), or_(received.is_not(None), closed.is_not(None))),
        and_(R.kind == Kind.ENQUIRY, S.number == 1, S.closed_on.is_not(None),
             received.is_not(None)),
    )
    query = (select(*(raw(column) for column in (
                received, closed, R.kind, R.procedure, S.number, started, S.closed_on,
                S.panel_on, S.extended, final)))
             .select_from(R).join(S, S.representation_id == R.id)
             .where(R.council_id == council_id, timed)
             .order_by(R.id))
    return connection.execute(query).all()


def open_stages(connection: Connection, council_id: int) -> Grouped:
    """(team, kind, procedure, stage, started, extended, count) of the stages open cases
    wait on (rag.py ``open_stage``): an enquiry's unanswered stage 1, and the final
    stage, unanswered, of a complaint under a staged procedure with no outcome."""
    columns = [Team.name, R.kind, R.procedure, S.number, S.started_on, S.extended]
    waiting = or_(
        and_(R.kind == Kind.ENQUIRY, S.number == 1),
        and_(R.kind == Kind.COMPLAINT, R.procedure.in_(STAGED_PROCEDURES),
             R.outcome.is_(None), _is_final(S)),
    )
    query = (select(*columns, func.count()).select_from(R)
             .join(S, S.representation_id == R.id)
             .outerjoin(Team, Team.id == R.team_id)
             .where(R.council_id == council_id, S.started_on.is_not(None),
                    S.closed_on.is_(None), waiting)
             .group_by(*columns))
    return connection.execute(query).all()
