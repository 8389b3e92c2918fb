"""Windows to ask for the next stage close on their last day, and say when.

After a stage's response the complainant has 20 working days to ask for the next stage
(2006 Regulations regs. 15(2), 18(2)). On the tracking page the window closes the day
after its last day (procedure.machine, ``Refusal.WINDOW_CLOSED``); ``flask --app portal
cases close-windows``, run daily, then closes each such case with the date its window
ended, so no case waits for ever on a request that can no longer come. An officer can
still accept a late request for a good reason: a complaints manager reopens the case
with the reason and logs the request (cases.follow_through.reopen).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.cases.context import calendar_of
from portal.cases.services import move, record
from portal.models.cases import CaseEvent, Representation
from portal.procedure import rules
from portal.vocab.cases import CaseStatus
from portal.vocab.events import EventType


def window_ends(rep: Representation) -> date | None:
    """The last day to ask for the next stage, while the case waits for that request."""
    stage = rep.current_stage
    if rep.status is not CaseStatus.AWAITING_NEXT_STAGE or stage is None \
            or stage.closed_on is None:
        return None
    return rules.escalation_window_ends(stage.closed_on, calendar=calendar_of(rep))


def close_expired(session: Session, *, today: date, council_id: int | None = None) -> list[str]:
    """Close every case whose window to ask for the next stage ended before ``today``,
    recording the day it ended; the references closed, in order. Running it again the
    same day closes nothing more."""
    query = select(Representation).where(
        Representation.status == CaseStatus.AWAITING_NEXT_STAGE).order_by(
        Representation.reference)
    if council_id is not None:
        query = query.where(Representation.council_id == council_id)
    closed = []
    for rep in session.scalars(query):
        ends = window_ends(rep)
        if ends is None or not rules.is_overdue(ends, today=today):
            continue
        move(session, rep, CaseStatus.CLOSED, None)
        record(session, rep, None, EventType.NEXT_STAGE_WINDOW_CLOSED, on=ends,
               stage=rep.current_stage.number if rep.current_stage else None)
        closed.append(rep.reference)
    return closed


def window_closed_on(session: Session, rep: Representation) -> date | None:
    """The day this case's window to ask for the next stage ended, if it closed so."""
    if rep.status is not CaseStatus.CLOSED:
        return None
    data = session.scalars(select(CaseEvent.data).where(
        CaseEvent.representation_id == rep.id,
        CaseEvent.type == EventType.NEXT_STAGE_WINDOW_CLOSED)
        .order_by(CaseEvent.id.desc()).limit(1)).first()
    return date.fromisoformat(data["on"]) if data and data.get("on") else None
