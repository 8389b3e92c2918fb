"""The adult social care response plan: agreed with the complainant, changed with a reason.

Local Authority Social Services and NHS Complaints (England) Regulations 2009:
when it acknowledges a complaint the council offers to agree how it will be
handled and when the response will be sent (reg. 13(5)); the complainant is kept
informed (reg. 14(1)(b)); with no plan agreed, the response is due within six
months of receipt (reg. 14(2)). The agreed date is stage 1's deadline
(services/clocks.py), so the dashboards count from it.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.cases.context import CaseError, nation_of
from portal.cases.guard import require
from portal.cases.services import record, refresh_stage1_clock
from portal.models.cases import Representation
from portal.models.records import ResponsePlan
from portal.models.staff import User
from portal.procedure import rules
from portal.procedure.machine import Step
from portal.vocab.cases import CaseStatus
from portal.vocab.events import EventType

_REFUSALS = {
    rules.PlanRefusal.AGREED_BEFORE_RECEIPT: lambda rep: gettext(
        "The plan cannot be agreed before the complaint was received (%(date)s).",
        date=rep.received_on.isoformat()),
    rules.PlanRefusal.AGREED_IN_FUTURE: lambda rep: gettext(
        "The day the plan was agreed cannot be in the future."),
    rules.PlanRefusal.RESPONSE_BEFORE_AGREEMENT: lambda rep: gettext(
        "The response date must come after the day the plan was agreed."),
    rules.PlanRefusal.NO_CHANGE_REASON: lambda rep: gettext(
        "Say why the plan is changing: the reason is kept with the change."),
}


def current_plan(session: Session, rep: Representation) -> ResponsePlan | None:
    return session.scalars(select(ResponsePlan).where(
        ResponsePlan.representation_id == rep.id)
        .order_by(ResponsePlan.version.desc()).limit(1)).first()


def record_response_plan(session: Session, rep: Representation, user: User, *,
                         agreed_on: date, handling: str, response_by: date,
                         keeping_informed: str, change_reason: str | None,
                         today: date) -> ResponsePlan:
    """Record the plan agreed with the complainant, or a change to it with its reason:
    how the complaint will be handled, the response date and how they will be kept
    informed (2009 Regulations reg. 13(5), 14(1)(b)). The agreed date becomes stage
    1's deadline in place of the six-month fallback (reg. 14(2))."""
    if not rules.response_plan_applies(rep.procedure, nation_of(rep)):
        raise CaseError(gettext("A response plan is agreed for adult social care complaints."))
    if rep.status not in (CaseStatus.NEW, CaseStatus.STAGE1):
        raise CaseError(gettext("The response plan is agreed while the complaint is open."))
    require(Step.RESPONSE_PLAN, rep, user.role)
    handling, keeping_informed = handling.strip(), keeping_informed.strip()
    if not handling or not keeping_informed:
        raise CaseError(gettext("Say how the complaint will be handled and how the "
                                "complainant will be kept informed."))
    previous = current_plan(session, rep)
    refusal = rules.response_plan_refusal(
        received_on=rep.received_on, agreed_on=agreed_on, response_by=response_by,
        today=today, changing=previous is not None, change_reason=change_reason)
    if refusal is not None:
        raise CaseError(_REFUSALS[refusal](rep))
    reason = (change_reason or "").strip() or None if previous is not None else None
    plan = ResponsePlan(representation_id=rep.id,
                        version=previous.version + 1 if previous else 1,
                        agreed_on=agreed_on, handling=handling, response_by=response_by,
                        keeping_informed=keeping_informed, change_reason=reason,
                        recorded_by_id=user.id)
    session.add(plan)
    session.flush()
    stage1 = rep.stage(1)
    before = stage1.due_on if stage1 else None
    refresh_stage1_clock(rep)
    record(session, rep, user,
           EventType.RESPONSE_PLAN_CHANGED if previous else EventType.RESPONSE_PLAN_AGREED,
           version=plan.version, agreed_on=agreed_on, response_by=response_by,
           reason=reason, due_before=before, due_after=stage1.due_on if stage1 else None)
    return plan
