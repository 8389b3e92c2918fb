"""Advocacy figures for the annual report: offered, accepted, assigned within target, average
working days to assign, by provider.

``summarise`` is pure (rows in, a JSON-able dict out); ``advocacy_figures`` reads the
rows for one council and period. Counts only: the report must not identify anyone
(DOMAIN.md). Each row is one representation's advocacy, so a child who made two
complaints in the year counts twice, as the register counts representations.

Legal source: Children Act 1989 s.26A(5): the council monitors its advocacy
arrangements; the Representations Procedure (England) Regulations 2006 reg. 13(3)
require the annual report to cover them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.common.dates import WorkingCalendar, calendar_for
from portal.councils.services import council_settings
from portal.models.advocacy import AdvocacyCase, AdvocacyProvider
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.procedure import advocacy as rules
from portal.vocab.advocacy import Answer
from portal.vocab.cases import Advocacy


@dataclass(frozen=True)
class FigureRow:
    """What the figures need of one child's advocacy."""

    answer: str | None
    requested_on: date | None
    assigned_on: date | None
    provider: str | None
    in_house: bool = False
    filed_by_advocate: bool = False


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _counts(rows: list[FigureRow], *, target: int, calendar: WorkingCalendar, today: date
            ) -> dict[str, Any]:
    days: list[int] = []
    within = late = waiting = overdue = 0
    for row in rows:
        if row.requested_on is None:
            continue
        state = rules.timeliness(row.requested_on, row.assigned_on, today=today, target=target,
                                 calendar=calendar)
        if row.assigned_on is not None:
            days.append(rules.working_days_to_assign(row.requested_on, row.assigned_on,
                                                     calendar=calendar))
        if state is rules.Timeliness.ASSIGNED_IN_TIME:
            within += 1
        elif state is rules.Timeliness.ASSIGNED_LATE:
            late += 1
        else:
            waiting += 1
            overdue += state is rules.Timeliness.OVERDUE
    return {
        "assigned": within + late,
        "assigned_within_target": within,
        "assigned_late": late,
        "waiting": waiting,
        "waiting_overdue": overdue,
        "average_working_days_to_assign": _average(days),
    }


def summarise(rows: Iterable[FigureRow], *, target: int, calendar: WorkingCalendar,
              today: date) -> dict[str, Any]:
    """The advocacy figures of a year's rows (JSON-able).

    Offered: every child whose advocacy the portal recorded, except those who
    came with an advocate already (they are counted apart). Accepted: the
    child said yes (asking for one counts as yes). Time to assign runs from
    the child's request to the first advocate assigned, in working days
    (WORKING-DAYS.md), against the council's target.
    """
    rows = list(rows)
    offered = [r for r in rows if not r.filed_by_advocate]
    accepted = [r for r in offered if r.requested_on is not None]
    result: dict[str, Any] = {
        "target_working_days": target,
        "already_had_advocate": sum(r.filed_by_advocate for r in rows),
        "offered": len(offered),
        "accepted": len(accepted),
        "declined": sum(r.answer == Answer.DECLINED.value for r in offered),
        **_counts(accepted, target=target, calendar=calendar, today=today),
    }
    providers: dict[tuple[str | None, bool], list[FigureRow]] = {}
    for row in accepted:
        providers.setdefault((row.provider, row.in_house), []).append(row)
    result["by_provider"] = [
        {"provider": name, "in_house": in_house, "children": len(group),
         **_counts(group, target=target, calendar=calendar, today=today)}
        # Named providers alphabetically; "not yet referred" (None) last.
        for (name, in_house), group in sorted(providers.items(),
                                              key=lambda kv: (kv[0][0] is None, kv[0][0] or ""))
    ]
    return result


def advocacy_figures(session: Session, council: Council, *, start: date, end: date,
                     today: date) -> dict[str, Any]:
    """The annual report's advocacy figures for representations received from ``start`` to
    ``end`` inclusive (e.g. 1 April to 31 March), as of ``today``. JSON-able."""
    rows = session.execute(
        select(AdvocacyCase, Representation.advocacy, AdvocacyProvider.name,
               AdvocacyProvider.in_house)
        .join(Representation, Representation.id == AdvocacyCase.representation_id)
        .outerjoin(AdvocacyProvider, AdvocacyProvider.id == AdvocacyCase.provider_id)
        .where(Representation.council_id == council.id,
               Representation.received_on >= start, Representation.received_on <= end)
    ).all()
    figure_rows = [
        FigureRow(
            answer=case.answer,
            requested_on=case.requested_on,
            assigned_on=case.assigned_on,
            provider=provider,
            in_house=bool(in_house),
            filed_by_advocate=advocacy is Advocacy.HAS_ADVOCATE
            or bool((case.notes or {}).get("filed_by_advocate")),
        )
        for case, advocacy, provider, in_house in rows
    ]
    # Children who came with an advocate but whose record the portal never opened.
    figure_rows.extend(
        FigureRow(answer=None, requested_on=None, assigned_on=None, provider=None,
                  filed_by_advocate=True)
        for _ in session.scalars(
            select(Representation.id).where(
                Representation.council_id == council.id,
                Representation.received_on >= start, Representation.received_on <= end,
                Representation.advocacy == Advocacy.HAS_ADVOCATE,
                Representation.id.not_in(select(AdvocacyCase.representation_id)),
            )
        )
    )
    settings = council_settings(council)
    result = summarise(figure_rows, target=settings.advocacy_target_working_days,
                       calendar=calendar_for(council.nation), today=today)
    return {"period": {"from": start.isoformat(), "to": end.isoformat()},
            "as_of": today.isoformat(), **result}

