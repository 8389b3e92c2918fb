"""The annual report as captioned tables: what every rendering (CSV, HTML, XLSX, PDF) shows.

One function turns the report JSON (and, for year-on-year, the previous
period's) into sections of tables, so the page, the document and the
spreadsheet cannot disagree with the JSON contract or with each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext

from portal.common.filters import date_range
from portal.register.labels import stage_label, value_label
from portal.register.report import Report

Cell = int | float | str | None
TIMELINESS_COLUMNS = ("closed", "base", "extended", "over", "average_working_days")


@dataclass(frozen=True)
class Table:
    """A captioned table: a heading column, numeric columns, and the columns a chart plots.

    ``chart_columns`` are stacked in one bar per row; only whole-number cells
    are charted (a mean or a sum of money is not a count to draw).
    """

    key: str
    caption: str
    row_heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Cell, ...]], ...]
    chart_columns: tuple[int, ...] = (0,)

    def chart_series(self) -> tuple[str, ...]:
        return tuple(self.columns[i] for i in self.chart_columns)


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    tables: tuple[Table, ...]


def period_label(report: Report) -> str:
    """The period as people read it, "1 April 2018 to 31 March 2019" in the reader's
    language; the JSON keeps its ISO dates (REPORT.md)."""
    return date_range(date.fromisoformat(report["period"]["from"]),
                      date.fromisoformat(report["period"]["to"]))


def report_title(report: Report) -> str:
    return gettext(
        "Annual report on complaints, compliments and representations, %(period)s",
        period=period_label(report),
    )


def _own(value: str) -> str:
    return value


class _Builder:
    """Builds tables with the current period's column, and the previous period's if given."""

    def __init__(self, report: Report, previous: Report | None) -> None:
        self.report = report
        self.previous = previous
        self.periods = (period_label(report),) + (
            (period_label(previous),) if previous is not None else ()
        )

    def _at(self, report: Report | None, path: tuple[str, ...]) -> Any:
        found: Any = report
        for part in path:
            if not isinstance(found, dict):
                return None
            found = found.get(part)
        return found

    def counts(
        self,
        key: str,
        caption: str,
        row_heading: str,
        path: tuple[str, ...],
        label: Callable[[str], str] = value_label,
    ) -> Table:
        """A count object as a table; a value only the previous period had shows 0 now."""
        current: dict[str, int] = self._at(self.report, path) or {}
        earlier: dict[str, int] | None = (
            None if self.previous is None else (self._at(self.previous, path) or {})
        )
        values = list(current) + [v for v in (earlier or {}) if v not in current]
        rows = tuple(
            (
                label(value),
                (current.get(value, 0),)
                + (() if earlier is None else (earlier.get(value, 0),)),
            )
            for value in values
        )
        return Table(key, caption, row_heading, self.periods, rows)

    def figures(
        self, key: str, caption: str, row_heading: str, items: list[tuple[str, tuple[str, ...]]]
    ) -> Table:
        """Single figures (a count, a mean, money), one row each, from paths in the report."""
        rows = tuple(
            (
                label,
                (self._at(self.report, path),)
                + (() if self.previous is None else (self._at(self.previous, path),)),
            )
            for label, path in items
        )
        return Table(key, caption, row_heading, self.periods, rows)

    def timeliness(self, key: str, caption: str, path: tuple[str, ...]) -> Table:
        """Stage timeliness; the previous period adds its closed count and mean."""
        current: dict[str, dict[str, Any]] = self._at(self.report, path) or {}
        earlier = None if self.previous is None else (self._at(self.previous, path) or {})
        columns: tuple[str, ...] = (
            gettext("Closed"),
            gettext("Within the base timescale"),
            gettext("Within an extension"),
            gettext("Over the longest timescale"),
            gettext("Average working days"),
        )
        if earlier is not None:
            columns += (
                gettext("Closed, %(period)s", period=self.periods[1]),
                gettext("Average working days, %(period)s", period=self.periods[1]),
            )
        stages = sorted(set(current) | set(earlier or {}), key=int)
        rows = []
        for stage in stages:
            entry = current.get(stage) or {"closed": 0, "base": 0, "extended": 0, "over": 0,
                                           "average_working_days": None}
            cells: tuple[Cell, ...] = tuple(entry[name] for name in TIMELINESS_COLUMNS)
            if earlier is not None:
                before = earlier.get(stage) or {}
                cells += (before.get("closed", 0), before.get("average_working_days"))
            rows.append((stage_label(stage), cells))
        return Table(key, caption, gettext("Stage"), columns, tuple(rows), chart_columns=(1, 2, 3))


def build_sections(report: Report, previous: Report | None = None) -> list[Section]:
    """Every table of the REPORT.md contract, grouped as a published report reads."""
    b = _Builder(report, previous)
    sections = _received_sections(b)
    procedures = list(report["procedures"]) + [
        p for p in (previous or {}).get("procedures", {}) if p not in report["procedures"]
    ]
    for procedure in procedures:
        sections.append(_procedure_section(b, procedure))
    sections += _closing_sections(b)
    return sections


def _received_sections(b: _Builder) -> list[Section]:
    """Before the procedures: representations received, then complaints received."""
    kind = gettext("Kind")
    return [
        Section("received", gettext("Representations received"), (
            b.counts("received", gettext("Representations received, by kind"), kind,
                     ("received",)),
        )),
        Section("complaints", gettext("Complaints received"), (
            b.counts("complaints.by_procedure", gettext("Complaints by procedure"),
                     gettext("Procedure"), ("complaints", "by_procedure")),
            b.counts("complaints.not_accepted_reasons",
                     gettext("Complaints not accepted, by reason"), gettext("Reason"),
                     ("complaints", "not_accepted_reasons")),
            b.counts("complaints.by_method", gettext("Complaints by how they were made"),
                     gettext("Method"), ("complaints", "by_method")),
            b.counts("complaints.by_submitter", gettext("Complaints by who made them"),
                     gettext("Made by"), ("complaints", "by_submitter")),
            b.figures("complaints.children",
                      gettext("Complaints made by children and young people"),
                      gettext("Measure"), [
                          (gettext("Made by the child or young person"),
                           ("complaints", "made_by_child")),
                          (gettext("Made by the child or young person with an advocate"),
                           ("complaints", "made_by_child_with_advocate")),
                      ]),
            b.counts("complaints.acknowledged", gettext("Complaints acknowledged in time"),
                     gettext("Acknowledgement"), ("complaints", "acknowledged")),
        )),
    ]


def _closing_sections(b: _Builder) -> list[Section]:
    """After the procedures: the Ombudsman, compliments, enquiries and equality monitoring."""
    return [
        Section("ombudsman", gettext("The Ombudsman and compensation"), (
            b.figures("ombudsman.referred", gettext("Complaints referred to the Ombudsman"),
                      gettext("Measure"), [(gettext("Referred"), ("ombudsman", "referred"))]),
            b.counts("ombudsman.by_decision", gettext("Ombudsman referrals by decision"),
                     gettext("Decision"), ("ombudsman", "by_decision")),
            b.figures("compensation", gettext("Compensation paid"), gettext("Measure"),
                      [(gettext("Compensation paid (£)"), ("compensation_gbp",))]),
        )),
        Section("compliments", gettext("Compliments"), (
            b.counts("compliments.by_team", gettext("Compliments by team"), gettext("Team"),
                     ("compliments", "by_team"), _own),
            b.counts("compliments.by_category", gettext("Compliments by category"),
                     gettext("Category"), ("compliments", "by_category"), _own),
        )),
        Section("enquiries", gettext("Enquiries from councillors and MPs"), (
            b.figures("enquiries", gettext("Enquiries answered"), gettext("Measure"), [
                (gettext("Answered"), ("enquiries", "answered")),
                (gettext("Answered within 10 working days"), ("enquiries", "in_time")),
                (gettext("Average working days to answer"),
                 ("enquiries", "average_working_days")),
            ]),
        )),
        Section("equality", gettext("Equality monitoring of complainants"), tuple(
            b.counts(f"equality.{name}", caption, heading, ("equality", name), _equality_label)
            for name, caption, heading in (
                ("gender", gettext("Complaints by gender"), gettext("Gender")),
                ("age_band", gettext("Complaints by age band"), gettext("Age band")),
                ("ethnicity", gettext("Complaints by ethnicity"), gettext("Ethnicity")),
                ("disability", gettext("Complaints by disability"), gettext("Disability")),
            )
        )),
    ]


def _equality_label(value: str) -> str:
    # Values are the council's own; only the report's "unknown" is ours.
    return gettext("Not known") if value == "unknown" else value


def _procedure_section(b: _Builder, procedure: str) -> Section:
    base = ("procedures", procedure)
    name = value_label(procedure)
    key = f"procedures.{procedure}"
    return Section(key, name, (
        b.figures(f"{key}.summary", gettext("%(procedure)s: complaints", procedure=name),
                  gettext("Measure"), [
                      (gettext("Complaints received"), (*base, "complaints")),
                      (gettext("Alternative dispute resolution used"), (*base, "adr")),
                  ]),
        b.counts(f"{key}.by_final_stage",
                 gettext("%(procedure)s: complaints by the furthest stage reached",
                         procedure=name),
                 gettext("Stage"), (*base, "by_final_stage"), stage_label),
        b.counts(f"{key}.by_outcome", gettext("%(procedure)s: outcomes", procedure=name),
                 gettext("Outcome"), (*base, "by_outcome")),
        b.counts(f"{key}.by_team", gettext("%(procedure)s: complaints by team", procedure=name),
                 gettext("Team"), (*base, "by_team"), _own),
        b.counts(f"{key}.by_category",
                 gettext("%(procedure)s: complaints by category", procedure=name),
                 gettext("Category"), (*base, "by_category"), _own),
        b.timeliness(f"{key}.final_stage_timeliness",
                     gettext("%(procedure)s: timeliness at the furthest stage reached",
                             procedure=name),
                     (*base, "final_stage_timeliness")),
        b.timeliness(f"{key}.stage_responses",
                     gettext("%(procedure)s: timeliness of all stage responses closed",
                             procedure=name),
                     (*base, "stage_responses")),
        b.counts(f"{key}.extensions",
                 gettext("%(procedure)s: complaints with an extension, by stage",
                         procedure=name),
                 gettext("Stage"), (*base, "extensions"), stage_label),
        b.counts(f"{key}.delay_reasons",
                 gettext("%(procedure)s: reasons for delay", procedure=name),
                 gettext("Reason"), (*base, "delay_reasons")),
    ))


def all_tables(sections: list[Section]) -> list[Table]:
    return [table for section in sections for table in section.tables]


def format_cell(value: Cell) -> str:
    """A cell as text: a missing mean reads as a dash, not as zero."""
    if value is None:
        return "\u2013"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)
