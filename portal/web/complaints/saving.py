"""Save it and come back later (issue 19, part 6): the button on every question page, the
page that gives the child their code, and the page where a code brings the form back.

The saving itself is portal/complaints/saved.py (sealed with the code; the code is never
stored). Guessing codes on "Come back to a saved form" is rate-limited like the tracking
page: per address and for the whole portal (security/tokens.py does the sums).
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal.common.clock import london_today
from portal.complaints import journey
from portal.complaints import saved as saved_forms
from portal.complaints.drafts import Draft, draft_store
from portal.complaints.questions import Field, Step
from portal.complaints.validation import validate_step
from portal.councils.services import council_settings, current_council
from portal.db.types import utcnow
from portal.extensions import db, limiter
from portal.security.sanitise import exact_text
from portal.security.tokens import group_code, normalise_code
from portal.web.complaints import bp
from portal.web.complaints.session import csrf_problem, forget_draft, load_draft, save_draft
from portal.web.complaints.tracking import everyone

#: The name of the "Save and come back later" button in a question page's form.
SAVE_BUTTON = "save_for_later"
NOTICE_KEY = "saved_notice"

E_CODE_MISSING = _l("Enter the code you wrote down")
E_CODE_WRONG = _l("We could not find a saved form with that code. Check each letter and "
                  "number, then try again.")
E_CSRF = _l("This page was open for a long time. Please press the button again.")
E_EMAIL_MISSING = _l("Enter your email address")
EMAIL_STEP = Step(slug="saved", title=_l("Email address"), fields=(
    Field("email", "email", _l("Email address"), required=True, required_error=E_EMAIL_MISSING,
          max_length=320, autocomplete="email"),))
NOTICE_EMAILED = _l("We will email you a link. It may take a few minutes to arrive.")


def _come_back_limit() -> str:
    return str(current_app.config.get("SAVED_DRAFT_RATE_LIMIT", "10 per minute; 60 per hour"))


def _come_back_global_limit() -> str:
    return str(current_app.config.get("SAVED_DRAFT_GLOBAL_RATE_LIMIT", "10000 per hour"))


def _email_limit() -> str:
    # Each press sends an email to an address anyone may type: not a way to flood an inbox.
    return str(current_app.config.get("SAVED_DRAFT_EMAIL_LIMIT", "5 per hour"))


def pressed_save() -> bool:
    """Whether the question page's form was sent with "Save and come back later"."""
    return SAVE_BUTTON in request.form


def keep_typed(step: Step, draft: Draft, values: dict[str, Any], *, valid: bool) -> None:
    """Keep this page's answer in the draft as typed, even one that does not yet pass its
    checks: nothing typed is lost. Only a valid answer counts as answered, so coming back
    starts at this page, with what was typed, and its checks run then."""
    kept = dict(values)
    if not valid:
        # Text as typed (only NUL and lone surrogates go), not the shortened form a
        # failed check shows: an age typed as words is kept whole.
        for field in step.fields:
            if field.kind in ("text", "textarea", "email", "tel", "number") and (
                    field.revealed_by is None or kept.get(field.name)):
                kept[field.name] = exact_text(request.form.get(field.name, ""))
    draft.answers.update(kept)
    if valid and step.slug not in draft.answered:
        draft.answered.append(step.slug)
    elif not valid and step.slug in draft.answered:
        draft.answered.remove(step.slug)


def save_for_later(draft: Draft) -> Response:
    """Seal the draft under its code (saved.py) and show the code."""
    saved_forms.save(db.session(), current_council(), draft, now=utcnow())
    save_draft(draft)
    return redirect(url_for("complaints.saved"))


def _carry_on_url(draft: Draft) -> str:
    pending = journey.first_unanswered(draft.answers, set(draft.answered))
    if pending is None:
        return url_for("complaints.check_answers")
    return url_for("complaints.question", slug=pending.slug)


def _saved_page(draft: Draft, *, email: str = "", error: str | None = None,
                status: int = 200) -> tuple[str, int]:
    council = current_council()
    assert draft.saved_code is not None
    return render_template(
        "complaints/saved.html", code=group_code(draft.saved_code),
        days=saved_forms.keeping_days(council), carry_on_url=_carry_on_url(draft),
        not_safe=journey.not_safe(draft.answers), email=email, email_error=error,
        error_list=[{"text": error, "href": "#email"}] if error else [],
        notice=NOTICE_EMAILED if session.pop(NOTICE_KEY, None) else None,
        contacts=council_settings(council).contacts,
    ), status


def _saved_draft() -> Draft | None:
    """This browser's draft, if it has a saved copy that is still kept."""
    draft = load_draft()
    if draft is None or not draft.saved_code:
        return None
    if saved_forms.expires_on(db.session(), current_council(), draft.saved_code,
                        now=utcnow()) is None:
        return None  # never said to be saved unless the copy is there
    return draft


@bp.route("/complaint/saved", methods=["GET", "POST"])
@limiter.limit(_email_limit, methods=["POST"])
def saved() -> Response | tuple[str, int]:
    """The code to write down, who could see the saved form, and an optional email link."""
    draft = _saved_draft()
    if draft is None and request.method == "POST" and csrf_problem():
        abort(400)  # refused before anything is looked up, whatever the session holds
    if draft is None:
        return redirect(url_for("complaints.start"))
    if request.method == "GET":
        return _saved_page(draft)
    typed = request.form.get("email", "")
    if csrf_problem():
        return _saved_page(draft, email=typed, error=str(E_CSRF), status=400)
    values, errors = validate_step(EMAIL_STEP, request.form.to_dict(flat=False),
                                   today=london_today())
    if errors:
        return _saved_page(draft, email=typed, error=str(errors["email"]), status=400)
    assert draft.saved_code is not None
    saved_forms.email_link(db.session(), current_council(), draft.saved_code, values["email"],
                     locale=str(get_locale()))
    session[NOTICE_KEY] = "emailed"
    return redirect(url_for("complaints.saved"))


@bp.route("/complaint/come-back", methods=["GET", "POST"])
@limiter.limit(_come_back_limit, methods=["POST"])
@limiter.limit(_come_back_global_limit, methods=["POST"], key_func=everyone,
               scope="come-back-all")
def come_back() -> Response | tuple[str, int]:
    """Type the code; every answer comes back and the journey carries on where it stopped."""
    typed = request.form.get("code", "")[:60]
    error = None
    if request.method == "POST":
        if csrf_problem():
            error = E_CSRF
        elif not typed.strip():
            error = E_CODE_MISSING
        else:
            restored = saved_forms.restore(db.session(), current_council(), typed, now=utcnow())
            if restored is not None:
                forget_draft()  # this browser's unsent answers give way to the saved ones
                draft = saved_forms.into_draft(db.session(), current_council(),
                                               draft_store().new(), restored,
                                               normalise_code(typed))
                save_draft(draft)
                return redirect(_carry_on_url(draft))
            error = E_CODE_WRONG
    return render_template(
        "complaints/come-back.html", typed=typed, error=str(error) if error else None,
        error_list=[{"text": str(error), "href": "#code"}] if error else [],
        days=saved_forms.keeping_days(current_council()),
    ), 400 if error else 200
