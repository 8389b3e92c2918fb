"""The back office's reads: queues, dashboards, one case, its timeline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session, selectinload

from portal.cases import due_list
from portal.common.dates import WorkingCalendar
from portal.models.cases import CaseEvent, LearningAction, Representation
from portal.models.councils import Team
from portal.models.records import Compliment, ResponsePlan
from portal.models.staff import AuditLog, CaseAssignment, Role, User
from portal.procedure import rules
from portal.procedure.deadlines import deadline_from
from portal.staff.access import scope_of
from portal.vocab.cases import CaseStatus


def by_reference(session: Session, council_id: int, reference: str) -> Representation | None:
    return session.scalars(select(Representation).where(
        Representation.council_id == council_id, Representation.reference == reference)
        .options(selectinload(Representation.stages), selectinload(Representation.people),
                 selectinload(Representation.checks))).first()


def visible_to(viewer: User | None) -> list[ColumnElement[bool]]:
    """Conditions that keep a list of representations to those ``viewer`` may see: none for
    a whole view; for an officer limited to their own team's cases (the council's need to
    know setting, portal.staff.access.case_scope) that team's, those with no team yet, and
    those given to them by name. The same rule as ``access.in_scope``, in SQL."""
    scope = None if viewer is None else scope_of(viewer)
    if viewer is None or scope is None:
        return []
    given = select(CaseAssignment.representation_id).where(
        CaseAssignment.user_id == viewer.id, CaseAssignment.ended_at.is_(None))
    team: ColumnElement[bool] = Representation.team_id.is_(None)
    if scope.team_id is not None:
        team = or_(team, Representation.team_id == scope.team_id)
    return [or_(team, Representation.id.in_(given))]


def visible_ids(session: Session, viewer: User, ids: Iterable[int]) -> set[int]:
    """Which of the representations ``ids`` ``viewer`` may see (see ``visible_to``)."""
    wanted = set(ids)
    conditions = visible_to(viewer)
    if not conditions or not wanted:
        return wanted
    return set(session.scalars(select(Representation.id).where(
        Representation.id.in_(wanted), *conditions)))


def visible_references(session: Session, council_id: int, viewer: User) -> set[str] | None:
    """The references of the council's cases ``viewer`` may see, or None for every case."""
    conditions = visible_to(viewer)
    if not conditions:
        return None
    return set(session.scalars(select(Representation.reference).where(
        Representation.council_id == council_id, *conditions)))


#: Cases listed on the triage page; the rest are counted. Urgent first, then the oldest,
#: so the first are always the ones to triage now, however long the queue.
TRIAGE_LIMIT = 200


def awaiting_triage(session: Session, council_id: int, *, viewer: User | None = None,
                    limit: int | None = None) -> list[Representation]:
    """Everything waiting on triage (that ``viewer`` may see): urgent first, then the
    oldest; the first ``limit`` of them if given. With their people, whose needs say
    whether an interpreter is needed (one query for the list, not one a case)."""
    return list(session.scalars(
        select(Representation)
        .where(*_awaiting_triage(council_id, viewer))
        .options(selectinload(Representation.people))
        .order_by(case((Representation.urgent.is_(True), 0), else_=1),
                  Representation.received_on, Representation.id)
        .limit(limit)))


def awaiting_triage_count(session: Session, council_id: int, *,
                          viewer: User | None = None) -> int:
    return session.scalar(select(func.count()).select_from(Representation)
                          .where(*_awaiting_triage(council_id, viewer))) or 0


def _awaiting_triage(council_id: int, viewer: User | None) -> list[ColumnElement[bool]]:
    return [Representation.council_id == council_id, Representation.status == CaseStatus.NEW,
            *visible_to(viewer)]


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
    """One team's deadlines: one page of ``items``, most urgent first, how many of each
    colour, and how many in all (``total``)."""

    name: str
    key: str  # the team's id, or "none" for cases with no team yet
    items: list[DueItem]
    counts: dict[rules.Rag, int]
    total: int

    @property
    def more(self) -> int:
        """Items beyond the ones listed on the dashboard."""
        return max(self.total - len(self.items), 0)


#: Items per page of one team's list (and of the compliments and learning actions). A
#: longer list is read by nobody, and rendering thousands of rows made the page slow
#: (bench_backoffice.py); the rest are a link away, page by page.
DUE_LIST_LIMIT = 100
#: Items the overview lists for each team (and of the compliments and the learning
#: actions): the most urgent, beside the counts; the rest are on the team's own list, a
#: link away, so nothing overdue is out of reach. A hundred for each of 29 teams made the
#: page grow with the register (2,900 rows at 100,000 cases: bench_staff_pages.py).
DUE_OVERVIEW_LIMIT = 5
NO_TEAM = "none"


def next_deadline(rep: Representation, calendar: WorkingCalendar | None = None,
                  stage2_acknowledge: int | None = None) -> tuple[str, date] | None:
    """The case's next legal deadline and what it is for.

    A review panel asked for on the tracking page has its request date but no
    stored clock yet: with ``calendar`` its 30 working days are counted here, and
    so is a stage 2 acknowledgement (``stage2_acknowledge`` working days, where the
    procedure has one).
    """
    return deadline_from(rep.status, rep.acknowledge_by, rep.acknowledged_on,
                         rep.current_stage, calendar, stage2_acknowledge)


def due_by_team(session: Session, council_id: int, *, today: date,
                calendar: WorkingCalendar, team: str | None = None, page: int = 1,
                limit: int | None = None, viewer: User | None = None) -> list[DueTeam]:
    """Open cases with a deadline (that ``viewer`` may see), by team, most urgent first,
    each red, amber or green.

    Each team lists one page of ``limit`` items (``page``, from 1; ``DUE_LIST_LIMIT``
    unless told); with ``team`` (a :attr:`DueTeam.key`) only that team. The database
    colours each case's stored deadline (due_dates.py), counts them and picks the page
    (due_list.py): reading every open case into Python took half a second at 100,000
    cases, working each deadline out in SQL a tenth of one (bench_staff_pages.py).
    """
    where = [Representation.council_id == council_id, *visible_to(viewer)]
    if team == NO_TEAM:
        where.append(Representation.team_id.is_(None))
    elif team is not None:
        where.append(Representation.team_id == (int(team) if team.isdigit() else -1))
    limit = DUE_LIST_LIMIT if limit is None else limit  # read now: tests shorten it
    first = (page - 1) * limit + 1
    teams: dict[int | None, DueTeam] = {}
    for r in due_list.due_page(session, where, today=today, calendar=calendar,
                               first=first, last=first + limit - 1):
        if r.team_id not in teams:
            counts = {c: int(getattr(r, c.value)) for c in rules.Rag}
            teams[r.team_id] = DueTeam(r.team or "", NO_TEAM if r.team_id is None
                                       else str(r.team_id), [], counts, r.total)
        if r.place >= first:  # else the team's first row, there for its counts
            teams[r.team_id].items.append(
                DueItem(r.reference, r.what, r.due_on, rules.Rag(r.rag)))
    out = list(teams.values())
    return sorted(out, key=lambda t: t.name)


@dataclass(frozen=True)
class ComplimentToShare:
    reference: str
    received_on: date
    team: str


def compliments_to_share(session: Session, council_id: int, *, page: int = 1,
                         limit: int | None = None, viewer: User | None = None
                         ) -> tuple[list[ComplimentToShare], int]:
    """Compliments accepted at triage and not yet passed on to the people praised and
    their manager (that ``viewer`` may see), oldest first: one page of ``limit``
    (``DUE_LIST_LIMIT`` unless told), and how many in all."""
    waiting = (
        select(Representation.reference, Representation.received_on, Team.name)
        .join(Compliment, Compliment.representation_id == Representation.id)
        .outerjoin(Team, Team.id == Representation.team_id)
        .where(Representation.council_id == council_id, Compliment.shared_at.is_(None),
               Representation.status == CaseStatus.CLOSED, *visible_to(viewer)))
    total = session.execute(select(func.count()).select_from(waiting.subquery())).scalar() or 0
    limit = DUE_LIST_LIMIT if limit is None else limit
    rows = session.execute(waiting.order_by(Representation.received_on, Representation.reference)
                           .offset((page - 1) * limit).limit(limit))
    return [ComplimentToShare(r.reference, r.received_on, r.name or "") for r in rows], total


@dataclass(frozen=True)
class LearningDue:
    reference: str
    team: str
    description: str
    owner: str
    due_on: date
    rag: rules.Rag


@dataclass(frozen=True)
class LearningList:
    """One page of the open learning actions, how many in all, and of each colour."""

    items: list[LearningDue]
    total: int
    counts: dict[rules.Rag, int]


def open_learning(session: Session, council_id: int, *, today: date,
                  calendar: WorkingCalendar, page: int = 1, limit: int | None = None,
                  viewer: User | None = None) -> LearningList:
    """Learning actions not yet done (on cases ``viewer`` may see), whatever became of
    their case, soonest due first:
    one page of ``limit`` (``DUE_LIST_LIMIT`` unless told), each red, amber or green by
    the deadlines' rule (rules.rag), so a council sees what it promised to change and has
    not. The database counts them by colour."""
    where = (Representation.council_id == council_id, LearningAction.completed_on.is_(None),
             *visible_to(viewer))
    cut = rules.rag_cutoffs(today=today, calendar=calendar)  # the rule, once for today
    due = LearningAction.due_on
    counted = session.execute(
        select(func.count(),
               func.sum(case((due < cut.amber_from, 1), else_=0)),
               func.sum(case((and_(due >= cut.amber_from, due < cut.green_from), 1),
                             else_=0)))
        .select_from(LearningAction).join(Representation).where(*where)).one()
    total, red, amber = (int(n or 0) for n in counted)
    counts = {rules.Rag.RED: red, rules.Rag.AMBER: amber,
              rules.Rag.GREEN: total - red - amber}
    limit = DUE_LIST_LIMIT if limit is None else limit
    rows = session.execute(
        select(Representation.reference, Team.name, LearningAction.description,
               LearningAction.owner, LearningAction.due_on)
        .join(Representation, Representation.id == LearningAction.representation_id)
        .outerjoin(Team, Team.id == Representation.team_id).where(*where)
        .order_by(LearningAction.due_on, Representation.reference, LearningAction.id)
        .offset((page - 1) * limit).limit(limit))
    items = [LearningDue(r.reference, r.name or "", r.description, r.owner, r.due_on,
                         cut.colour(r.due_on)) for r in rows]
    return LearningList(items, total, counts)


def response_plans(session: Session, representation_id: int) -> list[ResponsePlan]:
    """Every version of the case's response plan, the first agreed first."""
    return list(session.scalars(select(ResponsePlan).where(
        ResponsePlan.representation_id == representation_id).order_by(ResponsePlan.version)))


def compliment_of(session: Session, representation_id: int) -> Compliment | None:
    return session.scalars(select(Compliment).where(
        Compliment.representation_id == representation_id)
        .options(selectinload(Compliment.recipients))).first()


def council_staff(session: Session, council_id: int, *,
                  leave_out: frozenset[Role]) -> list[User]:
    """The council's active accounts but those of roles ``leave_out``, by name."""
    return list(session.scalars(select(User).where(
        User.council_id == council_id, User.active.is_(True), User.role.not_in(leave_out))
        .order_by(User.name, User.id)))


def latest_event(session: Session, representation_id: int, kind: str) -> CaseEvent | None:
    return session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == representation_id, CaseEvent.type == kind)
        .order_by(CaseEvent.id.desc()).limit(1)).first()


def letter_events(session: Session, representation_id: int) -> list[CaseEvent]:
    """The case's ``letter_sent`` events, oldest first: each names the message it sent."""
    return list(session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == representation_id, CaseEvent.type == "letter_sent")
        .order_by(CaseEvent.id)))


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
        # Changes are already in the events; the audit adds views and refusals, and staff's
        # openings of the case's files (the complainant's and the advocate's are events).
        if a.action in ("view", "denied", "timeline_view", "letter_viewed")
        or (a.action == "file_opened" and "by" not in (a.detail or {}))
    ]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries
