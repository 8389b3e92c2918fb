"""Follow-through's rules: when remedies may change, compensation after an edit, learning
actions' dates, and reopening a closed case to the status it had before closing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portal.common.dates import Nation
from portal.procedure.rules import (
    LearningRefusal,
    RemedyRefusal,
    ReopenRefusal,
    compensation_after,
    follow_through_only,
    learning_done_refusal,
    learning_due_refusal,
    remedies_may_change,
    remedy_refusal,
    reopen_refusal,
    stage_number,
    stages_of,
    status_before_closing,
    transition,
)
from portal.vocab.cases import CaseStatus as S
from portal.vocab.cases import Procedure as P

RECEIVED = date(2026, 3, 6)
TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(("status", "allowed"), [
    (S.NEW, False),  # triage: no response yet to put right
    (S.STAGE1, True),
    (S.STAGE2, True),
    (S.STAGE3, True),
    (S.AWAITING_NEXT_STAGE, True),  # answered, the complainant may still ask for more
    (S.DEFERRED, False),
    (S.CLOSED, False),  # stands as reported, unless reopened
    (S.WITHDRAWN, False),
    (S.SIGNPOSTED, False),
])
def test_remedies_change_until_the_case_closes(status: S, allowed: bool) -> None:
    assert remedies_may_change(status) is allowed


@pytest.mark.parametrize(("compensation", "amount", "expected"), [
    (True, Decimal("150.00"), None),
    (True, None, RemedyRefusal.NO_AMOUNT),
    (True, Decimal(0), RemedyRefusal.NO_AMOUNT),  # nothing paid is not compensation
    (False, None, None),
    (False, Decimal(0), None),  # an empty amount box
    (False, Decimal("10"), RemedyRefusal.AMOUNT_NOT_COMPENSATION),
])
def test_only_compensation_has_an_amount(compensation: bool, amount: Decimal | None,
                                         expected: RemedyRefusal | None) -> None:
    assert remedy_refusal(compensation=compensation, amount_gbp=amount) is expected


@pytest.mark.parametrize(("total", "before", "after", "expected"), [
    (None, None, Decimal("150"), Decimal("150")),  # the first compensation
    (Decimal("150"), Decimal("150"), Decimal("120"), Decimal("120")),  # amount lowered
    # Imported with 52.50 and no remedy behind it: an edit moves the total, never recounts.
    (Decimal("202.50"), Decimal("150"), Decimal("200"), Decimal("252.50")),
    (Decimal("150"), Decimal("150"), None, None),  # no longer compensation: nothing paid
    (Decimal("202.50"), Decimal("150"), None, Decimal("52.50")),
])
def test_compensation_moves_by_the_difference(total: Decimal | None, before: Decimal | None,
                                             after: Decimal | None,
                                             expected: Decimal | None) -> None:
    assert compensation_after(total, before=before, after=after) == expected


@pytest.mark.parametrize(("due_on", "expected"), [
    (RECEIVED, None),  # the day it arrived
    (date(2026, 3, 5), LearningRefusal.DUE_BEFORE_RECEIPT),
    (date(2027, 3, 5), None),
])
def test_learning_is_due_after_the_complaint(due_on: date,
                                             expected: LearningRefusal | None) -> None:
    assert learning_due_refusal(due_on, received_on=RECEIVED) is expected


@pytest.mark.parametrize(("done_on", "expected"), [
    (TODAY, None),
    (RECEIVED, None),
    (date(2026, 3, 5), LearningRefusal.DONE_BEFORE_RECEIPT),
    (date(2026, 11, 24), LearningRefusal.DONE_IN_FUTURE),  # tomorrow
])
def test_learning_is_done_on_a_real_day(done_on: date,
                                        expected: LearningRefusal | None) -> None:
    assert learning_done_refusal(done_on, received_on=RECEIVED, today=TODAY) is expected


@pytest.mark.parametrize(("status", "last_answered", "stage_open", "expected"), [
    (S.CLOSED, 1, False, None),  # closed after stage 1's response
    (S.CLOSED, 3, False, None),  # after the review panel
    (S.CLOSED, 0, False, ReopenRefusal.NOT_ANSWERED),  # a compliment, a not-accepted case
    # Refused at stage 1 on a check (sufficient interest): stage 1 was never answered.
    (S.CLOSED, 0, True, ReopenRefusal.NOT_ANSWERED),
    (S.CLOSED, 1, True, ReopenRefusal.NOT_ANSWERED),  # deferred mid-stage 2, then closed
    (S.WITHDRAWN, 1, False, ReopenRefusal.NOT_CLOSED),
    (S.SIGNPOSTED, 0, False, ReopenRefusal.NOT_CLOSED),
    (S.STAGE1, 1, False, ReopenRefusal.NOT_CLOSED),  # already reopened
])
def test_only_a_case_closed_after_its_response_reopens(
        status: S, last_answered: int, stage_open: bool,
        expected: ReopenRefusal | None) -> None:
    assert reopen_refusal(status, last_answered=last_answered,
                          stage_open=stage_open) is expected


@pytest.mark.parametrize(("procedure", "nation", "enquiry", "last_answered", "expected"), [
    # Children's, England: closed after stage 1 or 2 from waiting for the next request...
    (P.CHILDREN_STATUTORY, Nation.ENGLAND, False, 1, S.AWAITING_NEXT_STAGE),
    (P.CHILDREN_STATUTORY, Nation.ENGLAND, False, 2, S.AWAITING_NEXT_STAGE),
    # ...and straight from stage 3, the last.
    (P.CHILDREN_STATUTORY, Nation.ENGLAND, False, 3, S.STAGE3),
    (P.CHILDREN_STATUTORY, Nation.WALES, False, 2, S.STAGE2),  # no panel in Wales
    (P.CORPORATE, Nation.ENGLAND, False, 2, S.STAGE2),
    (P.ADULT_STATUTORY, Nation.ENGLAND, False, 1, S.STAGE1),  # one local stage
    (P.INFORMAL, Nation.ENGLAND, True, 1, S.STAGE1),  # an enquiry's one reply
])
def test_reopening_returns_to_the_status_before_closing(
        procedure: P, nation: Nation, enquiry: bool, last_answered: int,
        expected: S) -> None:
    stages = stages_of(procedure, nation, enquiry=enquiry)
    before = status_before_closing(last_answered, stages=stages)
    assert before is expected
    # It is a status the procedure could close from after that response.
    assert transition(before, S.CLOSED, procedure=procedure, nation=nation,
                      last_stage=last_answered, enquiry=enquiry) is S.CLOSED


@pytest.mark.parametrize(("status", "answered", "expected"), [
    (S.STAGE3, True, True),  # reopened after the panel's response
    (S.STAGE1, True, True),
    (S.STAGE1, False, False),  # a stage running as usual
    (S.AWAITING_NEXT_STAGE, True, False),  # answered, as it always is while waiting
    (S.CLOSED, True, False),
])
def test_follow_through_only_after_a_reopened_final_response(status: S, answered: bool,
                                                            expected: bool) -> None:
    assert follow_through_only(status, stage_answered=answered) is expected


@pytest.mark.parametrize(("status", "expected"), [
    (S.STAGE1, 1), (S.STAGE2, 2), (S.STAGE3, 3),
    (S.AWAITING_NEXT_STAGE, None), (S.NEW, None), (S.CLOSED, None),
])
def test_the_stage_a_status_runs(status: S, expected: int | None) -> None:
    assert stage_number(status) == expected
