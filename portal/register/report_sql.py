"""The annual report's and the timeliness report's figures as GROUP BY queries.

Each query counts one part of the report for every reporting period at once:
a CASE puts each row in its period (0 the period asked for, 1 the year
before), so the database reads the register once per query however many
years the page shows. Counts are GROUP BY; yes-or-no and closed-vocabulary
fields are SUMs beside a few grouping columns (see ``representations``).
What needs working days comes back as dates: acknowledgements grouped by
their two dates, and the stages as narrow tuples (``stages``), which
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
from portal.vocab.register import (
    STAGED_PROCEDURES,
    DelayReason,
    Kind,
    OmbudsmanDecision,
    Outcome,
)

#: A period's first and last days; periods by their index in the report
#: (0 the period asked for, 1 the year before).
Span = tuple[date, date]
Periods = Sequence[tuple[int, Span]]
#: A query's rows: the grouped values, then how many rows have them.
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


def _in_cohort(council_id: int, period: ColumnElement[Any], *kinds: Kind) -> list[Any]:
    conditions = [R.council_id == council_id, period.is_not(None)]
    if kinds:
        conditions.append(R.kind.in_(kinds))
    return conditions


def _how_many(condition: Any) -> ColumnElement[Any]:
    """How many rows of the group meet ``condition`` (a portable SUM of CASE)."""
    return func.sum(case((condition, 1), else_=0))


#: The ombudsman's decisions, in the order ``representations`` counts them.
DECISIONS: tuple[OmbudsmanDecision, ...] = tuple(OmbudsmanDecision)


def representations(connection: Connection, council_id: int, periods: Periods
                    ) -> Grouped:
    """The received cohort by kind, procedure, reason, method and submitter, with sums:
    (period, kind, procedure, reason, method, submitter, count, by child, by child with
    an advocate, adr, referred, referred with each of ``DECISIONS``..., pennies).

    The yes-or-no fields are sums, not more grouping columns: PostgreSQL estimates
    a group per combination of its columns' values, and with eleven columns it
    guessed one group per row, sorting 100,000 rows on disk (0.6 s) where a hash
    of these six columns takes 0.1 s.
    """
    period = bucket(R.received_on, periods).label("period")
    referred = R.ombudsman_referred_on.is_not(None)
    columns = [period, R.kind, R.procedure, R.not_accepted_reason, R.method, R.submitter]
    # Pennies as whole numbers: SQLite keeps NUMERIC as floating point, so a sum
    # of pounds could drift a fraction of a penny; a sum of rounded pennies cannot.
    pennies = raw(func.sum(func.round(R.compensation_gbp * 100)))
    query = (select(*columns, func.count(), _how_many(R.made_by_child),
                    _how_many(and_(R.made_by_child, R.advocate_supported)),
                    _how_many(R.adr), _how_many(referred),
                    *(_how_many(and_(referred, R.ombudsman_decision == decision))
                      for decision in DECISIONS),
                    pennies)
             .where(*_in_cohort(council_id, period)).group_by(*columns))
    return connection.execute(query).all()


def pennies_of(value: Any) -> int:
    """The driver's sum of rounded pennies (a float on SQLite, a Decimal on PostgreSQL)."""
    return 0 if value is None else int(Decimal(str(value)))


#: Outcomes and delay reasons, in the order ``teams_and_outcomes`` counts them.
OUTCOMES: tuple[Outcome, ...] = tuple(Outcome)
DELAYS: tuple[DelayReason, ...] = tuple(DelayReason)


def teams_and_outcomes(connection: Connection, council_id: int, periods: Periods
                       ) -> Grouped:
    """Complaints and compliments received, by kind, procedure and team: (period, kind,
    procedure, team, count, without an outcome, with each of ``OUTCOMES``..., with each
    of ``DELAYS``...). Sums rather than grouping columns, as in ``representations``."""
    period = bucket(R.received_on, periods).label("period")
    columns = [period, R.kind, R.procedure, Team.name]
    query = (select(*columns, func.count(), _how_many(R.outcome.is_(None)),
                    *(_how_many(R.outcome == outcome) for outcome in OUTCOMES),
                    *(_how_many(R.delay_reason == delay) for delay in DELAYS))
             .select_from(R)
             .outerjoin(Team, Team.id == R.team_id)
             .where(*_in_cohort(council_id, period, Kind.COMPLAINT, Kind.COMPLIMENT))
             .group_by(*columns))
    return connection.execute(query).all()


def equality(connection: Connection, council_id: int, periods: Periods
             ) -> Grouped:
    """(period, gender, age band, ethnicity, disability, count) of complaints received."""
    period = bucket(R.received_on, periods).label("period")
    e = EqualityMonitoring
    columns = [period, e.gender, e.age_band, e.ethnicity, e.disability]
    query = (select(*columns, func.count()).select_from(R)
             .outerjoin(e, e.representation_id == R.id)
             .where(*_in_cohort(council_id, period, Kind.COMPLAINT))
             .group_by(*columns))
    return connection.execute(query).all()


def categories(connection: Connection, council_id: int, periods: Periods
               ) -> Grouped:
    """(period, kind, procedure, category, count) of complaints and compliments received:
    each representation counted once per category name, as COUNT(*) gives it (a link
    is unique per representation and category, and a council's category names are
    unique). COUNT(DISTINCT) would make PostgreSQL sort where it hashes."""
    period = bucket(R.received_on, periods).label("period")
    link = representation_categories.c
    columns = [period, R.kind, R.procedure, Category.name]
    query = (select(*columns, func.count()).select_from(R)
             .join(representation_categories, link.representation_id == R.id)
             .join(Category, Category.id == link.category_id)
             .where(*_in_cohort(council_id, period, Kind.COMPLAINT, Kind.COMPLIMENT))
             .group_by(*columns))
    return connection.execute(query).all()


def acknowledgements(connection: Connection, council_id: int, periods: Periods
                     ) -> Grouped:
    """(period, procedure, received, acknowledged, count) of complaints received."""
    period = bucket(R.received_on, periods).label("period")
    columns = [period, R.procedure, raw(R.received_on), raw(R.acknowledged_on)]
    query = (select(*columns, func.count())
             .where(*_in_cohort(council_id, period, Kind.COMPLAINT)).group_by(*columns))
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
             .where(R.council_id == council_id, timed))
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
