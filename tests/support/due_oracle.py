"""The due and overdue list as it was worked out before the database did it (issue 17):
every open case read, its deadline and colour found in Python. Kept as the oracle the SQL
list (portal/cases/due_list.py) must equal."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from portal.cases.queries import NO_TEAM, DueItem, DueTeam, visible_to
from portal.common.dates import WorkingCalendar
from portal.models.cases import Representation, Stage
from portal.models.councils import Team
from portal.models.staff import User
from portal.procedure import rules
from portal.procedure.deadlines import deadline_from
from portal.vocab.cases import Procedure


def due_by_python(session: Session, council_id: int, *, today: date,
                  calendar: WorkingCalendar, limit: int,
                  stage2_acknowledge: Mapping[Procedure, int] | None = None,
                  team: str | None = None, page: int = 1,
                  viewer: User | None = None) -> list[DueTeam]:
    """The pre-issue-17 ``queries.due_by_team``, ``DUE_LIST_LIMIT`` given as ``limit``."""
    acknowledge = stage2_acknowledge or {}
    earlier = aliased(Stage)
    latest = (select(func.max(earlier.number))
              .where(earlier.representation_id == Representation.id).scalar_subquery())
    query = (
        select(Representation.reference, Representation.status,
               Representation.acknowledge_by.label("case_acknowledge_by"),
               Representation.acknowledged_on.label("case_acknowledged_on"),
               Representation.procedure, Team.id.label("team_id"), Team.name, Stage.number,
               Stage.closed_on, Stage.extended_to_on, Stage.due_on, Stage.requested_on,
               Stage.report_on, Stage.panel_on, Stage.started_on, Stage.acknowledge_by,
               Stage.acknowledged_on)
        .outerjoin(Team, Team.id == Representation.team_id)
        .outerjoin(Stage, and_(Stage.representation_id == Representation.id,
                               Stage.number == latest))
        .where(Representation.council_id == council_id,
               Representation.status.in_(rules.OPEN_STATUSES), *visible_to(viewer)))
    if team == NO_TEAM:
        query = query.where(Representation.team_id.is_(None))
    elif team is not None:
        query = query.where(Representation.team_id == (int(team) if team.isdigit() else -1))
    teams: dict[str, tuple[str, list[DueItem]]] = {}
    for row in session.execute(query):
        stage = row if row.number is not None else None
        found = deadline_from(row.status, row.case_acknowledge_by, row.case_acknowledged_on,
                              stage, calendar,  # type: ignore[arg-type]
                              acknowledge.get(row.procedure))
        if found is None:
            continue
        what, due = found
        key = str(row.team_id) if row.team_id is not None else NO_TEAM
        teams.setdefault(key, (row.name or "", []))[1].append(
            DueItem(row.reference, what, due, rules.rag(due, today=today, calendar=calendar)))
    start = (page - 1) * limit
    out = []
    for key, (name, items) in sorted(teams.items(), key=lambda kv: kv[1][0]):
        items.sort(key=lambda i: (i.due_on, i.reference))
        counts = {colour: sum(1 for i in items if i.rag is colour) for colour in rules.Rag}
        out.append(DueTeam(name, key, items[start:start + limit], counts, len(items)))
    return out
