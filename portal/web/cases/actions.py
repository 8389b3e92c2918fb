"""The actions the case page offers: each step of the procedure with its form, the
service it runs, and what fills the form (its choices, the case as it stands).

When an action is offered, and to whom, is the procedure's alone (cases.procedure);
views.py renders the forms and runs the one posted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from portal.cases import compliments, follow_through, plans, queries, reroute, services
from portal.common.clock import london_today
from portal.extensions import db
from portal.models.cases import Representation
from portal.models.records import ComplimentFor
from portal.models.staff import Role, User
from portal.procedure.machine import Step
from portal.staff.labels import choices, label
from portal.staff.permissions import NOT_OWNERS
from portal.vocab.cases import (
    ROUTE_PROCEDURE,
    Check,
    CheckDecision,
    DelayReason,
    OmbudsmanDecision,
    Outcome,
    RemedyKind,
    Route,
    Signpost,
)
from portal.web.cases import forms

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: The steps that send the complainant a letter or message with words an officer may write
#: (an outcome's answer, a reason, a message): the case page says beside them when those
#: words must be translated first.
TO_COMPLAINANT = frozenset({
    Step.ACKNOWLEDGE, Step.ACKNOWLEDGE_STAGE2, Step.CHECK, Step.SIGNPOST, Step.EXTEND,
    Step.OUTCOME, Step.REROUTE, Step.TRANSFER, Step.MESSAGE})

ADR_METHODS = (("meeting", _l("A meeting")), ("mediation", _l("Mediation")),
               ("head_of_service_review", _l("A head of service review")))


# --- the actions ------------------------------------------------------------------------

# A string: Session is imported for the type checker only (no SQL in web: setup.cfg).
Run = Callable[["Session", Representation, User, Any, date], object]


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

    @property
    def to_complainant(self) -> bool:
        """Whether this step writes to the complainant (TO_COMPLAINANT)."""
        return self.step in TO_COMPLAINANT


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


# --- what fills their forms -------------------------------------------------------------


def _people(rep: Representation, role: Role) -> list[tuple[int, str]]:
    return [(u.id, u.name) for u in queries.assignable(db.session(), rep.council_id, role)]


def fill_choices(form: FlaskForm, rep: Representation) -> None:
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
                                  leave_out=NOT_OWNERS)
    return [("", empty), *[(str(u.id), u.name) for u in staff]]


def fill_defaults(slug: str, form: Any, rep: Representation) -> None:
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
