"""Running a case through its procedure: triage, checks, stages, outcomes, messages.

Each public function is one thing an officer does. It checks the procedure's rules
(procedure/machine.py, procedure/rules.py), changes the register entry, appends to the
case's history (portal/history) and the audit log, and raises :class:`CaseError` with a
sentence for the officer when the law does not allow it. None commits: the request's
one commit point does (portal/db/session.py, STYLE.md section 4).

One module per part of the procedure, importing each other directly and never this
package: ``common`` (the history, the status, roles on the case), ``messages``
(messages and letters to the complainant), ``clocks`` (stage 1's deadline),
``triage``, ``responses`` (acknowledging, extending and answering a stage),
``next_stages`` (the request, stage 2's investigation, stage 3's panel) and
``anytime`` (ADR, the Ombudsman, closing, withdrawal). Callers keep using
``from portal.cases import services`` and ``services.accept_route(...)``.
"""

from __future__ import annotations

# The ``_name as _name`` imports keep private names reachable here, as before the split:
# reroute.py overrides a route the way triage does, and a unit test checks that every
# refusal has its sentence.
from portal.cases.context import CaseError, calendar_of, nation_of
from portal.cases.services.anytime import (
    close,
    end_withdrawn,
    record_adr,
    refer_to_ombudsman,
    withdraw,
)
from portal.cases.services.clocks import agreed_response_by, refresh_stage1_clock
from portal.cases.services.common import _REFUSALS as _REFUSALS
from portal.cases.services.common import move, record
from portal.cases.services.messages import send_letter, send_message
from portal.cases.services.next_stages import (
    acknowledge_stage2,
    appoint_panel,
    appoint_stage2,
    begin_next_stage,
    escalation_window,
    is_council_account,
    record_panel_report,
    request_next_stage,
    set_panel_date,
    start_stage2_clock,
)
from portal.cases.services.responses import _EXTENSION_REFUSALS as _EXTENSION_REFUSALS
from portal.cases.services.responses import (
    acknowledge,
    assign_responder,
    extend,
    record_outcome,
)
from portal.cases.services.triage import _override_route as _override_route
from portal.cases.services.triage import accept_route, decide_check, resume, signpost

__all__ = [
    # Re-exported from cases.context, as callers found them here before the split.
    "CaseError",
    "calendar_of",
    "nation_of",
    # common
    "move",
    "record",
    # messages
    "send_letter",
    "send_message",
    # clocks
    "agreed_response_by",
    "refresh_stage1_clock",
    # triage
    "accept_route",
    "decide_check",
    "resume",
    "signpost",
    # responses
    "acknowledge",
    "assign_responder",
    "extend",
    "record_outcome",
    # next_stages
    "acknowledge_stage2",
    "appoint_panel",
    "appoint_stage2",
    "begin_next_stage",
    "escalation_window",
    "is_council_account",
    "record_panel_report",
    "request_next_stage",
    "set_panel_date",
    "start_stage2_clock",
    # anytime
    "close",
    "end_withdrawn",
    "record_adr",
    "refer_to_ombudsman",
    "withdraw",
]
