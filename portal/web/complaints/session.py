"""What this browser holds of the journey: its draft's id, and the check that a form's
CSRF token is good (made here, not by CSRFProtect, so a page shown again after a long
pause keeps what the child typed)."""

from __future__ import annotations

from flask import current_app, request, session
from flask_wtf.csrf import ValidationError, validate_csrf

from portal.complaints.drafts import Draft, draft_store

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
    """Delete this browser's draft and its id (a journey left, or Exit this page)."""
    draft_store().delete(session.pop(DRAFT_KEY, None))
