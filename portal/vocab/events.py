"""The kinds of event in a case's history (``CaseEvent.type``): every one the portal writes.

A member equals its string (StrEnum), so the rows already stored, the timeline's words
(web/cases/event_labels.py) and the advocacy timeline's partials, all keyed by the string,
read the same. The audit log's own entries shown on the timeline ("view", "denied") are
not case events and are not here.
"""

from __future__ import annotations

import enum


class EventType(enum.StrEnum):
    # Arrival and routing.
    SUBMITTED = "submitted"
    LOGGED_OFFLINE = "logged_offline"
    FILED_BY_ADVOCATE = "filed_by_advocate"
    REGISTER_IMPORTED = "register_imported"
    REGISTER_UPDATED = "register_updated"
    ROUTED = "routed"
    ROUTED_BY_OFFICER = "routed_by_officer"
    ROUTING_OVERRIDDEN = "routing_overridden"
    ROUTE_ACCEPTED = "route_accepted"
    REROUTED = "rerouted"
    MOVED_TEAM = "moved_team"
    TRANSFERRED = "transferred"
    TEAM_AND_CATEGORIES_SET = "team_and_categories_set"
    CHECK_DECIDED = "check_decided"
    STATUS_CHANGED = "status_changed"
    SAFETY_ALERT_RAISED = "safety_alert_raised"
    SAFEGUARDING_DECIDED = "safeguarding_decided"
    # The stages.
    ACKNOWLEDGED = "acknowledged"
    ASSIGNED = "assigned"
    RESPONSE_PLAN_AGREED = "response_plan_agreed"
    RESPONSE_PLAN_CHANGED = "response_plan_changed"
    EXTENDED = "extended"
    OUTCOME_RECORDED = "outcome_recorded"
    NEXT_STAGE_REQUESTED = "next_stage_requested"
    NEXT_STAGE_REQUESTED_BY_ADVOCATE = "next_stage_requested_by_advocate"
    #: An assigned advocate sent the child a new tracking code (the old one stops working).
    TRACKING_CODE_REPLACED = "tracking_code_replaced"
    NEXT_STAGE_WINDOW_CLOSED = "next_stage_window_closed"
    STAGE2_ACKNOWLEDGED = "stage2_acknowledged"
    STAGE2_CLOCK_STARTED = "stage2_clock_started"
    INDEPENDENT_PERSON_DECLARED = "independent_person_declared"
    PANEL_APPOINTED = "panel_appointed"
    PANEL_DATE_SET = "panel_date_set"
    PANEL_REPORT_RECEIVED = "panel_report_received"
    ADR = "adr"
    OMBUDSMAN = "ombudsman"
    RESUMED = "resumed"
    CLOSED = "closed"
    REOPENED = "reopened"
    WITHDRAWN = "withdrawn"
    # Writing to and hearing from the complainant.
    LETTER_SENT = "letter_sent"
    MESSAGE_SENT = "message_sent"
    MESSAGE_FROM_COMPLAINANT = "message_from_complainant"
    COMPLIMENT_SHARED = "compliment_shared"
    # Documents and files on the case (portal/files/documents.py).
    DOCUMENT_ADDED = "document_added"
    #: A staff document put on the complainant's tracking page or the advocate's page.
    DOCUMENT_SENT = "document_sent"
    #: The complainant or the advocate opened a document sent to them.
    DOCUMENT_OPENED = "document_opened"
    #: Staff typed what a voice note says.
    VOICE_NOTE_WRITTEN_DOWN = "voice_note_written_down"
    # Follow-through.
    REMEDY_ADDED = "remedy_added"
    REMEDY_EDITED = "remedy_edited"
    LEARNING_ACTION_ADDED = "learning_action_added"
    LEARNING_ACTION_EDITED = "learning_action_edited"
    LEARNING_ACTION_DONE = "learning_action_done"
    # Advocacy (portal/advocacy): a partial each in templates/advocacy/events/, as
    # filed_by_advocate and next_stage_requested_by_advocate have.
    ADVOCACY_OFFERED = "advocacy_offered"
    ADVOCACY_ANSWERED = "advocacy_answered"
    ADVOCACY_REFERRED = "advocacy_referred"
    ADVOCACY_ASSIGNED = "advocacy_assigned"
    ADVOCACY_REASSIGNED = "advocacy_reassigned"
    ADVOCACY_OBJECTION = "advocacy_objection"
    ADVOCACY_FIRST_CONTACT = "advocacy_first_contact"
    ADVOCACY_CLOSED = "advocacy_closed"
    ADVOCACY_CHAIN_RECORDED = "advocacy_chain_recorded"
    ADVOCATE_MESSAGE = "advocate_message"
    # Retention.
    LEGAL_HOLD_PLACED = "legal_hold_placed"
    LEGAL_HOLD_RELEASED = "legal_hold_released"
    PERSONAL_DATA_DESTROYED = "personal_data_destroyed"
