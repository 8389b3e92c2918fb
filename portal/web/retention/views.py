"""The back office's retention pages: the schedule, holds on a case, the council's periods.

The complaints manager places and releases legal holds (they run the register
and answer for complaints); the administrator sets the periods; both see the
schedule and the destruction log, which hold references and dates only.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext
from werkzeug.wrappers import Response

from portal.cases import queries as case_queries
from portal.common.clock import london_today
from portal.councils.services import current_council
from portal.extensions import db
from portal.models.cases import Representation
from portal.retention import services
from portal.retention.purge import council_retention
from portal.settings.council import CouncilSettings, CouncilSettingsError
from portal.staff.access import can_see_case, current_user, deny, requires, signed_in_user
from portal.staff.permissions import Permission, may
from portal.staff.services import audit
from portal.vocab.retention import HoldReason
from portal.web.retention.forms import HoldForm, ReleaseForm, RetentionSettingsForm

bp = Blueprint("retention", __name__, url_prefix="/staff")

#: The schedule page lists what falls due within this many days.
DUE_SOON_DAYS = 90


@bp.record_once
def _init(state: BlueprintSetupState) -> None:
    from portal.retention.labels import LABELS
    from portal.staff.labels import LABELS as STAFF_LABELS

    STAFF_LABELS.update(LABELS)  # the back office's ``label`` filter reads one table

    def retention_of(rep: Any) -> services.CaseRetention:
        return services.case_retention(db.session(), rep)

    # The case page (templates/cases/case.html) shows the schedule and the holds.
    state.app.jinja_env.globals["case_retention"] = retention_of


@bp.before_app_request
def _destroyed_cases_take_no_more() -> Response | None:
    """Refuse every action on a case whose personal data was destroyed: a message or a
    remedy would start filling it again. Only for someone who may see the case (the
    action's own checks answer everyone else, so this tells nobody more than they may
    know); the case page hides the actions too."""
    if request.endpoint != "cases.act" or request.method != "POST":
        return None
    user = current_user()
    reference = (request.view_args or {}).get("reference")
    if user is None or not reference:
        return None
    rep = case_queries.by_reference(db.session(), current_council().id, str(reference))
    if rep is None or not can_see_case(user, rep.id) or not services.is_destroyed(
            db.session(), rep):
        return None
    flash(gettext("This case's personal data has been destroyed: nothing more can be "
                  "recorded on it."))
    return redirect(url_for("cases.case", reference=rep.reference))


def _case(reference: str) -> Representation:
    rep = case_queries.by_reference(db.session(), current_council().id, reference)
    if rep is None:
        abort(404)
    if not can_see_case(signed_in_user(), rep.id):
        deny(signed_in_user(), representation_id=rep.id, unseen=True)
    return rep


@bp.get("/retention")
@requires(Permission.READ_RETENTION)
def index() -> str:
    today = london_today()
    council = current_council()
    found = services.overview(db.session(), council, today=today,
                              horizon=today + timedelta(days=DUE_SOON_DAYS))
    return render_template("retention/index.html", overview=found,
                           settings=council_retention(council), due_soon_days=DUE_SOON_DAYS,
                           can_open_cases=may(signed_in_user(), Permission.PLACE_HOLDS),
                           # One prefix, not a url_for per row: the lists can be long.
                           case_url=url_for("cases.case", reference="-").removesuffix("-"))


@bp.route("/cases/<reference>/legal-hold", methods=["GET", "POST"])
@requires(Permission.PLACE_HOLDS)
def place_hold(reference: str) -> Response | tuple[str, int]:
    rep = _case(reference)
    form = HoldForm()
    problem = None
    if form.validate_on_submit():
        try:
            services.place_hold(db.session(), rep, signed_in_user(),
                                reason=HoldReason(form.reason.data), note=form.note.data)
        except services.HoldError as error:
            db.session.rollback()
            problem = str(error)
        else:
            flash(gettext("Legal hold placed: this case will not be destroyed while it stands."))
            return redirect(url_for("cases.case", reference=reference))
    status = 400 if form.errors else 409 if problem else 200
    return render_template("retention/hold.html", case=rep, form=form, problem=problem), status


@bp.route("/cases/<reference>/legal-holds/<int:hold_id>/release", methods=["GET", "POST"])
@requires(Permission.PLACE_HOLDS)
def release_hold(reference: str, hold_id: int) -> Response | tuple[str, int]:
    rep = _case(reference)
    hold = services.hold_on(db.session(), rep, hold_id)
    if hold is None:
        abort(404)
    form = ReleaseForm()
    problem = None
    if form.validate_on_submit():
        try:
            services.release_hold(db.session(), rep, hold, signed_in_user(), note=form.note.data)
        except services.HoldError as error:
            db.session.rollback()
            problem = str(error)
        else:
            flash(gettext("Legal hold released."))
            return redirect(url_for("cases.case", reference=reference))
    status = 400 if form.errors else 409 if problem else 200
    return render_template("retention/release.html", case=rep, hold=hold, form=form,
                           problem=problem), status


@bp.route("/retention/settings", methods=["GET", "POST"])
@requires(Permission.SET_RETENTION)
def settings() -> Response | tuple[str, int]:
    council = current_council()
    current = council_retention(council)
    form = RetentionSettingsForm(data=current.to_mapping())
    if form.validate_on_submit():
        wanted = {name: form[name].data for name in current.to_mapping()}
        data = {**(council.settings or {}), "retention": wanted}
        try:
            CouncilSettings.from_mapping(data)  # refuse before writing
        except CouncilSettingsError as error:  # pragma: no cover - the form's bounds match
            abort(400, description=str(error))
        before = current.to_mapping()
        council.settings = data
        audit(signed_in_user(), "retention_settings_changed",
              detail={k: {"from": before[k], "to": v} for k, v in wanted.items()
                      if before[k] != v})
        flash(gettext("Retention periods saved."))
        return redirect(url_for("retention.settings"))
    return render_template("retention/settings.html", form=form), 400 if form.errors else 200
