"""Every allowed and every refused move of the procedure (cases/rules.py ALLOWED + transition)."""

from __future__ import annotations

import itertools

import pytest

from portal.common.dates import Nation
from portal.procedure.rules import (
    ALLOWED,
    InvalidTransition,
    Refusal,
    stages_of,
    transition,
)
from portal.vocab.cases import CaseStatus as S
from portal.vocab.cases import Procedure as P

# The table the law gives, written out by hand so a change to ALLOWED must be
# made twice, on purpose.
EXPECTED = {
    S.NEW: {S.STAGE1, S.SIGNPOSTED, S.DEFERRED, S.CLOSED, S.WITHDRAWN},
    S.STAGE1: {S.AWAITING_NEXT_STAGE, S.CLOSED, S.DEFERRED, S.WITHDRAWN},
    S.STAGE2: {S.AWAITING_NEXT_STAGE, S.CLOSED, S.DEFERRED, S.WITHDRAWN},
    S.STAGE3: {S.CLOSED, S.DEFERRED, S.WITHDRAWN},
    S.AWAITING_NEXT_STAGE: {S.STAGE2, S.STAGE3, S.CLOSED, S.WITHDRAWN},
    S.DEFERRED: {S.NEW, S.CLOSED, S.WITHDRAWN},
    S.SIGNPOSTED: set(),
    S.CLOSED: set(),
    S.WITHDRAWN: set(),
}

# The stage a case must have reached for each target to be the *next* stage.
_LAST_STAGE_FOR = {S.STAGE1: 0, S.STAGE2: 1, S.STAGE3: 2}

PAIRS = list(itertools.product(S, S))
ALLOWED_PAIRS = [(a, b) for a, b in PAIRS if b in EXPECTED[a]]
REFUSED_PAIRS = [(a, b) for a, b in PAIRS if b not in EXPECTED[a]]


def test_table_covers_every_status() -> None:
    assert set(ALLOWED) == set(S)
    assert {k: set(v) for k, v in ALLOWED.items()} == EXPECTED


@pytest.mark.parametrize(("current", "target"), ALLOWED_PAIRS,
                         ids=[f"{a}->{b}" for a, b in ALLOWED_PAIRS])
def test_allowed_move(current: S, target: S) -> None:
    # England children's statutory has all three stages, so every listed move is open,
    # except closing straight after a stage that is the last one only elsewhere:
    # stage 1 of adult social care (2009 Regulations), stage 2 of a corporate complaint.
    procedure = P.CHILDREN_STATUTORY
    if target is S.CLOSED and current is S.STAGE1:
        procedure = P.ADULT_STATUTORY
    elif target is S.CLOSED and current is S.STAGE2:
        procedure = P.CORPORATE
    last = _LAST_STAGE_FOR.get(target, 1)
    assert transition(current, target, procedure=procedure, nation=Nation.ENGLAND,
                      last_stage=last) is target


@pytest.mark.parametrize(("current", "target"), REFUSED_PAIRS,
                         ids=[f"{a}->{b}" for a, b in REFUSED_PAIRS])
def test_refused_move(current: S, target: S) -> None:
    with pytest.raises(InvalidTransition) as refused:
        transition(current, target, procedure=P.CHILDREN_STATUTORY, nation=Nation.ENGLAND,
                   last_stage=_LAST_STAGE_FOR.get(target, 1))
    assert refused.value.refusal is Refusal.NOT_ALLOWED


@pytest.mark.parametrize(
    ("procedure", "nation", "current", "target", "last", "refusal"),
    [
        # A compliment or a signposted matter has no stages at all.
        (None, Nation.ENGLAND, S.NEW, S.STAGE1, 0, Refusal.NOT_A_PROCEDURE),
        (P.INFORMAL, Nation.ENGLAND, S.NEW, S.STAGE1, 0, Refusal.NOT_A_PROCEDURE),
        (P.NOT_ACCEPTED, Nation.ENGLAND, S.NEW, S.STAGE1, 0, Refusal.NOT_A_PROCEDURE),
        # Adult social care in England has one local stage (2009 Regulations).
        (P.ADULT_STATUTORY, Nation.ENGLAND, S.AWAITING_NEXT_STAGE, S.STAGE2, 1,
         Refusal.NO_SUCH_STAGE),
        # Corporate complaints have two stages (LGSCO Code): no panel.
        (P.CORPORATE, Nation.ENGLAND, S.AWAITING_NEXT_STAGE, S.STAGE3, 2, Refusal.NO_SUCH_STAGE),
        # Wales has no review panel (2014 Regulations).
        (P.CHILDREN_STATUTORY, Nation.WALES, S.AWAITING_NEXT_STAGE, S.STAGE3, 2,
         Refusal.NO_SUCH_STAGE),
        # Stages are never skipped: stage 3 straight after stage 1 is refused.
        (P.CHILDREN_STATUTORY, Nation.ENGLAND, S.AWAITING_NEXT_STAGE, S.STAGE3, 1,
         Refusal.NOT_NEXT_STAGE),
        # ...nor repeated: a second stage 2.
        (P.CHILDREN_STATUTORY, Nation.ENGLAND, S.AWAITING_NEXT_STAGE, S.STAGE2, 2,
         Refusal.NOT_NEXT_STAGE),
        # Answered at stage 1 of 3: the complainant may still escalate, so no closing yet.
        (P.CHILDREN_STATUTORY, Nation.ENGLAND, S.STAGE1, S.CLOSED, 0, Refusal.NEXT_STAGE_OPEN),
        (P.CHILDREN_STATUTORY, Nation.ENGLAND, S.STAGE2, S.CLOSED, 1, Refusal.NEXT_STAGE_OPEN),
        (P.CORPORATE, Nation.ENGLAND, S.STAGE1, S.CLOSED, 0, Refusal.NEXT_STAGE_OPEN),
        # Answered at the last stage: nothing to wait for but the Ombudsman.
        (P.ADULT_STATUTORY, Nation.ENGLAND, S.STAGE1, S.AWAITING_NEXT_STAGE, 0,
         Refusal.NO_SUCH_STAGE),
        (P.CORPORATE, Nation.ENGLAND, S.STAGE2, S.AWAITING_NEXT_STAGE, 1, Refusal.NO_SUCH_STAGE),
        (P.CHILDREN_STATUTORY, Nation.WALES, S.STAGE2, S.AWAITING_NEXT_STAGE, 1,
         Refusal.NO_SUCH_STAGE),
        # A resubmitted deferred case back at triage cannot reopen stage 1 twice.
        (P.CHILDREN_STATUTORY, Nation.ENGLAND, S.NEW, S.STAGE1, 1, Refusal.NOT_NEXT_STAGE),
    ],
)
def test_procedure_limits_the_stages(procedure: P | None, nation: Nation, current: S, target: S,
                                     last: int, refusal: Refusal) -> None:
    with pytest.raises(InvalidTransition) as refused:
        transition(current, target, procedure=procedure, nation=nation, last_stage=last)
    assert refused.value.refusal is refusal


@pytest.mark.parametrize(
    ("procedure", "nation", "stages"),
    [
        (P.CHILDREN_STATUTORY, Nation.ENGLAND, 3),  # 2006 Regulations: three stages
        (P.CHILDREN_STATUTORY, Nation.WALES, 2),  # 2014 Regulations: no panel
        (P.CORPORATE, Nation.ENGLAND, 2),  # LGSCO Code
        (P.CORPORATE, Nation.WALES, 2),
        (P.ADULT_STATUTORY, Nation.ENGLAND, 1),  # 2009 Regulations
        (P.ADULT_STATUTORY, Nation.WALES, 2),  # Wales: social services, two stages
        (P.INFORMAL, Nation.ENGLAND, 0),
        (None, Nation.ENGLAND, 0),
    ],
)
def test_stages_of(procedure: P | None, nation: Nation, stages: int) -> None:
    assert stages_of(procedure, nation) == stages


@pytest.mark.parametrize(
    ("current", "target", "last", "refusal"),
    [
        # A councillor's enquiry has one stage, its reply...
        (S.NEW, S.STAGE1, 0, None),
        # ...answered, it closes...
        (S.STAGE1, S.CLOSED, 0, None),
        # ...and nothing comes after it.
        (S.STAGE1, S.AWAITING_NEXT_STAGE, 0, Refusal.NO_SUCH_STAGE),
        (S.AWAITING_NEXT_STAGE, S.STAGE2, 1, Refusal.NO_SUCH_STAGE),
    ],
)
def test_enquiry_has_one_stage(current: S, target: S, last: int,
                               refusal: Refusal | None) -> None:
    if refusal is None:
        assert transition(current, target, procedure=P.INFORMAL, nation=Nation.ENGLAND,
                          last_stage=last, enquiry=True) is target
        return
    with pytest.raises(InvalidTransition) as refused:
        transition(current, target, procedure=P.INFORMAL, nation=Nation.ENGLAND,
                   last_stage=last, enquiry=True)
    assert refused.value.refusal is refusal


def test_corporate_stage2_is_allowed_after_stage1() -> None:
    assert transition(S.AWAITING_NEXT_STAGE, S.STAGE2, procedure=P.CORPORATE,
                      nation=Nation.ENGLAND, last_stage=1) is S.STAGE2


def test_every_refusal_has_words_for_the_officer() -> None:
    """A refused move is shown as a sentence, never a code (issue 5: "refused with a clear
    message"); a new Refusal without its sentence fails here."""
    from portal.cases.services import _EXTENSION_REFUSALS, _REFUSALS
    from portal.procedure.rules import ExtensionRefusal

    assert set(_REFUSALS) == set(Refusal)
    assert set(_EXTENSION_REFUSALS) == set(ExtensionRefusal)
