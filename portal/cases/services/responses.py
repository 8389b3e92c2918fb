"""Answering a stage: the acknowledgement, the responding manager, one extension,
and the response with its outcome (for every stage, not only stage 1)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext
from sqlalchemy.orm import Session

from portal.cases.context import CaseError, calendar_of, nation_of, require_reason
from portal.cases.guard import require
from portal.cases.lateness import explain_delay
from portal.cases.letters import Letter
from portal.cases.services.clocks import _set_stage1_clock
from portal.cases.services.common import _assign, _assignee, move, record
from portal.cases.services.messages import send_letter
from portal.models.cases import Representation, Stage
from portal.models.staff import Role, User
from portal.procedure import rules
from portal.procedure.machine import Step
from portal.vocab.cases import CaseStatus, DelayReason, Kind, Outcome
from portal.vocab.events import EventType

_EXTENSION_REFUSALS = {
    rules.ExtensionRefusal.ALREADY_EXTENDED: lambda: gettext(
        "This stage was already extended once; the law allows one extension."),
    rules.ExtensionRefusal.NOT_EXTENDABLE: lambda: gettext(
        "This stage's timescale cannot be extended."),
    rules.ExtensionRefusal.BEYOND_MAXIMUM: lambda: gettext(
        "That is beyond the legal maximum for this stage."),
    rules.ExtensionRefusal.NOT_LATER: lambda: gettext(
        "The new date must be later than the current deadline."),
}


def acknowledge(session: Session, rep: Representation, user: User, *, on: date,
                send: bool, today: date, delay_reason: DelayReason | None = None,
                delay_note: str | None = None) -> None:
    """Record the acknowledgement. Where the stage 1 clock runs from it (corporate code,
    Wales) the deadline is recomputed (rules.clock_runs_from_acknowledgement)."""
    require(Step.ACKNOWLEDGE, rep, user.role)
    if on < rep.received_on:
        raise CaseError(gettext("It cannot be acknowledged before it was received."))
    lateness = explain_delay(rep, done_on=on, due_on=rep.acknowledge_by,
                             delay_reason=delay_reason, delay_note=delay_note)
    rep.acknowledged_on = on
    stage1 = rep.stage(1)
    before = stage1.due_on if stage1 else None
    if stage1 is not None and stage1.closed_on is None:
        _set_stage1_clock(rep, stage1)
    record(session, rep, user, EventType.ACKNOWLEDGED, on=on,
           due_before=before, due_after=stage1.due_on if stage1 else None, **lateness)
    if send:
        send_letter(session, rep, user, Letter.ACKNOWLEDGEMENT, today=today,
                    due_on=stage1.due_on if stage1 else None)


def assign_responder(session: Session, rep: Representation, user: User, *,
                     user_id: int) -> None:
    """Give stage 1 to a responding manager, who then sees this case and no other."""
    require(Step.ASSIGN_RESPONDER, rep, user.role)
    stage1 = rep.stage(1)
    assert stage1 is not None  # a case at stage 1 has its stage
    assignee = _assignee(session, rep, user_id, Role.RESPONDING_MANAGER)
    stage1.assigned_to_id = assignee.id
    _assign(session, rep, user, Role.RESPONDING_MANAGER, assignee)


def _open_stage(rep: Representation) -> Stage:
    stage = rep.current_stage
    if stage is None or stage.closed_on is not None or rep.status not in (
            CaseStatus.STAGE1, CaseStatus.STAGE2, CaseStatus.STAGE3):
        raise CaseError(gettext("No stage is open."))
    return stage


def extend(session: Session, rep: Representation, user: User, *, new_due_on: date,
           reason: str | None, message: str | None, today: date) -> None:
    """One extension within the legal maximum, with its reason, and the complainant
    told (2006 Regulations regs. 14(3), 17(3); LGSCO Code)."""
    require(Step.EXTEND, rep, user.role)
    reason = require_reason(reason)
    stage = _open_stage(rep)
    if rules.response_plan_applies(rep.procedure, nation_of(rep)):
        raise CaseError(gettext("The response date is the one agreed with the complainant: "
                                "change the response plan instead, with the reason."))
    if stage.due_on is None:
        raise CaseError(gettext("This stage's clock has not started yet."))
    refusal = rules.extension_refusal(extended=stage.extended, due_on=stage.due_on,
                                      latest_on=stage.due_latest_on, new_due_on=new_due_on)
    if refusal is not None:
        raise CaseError(_EXTENSION_REFUSALS[refusal]())
    if not calendar_of(rep).is_working_day(new_due_on):
        raise CaseError(gettext("The new deadline must be a working day."))
    stage.extended, stage.extended_to_on, stage.extension_reason = True, new_due_on, reason
    rep.delay_reason = DelayReason.EXTENSION_AGREED
    record(session, rep, user, EventType.EXTENDED, stage=stage.number, from_on=stage.due_on,
           to_on=new_due_on, reason=reason)
    send_letter(session, rep, user, Letter.EXTENSION, today=today, stage=stage,
                reason=(message or reason).strip(), new_due_on=new_due_on)


def record_outcome(session: Session, rep: Representation, user: User, *, outcome: Outcome,
                   responded_on: date, summary: str | None, today: date,
                   delay_reason: DelayReason | None = None,
                   delay_note: str | None = None) -> None:
    """The stage's response: its outcome, the complainant's right to the next stage (20
    working days to ask) and to the Ombudsman, in a letter in their language.

    Stage 2's response needs its investigation appointed and started; stage 3's the
    panel's report (procedure.machine, ``Step.OUTCOME``)."""
    require(Step.OUTCOME, rep, user.role)
    summary = require_reason(summary)
    stage = _open_stage(rep)
    start = stage.started_on or stage.requested_on or rep.received_on
    if responded_on < start:
        raise CaseError(gettext("The response cannot be before the stage started."))
    if responded_on > today:
        raise CaseError(gettext("The response date cannot be in the future."))
    if stage.number > 1 and outcome is Outcome.RESOLVED_ON_RECEIPT:
        raise CaseError(gettext("Only a stage 1 complaint can be resolved on receipt."))
    lateness = explain_delay(rep, done_on=responded_on,
                             due_on=stage.extended_to_on or stage.due_on,
                             delay_reason=delay_reason, delay_note=delay_note)
    stage.closed_on, stage.outcome = responded_on, outcome
    rep.outcome = outcome
    if outcome is Outcome.WITHDRAWN:
        move(session, rep, CaseStatus.WITHDRAWN, user)
        record(session, rep, user, EventType.OUTCOME_RECORDED, stage=stage.number,
               outcome=outcome.value, on=responded_on, **lateness)
        return
    last = rules.stages_of(rep.procedure, nation_of(rep), enquiry=rep.kind is Kind.ENQUIRY)
    next_stage = stage.number + 1 if stage.number < last else None
    next_by = rules.escalation_window_ends(responded_on, calendar=calendar_of(rep))
    if next_stage is None:
        move(session, rep, CaseStatus.CLOSED, user)
    else:
        move(session, rep, CaseStatus.AWAITING_NEXT_STAGE, user)
    record(session, rep, user, EventType.OUTCOME_RECORDED, stage=stage.number,
           outcome=outcome.value, on=responded_on,
           next_stage_by=next_by if next_stage else None, **lateness)
    send_letter(session, rep, user, Letter.OUTCOME, today=today, stage=stage,
                outcome=outcome, summary=summary, next_stage=next_stage,
                next_by=next_by)
