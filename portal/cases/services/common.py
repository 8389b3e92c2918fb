"""What every step on a case shares: its history (:func:`record`), its status
(:func:`move`, as the procedure allows) and giving someone a role on it (``_assign``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.cases.context import CaseError, nation_of
from portal.history.events import record_event
from portal.models.cases import CaseEvent, Representation
from portal.models.staff import CaseAssignment, Role, User
from portal.notifications import services as notifications
from portal.procedure import rules
from portal.staff.labels import label
from portal.staff.services import audit
from portal.vocab.cases import CaseStatus, Kind, Outcome
from portal.vocab.events import EventType

_REFUSALS = {
    rules.Refusal.NOT_ALLOWED: lambda c, t: gettext(
        "A case that is “%(current)s” cannot become “%(target)s”.",
        current=label(c), target=label(t)),
    rules.Refusal.NOT_A_PROCEDURE: lambda c, t: gettext(
        "This case is not under a complaints procedure, so it has no stages. Accept a "
        "procedure route first."),
    rules.Refusal.NO_SUCH_STAGE: lambda c, t: gettext(
        "This procedure has no “%(target)s”: the complainant's next step is the Ombudsman.",
        target=label(t)),
    rules.Refusal.NEXT_STAGE_OPEN: lambda c, t: gettext(
        "The complainant may still ask for the next stage: it cannot be closed yet."),
    rules.Refusal.NOT_NEXT_STAGE: lambda c, t: gettext(
        "Stages run in order: “%(target)s” is not the next stage of this case.",
        target=label(t)),
}


def record(session: Session, rep: Representation, user: User | None, kind: EventType, /,
           **data: Any) -> CaseEvent:
    """Append one event to the case's history and the same change to the audit log."""
    clean = {k: (v.isoformat() if isinstance(v, date) else
                 str(v) if isinstance(v, Decimal | Outcome | CaseStatus) else v)
             for k, v in data.items()}
    event = record_event(session, rep.id, kind, actor="staff" if user else "system",
                         actor_user_id=user.id if user else None, data=clean)
    audit(user, kind, representation_id=rep.id, detail=clean)
    return event


def move(session: Session, rep: Representation, target: CaseStatus, user: User | None) -> None:
    """Change the case's status if the procedure allows it (rules.transition)."""
    # The last stage *answered*: routing creates stage 1's row (with its deadlines)
    # before triage opens it, so an open row does not count.
    last = max((s.number for s in rep.stages if s.closed_on is not None), default=0)
    try:
        rules.transition(rep.status, target, procedure=rep.procedure, nation=nation_of(rep),
                         last_stage=last, enquiry=rep.kind is Kind.ENQUIRY)
    except rules.InvalidTransition as refused:
        raise CaseError(_REFUSALS[refused.refusal](refused.current, refused.target)) from None
    before = rep.status
    rep.status = target
    if target in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN, CaseStatus.SIGNPOSTED):
        rep.closed_at = datetime.now(UTC)
    record(session, rep, user, EventType.STATUS_CHANGED, before=before.value, after=target.value)


def _assign(session: Session, rep: Representation, by: User, role: Role,
            assignee: User | None = None) -> CaseAssignment:
    assignee = assignee or by
    existing = session.scalars(select(CaseAssignment).where(
        CaseAssignment.representation_id == rep.id, CaseAssignment.user_id == assignee.id,
        CaseAssignment.role == role, CaseAssignment.ended_at.is_(None))).first()
    if existing is not None:
        return existing
    assignment = CaseAssignment(representation_id=rep.id, user_id=assignee.id, role=role)
    session.add(assignment)
    record(session, rep, by, EventType.ASSIGNED, role=role.value, user=assignee.name,
           user_id=assignee.id)
    notifications.role_given(session, rep, user=assignee, role=role, by=by)
    return assignment


def _assignee(session: Session, rep: Representation, user_id: int, role: Role) -> User:
    assignee = session.get(User, user_id)
    if assignee is None or assignee.council_id != rep.council_id or not assignee.active:
        raise CaseError(gettext("Choose someone from the list."))
    if assignee.role is not role:
        raise CaseError(gettext("%(name)s's account is not a %(role)s account.",
                                name=assignee.name, role=label(role)))
    return assignee
