"""The one procedure: which step may be taken on a case now, and by whom.

Every change of a case's state, from the back office, the public tracking page or an
advocate's pages, asks :func:`refusal` first (through ``cases.guard.require``), so
the three never disagree about what the law allows. Pure: no Flask, no database, no
clock. The case arrives as :class:`CaseFacts`, read off the register entry by
``cases.guard.facts_of``; which *status* a step leads to is ``rules.transition``'s.

Legal sources (see also procedure/rules.py):

- Stage 2 of the children's procedure is an investigation by an investigating officer
  with an independent person, decided by an adjudicating officer (2006 Regulations
  reg. 17; "Getting the Best from Complaints" 3.6-3.8); Wales' stage 2 is a formal
  investigation by an independent investigator (2014 Regulations reg. 17). Its
  response cannot come before the investigation was appointed and its clock started.
- Stage 3 is the review panel's: three independent people meet, report, and the
  council responds (2006 Regulations regs. 19-21). The response needs the panel's
  report.
- The corporate procedure's stage 2 is a senior officer's review, acknowledged first
  (LGSCO Complaint Handling Code, from April 2026): no independent person, no panel.
- The responding manager answers stage 1; the adjudicating officer decides stage 2
  (DOMAIN.md, "People and roles").
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from portal.common.dates import Nation
from portal.vocab.cases import CaseStatus, Procedure


class Actor(enum.StrEnum):
    """Who takes a step: a staff role (the values of ``models.staff.Role``), or the
    complainant on the tracking page, or their advocate."""

    COMPLAINTS_MANAGER = "complaints_manager"
    COMPLAINTS_OFFICER = "complaints_officer"
    CHILDRENS_RIGHTS_OFFICER = "childrens_rights_officer"
    RESPONDING_MANAGER = "responding_manager"
    INVESTIGATING_OFFICER = "investigating_officer"
    INDEPENDENT_PERSON = "independent_person"
    PANEL_MEMBER = "panel_member"
    ADJUDICATING_OFFICER = "adjudicating_officer"
    ADMINISTRATOR = "administrator"
    ADVOCACY_COORDINATOR = "advocacy_coordinator"
    ADVOCATE = "advocate"
    COMPLAINANT = "complainant"


class Step(enum.StrEnum):
    """Everything that can be done to a case. The back office's values are its action
    slugs (``/staff/cases/<reference>/<step>``)."""

    ROUTE = "route"
    CHECK = "check"
    SIGNPOST = "signpost"
    ACKNOWLEDGE = "acknowledge"
    ASSIGN_RESPONDER = "assign-responder"
    RESPONSE_PLAN = "response-plan"
    EXTEND = "extend"
    OUTCOME = "outcome"
    REMEDY = "remedy"
    REMEDY_EDIT = "remedy-edit"
    LEARNING = "learning"
    LEARNING_EDIT = "learning-edit"
    LEARNING_DONE = "learning-done"
    NEXT_STAGE = "next-stage"
    ACKNOWLEDGE_STAGE2 = "acknowledge-stage2"
    STAGE2_CLOCK = "stage2-clock"
    STAGE2_PEOPLE = "stage2-people"
    PANEL = "panel"
    PANEL_DATE = "panel-date"
    PANEL_REPORT = "panel-report"
    ADR = "adr"
    OMBUDSMAN = "ombudsman"
    CLOSE = "close"
    REOPEN = "reopen"
    RESUME = "resume"
    WITHDRAW = "withdraw"
    COMPLIMENT = "compliment"
    MESSAGE = "message"
    #: The complainant (tracking page) or their advocate asks for the next stage.
    TAKE_FURTHER = "take-further"
    #: The complainant stops the complaint from the tracking page.
    STOP = "stop"
    #: A complaints manager changes the procedure of a case at stage 1 (cases.reroute).
    REROUTE = "reroute"
    #: The case moves to another of the council's teams (cases.reroute).
    CHANGE_TEAM = "change-team"
    #: The case goes to the council responsible for the child (cases.reroute).
    TRANSFER = "transfer"


class Refusal(enum.StrEnum):
    """Why a step is refused; ``cases.refusals`` says each in plain words."""

    NOT_YOUR_ROLE = "not_your_role"
    NOT_YOUR_STAGE = "not_your_stage"
    NOT_NOW = "not_now"
    DOES_NOT_APPLY = "does_not_apply"
    FOLLOW_THROUGH_ONLY = "follow_through_only"
    ALREADY_ACKNOWLEDGED = "already_acknowledged"
    NO_NEXT_STAGE = "no_next_stage"
    INVESTIGATION_NOT_APPOINTED = "investigation_not_appointed"
    INVESTIGATION_NOT_STARTED = "investigation_not_started"
    STAGE2_NOT_ACKNOWLEDGED = "stage2_not_acknowledged"
    PANEL_NOT_APPOINTED = "panel_not_appointed"
    PANEL_NOT_DATED = "panel_not_dated"
    PANEL_NOT_REPORTED = "panel_not_reported"
    CLOCK_ALREADY_STARTED = "clock_already_started"
    STAGE_RUNNING = "stage_running"
    WINDOW_CLOSED = "window_closed"


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the procedure needs to know of a case, and nothing else."""

    status: CaseStatus
    procedure: Procedure | None
    nation: Nation
    enquiry: bool = False
    compliment: bool = False
    #: A complaint, not a compliment, comment or enquiry.
    complaint: bool = True
    #: The current (latest) stage's number, None before any stage row exists.
    stage: int | None = None
    #: The current stage has had its response (its closed_on is set).
    stage_answered: bool = False
    #: The current stage's clock has started (started_on set).
    stage_started: bool = False
    #: Stage 2: acknowledged (corporate) / investigation appointed (statutory).
    stage2_acknowledged: bool = False
    investigation_appointed: bool = False
    #: Stage 3: the panel's three members, its date, its report.
    panel_appointed: bool = False
    panel_dated: bool = False
    panel_reported: bool = False
    #: The number of local stages this case's procedure has (rules.stages_of).
    stages: int = 0
    acknowledged: bool = False
    #: Corporate stage 2 is acknowledged before its clock starts (LGSCO Code).
    stage2_acknowledgement: bool = False
    #: Adult social care in England agrees a response plan (2009 Regulations reg. 13).
    response_plan: bool = False
    has_remedies: bool = False
    has_open_learning: bool = False
    #: A closed case answered at its last stage, with no stage left open.
    reopenable: bool = False
    #: The last day to ask for the next stage (20 working days after the response), and
    #: the council's today.
    window_ends: date | None = None
    today: date | None = None


S = CaseStatus
A = Actor
STAGES = frozenset({S.STAGE1, S.STAGE2, S.STAGE3})
#: Statuses in which a case is still being handled.
OPEN = frozenset({S.NEW, S.STAGE1, S.STAGE2, S.STAGE3, S.AWAITING_NEXT_STAGE, S.DEFERRED})
FINISHED = frozenset({S.CLOSED, S.WITHDRAWN, S.SIGNPOSTED})
#: Who runs triage and the procedure (checks, routes, extensions, stages).
CASE_MANAGERS = frozenset({A.COMPLAINTS_MANAGER, A.COMPLAINTS_OFFICER})
RESPONDERS = CASE_MANAGERS | {A.RESPONDING_MANAGER, A.ADJUDICATING_OFFICER}
#: Remedies change while a stage runs or its response waits on the complainant
#: (rules.REMEDY_STATUSES); learning is recorded after closing too.
REMEDIES = frozenset({S.STAGE1, S.STAGE2, S.STAGE3, S.AWAITING_NEXT_STAGE})
LEARNING = REMEDIES | {S.CLOSED}
#: What a case reopened after its last response still takes (rules.follow_through_only).
FOLLOW_THROUGH = frozenset({Step.REMEDY, Step.REMEDY_EDIT, Step.LEARNING, Step.LEARNING_EDIT,
                            Step.LEARNING_DONE, Step.MESSAGE, Step.OMBUDSMAN, Step.CLOSE})
#: The stage each answering role answers (DOMAIN.md, "People and roles").
OWN_STAGE = {A.RESPONDING_MANAGER: 1, A.ADJUDICATING_OFFICER: 2}

Check = Callable[[CaseFacts], "Refusal | None"]


def _always(_: CaseFacts) -> Refusal | None:
    return None


@dataclass(frozen=True, slots=True)
class Rule:
    statuses: frozenset[CaseStatus]
    actors: frozenset[Actor]
    #: Whether the step exists at all for this case's procedure: when not, it is never
    #: offered (a corporate case has no independent person, an adult one no panel).
    applies: Callable[[CaseFacts], bool] = lambda f: True
    #: What must be done first, in the step's own words.
    ready: Check = _always


def follow_through_only(facts: CaseFacts) -> bool:
    """Reopened after its last response: only remedies, learning, messages and the
    Ombudsman remain (rules.follow_through_only)."""
    return facts.status in STAGES and facts.stage_answered


def investigated_by_independent_people(facts: CaseFacts) -> bool:
    """Stage 2 is an independent investigation under the statutory procedures (2006
    Regulations reg. 17; Wales, 2014 Regulations reg. 17, for children and adults); the
    corporate procedure's stage 2 is an internal review (LGSCO Code)."""
    if facts.procedure is Procedure.CHILDREN_STATUTORY:
        return True
    return facts.procedure is Procedure.ADULT_STATUTORY and facts.nation is Nation.WALES


#: A case is handed to the council responsible for the child before this council has
#: answered it: at triage, during stage 1 or while it is paused. Once a stage is answered
#: here, the next stage and the Ombudsman follow from this council's response (2006
#: Regulations regs. 15 and 18).
TRANSFERABLE = frozenset({S.NEW, S.STAGE1, S.DEFERRED})
#: The procedures a case can be re-routed between (cases.reroute).
PROCEDURES = frozenset({Procedure.CHILDREN_STATUTORY, Procedure.CORPORATE,
                        Procedure.ADULT_STATUTORY})


def under_a_procedure(facts: CaseFacts) -> bool:
    """Re-routing changes a complaint's procedure: the children's statutory procedure
    (2006 Regulations; Wales 2014), the corporate one (LGSCO Code) or adult social care
    (2009 Regulations). It is offered only at stage 1 before its response (the rule's
    statuses; a reopened case is follow-through only): once a stage has been answered
    under a procedure, the complainant's rights under it (the next stage within 20
    working days, regs. 15(2) and 18(2), and the Ombudsman) stand, so the case stays
    under it. At triage the route itself is changed instead (``Step.ROUTE``); an enquiry
    is not a procedure."""
    return facts.complaint and facts.procedure in PROCEDURES


def _outcome_ready(facts: CaseFacts) -> Refusal | None:
    """A stage's response needs the stage done: stage 2's investigation appointed and
    under way (or, corporate, acknowledged); stage 3's panel met and reported."""
    if facts.stage_answered:
        return Refusal.NOT_NOW
    if facts.stage == 2:
        if facts.stage2_acknowledgement and not facts.stage2_acknowledged:
            return Refusal.STAGE2_NOT_ACKNOWLEDGED
        if investigated_by_independent_people(facts) and not facts.investigation_appointed:
            return Refusal.INVESTIGATION_NOT_APPOINTED
        if not facts.stage_started:
            return Refusal.INVESTIGATION_NOT_STARTED
    if facts.stage == 3:
        if not facts.panel_appointed:
            return Refusal.PANEL_NOT_APPOINTED
        if not facts.panel_dated:
            return Refusal.PANEL_NOT_DATED
        if not facts.panel_reported:
            return Refusal.PANEL_NOT_REPORTED
    return None


def _next_stage_ready(facts: CaseFacts) -> Refusal | None:
    if facts.stage is None or not facts.stage_answered or facts.stage >= facts.stages:
        return Refusal.NO_NEXT_STAGE
    return None


def _complainant_may_ask(facts: CaseFacts) -> Refusal | None:
    """The complainant asks within 20 working days of the response (2006 Regulations
    regs. 15(2), 18(2)); after that the window is closed on the tracking page, and only
    an officer can accept a late request, with the reason (:data:`Step.NEXT_STAGE`)."""
    found = _next_stage_ready(facts)
    if found is None and facts.window_ends is not None and facts.today is not None \
            and facts.today > facts.window_ends:
        return Refusal.WINDOW_CLOSED
    return found


def _stage2(facts: CaseFacts) -> bool:
    return facts.stage == 2 and not facts.stage_answered


def _panel_dated_first(facts: CaseFacts) -> Refusal | None:
    return None if facts.panel_dated else Refusal.PANEL_NOT_DATED


def _close_ready(facts: CaseFacts) -> Refusal | None:
    # A stage still running ends with its response (the outcome), never by closing it.
    return Refusal.STAGE_RUNNING if facts.status in STAGES and not facts.stage_answered \
        else None


RULES: dict[Step, Rule] = {
    Step.ROUTE: Rule(frozenset({S.NEW}), CASE_MANAGERS),
    Step.CHECK: Rule(frozenset({S.NEW, S.STAGE1, S.DEFERRED}), CASE_MANAGERS),
    Step.SIGNPOST: Rule(frozenset({S.NEW}), CASE_MANAGERS),
    Step.ACKNOWLEDGE: Rule(
        frozenset({S.NEW, S.STAGE1}), CASE_MANAGERS,
        ready=lambda f: Refusal.ALREADY_ACKNOWLEDGED if f.acknowledged else None),
    Step.ASSIGN_RESPONDER: Rule(frozenset({S.STAGE1}), CASE_MANAGERS),
    Step.RESPONSE_PLAN: Rule(frozenset({S.NEW, S.STAGE1}), CASE_MANAGERS,
                             applies=lambda f: f.response_plan),
    Step.EXTEND: Rule(frozenset({S.STAGE1, S.STAGE2}), CASE_MANAGERS,
                      applies=lambda f: not f.response_plan),
    Step.OUTCOME: Rule(STAGES, RESPONDERS, ready=_outcome_ready),
    Step.REMEDY: Rule(REMEDIES, RESPONDERS),
    Step.REMEDY_EDIT: Rule(REMEDIES, RESPONDERS, applies=lambda f: f.has_remedies),
    Step.LEARNING: Rule(LEARNING, RESPONDERS),
    Step.LEARNING_EDIT: Rule(LEARNING, RESPONDERS, applies=lambda f: f.has_open_learning),
    Step.LEARNING_DONE: Rule(LEARNING, RESPONDERS, applies=lambda f: f.has_open_learning),
    Step.NEXT_STAGE: Rule(frozenset({S.AWAITING_NEXT_STAGE}), CASE_MANAGERS,
                          ready=_next_stage_ready),
    Step.TAKE_FURTHER: Rule(frozenset({S.AWAITING_NEXT_STAGE}),
                            frozenset({A.COMPLAINANT, A.ADVOCATE}), ready=_complainant_may_ask),
    Step.ACKNOWLEDGE_STAGE2: Rule(
        frozenset({S.STAGE2}), CASE_MANAGERS,
        applies=lambda f: f.stage2_acknowledgement and _stage2(f)
        and not f.stage2_acknowledged and not f.stage_started),
    Step.STAGE2_CLOCK: Rule(
        frozenset({S.STAGE2}), CASE_MANAGERS,
        applies=lambda f: not f.stage2_acknowledgement and _stage2(f),
        ready=lambda f: Refusal.CLOCK_ALREADY_STARTED if f.stage_started else None),
    Step.STAGE2_PEOPLE: Rule(
        frozenset({S.STAGE2}), CASE_MANAGERS,
        applies=lambda f: investigated_by_independent_people(f) and _stage2(f)),
    Step.PANEL: Rule(frozenset({S.STAGE3}), CASE_MANAGERS,
                     applies=lambda f: f.stage == 3 and not f.stage_answered),
    Step.PANEL_DATE: Rule(frozenset({S.STAGE3}), CASE_MANAGERS,
                          applies=lambda f: f.stage == 3 and not f.stage_answered),
    Step.PANEL_REPORT: Rule(frozenset({S.STAGE3}), CASE_MANAGERS,
                            applies=lambda f: f.stage == 3 and not f.stage_answered,
                            ready=_panel_dated_first),
    Step.ADR: Rule(OPEN, CASE_MANAGERS),
    Step.OMBUDSMAN: Rule(STAGES | {S.AWAITING_NEXT_STAGE, S.CLOSED}, CASE_MANAGERS),
    # At a stage, only once reopened after its response: else the outcome closes it.
    Step.CLOSE: Rule(STAGES | {S.AWAITING_NEXT_STAGE, S.DEFERRED}, CASE_MANAGERS,
                     ready=_close_ready),
    Step.REOPEN: Rule(frozenset({S.CLOSED}), frozenset({A.COMPLAINTS_MANAGER}),
                      applies=lambda f: f.reopenable),
    Step.RESUME: Rule(frozenset({S.DEFERRED}), CASE_MANAGERS),
    Step.WITHDRAW: Rule(OPEN, CASE_MANAGERS),
    # Only a complaint runs a procedure that can be stopped; thanks and ideas stand.
    Step.STOP: Rule(OPEN, frozenset({A.COMPLAINANT}), applies=lambda f: f.complaint),
    Step.COMPLIMENT: Rule(frozenset({S.CLOSED}), CASE_MANAGERS,
                          applies=lambda f: f.compliment),
    Step.MESSAGE: Rule(OPEN | FINISHED,
                       CASE_MANAGERS | {A.CHILDRENS_RIGHTS_OFFICER, A.RESPONDING_MANAGER}),
    # Re-routing (under_a_procedure), moving team and transferring (TRANSFERABLE).
    Step.REROUTE: Rule(frozenset({S.STAGE1}), frozenset({A.COMPLAINTS_MANAGER}),
                       applies=under_a_procedure),
    Step.CHANGE_TEAM: Rule(OPEN, CASE_MANAGERS),
    Step.TRANSFER: Rule(TRANSFERABLE, frozenset({A.COMPLAINTS_MANAGER}),
                        applies=lambda f: f.complaint),
}


def refusal(step: Step, facts: CaseFacts, actor: Actor) -> Refusal | None:
    """Why ``actor`` may not take ``step`` on the case as it stands, or None when they may.

    In order: the role (a step belongs to some roles only), the answering role's own
    stage, a case reopened only to follow through, the status, whether the step exists
    for this procedure, and what must be done first.
    """
    rule = RULES[step]
    if actor not in rule.actors:
        return Refusal.NOT_YOUR_ROLE
    own = OWN_STAGE.get(actor)
    if step is Step.OUTCOME and own is not None and facts.stage != own:
        return Refusal.NOT_YOUR_STAGE
    if follow_through_only(facts) and step not in FOLLOW_THROUGH:
        return Refusal.FOLLOW_THROUGH_ONLY
    if facts.status not in rule.statuses:
        return Refusal.NOT_NOW
    if not rule.applies(facts):
        return Refusal.DOES_NOT_APPLY
    return rule.ready(facts)


def offered(step: Step, facts: CaseFacts, actor: Actor) -> bool:
    """Whether a page offers the step: it would be allowed now. A step refused only for
    what must be done first (an outcome before the panel's report) is offered, so its
    form says what is missing when used; a step that is not this person's, not this
    status's or not this procedure's is not shown."""
    found = refusal(step, facts, actor)
    return found is None or found in READY_REFUSALS


#: Refusals that say what to do first: the step stays on the page.
READY_REFUSALS = frozenset({
    Refusal.INVESTIGATION_NOT_APPOINTED, Refusal.INVESTIGATION_NOT_STARTED,
    Refusal.STAGE2_NOT_ACKNOWLEDGED, Refusal.PANEL_NOT_APPOINTED, Refusal.PANEL_NOT_DATED,
    Refusal.PANEL_NOT_REPORTED,
})


def allowed_steps(facts: CaseFacts, actor: Actor) -> list[Step]:
    """Every step ``actor`` may take now, in the order of :data:`RULES`."""
    return [step for step in RULES if refusal(step, facts, actor) is None]
