"""The one procedure (cases/procedure.py): which step is allowed when, and to whom.

The tracking page, the advocate's pages and the back office all ask these rules, so
these tests are the law as every page applies it.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from portal.common.dates import Nation
from portal.procedure.machine import (
    RULES,
    Actor,
    CaseFacts,
    Refusal,
    Step,
    allowed_steps,
    offered,
    refusal,
)
from portal.vocab.cases import CaseStatus, Procedure

S = CaseStatus
ENGLAND_CHILD = CaseFacts(status=S.STAGE1, procedure=Procedure.CHILDREN_STATUTORY,
                          nation=Nation.ENGLAND, stage=1, stage_started=True, stages=3)


def awaiting(procedure: Procedure, nation: Nation, answered: int, stages: int) -> CaseFacts:
    return CaseFacts(status=S.AWAITING_NEXT_STAGE, procedure=procedure, nation=nation,
                     stage=answered, stage_answered=True, stage_started=True, stages=stages)


@pytest.mark.parametrize(("procedure", "nation", "answered", "stages", "may"), [
    # Children's statutory, England: 3 stages; Wales: 2 (2014 Regulations, no panel).
    (Procedure.CHILDREN_STATUTORY, Nation.ENGLAND, 1, 3, True),
    (Procedure.CHILDREN_STATUTORY, Nation.ENGLAND, 2, 3, True),
    (Procedure.CHILDREN_STATUTORY, Nation.ENGLAND, 3, 3, False),
    (Procedure.CHILDREN_STATUTORY, Nation.WALES, 2, 2, False),
    # Corporate: 2. Adult social care: 1 in England, 2 in Wales (the 2014 Regulations
    # cover adults too): the tracking page and the back office now agree.
    (Procedure.CORPORATE, Nation.ENGLAND, 1, 2, True),
    (Procedure.ADULT_STATUTORY, Nation.ENGLAND, 1, 1, False),
    (Procedure.ADULT_STATUTORY, Nation.WALES, 1, 2, True),
])
def test_the_complainant_and_the_officer_agree_on_the_next_stage(
        procedure: Procedure, nation: Nation, answered: int, stages: int, may: bool) -> None:
    facts = awaiting(procedure, nation, answered, stages)
    for step, actor in ((Step.TAKE_FURTHER, Actor.COMPLAINANT),
                        (Step.TAKE_FURTHER, Actor.ADVOCATE),
                        (Step.NEXT_STAGE, Actor.COMPLAINTS_OFFICER)):
        assert (refusal(step, facts, actor) is None) is may, (step, actor)


@pytest.mark.parametrize("status", [S.NEW, S.STAGE1, S.STAGE2, S.CLOSED, S.WITHDRAWN])
def test_the_next_stage_is_asked_for_only_after_a_response(status: CaseStatus) -> None:
    facts = replace(ENGLAND_CHILD, status=status)
    assert refusal(Step.TAKE_FURTHER, facts, Actor.COMPLAINANT) is not None


@pytest.mark.parametrize(("status", "complaint", "may"), [
    (S.NEW, True, True), (S.STAGE2, True, True), (S.DEFERRED, True, True),
    (S.AWAITING_NEXT_STAGE, True, True),
    (S.CLOSED, True, False), (S.WITHDRAWN, True, False), (S.SIGNPOSTED, True, False),
    # Thanks and ideas are not stopped: they have no procedure.
    (S.NEW, False, False),
])
def test_the_complainant_may_stop_an_open_complaint(status: CaseStatus, complaint: bool,
                                                     may: bool) -> None:
    facts = replace(ENGLAND_CHILD, status=status, complaint=complaint)
    assert (refusal(Step.STOP, facts, Actor.COMPLAINANT) is None) is may


def test_a_complaint_reopened_to_follow_through_cannot_be_stopped_or_taken_further() -> None:
    reopened = replace(ENGLAND_CHILD, status=S.STAGE3, stage=3, stage_answered=True)
    assert refusal(Step.STOP, reopened, Actor.COMPLAINANT) is Refusal.FOLLOW_THROUGH_ONLY
    assert refusal(Step.OUTCOME, reopened, Actor.COMPLAINTS_MANAGER) is \
        Refusal.FOLLOW_THROUGH_ONLY
    assert refusal(Step.REMEDY, reopened, Actor.COMPLAINTS_MANAGER) is None


STAGE2 = CaseFacts(status=S.STAGE2, procedure=Procedure.CHILDREN_STATUTORY,
                   nation=Nation.ENGLAND, stage=2, stages=3)


def test_a_stage2_outcome_needs_the_investigation_appointed_and_started() -> None:
    """2006 Regulations reg. 17: an investigating officer and an independent person."""
    assert refusal(Step.OUTCOME, STAGE2, Actor.COMPLAINTS_MANAGER) is \
        Refusal.INVESTIGATION_NOT_APPOINTED
    appointed = replace(STAGE2, investigation_appointed=True)
    assert refusal(Step.OUTCOME, appointed, Actor.COMPLAINTS_MANAGER) is \
        Refusal.INVESTIGATION_NOT_STARTED
    started = replace(appointed, stage_started=True)
    assert refusal(Step.OUTCOME, started, Actor.COMPLAINTS_MANAGER) is None
    assert refusal(Step.OUTCOME, started, Actor.ADJUDICATING_OFFICER) is None
    # Offered while not ready, so the form can say what is missing.
    assert offered(Step.OUTCOME, STAGE2, Actor.COMPLAINTS_MANAGER)


def test_a_corporate_stage2_has_no_independent_investigation() -> None:
    corporate = replace(STAGE2, procedure=Procedure.CORPORATE, stages=2,
                        stage2_acknowledgement=True)
    assert refusal(Step.STAGE2_PEOPLE, corporate, Actor.COMPLAINTS_MANAGER) is \
        Refusal.DOES_NOT_APPLY
    assert not offered(Step.STAGE2_PEOPLE, corporate, Actor.COMPLAINTS_MANAGER)
    assert refusal(Step.OUTCOME, corporate, Actor.COMPLAINTS_MANAGER) is \
        Refusal.STAGE2_NOT_ACKNOWLEDGED
    acknowledged = replace(corporate, stage2_acknowledged=True, stage_started=True)
    assert refusal(Step.OUTCOME, acknowledged, Actor.COMPLAINTS_MANAGER) is None
    assert refusal(Step.STAGE2_CLOCK, corporate, Actor.COMPLAINTS_MANAGER) is \
        Refusal.DOES_NOT_APPLY


def test_wales_investigates_stage2_independently_for_adults_too() -> None:
    wales_adult = replace(STAGE2, procedure=Procedure.ADULT_STATUTORY, nation=Nation.WALES,
                          stages=2, stage_started=True)
    assert offered(Step.STAGE2_PEOPLE, wales_adult, Actor.COMPLAINTS_OFFICER)
    assert refusal(Step.OUTCOME, wales_adult, Actor.COMPLAINTS_OFFICER) is \
        Refusal.INVESTIGATION_NOT_APPOINTED


STAGE3 = CaseFacts(status=S.STAGE3, procedure=Procedure.CHILDREN_STATUTORY,
                   nation=Nation.ENGLAND, stage=3, stages=3, stage_started=True)


def test_the_councils_response_to_a_panel_needs_the_panel_and_its_report() -> None:
    """2006 Regulations regs. 19-21."""
    assert refusal(Step.OUTCOME, STAGE3, Actor.COMPLAINTS_MANAGER) is \
        Refusal.PANEL_NOT_APPOINTED
    panel = replace(STAGE3, panel_appointed=True)
    assert refusal(Step.OUTCOME, panel, Actor.COMPLAINTS_MANAGER) is Refusal.PANEL_NOT_DATED
    assert refusal(Step.PANEL_REPORT, panel, Actor.COMPLAINTS_MANAGER) is \
        Refusal.PANEL_NOT_DATED
    dated = replace(panel, panel_dated=True)
    assert refusal(Step.OUTCOME, dated, Actor.COMPLAINTS_MANAGER) is Refusal.PANEL_NOT_REPORTED
    assert refusal(Step.OUTCOME, replace(dated, panel_reported=True),
                   Actor.COMPLAINTS_MANAGER) is None


def test_answering_roles_answer_their_own_stage_only() -> None:
    stage1 = ENGLAND_CHILD
    assert refusal(Step.OUTCOME, stage1, Actor.RESPONDING_MANAGER) is None
    assert refusal(Step.OUTCOME, stage1, Actor.ADJUDICATING_OFFICER) is Refusal.NOT_YOUR_STAGE
    ready2 = replace(STAGE2, investigation_appointed=True, stage_started=True)
    assert refusal(Step.OUTCOME, ready2, Actor.RESPONDING_MANAGER) is Refusal.NOT_YOUR_STAGE


@pytest.mark.parametrize("actor", [Actor.INDEPENDENT_PERSON, Actor.PANEL_MEMBER,
                                   Actor.ADMINISTRATOR, Actor.ADVOCATE, Actor.COMPLAINANT])
def test_people_outside_the_procedure_take_no_back_office_step(actor: Actor) -> None:
    for facts in (ENGLAND_CHILD, STAGE2, STAGE3, replace(ENGLAND_CHILD, status=S.NEW)):
        assert [s for s in allowed_steps(facts, actor)
                if s not in (Step.TAKE_FURTHER, Step.STOP)] == []


def test_a_running_stage_ends_with_its_response_not_by_closing() -> None:
    assert refusal(Step.CLOSE, ENGLAND_CHILD, Actor.COMPLAINTS_MANAGER) is \
        Refusal.STAGE_RUNNING
    waiting = awaiting(Procedure.CHILDREN_STATUTORY, Nation.ENGLAND, 1, 3)
    assert refusal(Step.CLOSE, waiting, Actor.COMPLAINTS_MANAGER) is None


def test_nothing_changes_a_finished_case_but_messages_compliments_and_learning() -> None:
    for status in (S.WITHDRAWN, S.SIGNPOSTED):
        facts = replace(ENGLAND_CHILD, status=status, stage_answered=True)
        assert allowed_steps(facts, Actor.COMPLAINTS_MANAGER) == [Step.MESSAGE]


def test_every_step_has_a_rule_and_every_back_office_slug_is_a_step() -> None:
    from portal.web.cases.views import ACTIONS

    assert set(RULES) == set(Step)
    assert {Step(slug) for slug in ACTIONS} == set(Step) - {Step.TAKE_FURTHER, Step.STOP}
