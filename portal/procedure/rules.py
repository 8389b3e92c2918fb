"""The procedure as data: which moves the law allows, how near a deadline is (RAG), and
what may still be done after a response (remedies, learning, reopening).

Pure functions: no Flask, no database, no clock. ``today`` and the working-day
calendar are arguments, so tests pin them (STYLE.md section 3). Every
deadline counts working days with ``spec/WORKING-DAYS.md``'s rule: the day a
clock starts on never counts.

Every stage's clock (deadlines, the adult social care response plan, extensions)
is in ``portal.procedure.timescales``, whose docstring gives in full the legal
sources named here for short ("2006 Regulations", "2009 Regulations", "2014
Regulations", "LGSCO Code"). This module re-exports the clocks, so
``rules.stage1_due`` and the like work as before they were split off.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal.common.dates import Nation, WorkingCalendar

# Re-exported (see the module docstring): one ``name as name`` import each.
from portal.procedure.timescales import ADULT_FALLBACK_MONTHS as ADULT_FALLBACK_MONTHS
from portal.procedure.timescales import COUNCIL_RESPONSE_WITHIN as COUNCIL_RESPONSE_WITHIN
from portal.procedure.timescales import ESCALATION_WINDOW as ESCALATION_WINDOW
from portal.procedure.timescales import PANEL_REPORT_WITHIN as PANEL_REPORT_WITHIN
from portal.procedure.timescales import PANEL_SIZE as PANEL_SIZE
from portal.procedure.timescales import PANEL_WITHIN as PANEL_WITHIN
from portal.procedure.timescales import STAGE2_LATEST as STAGE2_LATEST
from portal.procedure.timescales import STAGE2_RESPONSE as STAGE2_RESPONSE
from portal.procedure.timescales import Due as Due
from portal.procedure.timescales import ExtensionRefusal as ExtensionRefusal
from portal.procedure.timescales import PlanRefusal as PlanRefusal
from portal.procedure.timescales import adult_response_due as adult_response_due
from portal.procedure.timescales import adult_response_fallback as adult_response_fallback
from portal.procedure.timescales import (
    clock_runs_from_acknowledgement as clock_runs_from_acknowledgement,
)
from portal.procedure.timescales import council_response_due as council_response_due
from portal.procedure.timescales import escalation_window_ends as escalation_window_ends
from portal.procedure.timescales import extension_refusal as extension_refusal
from portal.procedure.timescales import months_beginning_on as months_beginning_on
from portal.procedure.timescales import panel_due as panel_due
from portal.procedure.timescales import panel_report_due as panel_report_due
from portal.procedure.timescales import response_plan_applies as response_plan_applies
from portal.procedure.timescales import response_plan_refusal as response_plan_refusal
from portal.procedure.timescales import stage1_due as stage1_due
from portal.procedure.timescales import stage2_acknowledge_by as stage2_acknowledge_by
from portal.procedure.timescales import stage2_due as stage2_due
from portal.procedure.timescales import working_day_on_or_before as working_day_on_or_before
from portal.vocab.cases import CaseStatus, Procedure

# --- the moves ------------------------------------------------------------------

#: Every status a case may move to from each status. Which *stage* a move
#: opens also depends on the procedure: see :func:`transition`.
ALLOWED: dict[CaseStatus, frozenset[CaseStatus]] = {
    # Triage: open stage 1, signpost, defer (court, police or disciplinary
    # proceedings), close (a compliment, a comment, resolved on receipt, not
    # accepted) or the person withdraws.
    CaseStatus.NEW: frozenset({
        CaseStatus.STAGE1, CaseStatus.SIGNPOSTED, CaseStatus.DEFERRED,
        CaseStatus.CLOSED, CaseStatus.WITHDRAWN,
    }),
    # A stage ends with its response: the complainant may then ask for the next
    # stage, or, after the procedure's last stage, go to the Ombudsman (closed).
    # Or they withdraw; proceedings starting mid-stage defer it.
    CaseStatus.STAGE1: frozenset({
        CaseStatus.AWAITING_NEXT_STAGE, CaseStatus.CLOSED, CaseStatus.DEFERRED,
        CaseStatus.WITHDRAWN,
    }),
    CaseStatus.STAGE2: frozenset({
        CaseStatus.AWAITING_NEXT_STAGE, CaseStatus.CLOSED, CaseStatus.DEFERRED,
        CaseStatus.WITHDRAWN,
    }),
    # The council's response to the panel is the end of the local procedure.
    CaseStatus.STAGE3: frozenset({
        CaseStatus.CLOSED, CaseStatus.DEFERRED, CaseStatus.WITHDRAWN,
    }),
    CaseStatus.AWAITING_NEXT_STAGE: frozenset({
        CaseStatus.STAGE2, CaseStatus.STAGE3, CaseStatus.CLOSED, CaseStatus.WITHDRAWN,
    }),
    # After the proceedings the complainant may resubmit: triage looks again.
    CaseStatus.DEFERRED: frozenset({
        CaseStatus.NEW, CaseStatus.CLOSED, CaseStatus.WITHDRAWN,
    }),
    CaseStatus.SIGNPOSTED: frozenset(),
    CaseStatus.CLOSED: frozenset(),
    CaseStatus.WITHDRAWN: frozenset(),
}

_STAGE_STATUS = {1: CaseStatus.STAGE1, 2: CaseStatus.STAGE2, 3: CaseStatus.STAGE3}
_STATUS_STAGE = {v: k for k, v in _STAGE_STATUS.items()}

#: Statuses in which a case is still being handled (ADR and messages are open).
OPEN_STATUSES = frozenset({
    CaseStatus.NEW, CaseStatus.STAGE1, CaseStatus.STAGE2, CaseStatus.STAGE3,
    CaseStatus.AWAITING_NEXT_STAGE, CaseStatus.DEFERRED,
})


class Refusal(enum.StrEnum):
    """Why a move is refused; the view shows each as a sentence (cases/labels)."""

    NOT_ALLOWED = "not_allowed"
    NOT_A_PROCEDURE = "not_a_procedure"
    NO_SUCH_STAGE = "no_such_stage"
    NOT_NEXT_STAGE = "not_next_stage"
    NEXT_STAGE_OPEN = "next_stage_open"


class InvalidTransition(Exception):
    """A move the procedure does not allow. ``refusal`` says which rule refused it."""

    def __init__(self, current: CaseStatus, target: CaseStatus, refusal: Refusal) -> None:
        super().__init__(f"{current.value} -> {target.value}: {refusal.value}")
        self.current, self.target, self.refusal = current, target, refusal


def stages_of(procedure: Procedure | None, nation: Nation, *, enquiry: bool = False) -> int:
    """How many local stages a procedure has (0 when it is not a procedure).

    Children's statutory in England: 3 (2006 Regulations). Wales: 2, no panel
    (2014 Regulations). Corporate: 2 (LGSCO Code). Adult social care: 1
    (2009 Regulations). A councillor's or MP's enquiry has one: the reply, due
    in 10 working days (DOMAIN.md, "Representations"; REGISTER.md records it as
    stage 1).
    """
    if enquiry:
        return 1
    if procedure is Procedure.CHILDREN_STATUTORY:
        return 2 if nation is Nation.WALES else 3
    if procedure is Procedure.CORPORATE:
        return 2
    if procedure is Procedure.ADULT_STATUTORY:
        return 2 if nation is Nation.WALES else 1
    return 0


def transition(
    current: CaseStatus,
    target: CaseStatus,
    *,
    procedure: Procedure | None,
    nation: Nation,
    last_stage: int,
    enquiry: bool = False,
) -> CaseStatus:
    """``target`` if the law allows moving there now, else raise :class:`InvalidTransition`.

    ``last_stage`` is the number of the latest stage answered (0 before stage
    1 is). A stage opens only one after the last, and only if the procedure has
    it (see :func:`stages_of`). A stage's response leads to waiting for the
    next stage's request, or, after the procedure's last stage, to closing.
    """
    if target not in ALLOWED[current]:
        raise InvalidTransition(current, target, Refusal.NOT_ALLOWED)
    answered = _STATUS_STAGE.get(current)
    if answered is not None and target in (CaseStatus.CLOSED, CaseStatus.AWAITING_NEXT_STAGE):
        last = stages_of(procedure, nation, enquiry=enquiry)
        # After the last stage the next step is the Ombudsman: nothing to wait for.
        if target is CaseStatus.AWAITING_NEXT_STAGE and answered >= last:
            raise InvalidTransition(current, target, Refusal.NO_SUCH_STAGE)
        # Before it, the complainant keeps 20 working days to ask for the next stage.
        if target is CaseStatus.CLOSED and answered < last:
            raise InvalidTransition(current, target, Refusal.NEXT_STAGE_OPEN)
    number = _STATUS_STAGE.get(target)
    if number is not None:
        available = stages_of(procedure, nation, enquiry=enquiry)
        if available == 0:
            raise InvalidTransition(current, target, Refusal.NOT_A_PROCEDURE)
        if number > available:
            raise InvalidTransition(current, target, Refusal.NO_SUCH_STAGE)
        if number != last_stage + 1:
            raise InvalidTransition(current, target, Refusal.NOT_NEXT_STAGE)
    return target


def stage_status(number: int) -> CaseStatus:
    return _STAGE_STATUS[number]


def stage_number(status: CaseStatus) -> int | None:
    """The stage a status runs (1 for stage 1...), None for any other status."""
    return _STATUS_STAGE.get(status)



class Rag(enum.StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


#: Working days left at which a deadline turns amber: enough to act on it.
AMBER_WITHIN = 3


def is_overdue(due_on: date, *, today: date) -> bool:
    """Overdue from the day after the due date: a reply on the due day is in time
    (spec/WORKING-DAYS.md, "within")."""
    return today > due_on


@dataclass(frozen=True)
class RagCutoffs:
    """The red/amber/green rule for one day as two due dates, so a database can colour
    thousands of deadlines by comparing dates: due before ``amber_from`` is red, before
    ``green_from`` amber, else green."""

    amber_from: date
    green_from: date

    def colour(self, due_on: date) -> Rag:
        if due_on < self.amber_from:
            return Rag.RED
        if due_on < self.green_from:
            return Rag.AMBER
        return Rag.GREEN


def rag_cutoffs(*, today: date, calendar: WorkingCalendar) -> RagCutoffs:
    """Red when overdue (is_overdue: from the day after the due date); amber when due
    today or within AMBER_WITHIN working days, that is before the working day after
    those; else green."""
    return RagCutoffs(amber_from=today,
                      green_from=calendar.add_working_days(today, AMBER_WITHIN + 1))


def rag(due_on: date, *, today: date, calendar: WorkingCalendar) -> Rag:
    """Red when overdue, amber when due within 3 working days (or today), else green."""
    return rag_cutoffs(today=today, calendar=calendar).colour(due_on)


# --- follow-through: remedies, learning, reopening ----------------------------------

#: Statuses in which a case's remedies may be added or changed: while a stage runs or
#: its response waits on the complainant. A closed case's remedies stand as the
#: register reports them, unless a complaints manager reopens it with a reason.
REMEDY_STATUSES = frozenset({
    CaseStatus.STAGE1, CaseStatus.STAGE2, CaseStatus.STAGE3, CaseStatus.AWAITING_NEXT_STAGE,
})


def remedies_may_change(status: CaseStatus) -> bool:
    """Whether remedies (apology, explanation, change of worker, compensation: DOMAIN.md,
    "The central register") may be added or edited now. Once the case closes its
    remedies are part of what the register and the annual report say was done
    (REPORT.md, ``compensation_gbp``), so they change only after a recorded reopening."""
    return status in REMEDY_STATUSES


class RemedyRefusal(enum.StrEnum):
    NO_AMOUNT = "no_amount"
    AMOUNT_NOT_COMPENSATION = "amount_not_compensation"


def remedy_refusal(*, compensation: bool, amount_gbp: Decimal | None) -> RemedyRefusal | None:
    """Why a remedy cannot be recorded as given, or None when it can: compensation is
    money paid, so it has a positive amount, and no other remedy has one (REGISTER.md,
    ``compensation_gbp``: "decimal amount paid")."""
    if compensation:
        return RemedyRefusal.NO_AMOUNT if amount_gbp is None or amount_gbp <= 0 else None
    return RemedyRefusal.AMOUNT_NOT_COMPENSATION if amount_gbp else None


def compensation_after(total: Decimal | None, *, before: Decimal | None,
                       after: Decimal | None) -> Decimal | None:
    """The case's compensation once one remedy's compensation goes from ``before`` to
    ``after`` (None: not compensation). The total moves by the difference and is never
    counted again from the remedies, because an entry imported from a register file
    carries its amount with no remedy behind it (REGISTER.md). Nothing paid is None,
    as the register leaves the cell empty."""
    result = (total or Decimal(0)) - (before or Decimal(0)) + (after or Decimal(0))
    return result if result else None


class LearningRefusal(enum.StrEnum):
    DUE_BEFORE_RECEIPT = "due_before_receipt"
    DONE_BEFORE_RECEIPT = "done_before_receipt"
    DONE_IN_FUTURE = "done_in_future"


def learning_due_refusal(due_on: date, *, received_on: date) -> LearningRefusal | None:
    """A learning action is due after the complaint that taught it arrived."""
    return LearningRefusal.DUE_BEFORE_RECEIPT if due_on < received_on else None


def learning_done_refusal(done_on: date, *, received_on: date,
                          today: date) -> LearningRefusal | None:
    """A learning action is done on a real day: not before the complaint arrived and not
    in the future: it is the council's record of what it changed, which its annual
    report on the procedure gives (2006 Regulations reg. 13; "Getting the Best from
    Complaints", learning from complaints)."""
    if done_on < received_on:
        return LearningRefusal.DONE_BEFORE_RECEIPT
    if done_on > today:
        return LearningRefusal.DONE_IN_FUTURE
    return None


class ReopenRefusal(enum.StrEnum):
    NOT_CLOSED = "not_closed"
    NOT_ANSWERED = "not_answered"


def reopen_refusal(status: CaseStatus, *, last_answered: int,
                   stage_open: bool) -> ReopenRefusal | None:
    """Why a case cannot be reopened, or None when it can.

    Only a closed case, and only one closed after a stage's response (the latest
    stage answered): that is when remedies are put right. A case closed at triage,
    deferred then closed, or not accepted had no response to follow through.
    """
    if status is not CaseStatus.CLOSED:
        return ReopenRefusal.NOT_CLOSED
    if last_answered == 0 or stage_open:
        return ReopenRefusal.NOT_ANSWERED
    return None


def status_before_closing(last_answered: int, *, stages: int) -> CaseStatus:
    """The status a case answered at stage ``last_answered`` had before it closed, so a
    reopened case returns to it. :func:`transition` allows only two ways to close after
    a response: straight from the procedure's last stage, or, before it, from waiting
    for the next stage's request (the complainant did not ask).

    Reopening restarts no clock: the stage stays answered on the day it was, so it has
    no deadline (the escalation window still counts from that response: 2006
    Regulations regs. 15(2), 18(2)); reopening is not a new complaint or request.
    """
    if last_answered >= stages:
        return stage_status(last_answered)
    return CaseStatus.AWAITING_NEXT_STAGE


def follow_through_only(status: CaseStatus, *, stage_answered: bool) -> bool:
    """A case at a stage whose response was already sent was reopened after its last
    response (:func:`status_before_closing`; nothing else leads there): the procedure's
    steps are over, and only remedies, learning, messages and the Ombudsman remain
    until it is closed again."""
    return status in _STATUS_STAGE and stage_answered
