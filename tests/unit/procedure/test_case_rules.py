"""Every stage's clock, against spec/WORKING-DAYS.md's examples and rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.common.dates import Nation, calendar_for
from portal.procedure.rules import (
    AMBER_WITHIN,
    Due,
    ExtensionRefusal,
    Rag,
    clock_runs_from_acknowledgement,
    council_response_due,
    escalation_window_ends,
    extension_refusal,
    is_overdue,
    panel_due,
    panel_report_due,
    rag,
    rag_cutoffs,
    stage1_due,
    stage2_due,
)
from portal.vocab.cases import Procedure as P

CAL = calendar_for(Nation.ENGLAND)


@pytest.mark.parametrize(
    ("received", "acknowledged", "procedure", "nation", "expected"),
    [
        # WORKING-DAYS.md: received Friday 6 March 2026, 10 working days: Friday 20 March.
        (date(2026, 3, 6), None, P.CHILDREN_STATUTORY, Nation.ENGLAND,
         Due(date(2026, 3, 20), date(2026, 4, 7))),
        # Received on a Saturday: the same Friday 20 March (the Saturday never counts).
        # Latest: 20 working days, over Good Friday 3 and Easter Monday 6 April 2026.
        (date(2026, 3, 7), None, P.CHILDREN_STATUTORY, Nation.ENGLAND,
         Due(date(2026, 3, 20), date(2026, 4, 7))),
        # England children's clock runs from receipt even once acknowledged.
        (date(2026, 3, 6), date(2026, 3, 11), P.CHILDREN_STATUTORY, Nation.ENGLAND,
         Due(date(2026, 3, 20), date(2026, 4, 7))),
        # Corporate (LGSCO Code): from the acknowledgement on Wednesday 11 March.
        (date(2026, 3, 6), date(2026, 3, 11), P.CORPORATE, Nation.ENGLAND,
         Due(date(2026, 3, 25), date(2026, 4, 10))),
        # Corporate not yet acknowledged: provisionally from receipt.
        (date(2026, 3, 6), None, P.CORPORATE, Nation.ENGLAND,
         Due(date(2026, 3, 20), date(2026, 4, 7))),
        # Wales (2014 Regulations reg. 16): from the acknowledgement.
        (date(2026, 3, 6), date(2026, 3, 10), P.CHILDREN_STATUTORY, Nation.WALES,
         Due(date(2026, 3, 24), date(2026, 4, 9))),
        # Christmas: received Wednesday 23 December 2026; 25 and 28 December
        # (Boxing Day's substitute) and 1 January are holidays.
        (date(2026, 12, 23), None, P.CHILDREN_STATUTORY, Nation.ENGLAND,
         Due(date(2027, 1, 11), date(2027, 1, 25))),
    ],
)
def test_stage1_due(received: date, acknowledged: date | None, procedure: P, nation: Nation,
                    expected: Due) -> None:
    assert stage1_due(received, acknowledged, respond=10, respond_latest=20, procedure=procedure,
                      nation=nation, calendar=calendar_for(nation)) == expected


@pytest.mark.parametrize(
    ("procedure", "nation", "from_ack"),
    [
        (P.CHILDREN_STATUTORY, Nation.ENGLAND, False),
        (P.ADULT_STATUTORY, Nation.ENGLAND, False),
        (P.CORPORATE, Nation.ENGLAND, True),
        (P.CHILDREN_STATUTORY, Nation.WALES, True),
        (P.ADULT_STATUTORY, Nation.WALES, True),
        (P.CORPORATE, Nation.WALES, True),
    ],
)
def test_clock_runs_from_acknowledgement(procedure: P, nation: Nation, from_ack: bool) -> None:
    assert clock_runs_from_acknowledgement(procedure, nation) is from_ack


@pytest.mark.parametrize(
    ("started", "respond", "latest", "expected"),
    [
        # Statement agreed Friday 6 March 2026: 25 working days is Tuesday 14 April
        # (Good Friday 3 April and Easter Monday 6 April do not count); 65 is Thursday
        # 11 June (4 and 25 May are bank holidays too).
        (date(2026, 3, 6), 25, 65, Due(date(2026, 4, 14), date(2026, 6, 11))),
        # Wales: 25, no extension figure.
        (date(2026, 3, 6), 25, None, Due(date(2026, 4, 14), None)),
        # Over the May bank holidays 2026 (4 and 25 May).
        (date(2026, 4, 30), 25, 65, Due(date(2026, 6, 8), date(2026, 8, 3))),
    ],
)
def test_stage2_due(started: date, respond: int, latest: int | None, expected: Due) -> None:
    assert stage2_due(started, respond=respond, respond_latest=latest, calendar=CAL) == expected


@pytest.mark.parametrize(
    ("function", "start", "expected"),
    [
        # 20 working days to ask for the next stage, from the response on Friday 20 March.
        (escalation_window_ends, date(2026, 3, 20), date(2026, 4, 21)),
        # Panel within 30 of the request, over Easter.
        (panel_due, date(2026, 3, 20), date(2026, 5, 6)),
        # Report within 5 of the panel on Thursday 17 December 2026: 18, 21, 22, 23, 24.
        (panel_report_due, date(2026, 12, 17), date(2026, 12, 24)),
        # Council response within 15 of the report on 24 December 2026: 25 and 28
        # December and 1 January are holidays, so Tuesday 19 January 2027.
        (council_response_due, date(2026, 12, 24), date(2027, 1, 19)),
    ],
)
def test_fixed_clocks(function, start: date, expected: date) -> None:  # type: ignore[no-untyped-def]
    assert function(start, calendar=CAL) == expected


@pytest.mark.parametrize(
    ("extended", "due", "latest", "new", "refusal"),
    [
        (False, date(2026, 3, 20), date(2026, 4, 7), date(2026, 4, 7), None),  # to the maximum
        (False, date(2026, 3, 20), date(2026, 4, 7), date(2026, 3, 23), None),  # one day more
        # One extension only (2006 Regulations reg. 14).
        (True, date(2026, 3, 20), date(2026, 4, 7), date(2026, 4, 1),
         ExtensionRefusal.ALREADY_EXTENDED),
        # Beyond 20 working days is unlawful.
        (False, date(2026, 3, 20), date(2026, 4, 7), date(2026, 4, 8),
         ExtensionRefusal.BEYOND_MAXIMUM),
        # An "extension" to the same or an earlier day is not one.
        (False, date(2026, 3, 20), date(2026, 4, 7), date(2026, 3, 20),
         ExtensionRefusal.NOT_LATER),
        # Wales stage 2 has no extension figure.
        (False, date(2026, 4, 14), None, date(2026, 4, 20), ExtensionRefusal.NOT_EXTENDABLE),
    ],
)
def test_extension_refusal(extended: bool, due: date, latest: date | None, new: date,
                           refusal: ExtensionRefusal | None) -> None:
    assert extension_refusal(extended=extended, due_on=due, latest_on=latest,
                             new_due_on=new) is refusal


@pytest.mark.parametrize(
    ("today", "expected", "overdue"),
    [
        (date(2026, 3, 20), Rag.AMBER, False),  # due today: still in time
        (date(2026, 3, 21), Rag.RED, True),  # the day after: overdue, even a Saturday
        (date(2026, 3, 17), Rag.AMBER, False),  # 3 working days left
        (date(2026, 3, 16), Rag.GREEN, False),  # 4 working days left
        # Saturday 14 March: 5 working days to Friday 20 March, so green.
        (date(2026, 3, 14), Rag.GREEN, False),
        # Thursday 2 April, due Tuesday 7 April: Good Friday and Easter Monday leave
        # 1 working day (amber), though 5 calendar days remain.
        (date(2026, 4, 2), Rag.AMBER, False),
    ],
)
def test_rag(today: date, expected: Rag, overdue: bool) -> None:
    due = date(2026, 4, 7) if today == date(2026, 4, 2) else date(2026, 3, 20)
    assert is_overdue(due, today=today) is overdue
    assert rag(due, today=today, calendar=CAL) is expected


def test_rag_cutoffs_are_the_working_day_rule_as_two_dates() -> None:
    """The database colours deadlines by comparing them with two dates (rag_cutoffs):
    for every day of a year with Christmas, Easter and weekends, and every due date from
    a week before to four weeks after, the dates say what counting working days says."""
    start = date(2026, 12, 1)
    for offset in range(400):
        today = start + timedelta(days=offset)
        cut = rag_cutoffs(today=today, calendar=CAL)
        for days in range(-7, 28):
            due = today + timedelta(days=days)
            counted = (Rag.RED if is_overdue(due, today=today) else
                       Rag.AMBER if CAL.working_days_between(today, due) <= AMBER_WITHIN
                       else Rag.GREEN)
            assert cut.colour(due) is counted, (today, due)
