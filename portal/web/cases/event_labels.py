"""The timeline in words: each kind of case event, who did it, and its details as labels.

The case's history (CaseEvent, and the audit log's views and refusals) is stored with
codes ("acknowledged", "due_before": "2026-03-10", "route": "corporate"), as the
register and the audit need them. An officer reads the timeline: each kind of event
has a plain-word label, each detail a label and a value in words (a date as
"10 March 2026", a code as its label, yes or no), in English or Welsh.

A kind or detail not listed here is still shown (as its code, in readable form):
nothing on the timeline is hidden. tests/integration/test_timeline_words.py checks
that every event the portal records has a label here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import pgettext

from portal.common.filters import long_date
from portal.vocab.cases import (
    CaseStatus,
    Check,
    CheckDecision,
    DelayReason,
    Kind,
    Method,
    NotAcceptedReason,
    OmbudsmanDecision,
    Outcome,
    Procedure,
    RemedyKind,
    Route,
    Signpost,
)
from portal.web.cases.answer_labels import (
    ADR_LABELS,
    ADVOCACY_FLAG_LABELS,
    FORMAT_LABELS,
    KIND_LABELS,
    LETTER_LABELS,
    language_name,
)

EVENT_LABELS: dict[str, object] = {
    # Arrival and routing.
    "submitted": _l("Sent online"),
    "logged_offline": _l("Logged by an officer"),
    "filed_by_advocate": _l("Sent by an advocate for the child"),
    "register_imported": _l("Brought in by a register import"),
    "register_updated": _l("Updated by a register import"),
    "routed": _l("Routing suggested a route"),
    "routed_by_officer": _l("Route chosen by an officer"),
    "routing_overridden": _l("Routing decision changed"),
    "route_accepted": _l("Route accepted"),
    "rerouted": _l("Procedure changed"),
    "moved_team": _l("Moved to another team"),
    "transferred": _l("Passed to another council"),
    "team_and_categories_set": _l("Team and categories set"),
    "check_decided": _l("Check decided"),
    "status_changed": _l("Status changed"),
    "safety_alert_raised": _l("Safety alert raised"),
    "safeguarding_decided": _l("Safeguarding decision recorded"),
    # The stages.
    "acknowledged": _l("Acknowledged"),
    "assigned": _l("Given to someone"),
    "response_plan_agreed": _l("Response plan agreed"),
    "response_plan_changed": _l("Response plan changed"),
    "extended": _l("Deadline extended"),
    "outcome_recorded": _l("Response and outcome recorded"),
    "next_stage_requested": _l("Next stage asked for"),
    "next_stage_requested_by_advocate": _l("Next stage asked for by the advocate"),
    "next_stage_window_closed": _l("Time to ask for the next stage ended"),
    "stage2_acknowledged": _l("Stage 2 acknowledged"),
    "stage2_clock_started": _l("Stage 2 clock started"),
    "independent_person_declared": _l("Independent person's declaration recorded"),
    "panel_appointed": _l("Review panel appointed"),
    "panel_date_set": _l("Review panel's date set"),
    "panel_report_received": _l("Review panel's report received"),
    "adr": _l("Alternative dispute resolution recorded"),
    "ombudsman": _l("Ombudsman's involvement recorded"),
    "resumed": _l("Resumed after the proceedings"),
    "closed": _l("Closed"),
    "reopened": _l("Reopened"),
    "withdrawn": _l("Withdrawn"),
    # Writing to and hearing from the complainant.
    "letter_sent": _l("Letter sent"),
    "message_sent": _l("Message sent to the complainant"),
    "message_from_complainant": _l("Message from the complainant"),
    "compliment_shared": _l("Compliment passed on"),
    # Follow-through.
    "remedy_added": _l("Remedy added"),
    "remedy_edited": _l("Remedy changed"),
    "learning_action_added": _l("Learning action added"),
    "learning_action_edited": _l("Learning action changed"),
    "learning_action_done": _l("Learning action done"),
    # Advocacy (portal/advocacy).
    "advocacy_offered": _l("Advocacy offered"),
    "advocacy_answered": _l("The child answered the offer of an advocate"),
    "advocacy_referred": _l("Referred to an advocacy provider"),
    "advocacy_assigned": _l("Advocate assigned"),
    "advocacy_reassigned": _l("Advocate changed"),
    "advocacy_objection": _l("The child asked for a different advocate"),
    "advocacy_first_contact": _l("Advocate's first contact with the child"),
    "advocacy_closed": _l("Advocacy closed"),
    "advocacy_chain_recorded": _l("Person in the complaint's chain recorded"),
    "advocate_message": _l("Message from the advocate"),
    # Retention.
    "legal_hold_placed": _l("Legal hold placed"),
    "legal_hold_released": _l("Legal hold released"),
    "personal_data_destroyed": _l("Personal data destroyed"),
    # The audit log's entries shown on the timeline.
    "view": _l("Viewed the case"),
    "timeline_view": _l("Viewed the timeline"),
    "letter_viewed": _l("Opened a letter"),
    "denied": _l("Tried to open the case"),
}

#: Grouped rows say how many, between when and when (cases/timeline_rows.py).
GROUPED_LABELS: dict[str, object] = {
    "view": _l("Viewed the case %(count)d times between %(first)s and %(last)s"),
    "timeline_view": _l("Viewed the timeline %(count)d times between %(first)s and %(last)s"),
    "letter_viewed": _l("Opened letters %(count)d times between %(first)s and %(last)s"),
    "denied": _l("Tried to open the case %(count)d times between %(first)s and %(last)s"),
}

#: A group whose views all fell in the same minute.
GROUPED_AT_LABELS: dict[str, object] = {
    "view": _l("Viewed the case %(count)d times at %(time)s"),
    "timeline_view": _l("Viewed the timeline %(count)d times at %(time)s"),
    "letter_viewed": _l("Opened letters %(count)d times at %(time)s"),
    "denied": _l("Tried to open the case %(count)d times at %(time)s"),
}

ACTOR_LABELS: dict[str, object] = {
    "complainant": _l("The complainant"),
    "system": _l("The portal"),
    "staff": _l("A member of staff"),
    "advocate": _l("The advocate"),
}

DETAIL_LABELS: dict[str, object] = {
    "acknowledge_by": _l("Acknowledge by"),
    "action": _l("Action"),
    "after": _l("After"),
    "agreed_on": _l("Agreed on"),
    "agreement_how": _l("How the child agreed"),
    "alert": _l("Safety alert"),
    "amount_gbp": _l("Amount (£)"),
    "anonymous": _l("Anonymous"),
    "answer": _l("Answer"),
    "before": _l("Before"),
    "categories": _l("Categories"),
    "channel": _l("How it came to us"),
    "check": _l("Check"),
    "checks": _l("Checks"),
    "child_agreed": _l("The child agreed"),
    "decision": _l("Decision"),
    "declaration": _l("Declaration"),
    "delay_note": _l("About the delay"),
    "delay_reason": _l("Reason for the delay"),
    "description": _l("What will change"),
    "done_on": _l("Done on"),
    "due_after": _l("Due after"),
    "due_before": _l("Due before"),
    "due_on": _l("Due"),
    "extension_dropped": _l("Extension no longer standing"),
    "for_whom": _l("For whom"),
    "from_on": _l("Was due"),
    "from_status": _l("Status before"),
    "how": _l("How"),
    "in_time": _l("In time"),
    "kind": _l("Kind"),
    "language": _l("Language"),
    "late": _l("Late"),
    "late_reason": _l("Why it was accepted late"),
    "latest_on": _l("Latest with extension"),
    "letter": _l("Letter"),
    "locale": _l("Language"),
    "members": _l("Members"),
    "method": _l("Method"),
    "name": _l("Name"),
    "next_stage_by": _l("May ask for the next stage until"),
    "not_accepted_reason": _l("Why it was not accepted"),
    "note": _l("Note"),
    "on": _l("On"),
    "outcome": _l("Outcome"),
    "owner": _l("Owner"),
    "procedure_after": _l("Procedure after"),
    "procedure_before": _l("Procedure before"),
    "provider": _l("Provider"),
    "advocate": _l("Advocate"),
    "reason": _l("Reason"),
    "referred_on": _l("Referred on"),
    "report_due_on": _l("Report due"),
    "requested_on": _l("Asked for on"),
    "response_by": _l("Response by"),
    "response_due_on": _l("Council's response due"),
    "respond_by": _l("Respond by"),
    "respond_by_latest": _l("Latest response date"),
    "role": _l("Role"),
    "route": _l("Route"),
    "rule": _l("Rule"),
    "sender_named": _l("Sender named"),
    "signpost": _l("Signposted to"),
    "stage": _l("Stage"),
    "status": _l("Status"),
    "team": _l("Team"),
    "team_after": _l("Team after"),
    "team_before": _l("Team before"),
    "to_council": _l("Council"),
    "to_on": _l("Now due"),
    "told": _l("People told"),
    "urgent": _l("Urgent"),
    "user": _l("Person"),
    "version": _l("Version"),
    "within_time": _l("Within time"),
    "format": _l("Format"),
    "procedure": _l("Procedure"),
    "extended_to_on": _l("Extended to"),
    "amount": _l("Amount (£)"),
    "note_changed": _l("Note changed"),
    "description_changed": _l("Description changed"),
    "passed_on": _l("Sent to that council"),
    "asked_when_submitting": _l("Asked for when they got in touch"),
    "languages_matched": _l("Languages matched"),
    "by": _l("Who asked"),
    "advocacy": _l("Advocacy"),
}
#: A detail recorded as it was and as it became ("due_on_before", "kind_after").
SUFFIX_LABELS: dict[str, object] = {
    "_before": _l("%(what)s (before)"),
    "_after": _l("%(what)s (after)"),
}

#: Internal numbers that mean nothing to a reader (record ids), and routing's reasons,
#: which the case page shows in full.
HIDDEN_DETAILS = frozenset({"user_id", "message_id", "remedy", "learning_action", "hold",
                            "provider_id", "advocate_user_id", "reasons", "stage_number",
                            "owner_user_before", "owner_user_after",
                            "previous_advocate_user_id"})


def _advocacy_enums() -> dict[str, tuple[type[Enum], ...]]:
    from portal.cases.letters import Letter
    from portal.models.staff import Role
    from portal.procedure.advocacy import ChainRole
    from portal.vocab.advocacy import Answer, OfferHow
    from portal.vocab.retention import HoldReason, Rule
    from portal.vocab.safety import SafeguardingAction

    return {"how": (OfferHow,), "answer": (Answer,), "role": (Role, ChainRole),
            "letter": (Letter,), "action": (SafeguardingAction,), "rule": (Rule,),
            "hold_reason": (HoldReason,)}


#: Which vocabulary a detail's code comes from (the first that knows it wins).
VALUE_ENUMS: dict[str, tuple[type[Enum], ...]] = {
    "route": (Route,), "signpost": (Signpost,), "channel": (Method,),
    "kind": (Kind, RemedyKind), "outcome": (Outcome,), "check": (Check,),
    "checks": (Check,), "decision": (CheckDecision,), "before": (CaseStatus,),
    "after": (CaseStatus,), "status": (CaseStatus,), "from_status": (CaseStatus,),
    "delay_reason": (DelayReason,), "procedure_before": (Procedure,),
    "procedure_after": (Procedure,), "not_accepted_reason": (NotAcceptedReason,),
    "procedure": (Procedure,),
}
#: The same detail name meaning another vocabulary in one kind of event.
EVENT_VALUE_ENUMS: dict[tuple[str, str], str] = {
    ("ombudsman", "decision"): "ombudsman_decision",
    ("legal_hold_placed", "reason"): "hold_reason",
    ("legal_hold_released", "reason"): "hold_reason",
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def readable(code: str) -> str:
    """A code nobody gave words to, readable: "due_before" becomes "Due before"."""
    text = code.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def event_label(kind: str) -> str:
    found = EVENT_LABELS.get(kind)
    return str(found) if found is not None else readable(kind)


def actor_label(actor: str) -> str:
    found = ACTOR_LABELS.get(actor)
    return str(found) if found is not None else actor


def _split(key: str) -> tuple[str, str | None]:
    """("due_on", "_before") for "due_on_before"; (key, None) for any other."""
    for suffix in SUFFIX_LABELS:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)], suffix
    return key, None


def detail_label(key: str) -> str:
    found = DETAIL_LABELS.get(key)
    if found is not None:
        return str(found)
    base, suffix = _split(key)
    if suffix is not None and base in DETAIL_LABELS:
        return str(SUFFIX_LABELS[suffix]) % {"what": DETAIL_LABELS[base]}
    return readable(key)


def _enum_word(member: Enum) -> str:
    from portal.advocacy.labels import LABELS as ADVOCACY
    from portal.advocacy.labels import OWN_LABELS as ADVOCACY_OWN
    from portal.staff.labels import LABELS as STAFF
    from portal.staff.labels import OWN_LABELS

    # By type first: two vocabularies' members with one value are one key of a table.
    typed = (type(member), member.value)
    found = (OWN_LABELS.get(typed) or ADVOCACY_OWN.get(typed) or KIND_LABELS.get(member)
             or STAFF.get(member) or ADVOCACY.get(member))
    return str(found) if found is not None else str(member.value)


def _code_word(event: str, key: str, code: str) -> str | None:
    """The label of a code, when the detail ``key`` of an ``event`` holds one."""
    if key in ("language", "locale"):
        return language_name(code)
    if key == "letter":
        found = LETTER_LABELS.get(code)
        return str(found) if found is not None else None
    table = (ADR_LABELS if event == "adr" and key == "method" else
             ADVOCACY_FLAG_LABELS if key == "advocacy" else
             FORMAT_LABELS if key == "format" else None)
    if table is not None:
        found = table.get(code)
        return str(found) if found is not None else None
    key = key if key in VALUE_ENUMS or (event, key) in EVENT_VALUE_ENUMS else _split(key)[0]
    name = EVENT_VALUE_ENUMS.get((event, key), key)
    enums = (OmbudsmanDecision,) if name == "ombudsman_decision" else (
        VALUE_ENUMS.get(name) or _advocacy_enums().get(name) or ())
    for enum_cls in enums:
        try:
            return _enum_word(enum_cls(code))  # type: ignore[call-arg]
        except ValueError:
            continue
    return None


def value_words(event: str, key: str, value: Any) -> str:
    """A detail's value in words: yes or no, a date in words, a code as its label, a list
    one item after another; free text exactly as it was written."""
    if isinstance(value, bool):
        # Welsh answers with the question's verb: a detail asks "is it?" (Ydy / Nac ydy).
        return pgettext("timeline detail: is it so?", "Yes") if value else pgettext(
            "timeline detail: is it so?", "No")
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, list | tuple):
        return ", ".join(value_words(event, key, v) for v in value if v not in (None, ""))
    if isinstance(value, Mapping):
        return "; ".join(f"{detail_label(k)}: {value_words(event, k, v)}"
                         for k, v in value.items()
                         if k not in HIDDEN_DETAILS and v not in (None, "", [], {}))
    if isinstance(value, str):
        if ISO_DATE.match(value):
            try:
                return long_date(date.fromisoformat(value))
            except ValueError:
                return value
        return _code_word(event, key, value) or value
    return str(value)


def details(event: str, data: Mapping[str, Any], *, skip: frozenset[str] = frozenset()
            ) -> list[tuple[str, str]]:
    """The event's details as (label, value in words), in the order they were recorded;
    empty values and internal ids left out."""
    rows = []
    for key, value in data.items():
        if key in HIDDEN_DETAILS or key in skip or value in (None, "", [], {}):
            continue
        words = value_words(event, key, value)
        if words:
            rows.append((detail_label(key), words))
    return rows
