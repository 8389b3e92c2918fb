"""What this browser holds of the journey: its draft's id, and the check that a form's
CSRF token is good (made here, not by CSRFProtect, so a page shown again after a long
pause keeps what the child typed)."""

from __future__ import annotations

import logging

from flask import current_app, request, session
from flask_wtf.csrf import ValidationError, validate_csrf

from portal.complaints.attachments import file_ids
from portal.complaints.drafts import Draft, draft_store
from portal.extensions import db
from portal.files.services import delete_for_draft

log = logging.getLogger(__name__)

DRAFT_KEY = "draft_id"


def csrf_problem() -> bool:
    """True if the form's CSRF token is missing, wrong or expired (checked here, not by
    CSRFProtect, so the page can be shown again with what was typed)."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return False
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return True
    return False


def load_draft() -> Draft | None:
    return draft_store().load(session.get(DRAFT_KEY))


def save_draft(draft: Draft) -> None:
    draft_store().save(draft)
    session[DRAFT_KEY] = draft.id


def forget_draft() -> None:
    """Delete this browser's draft and its id (a journey left, or Exit this page), and the
    files it added, at once: nothing unsent outlives the child leaving it."""
    store = draft_store()
    draft = store.load(session.get(DRAFT_KEY))
    if draft is not None and not draft.sent_reference and file_ids(draft.answers):
        try:
            delete_for_draft(db.session(), draft.draft_token)
        except Exception:  # noqa: BLE001 - the way out must work even if the database fails
            db.session.rollback()
            # The files' draft is gone below, so the drafts sweep deletes them later.
            log.warning("exit: the draft's files are left for the drafts sweep")
    store.delete(session.pop(DRAFT_KEY, None))
