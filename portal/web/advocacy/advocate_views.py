"""Advocates' own pages (/advocate/): only the children assigned to them.

Views validate, call one service, then redirect or re-render (the request's commit
point commits: portal.db.session). Every
advocate page finds the child's case through a query scoped to the advocate,
so a changed reference, a search or an export can only ever reach their own
children; anything else is a 404 (the same as a case that does not exist, so
references cannot be probed) and is recorded in the audit log as refused.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from werkzeug.wrappers import Response

from portal.advocacy import queries, services
from portal.advocacy.labels import label
from portal.common.clock import london_today
from portal.complaints import for_advocates
from portal.councils.services import council_calendar
from portal.db.session import keep_on_refusal
from portal.extensions import db
from portal.files import documents as file_documents
from portal.files import queries as file_queries
from portal.models.cases import Representation
from portal.security.tokens import group_code
from portal.staff.access import requires, signed_in_user
from portal.staff.permissions import Permission
from portal.staff.services import audit
from portal.vocab.advocacy import AdvocacyStatus
from portal.vocab.files import Recipient
from portal.web.advocacy import bp
from portal.web.advocacy.forms import FileForm, FirstContactForm, MessageForm, NextStageForm
from portal.web.advocacy.views import _refuse
from portal.web.files_served import file_response


def _my_child(reference: str) -> Representation:
    user = signed_in_user()
    rep = queries.representation_for_advocate(db.session(), user.id, reference)
    if rep is None:
        _refuse(user, queries.representation_id_by_reference(db.session(), reference))
    assert rep is not None
    return rep


@bp.get("/advocate/")
@requires(Permission.ADVOCATE)
def my_children() -> str:
    user = signed_in_user()
    search = (request.args.get("q") or "").strip()[:40]
    reps = queries.representations_for_advocate(db.session(), user.id, search=search or None)
    return render_template("advocacy/my-children.html", reps=reps, search=search)


@bp.get("/advocate/children.csv")
@requires(Permission.ADVOCATE)
def export_children() -> Response:
    """The advocate's own children's cases as CSV: reference, dates, status, deadline,
    outcome. Never any other child's; names and words stay out of the file."""
    user = signed_in_user()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([gettext("Reference"), gettext("Received"), gettext("Status"),
                     gettext("Next deadline"), gettext("Outcome")])
    for rep in queries.representations_for_advocate(db.session(), user.id):
        stage = rep.current_stage
        due = (stage.extended_to_on or stage.due_on) if stage and not stage.closed_on else None
        writer.writerow([rep.reference, rep.received_on.isoformat(), label(rep.status),
                         due.isoformat() if due else "", label(rep.outcome)])
    audit(user, "exported_own_children")
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=children.csv"})


def _render_child(rep: Representation, *, status: int = 200, problem: str | None = None,
                  **forms: Any) -> tuple[str, int]:
    user = signed_in_user()
    case = queries.advocacy_case(db.session(), rep.id)
    window_ends = None
    stage = rep.current_stage
    if stage is not None and stage.closed_on is not None:
        from portal.procedure.rules import escalation_window_ends

        window_ends = escalation_window_ends(stage.closed_on,
                                             calendar=council_calendar(rep.council))
    audit(user, "viewed", representation_id=rep.id)
    keep_on_refusal()  # the view is recorded even when a refused form comes back (400)
    return render_template(
        "advocacy/child.html", rep=rep, case=case, window_ends=window_ends, problem=problem,
        documents=file_queries.sent_to(db.session(), rep.id, Recipient.ADVOCATE),
        Status=AdvocacyStatus,
        message_form=forms.get("message_form")
        or MessageForm(prefix="message", formdata=None),
        contact_form=forms.get("contact_form")
        or FirstContactForm(prefix="contact", formdata=None),
        next_stage_form=forms.get("next_stage_form")
        or NextStageForm(prefix="next", formdata=None),
    ), status


@bp.get("/advocate/children/<reference>")
@requires(Permission.ADVOCATE)
def child(reference: str) -> tuple[str, int]:
    return _render_child(_my_child(reference))


@bp.get("/advocate/children/<reference>/documents/<int:file_id>")
@requires(Permission.ADVOCATE, signed_out_not_found=True)
def child_document(reference: str, file_id: int) -> Response:
    """A document the council sent to the child's advocate (portal/files/documents.py):
    only for the advocate working with the child now (``_my_child``: anyone else 404),
    and only a document sent to the advocate. Served as staff's are
    (portal/web/files_served.py); each opening audited and on the case's timeline."""
    user = signed_in_user()
    rep = _my_child(reference)
    found = file_queries.sent_file(db.session(), council_id=rep.council_id, case_id=rep.id,
                                   file_id=file_id, recipient=Recipient.ADVOCATE)
    if found is None:
        abort(404)
    file_documents.opened_by(db.session(), rep, found, Recipient.ADVOCATE, user=user)
    audit(user, "file_opened", representation_id=rep.id,
          detail={"file_id": found.id, "kind": found.kind.value, "by": "advocate"})
    return file_response(found, reference=rep.reference)


def _advocate_step(reference: str, form_name: str, form: Any, action: Any
                   ) -> Response | tuple[str, int]:
    rep = _my_child(reference)
    if not form.validate_on_submit():
        return _render_child(rep, status=400, **{form_name: form})
    try:
        action(rep, form)
    except services.AdvocacyError as error:
        db.session.rollback()
        return _render_child(_my_child(reference), status=400, problem=str(error))
    return redirect(url_for("advocacy.child", reference=reference))


@bp.post("/advocate/children/<reference>/messages")
@requires(Permission.ADVOCATE)
def send_message(reference: str) -> Response | tuple[str, int]:
    def action(rep: Representation, form: MessageForm) -> None:
        services.send_advocate_message(db.session(), rep, signed_in_user(), form.body.data or "")
        flash(gettext("Message sent. The child sees it when they check their complaint."))

    return _advocate_step(reference, "message_form", MessageForm(prefix="message"), action)


@bp.post("/advocate/children/<reference>/first-contact")
@requires(Permission.ADVOCATE)
def first_contact(reference: str) -> Response | tuple[str, int]:
    def action(rep: Representation, form: FirstContactForm) -> None:
        case = queries.advocacy_case(db.session(), rep.id)
        assert case is not None
        services.record_first_contact(db.session(), case, on=form.on.data, actor=signed_in_user(),
                                      today=london_today())

    return _advocate_step(reference, "contact_form", FirstContactForm(prefix="contact"), action)


@bp.post("/advocate/children/<reference>/next-stage")
@requires(Permission.ADVOCATE)
def next_stage(reference: str) -> Response | tuple[str, int]:
    def action(rep: Representation, form: NextStageForm) -> None:
        for_advocates.request_next_stage(db.session(), rep, signed_in_user(), now=datetime.now(UTC),
                                    reason=form.reason.data or "")
        flash(gettext("You asked for the next stage for the child."))

    return _advocate_step(reference, "next_stage_form", NextStageForm(prefix="next"), action)


@bp.post("/advocate/children/<reference>/new-tracking-code")
@requires(Permission.ADVOCATE)
def new_tracking_code(reference: str) -> Response | tuple[str, int]:
    """"Send the child a new tracking code": only codes' hashes are kept, so a lost code
    cannot be looked up; the assigned advocate can get the child a new one."""
    rep = _my_child(reference)
    if not request.form.get("confirm"):
        return _render_child(rep, status=400, problem=gettext(
            "Tick the box to say the child wants a new code. Their old code will stop "
            "working."))
    sent, code = for_advocates.send_new_tracking_code(db.session(), rep, signed_in_user(),
                                                     now=datetime.now(UTC))
    if code is not None:
        # The child chose no way to be reached: shown once, for the advocate to hand over.
        return render_template("advocacy/new-code.html", rep=rep, code=group_code(code)), 200
    flash(gettext("We sent the child a new tracking code by email.") if sent == ["email"]
          else gettext("We sent the child a new tracking code by text message, at a time "
                       "they said is safe.") if sent == ["text"]
          else gettext("We sent the child a new tracking code by email and by text message."))
    return redirect(url_for("advocacy.child", reference=reference))


@bp.route("/advocate/file", methods=["GET", "POST"])
@requires(Permission.ADVOCATE)
def file_for_child() -> str | tuple[str, int]:
    form = FileForm()
    if not form.validate_on_submit():
        return render_template("advocacy/file.html", form=form), 400 if form.errors else 200
    answers = {
        "kind": form.kind.data, "service": form.service.data,
        "child_name": form.child_name.data, "child_age": form.child_age.data,
        "in_care": form.in_care.data, "description": form.description.data,
        "desired_outcome": form.desired_outcome.data or "",
        "wants_advocate": "no", "safe": "yes",
    }
    rep, code = for_advocates.file_for_child(db.session(), signed_in_user(), answers=answers,
                                        agreement_how=form.agreement_how.data,
                                        now=datetime.now(UTC), locale=str(get_locale()))
    # The tracking code is shown once, here, for the advocate to give the child.
    return render_template("advocacy/filed.html", rep=rep, code=code)
