"""Putting a route right: changing a case's procedure, moving it to another team, and
passing it to the council responsible for the child.

Each public function is one thing an officer does, allowed by the one procedure first
(``guard.require``: procedure.machine's ``Step.REROUTE``, ``CHANGE_TEAM``, ``TRANSFER``),
recorded as a case event and in the audit log (``services.record``), with the reason.
None commits: the view's one commit point does (STYLE.md section 4).

The clocks after a change of procedure are the new procedure's, counted by the same
functions that counted them at triage (``services.refresh_stage1_clock``) from the day
the complaint was first received, never from the day it was re-routed: the regulations
count from receipt (2006 Regulations reg. 14(2); 2009 Regulations reg. 14(2)), and the
LGSCO Code's stage 1 from the acknowledgement, which re-routing does not repeat.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.cases import services
from portal.cases.context import CaseError, nation_of, require_reason
from portal.cases.guard import require
from portal.cases.letters import Letter
from portal.models.cases import CaseEvent, Representation, Stage
from portal.models.councils import Team
from portal.models.staff import User
from portal.procedure import rules
from portal.procedure.machine import Step
from portal.staff.labels import label
from portal.vocab.cases import (
    ROUTE_PROCEDURE,
    CaseStatus,
    DelayReason,
    NotAcceptedReason,
    Procedure,
    Route,
    Signpost,
)
from portal.vocab.events import EventType

#: What a case can be re-routed to at stage 1: another procedure, or out of the
#: procedures to the organisation that can help (a school's own procedure, the NHS...).
REROUTE_TO = (Route.CHILDREN_STATUTORY, Route.CORPORATE, Route.ADULT_STATUTORY, Route.SIGNPOST)
#: The longest name of a council the form takes.
COUNCIL_NAME_MAX = 200


def reroute(session: Session, rep: Representation, user: User, *, route: Route,
            signpost: Signpost | None, reason: str | None, message: str | None,
            today: date) -> None:
    """Change the procedure of a complaint at stage 1, before its response, saying why.

    To another procedure: the routing decision is overridden through the routing
    service (a ``routing_overridden`` event with the before and after), and stage 1's
    clocks are the new procedure's, counted from receipt (see the module's docstring);
    an extension agreed under the old procedure stays only if the new one allows that
    date, else it is dropped and the timeline says so. Checks the new procedure needs
    are decided at stage 1 as at triage ("Decide a check").

    To a signpost: the complaint leaves the procedures (the register's
    ``not_accepted`` with the signpost as its reason), its clocks stop, and the
    complainant is told who can help in a letter in their language.
    """
    require(Step.REROUTE, rep, user.role)
    reason = require_reason(reason)
    if route not in REROUTE_TO:
        raise CaseError(gettext("Choose a procedure, or signpost it elsewhere."))
    if route is Route.SIGNPOST:
        if signpost is None:
            raise CaseError(gettext("Choose who can help."))
        # Not through the routing service: it keeps no checks on a signposted route,
        # and the checks decided at triage are part of this case's record.
        _leave_procedures(session, rep, user, to=signpost, reason=reason,
                          kind=EventType.REROUTED)
        services.send_letter(session, rep, user, Letter.SIGNPOSTING, today=today,
                             who=label(signpost), note=(message or "").strip() or reason)
        return
    if ROUTE_PROCEDURE[route] is rep.procedure:
        raise CaseError(gettext("This case is already under that procedure."))
    before = _clocks(rep, "before")
    # The routing service records the override (routing_overridden, before and after).
    services._override_route(session, rep, user, route=route, signpost=None, reason=reason)
    rep.procedure = ROUTE_PROCEDURE[route]
    dropped = _recount_stage1(rep)
    services.record(session, rep, user, EventType.REROUTED, **before, **_clocks(rep, "after"),
                    reason=reason, extension_dropped=dropped)


def _clocks(rep: Representation, when: str) -> dict[str, Any]:
    """The procedure and stage 1's clocks as they stand, as the timeline shows them
    (flat: one line each)."""
    stage1 = rep.stage(1)
    return {
        f"procedure_{when}": rep.procedure.value if rep.procedure else None,
        f"acknowledge_by_{when}": rep.acknowledge_by,
        f"due_on_{when}": stage1.due_on if stage1 else None,
        f"latest_on_{when}": stage1.due_latest_on if stage1 else None,
        f"extended_to_on_{when}": stage1.extended_to_on if stage1 else None,
    }


def _recount_stage1(rep: Representation) -> date | None:
    """Stage 1's clocks under the case's (new) procedure, from receipt; returns the
    extended date when an extension agreed before no longer stands.

    The acknowledgement deadline is the new procedure's too (counted from receipt); an
    acknowledgement already sent stays sent. An extension stands when the new procedure
    allows it (rules.extension_refusal: later than its deadline, within its latest); an
    adult social care response date is agreed in a response plan instead (2009
    Regulations reg. 13(5)), so no extension stands there.
    """
    stage1 = rep.stage(1)
    if stage1 is None:
        stage1 = Stage(number=1, started_on=rep.received_on)
        rep.stages.append(stage1)
    kept, kept_reason = stage1.extended_to_on if stage1.extended else None, \
        stage1.extension_reason
    stage1.extended, stage1.extended_to_on, stage1.extension_reason = False, None, None
    rep.acknowledge_by = None
    services.refresh_stage1_clock(rep)
    if kept is None:
        return None
    plan = rules.response_plan_applies(rep.procedure, nation_of(rep))
    if not plan and stage1.due_on is not None and rules.extension_refusal(
            extended=False, due_on=stage1.due_on, latest_on=stage1.due_latest_on,
            new_due_on=kept) is None:
        stage1.extended, stage1.extended_to_on, stage1.extension_reason = True, kept, \
            kept_reason
        return None
    if rep.delay_reason is DelayReason.EXTENSION_AGREED:
        rep.delay_reason = None
    return kept


def _leave_procedures(session: Session, rep: Representation, user: User, *, to: Signpost,
                      reason: str, kind: EventType, **detail: Any) -> None:
    """The complaint leaves this council's procedures: the register shows it
    ``not_accepted`` with ``to`` as its reason (REGISTER.md), and it closes with no
    clock left running.

    Stage 1 keeps the day it started (it did start here) but no deadline, and is not
    closed as answered: no response was given here, so the register's
    ``stage1_closed_on`` and ``outcome`` stay empty and the case cannot be reopened
    as if it had been answered (rules.reopen_refusal).
    """
    before = rep.procedure.value if rep.procedure else None
    rep.route, rep.signpost = Route.SIGNPOST, to
    rep.procedure, rep.not_accepted_reason = Procedure.NOT_ACCEPTED, NotAcceptedReason(to.value)
    stop_clocks(rep)
    # With no procedure left, moving on from stage 1 asks no next stage (rules.transition).
    services.move(session, rep, CaseStatus.CLOSED, user)
    services.record(session, rep, user, kind, procedure_before=before,
                    procedure_after=Procedure.NOT_ACCEPTED.value,
                    not_accepted_reason=to.value, reason=reason, **detail)


def stop_clocks(rep: Representation) -> None:
    """No deadline is left on the case: none of its unanswered stages counts as due or
    overdue, and an acknowledgement not yet sent is no longer owed."""
    if rep.acknowledged_on is None:
        rep.acknowledge_by = None
    for stage in rep.stages:
        if stage.closed_on is None:
            stage.due_on = stage.due_latest_on = stage.acknowledge_by = None
            stage.extended_to_on = None


def change_team(session: Session, rep: Representation, user: User, *, team_id: int | None,
                reason: str | None) -> None:
    """Move an open case to another of the council's teams, saying why. The team is the
    register's ``team`` (the service area it is about), so the due list, the report's
    figures by team and the officers who see the case by team follow it."""
    require(Step.CHANGE_TEAM, rep, user.role)
    reason = require_reason(reason)
    team = session.get(Team, team_id) if team_id else None
    if team is None or team.council_id != rep.council_id or not team.active:
        raise CaseError(gettext("Choose the team it moves to."))
    if team.id == rep.team_id:
        raise CaseError(gettext("This case is already with %(team)s.", team=team.name))
    before = rep.team.name if rep.team else None
    rep.team = team
    services.record(session, rep, user, EventType.MOVED_TEAM, team_before=before,
                    team_after=team.name, reason=reason)


def transfer(session: Session, rep: Representation, user: User, *, to_council: str | None,
             reason: str | None, message: str | None, passed_on: bool, today: date) -> None:
    """Hand a complaint about a child another council is responsible for (one living in,
    or looked after by, its area) to that council: recorded with the council's name and
    the reason, the complainant told in a letter in their language, and the case closed
    here as transferred. The register shows it ``not_accepted`` for
    ``another_council`` (REGISTER.md's words for it), and no clock is left running.

    Only before this council has answered it (procedure.TRANSFERABLE), and only once the
    complaint has been sent to that council: the letter tells the complainant so.
    """
    require(Step.TRANSFER, rep, user.role)
    name = (to_council or "").strip()
    if not name:
        raise CaseError(gettext("Give the name of the council responsible."))
    if len(name) > COUNCIL_NAME_MAX:
        raise CaseError(gettext("Give the council's name in %(n)d characters or fewer.",
                                n=COUNCIL_NAME_MAX))
    reason = require_reason(reason)
    if not passed_on:
        raise CaseError(gettext("Send the complaint to %(council)s first, then record the "
                                "transfer: the letter tells the complainant it was sent.",
                                council=name))
    _leave_procedures(session, rep, user, to=Signpost.ANOTHER_COUNCIL, reason=reason,
                      kind=EventType.TRANSFERRED, to_council=name, on=today, passed_on=True)
    services.send_letter(session, rep, user, Letter.TRANSFER, today=today, to_council=name,
                         note=(message or "").strip() or reason)


def transfer_of(session: Session, rep: Representation) -> tuple[str, date] | None:
    """The council a case was passed to and the day, if it was transferred."""
    if rep.not_accepted_reason is not NotAcceptedReason.ANOTHER_COUNCIL:
        return None  # not transferred: no need to look
    event = session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type == EventType.TRANSFERRED)
        .order_by(CaseEvent.id.desc()).limit(1)).first()
    if event is None:
        return None
    return str(event.data.get("to_council", "")), date.fromisoformat(str(event.data["on"]))
