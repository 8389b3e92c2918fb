"""The procedure's clocks: every stage's deadline, the adult social care response plan,
and extensions.

Pure functions: no Flask, no database, no clock. ``today`` and the working-day
calendar are arguments, so tests pin them (STYLE.md section 3). Every
deadline counts working days with ``spec/WORKING-DAYS.md``'s rule: the day a
clock starts on never counts. portal.procedure.rules re-exports every name here,
so ``rules.stage1_due`` and the like work as before this module was split off.

Legal sources, used below:

- England, children: Children Act 1989 Representations Procedure (England)
  Regulations 2006 (SI 2006/1738) and "Getting the Best from Complaints" (DfES
  2006): stage 1 in 10 working days, extendable once to 20 (reg. 14); stage 2
  in 25 working days from the agreed statement of complaint, extendable to 65
  (reg. 17); the complainant has 20 working days to ask for the next stage
  (regs. 15 and 18); the review panel meets within 30 working days of the
  request (reg. 19), reports within 5 working days of meeting (reg. 20), and
  the council responds within 15 working days of the report (reg. 21).
- Corporate: LGSCO Complaint Handling Code (from April 2026): acknowledge in
  5; stage 1 in 10 of acknowledgement (+10 at most); stage 2 acknowledged in
  5, answered in 20 of acknowledgement (+20 at most).
- Adult social care: Local Authority Social Services and NHS Complaints
  (England) Regulations 2009: one local stage; acknowledged in 3 (reg. 13(2)),
  with the offer to agree a plan for handling it and the response period
  (reg. 13(5)); where none is agreed, the response is due within six months
  of receipt (reg. 14(2)).
- Wales: Social Services Complaints Procedure (Wales) Regulations 2014:
  acknowledge in 2 (reg. 15); local resolution in 10 of acknowledgement
  (reg. 16); stage 2 investigation answered in 25 of the request (reg. 18);
  no review panel.
"""

from __future__ import annotations

import calendar as gregorian
import enum
from dataclasses import dataclass
from datetime import date, timedelta

from portal.common.dates import Nation, WorkingCalendar
from portal.vocab.cases import Procedure

# --- the clocks -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Due:
    """A deadline and, where the law allows an extension, the latest it may be extended to."""

    on: date
    latest_on: date | None = None


# Timescales fixed by law (working days); the configurable ones (acknowledgement
# and stage 1/2 response) come from the council's routing settings.
ESCALATION_WINDOW = 20  # 2006 Regulations regs. 15(2), 18(2)
STAGE2_RESPONSE = 25  # 2006 Regulations reg. 17(2); Wales 2014 reg. 18(1)
STAGE2_LATEST = 65  # 2006 Regulations reg. 17(3)
PANEL_WITHIN = 30  # 2006 Regulations reg. 19(2)
PANEL_REPORT_WITHIN = 5  # 2006 Regulations reg. 20(1)
COUNCIL_RESPONSE_WITHIN = 15  # 2006 Regulations reg. 21(1)
PANEL_SIZE = 3  # 2006 Regulations reg. 19(1)


def clock_runs_from_acknowledgement(procedure: Procedure | None, nation: Nation) -> bool:
    """Stage 1 counts from the acknowledgement, not receipt, for corporate complaints
    (LGSCO Complaint Handling Code, 5.1) and in Wales (2014 Regulations reg. 16)."""
    return procedure is Procedure.CORPORATE or (
        nation is Nation.WALES and procedure in (Procedure.CHILDREN_STATUTORY,
                                                 Procedure.ADULT_STATUTORY)
    )


def stage1_due(
    received_on: date,
    acknowledged_on: date | None,
    *,
    respond: int,
    respond_latest: int | None,
    procedure: Procedure | None,
    nation: Nation,
    calendar: WorkingCalendar,
) -> Due:
    """Stage 1 response due ``respond`` working days after receipt, or after the
    acknowledgement where the clock runs from it (see
    :func:`clock_runs_from_acknowledgement`); until acknowledged, from receipt.
    Extendable to ``respond_latest`` (2006 Regulations reg. 14: 10, once to 20)."""
    start = received_on
    if acknowledged_on is not None and clock_runs_from_acknowledgement(procedure, nation):
        start = acknowledged_on
    latest = None if respond_latest is None else calendar.add_working_days(start, respond_latest)
    return Due(calendar.add_working_days(start, respond), latest)


def stage2_acknowledge_by(requested_on: date, *, acknowledge: int,
                          calendar: WorkingCalendar) -> date:
    """The stage 2 acknowledgement is due ``acknowledge`` working days after the request
    to escalate (LGSCO Complaint Handling Code, from April 2026: 5). The stage 2 response
    clock then runs from the acknowledgement (see :func:`stage2_due`)."""
    return calendar.add_working_days(requested_on, acknowledge)


def stage2_due(
    started_on: date, *, respond: int, respond_latest: int | None, calendar: WorkingCalendar
) -> Due:
    """Stage 2 response due 25 working days after the agreed statement of complaint,
    extendable to 65 (2006 Regulations reg. 17); corporate: 20, to 40 (LGSCO Code);
    Wales: 25 of the request, no extension set (2014 Regulations reg. 18)."""
    latest = None if respond_latest is None else calendar.add_working_days(started_on,
                                                                          respond_latest)
    return Due(calendar.add_working_days(started_on, respond), latest)


def escalation_window_ends(responded_on: date, *, calendar: WorkingCalendar) -> date:
    """The last day to ask for the next stage: 20 working days after the stage's
    response (2006 Regulations regs. 15(2) and 18(2))."""
    return calendar.add_working_days(responded_on, ESCALATION_WINDOW)


def panel_due(requested_on: date, *, calendar: WorkingCalendar) -> date:
    """The review panel meets within 30 working days of the request (2006 Regulations
    reg. 19(2))."""
    return calendar.add_working_days(requested_on, PANEL_WITHIN)


def panel_report_due(panel_on: date, *, calendar: WorkingCalendar) -> date:
    """The panel reports within 5 working days of meeting (2006 Regulations reg. 20(1))."""
    return calendar.add_working_days(panel_on, PANEL_REPORT_WITHIN)


def council_response_due(report_on: date, *, calendar: WorkingCalendar) -> date:
    """The council responds within 15 working days of the panel's report (2006 Regulations
    reg. 21(1))."""
    return calendar.add_working_days(report_on, COUNCIL_RESPONSE_WITHIN)


# --- the adult social care response plan -------------------------------------------

#: Months for the response when no plan is agreed (2009 Regulations reg. 14(2)).
ADULT_FALLBACK_MONTHS = 6


def response_plan_applies(procedure: Procedure | None, nation: Nation) -> bool:
    """A response plan is agreed with the complainant under the adult social care
    procedure in England (2009 Regulations reg. 13(5)); a Welsh council's adult
    complaints follow the 2014 Regulations' clocks instead."""
    return procedure is Procedure.ADULT_STATUTORY and nation is not Nation.WALES


def months_beginning_on(start: date, months: int) -> date:
    """The last day of a period of ``months`` calendar months beginning on ``start``.

    "Beginning on" counts ``start`` itself, so the period ends the day before the
    corresponding date (received 6 March: six months end on 5 September); when that
    month has no corresponding date it ends on the month's last day (received 31
    August: the end of February), as the courts count calendar months (Dodds v Walker
    [1981] 1 WLR 1441). Calendar months, not working days.
    """
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    last = gregorian.monthrange(year, month)[1]
    if start.day > last:
        return date(year, month, last)
    return date(year, month, start.day) - timedelta(days=1)


def working_day_on_or_before(day: date, calendar: WorkingCalendar) -> date:
    """``day`` if it is a working day, else the last working day before it."""
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def adult_response_fallback(received_on: date, *,
                            calendar: WorkingCalendar | None = None) -> date:
    """With no response plan agreed, the response is due within six months beginning
    on the day the complaint was received (2009 Regulations reg. 14(2)).

    Given the council's ``calendar``, a period that ends on a weekend or a bank holiday
    gives the last working day before it as the deadline, never the next one: the
    regulation says the response is sent *within* the six months, so a deadline moved
    to the Monday after would fall outside the period the law allows, while the working
    day before keeps the council inside it, on a day its staff are at work to send it.
    Without a calendar: the period's last day itself (:func:`months_beginning_on`,
    calendar months), as the period is counted.
    """
    end = months_beginning_on(received_on, ADULT_FALLBACK_MONTHS)
    return end if calendar is None else working_day_on_or_before(end, calendar)


def adult_response_due(received_on: date, agreed_response_by: date | None, *,
                       calendar: WorkingCalendar | None = None) -> date:
    """The response is due on the date agreed in the response plan (2009 Regulations
    reg. 13(5)(b)); without a plan, six months from receipt (reg. 14(2)), on a working
    day when the council's ``calendar`` is given (:func:`adult_response_fallback`)."""
    if agreed_response_by is not None:
        return agreed_response_by
    return adult_response_fallback(received_on, calendar=calendar)


class PlanRefusal(enum.StrEnum):
    AGREED_BEFORE_RECEIPT = "agreed_before_receipt"
    AGREED_IN_FUTURE = "agreed_in_future"
    RESPONSE_BEFORE_AGREEMENT = "response_before_agreement"
    NO_CHANGE_REASON = "no_change_reason"


def response_plan_refusal(*, received_on: date, agreed_on: date, response_by: date,
                          today: date, changing: bool, change_reason: str | None
                          ) -> PlanRefusal | None:
    """Why a response plan cannot be recorded as given, or None when it can.

    The plan is agreed with the complainant once the complaint has arrived and not
    in the future; the response date comes after the agreement; and a change to an
    agreed plan says why (the complainant is kept informed, 2009 Regulations reg.
    14(1)(b)).
    """
    if agreed_on < received_on:
        return PlanRefusal.AGREED_BEFORE_RECEIPT
    if agreed_on > today:
        return PlanRefusal.AGREED_IN_FUTURE
    if response_by <= agreed_on:
        return PlanRefusal.RESPONSE_BEFORE_AGREEMENT
    if changing and not (change_reason or "").strip():
        return PlanRefusal.NO_CHANGE_REASON
    return None


class ExtensionRefusal(enum.StrEnum):
    ALREADY_EXTENDED = "already_extended"
    NOT_EXTENDABLE = "not_extendable"
    BEYOND_MAXIMUM = "beyond_maximum"
    NOT_LATER = "not_later"


def extension_refusal(
    *, extended: bool, due_on: date, latest_on: date | None, new_due_on: date
) -> ExtensionRefusal | None:
    """Why an extension to ``new_due_on`` is refused, or None when it is allowed.

    One extension only, never beyond the legal maximum (2006 Regulations reg.
    14(3): stage 1 once, to 20; reg. 17(3): stage 2 to 65; LGSCO Code: +10/+20).
    """
    if extended:
        return ExtensionRefusal.ALREADY_EXTENDED
    if latest_on is None:
        return ExtensionRefusal.NOT_EXTENDABLE
    if new_due_on <= due_on:
        return ExtensionRefusal.NOT_LATER
    if new_due_on > latest_on:
        return ExtensionRefusal.BEYOND_MAXIMUM
    return None
