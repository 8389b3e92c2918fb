"""The annual report's advocacy figures, from rows: counts, within target, average, by provider."""

from __future__ import annotations

import json
from datetime import date

from portal.advocacy.figures import FigureRow, summarise
from portal.common.dates import Nation, calendar_for

ENGLAND = calendar_for(Nation.ENGLAND)
TODAY = date(2027, 4, 1)

ROWS = [
    # asked Monday, assigned Wednesday: 2 working days, within the target of 2
    FigureRow("accepted", date(2026, 3, 2), date(2026, 3, 4), "Voice"),
    # asked the Thursday before Easter, assigned the Wednesday after: 2 working days (Good
    # Friday and Easter Monday do not count), within target
    FigureRow("accepted", date(2026, 4, 2), date(2026, 4, 8), "Voice"),
    # asked 23 December, assigned 30 December: 3 working days (25th, 28th are holidays): late
    FigureRow("accepted", date(2026, 12, 23), date(2026, 12, 30), "In-house", in_house=True),
    # accepted, never assigned, long past the target: waiting and overdue, no provider yet
    FigureRow("accepted", date(2027, 3, 1), None, None),
    # declined: offered, not accepted
    FigureRow("declined", None, None, None),
    # offered, no answer yet
    FigureRow(None, None, None, None),
    # came with an advocate: counted apart, not as offered
    FigureRow(None, None, None, None, filed_by_advocate=True),
]


def test_summary_counts() -> None:
    figures = summarise(ROWS, target=2, calendar=ENGLAND, today=TODAY)
    assert figures["offered"] == 6
    assert figures["accepted"] == 4
    assert figures["declined"] == 1
    assert figures["already_had_advocate"] == 1
    assert figures["assigned"] == 3
    assert figures["assigned_within_target"] == 2
    assert figures["assigned_late"] == 1
    assert figures["waiting"] == 1
    assert figures["waiting_overdue"] == 1
    # (2 + 2 + 3) / 3 = 2.33.. to one decimal place
    assert figures["average_working_days_to_assign"] == 2.3


def test_summary_by_provider_named_first_then_not_yet_referred() -> None:
    figures = summarise(ROWS, target=2, calendar=ENGLAND, today=TODAY)
    by = {(p["provider"], p["in_house"]): p for p in figures["by_provider"]}
    assert [p["provider"] for p in figures["by_provider"]] == ["In-house", "Voice", None]
    assert by[("Voice", False)]["assigned_within_target"] == 2
    assert by[("Voice", False)]["average_working_days_to_assign"] == 2.0
    assert by[("In-house", True)]["assigned_late"] == 1
    assert by[(None, False)]["waiting_overdue"] == 1
    assert by[(None, False)]["average_working_days_to_assign"] is None


def test_a_council_target_of_three_days_changes_what_is_within() -> None:
    figures = summarise(ROWS, target=3, calendar=ENGLAND, today=TODAY)
    assert figures["assigned_within_target"] == 3
    assert figures["target_working_days"] == 3


def test_empty_year_is_all_zero_and_json_able() -> None:
    figures = summarise([], target=2, calendar=ENGLAND, today=TODAY)
    assert figures["offered"] == 0
    assert figures["average_working_days_to_assign"] is None
    assert figures["by_provider"] == []
    json.dumps(figures)
