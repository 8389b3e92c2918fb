"""The retention schedule's reads: each closed case's facts, holds, and the destruction log."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.common.clock import london_day
from portal.models.cases import Person, Representation, Stage
from portal.models.retention import DestructionRecord, LegalHold
from portal.models.staff import User
from portal.procedure.retention import (
    CaseFacts,
    Schedule,
    closed_on,
    linked_to_looked_after_child,
    schedule,
)
from portal.retention import selection
from portal.settings.retention import RetentionSettings
from portal.vocab.cases import OmbudsmanDecision, PersonRole

#: Cases read per round: well under SQLite's bound-parameter limit.
_CHUNK = 500

_COLUMNS = (Representation.id, Representation.reference, Representation.status,
            Representation.closed_at, Representation.received_on,
            Representation.acknowledged_on, Representation.looked_after_by,
            Representation.submitter, Representation.service, Representation.child_age,
            Representation.made_by_child, Representation.ombudsman_referred_on,
            Representation.ombudsman_decision)


@dataclass(frozen=True)
class Candidate:
    """One closed case and its place in the schedule (no personal data: a reference and
    dates)."""

    id: int
    reference: str
    closed_on: date
    schedule: Schedule


def _value(x: Any) -> str | None:
    return None if x is None else str(getattr(x, "value", x))


def _ages(session: Session, ids: Sequence[int]) -> dict[int, dict[PersonRole, int]]:
    found: dict[int, dict[PersonRole, int]] = defaultdict(dict)
    for rep_id, role, age in session.execute(
            select(Person.representation_id, Person.role, Person.age)
            .where(Person.representation_id.in_(ids), Person.age.is_not(None))):
        if age is not None:
            found[rep_id].setdefault(role, age)
    return found


def _facts(session: Session, rows: Sequence[Any]) -> list[tuple[Any, CaseFacts]]:
    ids = [row.id for row in rows]
    last_closed = dict(session.execute(
        select(Stage.representation_id, func.max(Stage.closed_on))
        .where(Stage.representation_id.in_(ids)).group_by(Stage.representation_id)).all())
    held = set(session.scalars(select(LegalHold.representation_id).where(
        LegalHold.representation_id.in_(ids), LegalHold.released_at.is_(None))))
    ages = _ages(session, ids)
    out = []
    for row in rows:
        people = ages.get(row.id, {})
        # The child's age: as intake asked it, else the child's own record, else the
        # complainant's when the complainant is the child.
        age = row.child_age
        if age is None:
            age = people.get(PersonRole.CHILD)
        if age is None and row.made_by_child:
            age = people.get(PersonRole.COMPLAINANT)
        out.append((row, CaseFacts(
            received_on=row.received_on,
            closed_on=closed_on(row.status,
                                None if row.closed_at is None else london_day(row.closed_at),
                                (row.received_on, row.acknowledged_on,
                                 last_closed.get(row.id), row.ombudsman_referred_on)),
            looked_after=linked_to_looked_after_child(
                looked_after_by=row.looked_after_by, submitter=_value(row.submitter),
                service=row.service),
            age_on_receipt=age,
            ombudsman_referred_on=row.ombudsman_referred_on,
            ombudsman_pending=row.ombudsman_decision is OmbudsmanDecision.PENDING,
            on_legal_hold=row.id in held,
        )))
    return out


def destroyed_ids(session: Session, ids: Iterable[int]) -> set[int]:
    return set(session.scalars(select(DestructionRecord.representation_id).where(
        DestructionRecord.representation_id.in_(list(ids)))))


def scheduled(session: Session, ids: Sequence[int], settings: RetentionSettings
              ) -> list[Candidate]:
    """The cases ``ids`` with their place in the schedule, soonest first (the rule itself,
    procedure/retention.py, says where each stands)."""
    found = []
    for start in range(0, len(ids), _CHUNK):
        rows = session.execute(select(*_COLUMNS).where(
            Representation.id.in_(ids[start:start + _CHUNK]))).all()
        for row, facts in _facts(session, rows):
            if facts.closed_on is not None:
                found.append(Candidate(row.id, row.reference, facts.closed_on,
                                       schedule(facts, settings)))
    found.sort(key=_soonest)
    return found


def candidates(session: Session, council_id: int, settings: RetentionSettings, *,
               horizon: date) -> list[Candidate]:
    """Closed cases whose personal data is still held and whose rule keeps them no later
    than ``horizon``, held or not, soonest first.

    The database chooses them by their stored date (retention/selection.py); the rule
    then schedules each.
    """
    return scheduled(session, selection.candidate_ids(session, council_id, horizon=horizon),
                     settings)


def listed(session: Session, council_id: int, settings: RetentionSettings, *, today: date,
           horizon: date, which: str, limit: int) -> list[Candidate]:
    """The ``limit`` soonest of a list on the retention page (``selection.page_query``),
    read in order from the index of stored retention dates, then scheduled by the rule."""
    return scheduled(session, list(session.scalars(selection.page_query(
        council_id, today=today, horizon=horizon, which=which, limit=limit))), settings)


def _soonest(candidate: Candidate) -> tuple[date, str]:
    assert candidate.schedule.keep_until is not None
    return candidate.schedule.keep_until, candidate.reference


def case_facts(session: Session, representation_id: int) -> tuple[str, CaseFacts] | None:
    """One case's reference and facts (the purge reads them again under its lock)."""
    rows = session.execute(select(*_COLUMNS).where(
        Representation.id == representation_id)).all()
    if not rows:
        return None
    ((row, facts),) = _facts(session, rows)
    return row.reference, facts


@dataclass(frozen=True)
class HoldRow:
    hold: LegalHold
    reference: str
    placed_by: str
    released_by: str


def holds_of(session: Session, representation_id: int) -> list[HoldRow]:
    """Every hold of one case, current first, then the released ones newest first."""
    names = _names(session)
    holds = session.scalars(select(LegalHold).where(
        LegalHold.representation_id == representation_id)
        .order_by(LegalHold.released_at.is_not(None), LegalHold.placed_at.desc(),
                  LegalHold.id.desc())).all()
    reference = session.scalar(select(Representation.reference).where(
        Representation.id == representation_id)) or ""
    return [HoldRow(h, reference, names.get(h.placed_by_id or 0, ""),
                    names.get(h.released_by_id or 0, "")) for h in holds]


def active_holds(session: Session, council_id: int) -> list[HoldRow]:
    """Every hold still standing in the council, oldest first."""
    names = _names(session)
    return [HoldRow(hold, reference, names.get(hold.placed_by_id or 0, ""), "")
            for hold, reference in session.execute(
                select(LegalHold, Representation.reference)
                .join(Representation, Representation.id == LegalHold.representation_id)
                .where(Representation.council_id == council_id,
                       LegalHold.released_at.is_(None))
                .order_by(LegalHold.placed_at, LegalHold.id)).all()]


def _names(session: Session) -> dict[int, str]:
    return {k: v for k, v in session.execute(select(User.id, User.name)).all()}


def destruction_record(session: Session, representation_id: int) -> DestructionRecord | None:
    return session.scalars(select(DestructionRecord).where(
        DestructionRecord.representation_id == representation_id)).first()


def destruction_log(session: Session, council_id: int, *, limit: int = 100
                    ) -> tuple[list[DestructionRecord], int]:
    """The latest destructions, newest first, and how many there are in all."""
    total = session.scalar(select(func.count()).select_from(DestructionRecord).where(
        DestructionRecord.council_id == council_id)) or 0
    latest = list(session.scalars(select(DestructionRecord).where(
        DestructionRecord.council_id == council_id)
        .order_by(DestructionRecord.destroyed_at.desc(), DestructionRecord.id.desc())
        .limit(limit)))
    return latest, total
