"""Pages for advocacy: referrals and assignment (/advocacy/), for the council's people
and the providers' coordinators.

Views validate, call one service, then redirect or re-render (the request's commit
point commits: portal.db.session). The
advocates' own pages (/advocate/) are in advocate_views, which shares this
module's refusal (a 404, recorded in the audit log as refused: the refusal rule of
``portal.staff.access.deny``); the providers and their advocates' profiles are in
provider_views.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from portal.advocacy import queries, services
from portal.advocacy.figures import advocacy_figures
from portal.advocacy.labels import TIMELINESS_TAGS, contact_label, label, need_label
from portal.cases.queries import visible_references
from portal.common.clock import london_today
from portal.councils.services import council_calendar, council_settings, current_council
from portal.db.session import keep_on_refusal
from portal.extensions import db
from portal.models.advocacy import AdvocacyCase, AdvocacyProvider
from portal.models.cases import Person, Representation
from portal.models.staff import Role, User
from portal.procedure import advocacy as rules
from portal.staff.access import can_see_case, deny, requires, signed_in_user
from portal.staff.permissions import Permission, may
from portal.staff.services import audit
from portal.vocab.advocacy import AdvocacyStatus, OfferHow
from portal.vocab.cases import PersonRole
from portal.web.advocacy import bp
from portal.web.advocacy.forms import (
    AGREEMENT_HOW,
    AnswerForm,
    AssignForm,
    ChainForm,
    CloseForm,
    ObjectionForm,
    OfferForm,
    ReferForm,
)


def _refuse(user: User, representation_id: int | None) -> NoReturn:
    """Not found, whether it does not exist or is not theirs; the refusal is recorded."""
    deny(user, representation_id=representation_id, unseen=True)


_STORED_VALUES: dict[str, Any] = {"offer_how": OfferHow, "status": AdvocacyStatus}


@bp.app_template_global()
def advocacy_label(value: Any, kind: str | None = None) -> str:
    """The words for a vocabulary value; ``kind`` names the vocabulary of a value stored
    as plain text (an event's data)."""
    if kind == "agreement_how":
        return str(AGREEMENT_HOW.get(value, value or ""))
    if kind in _STORED_VALUES and value:
        try:
            value = _STORED_VALUES[kind](value)
        except ValueError:
            return str(value)
    return label(value)


@bp.app_template_global()
def advocacy_need(stored: str) -> str:
    return need_label(stored)


@bp.app_template_global()
def advocacy_contact(stored: str) -> str:
    return contact_label(stored)


@bp.app_template_global()
def advocacy_child(rep: Representation) -> Person | None:
    """The child the advocacy is for: the child recorded on the case, or the complainant
    when the child made it themselves."""
    child = rep.person(PersonRole.CHILD)
    if child is None and rep.made_by_child:
        child = rep.person(PersonRole.COMPLAINANT)
    return child


@bp.app_template_global()
def refusal_message(refusal: rules.Refusal) -> str:
    return str(services.REFUSAL_MESSAGES[refusal])


# --- home --------------------------------------------------------------------------------


@bp.get("/advocacy/")
@requires(Permission.ENTER_ADVOCACY)
def home() -> Response:
    if may(signed_in_user(), Permission.ADVOCATE):
        return redirect(url_for("advocacy.my_children"))
    return redirect(url_for("advocacy.referrals"))


# --- referrals: the council and the providers' coordinators ------------------------------


def _provider_scope(user: User) -> int | None:
    """A coordinator sees only their provider's referrals; the council's people see all."""
    if user.role is Role.ADVOCACY_COORDINATOR:
        # A coordinator with no provider sees nothing rather than everything.
        return user.provider_id if user.provider_id is not None else -1
    return None


@dataclass(frozen=True)
class ReferralLine:
    row: queries.ReferralRow
    timeliness: rules.Timeliness | None
    due_on: date | None
    tag: str | None


#: Advocates listed on a child's page before "show all".
SUGGESTIONS_SHOWN = 20
#: Lines per page of the referrals list: the oldest (and so the overdue) come first.
PAGE_SIZE = 50


@bp.get("/advocacy/referrals")
@requires(Permission.COORDINATE_ADVOCACY)
def referrals() -> str:
    user = signed_in_user()
    council = current_council()
    if may(user, Permission.ARRANGE_ADVOCACY):
        # No child is missed if intake did not offer: every child the routing says must be
        # offered advocacy is offered here, once.
        services.offer_missing(db.session(), council)
    today = london_today()
    target = council_settings(council).advocacy_target_working_days
    calendar = council_calendar(council)
    lines = []
    due_by_request: dict[date, date] = {}  # many children asked on the same day
    # Need to know: an officer limited to their own teams' cases sees only their referrals.
    visible = visible_references(db.session(), council.id, user)
    for row in queries.referrals(db.session(), council.id, provider_id=_provider_scope(user)):
        if visible is not None and row.reference not in visible:
            continue
        state = due_on = None
        if row.requested_on is not None:
            due_on = due_by_request.get(row.requested_on)
            if due_on is None:
                due_on = rules.assign_due_on(row.requested_on, target=target,
                                             calendar=calendar)
                due_by_request[row.requested_on] = due_on
            state = rules.timeliness_by_due(due_on, row.assigned_on, today=today)
        lines.append(ReferralLine(row, state, due_on,
                                  TIMELINESS_TAGS.get(state) if state else None))
    # Waiting for an advocate first, oldest request first, so the overdue lead the list;
    # then those still to answer the offer; then those with an advocate.
    lines.sort(key=lambda line: (line.row.assigned_on is not None,
                                 line.row.requested_on is None,
                                 line.row.requested_on or date.max))
    overdue = sum(1 for line in lines if line.timeliness is rules.Timeliness.OVERDUE)
    pages = max((len(lines) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    shown = lines[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    return render_template("advocacy/referrals.html", rows=shown, total=len(lines),
                           overdue=overdue, target=target, page=page, pages=pages)


def _staff_case(reference: str) -> tuple[Representation, AdvocacyCase | None]:
    """The case by reference, if this person may work on its advocacy."""
    user = signed_in_user()
    council = current_council()
    rep = queries.representation_by_reference(db.session(), council.id, reference)
    if rep is None:
        _refuse(user, None)
    assert rep is not None
    if may(user, Permission.ARRANGE_ADVOCACY) and not can_see_case(user, rep.id):
        _refuse(user, rep.id)  # another team's case (portal.staff.access.case_scope)
    case = queries.advocacy_case(db.session(), rep.id)
    scope = _provider_scope(user)
    if scope is not None and (case is None or case.provider_id != scope):
        _refuse(user, rep.id)
    return rep, case


def _render_referral(rep: Representation, case: AdvocacyCase | None, *, status: int = 200,
                     problem: str | None = None, **forms: Any) -> tuple[str, int]:
    user = signed_in_user()
    council = current_council()
    target = council_settings(council).advocacy_target_working_days
    calendar = council_calendar(council)
    state = due_on = None
    if case is not None and case.requested_on is not None:
        state = rules.timeliness(case.requested_on, case.assigned_on, today=london_today(),
                                 target=target, calendar=calendar)
        due_on = rules.assign_due_on(case.requested_on, target=target, calendar=calendar)
    took = (rules.working_days_to_assign(case.requested_on, case.assigned_on,
                                         calendar=calendar)
            if case is not None and case.requested_on and case.assigned_on else None)
    matches = services.suggestions(db.session(), case) if case is not None else []
    if user.role is Role.ADVOCACY_COORDINATOR:
        # A provider sees its own advocates, never another provider's staff and caseloads.
        matches = [m for m in matches if m.advocate.provider_id == user.provider_id]
    more = 0
    if not request.args.get("all") and len(matches) > SUGGESTIONS_SHOWN:
        # The best matches first; everyone else one link away, not 300 radio buttons.
        more = len(matches) - SUGGESTIONS_SHOWN
        current = [m for m in matches[SUGGESTIONS_SHOWN:]
                   if case is not None and m.advocate.user_id == case.advocate_user_id]
        matches = matches[:SUGGESTIONS_SHOWN] + current
    assign_form = forms.get("assign_form") or AssignForm(prefix="assign", formdata=None)
    assign_form.advocate.choices = [
        (m.advocate.user_id, m.advocate.name) for m in matches if m.suitable]
    refer_form = forms.get("refer_form") or ReferForm(prefix="refer", formdata=None)
    refer_form.provider.choices = [(p.id, p.name)
                                   for p in queries.providers(db.session(), council.id)]
    advocates = queries.users_by_id(db.session(), [m.advocate.user_id for m in matches] + (
        [case.advocate_user_id] if case and case.advocate_user_id else []))
    events = queries.advocacy_events(db.session(), rep.id)
    provider = db.session.get(AdvocacyProvider, case.provider_id) \
        if case is not None and case.provider_id else None
    audit(user, "viewed_advocacy", representation_id=rep.id)
    keep_on_refusal()  # the view is recorded even when a refused form comes back (400)
    council_staff = may(user, Permission.ARRANGE_ADVOCACY)
    return render_template(
        "advocacy/referral.html", rep=rep, case=case, state=state, due_on=due_on, took=took,
        more=more,
        tag=TIMELINESS_TAGS.get(state) if state else None, matches=matches,
        advocates=advocates, provider=provider, events=events, problem=problem,
        council_staff=council_staff, Status=AdvocacyStatus,
        chain=queries.chain_for(db.session(), rep.id) if council_staff else [],
        offer_form=forms.get("offer_form") or OfferForm(prefix="offer", formdata=None),
        answer_form=forms.get("answer_form") or AnswerForm(prefix="answer", formdata=None),
        refer_form=refer_form, assign_form=assign_form,
        objection_form=forms.get("objection_form")
        or ObjectionForm(prefix="objection", formdata=None),
        close_form=forms.get("close_form") or CloseForm(prefix="close", formdata=None),
        chain_form=forms.get("chain_form") or ChainForm(prefix="chain", formdata=None),
    ), status


@bp.get("/advocacy/referrals/<reference>")
@requires(Permission.COORDINATE_ADVOCACY)
def referral(reference: str) -> tuple[str, int]:
    rep, case = _staff_case(reference)
    if case is None and may(signed_in_user(), Permission.ARRANGE_ADVOCACY):
        case = services.ensure_offered(db.session(), rep, OfferHow.AUTOMATIC)
    return _render_referral(rep, case)


def _step(reference: str, form_name: str, form: Any, action: Any, *, needs_case: bool = True
          ) -> Response | tuple[str, int]:
    """Run one lifecycle step from a posted form; re-render the page with the error."""
    rep, case = _staff_case(reference)
    if needs_case and case is None:
        abort(404)
    if not form.validate_on_submit():
        return _render_referral(rep, case, status=400, **{form_name: form})
    try:
        action(rep, case, form)
    except services.AdvocacyError as error:
        db.session.rollback()
        rep, case = _staff_case(reference)
        return _render_referral(rep, case, status=400, problem=str(error))
    return redirect(url_for("advocacy.referral", reference=reference))


@bp.post("/advocacy/referrals/<reference>/offer")
@requires(Permission.ARRANGE_ADVOCACY)
def record_offer(reference: str) -> Response | tuple[str, int]:
    return _step(reference, "offer_form", OfferForm(prefix="offer"),
                 lambda rep, case, form: services.record_offer(
                     db.session(), rep, form.how.data, actor=signed_in_user()), needs_case=False)


@bp.post("/advocacy/referrals/<reference>/answer")
@requires(Permission.ARRANGE_ADVOCACY)
def record_answer(reference: str) -> Response | tuple[str, int]:
    return _step(reference, "answer_form", AnswerForm(prefix="answer"),
                 lambda rep, case, form: services.record_answer(
                     db.session(), case, form.answer.data, on=form.on.data, actor=signed_in_user(),
                     today=london_today()))


@bp.post("/advocacy/referrals/<reference>/refer")
@requires(Permission.ARRANGE_ADVOCACY)
def refer(reference: str) -> Response | tuple[str, int]:
    form = ReferForm(prefix="refer")
    form.provider.choices = [(p.id, p.name)
                             for p in queries.providers(db.session(), current_council().id)]

    def action(rep: Representation, case: AdvocacyCase, form: ReferForm) -> None:
        provider = db.session.get(AdvocacyProvider, form.provider.data)
        if provider is None:
            raise services.AdvocacyError(gettext("Choose a provider"))
        services.refer(db.session(), case, provider, on=london_today(), actor=signed_in_user())

    return _step(reference, "refer_form", form, action)


@bp.post("/advocacy/referrals/<reference>/assign")
@requires(Permission.COORDINATE_ADVOCACY)
def assign(reference: str) -> Response | tuple[str, int]:
    form = AssignForm(prefix="assign")
    # Any advocate id may be posted: the service, not the list on the page, refuses conflicts.
    form.advocate.choices = None
    form.advocate.validate_choice = False
    return _step(reference, "assign_form", form,
                 lambda rep, case, form: services.assign(
                     db.session(), case, form.advocate.data, on=london_today(),
                     actor=signed_in_user()))


@bp.post("/advocacy/referrals/<reference>/objection")
@requires(Permission.COORDINATE_ADVOCACY)
def record_objection(reference: str) -> Response | tuple[str, int]:
    return _step(reference, "objection_form", ObjectionForm(prefix="objection"),
                 lambda rep, case, form: services.record_objection(
                     db.session(), case, on=london_today(), actor=signed_in_user(),
                     reason=form.reason.data or ""))


@bp.post("/advocacy/referrals/<reference>/close")
@requires(Permission.COORDINATE_ADVOCACY)
def close(reference: str) -> Response | tuple[str, int]:
    return _step(reference, "close_form", CloseForm(prefix="close"),
                 lambda rep, case, form: services.close(
                     db.session(), case, on=london_today(), actor=signed_in_user(),
                     reason=form.reason.data or ""))


@bp.post("/advocacy/referrals/<reference>/people")
@requires(Permission.ARRANGE_ADVOCACY)
def record_chain_member(reference: str) -> Response | tuple[str, int]:
    return _step(reference, "chain_form", ChainForm(prefix="chain"),
                 lambda rep, case, form: services.record_chain_member(
                     db.session(), rep, rules.ChainRole(form.role.data), actor=signed_in_user(),
                     name=form.name.data, email=form.email.data), needs_case=False)


@bp.get("/advocacy/figures")
@requires(Permission.READ_ADVOCACY_FIGURES)
def figures() -> Response:
    """The annual report's advocacy figures as JSON, for the year starting 1 April ``year``."""
    today = london_today()
    default_year = today.year if today.month >= 4 else today.year - 1
    year = request.args.get("year", default_year, type=int)
    if not 2000 <= year <= 2059:
        abort(404)
    data = advocacy_figures(db.session(), current_council(), start=date(year, 4, 1),
                            end=date(year + 1, 3, 31), today=today)
    return Response(json.dumps(data, ensure_ascii=False, indent=2),
                    mimetype="application/json")
