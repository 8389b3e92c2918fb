"""Running a case through its procedure: triage, checks, stages, outcomes, messages.

Each public function is one thing an officer does. It checks the procedure's
rules (cases/rules.py), changes the register entry, appends a CaseEvent and
an AuditLog row, and raises :class:`CaseError` with a sentence for the officer
when the law does not allow it. None commits: the view's one commit point does
(STYLE.md section 4).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from portal.cases.complainant import tell_complainant
from portal.cases.context import (
    CaseError,
    calendar_of,
    nation_of,
    needs_stage2_acknowledgement,
    require_reason,
    route_of,
    settings_of,
    stage2_acknowledge_days,
)
from portal.cases.guard import require
from portal.cases.lateness import explain_delay
from portal.cases.letters import Letter, render_letter
from portal.common.clock import london_today
from portal.common.dates import Nation
from portal.common.filters import long_date
from portal.models.cases import (
    CaseCheck,
    CaseEvent,
    Message,
    Representation,
    Stage,
)
from portal.models.councils import Category, Team
from portal.models.records import Compliment, ResponsePlan
from portal.models.staff import CaseAssignment, Role, User
from portal.notifications import services as notifications
from portal.procedure import rules
from portal.procedure.machine import Step
from portal.staff.labels import label
from portal.staff.services import audit
from portal.vocab.cases import (
    ROUTE_PROCEDURE,
    CaseStatus,
    Check,
    CheckDecision,
    DelayReason,
    Kind,
    MessageAuthor,
    NotAcceptedReason,
    OmbudsmanDecision,
    Outcome,
    Procedure,
    Route,
    Signpost,
)

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


# --- context --------------------------------------------------------------------


def record(session: Session, rep: Representation, user: User | None, kind: str, /,
           **data: Any) -> CaseEvent:
    """Append one event to the case's history and the same change to the audit log."""
    clean = {k: (v.isoformat() if isinstance(v, date) else
                 str(v) if isinstance(v, Decimal | Outcome | CaseStatus) else v)
             for k, v in data.items()}
    event = CaseEvent(representation_id=rep.id, actor="staff" if user else "system",
                      actor_user_id=user.id if user else None, type=kind, data=clean)
    session.add(event)
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
    record(session, rep, user, "status_changed", before=before.value, after=target.value)


# --- messages and letters ----------------------------------------------------------


def send_message(session: Session, rep: Representation, user: User, body: str) -> Message:
    """A message the complainant reads on their tracking page (and by email if they
    chose email)."""
    require(Step.MESSAGE, rep, user.role)
    text = (body or "").strip()
    if not text:
        raise CaseError(gettext("Write the message."))
    message = Message(representation_id=rep.id, author=MessageAuthor.COUNCIL,
                      author_user_id=user.id, body=text)
    session.add(message)
    rep.messages.append(message)
    _email_complainant(session, rep, gettext("A new message about %(reference)s",
                                             reference=rep.reference), text, "message")
    record(session, rep, user, "message_sent", length=len(text))
    return message


def send_letter(session: Session, rep: Representation, user: User, kind: Letter, *,
                today: date, **context: Any) -> Message:
    """Render a letter in the complainant's language and send it as a message."""
    letter = render_letter(kind, rep, ombudsman=settings_of(rep).ombudsman, today=today,
                           **context)
    message = Message(representation_id=rep.id, author=MessageAuthor.COUNCIL,
                      author_user_id=user.id, body=letter.body)
    session.add(message)
    rep.messages.append(message)
    _email_complainant(session, rep, letter.subject, letter.body, f"letter_{kind.value}",
                       locale=letter.locale)
    session.flush()  # the message's id: the case page offers the letter as HTML and PDF
    record(session, rep, user, "letter_sent", letter=kind.value, locale=letter.locale,
           message_id=message.id)
    return message


def _email_complainant(session: Session, rep: Representation, subject: str, body: str,
                       purpose: str, *, locale: str | None = None) -> None:
    # By email and/or a text saying there is news, only as they chose (portal/mail).
    tell_complainant(session, rep, subject=subject, body=body, purpose=purpose, locale=locale)


# --- triage ------------------------------------------------------------------------


# Logging a complaint made by phone, letter or in person: portal/complaints/offline.py.


def accept_route(session: Session, rep: Representation, user: User, *, route: Route,
                 signpost: Signpost | None, team_id: int | None, category_ids: list[int],
                 reason: str | None) -> None:
    """Accept routing's decision, or override route, team or categories with a reason.

    A procedure route opens stage 1 only once every raised check is decided:
    "the portal raises them, a person decides" (DOMAIN.md, "Checks").
    """
    require(Step.ROUTE, rep, user.role)
    reason = (reason or "").strip()
    pending = [c for c in rep.checks if c.decision is CheckDecision.PENDING]
    if pending and route in ROUTE_PROCEDURE:
        raise CaseError(gettext("Decide every check before the complaint starts stage 1: "
                                "%(checks)s.", checks=", ".join(label(c.check) for c in pending)))
    if rep.routed_at is None and rep.route is None:
        # Logged by an officer and never routed: this is the first decision, not an override.
        rep.route, rep.signpost = route, signpost
        rep.procedure = ROUTE_PROCEDURE.get(route)
        record(session, rep, user, "routed_by_officer", route=route.value)
    elif route != rep.route or signpost != rep.signpost:
        if not reason:
            raise CaseError(gettext("Give the reason for overriding the routing decision."))
        _override_route(session, rep, user, route=route, signpost=signpost, reason=reason)
    _set_team_and_categories(session, rep, user, team_id, category_ids, reason)
    if route in (Route.COMPLIMENT, Route.COMMENT):
        rep.procedure = Procedure.INFORMAL
        move(session, rep, CaseStatus.CLOSED, user)
        record(session, rep, user, "route_accepted", route=route.value)
        if route is Route.COMPLIMENT:
            _await_sharing(session, rep)
        return
    if route is Route.SIGNPOST:
        raise CaseError(gettext("To signpost, use “Signpost elsewhere” with a letter."))
    if route is Route.ENQUIRY:
        _open_enquiry(session, rep, user)
        return
    rep.procedure = ROUTE_PROCEDURE[route]
    stage1 = rep.stage(1)
    if stage1 is None:
        stage1 = Stage(number=1, started_on=rep.received_on)
        rep.stages.append(stage1)
    _set_stage1_clock(rep, stage1)
    move(session, rep, CaseStatus.STAGE1, user)
    _assign(session, rep, user, Role.COMPLAINTS_OFFICER)
    record(session, rep, user, "route_accepted", route=route.value,
           due_on=stage1.due_on)


def _await_sharing(session: Session, rep: Representation) -> None:
    """A compliment is passed on to the people praised and their manager (DOMAIN.md,
    "compliment"): until it is, the due dashboard lists it."""
    exists = session.scalars(select(Compliment.id).where(
        Compliment.representation_id == rep.id)).first()
    if exists is None:
        session.add(Compliment(representation_id=rep.id))


def _set_team_and_categories(session: Session, rep: Representation, user: User,
                             team_id: int | None, category_ids: list[int], reason: str) -> None:
    categories = list(session.scalars(select(Category).where(
        Category.id.in_(category_ids), Category.council_id == rep.council_id)))
    team = session.get(Team, team_id) if team_id else None
    if team is not None and team.council_id != rep.council_id:
        team = None
    if team != rep.team or {c.id for c in categories} != {c.id for c in rep.categories}:
        record(session, rep, user, "team_and_categories_set",
               team=team.name if team else None,
               categories=[c.name for c in categories], reason=reason)
        rep.team = team
        rep.categories = categories


def _open_enquiry(session: Session, rep: Representation, user: User) -> None:
    """A councillor's or MP's enquiry: its reply is its one stage, due in 10 working days."""
    if rep.kind is not Kind.ENQUIRY:
        raise CaseError(gettext("Only a councillor's or MP's enquiry takes the enquiry route."))
    rep.procedure = Procedure.INFORMAL
    stage1 = rep.stage(1)
    if stage1 is None:
        stage1 = Stage(number=1, started_on=rep.received_on)
        rep.stages.append(stage1)
    respond = settings_of(rep).timescale(Route.ENQUIRY).respond
    if respond is not None and stage1.due_on is None:
        stage1.due_on = calendar_of(rep).add_working_days(rep.received_on, respond)
    move(session, rep, CaseStatus.STAGE1, user)
    _assign(session, rep, user, Role.COMPLAINTS_OFFICER)
    record(session, rep, user, "route_accepted", route=Route.ENQUIRY.value,
           due_on=stage1.due_on)


def _override_route(session: Session, rep: Representation, user: User, *, route: Route,
                    signpost: Signpost | None, reason: str) -> None:
    from portal.routing.services import RoutingServiceError, override_decision

    if rep.routed_at is None:
        # Logged by an officer and routed by one before: a change of their own decision.
        before = rep.route.value if rep.route else None
        rep.route, rep.signpost = route, signpost
        rep.procedure = ROUTE_PROCEDURE.get(route)
        record(session, rep, user, "routing_overridden", before={"route": before},
               after={"route": route.value}, reason=reason)
        return
    try:
        override_decision(session, rep, actor=user, reason=reason, route=route,
                          signpost=signpost if route is Route.SIGNPOST else None)
    except RoutingServiceError as error:
        raise CaseError(str(error)) from None
    audit(user, "routing_overridden", representation_id=rep.id,
          detail={"route": route.value, "reason": reason})


def _set_stage1_clock(rep: Representation, stage1: Stage) -> None:
    route = route_of(rep)
    if route is None or stage1.extended:
        return
    timescale = settings_of(rep).timescale(route)
    if rep.acknowledge_by is None and timescale.acknowledge is not None:
        # A complaint logged by an officer has no routing deadlines yet.
        rep.acknowledge_by = calendar_of(rep).add_working_days(rep.received_on,
                                                               timescale.acknowledge)
    if rules.response_plan_applies(rep.procedure, nation_of(rep)):
        # Adult social care: the date agreed with the complainant, else six months.
        stage1.started_on = stage1.started_on or rep.received_on
        stage1.due_on = rules.adult_response_due(rep.received_on, agreed_response_by(rep),
                                                 calendar=calendar_of(rep))
        stage1.due_latest_on = None
        return
    if timescale.respond is None:
        return
    due = rules.stage1_due(rep.received_on, rep.acknowledged_on, respond=timescale.respond,
                           respond_latest=timescale.respond_latest, procedure=rep.procedure,
                           nation=nation_of(rep), calendar=calendar_of(rep))
    stage1.started_on = stage1.started_on or rep.received_on
    stage1.due_on, stage1.due_latest_on = due.on, due.latest_on


def refresh_stage1_clock(rep: Representation) -> None:
    """Count stage 1's deadline again after what it runs from changed (an agreed
    response plan); a closed stage keeps the deadline it had."""
    stage1 = rep.stage(1)
    if stage1 is not None and stage1.closed_on is None:
        _set_stage1_clock(rep, stage1)


def agreed_response_by(rep: Representation) -> date | None:
    """The response date of the latest response plan agreed for this case, if any."""
    session = object_session(rep)
    if session is None or rep.id is None:
        return None
    return session.scalars(
        select(ResponsePlan.response_by).where(ResponsePlan.representation_id == rep.id)
        .order_by(ResponsePlan.version.desc()).limit(1)).first()


def decide_check(session: Session, rep: Representation, user: User, *, check: Check,
                 decision: CheckDecision, reason: str | None, today: date) -> None:
    """Record a complaints manager's decision on a check, with its reason (DOMAIN.md,
    "Checks"). A refused sufficient-interest or out-of-time check closes the complaint
    as not accepted and tells the complainant why, in writing; a deferral pauses it."""
    require(Step.CHECK, rep, user.role)
    reason = require_reason(reason)
    if decision is CheckDecision.PENDING:
        raise CaseError(gettext("Choose a decision."))
    if decision is CheckDecision.DEFERRED and check is not Check.DEFERRAL:
        raise CaseError(gettext("Only the deferral check can defer a complaint."))
    row = next((c for c in rep.checks if c.check is check), None)
    if row is None:
        row = CaseCheck(check=check)
        rep.checks.append(row)
    row.decision, row.reason = decision, reason
    row.decided_by_id, row.decided_at = user.id, datetime.now(UTC)
    record(session, rep, user, "check_decided", check=check.value, decision=decision.value,
           reason=reason)
    if decision is CheckDecision.DEFERRED:
        move(session, rep, CaseStatus.DEFERRED, user)
        send_letter(session, rep, user, Letter.DEFERRAL, today=today, reason=reason)
    elif decision is CheckDecision.NOT_MET and check in (Check.SUFFICIENT_INTEREST,
                                                         Check.OUT_OF_TIME):
        rep.procedure = Procedure.NOT_ACCEPTED
        if check is Check.OUT_OF_TIME:
            rep.not_accepted_reason = NotAcceptedReason.OUT_OF_TIME
        move(session, rep, CaseStatus.CLOSED, user)
        send_letter(session, rep, user, Letter.NOT_ACCEPTED, today=today, reason=reason)


def signpost(session: Session, rep: Representation, user: User, *, to: Signpost,
             note: str | None, today: date) -> None:
    """Not for this council's procedures: tell the person who can help, in a letter in
    their language (DOMAIN.md, "Not handled under these procedures")."""
    require(Step.SIGNPOST, rep, user.role)
    note = require_reason(note)
    if rep.route is not Route.SIGNPOST or rep.signpost is not to:
        from portal.routing.services import RoutingServiceError, override_decision

        if rep.routed_at is not None:
            try:
                override_decision(session, rep, actor=user, reason=note, route=Route.SIGNPOST,
                                  signpost=to)
            except RoutingServiceError as error:
                raise CaseError(str(error)) from None
        rep.route, rep.signpost = Route.SIGNPOST, to
    rep.procedure = Procedure.NOT_ACCEPTED
    rep.not_accepted_reason = NotAcceptedReason(to.value)
    move(session, rep, CaseStatus.SIGNPOSTED, user)
    send_letter(session, rep, user, Letter.SIGNPOSTING, today=today, who=to, note=note)


def resume(session: Session, rep: Representation, user: User, *, reason: str | None) -> None:
    """A deferred complaint comes back to triage once the proceedings are over."""
    require(Step.RESUME, rep, user.role)
    reason = require_reason(reason)
    move(session, rep, CaseStatus.NEW, user)
    for check in rep.checks:
        if check.check is Check.DEFERRAL:
            check.decision = CheckDecision.MET
    record(session, rep, user, "resumed", reason=reason)


# --- stage 1 -------------------------------------------------------------------------


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
    record(session, rep, user, "acknowledged", on=on,
           due_before=before, due_after=stage1.due_on if stage1 else None, **lateness)
    if send:
        send_letter(session, rep, user, Letter.ACKNOWLEDGEMENT, today=today,
                    due_on=stage1.due_on if stage1 else None)


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
    record(session, rep, by, "assigned", role=role.value, user=assignee.name,
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


def effective_due(stage: Stage) -> date | None:
    return stage.extended_to_on or stage.due_on


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
    record(session, rep, user, "extended", stage=stage.number, from_on=stage.due_on,
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
    panel's report (cases.procedure, ``Step.OUTCOME``)."""
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
        record(session, rep, user, "outcome_recorded", stage=stage.number,
               outcome=outcome.value, on=responded_on, **lateness)
        return
    last = rules.stages_of(rep.procedure, nation_of(rep), enquiry=rep.kind is Kind.ENQUIRY)
    next_stage = stage.number + 1 if stage.number < last else None
    next_by = rules.escalation_window_ends(responded_on, calendar=calendar_of(rep))
    if next_stage is None:
        move(session, rep, CaseStatus.CLOSED, user)
    else:
        move(session, rep, CaseStatus.AWAITING_NEXT_STAGE, user)
    record(session, rep, user, "outcome_recorded", stage=stage.number, outcome=outcome.value,
           on=responded_on, next_stage_by=next_by if next_stage else None, **lateness)
    send_letter(session, rep, user, Letter.OUTCOME, today=today, stage=stage,
                outcome_label=outcome, summary=summary, next_stage=next_stage,
                next_by=next_by)


# --- the next stages ----------------------------------------------------------------


def request_next_stage(session: Session, rep: Representation, user: User, *,
                       requested_on: date, late_reason: str | None, today: date) -> Stage:
    """Log the complainant's request for the next stage (made by phone, letter...).

    They have 20 working days from the response (2006 Regulations regs. 15(2),
    18(2)); a later request needs a recorded reason to accept it, never an
    automatic refusal. A stage 3 request starts the panel's 30-day clock.
    """
    require(Step.NEXT_STAGE, rep, user.role)
    previous = rep.current_stage
    assert previous is not None
    assert previous.closed_on is not None
    if requested_on < previous.closed_on or requested_on > today:
        raise CaseError(gettext("The request date must be between the response and today."))
    number = previous.number + 1
    window = rules.escalation_window_ends(previous.closed_on, calendar=calendar_of(rep))
    late = requested_on > window
    if late:
        late_reason = (late_reason or "").strip()
        if not late_reason:
            raise CaseError(gettext("The request came after %(date)s, 20 working days after "
                                    "the response. Give the reason for accepting it late.",
                                    date=long_date(window)))
    stage = begin_next_stage(session, rep, user, requested_on=requested_on)
    record(session, rep, user, "next_stage_requested", stage=number, on=requested_on,
           late=late, late_reason=late_reason if late else None)
    return stage


def begin_next_stage(session: Session, rep: Representation, user: User | None, *,
                     requested_on: date) -> Stage:
    """Open the stage after the one last answered, asked for on ``requested_on``, with
    the clocks that run from the request: the same for an officer logging a request,
    the complainant on the tracking page and their advocate."""
    previous = rep.current_stage
    assert previous is not None
    number = previous.number + 1
    move(session, rep, rules.stage_status(number), user)
    stage = Stage(number=number, requested_on=requested_on)
    _start_clock_on_request(rep, stage)
    rep.stages.append(stage)
    return stage


def escalation_window(rep: Representation) -> date | None:
    """The last day to ask for the next stage, once the current stage is answered
    (20 working days: 2006 Regulations regs. 15(2), 18(2))."""
    stage = rep.current_stage
    if stage is None or stage.closed_on is None:
        return None
    return rules.escalation_window_ends(stage.closed_on, calendar=calendar_of(rep))


def _start_clock_on_request(rep: Representation, stage: Stage) -> None:
    """Clocks that run from the request: the review panel (reg. 19(2)), Wales'
    stage 2 (2014 Regulations reg. 18(1)) and the corporate stage 2 acknowledgement
    (LGSCO Code: within 5 working days)."""
    assert stage.requested_on is not None
    if stage.number == 3:
        # The review panel's stage starts with the request (REGISTER.md,
        # stage3_started_on: "request").
        stage.started_on = stage.requested_on
        stage.due_on = rules.panel_due(stage.requested_on, calendar=calendar_of(rep))
    elif stage.number == 2 and nation_of(rep) is Nation.WALES:
        _start_stage2(rep, stage, stage.requested_on)
    elif stage.number == 2 and needs_stage2_acknowledgement(rep):
        stage.acknowledge_by = _stage2_acknowledge_by(rep, stage.requested_on)


def _stage2_acknowledge_by(rep: Representation, requested_on: date) -> date | None:
    days = stage2_acknowledge_days(rep)
    if days is None:
        return None
    return rules.stage2_acknowledge_by(requested_on, acknowledge=days, calendar=calendar_of(rep))


def acknowledge_stage2(session: Session, rep: Representation, user: User, *, on: date,
                       send: bool, today: date, delay_reason: DelayReason | None = None,
                       delay_note: str | None = None) -> None:
    """Record the stage 2 acknowledgement; stage 2's response clock starts from it: 20
    working days, 40 at most (LGSCO Complaint Handling Code, from April 2026: stage 2
    acknowledged within 5 working days of the request, answered within 20 of the
    acknowledgement)."""
    require(Step.ACKNOWLEDGE_STAGE2, rep, user.role)
    stage = rep.current_stage
    assert stage is not None
    if stage.requested_on is not None and on < stage.requested_on:
        raise CaseError(gettext("Stage 2 cannot be acknowledged before it was asked for "
                                "(%(date)s).", date=stage.requested_on.isoformat()))
    if on > today:
        raise CaseError(gettext("The acknowledgement date cannot be in the future."))
    if stage.acknowledge_by is None and stage.requested_on is not None:
        # Asked for on the tracking page or by an advocate: no deadline was stored.
        stage.acknowledge_by = _stage2_acknowledge_by(rep, stage.requested_on)
    lateness = explain_delay(rep, done_on=on, due_on=stage.acknowledge_by,
                             delay_reason=delay_reason, delay_note=delay_note)
    stage.acknowledged_on = on
    _start_stage2(rep, stage, on)
    record(session, rep, user, "stage2_acknowledged", on=on, acknowledge_by=stage.acknowledge_by,
           due_on=stage.due_on, latest_on=stage.due_latest_on,
           **(lateness or {"in_time": True}))
    if send:
        send_letter(session, rep, user, Letter.ACKNOWLEDGEMENT, today=today,
                    due_on=stage.due_on, stage2_requested_on=stage.requested_on)


def _start_stage2(rep: Representation, stage: Stage, started_on: date) -> None:
    route = route_of(rep)
    assert route is not None
    timescale = settings_of(rep).stage2_timescales.get(route)
    if timescale is None or timescale.respond is None:
        raise CaseError(gettext("This procedure has no stage 2."))
    due = rules.stage2_due(started_on, respond=timescale.respond,
                           respond_latest=timescale.respond_latest, calendar=calendar_of(rep))
    stage.started_on, stage.due_on, stage.due_latest_on = started_on, due.on, due.latest_on


def start_stage2_clock(session: Session, rep: Representation, user: User, *,
                       started_on: date) -> None:
    """Stage 2's clock starts on the agreed statement of complaint (2006 Regulations
    reg. 17(2): 25 working days, up to 65). A corporate stage 2 starts with its
    acknowledgement instead (:func:`acknowledge_stage2`)."""
    require(Step.STAGE2_CLOCK, rep, user.role)
    stage = rep.current_stage
    assert stage is not None
    if stage.requested_on and started_on < stage.requested_on:
        raise CaseError(gettext("The clock cannot start before stage 2 was asked for."))
    _start_stage2(rep, stage, started_on)
    record(session, rep, user, "stage2_clock_started", on=started_on, due_on=stage.due_on,
           latest_on=stage.due_latest_on)


def is_council_account(user: User) -> bool:
    """Every account but an independent person's or a panel member's belongs to someone
    working for the council (or an advocacy provider): never independent."""
    return user.role not in (Role.INDEPENDENT_PERSON, Role.PANEL_MEMBER)


def appoint_stage2(session: Session, rep: Representation, user: User, *,
                   investigating_officer_id: int, independent_person_id: int,
                   adjudicating_officer_id: int, declaration: bool,
                   declaration_text: str) -> None:
    """The investigating officer, the independent person and the adjudicating officer.

    The independent person must be neither an officer nor a member of the council
    (2006 Regulations reg. 17(1)(b) and reg. 2): a council staff account is refused
    and their declaration is recorded.
    """
    require(Step.STAGE2_PEOPLE, rep, user.role)
    stage = rep.current_stage
    assert stage is not None
    independent = session.get(User, independent_person_id)
    if independent is not None and is_council_account(independent):
        raise CaseError(gettext("%(name)s works for the council, so cannot be the independent "
                                "person.", name=independent.name))
    if not declaration:
        raise CaseError(gettext("Record the independent person's declaration that they are "
                                "neither an officer nor a member of the council."))
    investigator = _assignee(session, rep, investigating_officer_id, Role.INVESTIGATING_OFFICER)
    independent = _assignee(session, rep, independent_person_id, Role.INDEPENDENT_PERSON)
    adjudicator = _assignee(session, rep, adjudicating_officer_id, Role.ADJUDICATING_OFFICER)
    stage.assigned_to_id = investigator.id
    stage.independent_person = independent.name
    _assign(session, rep, user, Role.INVESTIGATING_OFFICER, investigator)
    _assign(session, rep, user, Role.INDEPENDENT_PERSON, independent)
    _assign(session, rep, user, Role.ADJUDICATING_OFFICER, adjudicator)
    record(session, rep, user, "independent_person_declared", name=independent.name,
           user_id=independent.id, declaration=declaration_text)


def appoint_panel(session: Session, rep: Representation, user: User, *, member_ids: list[int],
                  panel_on: date | None, delay_reason: DelayReason | None = None,
                  delay_note: str | None = None) -> None:
    """Three independent people, none of them the stage 2 independent person (2006
    Regulations reg. 19(1)); the panel meets within 30 working days of the request."""
    require(Step.PANEL, rep, user.role)
    stage = rep.current_stage
    assert stage is not None
    ids = list(dict.fromkeys(member_ids))
    if len(ids) != rules.PANEL_SIZE:
        raise CaseError(gettext("A review panel has three different independent people."))
    members = [_assignee(session, rep, i, Role.PANEL_MEMBER) for i in ids]
    stage2_independent = session.scalars(select(CaseAssignment.user_id).where(
        CaseAssignment.representation_id == rep.id,
        CaseAssignment.role == Role.INDEPENDENT_PERSON)).all()
    stage2 = rep.stage(2)
    for member in members:
        if member.id in stage2_independent or (stage2 and stage2.independent_person
                                                and member.name == stage2.independent_person):
            raise CaseError(gettext("%(name)s was the independent person at stage 2, so cannot "
                                    "sit on the panel.", name=member.name))
    stage.panel_members = [m.name for m in members]
    for member in members:
        _assign(session, rep, user, Role.PANEL_MEMBER, member)
    if panel_on is not None:
        set_panel_date(session, rep, user, panel_on=panel_on, delay_reason=delay_reason,
                       delay_note=delay_note)
    record(session, rep, user, "panel_appointed", members=[m.name for m in members])


def set_panel_date(session: Session, rep: Representation, user: User, *,
                   panel_on: date, delay_reason: DelayReason | None = None,
                   delay_note: str | None = None) -> None:
    """The review panel meets within 30 working days of the request (2006 Regulations
    reg. 19(2)); a later meeting says why."""
    require(Step.PANEL_DATE, rep, user.role)
    stage = rep.current_stage
    assert stage is not None
    assert stage.requested_on is not None
    if panel_on < stage.requested_on:
        raise CaseError(gettext("The panel cannot meet before it was asked for."))
    latest = rules.panel_due(stage.requested_on, calendar=calendar_of(rep))
    lateness = explain_delay(rep, done_on=panel_on, due_on=latest, delay_reason=delay_reason,
                             delay_note=delay_note)
    stage.panel_on = panel_on
    stage.due_on = rules.panel_report_due(panel_on, calendar=calendar_of(rep))
    record(session, rep, user, "panel_date_set", on=panel_on, within_time=panel_on <= latest,
           report_due_on=stage.due_on, **lateness)


def record_panel_report(session: Session, rep: Representation, user: User, *,
                        report_on: date, delay_reason: DelayReason | None = None,
                        delay_note: str | None = None) -> None:
    """The panel reports within 5 working days of meeting (2006 Regulations reg. 20(1)); a
    later report says why. It starts the council's 15 working days (reg. 21)."""
    require(Step.PANEL_REPORT, rep, user.role)
    stage = rep.current_stage
    assert stage is not None
    assert stage.panel_on is not None
    if report_on < stage.panel_on:
        raise CaseError(gettext("The report cannot come before the panel met."))
    lateness = explain_delay(rep, done_on=report_on, due_on=stage.due_on,
                             delay_reason=delay_reason, delay_note=delay_note)
    stage.report_on = report_on
    stage.due_on = rules.council_response_due(report_on, calendar=calendar_of(rep))
    record(session, rep, user, "panel_report_received", on=report_on,
           response_due_on=stage.due_on, **lateness)


# --- at any point ---------------------------------------------------------------------


def record_adr(session: Session, rep: Representation, user: User, *, method: str,
               note: str | None) -> None:
    """Alternative dispute resolution with the complainant's agreement. It never changes
    the stage or removes the right to the next one (DOMAIN.md)."""
    require(Step.ADR, rep, user.role)
    note = require_reason(note)
    rep.adr = True
    record(session, rep, user, "adr", method=method, note=note)


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
    record(session, rep, user, "ombudsman", referred_on=rep.ombudsman_referred_on,
           decision=decision.value)


def close(session: Session, rep: Representation, user: User, *, reason: str | None) -> None:
    """Close after a response when the complainant does not take it further, or again
    after a reopening (follow_through.reopen). A stage still running ends with its
    response (record_outcome), never by closing it."""
    require(Step.CLOSE, rep, user.role)
    reason = require_reason(reason)
    move(session, rep, CaseStatus.CLOSED, user)
    record(session, rep, user, "closed", reason=reason)


def withdraw(session: Session, rep: Representation, user: User, *, reason: str | None) -> None:
    """An officer records that the complainant withdrew (by phone, letter...)."""
    require(Step.WITHDRAW, rep, user.role)
    reason = require_reason(reason)
    end_withdrawn(session, rep, user, today=london_today())
    record(session, rep, user, "withdrawn", reason=reason)


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
