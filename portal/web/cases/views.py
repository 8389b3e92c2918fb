"""The back office's case pages: dashboards, triage, one case, its actions, its timeline.

Thin: each action validates its form, calls one service, then redirects (the request's
commit point commits it: portal.db.session), or re-renders the case with the refusal in
words (STYLE.md section 4).
The actions themselves, their forms and the services they run, are in actions.py.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from portal.cases import compliments, context, guard, queries, reroute, services
from portal.common.clock import london_day, london_today
from portal.councils.services import council_calendar, current_council, stage2_acknowledgements
from portal.db.session import keep_on_refusal
from portal.extensions import db
from portal.models.cases import Representation
from portal.models.staff import User
from portal.procedure import machine as procedure
from portal.procedure import rules
from portal.safety import services as safety
from portal.staff.access import can_see_case, deny, requires, signed_in_user
from portal.staff.labels import label
from portal.staff.permissions import Permission, may
from portal.staff.services import audit
from portal.vocab.cases import CaseStatus, DelayReason
from portal.web.cases import bp, case_files, offline_page, timeline_rows
from portal.web.cases.actions import ACTIONS, Action, fill_choices, fill_defaults
from portal.web.cases.lookup import case_or_deny
from portal.web.safety.forms import DecisionForm

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

S = CaseStatus


# --- the case page ----------------------------------------------------------------------


def _plan_applies(rep: Representation) -> bool:
    return rules.response_plan_applies(rep.procedure, context.nation_of(rep))


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
            fill_choices(form, rep)
            fill_defaults(action.slug, form, rep)
        out.append((action, form))
    return out


def _offered(action: Action, rep: Representation, user: User) -> bool:
    """Whether the case page offers this person the action on the case as it stands."""
    return guard.offered(action.step, rep, user.role)


def _render_case(rep: Representation, *, failed: FlaskForm | None = None,
                 failed_slug: str | None = None, problem: str | None = None,
                 status: int = 200, files: case_files.CaseFiles | None = None
                 ) -> tuple[str, int]:
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
        can_see_timeline=may(user, Permission.READ_AUDIT),
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
        files=files or case_files.load(rep, user),
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
@requires(Permission.SEE_CASES)
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
@requires(Permission.TRIAGE)
def triage() -> str:
    session, council_id, user = db.session(), current_council().id, signed_in_user()
    cases = queries.awaiting_triage(session, council_id, viewer=user,
                                    limit=queries.TRIAGE_LIMIT)
    total = len(cases) if len(cases) < queries.TRIAGE_LIMIT else (
        queries.awaiting_triage_count(session, council_id, viewer=user))
    return render_template("cases/triage.html", cases=cases, total=total)


@bp.get("/due")
@requires(Permission.TRIAGE)
def due() -> str:
    """Every open case's next deadline by team, the compliments to pass on and the
    learning actions not yet done. The overview counts each team's deadlines by colour
    and lists its DUE_OVERVIEW_LIMIT most urgent (and as many compliments and learning
    actions); a team's whole list (``?team=KEY``), the compliments
    (``?show=compliments``) and the learning actions (``?show=learning``) go on page by
    page (``&page=N``), so nothing overdue is out of reach."""
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
    # Read now, not at import: tests shorten them.
    limit = queries.DUE_OVERVIEW_LIMIT if mode == "all" else queries.DUE_LIST_LIMIT
    session, today, calendar = db.session(), london_today(), council_calendar(council)
    user = signed_in_user()
    teams = [] if mode not in ("all", "team") else queries.due_by_team(
        session, council.id, today=today, calendar=calendar, team=team, page=page,
        limit=limit, viewer=user)
    waiting, waiting_total = ([], 0) if mode not in ("all", "compliments") else (
        queries.compliments_to_share(session, council.id, page=page, limit=limit,
                                     viewer=user))
    learning = queries.open_learning(session, council.id, today=today, calendar=calendar,
                                     page=page, limit=limit, viewer=user
                                     ) if mode in ("all", "learning") else None
    total = {"team": teams[0].total if teams else 0, "compliments": waiting_total,
             "learning": learning.total if learning else 0}.get(mode, 0)
    pages = max(1, -(-total // limit))
    if page > pages:
        abort(404)
    return render_template("cases/due.html", mode=mode, teams=teams, waiting=waiting,
                           waiting_total=waiting_total, learning=learning, page=page,
                           pages=pages, team_key=team, team_name=names.get(team or "", ""),
                           today=today, rag_colours=rules.Rag, overview_limit=limit,
                           # One prefix, not a url_for per row: the list can be long.
                           case_url=url_for("cases.case", reference="-").removesuffix("-"))


def _page() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        abort(404)
    return int(raw)


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.RUN_PROCEDURE)
def log_offline() -> Response | tuple[str, int]:
    # The page and its form live in web/cases/offline_page.py; the work in complaints/offline.py.
    return offline_page.page()


@bp.get("/<reference>")
@requires(Permission.SEE_CASES)
def case(reference: str) -> tuple[str, int]:
    rep = case_or_deny(reference)
    audit(signed_in_user(), "view", representation_id=rep.id)
    return _render_case(rep)


@bp.post("/<reference>/<action>")
@requires(Permission.SEE_CASES)
def act(reference: str, action: str) -> Response | tuple[str, int]:
    spec = ACTIONS.get(action)
    if spec is None:
        abort(404)
    user = signed_in_user()
    rep = case_or_deny(reference)
    if procedure.refusal(spec.step, guard.facts_of(rep),
                         guard.actor_of(user.role)) is procedure.Refusal.NOT_YOUR_ROLE:
        # They may see the case (case_or_deny), so 403: the step is not their role's.
        deny(user, representation_id=rep.id)
    form = spec.form(prefix=spec.slug)
    fill_choices(form, rep)
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
        keep_on_refusal()
        rep = queries.by_reference(db.session(), rep.council_id, reference) or rep
        return _render_case(rep, failed=form, failed_slug=spec.slug, problem=str(error),
                            status=409)
    flash(gettext("Saved: %(what)s.", what=spec.title))
    if not can_see_case(user, rep.id):
        # Moved to a team outside this officer's need to know (reroute.change_team).
        flash(gettext("%(reference)s is now with a team whose cases you do not see.",
                      reference=reference))
        return redirect(url_for("cases.my_cases"))
    return redirect(url_for("cases.case", reference=reference))


@bp.get("/<reference>/timeline")
@requires(Permission.READ_AUDIT)
def timeline(reference: str) -> str:
    rep = case_or_deny(reference)
    audit(signed_in_user(), "timeline_view", representation_id=rep.id)
    return render_template("cases/timeline.html", case=rep,
                           entries=timeline_rows.rows(queries.timeline(db.session(), rep.id)),
                           label=label,
                           delay_reasons={r.value: label(r) for r in DelayReason})
