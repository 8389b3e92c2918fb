"""What a complainant may do from the tracking page: pure functions, no Flask, no database."""

from __future__ import annotations

from datetime import date

from portal.cases.vocab import CaseStatus, Procedure
from portal.common.dates import Nation

#: Statuses in which the complainant can still stop the case.
OPEN_STATUSES = frozenset({CaseStatus.NEW, CaseStatus.STAGE1, CaseStatus.STAGE2,
                           CaseStatus.STAGE3, CaseStatus.AWAITING_NEXT_STAGE,
                           CaseStatus.DEFERRED})
STAGE_STATUS = {1: CaseStatus.STAGE1, 2: CaseStatus.STAGE2, 3: CaseStatus.STAGE3}


def last_stage(procedure: Procedure | None, nation: Nation) -> int:
    """How many local stages a procedure has (DOMAIN.md "Procedures").

    Children's statutory, England: 3 (local resolution, investigation, review
    panel; 2006 Regulations). Wales: 2, no panel (Social Services Complaints
    Procedure (Wales) Regulations 2014). Corporate: 2 (LGSCO Complaint
    Handling Code). Adult statutory: 1 (2009 Regulations). After the last
    stage, the Ombudsman.
    """
    if procedure is Procedure.CHILDREN_STATUTORY:
        return 2 if nation == Nation.WALES else 3
    if procedure is Procedure.CORPORATE:
        return 2
    if procedure is Procedure.ADULT_STATUTORY:
        return 1
    return 0


def next_stage(status: CaseStatus, procedure: Procedure | None, current: int | None,
               nation: Nation) -> int | None:
    """The stage a complainant may ask for now, or None.

    Only once a stage has been answered (status awaiting_next_stage): asking
    for stage 2 while stage 1 is running would skip local resolution, which
    the procedures require first.
    """
    if status is not CaseStatus.AWAITING_NEXT_STAGE or current is None:
        return None
    wanted = current + 1
    return wanted if wanted <= last_stage(procedure, nation) else None


def can_withdraw(status: CaseStatus) -> bool:
    return status in OPEN_STATUSES


def request_is_late(stage_closed_on: date | None, today: date, window_end: date | None) -> bool:
    """A request after the 20 working days (children's statutory) is still taken, but a
    person must decide whether to accept it, so it is flagged, never refused."""
    return stage_closed_on is not None and window_end is not None and today > window_end
