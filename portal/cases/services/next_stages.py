"""The next stages: the complainant's request, the clocks that run from it, stage 2's
investigation and stage 3's review panel."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.cases.context import (
    CaseError,
    calendar_of,
    nation_of,
    needs_stage2_acknowledgement,
    route_of,
    settings_of,
    stage2_acknowledge_days,
)
from portal.cases.guard import require
from portal.cases.lateness import explain_delay
from portal.cases.letters import Letter
from portal.cases.services.common import _assign, _assignee, move, record
from portal.cases.services.messages import send_letter
from portal.common.dates import Nation
from portal.common.filters import long_date
from portal.models.cases import Representation, Stage
from portal.models.staff import CaseAssignment, Role, User
from portal.procedure import rules
from portal.procedure.machine import Step
from portal.vocab.cases import DelayReason
from portal.vocab.events import EventType


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
    record(session, rep, user, EventType.NEXT_STAGE_REQUESTED, stage=number, on=requested_on,
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
    record(session, rep, user, EventType.STAGE2_ACKNOWLEDGED, on=on,
           acknowledge_by=stage.acknowledge_by, due_on=stage.due_on,
           latest_on=stage.due_latest_on,
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
    record(session, rep, user, EventType.STAGE2_CLOCK_STARTED, on=started_on, due_on=stage.due_on,
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
    record(session, rep, user, EventType.INDEPENDENT_PERSON_DECLARED, name=independent.name,
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
    record(session, rep, user, EventType.PANEL_APPOINTED, members=[m.name for m in members])


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
    record(session, rep, user, EventType.PANEL_DATE_SET, on=panel_on,
           within_time=panel_on <= latest, report_due_on=stage.due_on, **lateness)


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
    record(session, rep, user, EventType.PANEL_REPORT_RECEIVED, on=report_on,
           response_due_on=stage.due_on, **lateness)
