"""The retention schedule as the database applies it: which closed cases are due, counted
and paged in SQL by each case's stored retention date.

``portal/procedure/retention.py`` is the rule. Each closed case's date by that rule
(``keep_until``, holds aside) is stored on its row, ``representations.retention_on``,
and kept current by ``portal.councils.retention_dates`` (on closing, reopening, a
change of the facts the rule reads, a change of the council's retention settings, an
import, a destruction). So a list is a range of an index, ``(council_id,
retention_on, status)``: counted from the index alone, and its first rows read in
order, however many cases are due (100,000 cases took the page 5 s on SQLite and 9 s
on PostgreSQL computing every date on each request; 1 s computing only cut-offs).
What keeps a case whatever its date (a legal hold, an awaited Ombudsman decision) is
read when asked, from those few cases. The rows shown are then scheduled by the
Python rule itself, so what a page says of a case is what the rule says.
tests/integration/retention/test_selection.py checks that this selects exactly what
the rule does (tests/support/retention_oracle.py), on both databases.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, not_, or_, select, text
from sqlalchemy.orm import Session

from portal.models.cases import Representation
from portal.models.retention import DestructionRecord, LegalHold
from portal.procedure.retention import CLOSED_STATUSES
from portal.vocab.cases import OmbudsmanDecision

r = Representation


def _held() -> ColumnElement[bool]:
    return exists().where(LegalHold.representation_id == r.id, LegalHold.released_at.is_(None))


def kept() -> ColumnElement[bool]:
    """Kept whatever its date: a legal hold stands, or the Ombudsman's decision is awaited."""
    # Never NULL (a NULL decision compares as unknown, and NOT unknown drops the case).
    return or_(_held(), and_(r.ombudsman_decision.is_not(None),
                             r.ombudsman_decision == OmbudsmanDecision.PENDING))


def _kept_ids(council_id: int) -> Any:
    """The council's cases kept whatever their date: from the holds and the awaited
    Ombudsman decisions (both indexed), not from every case."""
    return (select(LegalHold.representation_id).where(LegalHold.released_at.is_(None))
            .union(select(r.id).where(r.council_id == council_id,
                                      r.ombudsman_decision == OmbudsmanDecision.PENDING)))


def _stored(council_id: int, *, after: date | None, by: date) -> list[ColumnElement[bool]]:
    """Closed cases of the council whose stored date is after ``after`` (if given) and no
    later than ``by``: a range of ``ix_representations_retention_on``."""
    found = [r.council_id == council_id, r.retention_on <= by,
             r.status.in_(CLOSED_STATUSES)]
    if after is not None:
        found.append(r.retention_on > after)
    return found


def _not_destroyed() -> ColumnElement[bool]:
    return not_(exists().where(DestructionRecord.representation_id == r.id))


def candidate_ids(session: Session, council_id: int, *, horizon: date) -> list[int]:
    """Every case ``queries.candidates`` lists, by id (the purge reads them all)."""
    return list(session.scalars(select(r.id).where(
        *_stored(council_id, after=None, by=horizon), _not_destroyed()).order_by(r.id)))


def counts(session: Session, council_id: int, *, today: date, horizon: date
           ) -> tuple[int, int, int]:
    """How many are due now, due by ``horizon``, and past their date but kept.

    Two reads: every case by ``horizon`` counted from the index (a destroyed case
    keeps no date, so none is among them), then the few kept whatever their date
    moved from "due" to "kept".
    """
    by_today = func.coalesce(func.sum(case((r.retention_on <= today, 1), else_=0)), 0)
    total, due_now = session.execute(select(func.count(), by_today).where(
        *_stored(council_id, after=None, by=horizon))).one()
    kept_now = kept_soon = 0
    for (day,) in session.execute(select(r.retention_on).where(
            *_stored(council_id, after=None, by=horizon), r.id.in_(_kept_ids(council_id)))):
        if day is not None and day <= today:
            kept_now += 1
        else:
            kept_soon += 1
    due_now = int(due_now)
    return due_now - kept_now, int(total) - due_now - kept_soon, kept_now


def page_query(council_id: int, *, today: date, horizon: date, which: str,
               limit: int) -> Select[Any]:
    """The ids of the first ``limit`` cases of a list (``due_now``, ``due_soon`` or
    ``kept_past_date``), soonest first, then by reference (as the rule orders them)."""
    if which == "kept_past_date":
        where = [*_stored(council_id, after=None, by=today), r.id.in_(_kept_ids(council_id))]
    elif which == "due_now":
        where = [*_stored(council_id, after=None, by=today), not_(kept())]
    else:
        where = [*_stored(council_id, after=today, by=horizon), not_(kept())]
    return (select(r.id).where(*where, _not_destroyed())
            .order_by(r.retention_on, r.reference).limit(limit))


def without_jit(session: Session) -> None:
    """Turn PostgreSQL's JIT compiler off for the rest of the transaction: its compile step
    took 7 s for a retention query that then ran in under one (100,000 cases)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
