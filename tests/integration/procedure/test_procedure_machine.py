"""Random sequences of every step, by every kind of person, through the one procedure.

Hypothesis drives the real services on a real database (SQLite and PostgreSQL), as the
back office, the tracking page and an advocate would, in any order, and after every
step checks what the law and the register require whatever was tried:

- every closed stage has a start and an end, the end not before the start;
- no clock runs on a finished case;
- the register entry agrees with the case, and is one REGISTER.md accepts;
- what the procedure refuses, the services refuse, and a refused step changes nothing.
"""

from __future__ import annotations

import io
import itertools
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy.orm import Session

from portal.cases import follow_through, guard
from portal.cases import services as cases
from portal.cases.context import CaseError
from portal.complaints import services as public
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.staff import Role, User
from portal.procedure import rules
from portal.procedure.machine import FINISHED, Actor, Step
from portal.register.csvio import read_register, write_register
from portal.register.queries import register_rows
from portal.vocab.cases import CaseStatus, DelayReason, Outcome, RemedyKind, Route
from tests.conftest import PINNED_TODAY
from tests.factories import make_case, make_user

ROUTES = (Route.CHILDREN_STATUTORY, Route.CORPORATE, Route.ADULT_STATUTORY)
STAFF = (Role.COMPLAINTS_MANAGER, Role.COMPLAINTS_OFFICER, Role.RESPONDING_MANAGER,
         Role.ADJUDICATING_OFFICER, Role.CHILDRENS_RIGHTS_OFFICER)
OUTCOMES = (Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD)
#: A late step says why (cases/lateness.py); the machine always has a reason to give.
LATE: dict[str, Any] = {"delay_reason": DelayReason.SERVICE_DELAY, "delay_note": "Busy"}


def _snapshot(rep: Representation) -> tuple[Any, ...]:
    return (rep.status, rep.outcome, rep.acknowledged_on, rep.compensation_gbp,
            tuple((s.number, s.started_on, s.closed_on, s.due_on, s.outcome, s.extended,
                   s.panel_on, s.report_on) for s in rep.stages))


class People:
    def __init__(self, session: Session, council: Council) -> None:
        self.staff = {role: make_user(session, council, role)[0] for role in STAFF}
        extra = (Role.INVESTIGATING_OFFICER, Role.INDEPENDENT_PERSON, Role.PANEL_MEMBER)
        self.investigator = make_user(session, council, extra[0])[0]
        self.independent = make_user(session, council, extra[1])[0]
        self.panel = [make_user(session, council, extra[2])[0] for _ in range(3)]


class ProcedureMachine(RuleBasedStateMachine):
    """One complaint, from arrival, through whatever Hypothesis tries."""

    session: Session
    council: Council
    people: People
    numbers = itertools.count(1)
    #: Every status reached in the run: proof the machine gets past triage.
    reached: set[CaseStatus] = set()
    rep: Representation
    day: date

    @initialize(route=st.sampled_from(ROUTES + (Route.CHILDREN_STATUTORY,) * 2),
                wild=st.integers(0, 3).map(lambda n: n == 0), patience=st.integers(10, 60))
    def a_complaint_arrives(self, route: Route, wild: bool, patience: int) -> None:
        # A tame run takes only the steps the procedure offers a complaints manager, so
        # it goes deep (stage 3, reopening); a wild one tries anything, to prove every
        # refusal. Either ends the case (close, withdraw, stop) only after ``patience``
        # steps, so withdrawals happen at every stage, not mostly at the first.
        self.wild, self.patience, self.steps = wild, patience, 0
        reference = f"PBT-{self.council.id}-{next(self.numbers):06d}"
        service = "adult_social_care" if route is Route.ADULT_STATUTORY else (
            "children_in_care" if route is Route.CHILDREN_STATUTORY else "other_council")
        self.rep = make_case(self.session, self.council, reference, service=service,
                             on_behalf_of_child=route is Route.ADULT_STATUTORY)
        self.route = route
        self.day = self.rep.received_on

    # --- trying a step -------------------------------------------------------------

    def attempt(self, step: Step | None, actor: Any, run: Any, *,
                today: date | None = None) -> None:
        """Run one service in a savepoint, as a request would, on ``today`` (the pinned
        day unless the step happens on another). When the procedure refuses the step,
        the service must refuse it too, and a refusal of any kind leaves the case as it
        was."""
        refused_by_procedure = (step is not None and guard.refusal(
            step, self.rep, actor, today=today) is not None)
        self.steps += 1
        before = _snapshot(self.rep)
        savepoint = self.session.begin_nested()
        try:
            run()
            self.session.flush()
        except (CaseError, public.NotAllowed):
            savepoint.rollback()
            self.session.expire_all()
            assert _snapshot(self.rep) == before, "a refused step changed the case"
            return
        savepoint.commit()
        self.reached.add(self.rep.status)
        assert not refused_by_procedure, f"{step} done though the procedure refuses it"

    def tries(self, step: Step, *, ending: bool = False) -> bool:
        if ending and self.steps < self.patience:
            return False
        return self.wild or guard.refusal(step, self.rep, Actor.COMPLAINTS_MANAGER) is None or (
            step is Step.TAKE_FURTHER
            and guard.refusal(step, self.rep, Actor.COMPLAINANT) is None)

    def later(self, days: int) -> date:
        self.day = min(self.day + timedelta(days=days), PINNED_TODAY)
        return self.day

    def staff(self, index: int) -> User:
        return self.people.staff[STAFF[index % len(STAFF)]]

    # --- the steps -----------------------------------------------------------------

    @precondition(lambda self: not self.wild)
    @rule()
    def advance(self) -> None:
        """The procedure's next step, as a diligent officer takes it: so tame runs go
        deep (stage 3, its panel, reopening) as well as wide."""
        manager = Actor.COMPLAINTS_MANAGER
        for step, take in ((Step.ROUTE, lambda: self.route_it(who=0)),
                           (Step.STAGE2_PEOPLE, lambda: self.appoint_stage2(who=0)),
                           (Step.STAGE2_CLOCK, lambda: self.start_stage2(who=0, wait=1)),
                           (Step.ACKNOWLEDGE_STAGE2,
                            lambda: self.acknowledge_stage2(who=0, wait=1)),
                           (Step.PANEL, lambda: self.appoint_the_panel(who=0, wait=5)),
                           (Step.PANEL_REPORT, lambda: self.panel_reports(who=0, wait=2)),
                           (Step.OUTCOME, lambda: self.respond(
                               who=0, wait=5, outcome=Outcome.NOT_UPHELD)),
                           (Step.NEXT_STAGE, lambda: self.officer_logs_the_next_stage(
                               who=0, wait=3))):
            if guard.refusal(step, self.rep, manager) is None:
                take()
                return

    # The next step is three rules, so a tame run takes it often enough to reach the
    # review panel and beyond, among everything else it tries.
    keep_going = precondition(lambda self: not self.wild)(rule()(
        lambda self: self.advance()))
    and_again = precondition(lambda self: not self.wild)(rule()(lambda self: self.advance()))

    @precondition(lambda self: self.rep.status in FINISHED)
    @rule(days=st.integers(1, 10))
    def time_passes(self, days: int) -> None:
        # Always possible, so a finished case's run goes on with its invariants checked.
        self.later(days)

    @rule(who=st.integers(0, 4))
    @precondition(lambda self: self.tries(Step.ROUTE))
    def route_it(self, who: int) -> None:
        user = self.staff(who)
        self.attempt(Step.ROUTE, user.role, lambda: cases.accept_route(
            self.session, self.rep, user, route=self.route, signpost=None, team_id=None,
            category_ids=[], reason="The officer's view of it"))

    @rule(who=st.integers(0, 4), wait=st.integers(0, 4))
    @precondition(lambda self: self.tries(Step.ACKNOWLEDGE))
    def acknowledge(self, who: int, wait: int) -> None:
        user, on = self.staff(who), self.later(wait)
        self.attempt(Step.ACKNOWLEDGE, user.role, lambda: cases.acknowledge(
            self.session, self.rep, user, on=on, send=False, today=PINNED_TODAY, **LATE))

    @rule(who=st.integers(0, 4))
    @precondition(lambda self: self.tries(Step.ASSIGN_RESPONDER))
    def give_stage1_to_a_manager(self, who: int) -> None:
        user = self.staff(who)
        manager = self.people.staff[Role.RESPONDING_MANAGER]
        self.attempt(Step.ASSIGN_RESPONDER, user.role, lambda: cases.assign_responder(
            self.session, self.rep, user, user_id=manager.id))

    @rule(who=st.integers(0, 4), extra=st.integers(1, 30))
    @precondition(lambda self: self.tries(Step.EXTEND))
    def extend(self, who: int, extra: int) -> None:
        user = self.staff(who)
        stage = self.rep.current_stage
        base = stage.due_on if stage is not None and stage.due_on else self.day
        new_due = cases.calendar_of(self.rep).add_working_days(base, extra)
        self.attempt(Step.EXTEND, user.role, lambda: cases.extend(
            self.session, self.rep, user, new_due_on=new_due, reason="More time",
            message=None, today=PINNED_TODAY))

    @rule(who=st.integers(0, 4), wait=st.integers(0, 15), outcome=st.sampled_from(OUTCOMES))
    @precondition(lambda self: self.tries(Step.OUTCOME))
    def respond(self, who: int, wait: int, outcome: Outcome) -> None:
        user, on = self.staff(who), self.later(wait)
        self.attempt(Step.OUTCOME, user.role, lambda: cases.record_outcome(
            self.session, self.rep, user, outcome=outcome, responded_on=on, summary="Answer",
            today=PINNED_TODAY, **LATE))

    @rule(who=st.integers(0, 4), wait=st.integers(0, 30))
    @precondition(lambda self: self.tries(Step.NEXT_STAGE))
    def officer_logs_the_next_stage(self, who: int, wait: int) -> None:
        user, on = self.staff(who), self.later(wait)
        self.attempt(Step.NEXT_STAGE, user.role, lambda: cases.request_next_stage(
            self.session, self.rep, user, requested_on=on, late_reason="Was ill",
            today=PINNED_TODAY))

    @rule(advocate=st.booleans())
    @precondition(lambda self: self.tries(Step.TAKE_FURTHER))
    def complainant_takes_it_further(self, advocate: bool) -> None:
        actor = Actor.ADVOCATE if advocate else Actor.COMPLAINANT
        self.attempt(Step.TAKE_FURTHER, actor, lambda: public.take_further(
            self.session, self.council, self.rep, now=_noon(self.day), reason="Not fair",
            actor=actor), today=self.day)

    @rule(who=st.integers(0, 4), wait=st.integers(0, 5))
    @precondition(lambda self: self.tries(Step.ACKNOWLEDGE_STAGE2))
    def acknowledge_stage2(self, who: int, wait: int) -> None:
        user, on = self.staff(who), self.later(wait)
        self.attempt(Step.ACKNOWLEDGE_STAGE2, user.role, lambda: cases.acknowledge_stage2(
            self.session, self.rep, user, on=on, send=False, today=PINNED_TODAY, **LATE))

    @rule(who=st.integers(0, 4), wait=st.integers(0, 5))
    @precondition(lambda self: self.tries(Step.STAGE2_CLOCK))
    def start_stage2(self, who: int, wait: int) -> None:
        user, on = self.staff(who), self.later(wait)
        self.attempt(Step.STAGE2_CLOCK, user.role, lambda: cases.start_stage2_clock(
            self.session, self.rep, user, started_on=on))

    @rule(who=st.integers(0, 4))
    @precondition(lambda self: self.tries(Step.STAGE2_PEOPLE))
    def appoint_stage2(self, who: int) -> None:
        user = self.staff(who)
        self.attempt(Step.STAGE2_PEOPLE, user.role, lambda: cases.appoint_stage2(
            self.session, self.rep, user, investigating_officer_id=self.people.investigator.id,
            independent_person_id=self.people.independent.id,
            adjudicating_officer_id=self.people.staff[Role.ADJUDICATING_OFFICER].id,
            declaration=True, declaration_text="Independent"))

    @rule(who=st.integers(0, 4), wait=st.integers(0, 20))
    @precondition(lambda self: self.tries(Step.PANEL))
    def appoint_the_panel(self, who: int, wait: int) -> None:
        user, on = self.staff(who), self.later(wait)
        self.attempt(Step.PANEL, user.role, lambda: cases.appoint_panel(
            self.session, self.rep, user, member_ids=[p.id for p in self.people.panel],
            panel_on=on, **LATE))

    @rule(who=st.integers(0, 4), wait=st.integers(0, 5))
    @precondition(lambda self: self.tries(Step.PANEL_REPORT))
    def panel_reports(self, who: int, wait: int) -> None:
        user, on = self.staff(who), self.later(wait)
        self.attempt(Step.PANEL_REPORT, user.role, lambda: cases.record_panel_report(
            self.session, self.rep, user, report_on=on, **LATE))

    @rule(who=st.integers(0, 4))
    @precondition(lambda self: self.tries(Step.CLOSE, ending=True))
    def close(self, who: int) -> None:
        user = self.staff(who)
        self.attempt(Step.CLOSE, user.role, lambda: cases.close(
            self.session, self.rep, user, reason="They did not ask for more"))

    @rule(who=st.integers(0, 4))
    @precondition(lambda self: self.tries(Step.WITHDRAW, ending=True))
    def officer_records_a_withdrawal(self, who: int) -> None:
        user = self.staff(who)
        self.attempt(Step.WITHDRAW, user.role, lambda: cases.withdraw(
            self.session, self.rep, user, reason="Phoned to withdraw"))

    @rule()
    @precondition(lambda self: self.tries(Step.STOP, ending=True))
    def complainant_stops_it(self) -> None:
        self.attempt(Step.STOP, Actor.COMPLAINANT, lambda: public.withdraw(
            self.session, self.rep, now=_noon(PINNED_TODAY)))

    @rule(who=st.integers(0, 4))
    @precondition(lambda self: self.tries(Step.REOPEN))
    def reopen(self, who: int) -> None:
        user = self.staff(who)
        self.attempt(Step.REOPEN, user.role, lambda: follow_through.reopen(
            self.session, self.rep, user, reason="The apology was never sent"))

    @rule(who=st.integers(0, 4))
    @precondition(lambda self: self.tries(Step.REMEDY))
    def remedy(self, who: int) -> None:
        user = self.staff(who)
        self.attempt(Step.REMEDY, user.role, lambda: follow_through.add_remedy(
            self.session, self.rep, user, kind=RemedyKind.APOLOGY, amount_gbp=None, note=None))

    # --- what must always hold -------------------------------------------------------

    @invariant()
    def every_closed_stage_has_a_start_and_an_end(self) -> None:
        for stage in self.rep.stages:
            if stage.closed_on is not None:
                assert stage.started_on is not None, f"stage {stage.number} never started"
                assert stage.closed_on >= stage.started_on

    @invariant()
    def no_clock_runs_on_a_finished_case(self) -> None:
        if self.rep.status in FINISHED:
            for stage in self.rep.stages:
                assert stage.closed_on is not None or (
                    stage.due_on is None and stage.acknowledge_by is None), \
                    f"stage {stage.number} still has a deadline"

    @invariant()
    def stages_run_in_order_within_the_procedure(self) -> None:
        numbers = [s.number for s in self.rep.stages]
        assert numbers == list(range(1, len(numbers) + 1))
        if self.rep.procedure is not None and self.rep.status is not CaseStatus.NEW:
            assert len(numbers) <= max(1, rules.stages_of(
                self.rep.procedure, cases.nation_of(self.rep)))
        for stage in self.rep.stages[:-1]:
            assert stage.closed_on is not None, "an earlier stage was left open"

    @invariant()
    def the_register_entry_agrees_with_the_case(self) -> None:
        self.session.flush()
        (row,) = register_rows(self.session, ids=[self.rep.id])
        for stage in self.rep.stages:
            assert row.stage_started_on(stage.number) == stage.started_on
            assert row.stage_closed_on(stage.number) == stage.closed_on
        assert row.outcome == self.rep.outcome
        assert row.procedure == self.rep.procedure
        # And REGISTER.md accepts it: written and read back, no problem is found.
        out = io.StringIO()
        write_register([row], out)
        (again,) = read_register(out.getvalue())
        assert again == row

def run_machine(session: Session, council: Council, *, examples: int) -> set[CaseStatus]:
    ProcedureMachine.session, ProcedureMachine.council = session, council
    ProcedureMachine.people = People(session, council)
    ProcedureMachine.reached = set()
    # Derandomized: the same sequences on every run, so whether the run reaches every
    # stage (asserted below) does not depend on luck; the steps are still Hypothesis's.
    run_state_machine_as_test(ProcedureMachine, settings=settings(
        max_examples=examples, stateful_step_count=60, deadline=None, derandomize=True,
        database=None, suppress_health_check=list(HealthCheck)))
    return ProcedureMachine.reached


def _noon(day: date) -> Any:
    from datetime import UTC, datetime

    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def test_random_sequences_of_steps_keep_the_procedure_whole(session: Session,
                                                             council: Council) -> None:
    reached = run_machine(session, council, examples=30)
    # The run went the whole way: every stage, a wait for the next, and an end.
    assert {CaseStatus.STAGE2, CaseStatus.STAGE3, CaseStatus.AWAITING_NEXT_STAGE,
            CaseStatus.CLOSED, CaseStatus.WITHDRAWN} <= reached, reached


@pytest.mark.parametrize("route", ROUTES)
def test_a_withdrawal_stops_every_clock(session: Session, council: Council,
                                        route: Route) -> None:
    """The complainant stops a complaint on the tracking page mid-stage: the stage ends
    as withdrawn that day, as when an officer records it, and nothing stays due."""
    people = People(session, council)
    manager = people.staff[Role.COMPLAINTS_MANAGER]
    service = "adult_social_care" if route is Route.ADULT_STATUTORY else "children_in_care"
    rep = make_case(session, council, f"WDR-{route.value}", service=service)
    cases.accept_route(session, rep, manager, route=route, signpost=None, team_id=None,
                       category_ids=[], reason="Checked at triage")
    public.withdraw(session, rep, now=_noon(PINNED_TODAY))
    stage1 = rep.stage(1)
    assert stage1 is not None
    assert rep.status is CaseStatus.WITHDRAWN
    assert (stage1.closed_on, stage1.outcome) == (PINNED_TODAY, Outcome.WITHDRAWN)
