"""Follow a complaint with its reference and tracking code: status, deadline, messages,
take it further, withdraw.

The lookup is rate-limited and answers a wrong reference exactly as a wrong
code. After a good lookup the session remembers the case for TRACK_MINUTES
(default 30), so the person can read, reply and act without typing the code
again; Exit this page or "Stop seeing this" forgets it.
"""

from __future__ import annotations

import time

from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext, lazy_pgettext
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal.advocacy import queries as advocacy_queries
from portal.cases import guard, windows
from portal.common.clock import london_today
from portal.common.filters import long_date
from portal.complaints import queries, services
from portal.councils.services import current_council
from portal.db.types import utcnow
from portal.extensions import db, limiter
from portal.files import documents as file_documents
from portal.files import queries as file_queries
from portal.models.cases import Representation
from portal.procedure import advocacy as advocacy_rules
from portal.procedure.machine import Actor, Step
from portal.routing.reasons import Reason, reason_text
from portal.security.sanitise import exact_text
from portal.staff.services import audit
from portal.vocab.cases import CaseStatus, MessageAuthor
from portal.vocab.files import DocumentType, Recipient
from portal.web.complaints import bp
from portal.web.complaints.session import csrf_problem, forget_draft
from portal.web.files_served import file_response

TRACK_KEY = "tracking"
MAX_MESSAGE = 5000

STATUS_WORDS = {
    CaseStatus.NEW: _l("We have got it. A person is reading it."),
    CaseStatus.STAGE1: _l("We are looking into it."),
    CaseStatus.STAGE2: _l("Someone new is looking into it in more detail."),
    CaseStatus.STAGE3: _l("A group of people who do not work for us will look at it again."),
    CaseStatus.AWAITING_NEXT_STAGE: _l("We have sent you our answer. If you are not happy "
                                       "with it, you can ask us to look again."),
    CaseStatus.DEFERRED: _l("We have had to pause it for now. We will tell you why."),
    CaseStatus.SIGNPOSTED: _l("Someone else needs to look at this. We will tell you who."),
    CaseStatus.CLOSED: _l("It is finished."),
    CaseStatus.WITHDRAWN: _l("You asked us to stop, so we have stopped."),
}
AUTHOR_WORDS = {
    MessageAuthor.COUNCIL: _l("From us"),
    MessageAuthor.COMPLAINANT: _l("From you"),
    MessageAuthor.ADVOCATE: _l("From your advocate"),
}
#: What each document sent to them is, in words for a child (the staff's words are
#: portal/staff/labels.py's).
DOCUMENT_WORDS = {
    DocumentType.INVESTIGATION_REPORT: _l("The report about what we found out"),
    DocumentType.ADJUDICATION_LETTER: _l("Our letter with our answer"),
    DocumentType.PANEL_REPORT: _l("The review panel's report"),
    DocumentType.LETTER_RECEIVED: _l("A letter"),
    DocumentType.OTHER: _l("A document"),
}
E_NOT_FOUND = _l("We could not find that. Check the reference and the code, then try again.")
E_REFERENCE = _l("Enter your reference, like CMP-2026-000123")
E_CODE = _l("Enter your tracking code")
E_MESSAGE_EMPTY = _l("Write your message")
E_MESSAGE_LONG = _l("Use %(n)s characters or fewer", n="5,000")
E_WITHDRAW = lazy_pgettext(
    "error for: Are you sure you want us to stop?", "Choose yes or no")
E_CSRF = _l("This page was open for a long time. Please press the button again.")
NOTICES = {
    "replied": _l("We have sent your message."),
    "further": _l("We have got your request. Someone will look at it again and tell you "
                  "what happens next."),
    "withdrawn": _l("We have stopped your complaint."),
}


def _track_limit() -> str:
    return str(current_app.config.get("TRACK_RATE_LIMIT", "10 per minute; 60 per hour"))


def _track_global_limit() -> str:
    # One count for the whole portal, however many addresses guess (security/tokens.py
    # does the sums); far above what children checking their complaints ever need.
    return str(current_app.config.get("TRACK_GLOBAL_RATE_LIMIT", "10000 per hour"))


def everyone() -> str:
    """The rate limiter's key for a limit shared by every address."""
    return "everyone"


def grant_tracking(representation: Representation) -> None:
    minutes = int(current_app.config.get("TRACK_MINUTES", 30))
    session[TRACK_KEY] = {"id": representation.id, "until": int(time.time()) + minutes * 60}


def tracked() -> Representation | None:
    access = session.get(TRACK_KEY)
    if not isinstance(access, dict) or access.get("until", 0) < time.time():
        session.pop(TRACK_KEY, None)
        return None
    return queries.by_id(db.session(), current_council().id, int(access["id"]))


@bp.route("/track", methods=["GET", "POST"])
@limiter.limit(_track_limit, methods=["POST"])
@limiter.limit(_track_global_limit, methods=["POST"], key_func=everyone, scope="track-all")
def track() -> Response | tuple[str, int]:
    errors: list[dict[str, str]] = []
    field_errors: dict[str, str] = {}
    reference = exact_text(request.form.get("reference", ""))[:60]  # no NUL for the query
    if request.method == "POST":
        code = request.form.get("code", "")
        if csrf_problem():
            errors.append({"text": str(E_CSRF), "href": "#reference"})
        if not reference.strip():
            field_errors["reference"] = str(E_REFERENCE)
        if not code.strip():
            field_errors["code"] = str(E_CODE)
        if not errors and not field_errors:
            found = services.lookup(db.session(), current_council(), reference, code)
            if found is not None:
                grant_tracking(found)
                return redirect(url_for("complaints.track_case"))
            field_errors["reference"] = str(E_NOT_FOUND)
        errors += [{"text": text, "href": "#" + name} for name, text in field_errors.items()]
    return render_template("complaints/track.html", error_list=errors,
                           field_errors=field_errors, reference=reference
                           ), 400 if errors else 200


def _case_page(representation: Representation, *, message_error: str | None = None,
               typed: str = "", status: int = 200) -> tuple[str, int]:
    stage = representation.current_stage
    due = None
    if stage is not None and stage.closed_on is None:
        due = stage.extended_to_on or stage.due_on
    messages = queries.messages(db.session(), representation.id)
    errors = [{"text": message_error, "href": "#message"}] if message_error else []
    advocacy = advocacy_queries.advocacy_case(db.session(), representation.id)
    return render_template(
        "complaints/track-case.html", representation=representation,
        documents=file_queries.sent_to(db.session(), representation.id,
                                       Recipient.COMPLAINANT),
        document_words=DOCUMENT_WORDS,
        status_words=STATUS_WORDS.get(representation.status, ""),
        due=due, messages=messages, author_words=AUTHOR_WORDS,
        can_take_further=_may_take_further(representation),
        window_ends=windows.window_ends(representation),
        window_closed=_window_closed(representation),
        can_withdraw=_may_withdraw(representation),
        is_open=representation.status not in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN),
        error_list=errors, message_error=message_error, typed=typed,
        # Only whether an advocate is working with the child: never who, nor how to reach them.
        has_advocate=advocacy_rules.has_advocate(advocacy),
        finding_advocate=advocacy_rules.finding_a_new_one(advocacy),
        child=representation.made_by_child,
        notice=NOTICES.get(session.pop("tracking_notice", "") or ""),
        # Until a person has looked at it, routing's words say what will happen and,
        # for a matter someone else handles, where to go.
        reasons=[reason_text(Reason.from_mapping(r), "child")
                 for r in representation.routing_reasons]
        if representation.status in (CaseStatus.NEW, CaseStatus.SIGNPOSTED) else [],
    ), status


def _window_closed(representation: Representation) -> str | None:
    """Say when the time to ask for the next stage ended, once it has (cases/windows.py):
    closed by the daily command, or past its last day and waiting for it."""
    closed_on = windows.window_closed_on(db.session(), representation)
    if closed_on is None:
        ends = windows.window_ends(representation)
        if ends is None or london_today() <= ends:
            return None
        closed_on = ends
    return gettext("The time to ask us to look again ended on %(date)s.",
                   date=long_date(closed_on))


def _may_take_further(representation: Representation) -> bool:
    return guard.refusal(Step.TAKE_FURTHER, representation, Actor.COMPLAINANT) is None


def _may_withdraw(representation: Representation) -> bool:
    # Only a complaint runs a procedure that can be stopped; thanks and ideas just stand.
    # One reopened after its last response to put a remedy right has no procedure left.
    return services.may_stop(representation)


@bp.get("/track/case")
def track_case() -> Response | tuple[str, int]:
    representation = tracked()
    if representation is None:
        return redirect(url_for("complaints.track"))
    return _case_page(representation)


@bp.get("/track/case/documents/<int:file_id>")
def track_document(file_id: int) -> Response:
    """A document the council sent to the complainant (portal/files/documents.py), for
    whoever holds this case's tracking access on this device; anyone else, and any file
    not sent to them, 404. Served as staff's are (portal/web/files_served.py); each
    opening is on the case's timeline and in the audit log."""
    representation = tracked()
    if representation is None:
        abort(404)
    found = file_queries.sent_file(db.session(), council_id=representation.council_id,
                                   case_id=representation.id, file_id=file_id,
                                   recipient=Recipient.COMPLAINANT)
    if found is None:
        abort(404)
    file_documents.opened_by(db.session(), representation, found, Recipient.COMPLAINANT)
    audit(None, "file_opened", representation_id=representation.id,
          detail={"file_id": found.id, "kind": found.kind.value, "by": "complainant"})
    return file_response(found, reference=representation.reference)


@bp.post("/track/case/reply")
def track_reply() -> Response | tuple[str, int]:
    representation = tracked()
    if representation is None:
        return redirect(url_for("complaints.track"))
    typed = request.form.get("message", "")
    text = exact_text(typed)
    if csrf_problem():
        return _case_page(representation, message_error=str(E_CSRF), typed=typed, status=400)
    if len(text) > MAX_MESSAGE:  # what is kept: a browser's \r\n is one line break
        return _case_page(representation, message_error=str(E_MESSAGE_LONG), typed=typed,
                          status=400)
    if not text:
        return _case_page(representation, message_error=str(E_MESSAGE_EMPTY), typed=typed,
                          status=400)
    services.reply(db.session(), representation, text, now=utcnow())
    session["tracking_notice"] = "replied"
    return redirect(url_for("complaints.track_case") + "#messages")


@bp.route("/track/case/take-it-further", methods=["GET", "POST"])
def take_it_further() -> Response | tuple[str, int]:
    representation = tracked()
    if representation is None:
        return redirect(url_for("complaints.track"))
    if not _may_take_further(representation):
        return redirect(url_for("complaints.track_case"))
    errors: list[dict[str, str]] = []
    typed = request.form.get("reason", "")
    if request.method == "POST":
        if csrf_problem():
            errors.append({"text": str(E_CSRF), "href": "#reason"})
        elif len(exact_text(typed)) > MAX_MESSAGE:
            errors.append({"text": str(E_MESSAGE_LONG), "href": "#reason"})
        else:
            services.take_further(db.session(), current_council(), representation,
                                  now=utcnow(), reason=typed)
            session["tracking_notice"] = "further"
            return redirect(url_for("complaints.track_case"))
    return render_template("complaints/take-it-further.html", error_list=errors, typed=typed
                           ), 400 if errors else 200


@bp.route("/track/case/withdraw", methods=["GET", "POST"])
def withdraw() -> Response | tuple[str, int]:
    representation = tracked()
    if representation is None:
        return redirect(url_for("complaints.track"))
    if not _may_withdraw(representation):
        return redirect(url_for("complaints.track_case"))
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        answer = request.form.get("confirm")
        if csrf_problem():
            errors.append({"text": str(E_CSRF), "href": "#confirm"})
        elif answer == "yes":
            services.withdraw(db.session(), representation, now=utcnow())
            session["tracking_notice"] = "withdrawn"
            return redirect(url_for("complaints.track_case"))
        elif answer == "no":
            return redirect(url_for("complaints.track_case"))
        else:
            errors.append({"text": str(E_WITHDRAW), "href": "#confirm"})
    return render_template("complaints/withdraw.html", error_list=errors,
                           kind=representation.kind.value), 400 if errors else 200


@bp.post("/track/leave")
def track_leave() -> Response | tuple[str, int]:
    """"I have finished": forget the case, and the sent journey's code, on this device
    (the code is needed again next time)."""
    if csrf_problem():
        # Another site must not make this device forget a child's case; a person whose
        # page was open too long is asked to press the button again.
        return render_template("errors/session-expired.html"), 400
    session.pop(TRACK_KEY, None)
    forget_draft()
    return redirect(url_for("public.index"))

