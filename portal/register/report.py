"""The statutory annual report as a pure function over register rows (spec/REPORT.md).

A council must publish an annual report on its children's social care
complaints procedure (Children Act 1989 Representations Procedure (England)
Regulations 2006, reg. 13(3)). The JSON
returned here is the contract: every renderer (CSV, HTML, XLSX, PDF) shows
these same numbers and nothing else. Reports identify no one: only counts,
durations and money leave this module, never a reference, name or free text
(team and category names are the council's own service names).

Key order. Python dicts keep insertion order and ``json.dumps`` keeps it, so
the order is deterministic and matches the published example exactly:
fixed-shape objects in the order REPORT.md lists their keys, stage-keyed
objects by stage number, and every other count object by descending count
with ties by value name. JSON consumers must not rely on key order (an
object is unordered), but people reading the file do, and a stable order
makes two years' files diff cleanly; the tests pin it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from portal.common.dates import WorkingCalendar
from portal.register.timescales import DEFAULT_TIMESCALES, StageTimescale, Timescales
from portal.vocab.register import (
    STAGED_PROCEDURES,
    DelayReason,
    Kind,
    Method,
    NotAcceptedReason,
    OmbudsmanDecision,
    Outcome,
    Procedure,
    Submitter,
)

Report = dict[str, Any]


class Row(Protocol):
    """What the report reads of a register row: ``csvio.Row`` and the
    lighter ``queries.ReportRow`` both have it."""

    @property
    def kind(self) -> Kind: ...
    @property
    def procedure(self) -> Procedure | None: ...
    @property
    def not_accepted_reason(self) -> NotAcceptedReason | None: ...
    @property
    def received_on(self) -> date: ...
    @property
    def method(self) -> Method: ...
    @property
    def team(self) -> str | None: ...
    @property
    def categories(self) -> tuple[str, ...]: ...
    @property
    def submitter(self) -> Submitter: ...
    @property
    def made_by_child(self) -> bool: ...
    @property
    def advocate(self) -> bool: ...
    @property
    def acknowledged_on(self) -> date | None: ...
    @property
    def stage1_started_on(self) -> date | None: ...
    @property
    def stage1_closed_on(self) -> date | None: ...
    @property
    def stage2_closed_on(self) -> date | None: ...
    @property
    def stage3_panel_on(self) -> date | None: ...
    @property
    def stage3_closed_on(self) -> date | None: ...
    @property
    def outcome(self) -> Outcome | None: ...
    @property
    def delay_reason(self) -> DelayReason | None: ...
    @property
    def adr(self) -> bool: ...
    @property
    def ombudsman_referred_on(self) -> date | None: ...
    @property
    def ombudsman_decision(self) -> OmbudsmanDecision | None: ...
    @property
    def compensation_gbp(self) -> Decimal | None: ...
    @property
    def final_stage(self) -> int | None: ...
    def stage_started_on(self, stage: int) -> date | None: ...
    def stage_closed_on(self, stage: int) -> date | None: ...
    def stage_extended(self, stage: int) -> bool | None: ...

BANDS = ("base", "extended", "over")
EQUALITY_FIELDS = ("gender", "age_band", "ethnicity", "disability")
UNKNOWN = "unknown"
_TENTH = Decimal("0.1")
_PENNY = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    """A reporting period, both ends included (REPORT.md "Received cohort")."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def previous_year(self) -> Period:
        """The same dates a year earlier (29 February becomes 28 February)."""
        return Period(_year_earlier(self.start), _year_earlier(self.end))


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def counts(values: Iterable[str | None]) -> dict[str, int]:
    """Count each value that occurs (None is not a value), largest first, ties by name.

    A value that never occurs is absent, not zero (REPORT.md).
    """
    counter: Counter[Any] = Counter(values)
    counter.pop(None, None)
    return tally(counter)


def tally(counter: Counter[Any]) -> dict[str, int]:
    """A count object from counts already made (the database's GROUP BY, or ``counts``):
    every value that occurs, largest first, ties by name; None and zero are absent."""
    # Vocabulary members (StrEnum) become their plain value, once per distinct value.
    found = [(str(value), number) for value, number in counter.items()
             if value is not None and number]
    return dict(sorted(found, key=lambda item: (-item[1], item[0])))


def average(durations: Sequence[int]) -> float | None:
    """Mean working days rounded half up to one decimal place; None when there are none.

    Why Decimal: ``round()`` on a float rounds the binary value half to even,
    so a mean of exactly 13.25 gives 13.2 and 2.675 is really 2.67499...; a
    published figure must round the true mean half up as people expect
    (13.25 -> 13.3). The sum and count are integers, so the Decimal quotient
    is exact to 28 digits before the one rounding. The float returned is the
    nearest double to a one-decimal value, which JSON prints as that value.
    """
    return mean(sum(durations), len(durations))


def mean(total: int, number: int) -> float | None:
    """``average`` from the sum and the count of the durations (as a GROUP BY gives them)."""
    if not number:
        return None
    exact = Decimal(total) / Decimal(number)
    return float(exact.quantize(_TENTH, rounding=ROUND_HALF_UP))


def timeliness(measured: Iterable[tuple[str, int]]) -> dict[str, Any]:
    """A fixed-shape timeliness entry from (band, working days) of closed responses."""
    entries = list(measured)
    band_counts = Counter(band for band, _ in entries)
    return {
        "closed": len(entries),
        **{band: band_counts[band] for band in BANDS},
        "average_working_days": average([days for _, days in entries]),
    }


def _by_stage(values: dict[int, Any]) -> dict[str, Any]:
    return {str(stage): values[stage] for stage in sorted(values)}


@dataclass(frozen=True)
class Measure:
    """Measures stage responses against the timescales with one working-day calendar.

    Public because the database's report (report_db.py) measures its grouped
    dates with these same rules.
    """

    timescales: Timescales
    calendar: WorkingCalendar
    # A year's responses share a few thousand (start, end) pairs: count each once.
    _days: dict[tuple[date, date], int] = field(default_factory=dict, repr=False)

    def days(self, start: date, end: date) -> int:
        key = (start, end)
        found = self._days.get(key)
        if found is None:
            found = self._days[key] = self.calendar.working_days_between(start, end)
        return found

    def stage(self, row: Row, stage: int) -> tuple[str, int]:
        """(band, duration) of a closed stage response (REPORT.md "Duration", "Bands")."""
        assert row.procedure is not None
        return self.response(row.procedure, stage, row.stage_started_on(stage),
                             row.stage_closed_on(stage), row.stage3_panel_on)

    def response(self, procedure: Procedure, stage: int, started: date | None,
                 closed: date | None, panel: date | None) -> tuple[str, int]:
        """(band, duration) of a closed response of ``stage`` under ``procedure``."""
        # csvio guarantees a start date wherever there is a closing date.
        assert started is not None
        assert closed is not None
        duration = self.days(started, closed)
        scale = self.timescales.stage(procedure, stage)
        if stage == 3 and procedure is Procedure.CHILDREN_STATUTORY:
            # The review panel must meet within 30 working days of the request
            # (2006 Regulations); there is no extension. A panel date that was
            # never recorded cannot show the panel met in time.
            in_time = panel is not None and self.days(started, panel) <= scale.base
            return ("base" if in_time else "over"), duration
        return _band(duration, scale), duration

    def acknowledged(self, row: Row) -> str:
        return self.acknowledgement(row.procedure, row.received_on, row.acknowledged_on)

    def acknowledgement(self, procedure: Procedure | None, received: date,
                        acknowledged: date | None) -> str:
        """``in_time``, ``late`` or ``not_recorded`` (REPORT.md ``acknowledged``)."""
        if acknowledged is None:
            return "not_recorded"
        assert procedure is not None
        allowed = self.timescales.acknowledgement[procedure]
        return "in_time" if self.days(received, acknowledged) <= allowed else "late"


def _band(duration: int, scale: StageTimescale) -> str:
    if duration <= scale.base:
        return "base"
    if duration <= scale.longest:
        return "extended"
    return "over"


def annual_report(
    rows: Iterable[Row],
    *,
    period_from: date,
    period_to: date,
    timescales: Timescales = DEFAULT_TIMESCALES,
    calendar: WorkingCalendar,
) -> Report:
    """The annual report JSON for a period (spec/REPORT.md), as a dict in contract order."""
    period = Period(period_from, period_to)
    measure = Measure(timescales, calendar)
    all_rows = list(rows)
    cohort = [row for row in all_rows if period.start <= row.received_on <= period.end]
    complaints = [row for row in cohort if row.kind is Kind.COMPLAINT]
    closed_cohort = [row for row in all_rows if row.kind is Kind.COMPLAINT
                     and _closed_in(row, period)]
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "received": counts(row.kind.value for row in cohort),
        "complaints": _complaints(complaints, measure),
        "procedures": _procedures(complaints, closed_cohort, period, measure),
        "ombudsman": _ombudsman(complaints),
        "compensation_gbp": _money(cohort),
        "compliments": _compliments(cohort),
        "enquiries": _enquiries(cohort, measure),
        "equality": _equality(complaints),
    }


def _closed_in(row: Row, period: Period) -> bool:
    """Whether any stage response of the row closed in the period (the closed cohort)."""
    start, end = period.start, period.end
    return any(
        closed is not None and start <= closed <= end
        for closed in (row.stage1_closed_on, row.stage2_closed_on, row.stage3_closed_on)
    )


def _complaints(complaints: list[Row], measure: Measure) -> dict[str, Any]:
    """All complaints of the received cohort, every procedure (REPORT.md ``complaints``)."""
    acknowledged = Counter(measure.acknowledged(row) for row in complaints)
    return {
        "by_procedure": counts(row.procedure for row in complaints),
        "not_accepted_reasons": counts(
            row.not_accepted_reason
            for row in complaints
            if row.procedure is Procedure.NOT_ACCEPTED
        ),
        "by_method": counts(row.method for row in complaints),
        "by_submitter": counts(row.submitter for row in complaints),
        "made_by_child": sum(1 for row in complaints if row.made_by_child),
        "made_by_child_with_advocate": sum(
            1 for row in complaints if row.made_by_child and row.advocate
        ),
        "acknowledged": {key: acknowledged[key] for key in ("in_time", "late", "not_recorded")},
    }


def _procedures(
    complaints: list[Row],
    closed_cohort: list[Row],
    period: Period,
    measure: Measure,
) -> dict[str, Any]:
    """One entry per staged procedure with received or closed complaints in the period."""
    result = {}
    for procedure in STAGED_PROCEDURES:
        received = [row for row in complaints if row.procedure is procedure]
        closed = [row for row in closed_cohort if row.procedure is procedure]
        if received or closed:
            result[procedure.value] = _procedure(received, closed, period, measure)
    return result


def _procedure(
    received: list[Row],
    closed: list[Row],
    period: Period,
    measure: Measure,
) -> dict[str, Any]:
    final_stages = Counter(row.final_stage for row in received if row.final_stage is not None)
    final_closed: dict[int, list[tuple[str, int]]] = {}
    for row in received:
        stage = row.final_stage
        if stage is not None and row.stage_closed_on(stage) is not None:
            final_closed.setdefault(stage, []).append(measure.stage(row, stage))
    responses: dict[int, list[tuple[str, int]]] = {}
    for row in closed:
        for stage in (1, 2, 3):
            if row.stage_closed_on(stage) in period:
                responses.setdefault(stage, []).append(measure.stage(row, stage))
    extensions = Counter(
        stage for row in received for stage in (1, 2) if row.stage_extended(stage)
    )
    return {
        "complaints": len(received),
        "by_final_stage": _by_stage(dict(final_stages)),
        "by_outcome": counts(row.outcome or "open" for row in received),
        "by_team": counts(row.team for row in received),
        "by_category": counts(category for row in received for category in row.categories),
        "final_stage_timeliness": _by_stage(
            {stage: timeliness(found) for stage, found in final_closed.items()}
        ),
        "stage_responses": _by_stage(
            {stage: timeliness(found) for stage, found in responses.items()}
        ),
        "extensions": _by_stage(dict(extensions)),
        "delay_reasons": counts(row.delay_reason for row in received),
        "adr": sum(1 for row in received if row.adr),
    }


def _ombudsman(complaints: list[Row]) -> dict[str, Any]:
    referred = [row for row in complaints if row.ombudsman_referred_on is not None]
    return {
        "referred": len(referred),
        "by_decision": counts(row.ombudsman_decision for row in referred),
    }


def _money(cohort: list[Row]) -> str:
    total = sum((row.compensation_gbp or Decimal(0) for row in cohort), Decimal(0))
    return f"{total.quantize(_PENNY)}"


def _compliments(cohort: list[Row]) -> dict[str, Any]:
    compliments = [row for row in cohort if row.kind is Kind.COMPLIMENT]
    return {
        "by_team": counts(row.team for row in compliments),
        "by_category": counts(category for row in compliments for category in row.categories),
    }


def _enquiries(cohort: list[Row], measure: Measure) -> dict[str, Any]:
    """Councillors' and MPs' enquiries answered, and within 10 working days."""
    durations = [
        # For an enquiry stage 1 starts when it arrives (REGISTER.md); an old
        # record without that date started on receipt.
        measure.days(row.stage1_started_on or row.received_on, row.stage1_closed_on)
        for row in cohort
        if row.kind is Kind.ENQUIRY and row.stage1_closed_on is not None
    ]
    return {
        "answered": len(durations),
        "in_time": sum(1 for days in durations if days <= measure.timescales.enquiry),
        "average_working_days": average(durations),
    }


def _equality(complaints: list[Row]) -> dict[str, Any]:
    """Equality monitoring as recorded; an empty cell counts as ``unknown`` (REPORT.md)."""
    return {
        name: counts(getattr(row, name) or UNKNOWN for row in complaints)
        for name in EQUALITY_FIELDS
    }


def has_rows_in(rows: Iterable[Row], period: Period) -> bool:
    """Whether the register holds anything received in the period (for year-on-year)."""
    return any(row.received_on in period for row in rows)
