"""The retention schedule as the database applies it: which closed cases are due, counted
and paged in SQL.

``portal/procedure/retention.py`` is the rule; this module states the same
rule as SQL so a page never walks every closed case (100,000 of them took the
retention page 5 s on SQLite and 9 s on PostgreSQL). Every "N years after"
becomes a cut-off day computed once in Python (``latest_start``): a case's
date is compared with it, so nothing is computed per row to decide whether a
case is due. Only the order of a list ("soonest first") needs each case's date
itself (``keep_until``, with ``portal.db.dates``), and only for the oldest
receipts a list reads (``queries.listed``); the rows shown are then scheduled
by the Python rule itself, so what a page says of a case is what the rule says.
tests/integration/retention/test_selection.py checks that this selects exactly
what the rule does, on both databases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    false,
    func,
    not_,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.orm import Session

from portal.common.clock import LONDON
from portal.db.dates import add_years as sql_add_years
from portal.db.dates import latest, london_day
from portal.models.cases import Person, Representation, Stage
from portal.models.retention import DestructionRecord, LegalHold
from portal.procedure.retention import (
    CLOSED_STATUSES,
    LOOKED_AFTER_SERVICES,
    add_years,
    latest_receipt_due_by,
)
from portal.settings.retention import RetentionSettings
from portal.vocab.cases import OmbudsmanDecision, PersonRole, Submitter
from portal.vocab.routing import LookedAfterBy

#: Ages on receipt given their own cut-off day; any other age is compared by date arithmetic.
_AGES = range(0, 151)

r = Representation


def latest_start(horizon: date, years: int) -> date:
    """The last day from which ``years`` years on (``add_years``) is no later than
    ``horizon``: a case counted from any day up to this one is due by ``horizon``."""
    try:
        day = horizon.replace(year=horizon.year - years)
    except ValueError:  # 29 February, into a common year
        day = date(horizon.year - years, 2, 28)
    # add_years only ever moves 29 February, by a day: step to the exact edge.
    while add_years(day, years) > horizon:
        day -= timedelta(days=1)
    while add_years(day + timedelta(days=1), years) <= horizon:
        day += timedelta(days=1)
    return day


def _end_of_london_day(day: date) -> datetime:
    """The UTC moment the council's day ``day`` ends: a ``closed_at`` before it fell on or
    before ``day`` in England and Wales."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=LONDON).astimezone(UTC)


def _stage_closed_after(day: date) -> Any:
    return exists().where(Stage.representation_id == r.id, Stage.closed_on > day)


def _closed_by(day: date) -> ColumnElement[bool]:
    """The case closed on or before ``day`` (``procedure.retention.closed_on``): by its
    ``closed_at`` in London, or, imported without one, by its latest recorded date."""
    return or_(
        and_(r.closed_at.is_not(None), r.closed_at < _end_of_london_day(day)),
        and_(r.closed_at.is_(None), r.received_on <= day,
             or_(r.acknowledged_on.is_(None), r.acknowledged_on <= day),
             or_(r.ombudsman_referred_on.is_(None), r.ombudsman_referred_on <= day),
             not_(_stage_closed_after(day))))


def _person_age(role: PersonRole) -> Any:
    return (select(Person.age).where(Person.representation_id == r.id, Person.role == role,
                                     Person.age.is_not(None))
            .order_by(Person.id).limit(1).scalar_subquery())


def _age() -> Any:
    """The child's age on receipt, as ``queries._facts`` finds it."""
    return func.coalesce(r.child_age, _person_age(PersonRole.CHILD),
                         case((r.made_by_child, _person_age(PersonRole.COMPLAINANT))))


def _looked_after() -> ColumnElement[bool]:
    """``procedure.retention.linked_to_looked_after_child``, NULL counting as no."""
    return case((or_(r.looked_after_by == LookedAfterBy.THIS_COUNCIL.value,
                     r.submitter == Submitter.CARE_LEAVER,
                     r.service.in_([s.value for s in LOOKED_AFTER_SERVICES])), true()),
                else_=false())


def _looked_after_by(horizon: date, settings: RetentionSettings) -> ColumnElement[bool]:
    """The looked-after line of the schedule ends by ``horizon``."""
    age = _age()
    limit = settings.looked_after_until_age
    by_age = case({a: latest_start(horizon, limit - a) for a in _AGES}, value=age)
    return case(
        (age.between(_AGES.start, _AGES.stop - 1), r.received_on <= by_age),
        (age >= 0, sql_add_years(r.received_on, limit - age) <= horizon),
        else_=_closed_by(latest_start(horizon, settings.looked_after_years_age_unknown)))


def due_by(horizon: date, settings: RetentionSettings) -> ColumnElement[bool]:
    """The case's rule lets it go by ``horizon`` (``schedule(...).keep_until <= horizon``)."""
    start = latest_start(horizon, settings.default_years)
    default = and_(_closed_by(start), or_(r.ombudsman_referred_on.is_(None),
                                          r.ombudsman_referred_on <= start))
    return and_(default, case((_looked_after(), _looked_after_by(horizon, settings)),
                              else_=true()))


def kept() -> ColumnElement[bool]:
    """Kept whatever its date: a legal hold stands, or the Ombudsman's decision is awaited."""
    held = exists().where(LegalHold.representation_id == r.id, LegalHold.released_at.is_(None))
    return case((held, true()), (r.ombudsman_decision == OmbudsmanDecision.PENDING, true()),
                else_=false())


def _closed_day() -> Any:
    """Each case's ``closed_on`` as SQL (``procedure.retention.closed_on``)."""
    last_stage = (select(func.max(Stage.closed_on)).where(Stage.representation_id == r.id)
                  .scalar_subquery())
    return case((r.closed_at.is_not(None), london_day(r.closed_at)),
                else_=latest(r.received_on, r.acknowledged_on, last_stage,
                             r.ombudsman_referred_on))


def keep_until(settings: RetentionSettings) -> Any:
    """Each case's ``schedule(...).keep_until`` as SQL: what a list is ordered by."""
    closed = _closed_day()
    default = sql_add_years(latest(closed, r.ombudsman_referred_on), settings.default_years)
    age = _age()
    looked_after = case(
        (age >= 0, sql_add_years(r.received_on, settings.looked_after_until_age - age)),
        else_=sql_add_years(closed, settings.looked_after_years_age_unknown))
    return case((and_(_looked_after(), looked_after > default), looked_after), else_=default)


def _candidates(council_id: int, settings: RetentionSettings, horizon: date
                ) -> list[ColumnElement[bool]]:
    """Closed cases of the council, not destroyed, whose rule lets them go by ``horizon``."""
    return [r.council_id == council_id, r.status.in_(CLOSED_STATUSES),
            # Cheap and indexed: nothing received since can be due (the rule's own bound).
            r.received_on <= latest_receipt_due_by(horizon, settings),
            not_(exists().where(DestructionRecord.representation_id == r.id)),
            due_by(horizon, settings)]


@dataclass(frozen=True)
class Lists:
    """Conditions of the retention page's three lists, over ``candidates(horizon)``."""

    due_now: ColumnElement[bool]
    due_soon: ColumnElement[bool]
    kept_past_date: ColumnElement[bool]


def _lists(settings: RetentionSettings, today: date) -> Lists:
    by_today, held = due_by(today, settings), kept()
    return Lists(and_(not_(held), by_today), and_(not_(held), not_(by_today)),
                 and_(held, by_today))


def candidate_ids(session: Session, council_id: int, settings: RetentionSettings, *,
                  horizon: date) -> list[int]:
    """Every case ``queries.candidates`` lists, by id (the purge reads them all)."""
    without_jit(session)
    return list(session.scalars(select(r.id).where(*_candidates(council_id, settings, horizon))
                                .order_by(r.id)))


def counts(session: Session, council_id: int, settings: RetentionSettings, *, today: date,
           horizon: date) -> tuple[int, int, int]:
    """How many are due now, due by ``horizon``, and past their date but kept: one read.

    Each case's standing is worked out once (a materialised CTE, so neither database
    repeats it for each sum), and whether it is due by ``horizon`` only when it is not
    due by ``today``: most of a large list is.
    """
    without_jit(session)
    candidates = _candidates(council_id, settings, horizon)[:-1]  # its due_by, below
    standing = (select(case((due_by(today, settings), 2), (due_by(horizon, settings), 1),
                            else_=0).label("due"), kept().label("kept"))
                .where(*candidates).cte("standing").prefix_with("MATERIALIZED"))
    due, held = standing.c.due, standing.c.kept

    def total(condition: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    found = session.execute(select(
        total(and_(due == 2, not_(held))), total(and_(due == 1, not_(held))),
        total(and_(due == 2, held))).select_from(standing)).one()
    return int(found[0]), int(found[1]), int(found[2])


def page_query(council_id: int, settings: RetentionSettings, *, today: date, horizon: date,
               which: str, received: tuple[date, date]) -> Select[Any]:
    """The cases of a list (``due_now``, ``due_soon`` or ``kept_past_date``) received from
    ``received[0]`` to the day before ``received[1]``, with the day each may go (see
    ``queries.listed``, which finds the soonest among them)."""
    # The list's own condition first: for a short list (the kept ones) it is cheap, and it
    # spares most cases the rest.
    return (select(r.id, r.reference, keep_until(settings).label("keep_until"))
            .where(getattr(_lists(settings, today), which),
                   *_candidates(council_id, settings, horizon),
                   r.received_on >= received[0], r.received_on < received[1]))


def first_receipt(session: Session, council_id: int) -> date | None:
    """The earliest receipt of the council's closed cases: where a list's reading starts."""
    return session.scalar(select(func.min(r.received_on)).where(
        r.council_id == council_id, r.status.in_(CLOSED_STATUSES)))


def without_jit(session: Session) -> None:
    """Turn PostgreSQL's JIT compiler off for the rest of the transaction.

    The schedule's conditions are many small subqueries; their estimated cost
    makes PostgreSQL compile the query to machine code first, which took 7 s
    for a query that then ran in under one (100,000 cases).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
