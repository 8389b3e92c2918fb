"""Steps open at any point: alternative dispute resolution, the Ombudsman, closing
and withdrawal."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext
from sqlalchemy.orm import Session

from portal.cases.context import CaseError, require_reason
from portal.cases.guard import require
from portal.cases.services.common import move, record
from portal.common.clock import london_today
from portal.models.cases import Representation
from portal.models.staff import User
from portal.procedure.machine import Step
from portal.vocab.cases import CaseStatus, OmbudsmanDecision, Outcome
from portal.vocab.events import EventType


def record_adr(session: Session, rep: Representation, user: User, *, method: str,
               note: str | None) -> None:
    """Alternative dispute resolution with the complainant's agreement. It never changes
    the stage or removes the right to the next one (DOMAIN.md)."""
    require(Step.ADR, rep, user.role)
    note = require_reason(note)
    rep.adr = True
    record(session, rep, user, EventType.ADR, method=method, note=note)


def refer_to_ombudsman(session: Session, rep: Representation, user: User, *,
                       referred_on: date | None, decision: OmbudsmanDecision) -> None:
    """The complainant took it to the Ombudsman; record when, and the decision when known."""
    require(Step.OMBUDSMAN, rep, user.role)
    if referred_on is None and rep.ombudsman_referred_on is None:
        raise CaseError(gettext("Give the date the Ombudsman told us of the complaint."))
    if referred_on is not None:
        if referred_on < rep.received_on:
            raise CaseError(gettext("The referral cannot be before the complaint."))
        rep.ombudsman_referred_on = referred_on
    rep.ombudsman_decision = decision
    record(session, rep, user, EventType.OMBUDSMAN, referred_on=rep.ombudsman_referred_on,
           decision=decision.value)


def close(session: Session, rep: Representation, user: User, *, reason: str | None) -> None:
    """Close after a response when the complainant does not take it further, or again
    after a reopening (follow_through.reopen). A stage still running ends with its
    response (record_outcome), never by closing it."""
    require(Step.CLOSE, rep, user.role)
    reason = require_reason(reason)
    move(session, rep, CaseStatus.CLOSED, user)
    record(session, rep, user, EventType.CLOSED, reason=reason)


def withdraw(session: Session, rep: Representation, user: User, *, reason: str | None) -> None:
    """An officer records that the complainant withdrew (by phone, letter...)."""
    require(Step.WITHDRAW, rep, user.role)
    reason = require_reason(reason)
    end_withdrawn(session, rep, user, today=london_today())
    record(session, rep, user, EventType.WITHDRAWN, reason=reason)


def end_withdrawn(session: Session, rep: Representation, user: User | None, *,
                  today: date) -> None:
    """The case ends as withdrawn, and with it every clock: the open stage closes today
    with the outcome "withdrawn" if it had started, and a stage asked for but not yet
    started (a corporate stage 2 awaiting its acknowledgement) loses its deadlines, so
    nothing is counted due on a finished case and the register shows no stage that
    ended without starting (REGISTER.md)."""
    move(session, rep, CaseStatus.WITHDRAWN, user)
    rep.outcome = Outcome.WITHDRAWN
    stage = rep.current_stage
    if stage is not None and stage.closed_on is None:
        if stage.started_on is not None:
            stage.closed_on, stage.outcome = today, Outcome.WITHDRAWN
        else:
            stage.due_on = stage.due_latest_on = stage.acknowledge_by = None
