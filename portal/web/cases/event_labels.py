"""The timeline in words: each kind of case event, who did it, and its details as labels.

The case's history (CaseEvent, and the audit log's views and refusals) is stored with
codes ("acknowledged", "due_before": "2026-03-10", "route": "corporate"), as the
register and the audit need them. An officer reads the timeline: each kind of event
has a plain-word label, each detail a label and a value in words (a date as
"10 March 2026", a code as its label, yes or no), in English or Welsh.

A kind or detail not listed here is still shown (as its code, in readable form):
nothing on the timeline is hidden. tests/integration/cases/test_timeline_words.py checks
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
from portal.vocab.events import EventType
from portal.vocab.files import DocumentType, FileKind, FilePurpose, Recipient
from portal.web.cases.answer_labels import (
    ADR_LABELS,
    ADVOCACY_FLAG_LABELS,
    FORMAT_LABELS,
    KIND_LABELS,
    LETTER_LABELS,
    language_name,
)

EVENT_LABELS: dict[EventType, object] = {
    # Arrival and routing.
    EventType.SUBMITTED: _l("Sent online"),
    EventType.LOGGED_OFFLINE: _l("Logged by an officer"),
    EventType.FILED_BY_ADVOCATE: _l("Sent by an advocate for the child"),
    EventType.REGISTER_IMPORTED: _l("Brought in by a register import"),
    EventType.REGISTER_UPDATED: _l("Updated by a register import"),
    EventType.ROUTED: _l("Routing suggested a route"),
    EventType.ROUTED_BY_OFFICER: _l("Route chosen by an officer"),
    EventType.ROUTING_OVERRIDDEN: _l("Routing decision changed"),
    EventType.ROUTE_ACCEPTED: _l("Route accepted"),
    EventType.REROUTED: _l("Procedure changed"),
    EventType.MOVED_TEAM: _l("Moved to another team"),
    EventType.TRANSFERRED: _l("Passed to another council"),
    EventType.TEAM_AND_CATEGORIES_SET: _l("Team and categories set"),
    EventType.CHECK_DECIDED: _l("Check decided"),
    EventType.STATUS_CHANGED: _l("Status changed"),
    EventType.SAFETY_ALERT_RAISED: _l("Safety alert raised"),
    EventType.SAFEGUARDING_DECIDED: _l("Safeguarding decision recorded"),
    # The stages.
    EventType.ACKNOWLEDGED: _l("Acknowledged"),
    EventType.ASSIGNED: _l("Given to someone"),
    EventType.RESPONSE_PLAN_AGREED: _l("Response plan agreed"),
    EventType.RESPONSE_PLAN_CHANGED: _l("Response plan changed"),
    EventType.EXTENDED: _l("Deadline extended"),
    EventType.OUTCOME_RECORDED: _l("Response and outcome recorded"),
    EventType.NEXT_STAGE_REQUESTED: _l("Next stage asked for"),
    EventType.NEXT_STAGE_REQUESTED_BY_ADVOCATE: _l("Next stage asked for by the advocate"),
    EventType.TRACKING_CODE_REPLACED: _l("New tracking code sent to the child by the advocate"),
    EventType.NEXT_STAGE_WINDOW_CLOSED: _l("Time to ask for the next stage ended"),
    EventType.STAGE2_ACKNOWLEDGED: _l("Stage 2 acknowledged"),
    EventType.STAGE2_CLOCK_STARTED: _l("Stage 2 clock started"),
    EventType.INDEPENDENT_PERSON_DECLARED: _l("Independent person's declaration recorded"),
    EventType.PANEL_APPOINTED: _l("Review panel appointed"),
    EventType.PANEL_DATE_SET: _l("Review panel's date set"),
    EventType.PANEL_REPORT_RECEIVED: _l("Review panel's report received"),
    EventType.ADR: _l("Alternative dispute resolution recorded"),
    EventType.OMBUDSMAN: _l("Ombudsman's involvement recorded"),
    EventType.RESUMED: _l("Resumed after the proceedings"),
    EventType.CLOSED: _l("Closed"),
    EventType.REOPENED: _l("Reopened"),
    EventType.WITHDRAWN: _l("Withdrawn"),
    # Writing to and hearing from the complainant.
    EventType.LETTER_SENT: _l("Letter sent"),
    EventType.MESSAGE_SENT: _l("Message sent to the complainant"),
    EventType.MESSAGE_FROM_COMPLAINANT: _l("Message from the complainant"),
    EventType.COMPLIMENT_SHARED: _l("Compliment passed on"),
    # Documents and files on the case.
    EventType.DOCUMENT_ADDED: _l("Document added"),
    EventType.DOCUMENT_SENT: _l("Document sent"),
    EventType.DOCUMENT_OPENED: _l("Document opened"),
    EventType.VOICE_NOTE_WRITTEN_DOWN: _l("Voice note written down"),
    # Follow-through.
    EventType.REMEDY_ADDED: _l("Remedy added"),
    EventType.REMEDY_EDITED: _l("Remedy changed"),
    EventType.LEARNING_ACTION_ADDED: _l("Learning action added"),
    EventType.LEARNING_ACTION_EDITED: _l("Learning action changed"),
    EventType.LEARNING_ACTION_DONE: _l("Learning action done"),
    # Advocacy (portal/advocacy).
    EventType.ADVOCACY_OFFERED: _l("Advocacy offered"),
    EventType.ADVOCACY_ANSWERED: _l("The child answered the offer of an advocate"),
    EventType.ADVOCACY_REFERRED: _l("Referred to an advocacy provider"),
    EventType.ADVOCACY_ASSIGNED: _l("Advocate assigned"),
    EventType.ADVOCACY_REASSIGNED: _l("Advocate changed"),
    EventType.ADVOCACY_OBJECTION: _l("The child asked for a different advocate"),
    EventType.ADVOCACY_FIRST_CONTACT: _l("Advocate's first contact with the child"),
    EventType.ADVOCACY_CLOSED: _l("Advocacy closed"),
    EventType.ADVOCACY_CHAIN_RECORDED: _l("Person in the complaint's chain recorded"),
    EventType.ADVOCATE_MESSAGE: _l("Message from the advocate"),
    # Retention.
    EventType.LEGAL_HOLD_PLACED: _l("Legal hold placed"),
    EventType.LEGAL_HOLD_RELEASED: _l("Legal hold released"),
    EventType.PERSONAL_DATA_DESTROYED: _l("Personal data destroyed"),
}

#: Every case event's code, to tell one from an audit log's action.
EVENT_TYPES = frozenset(t.value for t in EventType)

#: The audit log's entries the timeline shows (cases/queries.py, ``timeline``): not case
#: events, so keyed by the audit's action.
AUDIT_LABELS: dict[str, object] = {
    "view": _l("Viewed the case"),
    "timeline_view": _l("Viewed the timeline"),
    "letter_viewed": _l("Opened a letter"),
    "file_opened": _l("Opened a file"),
    "denied": _l("Tried to open the case"),
}

#: Grouped rows say how many, between when and when (cases/timeline_rows.py).
GROUPED_LABELS: dict[str, object] = {
    "view": _l("Viewed the case %(count)d times between %(first)s and %(last)s"),
    "timeline_view": _l("Viewed the timeline %(count)d times between %(first)s and %(last)s"),
    "letter_viewed": _l("Opened letters %(count)d times between %(first)s and %(last)s"),
    "file_opened": _l("Opened files %(count)d times between %(first)s and %(last)s"),
    "denied": _l("Tried to open the case %(count)d times between %(first)s and %(last)s"),
}

#: A group whose views all fell in the same minute.
GROUPED_AT_LABELS: dict[str, object] = {
    "view": _l("Viewed the case %(count)d times at %(time)s"),
    "timeline_view": _l("Viewed the timeline %(count)d times at %(time)s"),
    "letter_viewed": _l("Opened letters %(count)d times at %(time)s"),
    "file_opened": _l("Opened files %(count)d times at %(time)s"),
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
    "document_type": _l("Type of document"),
    "purpose": _l("Added as"),
    "sent_to": _l("Sent to"),
    "said": _l("What was said"),
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
                            "previous_advocate_user_id", "file_id"})


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
    "procedure": (Procedure,), "document_type": (DocumentType,), "sent_to": (Recipient,),
    "purpose": (FilePurpose,), "file_kind": (FileKind,),
}
#: The same detail name meaning another vocabulary in one kind of event.
EVENT_VALUE_ENUMS: dict[tuple[str, str], str] = {
    ("ombudsman", "decision"): "ombudsman_decision",
    ("legal_hold_placed", "reason"): "hold_reason",
    ("legal_hold_released", "reason"): "hold_reason",
    ("file_opened", "kind"): "file_kind",
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def readable(code: str) -> str:
    """A code nobody gave words to, readable: "due_before" becomes "Due before"."""
    text = code.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def event_label(kind: str) -> str:
    found = (EVENT_LABELS.get(EventType(kind)) if kind in EVENT_TYPES
             else AUDIT_LABELS.get(kind))
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
