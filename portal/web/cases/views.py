"""The back office's case pages: dashboards, triage, one case, its actions, its timeline.

Thin: each action validates its form, calls one service, then commits once and
redirects, or re-renders the case with the refusal in words (STYLE.md section 4).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from portal.cases import (
    compliments,
    context,
    follow_through,
    guard,
    plans,
    queries,
    reroute,
    services,
)
from portal.common.clock import london_day, london_today
from portal.councils.services import council_calendar, current_council, stage2_acknowledgements
from portal.extensions import db
from portal.models.cases import Representation
from portal.models.records import ComplimentFor
from portal.models.staff import Role, User
from portal.procedure import machine as procedure
from portal.procedure import rules
from portal.procedure.machine import Step
from portal.safety import services as safety
from portal.staff.access import (
    ALL_CASES_ROLES,
    BACK_OFFICE_ROLES,
    CASE_MANAGERS,
    TIMELINE_ROLES,
    can_see_case,
    deny,
    roles_required,
    signed_in_user,
)
from portal.staff.labels import choices, label
from portal.staff.services import audit
from portal.vocab.cases import (
    ROUTE_PROCEDURE,
    CaseStatus,
    Check,
    CheckDecision,
    DelayReason,
    OmbudsmanDecision,
    Outcome,
    RemedyKind,
    Route,
    Signpost,
)
from portal.web.cases import bp, forms, offline_page, timeline_rows
from portal.web.cases.lookup import case_or_deny
from portal.web.safety.forms import DecisionForm

S = CaseStatus
ADR_METHODS = (("meeting", _l("A meeting")), ("mediation", _l("Mediation")),
               ("head_of_service_review", _l("A head of service review")))


# --- the actions ------------------------------------------------------------------------

Run = Callable[[Session, Representation, User, Any, date], object]


@dataclass(frozen=True)
class Action:
    """One step of the procedure as the case page offers it: its form and its service.
    When it is offered, and to whom, is the procedure's alone (cases.procedure)."""

    step: Step
    title: Any
    form: type[FlaskForm]
    run: Run

    @property
    def slug(self) -> str:
        return self.step.value


def _plan_applies(rep: Representation) -> bool:
    return rules.response_plan_applies(rep.procedure, context.nation_of(rep))


def _response_plan(s: Session, r: Representation, u: User, f: Any, today: date) -> None:
    plans.record_response_plan(s, r, u, agreed_on=f.agreed_on.data, handling=f.handling.data,
                               response_by=f.response_by.data,
                               keeping_informed=f.keeping_informed.data,
                               change_reason=f.change_reason.data, today=today)


def _share_compliment(s: Session, r: Representation, u: User, f: Any, today: date) -> None:
    people = [compliments.Recipient(role, f[f"{role.value}_name"].data or "",
                                    f[f"{role.value}_email"].data or "")
              for role in ComplimentFor]
    compliments.share_compliment(s, r, u, recipients=people, words=f.words.data or "",
                                 sender_named=bool(f.sender_named.data),
                                 locale=str(get_locale() or "en"))


def _outcome(s: Session, r: Representation, u: User, f: Any, today: date) -> None:
    services.record_outcome(s, r, u, outcome=Outcome(f.outcome.data),
                            responded_on=f.responded_on.data, summary=f.summary.data,
                            today=today, **_delay(f))


def _delay(form: Any) -> dict[str, Any]:
    """The reason for a delay, as a step taken after its deadline gives it (cases.lateness)."""
    return {"delay_reason": DelayReason(form.delay_reason.data)
            if form.delay_reason.data else None, "delay_note": form.delay_note.data}


def _id(value: str | None) -> int | None:
    """A record id chosen from a list the form has already checked, or None for none."""
    return int(value) if value else None


def _edit_remedy(s: Session, r: Representation, u: User, f: Any, today: date) -> None:
    follow_through.edit_remedy(s, r, u, remedy_id=int(f.remedy.data),
                               kind=RemedyKind(f.kind.data) if f.kind.data else None,
                               amount_gbp=f.amount.data, note=f.note.data)


ACTIONS: dict[str, Action] = {a.slug: a for a in [
    Action(Step.ROUTE, _l("Accept or change the route"), forms.RouteForm,
           lambda s, r, u, f, t: services.accept_route(
               s, r, u, route=Route(f.route.data),
               signpost=Signpost(f.signpost.data) if f.signpost.data else None,
               team_id=int(f.team.data) if f.team.data else None,
               category_ids=f.categories.data or [], reason=f.reason.data)),
    Action(Step.CHECK, _l("Decide a check"), forms.CheckForm,
           lambda s, r, u, f, t: services.decide_check(
               s, r, u, check=Check(f.check.data), decision=CheckDecision(f.decision.data),
               reason=f.reason.data, today=t)),
    Action(Step.SIGNPOST, _l("Signpost elsewhere"), forms.SignpostForm,
           lambda s, r, u, f, t: services.signpost(s, r, u, to=Signpost(f.to.data),
                                                   note=f.note.data, today=t)),
    Action(Step.ACKNOWLEDGE, _l("Record the acknowledgement"), forms.AcknowledgeForm,
           lambda s, r, u, f, t: services.acknowledge(s, r, u, on=f.on.data,
                                                      send=bool(f.send.data), today=t,
                                                      **_delay(f))),
    Action(Step.ASSIGN_RESPONDER, _l("Give stage 1 to a responding manager"), forms.AssignForm,
           lambda s, r, u, f, t: services.assign_responder(s, r, u, user_id=f.user.data)),
    Action(Step.RESPONSE_PLAN, _l("Record or change the response plan"), forms.ResponsePlanForm,
           _response_plan),
    Action(Step.EXTEND, _l("Extend the deadline"), forms.ExtendForm,
           lambda s, r, u, f, t: services.extend(s, r, u, new_due_on=f.new_due_on.data,
                                                 reason=f.reason.data, message=f.message.data,
                                                 today=t)),
    Action(Step.OUTCOME, _l("Record the response and outcome"), forms.OutcomeForm,
           _outcome),
    Action(Step.REMEDY, _l("Add a remedy"), forms.RemedyForm,
           lambda s, r, u, f, t: follow_through.add_remedy(
               s, r, u, kind=RemedyKind(f.kind.data), amount_gbp=f.amount.data,
               note=f.note.data)),
    Action(Step.REMEDY_EDIT, _l("Edit a remedy"), forms.RemedyEditForm,
           _edit_remedy),
    Action(Step.LEARNING, _l("Add a learning action"), forms.LearningForm,
           lambda s, r, u, f, t: follow_through.add_learning(
               s, r, u, description=f.description.data, owner_user_id=_id(f.owner_user.data),
               owner=f.owner.data, due_on=f.due_on.data)),
    Action(Step.LEARNING_EDIT, _l("Edit a learning action"), forms.LearningEditForm,
           lambda s, r, u, f, t: follow_through.edit_learning(
               s, r, u, action_id=int(f.learning_action.data),
               description=f.description.data, owner_user_id=_id(f.owner_user.data),
               owner=f.owner.data, due_on=f.due_on.data)),
    Action(Step.LEARNING_DONE, _l("Mark a learning action done"), forms.LearningDoneForm,
           lambda s, r, u, f, t: follow_through.complete_learning(
               s, r, u, action_id=int(f.learning_action.data), done_on=f.done_on.data,
               note=f.note.data, today=t)),
    Action(Step.NEXT_STAGE, _l("Log a request for the next stage"), forms.NextStageForm,
           lambda s, r, u, f, t: services.request_next_stage(
               s, r, u, requested_on=f.requested_on.data, late_reason=f.late_reason.data,
               today=t)),
    Action(Step.ACKNOWLEDGE_STAGE2, _l("Record the stage 2 acknowledgement"), forms.AcknowledgeForm,
           lambda s, r, u, f, t: services.acknowledge_stage2(s, r, u, on=f.on.data,
                                                             send=bool(f.send.data), today=t,
                                                             **_delay(f))),
    Action(Step.STAGE2_CLOCK, _l("Start the stage 2 clock"), forms.Stage2ClockForm,
           lambda s, r, u, f, t: services.start_stage2_clock(s, r, u,
                                                             started_on=f.started_on.data)),
    Action(Step.STAGE2_PEOPLE, _l("Appoint the stage 2 investigation"), forms.Stage2PeopleForm,
           lambda s, r, u, f, t: services.appoint_stage2(
               s, r, u, investigating_officer_id=f.investigating_officer.data,
               independent_person_id=f.independent_person.data,
               adjudicating_officer_id=f.adjudicating_officer.data,
               declaration=bool(f.declaration.data), declaration_text=f.declaration_text.data)),
    Action(Step.PANEL, _l("Appoint the review panel"), forms.PanelForm,
           lambda s, r, u, f, t: services.appoint_panel(s, r, u, member_ids=f.members.data or [],
                                                        panel_on=f.panel_on.data, **_delay(f))),
    Action(Step.PANEL_DATE, _l("Set the panel's date"), forms.PanelDateForm,
           lambda s, r, u, f, t: services.set_panel_date(s, r, u, panel_on=f.panel_on.data,
                                                         **_delay(f))),
    Action(Step.PANEL_REPORT, _l("Record the panel's report"), forms.ReportForm,
           lambda s, r, u, f, t: services.record_panel_report(s, r, u,
                                                              report_on=f.report_on.data,
                                                              **_delay(f))),
    Action(Step.ADR, _l("Record alternative dispute resolution"), forms.AdrForm,
           lambda s, r, u, f, t: services.record_adr(s, r, u, method=f.method.data,
                                                     note=f.note.data)),
    Action(Step.OMBUDSMAN, _l("Record the Ombudsman's involvement"), forms.OmbudsmanForm,
           lambda s, r, u, f, t: services.refer_to_ombudsman(
               s, r, u, referred_on=f.referred_on.data,
               decision=OmbudsmanDecision(f.decision.data))),
    Action(Step.CLOSE, _l("Close the case"), forms.ReasonForm,
           lambda s, r, u, f, t: services.close(s, r, u, reason=f.reason.data)),
    Action(Step.REOPEN, _l("Reopen the case"), forms.ReopenForm,
           lambda s, r, u, f, t: follow_through.reopen(s, r, u, reason=f.reason.data)),
    Action(Step.RESUME, _l("Resume after the proceedings"), forms.ReasonForm,
           lambda s, r, u, f, t: services.resume(s, r, u, reason=f.reason.data)),
    Action(Step.WITHDRAW, _l("Record a withdrawal"), forms.ReasonForm,
           lambda s, r, u, f, t: services.withdraw(s, r, u, reason=f.reason.data)),
    Action(Step.COMPLIMENT, _l("Pass the compliment on"), forms.ComplimentForm,
           _share_compliment),
    Action(Step.REROUTE, _l("Change the procedure"), forms.RerouteForm,
           lambda s, r, u, f, t: reroute.reroute(
               s, r, u, route=Route(f.procedure.data),
               signpost=Signpost(f.signpost.data) if f.signpost.data else None,
               reason=f.reason.data, message=f.message.data, today=t)),
    Action(Step.CHANGE_TEAM, _l("Move to another team"), forms.ChangeTeamForm,
           lambda s, r, u, f, t: reroute.change_team(s, r, u, team_id=_id(f.to_team.data),
                                                     reason=f.reason.data)),
    Action(Step.TRANSFER, _l("Pass to the council responsible for the child"),
           forms.TransferForm,
           lambda s, r, u, f, t: reroute.transfer(
               s, r, u, to_council=f.to_council.data, reason=f.reason.data,
               message=f.message.data, passed_on=bool(f.passed_on.data), today=t)),
    Action(Step.MESSAGE, _l("Send a message to the complainant"), forms.MessageForm,
           lambda s, r, u, f, t: services.send_message(s, r, u, f.body.data)),
]}


def _people(rep: Representation, role: Role) -> list[tuple[int, str]]:
    return [(u.id, u.name) for u in queries.assignable(db.session(), rep.council_id, role)]


def _fill_choices(form: FlaskForm, rep: Representation) -> None:
    """Database and vocabulary choices for whichever fields the form has."""
    council = rep.council
    fill: dict[str, Callable[[], list[tuple[Any, str]]]] = {
        "route": lambda: choices(Route),
        "signpost": lambda: [("", gettext("None")), *choices(Signpost)],
        "to": lambda: choices(Signpost),
        "team": lambda: [("", gettext("Not set")),
                         *[(str(t.id), t.name) for t in council.teams if t.active]],
        "categories": lambda: [(c.id, c.name) for c in council.categories if c.active],
        "check": lambda: choices(Check),
        "decision": lambda: (choices(CheckDecision, leave_out=(CheckDecision.PENDING,))
                             if isinstance(form, forms.CheckForm) else choices(OmbudsmanDecision)),
        "outcome": lambda: choices(Outcome),
        "delay_reason": lambda: [("", gettext("It was in time")), *choices(
            DelayReason, leave_out=(DelayReason.EXTENSION_AGREED,))],
        "kind": lambda: ([("", gettext("Keep it as it is")), *choices(RemedyKind)]
                         if isinstance(form, forms.RemedyEditForm) else choices(RemedyKind)),
        "remedy": lambda: [(str(r.id), follow_through.remedy_text(r)) for r in rep.remedies],
        "learning_action": lambda: [(str(a.id), follow_through.learning_text(a))
                                    for a in follow_through.open_learning(rep)],
        "owner_user": lambda: _owner_choices(form, rep),
        "user": lambda: _people(rep, Role.RESPONDING_MANAGER),
        "investigating_officer": lambda: _people(rep, Role.INVESTIGATING_OFFICER),
        "independent_person": lambda: _people(rep, Role.INDEPENDENT_PERSON),
        "adjudicating_officer": lambda: _people(rep, Role.ADJUDICATING_OFFICER),
        "members": lambda: _people(rep, Role.PANEL_MEMBER),
        "method": lambda: [(k, str(v)) for k, v in ADR_METHODS],
        "procedure": lambda: [("", gettext("Choose")), *[
            (r.value, label(r)) for r in reroute.REROUTE_TO
            if ROUTE_PROCEDURE.get(r) is not rep.procedure]],
        "to_team": lambda: [("", gettext("Choose")), *[
            (str(t.id), t.name) for t in council.teams if t.active and t.id != rep.team_id]],
    }
    for name, make in fill.items():
        if name in form:
            form[name].choices = make()


def _owner_choices(form: FlaskForm, rep: Representation) -> list[tuple[str, str]]:
    """The council's staff who may own a learning action; first, the empty choice."""
    empty = (gettext("Keep the owner, or type a new name below")
             if isinstance(form, forms.LearningEditForm)
             else gettext("Someone without an account: type their name below"))
    staff = queries.council_staff(db.session(), rep.council_id,
                                  leave_out=follow_through.NOT_OWNERS)
    return [("", empty), *[(str(u.id), u.name) for u in staff]]


def _action_forms(rep: Representation, user: User, failed: FlaskForm | None = None,
                  failed_slug: str | None = None) -> list[tuple[Action, FlaskForm]]:
    out = []
    for action in ACTIONS.values():
        if not _offered(action, rep, user):
            continue
        if action.slug == failed_slug and failed is not None:
            form = failed
        else:
            form = action.form(prefix=action.slug, formdata=None)
            _fill_choices(form, rep)
            _defaults(action.slug, form, rep)
        out.append((action, form))
    return out


def _offered(action: Action, rep: Representation, user: User) -> bool:
    """Whether the case page offers this person the action on the case as it stands."""
    return guard.offered(action.step, rep, user.role)


def _defaults(slug: str, form: Any, rep: Representation) -> None:
    """Pre-fill a form with the case as it stands (routing's decision, today)."""
    today = london_today()
    if slug == "route":
        form.route.data = rep.route.value if rep.route else None
        form.signpost.data = rep.signpost.value if rep.signpost else ""
        form.team.data = str(rep.team_id) if rep.team_id else ""
        form.categories.data = [c.id for c in rep.categories]
    if slug == "response-plan":
        plan = plans.current_plan(db.session(), rep)
        if plan is not None:
            form.agreed_on.data, form.response_by.data = plan.agreed_on, plan.response_by
            form.handling.data, form.keeping_informed.data = plan.handling, plan.keeping_informed
    if slug == "compliment":
        form.words.data = rep.description
        form.team_name.data = rep.team.name if rep.team else ""
    for name in ("on", "responded_on", "requested_on", "started_on", "agreed_on", "done_on"):
        if name in form and form[name].data is None:
            form[name].data = today


def _render_case(rep: Representation, *, failed: FlaskForm | None = None,
                 failed_slug: str | None = None, problem: str | None = None,
                 status: int = 200) -> tuple[str, int]:
    from portal.routing.reasons import reason_text
    from portal.routing.services import stored_reasons

    user = signed_in_user()
    calendar = council_calendar(rep.council)
    today = london_today()
    try:
        reasons = [reason_text(r) for r in stored_reasons(rep)]
    except (KeyError, ValueError):
        reasons = [str(r.get("text", "")) for r in rep.routing_reasons or []]
    deadline = queries.next_deadline(rep, calendar, context.stage2_acknowledge_days(rep)
                                     if context.needs_stage2_acknowledgement(rep) else None)
    session = db.session()
    return render_template(
        "cases/case.html", case=rep, reasons=reasons, today=today,
        actions=_action_forms(rep, user, failed, failed_slug), problem=problem,
        failed_slug=failed_slug, assignments=queries.assignments(db.session(), rep.id),
        deadline=deadline,
        deadline_rag=rules.rag(deadline[1], today=today, calendar=calendar) if deadline
        else None,
        escalation_by=(rules.escalation_window_ends(rep.current_stage.closed_on,
                                                    calendar=calendar)
                       if rep.status is S.AWAITING_NEXT_STAGE and rep.current_stage
                       and rep.current_stage.closed_on else None),
        can_see_timeline=user.role in TIMELINE_ROLES,
        plans=queries.response_plans(session, rep.id) if _plan_applies(rep) else [],
        plan_fallback=(rules.adult_response_fallback(rep.received_on, calendar=calendar)
                       if _plan_applies(rep) else None),
        compliment=(queries.compliment_of(session, rep.id)
                    if compliments.is_compliment(rep) else None),
        stage2_acknowledge_by=_stage2_acknowledge_by(rep, calendar),
        safety_alerts=safety.alerts_for_case(session, rep.id),
        decision_form=DecisionForm(formdata=None),
        learning=[(a, None if a.completed_on else rules.rag(a.due_on, today=today,
                                                              calendar=calendar))
                  for a in rep.learning_actions],
        reopening=_reopening(session, rep),
        transfer=reroute.transfer_of(session, rep),
    ), status


def _reopening(session: Session, rep: Representation) -> tuple[date, str] | None:
    """The day of the case's latest reopening and its reason, if it was ever reopened."""
    event = queries.latest_event(session, rep.id, "reopened")
    return (london_day(event.at), str(event.data.get("reason", ""))) if event else None


def _stage2_acknowledge_by(rep: Representation, calendar: Any) -> date | None:
    """The stage 2 acknowledgement deadline, stored or (for a request made on the
    tracking page) counted now."""
    stage = rep.stage(2)
    if stage is None or not context.needs_stage2_acknowledgement(rep):
        return None
    if stage.acknowledge_by is not None or stage.requested_on is None:
        return stage.acknowledge_by
    days = context.stage2_acknowledge_days(rep)
    return (rules.stage2_acknowledge_by(stage.requested_on, acknowledge=days, calendar=calendar)
            if days is not None else None)


# --- pages ------------------------------------------------------------------------------


@bp.get("/")
@roles_required(*BACK_OFFICE_ROLES)
def my_cases() -> str:
    user = signed_in_user()
    cases = queries.my_cases(db.session(), user)
    council = current_council()
    today = london_today()
    calendar = council_calendar(council)
    acknowledge = stage2_acknowledgements(council)
    rows = []
    for rep in cases:
        found = queries.next_deadline(rep, calendar,
                                      acknowledge.get(rep.procedure) if rep.procedure else None)
        rows.append((rep, found, rules.rag(found[1], today=today, calendar=calendar)
                     if found else None))
    return render_template("cases/my-cases.html", rows=rows)


@bp.get("/triage")
@roles_required(*ALL_CASES_ROLES)
def triage() -> str:
    cases = queries.awaiting_triage(db.session(), current_council().id, viewer=signed_in_user())
    return render_template("cases/triage.html", cases=cases)


@bp.get("/due")
@roles_required(*ALL_CASES_ROLES)
def due() -> str:
    """Every open case's next deadline by team, the compliments to pass on and the
    learning actions not yet done. A team's list past DUE_LIST_LIMIT (``?team=KEY``),
    the compliments (``?show=compliments``) and the learning actions
    (``?show=learning``) go on page by page (``&page=N``), so nothing overdue is out
    of reach."""
    council = current_council()
    team, show, page = request.args.get("team"), request.args.get("show"), _page()
    names = {str(t.id): t.name for t in council.teams}
    if team is not None and team != queries.NO_TEAM and team not in names:
        abort(404)
    if show not in (None, "compliments", "learning") or (team is not None and show is not None):
        abort(404)
    mode = "team" if team is not None else show or "all"
    if mode == "all" and page != 1:
        abort(404)
    session, today, calendar = db.session(), london_today(), council_calendar(council)
    teams = [] if mode not in ("all", "team") else queries.due_by_team(
        session, council.id, today=today, calendar=calendar,
        stage2_acknowledge=stage2_acknowledgements(council), team=team, page=page,
        viewer=signed_in_user())
    waiting, waiting_total = ([], 0) if mode not in ("all", "compliments") else (
        queries.compliments_to_share(session, council.id, page=page, viewer=signed_in_user()))
    learning = queries.open_learning(session, council.id, today=today, calendar=calendar,
                                     page=page, viewer=signed_in_user()
                                     ) if mode in ("all", "learning") else None
    total = {"team": teams[0].total if teams else 0, "compliments": waiting_total,
             "learning": learning.total if learning else 0}.get(mode, 0)
    pages = max(1, -(-total // queries.DUE_LIST_LIMIT))
    if page > pages:
        abort(404)
    return render_template("cases/due.html", mode=mode, teams=teams, waiting=waiting,
                           waiting_total=waiting_total, learning=learning, page=page,
                           pages=pages, team_key=team, team_name=names.get(team or "", ""),
                           today=today, rag_colours=rules.Rag,
                           # One prefix, not a url_for per row: the list can be long.
                           case_url=url_for("cases.case", reference="-").removesuffix("-"))


def _page() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        abort(404)
    return int(raw)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*CASE_MANAGERS)
def log_offline() -> Response | tuple[str, int]:
    # The page and its form live in web/cases/offline_page.py; the work in complaints/offline.py.
    return offline_page.page()


@bp.get("/<reference>")
@roles_required(*BACK_OFFICE_ROLES)
def case(reference: str) -> tuple[str, int]:
    rep = case_or_deny(reference)
    audit(signed_in_user(), "view", representation_id=rep.id)
    db.session.commit()
    return _render_case(rep)


@bp.post("/<reference>/<action>")
@roles_required(*BACK_OFFICE_ROLES)
def act(reference: str, action: str) -> Response | tuple[str, int]:
    spec = ACTIONS.get(action)
    if spec is None:
        abort(404)
    user = signed_in_user()
    rep = case_or_deny(reference)
    if procedure.refusal(spec.step, guard.facts_of(rep),
                         guard.actor_of(user.role)) is procedure.Refusal.NOT_YOUR_ROLE:
        deny(user, representation_id=rep.id)
    form = spec.form(prefix=spec.slug)
    _fill_choices(form, rep)
    if not form.validate_on_submit():
        if not _offered(spec, rep, user):
            # The page no longer shows this form (the case moved on in another tab), so
            # its errors would be nowhere: say why it cannot be done instead.
            return _render_case(rep, problem=gettext(
                "“%(what)s” cannot be done on this case now.", what=spec.title), status=400)
        return _render_case(rep, failed=form, failed_slug=spec.slug, status=400)
    try:
        spec.run(db.session(), rep, user, form, london_today())
    except services.CaseError as error:
        db.session.rollback()
        # The refusal is part of the record too: who tried what, and why not.
        audit(user, "refused", representation_id=rep.id,
              detail={"action": spec.slug, "reason": str(error)})
        db.session.commit()
        rep = queries.by_reference(db.session(), rep.council_id, reference) or rep
        return _render_case(rep, failed=form, failed_slug=spec.slug, problem=str(error),
                            status=409)
    db.session.commit()
    flash(gettext("Saved: %(what)s.", what=spec.title))
    if not can_see_case(user, rep.id):
        # Moved to a team outside this officer's need to know (reroute.change_team).
        flash(gettext("%(reference)s is now with a team whose cases you do not see.",
                      reference=reference))
        return redirect(url_for("cases.my_cases"))
    return redirect(url_for("cases.case", reference=reference))


@bp.get("/<reference>/timeline")
@roles_required(*TIMELINE_ROLES)
def timeline(reference: str) -> str:
    rep = case_or_deny(reference)
    audit(signed_in_user(), "timeline_view", representation_id=rep.id)
    db.session.commit()
    return render_template("cases/timeline.html", case=rep,
                           entries=timeline_rows.rows(queries.timeline(db.session(), rep.id)),
                           label=label,
                           delay_reasons={r.value: label(r) for r in DelayReason})
