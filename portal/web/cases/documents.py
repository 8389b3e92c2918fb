"""Documents on the case (issue 19, part 7) and the typed note of a voice note (part 3):
the case page's forms post here, each action then redirects to the case or shows the case
again with its error beside the form (STYLE.md section 4).

Adding a document takes a file as big as the council allows (``upload_max_file_mb``),
more than the portal's usual limit on a request (MAX_CONTENT_LENGTH). So this one view
is exempt from CSRFProtect, which would read the form before anything else: it checks
the size of the request first (a document too big gets the case page back with a kind
error, 413, not an error page), then the CSRF token itself, then the form.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_wtf.csrf import ValidationError, validate_csrf
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from portal.councils.services import council_settings
from portal.db.types import utcnow
from portal.extensions import csrf, db
from portal.files import documents
from portal.files import queries as file_queries
from portal.files.refusals import Reason, Refusal
from portal.files.services import MEGABYTE
from portal.models.cases import Representation
from portal.models.files import StoredFile
from portal.staff.access import requires, signed_in_user
from portal.staff.labels import label
from portal.staff.permissions import Permission
from portal.vocab.files import DocumentType, FilePurpose, Recipient
from portal.web.cases import bp, case_files
from portal.web.cases.file_forms import DocumentForm, SaidForm
from portal.web.cases.lookup import case_or_deny
from portal.web.cases.views import _render_case

#: Room in a request for the form around the document: its fields, the multipart framing.
FORM_ALLOWANCE = 64 * 1024


def _file_or_404(rep: Representation, file_id: int, purpose: FilePurpose) -> StoredFile:
    found = file_queries.file_of_case(db.session(), council_id=rep.council_id, case_id=rep.id,
                                      file_id=file_id)
    if found is None or found.purpose is not purpose:
        abort(404)
    return found


def _csrf_good() -> bool:
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    try:
        validate_csrf(request.form.get("document-csrf_token"))
    except ValidationError:
        return False
    return True


def _too_big(rep: Representation, max_mb: int) -> tuple[str, int]:
    form = DocumentForm(prefix="document", formdata=None)
    form.document.errors = [case_files.refusal_words(Reason.FILE_TOO_LARGE, max_mb=max_mb)]
    user = signed_in_user()
    return _render_case(rep, status=413, files=case_files.load(rep, user, form=form))


@bp.post("/<reference>/documents")
@requires(Permission.ADD_CASE_DOCUMENTS)
def add_document(reference: str) -> Response | tuple[str, int]:
    user = signed_in_user()
    rep = case_or_deny(reference)
    max_mb = council_settings(rep.council).upload_max_file_mb
    most = max_mb * MEGABYTE + FORM_ALLOWANCE
    # Before anything reads the body: a document far too big is refused by its length.
    if request.content_length is not None and request.content_length > most:
        return _too_big(rep, max_mb)
    request.max_content_length = most
    try:
        request.form  # noqa: B018 (parsed now, within this request's own limit)
    except RequestEntityTooLarge:
        return _too_big(rep, max_mb)
    if not _csrf_good():
        return render_template("errors/session-expired.html"), 400
    form = DocumentForm(prefix="document")
    if not form.validate():
        return _render_case(rep, status=400, files=case_files.load(rep, user, form=form))
    upload = form.document.data
    stored = documents.add_document(
        db.session(), rep, upload.read(), name=upload.filename,
        document_type=DocumentType(form.document_type.data), note=form.note.data, by=user)
    if isinstance(stored, Refusal):
        form.document.errors = [case_files.refusal_words(stored, max_mb=max_mb)]
        return _render_case(rep, status=413 if stored.reason is Reason.FILE_TOO_LARGE else 400,
                            files=case_files.load(rep, user, form=form))
    flash(gettext("Document added: %(what)s.", what=label(stored.document_type)))
    return redirect(url_for("cases.case", reference=reference, _anchor="documents"))


csrf.exempt(add_document)


@bp.post("/<reference>/documents/<int:file_id>/send")
@requires(Permission.SEND_CASE_DOCUMENTS)
def send_document(reference: str, file_id: int) -> Response | tuple[str, int]:
    user = signed_in_user()
    rep = case_or_deny(reference)
    found = _file_or_404(rep, file_id, FilePurpose.STAFF_DOCUMENT)
    try:
        to = Recipient(request.form.get("to", ""))
        documents.send_document(db.session(), rep, found, to, by=user, now=utcnow())
    except (ValueError, documents.DocumentError):
        return _render_case(rep, status=409, problem=gettext(
            "The document could not be sent: there is nobody to send it to on this case."))
    flash(gettext("Document put on the complainant's tracking page.")
          if to is Recipient.COMPLAINANT else gettext("Document sent to the child's advocate."))
    return redirect(url_for("cases.case", reference=reference, _anchor=f"document-{found.id}"))


@bp.post("/<reference>/files/<int:file_id>/said")
@requires(Permission.ADD_CASE_DOCUMENTS)
def write_down_voice_note(reference: str, file_id: int) -> Response | tuple[str, int]:
    user = signed_in_user()
    rep = case_or_deny(reference)
    found = _file_or_404(rep, file_id, FilePurpose.VOICE_NOTE)
    form = SaidForm(prefix=f"said-{file_id}")
    if not form.validate():
        return _render_case(rep, status=400,
                            files=case_files.load(rep, user, said=(file_id, form)))
    documents.write_down(db.session(), rep, found, form.said.data or "", by=user)
    flash(gettext("Saved what the voice note says."))
    return redirect(url_for("cases.case", reference=reference, _anchor=f"file-{found.id}"))
