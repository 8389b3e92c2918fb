"""The back office's reads: queues, dashboards, one case, its timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session, selectinload

from portal.cases import rules
from portal.cases.models import CaseEvent, Representation, Stage
from portal.cases.vocab import CaseStatus
from portal.common.dates import WorkingCalendar
from portal.staff.access import ALL_CASES_ROLES
from portal.staff.models import AuditLog, CaseAssignment, Role, User


def by_reference(session: Session, council_id: int, reference: str) -> Representation | None:
    return session.scalars(select(Representation).where(
        Representation.council_id == council_id, Representation.reference == reference)
        .options(selectinload(Representation.stages), selectinload(Representation.people),
                 selectinload(Representation.checks))).first()


def awaiting_triage(session: Session, council_id: int) -> list[Representation]:
    """Everything waiting on triage: urgent first, then the oldest."""
    return list(session.scalars(
        select(Representation)
        .where(Representation.council_id == council_id, Representation.status == CaseStatus.NEW)
        .order_by(case((Representation.urgent.is_(True), 0), else_=1),
                  Representation.received_on, Representation.id)))


def my_cases(session: Session, user: User) -> list[Representation]:
    """Open cases given to this person (any assignment still running)."""
    given = select(CaseAssignment.representation_id).where(
        CaseAssignment.user_id == user.id, CaseAssignment.ended_at.is_(None))
    # IN, not JOIN + DISTINCT: PostgreSQL cannot compare the JSON columns DISTINCT needs.
    return list(session.scalars(
        select(Representation)
        .where(Representation.id.in_(given), Representation.status.in_(rules.OPEN_STATUSES))
        .options(selectinload(Representation.stages))
        .order_by(Representation.received_on, Representation.id)))


@dataclass(frozen=True)
class DueItem:
    case: Representation
    what: str  # "acknowledge", "stage1", "stage2", "stage3_panel", ...
    due_on: date
    rag: rules.Rag


def next_deadline(rep: Representation, calendar: WorkingCalendar | None = None
                  ) -> tuple[str, date] | None:
    """The case's next legal deadline and what it is for.

    A review panel asked for on the tracking page has its request date but no
    stored clock yet: with ``calendar`` its 30 working days are counted here.
    """
    if rep.status is CaseStatus.NEW and rep.acknowledged_on is None and rep.acknowledge_by:
        return "acknowledge", rep.acknowledge_by
    stage: Stage | None = rep.current_stage
    if stage is None or stage.closed_on is not None or rep.status not in (
            CaseStatus.STAGE1, CaseStatus.STAGE2, CaseStatus.STAGE3):
        return None
    due = stage.extended_to_on or stage.due_on
    if due is None and stage.number == 3 and stage.requested_on and calendar is not None:
        due = rules.panel_due(stage.requested_on, calendar=calendar)
    if due is None:
        return None
    if stage.number == 3:
        what = ("stage3_response" if stage.report_on else
                "stage3_report" if stage.panel_on else "stage3_panel")
        return what, due
    return f"stage{stage.number}", due


def due_by_team(session: Session, council_id: int, *, today: date,
                calendar: WorkingCalendar) -> dict[str, list[DueItem]]:
    """Open cases with a deadline, by team, most urgent first, each red, amber or green."""
    open_cases = session.scalars(
        select(Representation)
        .where(Representation.council_id == council_id,
               Representation.status.in_(rules.OPEN_STATUSES))
        .options(selectinload(Representation.stages), selectinload(Representation.team)))
    teams: dict[str, list[DueItem]] = {}
    for rep in open_cases:
        found = next_deadline(rep, calendar)
        if found is None:
            continue
        what, due = found
        item = DueItem(rep, what, due, rules.rag(due, today=today, calendar=calendar))
        teams.setdefault(rep.team.name if rep.team else "", []).append(item)
    for items in teams.values():
        items.sort(key=lambda i: (i.due_on, i.case.reference))
    return dict(sorted(teams.items()))


def assignable(session: Session, council_id: int, role: Role) -> list[User]:
    return list(session.scalars(select(User).where(
        User.council_id == council_id, User.role == role, User.active.is_(True))
        .order_by(User.name)))


def assignments(session: Session, representation_id: int) -> list[tuple[CaseAssignment, User]]:
    return [(a, u) for a, u in session.execute(
        select(CaseAssignment, User).join(User, User.id == CaseAssignment.user_id)
        .where(CaseAssignment.representation_id == representation_id)
        .order_by(CaseAssignment.assigned_at)).all()]


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    source: str  # "event" or "audit"
    kind: str
    who: str
    allowed: bool
    detail: dict[str, Any]


def timeline(session: Session, representation_id: int) -> list[TimelineEntry]:
    """The case's history: its events merged with every view, change and refused access,
    newest first."""
    names = dict(session.execute(select(User.id, User.name)).all())
    entries = [
        TimelineEntry(e.at, "event", e.type,
                      names.get(e.actor_user_id, e.actor) if e.actor_user_id else e.actor,
                      True, e.data or {})
        for e in session.scalars(select(CaseEvent).where(
            CaseEvent.representation_id == representation_id))
    ]
    entries += [
        TimelineEntry(a.at, "audit", a.action, names.get(a.user_id, "") if a.user_id else "",
                      a.allowed, a.detail or {})
        for a in session.scalars(select(AuditLog).where(
            AuditLog.representation_id == representation_id))
        # Changes are already in the events; the audit adds views and refusals.
        if a.action in ("view", "denied", "timeline_view")
    ]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def sees_every_case(user: User) -> bool:
    return user.role in ALL_CASES_ROLES
