"""Triage: accepting or overriding routing's decision, deciding the checks,
signposting elsewhere and resuming a deferred complaint."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.cases.context import CaseError, calendar_of, require_reason, settings_of
from portal.cases.guard import require
from portal.cases.letters import Letter
from portal.cases.services.clocks import _set_stage1_clock
from portal.cases.services.common import _assign, move, record
from portal.cases.services.messages import send_letter
from portal.models.cases import CaseCheck, Representation, Stage
from portal.models.councils import Category, Team
from portal.models.records import Compliment
from portal.models.staff import Role, User
from portal.procedure.machine import Step
from portal.staff.labels import label
from portal.staff.services import audit
from portal.vocab.cases import (
    ROUTE_PROCEDURE,
    CaseStatus,
    Check,
    CheckDecision,
    Kind,
    NotAcceptedReason,
    Procedure,
    Route,
    Signpost,
)
from portal.vocab.events import EventType

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
        record(session, rep, user, EventType.ROUTED_BY_OFFICER, route=route.value)
    elif route != rep.route or signpost != rep.signpost:
        if not reason:
            raise CaseError(gettext("Give the reason for overriding the routing decision."))
        _override_route(session, rep, user, route=route, signpost=signpost, reason=reason)
    _set_team_and_categories(session, rep, user, team_id, category_ids, reason)
    if route in (Route.COMPLIMENT, Route.COMMENT):
        rep.procedure = Procedure.INFORMAL
        move(session, rep, CaseStatus.CLOSED, user)
        record(session, rep, user, EventType.ROUTE_ACCEPTED, route=route.value)
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
    record(session, rep, user, EventType.ROUTE_ACCEPTED, route=route.value,
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
        record(session, rep, user, EventType.TEAM_AND_CATEGORIES_SET,
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
    record(session, rep, user, EventType.ROUTE_ACCEPTED, route=Route.ENQUIRY.value,
           due_on=stage1.due_on)


def _override_route(session: Session, rep: Representation, user: User, *, route: Route,
                    signpost: Signpost | None, reason: str) -> None:
    from portal.routing.services import RoutingServiceError, override_decision, record_override

    if rep.routed_at is None:
        # Logged by an officer and routed by one before: a change of their own decision.
        before = rep.route.value if rep.route else None
        rep.route, rep.signpost = route, signpost
        rep.procedure = ROUTE_PROCEDURE.get(route)
        event = record_override(session, rep, actor=user, before={"route": before},
                                after={"route": route.value}, reason=reason)
        audit(user, EventType.ROUTING_OVERRIDDEN, representation_id=rep.id, detail=event.data)
        return
    try:
        override_decision(session, rep, actor=user, reason=reason, route=route,
                          signpost=signpost if route is Route.SIGNPOST else None)
    except RoutingServiceError as error:
        raise CaseError(str(error)) from None
    audit(user, EventType.ROUTING_OVERRIDDEN, representation_id=rep.id,
          detail={"route": route.value, "reason": reason})


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
    record(session, rep, user, EventType.CHECK_DECIDED, check=check.value, decision=decision.value,
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
    record(session, rep, user, EventType.RESUMED, reason=reason)
