"""Plain words for the audit log's action codes (portal.staff.services.audit callers, and
every case event, which portal.cases.services.record logs too).

A code with no words here (a new one) is shown as itself with its underscores as spaces,
so a new action is never hidden; tests/unit/staff/test_need_to_know_rules.py checks the fallback.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_LABELS: dict[str, object] = {
    # Access and accounts.
    "sign_in": _l("Signed in"),
    "sign_out": _l("Signed out"),
    "password_reset": _l("Reset their password"),
    "two_factor_enrolled": _l("Set up their authenticator app"),
    "two_factor_reset": _l("Reset someone's authenticator app"),
    "account_created": _l("Created an account"),
    "account_deactivated": _l("Deactivated an account"),
    "email_language_changed": _l("Changed the language of their emails"),
    "denied": _l("Tried to open something their role does not allow"),
    "refused": _l("Tried a step the case did not allow"),
    # Reading.
    "view": _l("Opened the case"),
    "timeline_view": _l("Read the case's timeline"),
    "viewed": _l("Opened a child's case (advocate)"),
    "viewed_advocacy": _l("Opened the case's advocacy"),
    "safety_alert_view": _l("Opened a safety alert"),
    "file_opened": _l("Opened a file of the case"),
    "report_viewed": _l("Read the annual report"),
    "timeliness_viewed": _l("Read timeliness by team"),
    "exported_own_children": _l("Exported their children's cases (advocate)"),
    "register_exported": _l("Exported the register"),
    "audit_export": _l("Exported the audit log"),
    # The council's settings.
    "council_settings_changed": _l("Changed the council's settings"),
    "officer_teams_changed": _l("Changed officers' teams"),
    "team_added": _l("Added a team"),
    "team_changed": _l("Changed a team"),
    "category_added": _l("Added a category"),
    "category_changed": _l("Changed a category"),
    "retention_settings_changed": _l("Changed the retention periods"),
    "advocacy_provider_added": _l("Added an advocacy provider"),
    "advocacy_provider_changed": _l("Changed an advocacy provider"),
    "advocate_profile_saved": _l("Saved an advocate's profile"),
    # The register and its report.
    "register_imported": _l("Imported a register file"),
    "register_import_refused": _l("Tried to import a register file with problems"),
    "register_updated": _l("Updated the case from a register file"),
    "report_narrative_saved": _l("Saved the annual report's words"),
    "report_narrative_refused": _l("Tried to save the annual report's words"),
    # A case's steps.
    "logged_offline": _l("Logged a complaint"),
    "routed_by_officer": _l("Chose the route"),
    "routing_overridden": _l("Overrode the routing decision"),
    "route_accepted": _l("Accepted the route"),
    "team_and_categories_set": _l("Set the team and categories"),
    "check_decided": _l("Decided a check"),
    "status_changed": _l("Changed the status"),
    "assigned": _l("Gave the case to someone"),
    "acknowledged": _l("Acknowledged the complaint"),
    "extended": _l("Extended the deadline"),
    "outcome_recorded": _l("Recorded the outcome"),
    "next_stage_requested": _l("Recorded a request for the next stage"),
    "stage2_acknowledged": _l("Acknowledged the stage 2 request"),
    "stage2_clock_started": _l("Started the stage 2 clock"),
    "independent_person_declared": _l("Recorded the independent person's declaration"),
    "panel_appointed": _l("Appointed the review panel"),
    "panel_date_set": _l("Set the review panel's date"),
    "panel_report_received": _l("Recorded the review panel's report"),
    "adr": _l("Recorded a meeting or mediation"),
    "ombudsman": _l("Recorded an Ombudsman referral"),
    "message_sent": _l("Sent a message"),
    "letter_sent": _l("Sent a letter"),
    "document_added": _l("Added a document"),
    "document_sent": _l("Sent a document"),
    "voice_note_written_down": _l("Wrote down what a voice note says"),
    "resumed": _l("Resumed the case"),
    "reopened": _l("Reopened the case"),
    "closed": _l("Closed the case"),
    "withdrawn": _l("Recorded a withdrawal"),
    "response_plan_agreed": _l("Agreed the response plan"),
    "response_plan_changed": _l("Changed the response plan"),
    "compliment_shared": _l("Passed on the compliment"),
    "remedy_added": _l("Added a remedy"),
    "remedy_edited": _l("Changed a remedy"),
    "learning_action_added": _l("Added a learning action"),
    "learning_action_edited": _l("Changed a learning action"),
    "learning_action_done": _l("Marked a learning action done"),
    "legal_hold_placed": _l("Placed a legal hold"),
    "legal_hold_released": _l("Released a legal hold"),
    "safeguarding_decided": _l("Recorded a safeguarding decision"),
    # Advocacy.
    "advocacy_offered": _l("Offered advocacy"),
    "advocacy_answered": _l("Recorded the answer to the advocacy offer"),
    "advocacy_referred": _l("Referred the child for advocacy"),
    "advocacy_assigned": _l("Gave the child an advocate"),
    "advocacy_reassigned": _l("Gave the child a new advocate"),
    "advocacy_objection": _l("Recorded an objection to the advocate"),
    "advocacy_first_contact": _l("Recorded the advocate's first contact"),
    "advocacy_closed": _l("Closed the advocacy"),
    "advocacy_chain_recorded": _l("Recorded who the child is working with"),
    "advocate_message": _l("Sent a message (advocate)"),
    "filed_by_advocate": _l("Filed a complaint for a child (advocate)"),
    "next_stage_requested_by_advocate": _l("Asked for the next stage (advocate)"),
    # The procedure's own moves.
    "next_stage_window_closed": _l("Closed: the time to ask for the next stage ended"),
    "rerouted": _l("Changed the procedure"),
    "moved_team": _l("Moved the case to another team"),
    "transferred": _l("Passed the case to another council"),
    "extension_dropped": _l("Dropped an extension the new procedure does not allow"),
}


def action_label(code: str) -> str:
    """The action in plain words; an unknown code as itself, underscores as spaces."""
    found = ACTION_LABELS.get(code)
    if found is not None:
        return str(found)
    text = code.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def action_choices() -> list[tuple[str, str]]:
    """Every known action, by its words in the reader's language."""
    return sorted(((code, str(words)) for code, words in ACTION_LABELS.items()),
                  key=lambda pair: pair[1].casefold())
