"""The confirmation page's offer: send the tracking code to an email or a phone the child
chooses, instead of a photo that would stay in a shared phone's gallery
(portal/complaints/codes.py queues it; a text waits for the council's texting hours)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal.common.clock import london_today
from portal.complaints import codes, queries
from portal.complaints.drafts import Draft
from portal.complaints.questions import Choice, Field, Step
from portal.complaints.validation import validate_step
from portal.councils.services import council_settings, current_council
from portal.db.types import utcnow
from portal.extensions import db, limiter
from portal.models.cases import Representation
from portal.routing.reasons import Reason, reason_text
from portal.security.tokens import group_code
from portal.web.complaints import bp, presenters
from portal.web.complaints.session import csrf_problem, load_draft

NOTICE_KEY = "code_sent"
SEND_CODE = Step(slug="send-code", title=_l("Send me my code"), legend_is_title=False, fields=(
    Field("send_to", "radios", _l("Where should we send it?"), required=True,
          required_error=_l("Choose email or text message"),
          # Both boxes are shown, not revealed under their choice: on this page GOV.UK's
          # conditional reveal left an aria-expanded on the radios that axe refuses.
          choices=(Choice("email", _l("Email")),
                   Choice("text", _l("Text message")))),
    Field("code_email", "email", _l("Email address"), max_length=320, autocomplete="email",
          revealed_by=("send_to", "email")),
    Field("code_mobile", "tel", _l("Mobile phone number"), max_length=30, autocomplete="tel",
          revealed_by=("send_to", "text")),
))
E_EMAIL = _l("Enter your email address")
E_MOBILE = _l("Enter your mobile phone number")


def sent_page(draft: Draft, representation: Representation, *,
              send_errors: Mapping[str, Any] | None = None,
              typed: Mapping[str, str] | None = None) -> tuple[str, int]:
    """The confirmation page: the reference, the code once, what happens next, and the
    offer to send the code."""
    council = current_council()
    reasons = [reason_text(Reason.from_mapping(r), "child")
               for r in representation.routing_reasons]
    stage = representation.stage(1)
    send_errors = dict(send_errors or {})
    assert draft.tracking_code is not None
    return render_template(
        "complaints/sent.html", representation=representation,
        code=group_code(draft.tracking_code), reasons=reasons,
        respond_by=stage.due_on if stage else None,
        has_email=any(p.email for p in representation.people),
        send_fields=presenters.page_fields(SEND_CODE, answers=dict(typed or {}),
                                           values=dict(typed or {}), errors=send_errors),
        error_list=presenters.error_list(SEND_CODE, send_errors),
        code_sent=session.pop(NOTICE_KEY, None),
        sms_from=council_settings(council).sms_from,
        sms_until=council_settings(council).sms_until,
    ), 400 if send_errors else 200


def _send_limit() -> str:
    # Each press sends a message to an address or number anyone may type.
    return str(current_app.config.get("SEND_CODE_LIMIT", "5 per hour"))


@bp.post("/complaint/sent/send-code")
@limiter.limit(_send_limit)
def send_code() -> Response | tuple[str, int]:
    draft = load_draft()
    if csrf_problem() and (draft is None or not draft.sent_reference):
        abort(400)  # refused before anything is looked up, whatever the session holds
    if draft is None or not draft.sent_reference or not draft.tracking_code:
        return redirect(url_for("public.index"))
    council = current_council()
    representation = queries.by_reference(db.session(), council.id, draft.sent_reference)
    if representation is None:
        return redirect(url_for("public.index"))
    form = request.form.to_dict(flat=False)
    typed = {name: request.form.get(name, "") for name in ("send_to", "code_email",
                                                          "code_mobile")}
    if csrf_problem():
        return sent_page(draft, representation, send_errors={
            "send_to": _l("This page was open for a long time. Please press the button "
                          "again.")}, typed=typed)
    values, errors = validate_step(SEND_CODE, form, today=london_today())
    for name, message in (("code_email", E_EMAIL), ("code_mobile", E_MOBILE)):
        if name in errors and not values.get(name):
            errors[name] = message
    if errors:
        return sent_page(draft, representation, send_errors=errors, typed=typed)
    locale = str(get_locale())
    if values["send_to"] == "email":
        codes.send_by_email(db.session(), representation, draft.tracking_code,
                            values["code_email"], locale=locale)
    else:
        codes.send_by_text(db.session(), representation, draft.tracking_code,
                           values["code_mobile"], locale=locale, now=utcnow())
    session[NOTICE_KEY] = values["send_to"]
    return redirect(url_for("complaints.sent") + "#send-code")
