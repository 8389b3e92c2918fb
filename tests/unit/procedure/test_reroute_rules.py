"""Re-routing, moving team and transferring in the one procedure (cases/procedure.py):
who may, and when.

A complaints manager changes a complaint's procedure at stage 1 before its response
(once a stage is answered the complainant's rights under its procedure stand); a
complaints manager or officer moves any open case to another team; a complaints manager
passes a complaint to the council responsible for the child before this council has
answered it.
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
A = Actor
AT_STAGE1 = CaseFacts(status=S.STAGE1, procedure=Procedure.CHILDREN_STATUTORY,
                      nation=Nation.ENGLAND, stage=1, stage_started=True, stages=3)
EVERY_STATUS = list(CaseStatus)
OPEN = {S.NEW, S.STAGE1, S.STAGE2, S.STAGE3, S.AWAITING_NEXT_STAGE, S.DEFERRED}


def test_the_three_steps_are_back_office_steps_with_rules() -> None:
    for step, slug in ((Step.REROUTE, "reroute"), (Step.CHANGE_TEAM, "change-team"),
                       (Step.TRANSFER, "transfer")):
        assert step.value == slug
        assert step in RULES


@pytest.mark.parametrize("procedure", [Procedure.CHILDREN_STATUTORY, Procedure.CORPORATE,
                                       Procedure.ADULT_STATUTORY])
@pytest.mark.parametrize("nation", [Nation.ENGLAND, Nation.WALES])
def test_a_manager_changes_the_procedure_at_stage_1(procedure: Procedure,
                                                    nation: Nation) -> None:
    facts = replace(AT_STAGE1, procedure=procedure, nation=nation)
    assert refusal(Step.REROUTE, facts, A.COMPLAINTS_MANAGER) is None
    assert Step.REROUTE in allowed_steps(facts, A.COMPLAINTS_MANAGER)


@pytest.mark.parametrize("actor", [a for a in Actor if a is not A.COMPLAINTS_MANAGER])
def test_only_a_complaints_manager_changes_the_procedure_or_transfers(actor: Actor) -> None:
    assert refusal(Step.REROUTE, AT_STAGE1, actor) is Refusal.NOT_YOUR_ROLE
    assert refusal(Step.TRANSFER, AT_STAGE1, actor) is Refusal.NOT_YOUR_ROLE
    assert not offered(Step.REROUTE, AT_STAGE1, actor)


@pytest.mark.parametrize("status", [s for s in EVERY_STATUS if s is not S.STAGE1])
def test_the_procedure_changes_only_during_stage_1(status: CaseStatus) -> None:
    """At triage the route is changed instead; at stage 2 or 3, or waiting for the
    complainant after a response, the procedure's rights stand; a finished case is
    finished."""
    facts = replace(AT_STAGE1, status=status)
    assert refusal(Step.REROUTE, facts, A.COMPLAINTS_MANAGER) is Refusal.NOT_NOW
    assert not offered(Step.REROUTE, facts, A.COMPLAINTS_MANAGER)


def test_a_case_reopened_after_its_stage_1_response_is_not_re_routed() -> None:
    reopened = replace(AT_STAGE1, stage_answered=True)
    assert refusal(Step.REROUTE, reopened, A.COMPLAINTS_MANAGER) is Refusal.FOLLOW_THROUGH_ONLY
    assert refusal(Step.TRANSFER, reopened, A.COMPLAINTS_MANAGER) is \
        Refusal.FOLLOW_THROUGH_ONLY


@pytest.mark.parametrize("procedure", [Procedure.INFORMAL, Procedure.NOT_ACCEPTED, None])
def test_only_a_complaint_under_a_procedure_changes_procedure(
        procedure: Procedure | None) -> None:
    facts = replace(AT_STAGE1, procedure=procedure)
    assert refusal(Step.REROUTE, facts, A.COMPLAINTS_MANAGER) is Refusal.DOES_NOT_APPLY


def test_an_enquiry_is_not_re_routed_or_transferred() -> None:
    enquiry = replace(AT_STAGE1, procedure=Procedure.INFORMAL, enquiry=True, complaint=False,
                      stages=1)
    assert refusal(Step.REROUTE, enquiry, A.COMPLAINTS_MANAGER) is Refusal.DOES_NOT_APPLY
    assert refusal(Step.TRANSFER, enquiry, A.COMPLAINTS_MANAGER) is Refusal.DOES_NOT_APPLY
    # ...but it can move team like any open case.
    assert refusal(Step.CHANGE_TEAM, enquiry, A.COMPLAINTS_OFFICER) is None


@pytest.mark.parametrize("status", EVERY_STATUS)
@pytest.mark.parametrize("actor", [A.COMPLAINTS_MANAGER, A.COMPLAINTS_OFFICER])
def test_any_open_case_moves_team(status: CaseStatus, actor: Actor) -> None:
    facts = replace(AT_STAGE1, status=status,
                    stage_answered=status is S.AWAITING_NEXT_STAGE)
    found = refusal(Step.CHANGE_TEAM, facts, actor)
    assert (found is None) is (status in OPEN), found
    if status not in OPEN:
        assert found is Refusal.NOT_NOW


@pytest.mark.parametrize("actor", [A.RESPONDING_MANAGER, A.CHILDRENS_RIGHTS_OFFICER,
                                   A.ADJUDICATING_OFFICER, A.ADMINISTRATOR, A.ADVOCATE,
                                   A.COMPLAINANT])
def test_only_the_complaints_team_moves_a_case(actor: Actor) -> None:
    assert refusal(Step.CHANGE_TEAM, AT_STAGE1, actor) is Refusal.NOT_YOUR_ROLE


@pytest.mark.parametrize(("status", "may"), [
    (S.NEW, True), (S.STAGE1, True), (S.DEFERRED, True),
    # Answered here: the next stage and the Ombudsman follow from this council's response.
    (S.AWAITING_NEXT_STAGE, False), (S.STAGE2, False), (S.STAGE3, False),
    (S.CLOSED, False), (S.WITHDRAWN, False), (S.SIGNPOSTED, False),
])
def test_a_complaint_is_transferred_before_this_council_answers_it(status: CaseStatus,
                                                                   may: bool) -> None:
    facts = replace(AT_STAGE1, status=status,
                    stage_answered=status is S.AWAITING_NEXT_STAGE)
    found = refusal(Step.TRANSFER, facts, A.COMPLAINTS_MANAGER)
    assert (found is None) is may, found
    if not may:
        assert found is Refusal.NOT_NOW


def test_a_compliment_is_not_transferred() -> None:
    compliment = replace(AT_STAGE1, status=S.NEW, complaint=False, compliment=True)
    assert refusal(Step.TRANSFER, compliment, A.COMPLAINTS_MANAGER) is Refusal.DOES_NOT_APPLY
