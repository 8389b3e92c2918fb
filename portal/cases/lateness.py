"""A step taken after its deadline is never silent: it says why, and the register keeps it.

Every step with a legal deadline (the acknowledgement, each stage's response, the stage
2 acknowledgement, the panel's meeting and report, the council's response to the panel)
asks for the reason for the delay when it is done after the deadline. The reason is
one of the register's delay reasons (REGISTER.md ``delay_reason``), so the register and
the annual report's timeliness count it; it is kept on the case and in the event the
timeline shows, with the officer's note.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext

from portal.cases.context import CaseError
from portal.common.filters import long_date
from portal.models.cases import Representation
from portal.procedure import rules
from portal.vocab.cases import DelayReason


def explain_delay(rep: Representation, *, done_on: date, due_on: date | None,
                  delay_reason: DelayReason | None, delay_note: str | None) -> dict[str, Any]:
    """The event data a step done on ``done_on`` carries about its deadline ``due_on``.

    In time (on or before the due date, spec/WORKING-DAYS.md "within"): ``in_time``.
    Late: the reason is required, recorded on the case as the register's delay reason,
    and returned with the note; with none, :class:`CaseError` asks for it.
    """
    if due_on is None:
        return {}
    if not rules.is_overdue(due_on, today=done_on):
        return {"in_time": True}
    if delay_reason is None or delay_reason is DelayReason.EXTENSION_AGREED:
        raise CaseError(gettext(
            "This is after its deadline of %(date)s: choose the reason for the delay. It is "
            "kept in the register.", date=long_date(due_on)))
    rep.delay_reason = delay_reason
    return {"in_time": False, "late_after": due_on, "delay_reason": delay_reason.value,
            "delay_note": (delay_note or "").strip()[:2000] or None}
