"""The advocacy lifecycle on both databases: offer, answer, referral, assignment with the
conflict rule, objection and reassignment, first contact, closure, each on the timeline."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.advocacy import queries, services
from portal.complaints import for_advocates
from portal.models.advocacy import AdvocacyCase, AdvocacyProvider
from portal.models.cases import CaseCheck, CaseEvent, Stage
from portal.models.councils import Council
from portal.models.staff import CaseAssignment, Role, User
from portal.procedure.advocacy import ChainRole, Refusal
from portal.vocab.advocacy import AdvocacyStatus, Answer, OfferHow
from portal.vocab.cases import (
    Advocacy,
    CaseStatus,
    Check,
    MessageAuthor,
    Procedure,
)
from tests.support.advocacy import (
    make_account,
    make_advocate,
    make_provider,
    make_representation,
    offered,
)
from tests.support.rows import events


@pytest.fixture
def coordinator(session: Session, council: Council) -> User:
    return make_account(session, council, Role.ADVOCACY_COORDINATOR, "Casey Coordinator")


@pytest.fixture
def provider(session: Session, council: Council) -> AdvocacyProvider:
    return make_provider(session, council)


# --- offer and answer ---------------------------------------------------------------------


def test_a_child_who_asked_is_offered_and_accepted_from_the_day_received(
        session: Session, council: Council) -> None:
    rep = make_representation(session, council, advocacy=Advocacy.REQUESTED)
    case = offered(session, rep)
    assert case.status is AdvocacyStatus.ACCEPTED
    assert case.requested_on == rep.received_on
    assert events(session, rep) == [services.EVENT_OFFERED, services.EVENT_ANSWERED]
    # Idempotent: intake and triage may both call it.
    assert services.ensure_offered(session, rep, OfferHow.AUTOMATIC) is case
    assert events(session, rep) == [services.EVENT_OFFERED, services.EVENT_ANSWERED]


def test_a_child_who_did_not_ask_is_offered_and_the_clock_waits_for_their_answer(
        session: Session, council: Council, coordinator: User) -> None:
    rep = make_representation(session, council, advocacy=Advocacy.OFFER)
    case = offered(session, rep)
    assert case.status is AdvocacyStatus.OFFERED
    assert case.requested_on is None
    services.record_answer(session, case, Answer.ACCEPTED, on=date(2026, 3, 5),
                           actor=coordinator)
    assert case.requested_on == date(2026, 3, 5)


@pytest.mark.parametrize(
    "on",
    [
        # before the complaint was received (2 March): the clock cannot start earlier
        date(2026, 3, 1),
        # in the future: an answer not yet given
        date(2026, 3, 10),
    ],
)
def test_the_childs_answer_cannot_be_dated_outside_the_case(
        session: Session, council: Council, coordinator: User, on: date) -> None:
    rep = make_representation(session, council, advocacy=Advocacy.OFFER)
    case = offered(session, rep)
    with pytest.raises(services.AdvocacyError):
        services.record_answer(session, case, Answer.ACCEPTED, on=on, actor=coordinator,
                               today=date(2026, 3, 9))
    assert case.status is AdvocacyStatus.OFFERED


def test_advocacy_offered_again_after_closure_is_timed_afresh(
        session: Session, council: Council, coordinator: User, provider: AdvocacyProvider
) -> None:
    rep = make_representation(session, council)
    first = make_advocate(session, council, provider)
    second = make_advocate(session, council, provider)
    case = offered(session, rep)
    services.assign(session, case, first.id, on=date(2026, 3, 3), actor=coordinator)
    services.record_objection(session, case, on=date(2026, 3, 4), actor=coordinator)
    services.close(session, case, on=date(2026, 4, 1), actor=coordinator)
    # Stage 2: offered again; the child says yes on 4 May and is assigned on 6 May.
    services.record_offer(session, rep, OfferHow.LETTER, actor=coordinator)
    assert (case.requested_on, case.assigned_on, case.provider_id) == (None, None, None)
    services.record_answer(session, case, Answer.ACCEPTED, on=date(2026, 5, 4),
                           actor=coordinator)
    # The child's objection to the first advocate still stands.
    with pytest.raises(services.AdvocateRefused):
        services.assign(session, case, first.id, on=date(2026, 5, 6), actor=coordinator)
    services.assign(session, case, second.id, on=date(2026, 5, 6), actor=coordinator)
    assert (case.requested_on, case.assigned_on) == (date(2026, 5, 4), date(2026, 5, 6))


@pytest.mark.parametrize("advocacy", [Advocacy.HAS_ADVOCATE, Advocacy.NOT_APPLICABLE])
def test_no_automatic_offer_when_routing_says_it_does_not_apply(
        session: Session, council: Council, advocacy: Advocacy) -> None:
    rep = make_representation(session, council, advocacy=advocacy)
    assert services.ensure_offered(session, rep, OfferHow.AUTOMATIC) is None
    assert events(session, rep) == []


def test_staff_record_an_offer_with_how_and_a_child_may_change_their_mind(
        session: Session, council: Council, coordinator: User) -> None:
    rep = make_representation(session, council, advocacy=Advocacy.NOT_APPLICABLE)
    case = services.record_offer(session, rep, OfferHow.TELEPHONE, actor=coordinator)
    assert case.offered_how == "telephone"
    services.record_answer(session, case, Answer.DECLINED, on=date(2026, 3, 3),
                           actor=coordinator)
    assert case.status is AdvocacyStatus.DECLINED
    services.record_offer(session, rep, OfferHow.IN_PERSON, actor=coordinator)
    services.record_answer(session, case, Answer.ACCEPTED, on=date(2026, 3, 9),
                           actor=coordinator)
    assert case.requested_on == date(2026, 3, 9)
    offered = session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type == services.EVENT_OFFERED)).all()
    assert [e.data["how"] for e in offered] == ["telephone", "in_person"]
    assert all(e.actor_user_id == coordinator.id for e in offered)


# --- referral, assignment and the conflict rule -----------------------------------------------


def test_refer_then_assign_the_advocate_who_speaks_the_childs_language(
        session: Session, council: Council, coordinator: User, provider: AdvocacyProvider
) -> None:
    rep = make_representation(session, council, language="pl")
    english = make_advocate(session, council, provider, "Ann English", ("en",), capacity=9)
    polish = make_advocate(session, council, provider, "Bo Polish", ("en", "pl"))
    case = offered(session, rep)
    services.refer(session, case, provider, on=date(2026, 3, 2), actor=coordinator)

    suggestions = services.suggestions(session, case)
    assert [m.advocate.user_id for m in suggestions] == [polish.id, english.id]
    assert suggestions[0].languages_matched == ("pl",)

    services.assign(session, case, polish.id, on=date(2026, 3, 3), actor=coordinator)
    assert case.status is AdvocacyStatus.ASSIGNED
    assert case.assigned_on == date(2026, 3, 3)
    assert case.notes["languages_matched"] == ["pl"]
    assert rep.advocate_supported is True
    assigned = session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id,
        CaseEvent.type == services.EVENT_ASSIGNED)).one()
    assert assigned.data["languages_matched"] == ["pl"]
    assert events(session, rep) == [services.EVENT_OFFERED, services.EVENT_ANSWERED,
                                    services.EVENT_REFERRED, services.EVENT_ASSIGNED]


def test_a_child_who_asked_for_an_interpreter_is_matched_in_that_language(
        session: Session, council: Council, coordinator: User, provider: AdvocacyProvider
) -> None:
    rep = make_representation(session, council, language="en")
    rep.people[0].needs = ["easy_read", "interpreter:Polish"]
    english = make_advocate(session, council, provider, "Ann English", ("en",), capacity=9)
    polish = make_advocate(session, council, provider, "Bo Polish", ("en", "pl"))
    case = offered(session, rep)
    assert services.child_languages(rep) == ["pl", "en"]
    ranked = [m.advocate.user_id for m in services.suggestions(session, case)
              if m.advocate.user_id in (english.id, polish.id)]
    assert ranked == [polish.id, english.id]


@pytest.mark.parametrize(
    "role",
    [
        # the person complained about
        ChainRole.SUBJECT,
        # their manager
        ChainRole.SUBJECT_MANAGER,
        # the manager of the service complained about
        ChainRole.SERVICE_MANAGER,
    ],
)
def test_assign_refuses_recorded_chain_members_by_account_and_by_name(
        session: Session, council: Council, coordinator: User, provider: AdvocacyProvider,
        role: ChainRole) -> None:
    rep = make_representation(session, council)
    by_account = make_advocate(session, council, provider, "Robin Account")
    by_name = make_advocate(session, council, provider, "Kim Named")
    services.record_chain_member(session, rep, role, actor=coordinator, user_id=by_account.id)
    services.record_chain_member(session, rep, role, actor=coordinator, name="kim  named")
    case = offered(session, rep)
    for advocate in (by_account, by_name):
        with pytest.raises(services.AdvocateRefused) as refused:
            services.assign(session, case, advocate.id, on=date(2026, 3, 3), actor=coordinator)
        assert refused.value.refusal is Refusal(role.value)
    assert case.status is AdvocacyStatus.ACCEPTED
    assert case.advocate_user_id is None


@pytest.mark.parametrize("how", ["assignment", "ended_assignment", "stage", "check", "acted"])
def test_assign_refuses_anyone_handling_the_complaint(
        app: Flask, session: Session, council: Council, coordinator: User,
        provider: AdvocacyProvider, how: str) -> None:
    rep = make_representation(session, council)
    # The same person holds an advocate's account and has handled the case as staff:
    # their staff account is matched to the advocate's by name.
    handler = make_account(session, council, Role.INVESTIGATING_OFFICER, "Ali Both")
    advocate = make_advocate(session, council, provider, "Ali Both")
    if how in ("assignment", "ended_assignment"):
        from portal.db.types import utcnow
        session.add(CaseAssignment(representation_id=rep.id, user_id=handler.id,
                                   role=Role.INVESTIGATING_OFFICER,
                                   ended_at=utcnow() if how == "ended_assignment" else None))
    elif how == "stage":
        session.add(Stage(representation_id=rep.id, number=1, assigned_to_id=handler.id))
    elif how == "check":
        session.add(CaseCheck(representation_id=rep.id, check=Check.CHILD_AGREEMENT,
                              decided_by_id=handler.id))
    else:
        # They sent the child a letter: they are handling the complaint.
        session.add(CaseEvent(representation_id=rep.id, actor="staff",
                              actor_user_id=handler.id, type="letter_sent", data={}))
    session.flush()
    case = offered(session, rep)
    with pytest.raises(services.AdvocateRefused) as refused:
        services.assign(session, case, advocate.id, on=date(2026, 3, 3), actor=coordinator)
    assert refused.value.refusal is Refusal.HANDLER
    with app.test_request_context():
        assert "handling the complaint" in str(refused.value)


def test_arranging_advocacy_is_not_handling_the_complaint(
        session: Session, council: Council, provider: AdvocacyProvider) -> None:
    # The officer who offered and referred (advocacy steps) is not barred by them; here the
    # same person also holds an advocate's account, matched by name.
    officer = make_account(session, council, Role.CHILDRENS_RIGHTS_OFFICER, "Dana Both")
    advocate = make_advocate(session, council, provider, "Dana Both")
    rep = make_representation(session, council)
    case = offered(session, rep)
    services.refer(session, case, provider, on=date(2026, 3, 2), actor=officer)
    services.assign(session, case, advocate.id, on=date(2026, 3, 3), actor=officer)
    assert case.advocate_user_id == advocate.id


def test_assign_refuses_a_staff_account_and_a_full_caseload(
        session: Session, council: Council, coordinator: User, provider: AdvocacyProvider
) -> None:
    rep = make_representation(session, council)
    case = offered(session, rep)
    officer = make_account(session, council, Role.COMPLAINTS_OFFICER)
    with pytest.raises(services.AdvocateRefused) as refused:
        services.assign(session, case, officer.id, on=date(2026, 3, 3), actor=coordinator)
    assert refused.value.refusal is Refusal.NOT_AN_ADVOCATE

    full = make_advocate(session, council, provider, capacity=1)
    other = make_representation(session, council)
    other_case = offered(session, other)
    services.assign(session, other_case, full.id, on=date(2026, 3, 3), actor=coordinator)
    with pytest.raises(services.AdvocateRefused) as refused:
        services.assign(session, case, full.id, on=date(2026, 3, 3), actor=coordinator)
    assert refused.value.refusal is Refusal.NO_CAPACITY


def test_assign_keeps_to_the_provider_referred_to(
        session: Session, council: Council, coordinator: User, provider: AdvocacyProvider
) -> None:
    other_provider = make_provider(session, council, "In-house advocacy")
    elsewhere = make_advocate(session, council, other_provider)
    rep = make_representation(session, council)
    case = offered(session, rep)
    services.refer(session, case, provider, on=date(2026, 3, 2), actor=coordinator)
    with pytest.raises(services.AdvocateRefused) as refused:
        services.assign(session, case, elsewhere.id, on=date(2026, 3, 3), actor=coordinator)
    assert refused.value.refusal is Refusal.OTHER_PROVIDER


def test_no_advocate_before_the_child_says_yes(
        session: Session, council: Council, coordinator: User, provider: AdvocacyProvider
) -> None:
    rep = make_representation(session, council, advocacy=Advocacy.OFFER)
    advocate = make_advocate(session, council, provider)
    case = offered(session, rep)
    with pytest.raises(services.AdvocacyError):
        services.assign(session, case, advocate.id, on=date(2026, 3, 3), actor=coordinator)


# --- objection, reassignment, first contact, closure -------------------------------------------


def test_objection_removes_access_and_the_advocate_is_not_suggested_again(
        session: Session, council: Council, coordinator: User, provider: AdvocacyProvider
) -> None:
    rep = make_representation(session, council)
    first = make_advocate(session, council, provider, "First Advocate")
    second = make_advocate(session, council, provider, "Second Advocate")
    case = offered(session, rep)
    services.assign(session, case, first.id, on=date(2026, 3, 3), actor=coordinator)
    assert queries.advocate_may_see(session, first.id, rep.id)

    services.record_objection(session, case, on=date(2026, 3, 4), actor=coordinator,
                              reason="Prefers someone else")
    assert case.status is AdvocacyStatus.REFERRED
    assert not queries.advocate_may_see(session, first.id, rep.id)
    by_id = {m.advocate.user_id: m for m in services.suggestions(session, case)}
    assert by_id[first.id].refusal is Refusal.OBJECTED
    with pytest.raises(services.AdvocateRefused):
        services.assign(session, case, first.id, on=date(2026, 3, 5), actor=coordinator)

    services.assign(session, case, second.id, on=date(2026, 3, 5), actor=coordinator)
    # The time to assign ends at the first assignment; the reassignment is on the timeline.
    assert case.assigned_on == date(2026, 3, 3)
    assert events(session, rep)[-2:] == [services.EVENT_OBJECTION, services.EVENT_REASSIGNED]


def test_first_contact_and_closure_end_the_advocates_access(
        session: Session, council: Council, coordinator: User, provider: AdvocacyProvider
) -> None:
    rep = make_representation(session, council)
    advocate = make_advocate(session, council, provider)
    case = offered(session, rep)
    services.assign(session, case, advocate.id, on=date(2026, 3, 3), actor=coordinator)
    with pytest.raises(services.AdvocacyError):
        services.record_first_contact(session, case, on=date(2026, 3, 2), actor=advocate)
    services.record_first_contact(session, case, on=date(2026, 3, 4), actor=advocate)
    assert case.status is AdvocacyStatus.IN_CONTACT
    assert queries.representations_for_advocate(session, advocate.id) == [rep]
    services.close(session, case, on=date(2026, 4, 1), actor=coordinator, reason="Resolved")
    assert queries.representations_for_advocate(session, advocate.id) == []
    contact = session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id,
        CaseEvent.type == services.EVENT_FIRST_CONTACT)).one()
    assert contact.actor == "advocate"


def test_advocate_message_and_next_stage_need_the_child_to_be_theirs(
        session: Session, council: Council, coordinator: User, provider: AdvocacyProvider
) -> None:
    rep = make_representation(session, council)
    mine = make_advocate(session, council, provider)
    stranger = make_advocate(session, council, provider)
    case = offered(session, rep)
    services.assign(session, case, mine.id, on=date(2026, 3, 3), actor=coordinator)
    message = services.send_advocate_message(session, rep, mine, "  Hello Jamie  ")
    assert message.author is MessageAuthor.ADVOCATE
    assert message.body == "Hello Jamie"
    with pytest.raises(PermissionError):
        services.send_advocate_message(session, rep, stranger, "Hello")
    now = datetime(2026, 3, 9, 12, tzinfo=UTC)
    with pytest.raises(PermissionError):
        for_advocates.request_next_stage(session, rep, stranger, now=now, reason="x")
    # Stage 1 is still running: there is no next stage to ask for yet.
    with pytest.raises(services.AdvocacyError):
        for_advocates.request_next_stage(session, rep, mine, now=now, reason="Not happy")
    rep.status = CaseStatus.AWAITING_NEXT_STAGE
    rep.procedure = Procedure.CHILDREN_STATUTORY
    rep.stages.append(Stage(number=1, started_on=rep.received_on, closed_on=date(2026, 3, 6)))
    session.flush()
    event = for_advocates.request_next_stage(session, rep, mine, now=now,
                                        reason="Jamie is not happy with the answer")
    assert event.data == {"stage": 2, "on": "2026-03-09"}
    assert rep.status is CaseStatus.STAGE2
    with pytest.raises(services.AdvocacyError):
        services.send_advocate_message(session, rep, mine, "   ")


def test_the_timeline_is_append_only(session: Session, council: Council) -> None:
    rep = make_representation(session, council)
    services.ensure_offered(session, rep, OfferHow.AUTOMATIC)
    event = session.scalars(select(CaseEvent).where(CaseEvent.representation_id == rep.id)
                            ).first()
    assert event is not None
    event.type = "tampered"
    with pytest.raises(PermissionError):
        session.flush()
    session.rollback()


def test_the_advocacy_record_is_unique_per_representation(session: Session, council: Council
                                                          ) -> None:
    rep = make_representation(session, council)
    services.ensure_offered(session, rep, OfferHow.AUTOMATIC)
    assert len(session.scalars(select(AdvocacyCase).where(
        AdvocacyCase.representation_id == rep.id)).all()) == 1
