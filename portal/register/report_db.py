"""The annual report and the timeliness report, counted by the database.

``report.annual_report`` defines the report over register rows and stays the
contract (the CSV examples, the unit tests); loading a whole register into
Python to count it took seconds at 100,000 rows. Here the database counts
(report_sql.py: GROUP BY, both years in one pass) and this module adds the
grouped counts up into exactly the same JSON, measuring the grouped dates
with the same rules (``report.Measure``, ``rag.deadline``). The integration
tests build varied registers and assert the two reports are equal, on SQLite
and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from portal.common.dates import CalendarRangeError, WorkingCalendar
from portal.procedure.rules import Rag, rag
from portal.register import report_sql as sql
from portal.register.bulk import paused_gc
from portal.register.rag import NOT_RECORDED, by_team, deadline
from portal.register.report import (
    BANDS,
    EQUALITY_FIELDS,
    UNKNOWN,
    Measure,
    Period,
    Report,
    mean,
    tally,
)
from portal.register.timescales import Timescales
from portal.vocab.register import STAGED_PROCEDURES, Kind, Procedure

_PENNY = Decimal("0.01")
_PROCEDURES: dict[Any, Procedure] = dict(Procedure._value2member_map_)  # type: ignore[arg-type]
#: Closed stage responses' running totals: how many, how many in each of ``BANDS``
#: (places 1 to 3, as ``_BASE``...), and their working days added up.
Timing = list[int]
_BASE, _EXTENDED, _OVER = 1, 2, 3


@dataclass
class _Procedure:
    """What one staged procedure's entry counts in one period."""

    complaints: int = 0
    final_stages: Counter[int] = field(default_factory=Counter)
    outcomes: Counter[Any] = field(default_factory=Counter)
    teams: Counter[Any] = field(default_factory=Counter)
    categories: Counter[Any] = field(default_factory=Counter)
    final_closed: defaultdict[int, Timing] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0, 0, 0, 0]))
    responses: defaultdict[int, Timing] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0, 0, 0, 0]))
    extensions: Counter[int] = field(default_factory=Counter)
    delays: Counter[Any] = field(default_factory=Counter)
    adr: int = 0


@dataclass
class _Year:
    """The grouped counts of one period, as the queries bring them."""

    received: Counter[Any] = field(default_factory=Counter)
    by_procedure: Counter[Any] = field(default_factory=Counter)
    not_accepted: Counter[Any] = field(default_factory=Counter)
    by_method: Counter[Any] = field(default_factory=Counter)
    by_submitter: Counter[Any] = field(default_factory=Counter)
    complaints: int = 0
    made_by_child: int = 0
    with_advocate: int = 0
    acknowledged: Counter[str] = field(default_factory=Counter)
    procedures: defaultdict[Procedure, _Procedure] = field(
        default_factory=lambda: defaultdict(_Procedure))
    referred: int = 0
    decisions: Counter[Any] = field(default_factory=Counter)
    pennies: int = 0
    compliment_teams: Counter[Any] = field(default_factory=Counter)
    compliment_categories: Counter[Any] = field(default_factory=Counter)
    #: Enquiries answered: how many, how many in time, their working days added up.
    enquiries: list[int] = field(default_factory=lambda: [0, 0, 0])
    #: Complaints with equality monitoring; the others are unknown throughout.
    monitored: int = 0
    equality: dict[str, Counter[Any]] = field(
        default_factory=lambda: {name: Counter() for name in EQUALITY_FIELDS})


Rows = sql.Grouped


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


@dataclass(frozen=True)
class _DayIndexMeasure(Measure):
    """``Measure`` over the driver's own date values, each distinct day read once.

    The working days between two days (``WorkingCalendar.working_days_between``,
    a < x <= b) are the difference of the days' indexes, the working days from
    the calendar's first day to each: a year's tens of thousands of grouped
    (start, end) pairs then cost a subtraction each, on a few hundred days.
    """

    _index: dict[Any, int] = field(default_factory=dict, repr=False)

    def days(self, start: Any, end: Any) -> int:
        index = self._index
        try:
            begin = index[start] if start in index else self._count(start)
            finish = index[end] if end in index else self._count(end)
        except CalendarRangeError:
            # Outside the holiday calendar: the calendar's own answer (0 or its error).
            return Measure.days(self, _day(start), _day(end))
        return finish - begin if finish > begin else 0

    def _count(self, value: Any) -> int:
        day, calendar = _day(value), self.calendar
        if not calendar.first <= day <= calendar.last:
            raise CalendarRangeError(day.isoformat())
        found = self._index[value] = calendar.working_days_between(calendar.first, day)
        return found


def _representations(years: list[_Year], rows: Rows, slots: Slots, measure: Measure) -> None:
    for (kind, procedure, reason, method, submitter, by_child, with_advocate, adr, decision,
         *counts) in rows:
        staged = procedure in STAGED_PROCEDURES
        for index, at in slots:
            number, referred, pennies = counts[3 * at:3 * at + 3]
            if not number:
                continue
            year = years[index]
            year.received[kind] += number
            year.pennies += sql.pennies_of(pennies)
            if kind is not Kind.COMPLAINT:
                continue
            year.complaints += number
            year.by_procedure[procedure] += number
            if procedure is Procedure.NOT_ACCEPTED:
                year.not_accepted[reason] += number
            year.by_method[method] += number
            year.by_submitter[submitter] += number
            if by_child:
                year.made_by_child += number
                if with_advocate:
                    year.with_advocate += number
            year.referred += referred
            year.decisions[decision] += referred
            if staged:
                entry = year.procedures[procedure]
                entry.complaints += number
                if adr:
                    entry.adr += number


def _teams(years: list[_Year], rows: Rows, slots: Slots, measure: Measure) -> None:
    for kind, procedure, team, outcome, delay, *counts in rows:
        for index, at in slots:
            number = counts[at]
            if not number:
                continue
            if kind is Kind.COMPLIMENT:
                years[index].compliment_teams[team] += number
            elif procedure in STAGED_PROCEDURES:
                entry = years[index].procedures[procedure]
                entry.teams[team] += number
                # No outcome yet counts as open (report.py ``by_outcome``).
                entry.outcomes[outcome or "open"] += number
                entry.delays[delay] += number


def _equality(years: list[_Year], rows: Rows, slots: Slots, measure: Measure) -> None:
    width = len(EQUALITY_FIELDS)
    for row in rows:
        fields, counts = row[:width], row[width:]
        for index, at in slots:
            number = counts[at]
            year = years[index]
            year.monitored += number
            for name, value in zip(EQUALITY_FIELDS, fields, strict=True):
                # An empty cell counts as unknown (REPORT.md ``equality``).
                year.equality[name][value or UNKNOWN] += number


def _categories(years: list[_Year], rows: Rows, slots: Slots, measure: Measure) -> None:
    for kind, procedure, name, *counts in rows:
        for index, at in slots:
            number = counts[at]
            if not number:
                continue
            if kind is Kind.COMPLIMENT:
                years[index].compliment_categories[name] += number
            elif procedure in STAGED_PROCEDURES:
                years[index].procedures[procedure].categories[name] += number


def _acknowledgements(years: list[_Year], rows: Rows, slots: Slots, measure: Measure
                      ) -> None:
    for procedure, received, acknowledged, *counts in rows:
        for index, at in slots:
            number = counts[at]
            if number:
                years[index].acknowledged[
                    measure.acknowledgement(procedure, received, acknowledged)] += number


def _stages(years: list[_Year], rows: Rows, slots: Slots, measure: Measure) -> None:
    """Final stages, extensions, responses and enquiries from one tuple per stage.

    Each closed response is measured once (``_Timer``) and counted straight into its
    figures' running totals: tens of thousands of rows, so no call or list per row
    that can be spared.
    """
    timer = _Timer(measure)
    allowed = measure.timescales.enquiry
    for (received, closed_in, kind, stored, stage, started, closed, panel, extended,
         final) in rows:
        if kind == Kind.ENQUIRY:  # raw text (report_sql.stages): equal to the member
            days = timer.days(started, closed)
            totals = years[received].enquiries
            totals[0] += 1
            totals[1] += days <= allowed
            totals[2] += days
            continue
        procedure = _PROCEDURES[stored]
        if closed is not None:
            band, days = timer.response(procedure, stage, started, closed, panel)
        if received is not None:
            entry = years[received].procedures[procedure]
            if final:
                entry.final_stages[stage] += 1
                if closed is not None:
                    totals = entry.final_closed[stage]
                    totals[0] += 1
                    totals[band] += 1
                    totals[4] += days
            if extended and stage < 3:  # stage 3 has no extension
                entry.extensions[stage] += 1
        if closed_in is not None:
            totals = years[closed_in].procedures[procedure].responses[stage]
            totals[0] += 1
            totals[band] += 1
            totals[4] += days


class _Timer:
    """``Measure.response`` as (band's place in ``Timing``, working days), with each
    procedure's and stage's timescale looked up once and each day's index read from
    the measure's (``_DayIndexMeasure``)."""

    def __init__(self, measure: Measure) -> None:
        self.measure = measure
        self.index: dict[Any, int] = getattr(measure, "_index", {})
        self.scales: dict[tuple[Procedure, int], tuple[int, int | None]] = {}

    def days(self, started: Any, closed: Any) -> int:
        index = self.index
        if started in index and closed in index:
            days = index[closed] - index[started]
            return days if days > 0 else 0
        return self.measure.days(started, closed)

    def response(self, procedure: Procedure, stage: int, started: Any, closed: Any,
                 panel: Any) -> tuple[int, int]:
        days = self.days(started, closed)
        scale = self.scales.get((procedure, stage))
        if scale is None:
            found = self.measure.timescales.stage(procedure, stage)
            # The review panel's rule (report.Measure.response): base when it met in
            # time, else over; there is no extension.
            panel_rule = stage == 3 and procedure is Procedure.CHILDREN_STATUTORY
            scale = self.scales[(procedure, stage)] = (
                found.base, None if panel_rule else found.longest)
        base, longest = scale
        if longest is None:
            in_time = panel is not None and self.measure.days(started, panel) <= base
            return (_BASE if in_time else _OVER), days
        return (_BASE if days <= base else _EXTENDED if days <= longest else _OVER), days


#: (the report's index of a period, its place among the query's per-period counts)
Slots = list[tuple[int, int]]
Query = Callable[[Connection, int, sql.Periods], Rows]
Adder = Callable[[list[_Year], Rows, Slots, Measure], None]
_PARTS: tuple[tuple[Query, Adder], ...] = (
    (sql.representations, _representations),
    (sql.teams_and_outcomes, _teams),
    (sql.equality, _equality),
    (sql.categories, _categories),
    (sql.acknowledgements, _acknowledgements),
    (sql.stages, _stages),
)


def _passes(periods: Sequence[Period]) -> list[list[tuple[int, sql.Span]]]:
    """The periods in groups that do not overlap: one pass of the queries per group.

    A CASE puts a row in one period only, so periods that share days (a period
    longer than a year and the year before it) need a pass each; a year and
    the year before share one pass.
    """
    passes: list[list[tuple[int, sql.Span]]] = []
    for index, period in enumerate(periods):
        span = (period.start, period.end)
        for group in passes:
            if all(period.end < start or end < period.start for _, (start, end) in group):
                group.append((index, span))
                break
        else:
            passes.append([(index, span)])
    return passes


def database_reports(session: Session, council_id: int, *, period: Period,
                     timescales: Timescales, calendar: WorkingCalendar
                     ) -> tuple[Report, Report | None]:
    """The annual report for ``period``, and the year before's when the register holds
    anything received in it: ``services.annual_reports`` over ``report_rows``, counted
    by the database."""
    periods = [period, period.previous_year()]
    years = [_Year() for _ in periods]
    measure = _DayIndexMeasure(timescales, calendar)
    connection = session.connection()
    with paused_gc():
        for group in _passes(periods):
            slots = [(index, at) for at, (index, _) in enumerate(group)]
            for query, add in _PARTS:
                add(years, query(connection, council_id, group), slots, measure)
    reports = [_report(year, found, measure) for year, found in zip(years, periods, strict=True)]
    previous = reports[1] if sum(years[1].received.values()) else None
    return reports[0], previous


def _report(year: _Year, period: Period, measure: Measure) -> Report:
    """The JSON of ``report.annual_report``, key for key, from one period's counts."""
    total = (Decimal(year.pennies) / 100).quantize(_PENNY)
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "received": tally(year.received),
        "complaints": {
            "by_procedure": tally(year.by_procedure),
            "not_accepted_reasons": tally(year.not_accepted),
            "by_method": tally(year.by_method),
            "by_submitter": tally(year.by_submitter),
            "made_by_child": year.made_by_child,
            "made_by_child_with_advocate": year.with_advocate,
            "acknowledged": {key: year.acknowledged[key]
                             for key in ("in_time", "late", "not_recorded")},
        },
        "procedures": {
            procedure.value: _procedure(year.procedures[procedure])
            for procedure in STAGED_PROCEDURES
            if procedure in year.procedures and (year.procedures[procedure].complaints
                                                 or year.procedures[procedure].responses)
        },
        "ombudsman": {"referred": year.referred, "by_decision": tally(year.decisions)},
        "compensation_gbp": f"{total}",
        "compliments": {"by_team": tally(year.compliment_teams),
                        "by_category": tally(year.compliment_categories)},
        "enquiries": _enquiry_figures(year.enquiries),
        "equality": {name: tally(year.equality[name] + Counter(
            {UNKNOWN: year.complaints - year.monitored})) for name in EQUALITY_FIELDS},
    }


def _procedure(entry: _Procedure) -> dict[str, Any]:
    return {
        "complaints": entry.complaints,
        "by_final_stage": _by_stage(dict(entry.final_stages)),
        "by_outcome": tally(entry.outcomes),
        "by_team": tally(entry.teams),
        "by_category": tally(entry.categories),
        "final_stage_timeliness": _by_stage(
            {stage: _timeliness(found) for stage, found in entry.final_closed.items()}),
        "stage_responses": _by_stage(
            {stage: _timeliness(found) for stage, found in entry.responses.items()}),
        "extensions": _by_stage({stage: n for stage, n in entry.extensions.items() if n}),
        "delay_reasons": tally(entry.delays),
        "adr": entry.adr,
    }


def _by_stage(values: dict[int, Any]) -> dict[str, Any]:
    return {str(stage): values[stage] for stage in sorted(values)}


def _timeliness(totals: Timing) -> dict[str, Any]:
    """``report.timeliness`` from a stage's running totals (``Timing``)."""
    closed, *bands, days = totals
    return {"closed": closed, **dict(zip(BANDS, bands, strict=True)),
            "average_working_days": mean(days, closed)}


def _enquiry_figures(totals: list[int]) -> dict[str, Any]:
    answered, in_time, days = totals
    return {"answered": answered, "in_time": in_time,
            "average_working_days": mean(days, answered)}


def database_timeliness(session: Session, council_id: int, *, today: date,
                        timescales: Timescales, calendar: WorkingCalendar) -> dict[str, Any]:
    """``rag.timeliness_by_team`` over the council's register, counted by the database."""
    colours: dict[str, Counter[Rag]] = {}
    for team, kind, procedure, stage, started, extended, number in sql.open_stages(
            session.connection(), council_id):
        # Stage 3 has no extension (row.StageAccess.stage_extended).
        due = deadline(kind, procedure, stage, started, bool(extended) if stage < 3 else None,
                       timescales=timescales, calendar=calendar)
        colour = rag(due, today=today, calendar=calendar)
        colours.setdefault(team or NOT_RECORDED, Counter())[colour] += number
    return by_team(colours, today=today)
