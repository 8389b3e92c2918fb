"""``/staff/notifications``: each person chooses an email for each notice or one a day."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from portal.extensions import db
from portal.notifications import services
from portal.staff.access import requires, signed_in_user
from portal.staff.permissions import Permission
from portal.staff.services import audit
from portal.vocab.notifications import Delivery
from portal.web.notifications.forms import DeliveryForm

bp = Blueprint("notifications", __name__, url_prefix="/staff/notifications")


@bp.route("", methods=["GET", "POST"])
@requires(Permission.RECEIVE_NOTICES)
def preferences() -> Response | tuple[str, int] | str:
    """Everyone who works on cases is told of what needs them (portal/notifications):
    here they choose how."""
    user = signed_in_user()
    session = db.session()
    form = DeliveryForm(data={"delivery": services.delivery(session, user).value})
    if form.validate_on_submit():
        chosen = Delivery(form.delivery.data)
        services.choose_delivery(session, user, chosen)
        audit(user, "notice_delivery_changed", detail={"delivery": chosen.value})
        flash(gettext("Saved. We will email you one summary a day.") if chosen is Delivery.DAILY
              else gettext("Saved. We will email you each time something needs you."))
        return redirect(url_for("notifications.preferences"))
    page = render_template("notifications/preferences.html", form=form)
    return (page, 400) if form.is_submitted() else page
