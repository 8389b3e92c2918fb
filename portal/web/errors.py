"""Kind error pages. Nothing in them names a person or echoes what was typed."""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, render_template, session
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.staff.access import current_user, may_see, record_refusal
from portal.staff.permissions import NotPermitted

log = logging.getLogger(__name__)

#: What the 500 page may say about this browser's answers in the public journey.
KEPT, SENT, UNKNOWN = "kept", "sent", "unknown"

_TEMPLATES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    405: "errors/404.html",
    413: "errors/400.html",
    429: "errors/429.html",
}


def init_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError) -> tuple[str, int]:
        return render_template("errors/session-expired.html"), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[str, int] | HTTPException:
        code = error.code or 500
        template = _TEMPLATES.get(code)
        if template is None:
            return error
        return render_template(template), code

    @app.errorhandler(NotPermitted)
    def _not_permitted(error: NotPermitted) -> tuple[str, int]:
        # A service refused this person what the page's guard let through: answered and
        # recorded by the same refusal rule as every other refusal (access.deny).
        from portal.extensions import db

        db.session.rollback()
        user, case_id = current_user(), error.representation_id
        code = record_refusal(user, representation_id=case_id, reason=error.reason,
                              unseen=case_id is not None
                              and (user is None or not may_see(user, case_id)))
        return render_template(_TEMPLATES[code]), code

    @app.errorhandler(500)
    def _server_error(_error: Exception) -> tuple[str, int]:
        # The exception is logged by Flask with its traceback; no request data here.
        _steady_the_page()
        return render_template(
            "errors/500.html", answers=_journey_answers(),
            idle_minutes=int(current_app.config.get("SESSION_IDLE_MINUTES", 30))), 500


def _steady_the_page() -> None:
    """Let the error page itself render when the database is what failed.

    The layout names the council from the database; a session whose flush failed
    refuses every query until rolled back, and a database that is down or locked
    would fail the page again, leaving a bare "Internal Server Error".
    """
    from portal.councils.services import council_settings, current_council
    from portal.extensions import db

    try:
        db.session.rollback()
        council = current_council()
        g.council, g.council_settings = council, council_settings(council)
    except Exception:  # noqa: BLE001 - any failure here: show the page without the name
        log.warning("error page shown without the council's name")
        g.council, g.council_settings = None, None


def _journey_answers() -> str | None:
    """What the portal knows about this browser's answers to the public form.

    KEPT: a draft not yet marked sent is still on the server (its idle clock is
    restarted here, so "for the next N minutes" holds). SENT: the answers are in
    the register. UNKNOWN: the draft store could not be read. None: no answers.
    Whether a Send that failed half-way reached the register is never claimed:
    pressing Send again is safe because the submission is idempotent.
    """
    from portal.complaints.drafts import draft_store
    from portal.web.complaints.session import DRAFT_KEY

    try:
        draft_id = session.get(DRAFT_KEY)
        if not draft_id:
            return None
        store = draft_store()
        draft = store.load(draft_id)
        if draft is None:
            return None
        if draft.sent_reference:
            return SENT
        store.touch(draft)
    except Exception:  # noqa: BLE001 - the store (Redis) may be what failed
        log.warning("error page could not read the draft store")
        return UNKNOWN
    return KEPT
