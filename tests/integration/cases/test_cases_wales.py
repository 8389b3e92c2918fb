"""A Welsh council's complaint: the 2014 Regulations' clocks, two stages, no panel, and the
Public Services Ombudsman for Wales in the letters (services called directly: the pages
serve the portal's one council, the English demo council in these tests)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from portal.cases import services
from portal.councils.services import load_council
from portal.models.councils import Council
from portal.models.staff import Role
from portal.vocab.cases import CaseStatus, Outcome
from tests.factories import make_case, make_user

TODAY = date(2026, 11, 20)


@pytest.fixture
def wales(session: Session, council: Council) -> Council:
    return load_council(session, {
        "slug": "afon", "name": "Cyngor Afon", "nation": "wales",
        "settings": {"contacts": {"duty_line": "0300 000 0000"}, "routing": {"profile": "wales"}},
        "teams": [{"name": "Plant", "social_care": True}], "categories": [],
    })


def test_welsh_complaint_runs_two_stages_on_the_2014_clocks(session: Session,
                                                             wales: Council) -> None:
    officer, _ = make_user(session, wales, Role.COMPLAINTS_MANAGER)
    rep = make_case(session, wales, "AFON-2026-000001", language="cy")
    # Acknowledge within 2 working days of Friday 6 March 2026 (reg. 15(2)).
    assert rep.acknowledge_by == date(2026, 3, 10)
    services.accept_route(session, rep, officer, route=rep.route, signpost=None,  # type: ignore[arg-type]
                          team_id=None, category_ids=[], reason="")
    stage1 = rep.stage(1)
    assert stage1 is not None
    assert stage1.due_on == date(2026, 3, 20)  # from receipt until acknowledged
    # Acknowledged Tuesday 10 March: local resolution within 10 working days of it (reg. 16).
    services.acknowledge(session, rep, officer, on=date(2026, 3, 10), send=True, today=TODAY)
    assert stage1.due_on == date(2026, 3, 24)
    services.record_outcome(session, rep, officer, outcome=Outcome.NOT_UPHELD,
                            responded_on=date(2026, 3, 24), summary="Dim bai.", today=TODAY)
    assert rep.status is CaseStatus.AWAITING_NEXT_STAGE
    letter = rep.messages[-1]
    assert "www.ombudsman.wales" in letter.body

    # Stage 2: 25 working days from the request itself (reg. 18(1)), no extension figure.
    stage2 = services.request_next_stage(session, rep, officer, requested_on=date(2026, 3, 30),
                                         late_reason=None, today=TODAY)
    assert (stage2.started_on, stage2.due_on, stage2.due_latest_on) == (
        date(2026, 3, 30), date(2026, 5, 7), None)
    with pytest.raises(services.CaseError, match="cannot be extended"):
        services.extend(session, rep, officer, new_due_on=date(2026, 5, 14), reason="Leave",
                        message=None, today=TODAY)
    # Wales' stage 2 is an independent investigation (2014 Regulations reg. 17): no
    # response before it is appointed.
    with pytest.raises(services.CaseError, match="Appoint the stage 2 investigation"):
        services.record_outcome(session, rep, officer, outcome=Outcome.UPHELD,
                                responded_on=date(2026, 5, 6), summary="Cytuno.", today=TODAY)
    people = {role: make_user(session, wales, role)[0] for role in (
        Role.INVESTIGATING_OFFICER, Role.INDEPENDENT_PERSON, Role.ADJUDICATING_OFFICER)}
    services.appoint_stage2(session, rep, officer,
                            investigating_officer_id=people[Role.INVESTIGATING_OFFICER].id,
                            independent_person_id=people[Role.INDEPENDENT_PERSON].id,
                            adjudicating_officer_id=people[Role.ADJUDICATING_OFFICER].id,
                            declaration=True, declaration_text="Nid wyf yn swyddog.")
    services.record_outcome(session, rep, officer, outcome=Outcome.UPHELD,
                            responded_on=date(2026, 5, 6), summary="Cytuno.", today=TODAY)
    # No review panel in Wales: the answer at stage 2 closes the case.
    assert rep.status is CaseStatus.CLOSED
    assert "www.ombudsman.wales" in rep.messages[-1].body


def test_a_late_request_needs_a_reason_never_a_refusal(session: Session, council: Council) -> None:
    officer, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    rep = make_case(session, council, "CMP-L-000001")
    services.accept_route(session, rep, officer, route=rep.route, signpost=None,  # type: ignore[arg-type]
                          team_id=None, category_ids=[], reason="")
    services.record_outcome(session, rep, officer, outcome=Outcome.NOT_UPHELD,
                            responded_on=date(2026, 3, 20), summary="No fault.", today=TODAY)
    # 20 working days from Friday 20 March 2026 end on Tuesday 21 April (over Easter).
    with pytest.raises(services.CaseError, match="21 April 2026"):
        services.request_next_stage(session, rep, officer, requested_on=date(2026, 4, 22),
                                    late_reason="", today=TODAY)
    stage2 = services.request_next_stage(session, rep, officer, requested_on=date(2026, 4, 22),
                                         late_reason="In hospital until 20 April.", today=TODAY)
    assert stage2.number == 2
    assert rep.status is CaseStatus.STAGE2
