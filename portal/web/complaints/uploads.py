"""Add a photo, a drawing, a screenshot or a document (issue 19, part 1): the GOV.UK file
upload pattern, working with no JavaScript.

One multipart form: the file box (several files at once), "Add file", the list of files
added so far (each with its own "Remove" button) and Continue. Every file goes through
``portal.files.services.accept`` (type from the bytes, cleaned, scanned) under the draft's
``draft_token``; the draft's answer ``files`` lists what is kept (id, name, size). A file
refused is said in a child's words on this page, every other answer kept; nothing of a
refused file is kept.

The app takes at most ``MAX_CONTENT_LENGTH`` (2 MB) in a request; these pages raise it for
themselves only (``request.max_content_length``, set before the form is read) from the
council's limits, and a body larger still is a kind 413 page, not a crash.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import ngettext
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from portal.complaints import attachments, journey
from portal.complaints.drafts import Draft
from portal.complaints.questions import FILES, KIND
from portal.councils.services import council_settings, current_council
from portal.db.session import keep_on_refusal
from portal.extensions import db
from portal.files.refusals import Refusal
from portal.files.services import MEGABYTE, delete_draft_file
from portal.models.councils import Council
from portal.settings.council import CouncilSettings
from portal.vocab.files import FilePurpose
from portal.web.complaints import bp, saving
from portal.web.complaints.filing import (
    E_CHOOSE,
    E_CSRF,
    E_TOO_BIG,
    FORM_ALLOWANCE,
    chosen,
    keep_file,
    refused_text,
    take,
)
from portal.web.complaints.session import DRAFT_KEY, csrf_problem, load_draft, save_draft
from portal.web.complaints.summary import size_text

log = logging.getLogger(__name__)

#: The form's file box (the answer's name too).
FIELD = attachments.FILES
#: What a file picker offers first; the type is still decided from the bytes.
ACCEPT = "image/*,application/pdf,audio/*,.heic,.heif"


def limits_text(settings: CouncilSettings) -> str:
    """The council's limits, said on the page (e.g. "up to 5 files, 10 MB each")."""
    most = settings.upload_max_files
    return ngettext("You can add %(num)d file. It can be up to %(mb)d MB.",
                    "You can add up to %(num)d files. Each one can be up to %(mb)d MB.",
                    most, mb=settings.upload_max_file_mb)


def request_limit(settings: CouncilSettings) -> int:
    """The largest request an upload page reads: every file the council allows at once, or
    its total, whichever is smaller, and room for the form."""
    most = min(settings.upload_max_files * settings.upload_max_file_mb,
               settings.upload_max_total_mb)
    return most * MEGABYTE + FORM_ALLOWANCE


def shown_files(answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{**item, "size_text": size_text(int(item.get("size") or 0))}
            for item in attachments.listed(answers)]


# --- the page -------------------------------------------------------------------------------


def _page(draft: Draft, *, errors: list[str] | None = None, status: int = 200,
          notice: Any = None) -> tuple[str, int]:
    from portal.web.complaints import views

    answers = draft.answers
    settings = council_settings(current_council())
    changing = bool(request.args.get("change"))
    messages = errors or []
    return render_template(
        "complaints/add-files.html", step=FILES, page_title=journey.title(FILES, answers),
        hint=journey.hint(FILES.fields[0], answers), limits=limits_text(settings),
        uploads_enabled=settings.uploads_enabled, files=shown_files(answers),
        accept=ACCEPT, field_error=" ".join(messages) if messages else None,
        error_list=[{"text": text, "href": f"#{FIELD}"} for text in messages],
        notice=notice, back_url=views._back_url(FILES, answers, changing=changing),
        form_action=request.full_path.rstrip("?"),
        **views._numbering(FILES, answers), **views.timeout_context(),
    ), status


def _here(*, changing: bool) -> str:
    return url_for("complaints.add_files", change=1 if changing else None)


@bp.route("/complaint/add-files", methods=["GET", "POST"])
def add_files() -> Response | tuple[str, int]:
    """Add files, remove them, and carry on; no file is needed to carry on."""
    from portal.web.complaints import views

    draft = load_draft()
    if draft is None:
        session[views.NOTICE_KEY] = "expired" if session.get(DRAFT_KEY) else None
        return redirect(views._step_url(KIND.slug))
    answered = set(draft.answered)
    if not journey.may_visit(FILES, draft.answers, answered):
        pending = journey.first_unanswered(draft.answers, answered)
        return redirect(views._step_url(pending.slug if pending else journey.CHECK_ANSWERS))
    if request.method == "GET":
        return _page(draft, notice=views._pop_notice())

    council = current_council()
    settings = council_settings(council)
    # Before the form is read: this page alone takes files (STYLE.md 13).
    request.max_content_length = request_limit(settings)
    try:
        form = request.form
        uploads = chosen(FIELD)
    except RequestEntityTooLarge:
        # Nothing was kept, and the answers are in the draft: say so on the same page.
        return _page(draft, errors=[str(E_TOO_BIG)], status=413)
    if csrf_problem():
        return _page(draft, errors=[str(E_CSRF)], status=400)
    changing = bool(request.args.get("change"))
    if "remove" in form:
        _remove(draft, form.get("remove", ""))
        return redirect(_here(changing=changing))

    errors = _add(council, draft, uploads)  # uploads turned off: accept refuses each kindly
    save_draft(draft)
    if saving.pressed_save():
        return saving.save_for_later(draft)
    if errors:
        keep_on_refusal()  # the files this request did keep stay with the draft
        return _page(draft, errors=errors, status=400)
    if form.get("action") == "add":
        if not uploads:
            return _page(draft, errors=[str(E_CHOOSE)], status=400)
        return redirect(_here(changing=changing))
    draft.answers.setdefault(FIELD, [])
    if FILES.slug not in draft.answered:
        draft.answered.append(FILES.slug)
    save_draft(draft)
    target = journey.next_slug(FILES, draft.answers, set(draft.answered), changing=changing)
    return redirect(views._step_url(target, changing=changing))


def _add(council: Council, draft: Draft, uploads: list[FileStorage]) -> list[str]:
    """Keep each file or say why not; the kept ones join the draft's list."""
    listed = attachments.listed(draft.answers)
    errors = []
    for upload in uploads:
        result = take(council, draft, upload, purpose=FilePurpose.EVIDENCE)
        if isinstance(result, Refusal):
            errors.append(refused_text(result, name=upload.filename, several=len(uploads) > 1))
            continue
        listed.append(keep_file(draft, result))
    draft.answers[FIELD] = listed
    return errors


def _remove(draft: Draft, raw_id: str) -> None:
    listed = attachments.listed(draft.answers)
    try:
        file_id = int(raw_id)
    except ValueError:
        abort(400)
    if not any(int(item.get("id", 0)) == file_id for item in listed):
        return  # already removed (a second press), or never this draft's
    delete_draft_file(db.session(), draft.draft_token, file_id)
    draft.answers[FIELD] = [item for item in listed if int(item.get("id", 0)) != file_id]
    save_draft(draft)
    log.info("journey: a file removed before sending")
