"""The intake journey's pages: one question per page, check your answers, send, confirmation.

Views check the page, call one service, then redirect or re-render. Answers
live in a server-side draft (drafts.py); the cookie session holds its id.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal.common.clock import LONDON, london_today
from portal.complaints import journey, queries, services
from portal.complaints import saved as saved_forms
from portal.complaints.attachments import answered_by_voice
from portal.complaints.drafts import Draft, draft_store
from portal.complaints.questions import BY_SLUG, KIND, SAFE, Step
from portal.councils.services import council_settings, current_council, routing_settings_for
from portal.db.session import writes_late
from portal.db.types import utcnow
from portal.extensions import db
from portal.models.cases import Representation
from portal.routing.rules import harm_words_found
from portal.safety.services import by_draft_key, raise_not_safe_answer
from portal.security.tokens import new_tracking_code
from portal.web.complaints import bp, presenters, saving, sending_code, voice
from portal.web.complaints.session import (
    DRAFT_KEY,
    csrf_problem,
    forget_draft,
    load_draft,
    save_draft,
)
from portal.web.complaints.summary import summary_rows
from portal.web.complaints.tracking import grant_tracking

NOTICE_KEY = "journey_notice"
#: Minutes before the answers are forgotten that the JavaScript dialog warns.
WARN_BEFORE_SECONDS = 5 * 60

E_CSRF = _l("This page was open for a long time. Check your answers and press the button "
            "again.")
NOTICE_RESTARTED = _l("You left the form for a long time, so we forgot your earlier answers "
                      "to keep you safe. We kept the answer you just gave.")
NOTICE_EXPIRED = _l("You left the form for a long time, so we forgot your answers to keep "
                    "you safe. Please start again.")


# --- helpers ---------------------------------------------------------------------------------


@bp.before_app_request
def _exit_forgets_the_draft() -> None:
    # Exit this page (portal/web/public) clears the cookie session; the answers on the server
    # go too, at once, rather than at the idle timeout.
    if request.endpoint == "public.exit_page":
        forget_draft()


def _answered(draft: Draft | None) -> set[str]:
    return set(draft.answered) if draft else set()


def timeout_context() -> dict[str, Any]:
    minutes = int(current_app.config.get("SESSION_IDLE_MINUTES", 30))
    forget_at = (utcnow() + timedelta(minutes=minutes)).astimezone(LONDON)
    return {"idle_minutes": minutes, "forget_at": forget_at.strftime("%H:%M"),
            "warn_seconds": min(WARN_BEFORE_SECONDS, minutes * 60 // 2)}


def _numbering(step: Step | None, answers: dict[str, Any]) -> dict[str, int | None]:
    steps = journey.numbered_steps(answers)
    number = steps.index(step) + 1 if step in steps else None
    return {"question_number": number, "question_total": len(steps)}


def _step_url(slug: str, *, changing: bool = False) -> str:
    if slug == journey.CHECK_ANSWERS:
        return url_for("complaints.check_answers")
    if slug == journey.GET_HELP_NOW:
        return url_for("complaints.get_help_now", change=1 if changing else None)
    return url_for("complaints.question", slug=slug, change=1 if changing else None)


def _back_url(step: Step | None, answers: dict[str, Any], *, changing: bool) -> str:
    if changing:
        return url_for("complaints.check_answers")
    previous = journey.previous_slug(step, answers)
    return _step_url(previous) if previous else url_for("public.index")


def effective_answers(draft: Draft) -> dict[str, Any]:
    """Answers to the questions that apply now (a comment drops a complaint's answers)."""
    steps = journey.applicable_steps(draft.answers)
    keep = {f.name for s in steps for f in s.fields} | {s.voice for s in steps if s.voice}
    return {k: v for k, v in draft.answers.items() if k in keep}


def _render_question(step: Step, draft: Draft | None, *, values: dict[str, Any],
                     errors: dict[str, Any], status: int = 200, notice: Any = None
                     ) -> tuple[str, int]:
    answers = {**(draft.answers if draft else {}), **values}
    changing = bool(request.args.get("change"))
    error_list = presenters.error_list(step, {k: v for k, v in errors.items()
                                              if k != voice.ERROR_KEY})
    if voice.ERROR_KEY in errors:
        error_list.append({"text": str(errors[voice.ERROR_KEY]), "href": f"#{voice.FIELD}"})
    if "_csrf" in errors:
        first = next((f for f in step.fields if f.revealed_by is None), None)
        href = "#" + presenters.field_id(first) if first else "#main-content"
        error_list.insert(0, {"text": str(errors["_csrf"]), "href": href})
    return render_template(
        "complaints/question.html", step=step,
        page_title=journey.title(step, answers),
        fields=presenters.page_fields(step, answers=answers, values=values,
                                      errors={k: v for k, v in errors.items()
                                              if k not in ("_csrf", voice.ERROR_KEY)}),
        **voice.page_context(step, draft, errors.get(voice.ERROR_KEY)),
        error_list=error_list, notice=notice,
        back_url=_back_url(step, answers, changing=changing),
        form_action=request.full_path.rstrip("?"),
        **_numbering(step, answers), **timeout_context(),
    ), status


def _pop_notice() -> Any:
    code = session.pop(NOTICE_KEY, None)
    return {"restarted": NOTICE_RESTARTED, "expired": NOTICE_EXPIRED}.get(code or "")


# --- the journey -----------------------------------------------------------------------------


@bp.get("/complaint/start")
def start() -> Response:
    """Begin, or carry on: a draft already started is kept, so nothing is lost by
    pressing Start again. ``?kind=`` comes from the choices on the home page."""
    draft = load_draft()
    if draft is not None and draft.sent_reference:
        draft_store().delete(draft.id)  # the last journey's code goes; a new one begins
        draft = None
    if draft is None:
        draft = draft_store().new()
    kind = request.args.get("kind")
    if kind in {c.value for c in KIND.fields[0].choices}:
        draft.answers["kind"] = kind
        if KIND.slug not in draft.answered:
            draft.answered.append(KIND.slug)
    save_draft(draft)
    pending = journey.first_unanswered(draft.answers, _answered(draft))
    return redirect(_step_url(pending.slug if pending else journey.CHECK_ANSWERS))


@bp.route("/complaint/<slug>", methods=["GET", "POST"])
def question(slug: str) -> Response | tuple[str, int]:
    step = BY_SLUG.get(slug)
    if step is None:
        abort(404)
    draft = load_draft()
    if request.method == "GET":
        return _show_question(step, draft)
    if voice.takes_voice(step) and not voice.read_form(step):
        # Too big to read: nothing kept, the answers are in the draft (or typed again).
        return _render_question(step, draft, values=dict(draft.answers if draft else {}),
                                errors={voice.ERROR_KEY: voice.E_TOO_BIG}, status=413)
    values, errors = services_validate(step, draft)
    if csrf_problem():
        # Show the page again with what they typed and a fresh token; save nothing yet.
        return _render_question(step, draft, values=_typed(step, values),
                                errors={"_csrf": E_CSRF, **errors}, status=400)
    restarted = draft is None and step is not KIND
    draft = draft or draft_store().new()
    if voice.takes_voice(step):
        values, errors = _take_voice(step, draft)
        if voice.deleting():  # its own small form: the page as last answered
            return _render_question(step, draft, values=dict(draft.answers), errors={})
    if saving.pressed_save():
        return _save_for_later(step, draft, values, valid=not errors)
    if errors:
        return _render_question(step, draft, values=_typed(step, values), errors=errors,
                                status=400)
    draft.answers.update(values)
    if step.slug not in draft.answered:
        draft.answered.append(step.slug)
    save_draft(draft)
    return _after_answer(step, draft, values, restarted=restarted)


def _after_answer(step: Step, draft: Draft, values: dict[str, Any], *, restarted: bool
                  ) -> Response:
    """Where an answer leads: help at once if it says so, else the next question."""
    if step is SAFE and journey.not_safe(draft.answers):
        _tell_a_person_now(draft)
    changing = bool(request.args.get("change"))
    if _words_of_harm(step, values):
        # Who to call, at the moment they say it, not only after they send (DOMAIN.md,
        # "Safety"); then on to the page that comes after this one.
        return redirect(url_for("complaints.get_help_now", after=step.slug,
                                change=1 if changing else None))
    if restarted:
        session[NOTICE_KEY] = "restarted"
    target = journey.next_slug(step, draft.answers, _answered(draft), changing=changing)
    return redirect(_step_url(target, changing=changing))


def _show_question(step: Step, draft: Draft | None) -> Response | tuple[str, int]:
    if draft is None and step is not KIND:
        session[NOTICE_KEY] = "expired" if session.get(DRAFT_KEY) else None
        return redirect(_step_url(KIND.slug))
    answers = draft.answers if draft else {}
    if not journey.may_visit(step, answers, _answered(draft)):
        pending = journey.first_unanswered(answers, _answered(draft))
        return redirect(_step_url(pending.slug if pending else journey.CHECK_ANSWERS))
    return _render_question(step, draft, values=dict(answers), errors={},
                            notice=_pop_notice())


def _take_voice(step: Step, draft: Draft) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep (or delete) the page's voice note first, then check the page: a voice note
    alone may answer it (issue 19, part 3)."""
    refused = voice.take_voice(step, draft)
    save_draft(draft)  # a recording kept stays with the draft, whatever else is wrong
    values, errors = services_validate(step, draft)
    if refused:
        errors[voice.ERROR_KEY] = refused
    return values, errors


def _save_for_later(step: Step, draft: Draft, values: dict[str, Any], *, valid: bool
                    ) -> Response:
    """"Save and come back later": what was typed is kept even if it would not pass yet; a
    child who said they are not safe is heard as with Continue (DOMAIN.md, "Safety")."""
    saving.keep_typed(step, draft, values, valid=valid)
    if valid and step is SAFE and journey.not_safe(draft.answers):
        _tell_a_person_now(draft)
    return saving.save_for_later(draft)


def services_validate(step: Step, draft: Draft | None = None
                      ) -> tuple[dict[str, Any], dict[str, Any]]:
    from portal.complaints.validation import validate_step

    spoken = answered_by_voice(draft.answers) if draft else frozenset()
    return validate_step(step, request.form.to_dict(flat=False),
                         today=london_today(), spoken=spoken)


def _typed(step: Step, values: dict[str, Any]) -> dict[str, Any]:
    """What the person typed, for showing the page again: text exactly as sent."""
    shown = dict(values)
    for field in step.fields:
        if field.kind in ("text", "textarea", "email", "tel", "number"):
            shown[field.name] = request.form.get(field.name, "")
    return shown


def _words_of_harm(step: Step, values: dict[str, Any]) -> bool:
    """Whether a free-text answer just given has words that may signal harm."""
    texts = [values.get(f.name) for f in step.fields if f.kind == "textarea"]
    if not any(texts):
        return False
    settings = routing_settings_for(current_council())
    return any(harm_words_found(str(text), settings) for text in texts if text)


def _tell_a_person_now(draft: Draft) -> None:
    """The "Get help now" page says a person has been told: tell them before it is shown,
    so it is true even if the child closes the page there (DOMAIN.md, "Safety")."""
    raise_not_safe_answer(db.session(), current_council(), draft_key=draft.submission_key,
                          submitter=draft.answers.get("submitter"), locale=str(get_locale()),
                          now=utcnow())


@bp.get("/complaint/get-help-now")
def get_help_now() -> Response | str:
    """Shown at once to anyone who is not safe: who to call, then carry on if they want."""
    draft = load_draft()
    answers = draft.answers if draft else {}
    changing = bool(request.args.get("change"))
    # Shown after "Are you safe?", or after a free-text answer with words of harm.
    after = BY_SLUG.get(request.args.get("after") or "")
    if after is None or not any(f.kind == "textarea" for f in after.fields):
        after = SAFE
    carry_on = (_step_url(journey.after_help(after, answers, _answered(draft), changing=changing))
                if draft else url_for("complaints.start"))
    council = current_council()
    contacts = council_settings(council).contacts
    # Say "we have told a person" only when one was told (reaching this page by its
    # address, without answering "Are you safe?", told nobody).
    told = draft is not None and by_draft_key(db.session(), council.id,
                                               draft.submission_key) is not None
    return render_template("complaints/get-help-now.html", contacts=contacts, told=told,
                           carry_on_url=carry_on, is_child=journey.is_child(answers),
                           after_words=after is not SAFE,
                           back_url=_step_url(after.slug), **timeout_context())


@bp.route("/complaint/check-answers", methods=["GET", "POST"])
@writes_late  # its reads before the first INSERT are the council's settings
def check_answers() -> Response | tuple[str, int]:
    draft = load_draft()
    if draft is None:
        session[NOTICE_KEY] = "expired" if session.get(DRAFT_KEY) else None
        return redirect(_step_url(KIND.slug))
    if draft.sent_reference:
        return redirect(url_for("complaints.sent"))
    pending = journey.first_unanswered(draft.answers, _answered(draft))
    if pending is not None:
        return redirect(_step_url(pending.slug))
    if draft.tracking_code is None:
        # Made before sending, so a re-sent submit shows the same code.
        draft.tracking_code = new_tracking_code()
        save_draft(draft)
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        if csrf_problem():
            errors.append({"text": str(E_CSRF), "href": "#send"})
        else:
            representation = services.submit(
                db.session(), council=current_council(), answers=effective_answers(draft),
                submission_key=draft.submission_key, tracking_code=draft.tracking_code,
                locale=str(get_locale()), now=utcnow(), draft_token=draft.draft_token)
            # Sent, so the copy saved to come back to goes too, in the same transaction.
            saved_forms.forget(db.session(), current_council(), draft.saved_code)
            # Committed here, not at the request's end: the draft is emptied and marked
            # sent next, and must not be unless the register holds the complaint (a failed
            # commit leaves the answers kept, and the error page says so).
            db.session.commit()
            _after_sending(draft, representation)
            return redirect(url_for("complaints.sent"))
    answers = draft.answers
    return render_template(
        "complaints/check-answers.html", rows=summary_rows(effective_answers(draft)),
        error_list=errors, back_url=_back_url(None, answers, changing=False),
        kind=answers.get("kind"), **timeout_context(),
    ), 400 if errors else 200


def _after_sending(draft: Draft, representation: Representation) -> None:
    # The answers are in the register now; forget them here, so the shared device
    # holds nothing but the reference and the code until the page is left.
    draft.answers = {}
    draft.saved_code = None
    draft.sent_reference = representation.reference
    save_draft(draft)
    grant_tracking(representation)


@bp.get("/complaint/sent")
def sent() -> Response | tuple[str, int]:
    draft = load_draft()
    if draft is None or not draft.sent_reference or not draft.tracking_code:
        return redirect(url_for("public.index"))
    council = current_council()
    representation = queries.by_reference(db.session(), council.id, draft.sent_reference)
    if representation is None:
        abort(404)
    return sending_code.sent_page(draft, representation)


@bp.post("/complaint/keep-alive")
def keep_alive() -> tuple[str, int]:
    """The timeout dialog's "I need more time": touching the draft restarts its clock.
    portal.js sends the page's CSRF token: another site must not keep answers alive."""
    if csrf_problem():
        return "", 400
    draft = load_draft()
    if draft is not None:
        draft_store().touch(draft)
    return "", 204

