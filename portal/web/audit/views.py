"""The audit log's search page and its CSV export, for the complaints manager.

Both read the same GET filters through ``AuditSearchForm``; refused input comes
back as the page with the error summary (400), never a partial answer. The
export is itself a line in the log ("audit_export", with its filters).
"""

from __future__ import annotations

import csv
import io
import tempfile

from flask import Response, abort, render_template, request
from flask_babel import format_datetime, gettext
from werkzeug.wsgi import wrap_file

from portal.audit import search as found
from portal.audit.labels import action_choices, action_label
from portal.audit.search import (
    AuditFilters,
    AuditRow,
    accounts,
    case_id,
    count,
    csv_safe,
    every_row,
    page_of,
)
from portal.common.clock import LONDON
from portal.councils.services import current_council
from portal.extensions import db
from portal.staff.access import requires, signed_in_user
from portal.staff.permissions import Permission
from portal.staff.services import audit
from portal.web.audit import bp
from portal.web.audit.forms import ALLOWED, REFUSED, AuditSearchForm

#: An export larger than this is written to a temporary file on disk, not kept in memory.
SPOOL_BYTES = 8 * 1024 * 1024
#: The form's fields: any of them in the address means the person asked for something.
FILTER_NAMES = ("person", "reference", "action", "outcome", "date_from", "date_to")


def _form(council_id: int) -> AuditSearchForm:
    people = [(str(u.id), gettext("%(name)s (%(email)s)", name=u.name, email=u.email))
              for u in accounts(db.session(), council_id)]
    asked = any(name in request.args for name in FILTER_NAMES)
    return AuditSearchForm(request.args if asked else None, people=people,
                           actions=action_choices())


def _filters(form: AuditSearchForm, council_id: int) -> AuditFilters | None:
    """The filters the form asks for, or None (with the error on the form) when they
    cannot be used."""
    if not form.validate():
        return None
    reference = form.reference.data or None
    representation_id = None
    if reference is not None:
        representation_id = case_id(db.session(), council_id, reference)
        if representation_id is None:
            form.reference.errors = [gettext("There is no case with the reference "
                                             "%(reference)s", reference=reference)]
            return None
    outcome = form.outcome.data
    return AuditFilters(
        user_id=int(form.person.data) if form.person.data else None,
        reference=reference, representation_id=representation_id,
        action=form.action.data or None,
        allowed=True if outcome == ALLOWED else False if outcome == REFUSED else None,
        day_from=form.date_from.data, day_to=form.date_to.data)


def _page() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 10**6:
        abort(404)
    return int(raw)


def when(row: AuditRow) -> str:
    """The moment in London time, in words: 23 November 2026 at 10:00:05."""
    return gettext("%(day)s at %(time)s", day=format_datetime(row.at, "d MMMM y"),
                   time=format_datetime(row.at, "HH:mm:ss"))


@bp.get("/audit")
@requires(Permission.READ_AUDIT)
def search() -> tuple[str, int]:
    council_id = current_council().id
    form = _form(council_id)
    page = _page()
    filters = _filters(form, council_id)
    if filters is None:
        return render_template("audit/search.html", form=form, rows=None), 400
    total = count(db.session(), council_id, filters)
    pages = max(1, -(-total // found.PAGE_SIZE))  # read now: tests shorten it
    if page > pages:
        abort(404)
    args = {name: request.args.getlist(name) for name in FILTER_NAMES if name in request.args}
    return render_template(
        "audit/search.html", form=form, rows=page_of(db.session(), council_id, filters, page),
        total=total, page=page, pages=pages, args=args, when=when,
        action_label=action_label), 200


@bp.get("/audit/export.csv")
@requires(Permission.READ_AUDIT)
def export() -> Response | tuple[str, int]:
    council_id = current_council().id
    form = _form(council_id)
    filters = _filters(form, council_id)
    if filters is None:
        return render_template("audit/search.html", form=form, rows=None), 400
    # The export is part of the record too: who took a copy of the log, and of what.
    # Committed before the rows are read, not at the request's end: a long log takes a
    # while to read, and SQLite's one write lock, which the audit row took
    # (portal.db.session), must not make every Send wait meanwhile.
    audit(signed_in_user(), "audit_export", detail={"filters": filters.described()})
    db.session.commit()
    headers = [gettext("When (London time)"), gettext("When (UTC)"), gettext("Who"),
               gettext("Account email"), gettext("What"), gettext("Action code"),
               gettext("Case"), gettext("Allowed or refused")]
    allowed, refused = gettext("Allowed"), gettext("Refused")
    # Written while the request holds its session, a thousand rows at a time, into a file
    # that moves to disk past SPOOL_BYTES; then streamed from there. A long log never sits
    # whole in memory, and no query runs after the request has ended.
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+b")  # noqa: SIM115
    text = io.TextIOWrapper(spool, encoding="utf-8-sig", newline="")  # a BOM: Excel reads UTF-8
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(headers)
    for row in every_row(db.session(), council_id, filters):
        writer.writerow([csv_safe(cell) for cell in (
            row.at.astimezone(LONDON).strftime("%Y-%m-%d %H:%M:%S"),
            row.at.strftime("%Y-%m-%dT%H:%M:%SZ"), row.who or "", row.email or "",
            action_label(row.action), row.action, row.reference or "",
            allowed if row.allowed else refused)])
    text.flush()
    text.detach()  # the file stays open, to be read back
    size = spool.tell()
    spool.seek(0)
    disposition = {"Content-Disposition": 'attachment; filename="audit-log.csv"'}
    if size <= SPOOL_BYTES:
        # Still in memory: answer with the bytes, leaving no file for anyone to close.
        with spool:
            return Response(spool.read(), mimetype="text/csv", headers=disposition)
    return Response(wrap_file(request.environ, spool), mimetype="text/csv",
                    direct_passthrough=True, headers=disposition)
