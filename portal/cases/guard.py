"""The procedure applied to a real case: its facts, the actor, and refusals in words.

``procedure.machine`` decides (pure); this module reads a register entry into
:class:`~portal.procedure.machine.CaseFacts` and turns a refusal into a sentence for
the person who tried, in their language. Every service that changes a case's state
calls :func:`require` first, whoever calls it: the back office, the tracking page or
an advocate's page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask_babel import gettext

from portal.cases.context import (
    CaseError,
    calendar_of,
    nation_of,
    needs_stage2_acknowledgement,
)
from portal.common.clock import london_today
from portal.common.filters import long_date
from portal.models.cases import Representation
from portal.procedure import machine as procedure
from portal.procedure import rules
from portal.procedure.machine import Actor, CaseFacts, Refusal, Step
from portal.staff.labels import label
from portal.vocab.cases import CaseStatus, Kind, Route


def facts_of(rep: Representation, *, today: date | None = None) -> CaseFacts:
    """What the procedure needs to know of this case, read off its register entry, on
    ``today`` (the council's day unless given)."""
    nation = nation_of(rep)
    stage = rep.current_stage
    stage2, stage3 = rep.stage(2), rep.stage(3)
    answered = max((s.number for s in rep.stages if s.closed_on is not None), default=0)
    return CaseFacts(
        status=rep.status,
        procedure=rep.procedure,
        nation=nation,
        enquiry=rep.kind is Kind.ENQUIRY,
        compliment=rep.kind is Kind.COMPLIMENT or rep.route is Route.COMPLIMENT,
        complaint=rep.kind is Kind.COMPLAINT,
        stage=stage.number if stage else None,
        stage_answered=stage is not None and stage.closed_on is not None,
        stage_started=stage is not None and stage.started_on is not None,
        stage2_acknowledged=stage2 is not None and stage2.acknowledged_on is not None,
        investigation_appointed=stage2 is not None and stage2.assigned_to_id is not None
        and bool(stage2.independent_person),
        panel_appointed=stage3 is not None
        and len(stage3.panel_members or []) >= rules.PANEL_SIZE,
        panel_dated=stage3 is not None and stage3.panel_on is not None,
        panel_reported=stage3 is not None and stage3.report_on is not None,
        stages=rules.stages_of(rep.procedure, nation, enquiry=rep.kind is Kind.ENQUIRY),
        acknowledged=rep.acknowledged_on is not None,
        stage2_acknowledgement=needs_stage2_acknowledgement(rep),
        response_plan=rules.response_plan_applies(rep.procedure, nation),
        has_remedies=bool(rep.remedies),
        has_open_learning=any(a.completed_on is None for a in rep.learning_actions),
        reopenable=rules.reopen_refusal(rep.status, last_answered=answered,
                                        stage_open=stage is not None
                                        and stage.closed_on is None) is None,
        window_ends=rules.escalation_window_ends(stage.closed_on, calendar=calendar_of(rep))
        if stage is not None and stage.closed_on is not None else None,
        today=today or london_today(),
    )


def actor_of(role: object) -> Actor:
    """The procedure's actor for a staff role (``models.staff.Role``) or an actor."""
    return Actor(str(getattr(role, "value", role)))


_WORDS: dict[Refusal, Callable[[CaseFacts, Step], str]] = {
    Refusal.NOT_YOUR_ROLE: lambda f, s: gettext("Your role cannot do this."),
    Refusal.NOT_YOUR_STAGE: lambda f, s: gettext("Your role does not answer this stage."),
    Refusal.NOT_NOW: lambda f, s: gettext(
        "This cannot be done while the case is “%(status)s”.", status=label(f.status)),
    Refusal.DOES_NOT_APPLY: lambda f, s: gettext(
        "This step is not part of this case's procedure."),
    Refusal.FOLLOW_THROUGH_ONLY: lambda f, s: gettext(
        "This case was reopened to follow through its last response: only remedies, "
        "learning, messages and the Ombudsman are recorded until it is closed again."),
    Refusal.ALREADY_ACKNOWLEDGED: lambda f, s: gettext("This case was already acknowledged."),
    Refusal.NO_NEXT_STAGE: lambda f, s: gettext(
        "There is no further stage to ask for at the moment."),
    Refusal.INVESTIGATION_NOT_APPOINTED: lambda f, s: gettext(
        "Appoint the stage 2 investigation (the investigating officer and the independent "
        "person) before recording its response."),
    Refusal.INVESTIGATION_NOT_STARTED: lambda f, s: gettext(
        "Start the stage 2 clock before recording its response."),
    Refusal.STAGE2_NOT_ACKNOWLEDGED: lambda f, s: gettext(
        "Record the stage 2 acknowledgement before its response."),
    Refusal.PANEL_NOT_APPOINTED: lambda f, s: gettext(
        "Appoint the review panel before recording the council's response to it."),
    Refusal.PANEL_NOT_DATED: lambda f, s: gettext("Set the panel's date first."),
    Refusal.PANEL_NOT_REPORTED: lambda f, s: gettext(
        "Record the panel's report before the council's response to it."),
    Refusal.CLOCK_ALREADY_STARTED: lambda f, s: gettext("Stage 2's clock has already started."),
    Refusal.WINDOW_CLOSED: lambda f, s: gettext(
        "The time to ask us to look again ended on %(date)s.",
        date=long_date(f.window_ends) if f.window_ends else ""),
    Refusal.STAGE_RUNNING: lambda f, s: gettext(
        "This stage ends with its response: record the response and outcome."),
}


def _stage2_not_asked(f: CaseFacts) -> str:
    return gettext("Stage 2 has not been asked for.")


def _panel_not_asked(f: CaseFacts) -> str:
    return gettext("A review panel is set up once stage 3 has been asked for.")


#: A step's own words for "not while the case is in this status".
_NOT_NOW: dict[Step, Callable[[CaseFacts], str]] = {
    Step.ROUTE: lambda f: gettext("Only a case awaiting triage can be routed."),
    Step.SIGNPOST: lambda f: gettext("Only a case awaiting triage can be routed."),
    Step.CHECK: lambda f: gettext("Checks are decided at triage or during stage 1."),
    Step.ASSIGN_RESPONDER: lambda f: gettext(
        "A responding manager is given a case at stage 1."),
    Step.RESPONSE_PLAN: lambda f: gettext(
        "The response plan is agreed while the complaint is open."),
    Step.OUTCOME: lambda f: gettext("No stage is open."),
    Step.EXTEND: lambda f: gettext("No stage is open."),
    Step.NEXT_STAGE: lambda f: gettext("The next stage is asked for after a stage's response."),
    Step.TAKE_FURTHER: lambda f: gettext("There is no further stage to ask for at the moment."),
    Step.ACKNOWLEDGE_STAGE2: _stage2_not_asked,
    Step.STAGE2_CLOCK: _stage2_not_asked,
    Step.STAGE2_PEOPLE: lambda f: gettext(
        "People are appointed to stage 2 once it has been asked for."),
    Step.PANEL: _panel_not_asked,
    Step.PANEL_DATE: _panel_not_asked,
    Step.PANEL_REPORT: _panel_not_asked,
    Step.ADR: lambda f: gettext("This case is finished."),
    Step.WITHDRAW: lambda f: gettext("This case is finished."),
    Step.STOP: lambda f: gettext("This case is finished."),
    Step.OMBUDSMAN: lambda f: gettext(
        "Only a complaint under a procedure can go to the Ombudsman."),
    Step.COMPLIMENT: lambda f: gettext(
        "Accept the compliment at triage first, then pass it on."),
}


def _reroute_not_now(f: CaseFacts) -> str:
    """Re-routing is for stage 1 before its response (procedure.under_a_procedure)."""
    if f.status is CaseStatus.NEW:
        return gettext("At triage, change the route with “Accept or change the route”.")
    if f.status is CaseStatus.DEFERRED:
        return gettext("Resume the case first: its route is then decided again at triage.")
    if f.status in procedure.FINISHED:
        return gettext("This case is finished.")
    return gettext("The procedure can only be changed during stage 1, before its response. "
                   "Once a stage has been answered under a procedure, the complainant keeps "
                   "the rights it gave them: the next stage and the Ombudsman.")


def _transfer_not_now(f: CaseFacts) -> str:
    if f.status in procedure.FINISHED:
        return gettext("This case is finished.")
    return gettext("This council has already answered this complaint, so it stays here: the "
                   "next stage and the Ombudsman follow from our response.")


_NOT_NOW.update({
    Step.REROUTE: _reroute_not_now,
    Step.TRANSFER: _transfer_not_now,
    Step.CHANGE_TEAM: lambda f: gettext("This case is finished."),
})

#: A step's own words for "not part of this case's procedure".
_NOT_HERE: dict[Step, Callable[[CaseFacts], str]] = {
    Step.STAGE2_CLOCK: lambda f: gettext(
        "Under this procedure stage 2's clock starts with its acknowledgement: record the "
        "stage 2 acknowledgement."),
    Step.ACKNOWLEDGE_STAGE2: lambda f: (
        gettext("Stage 2 was already acknowledged.") if f.stage2_acknowledgement else
        gettext("This procedure has no separate stage 2 acknowledgement: start the stage 2 "
                "clock instead.")),
    Step.STAGE2_PEOPLE: lambda f: gettext(
        "This procedure's stage 2 is a review by the council, with no independent "
        "investigation to appoint."),
    Step.RESPONSE_PLAN: lambda f: gettext(
        "A response plan is agreed for adult social care complaints."),
    Step.EXTEND: lambda f: gettext(
        "The response date is the one agreed with the complainant: change the response "
        "plan instead, with the reason."),
    Step.COMPLIMENT: lambda f: gettext("Only a compliment is passed on."),
    Step.REOPEN: lambda f: gettext("This case cannot be reopened."),
    Step.STOP: lambda f: gettext("Only a complaint can be stopped."),
    Step.REROUTE: lambda f: gettext(
        "Only a complaint under a complaints procedure can change procedure."),
    Step.TRANSFER: lambda f: gettext("Only a complaint is passed to another council."),
}


def refusal_text(refusal: Refusal, facts: CaseFacts, step: Step) -> str:
    """The refusal in words, in the step's own words where it has them."""
    own = {Refusal.NOT_NOW: _NOT_NOW, Refusal.DOES_NOT_APPLY: _NOT_HERE}.get(refusal, {})
    if step in own:
        return own[step](facts)
    return _WORDS[refusal](facts, step)


def refusal(step: Step, rep: Representation, actor: Actor | object, *,
            today: date | None = None) -> str | None:
    """Why ``actor`` may not take ``step`` on this case now, in words; None if they may."""
    facts = facts_of(rep, today=today)
    found = procedure.refusal(step, facts, actor_of(actor))
    return None if found is None else refusal_text(found, facts, step)


def require(step: Step, rep: Representation, actor: Actor | object) -> None:
    """Raise :class:`CaseError` saying why, unless the procedure allows the step now."""
    problem = refusal(step, rep, actor)
    if problem is not None:
        raise CaseError(problem)


def offered(step: Step, rep: Representation, actor: Actor | object) -> bool:
    """Whether a page shows this step to this person (procedure.offered)."""
    return procedure.offered(step, facts_of(rep), actor_of(actor))
