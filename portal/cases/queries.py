"""The back office's reads: queues, dashboards, one case, its timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, selectinload

from portal.cases import rules
from portal.cases.models import CaseEvent, Representation, Stage
from portal.cases.vocab import CaseStatus
from portal.common.dates import WorkingCalendar
from portal.councils.models import Team
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
    reference: str
    what: str  # "acknowledge", "stage1", "stage2", "stage3_panel", ...
    due_on: date
    rag: rules.Rag


@dataclass(frozen=True)
class DueTeam:
    """One team's deadlines: the most urgent ``items`` and how many of each colour."""

    name: str
    items: list[DueItem]
    counts: dict[rules.Rag, int]
    more: int  # items beyond the ones listed


#: Items listed per team; the rest are counted. A list longer than this is read by
#: nobody, and rendering thousands of rows made the page slow (bench_backoffice.py).
DUE_LIST_LIMIT = 100


class _StageFacts(Protocol):
    number: int
    closed_on: date | None
    extended_to_on: date | None
    due_on: date | None
    requested_on: date | None
    report_on: date | None
    panel_on: date | None


def next_deadline(rep: Representation, calendar: WorkingCalendar | None = None
                  ) -> tuple[str, date] | None:
    """The case's next legal deadline and what it is for.

    A review panel asked for on the tracking page has its request date but no
    stored clock yet: with ``calendar`` its 30 working days are counted here.
    """
    return deadline_from(rep.status, rep.acknowledge_by, rep.acknowledged_on,
                         rep.current_stage, calendar)


def deadline_from(status: CaseStatus, acknowledge_by: date | None, acknowledged_on: date | None,
                  stage: _StageFacts | None, calendar: WorkingCalendar | None
                  ) -> tuple[str, date] | None:
    if status is CaseStatus.NEW and acknowledged_on is None and acknowledge_by:
        return "acknowledge", acknowledge_by
    if stage is None or stage.closed_on is not None or status not in (
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
                calendar: WorkingCalendar) -> list[DueTeam]:
    """Open cases with a deadline, by team, most urgent first, each red, amber or green.

    Reads only the columns it needs (one row per case with its latest stage):
    loading thousands of whole register entries took seconds.
    """
    latest = (select(Stage.representation_id, func.max(Stage.number).label("number"))
              .group_by(Stage.representation_id).subquery())
    rows = session.execute(
        select(Representation.reference, Representation.status, Representation.acknowledge_by,
               Representation.acknowledged_on, Team.name, Stage.number, Stage.closed_on,
               Stage.extended_to_on, Stage.due_on, Stage.requested_on, Stage.report_on,
               Stage.panel_on)
        .outerjoin(Team, Team.id == Representation.team_id)
        .outerjoin(latest, latest.c.representation_id == Representation.id)
        .outerjoin(Stage, and_(Stage.representation_id == Representation.id,
                               Stage.number == latest.c.number))
        .where(Representation.council_id == council_id,
               Representation.status.in_(rules.OPEN_STATUSES)))
    teams: dict[str, list[DueItem]] = {}
    for row in rows:
        stage = row if row.number is not None else None
        found = deadline_from(row.status, row.acknowledge_by, row.acknowledged_on,
                              stage, calendar)  # type: ignore[arg-type]
        if found is None:
            continue
        what, due = found
        teams.setdefault(row.name or "", []).append(
            DueItem(row.reference, what, due, rules.rag(due, today=today, calendar=calendar)))
    out = []
    for name, items in sorted(teams.items()):
        items.sort(key=lambda i: (i.due_on, i.reference))
        counts = {colour: sum(1 for i in items if i.rag is colour) for colour in rules.Rag}
        out.append(DueTeam(name, items[:DUE_LIST_LIMIT], counts,
                           max(len(items) - DUE_LIST_LIMIT, 0)))
    return out


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
