"""Legal holds, and what the case page shows of a case's retention.

A complaints manager places a hold with a reason (litigation, an Ombudsman
investigation, a subject access request, an inquiry) and releases it; each is
an event in the case's history and a line in the audit log. A held case is
never purged: ``rules.schedule`` keeps it, and the purge checks again under
the case's lock before destroying anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db.types import utcnow
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.retention import DestructionRecord, LegalHold
from portal.models.staff import User
from portal.procedure.retention import Schedule, schedule
from portal.retention import queries, selection
from portal.retention.purge import council_retention
from portal.vocab.events import EventType
from portal.vocab.retention import HoldReason


class HoldError(ValueError):
    """A hold cannot be placed or released; the message says why, in words."""


def _locked(session: Session, rep: Representation) -> Representation:
    # The same lock the purge takes: a hold and a destruction never cross.
    return session.scalars(select(Representation).where(Representation.id == rep.id)
                           .with_for_update()).one()


def place_hold(session: Session, rep: Representation, user: User, *, reason: HoldReason,
               note: str | None) -> LegalHold:
    """Stop the case's destruction until the hold is released (UK GDPR art. 17(3)(e): data
    needed for legal claims; an Ombudsman's or an inquiry's request; a subject access
    request being answered must not lose what it asks for)."""
    from portal.cases.services import record

    _locked(session, rep)
    if queries.destroyed_ids(session, [rep.id]):
        raise HoldError(gettext("This case's personal data has already been destroyed."))
    hold = LegalHold(representation_id=rep.id, reason=reason,
                     note=(note or "").strip() or None, placed_at=utcnow(),
                     placed_by_id=user.id)
    session.add(hold)
    session.flush()
    # The reason's code only: the note may name people, and stays on the hold.
    record(session, rep, user, EventType.LEGAL_HOLD_PLACED, hold=hold.id, reason=reason.value)
    return hold


def release_hold(session: Session, rep: Representation, hold: LegalHold, user: User, *,
                 note: str | None) -> None:
    """End a hold; the case is due again by its rule (at once, if its date has passed)."""
    from portal.cases.services import record

    _locked(session, rep)
    if hold.representation_id != rep.id:
        raise HoldError(gettext("That hold is not on this case."))
    if hold.released_at is not None:
        raise HoldError(gettext("That hold has already been released."))
    hold.released_at = utcnow()
    hold.released_by_id = user.id
    hold.release_note = (note or "").strip() or None
    record(session, rep, user, EventType.LEGAL_HOLD_RELEASED, hold=hold.id,
           reason=hold.reason.value)


def hold_on(session: Session, rep: Representation, hold_id: int) -> LegalHold | None:
    return session.scalars(select(LegalHold).where(
        LegalHold.id == hold_id, LegalHold.representation_id == rep.id)).first()


@dataclass(frozen=True)
class CaseRetention:
    """What the case page shows: the schedule, the holds, and the destruction if done."""

    schedule: Schedule | None
    holds: list[queries.HoldRow]
    destroyed: DestructionRecord | None

    @property
    def active_holds(self) -> list[queries.HoldRow]:
        return [h for h in self.holds if h.hold.released_at is None]

    @property
    def released_holds(self) -> list[queries.HoldRow]:
        return [h for h in self.holds if h.hold.released_at is not None]


def case_retention(session: Session, rep: Representation) -> CaseRetention:
    destroyed = queries.destruction_record(session, rep.id)
    planned = None
    if destroyed is None:
        found = queries.case_facts(session, rep.id)
        council = session.get(Council, rep.council_id)
        if found is not None and council is not None:
            planned = schedule(found[1], council_retention(council))
    return CaseRetention(planned, queries.holds_of(session, rep.id), destroyed)


def is_destroyed(session: Session, rep: Representation) -> bool:
    return bool(queries.destroyed_ids(session, [rep.id]))


#: Rows listed per list on the retention page; the rest are counted. A council turning the
#: purge on for the first time may have thousands due at once, and nobody reads them all.
LIST_LIMIT = 200


@dataclass(frozen=True)
class Listed:
    """The first ``LIST_LIMIT`` rows of a list, and how many there are in all."""

    rows: list[queries.Candidate]
    total: int


@dataclass(frozen=True)
class Overview:
    """The retention page: what is due now and soon, what is held, what was destroyed."""

    today: date
    horizon: date
    due_now: Listed
    due_soon: Listed
    kept_past_date: Listed
    holds: list[queries.HoldRow]
    log: list[DestructionRecord]
    log_total: int


def overview(session: Session, council: Council, *, today: date, horizon: date) -> Overview:
    """The retention page: each list counted and its first ``LIST_LIMIT`` rows read, by the
    database from each case's stored retention date (retention/selection.py), whatever
    the size of the register."""
    settings = council_retention(council)
    totals = selection.counts(session, council.id, today=today, horizon=horizon)
    due_now, due_soon, kept = (Listed(queries.listed(
        session, council.id, settings, today=today, horizon=horizon, which=which,
        limit=LIST_LIMIT) if total else [], total) for which, total in zip(
            ("due_now", "due_soon", "kept_past_date"), totals, strict=True))
    log, total = queries.destruction_log(session, council.id)
    return Overview(today, horizon, due_now, due_soon, kept,
                    queries.active_holds(session, council.id), log, total)
