"""A case's next legal deadline, from its dates alone: pure, so the due list, search,
the register's clocks and the reminders all read it the same way."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from portal.common.dates import WorkingCalendar
from portal.procedure import rules
from portal.vocab.cases import CaseStatus


class StageFacts(Protocol):
    """A stage's dates, from its row or from a query's columns."""

    number: int
    closed_on: date | None
    extended_to_on: date | None
    due_on: date | None
    requested_on: date | None
    report_on: date | None
    panel_on: date | None
    started_on: date | None
    acknowledge_by: date | None
    acknowledged_on: date | None


def deadline_from(status: CaseStatus, acknowledge_by: date | None, acknowledged_on: date | None,
                  stage: StageFacts | None, calendar: WorkingCalendar | None,
                  stage2_acknowledge: int | None = None) -> tuple[str, date] | None:
    """The case's next legal deadline and what it is for, from its status and its current
    stage's dates: "acknowledge", "stage2_acknowledge", "stage1", "stage2", "stage3_panel",
    "stage3_report" or "stage3_response" (2006 Regulations regs. 16-20; 2014 Regulations
    (Wales) regs. 14-18; LGSCO Code). None when no clock runs."""
    # An acknowledgement not yet sent comes first, and stays after triage opens stage 1,
    # red once missed, until it is recorded: it never drops off behind the response.
    if (acknowledged_on is None and acknowledge_by and (status is CaseStatus.NEW or (
            status is CaseStatus.STAGE1 and (stage is None or stage.closed_on is None)))):
        return "acknowledge", acknowledge_by
    if stage is None or stage.closed_on is not None or status not in (
            CaseStatus.STAGE1, CaseStatus.STAGE2, CaseStatus.STAGE3):
        return None
    if stage.number == 2 and stage.started_on is None and stage.acknowledged_on is None:
        # LGSCO Code: stage 2 is acknowledged first; its response clock starts then.
        ack_by = stage.acknowledge_by
        if (ack_by is None and stage2_acknowledge is not None and stage.requested_on
                and calendar is not None):
            ack_by = rules.stage2_acknowledge_by(stage.requested_on,
                                                 acknowledge=stage2_acknowledge,
                                                 calendar=calendar)
        if ack_by is not None:
            return "stage2_acknowledge", ack_by
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
