"""The deadlines of the open cases a register import brings in (issue 15, part 7).

A register file (spec/REGISTER.md) holds each stage's dates, not its deadlines: the
procedure gives those. An imported stage that is still open gets the deadlines the
portal would have given it, counted from the dates in the file by the same rule
functions (portal/procedure/rules.py) with the council's own timescales and working-day
calendar, so it is on the due and overdue list, and on triage, like any other case:

- an unacknowledged case awaiting triage or at stage 1: its acknowledgement date,
  counted from receipt (spec/ROUTING.md's timescales, as routing counts it);
- stage 1: due from receipt, or from the acknowledgement where the clock runs from
  it (``rules.stage1_due``); an enquiry's reply in the council's working days; in
  England an adult social care response within six months, as no response plan is
  in the file (``rules.adult_response_due``);
- stage 2: due from its start (``rules.stage2_due``): the statement of complaint
  agreed, or for a corporate complaint in England its acknowledgement, which the
  portal writes as the stage's start, and so the acknowledgement is recorded too;
- stage 3: the panel within 30 working days of the request (the file's stage 3
  start: REGISTER.md), or its report within 5 of the panel's date when the file has it.

A stage the file says was extended, without saying to when, is given the furthest
date the extension could reach (the stage's latest), so it is never shown overdue
before the law would make it so. A case that is deferred, or waits on the
complainant's next step, has no deadline running. Closed cases get none.

Pure: the council's rules are read once and every row is computed in Python, so a
100,000-row import costs no query more. :class:`Clocks` also counts, as it goes,
the open cases brought in and those already overdue on ``today`` (the due list's
own rule: ``procedure.deadlines.deadline_from``, ``procedure.rules.is_overdue``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext

from portal.common.dates import CalendarRangeError, Nation, WorkingCalendar
from portal.councils.services import council_calendar, routing_settings_for
from portal.models.councils import Council
from portal.procedure import rules
from portal.procedure.deadlines import deadline_from
from portal.register.row import RegisterRow
from portal.settings.routing import RoutingSettings
from portal.vocab.cases import ROUTE_PROCEDURE, CaseStatus, Kind, Procedure, Route

#: The deadline columns an open stage may be given (every stage dict carries all).
STAGE_DEADLINES = ("due_on", "due_latest_on", "extended_to_on", "requested_on",
                   "acknowledged_on")
_PROCEDURE_ROUTE = {procedure: route for route, procedure in ROUTE_PROCEDURE.items()}


def open_cases_message(open_cases: int, overdue: int) -> str:
    """What an import says of the open cases it brought in (the command and the page)."""
    return gettext("Open cases brought in: %(open_cases)d. Already overdue: %(overdue)d.",
                   open_cases=open_cases, overdue=overdue)


@dataclass
class _Stage:
    """A stage's dates as the due list reads them (``procedure.deadlines.StageFacts``)."""

    number: int
    started_on: date | None = None
    closed_on: date | None = None
    panel_on: date | None = None
    due_on: date | None = None
    due_latest_on: date | None = None
    extended_to_on: date | None = None
    requested_on: date | None = None
    acknowledged_on: date | None = None
    acknowledge_by: date | None = None
    report_on: date | None = None


class Clocks:
    """One council's clocks for one import, and the count of open and overdue cases."""

    def __init__(self, settings: RoutingSettings, calendar: WorkingCalendar, nation: Nation,
                 *, today: date) -> None:
        self.settings, self.calendar, self.nation, self.today = settings, calendar, nation, today
        self.open_cases = 0
        self.overdue = 0

    @classmethod
    def of(cls, council: Council, *, today: date) -> Clocks:
        return cls(routing_settings_for(council), council_calendar(council),
                   Nation(council.nation), today=today)

    # --- what an imported case is given ------------------------------------------------

    def acknowledge_by(self, row: RegisterRow, status: CaseStatus) -> date | None:
        """The acknowledgement date of an open case not yet acknowledged, counted from
        receipt in the procedure's working days, as routing counts it; else None."""
        route = self._route(row)
        if (row.acknowledged_on is not None or route is None
                or status not in (CaseStatus.NEW, CaseStatus.STAGE1)):
            return None
        days = self.settings.timescale(route).acknowledge
        return None if days is None else self._add(row.received_on, days)

    def stage(self, row: RegisterRow, status: CaseStatus, values: dict[str, Any]) -> None:
        """Give ``values`` (one stage of ``row``, as the import writes it) the deadlines
        the procedure gives it when it is the stage still running; else none."""
        for name in STAGE_DEADLINES:
            values.setdefault(name, None)
        number = values["number"]
        if (values["closed_on"] is not None or values["started_on"] is None
                or rules.stage_number(status) != number):
            return
        if number == 1:
            self._stage1(row, values)
        elif number == 2:
            self._stage2(row, values)
        else:
            values["requested_on"] = values["started_on"]  # REGISTER.md: the request
            values["due_on"] = self._panel(values["started_on"], values["panel_on"])
        if values["extended"] and values["due_latest_on"] is not None:
            values["extended_to_on"] = values["due_latest_on"]

    def count(self, status: CaseStatus, acknowledge_by: date | None,
              acknowledged_on: date | None, stage: Any) -> None:
        """Count one imported case: open, and overdue on the due list's own rule."""
        if status not in rules.OPEN_STATUSES:
            return
        self.open_cases += 1
        found = deadline_from(status, acknowledge_by, acknowledged_on, stage, self.calendar)
        if found is not None and rules.is_overdue(found[1], today=self.today):
            self.overdue += 1

    def new_case(self, row: RegisterRow, status: CaseStatus,
                 stages: list[dict[str, Any]]) -> None:
        """A case the import creates: its open stage's deadlines, written into the
        stage values the import inserts, and the case counted. (Its acknowledgement
        date goes in with the case: :meth:`acknowledge_by`.)"""
        for values in stages:
            self.stage(row, status, values)
        latest = max(stages, key=lambda v: v["number"]) if stages else None
        facts = None if latest is None else _Stage(latest["number"], **{
            k: latest.get(k) for k in _Stage.__dataclass_fields__ if k != "number"})
        self.count(status, self.acknowledge_by(row, status), row.acknowledged_on, facts)

    def changed_case(self, rep: Any, row: RegisterRow, stages: dict[int, Any]) -> None:
        """A case the import changes (``rep`` and its ``stages`` by number, as updated
        to the file's values): where it has no acknowledgement date, or its open stage
        no deadline, the ones the file's dates give; a deadline the portal set (an
        extension, a panel's report) is kept. Then the case is counted."""
        status = rep.status
        if rep.acknowledge_by is None:
            rep.acknowledge_by = self.acknowledge_by(row, status)
        number = rules.stage_number(status)
        stage = stages.get(number) if number is not None else None
        if stage is not None and stage.due_on is None:
            values = {"number": number, "started_on": stage.started_on,
                      "closed_on": stage.closed_on, "panel_on": stage.panel_on,
                      "extended": stage.extended}
            self.stage(row, status, values)
            for name in STAGE_DEADLINES:
                if values[name] is not None and getattr(stage, name) is None:
                    setattr(stage, name, values[name])
        latest = stages[max(stages)] if stages else None
        self.count(status, rep.acknowledge_by, rep.acknowledged_on, latest)

    # --- the procedure's clocks --------------------------------------------------------

    def _route(self, row: RegisterRow) -> Route | None:
        if row.kind is Kind.ENQUIRY:
            return Route.ENQUIRY
        if row.kind is not Kind.COMPLAINT or row.procedure is None:
            return None
        return _PROCEDURE_ROUTE.get(row.procedure)

    def _add(self, start: date, days: int) -> date | None:
        try:
            return self.calendar.add_working_days(start, days)
        except CalendarRangeError:  # the deadline falls past the calendar's last year
            return None

    def _stage1(self, row: RegisterRow, values: dict[str, Any]) -> None:
        route = self._route(row)
        if route is None:
            return  # informal: no clock
        timescale = self.settings.timescale(route)
        if route is Route.ENQUIRY:
            if timescale.respond is not None:
                values["due_on"] = self._add(row.received_on, timescale.respond)
            return
        procedure: Procedure = ROUTE_PROCEDURE[route]
        if rules.response_plan_applies(procedure, self.nation):
            values["due_on"] = rules.adult_response_due(row.received_on, None,
                                                        calendar=self.calendar)
            return
        if timescale.respond is None:
            return
        try:
            due = rules.stage1_due(row.received_on, row.acknowledged_on,
                                   respond=timescale.respond,
                                   respond_latest=timescale.respond_latest,
                                   procedure=procedure, nation=self.nation,
                                   calendar=self.calendar)
        except CalendarRangeError:
            return
        values["due_on"], values["due_latest_on"] = due.on, due.latest_on

    def _stage2(self, row: RegisterRow, values: dict[str, Any]) -> None:
        route = self._route(row)
        timescale = self.settings.stage2_timescales.get(route) if route else None
        if timescale is None or timescale.respond is None:
            return
        started: date = values["started_on"]
        if self.nation is not Nation.WALES and timescale.acknowledge is not None:
            # LGSCO Code: a corporate stage 2 starts with its acknowledgement (Wales'
            # stage 2 runs from the request: 2014 Regulations reg. 18(1)).
            values["acknowledged_on"] = started
        try:
            due = rules.stage2_due(started, respond=timescale.respond,
                                   respond_latest=timescale.respond_latest,
                                   calendar=self.calendar)
        except CalendarRangeError:
            return
        values["due_on"], values["due_latest_on"] = due.on, due.latest_on

    def _panel(self, requested_on: date, panel_on: date | None) -> date | None:
        try:
            if panel_on is not None:
                return rules.panel_report_due(panel_on, calendar=self.calendar)
            return rules.panel_due(requested_on, calendar=self.calendar)
        except CalendarRangeError:
            return None
