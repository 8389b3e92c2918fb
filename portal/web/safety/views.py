"""The back office's urgent list: every safety alert no person has decided yet, and the
decision form (also shown on the case page of a case with an open alert)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from portal.cases.queries import visible_ids
from portal.councils.services import current_council
from portal.db.types import utcnow
from portal.extensions import db
from portal.models.safety import SafetyAlert
from portal.models.staff import User
from portal.safety import services
from portal.staff.access import (
    can_see_case,
    current_user,
    deny,
    requires,
    scope_of,
    signed_in_user,
)
from portal.staff.permissions import Permission
from portal.staff.services import audit
from portal.vocab.safety import SafeguardingAction
from portal.web.safety.forms import DecisionForm

bp = Blueprint("safety", __name__, url_prefix="/staff/safety")


def _alert_or_404(alert_id: int) -> SafetyAlert:
    alert = db.session.get(SafetyAlert, alert_id) if 0 < alert_id < 2**31 else None
    if alert is None or alert.council_id != current_council().id:
        abort(404)
    user = signed_in_user()
    if alert.representation_id is not None and not can_see_case(user, alert.representation_id):
        # Need to know: another team's case (portal.staff.access.case_scope). The children's
        # rights officers and the complaints manager see every alert, so none waits unseen.
        # Not found, as the alert is about a case this person may not see (the refusal rule).
        deny(user, representation_id=alert.representation_id, unseen=True)
    return alert


def _visible(user: User, alerts: list[SafetyAlert]) -> list[SafetyAlert]:
    """The alerts on cases ``user`` may see (an alert with no case yet: everyone's)."""
    seen = visible_ids(db.session(), user, {a.representation_id for a in alerts
                                            if a.representation_id is not None})
    return [a for a in alerts if a.representation_id is None or a.representation_id in seen]


@bp.get("/")
@requires(Permission.DECIDE_SAFETY_ALERTS)
def alerts() -> str:
    council_id = current_council().id
    session, user = db.session(), signed_in_user()
    return render_template("safety/alerts.html",
                           open_alerts=_visible(user, services.open_alerts(session, council_id)),
                           decided=_visible(user, services.recent_decisions(session, council_id)))


@bp.get("/<int:alert_id>")
@requires(Permission.DECIDE_SAFETY_ALERTS)
def alert(alert_id: int) -> str:
    found = _alert_or_404(alert_id)
    audit(signed_in_user(), "safety_alert_view", representation_id=found.representation_id,
          detail={"alert": found.id})
    return render_template("safety/alert.html", alert=found,
                           form=DecisionForm(formdata=None), problem=None)


@bp.post("/<int:alert_id>/decide")
@requires(Permission.DECIDE_SAFETY_ALERTS)
def decide(alert_id: int) -> Response | tuple[str, int]:
    found = _alert_or_404(alert_id)
    user = signed_in_user()
    form = DecisionForm()
    if not form.validate_on_submit():
        return render_template("safety/alert.html", alert=found, form=form, problem=None), 400
    try:
        services.decide(db.session(), found, user, action=SafeguardingAction(form.action.data),
                        note=form.note.data, now=utcnow())
    except services.SafetyError as error:
        db.session.rollback()
        return render_template("safety/alert.html", alert=found, form=form,
                               problem=str(error)), 409
    audit(user, "safeguarding_decided", representation_id=found.representation_id,
          detail={"alert": found.id, "action": found.action.value if found.action else None})
    flash(gettext("Decision recorded."))
    if found.representation is not None:
        return redirect(url_for("cases.case", reference=found.representation.reference))
    return redirect(url_for("safety.alerts"))


@bp.app_template_global("open_safety_alerts")
def open_safety_alerts() -> int:
    """How many alerts wait for a person (that this person may see), for the staff menu."""
    user = current_user()
    if user is not None and scope_of(user) is not None:
        return len(_visible(user, services.open_alerts(db.session(), current_council().id)))
    return services.count_open(db.session(), current_council().id)
