"""A child says, in their own words, that they do not want their advocate.

DOMAIN.md: "a child may object to a particular advocate". From the tracking
page the child (or whoever made the complaint and holds the code) answers one
question a page: do you want a new advocate, then, if they like, why. The
objection goes through the same service as one staff record
(``portal.advocacy.services.record_objection``): the advocate stops at once and
loses access, is never suggested again for this child, and the provider's
coordinators are emailed to assign another. Nothing here shows more about the
advocate than the tracking page already does (nothing but "your advocate").
"""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_babel import lazy_pgettext
from werkzeug.wrappers import Response

from portal.advocacy import queries as advocacy_queries
from portal.advocacy import services as advocacy_services
from portal.common.clock import london_today
from portal.extensions import db
from portal.models.advocacy import AdvocacyCase
from portal.models.cases import Representation
from portal.procedure import advocacy as advocacy_rules
from portal.security.sanitise import exact_text
from portal.web.complaints import bp
from portal.web.complaints.session import csrf_problem
from portal.web.complaints.tracking import E_CSRF, E_MESSAGE_LONG, MAX_MESSAGE, tracked

#: The child said yes to the first question, for this case (the second page needs it).
SAID_YES = "new_advocate_for"
#: The objection was recorded, for this case: the confirmation page may show.
DONE = "new_advocate_done_for"

E_CHOOSE = lazy_pgettext("error for: Do you want a new advocate?", "Choose yes or no")
def _with_advocate() -> tuple[Representation, AdvocacyCase] | Response:
    """The tracked case and its advocacy, or where to go instead: the lookup if the
    tracking session has ended, the case page if no advocate is working with the child."""
    representation = tracked()
    if representation is None:
        return redirect(url_for("complaints.track"))
    case = advocacy_queries.advocacy_case(db.session(), representation.id)
    if case is None or not advocacy_rules.has_advocate(case):
        return redirect(url_for("complaints.track_case"))
    return representation, case


@bp.route("/track/case/new-advocate", methods=["GET", "POST"])
def new_advocate() -> Response | tuple[str, int]:
    found = _with_advocate()
    if isinstance(found, Response):
        return found
    representation, _case = found
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        answer = request.form.get("wants_new")
        if csrf_problem():
            errors.append({"text": str(E_CSRF), "href": "#wants_new"})
        elif answer == "yes":
            session[SAID_YES] = representation.id
            return redirect(url_for("complaints.new_advocate_why"))
        elif answer == "no":
            session.pop(SAID_YES, None)
            return redirect(url_for("complaints.track_case"))
        else:
            errors.append({"text": str(E_CHOOSE), "href": "#wants_new"})
    return render_template("complaints/new-advocate.html", error_list=errors,
                           child=representation.made_by_child), 400 if errors else 200


@bp.route("/track/case/new-advocate/why", methods=["GET", "POST"])
def new_advocate_why() -> Response | tuple[str, int]:
    found = _with_advocate()
    if isinstance(found, Response):
        return found
    representation, case = found
    if session.get(SAID_YES) != representation.id:
        return redirect(url_for("complaints.new_advocate"))
    errors: list[dict[str, str]] = []
    typed = request.form.get("reason", "")
    if request.method == "POST":
        reason = exact_text(typed)
        if csrf_problem():
            errors.append({"text": str(E_CSRF), "href": "#reason"})
        elif len(reason) > MAX_MESSAGE:  # what is kept: a browser's \r\n is one break
            errors.append({"text": str(E_MESSAGE_LONG), "href": "#reason"})
        else:
            advocacy_services.record_objection(
                db.session(), case, on=london_today(), actor=None, reason=reason,
                by="child" if representation.made_by_child else "complainant")
            session.pop(SAID_YES, None)
            session[DONE] = representation.id
            return redirect(url_for("complaints.new_advocate_done"))
    return render_template("complaints/new-advocate-why.html", error_list=errors, typed=typed,
                           child=representation.made_by_child), 400 if errors else 200


@bp.get("/track/case/new-advocate/done")
def new_advocate_done() -> Response | tuple[str, int]:
    representation = tracked()
    if representation is None:
        return redirect(url_for("complaints.track"))
    if session.get(DONE) != representation.id:
        return redirect(url_for("complaints.track_case"))
    return render_template("complaints/new-advocate-done.html",
                           child=representation.made_by_child), 200
