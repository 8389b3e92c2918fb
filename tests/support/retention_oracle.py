"""The retention schedule as it was chosen before the database chose it (issue 17): every
closed case read and scheduled in Python. Kept as the oracle the SQL selection must equal."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.cases import Representation
from portal.models.retention import DestructionRecord
from portal.procedure.retention import CLOSED_STATUSES, latest_receipt_due_by, schedule
from portal.retention.queries import _COLUMNS, Candidate, _facts
from portal.settings.retention import RetentionSettings


def candidates_by_python(session: Session, council_id: int, settings: RetentionSettings, *,
                         horizon: date) -> list[Candidate]:
    """Closed cases not destroyed whose rule keeps them no later than ``horizon``, soonest
    first: the pre-issue-17 ``queries.candidates``."""
    latest_receipt = latest_receipt_due_by(horizon, settings)
    ids = list(session.scalars(
        select(Representation.id)
        .where(Representation.council_id == council_id,
               Representation.status.in_(CLOSED_STATUSES),
               Representation.received_on <= latest_receipt,
               Representation.id.not_in(select(DestructionRecord.representation_id).where(
                   DestructionRecord.representation_id.is_not(None))))
        .order_by(Representation.id)))
    found = []
    for start in range(0, len(ids), 500):
        rows = session.execute(select(*_COLUMNS).where(
            Representation.id.in_(ids[start:start + 500]))).all()
        for row, facts in _facts(session, rows):
            planned = schedule(facts, settings)
            if (facts.closed_on is not None and planned.keep_until is not None
                    and planned.keep_until <= horizon):
                found.append(Candidate(row.id, row.reference, facts.closed_on, planned))
    found.sort(key=lambda c: (c.schedule.keep_until, c.reference))
    return found
