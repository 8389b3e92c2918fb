"""Red, amber and green timeliness of open cases per team, as councils use to chase them.

A case is open when its latest stage has started and has no response yet
(complaints under a staged procedure, and councillors' and MPs' enquiries).
Its deadline is the stage's base timescale from the stage's start, or the
longest timescale when an extension was agreed (the children's review panel:
30 working days from the request, no extension). The colour is the case
rule's (``portal.procedure.rules.rag``): red when overdue, amber when due within
3 working days, else green. Counts only: no case is named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from portal.common.dates import WorkingCalendar
from portal.procedure.rules import Rag, rag
from portal.register.report import Row
from portal.register.timescales import Timescales
from portal.vocab.register import STAGED_PROCEDURES, Kind, Procedure

NOT_RECORDED = "not_recorded"


def open_stage(row: Row) -> int | None:
    """The stage an open case is waiting on, or None when it is not waiting on one."""
    if row.kind is Kind.ENQUIRY:
        return 1 if row.stage1_started_on is not None and row.stage1_closed_on is None else None
    if row.kind is not Kind.COMPLAINT or row.procedure not in STAGED_PROCEDURES:
        return None
    if row.outcome is not None:
        return None
    stage = row.final_stage
    if stage is None or row.stage_closed_on(stage) is not None:
        return None
    return stage


def due_on(row: Row, stage: int, *, timescales: Timescales, calendar: WorkingCalendar) -> date:
    """The working-day deadline of an open stage (DOMAIN.md timescales)."""
    started = row.stage_started_on(stage)
    assert started is not None
    return deadline(row.kind, row.procedure, stage, started, row.stage_extended(stage),
                    timescales=timescales, calendar=calendar)


def deadline(kind: Kind, procedure: Procedure | None, stage: int, started: date,
             extended: bool | None, *, timescales: Timescales,
             calendar: WorkingCalendar) -> date:
    """``due_on`` from the stage's facts alone, as the database's grouped rows give them."""
    if kind is Kind.ENQUIRY:
        return calendar.add_working_days(started, timescales.enquiry)
    assert procedure is not None
    scale = timescales.stage(procedure, stage)
    if stage == 3 and procedure is Procedure.CHILDREN_STATUTORY:
        return calendar.add_working_days(started, scale.base)  # the panel: no extension
    days = scale.longest if extended else scale.base
    return calendar.add_working_days(started, days)


def timeliness_by_team(rows: Iterable[Row], *, today: date, timescales: Timescales,
                       calendar: WorkingCalendar) -> dict[str, Any]:
    """Open cases per team by colour, the teams with most red first."""
    colours: dict[str, Counter[Rag]] = {}
    for row in rows:
        stage = open_stage(row)
        if stage is None:
            continue
        due = due_on(row, stage, timescales=timescales, calendar=calendar)
        team = row.team or NOT_RECORDED
        colours.setdefault(team, Counter())[rag(due, today=today, calendar=calendar)] += 1
    return by_team(colours, today=today)


def by_team(colours: dict[str, Counter[Rag]], *, today: date) -> dict[str, Any]:
    """The timeliness report from the colours counted per team, the most red first."""
    order = sorted(colours, key=lambda t: (-colours[t][Rag.RED], -colours[t][Rag.AMBER], t))
    return {
        "on": today.isoformat(),
        "teams": {
            team: {colour.value: colours[team][colour] for colour in Rag} for team in order
        },
    }
