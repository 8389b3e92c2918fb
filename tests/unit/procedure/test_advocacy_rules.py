"""Advocacy rules: the conflict rule, matching, time to assign and the lifecycle."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.common.dates import Nation, calendar_for
from portal.procedure.advocacy import (
    ALLOWED,
    Advocate,
    ChainMember,
    ChainRole,
    InvalidTransition,
    Refusal,
    Timeliness,
    assign_due_on,
    conflict,
    rank,
    refusal_for,
    timeliness,
    transition,
    working_days_to_assign,
)
from portal.vocab.advocacy import AdvocacyStatus

ENGLAND = calendar_for(Nation.ENGLAND)


def advocate(user_id: int = 1, name: str = "Sam Advocate", email: str = "sam@advocacy.example",
             **kwargs: object) -> Advocate:
    values: dict[str, object] = {"provider_id": 1, "languages": frozenset({"en"}),
                                 "capacity": 5, "caseload": 0}
    values.update(kwargs)
    return Advocate(user_id=user_id, name=name, email=email, **values)  # type: ignore[arg-type]


# --- the conflict rule ----------------------------------------------------------------

CHAIN = (
    ChainMember(ChainRole.SUBJECT, user_id=10, name="Pat Worker"),
    ChainMember(ChainRole.SUBJECT_MANAGER, name="Lee Manager", email="lee@council.example"),
    ChainMember(ChainRole.SERVICE_MANAGER, name="Dr. Morgan Head"),
    ChainMember(ChainRole.HANDLER, user_id=30, name="Ali Officer"),
)


@pytest.mark.parametrize(
    ("user_id", "name", "email", "expected"),
    [
        # the person complained about, known by account
        (10, "Someone Else", "x@example.org", Refusal.SUBJECT),
        # the person complained about, known only by name: same person, other spacing and case
        (99, "  pat   WORKER ", "x@example.org", Refusal.SUBJECT),
        # their manager, known only by e-mail: e-mail compares without case
        (99, "Lee M", "LEE@Council.Example", Refusal.SUBJECT_MANAGER),
        # their manager, by name
        (99, "Lee Manager", "other@example.org", Refusal.SUBJECT_MANAGER),
        # the manager of the service, by name with a full stop dropped
        (99, "Dr Morgan Head", "m@example.org", Refusal.SERVICE_MANAGER),
        # anyone handling the complaint (an officer or investigator with an account)
        (30, "Ali Officer", "ali@council.example", Refusal.HANDLER),
        # an unrelated advocate is not refused
        (99, "Sam Advocate", "sam@advocacy.example", None),
        # a partial name is not the same person: no false refusal
        (99, "Pat", "pat@advocacy.example", None),
    ],
)
def test_conflict_rule_refuses_each_person_in_the_chain(
    user_id: int, name: str, email: str, expected: Refusal | None
) -> None:
    assert conflict(user_id=user_id, name=name, email=email, chain=CHAIN) is expected


def test_conflict_names_the_closest_legal_reason_when_someone_holds_two_roles() -> None:
    # The worker complained about also manages the service: the refusal says "subject".
    chain = (ChainMember(ChainRole.SERVICE_MANAGER, user_id=5),
             ChainMember(ChainRole.SUBJECT, user_id=5))
    assert conflict(user_id=5, name="x", email="x@x", chain=chain) is Refusal.SUBJECT


def test_empty_chain_members_never_match_everyone() -> None:
    # A member recorded with no account, no name and no e-mail must not bar anyone.
    chain = (ChainMember(ChainRole.SUBJECT), ChainMember(ChainRole.HANDLER, name="", email=""))
    assert conflict(user_id=1, name="", email="", chain=chain) is None


@pytest.mark.parametrize(
    ("candidate", "objected", "provider_id", "expected"),
    [
        # a conflict outranks every practical reason
        (advocate(user_id=10, available=False), (10,), None, Refusal.SUBJECT),
        # the child objected to this advocate
        (advocate(), (1,), None, Refusal.OBJECTED),
        # a deactivated account cannot take children
        (advocate(active=False), (), None, Refusal.NOT_AN_ADVOCATE),
        # the child was referred to another provider
        (advocate(provider_id=2), (), 1, Refusal.OTHER_PROVIDER),
        # on leave
        (advocate(available=False), (), None, Refusal.UNAVAILABLE),
        # caseload full
        (advocate(capacity=3, caseload=3), (), None, Refusal.NO_CAPACITY),
        # over capacity (capacity lowered after assignment) is still full, not negative
        (advocate(capacity=2, caseload=4), (), None, Refusal.NO_CAPACITY),
        # one place left is enough
        (advocate(capacity=3, caseload=2), (), 1, None),
    ],
)
def test_refusal_for(candidate: Advocate, objected: tuple[int, ...], provider_id: int | None,
                     expected: Refusal | None) -> None:
    assert refusal_for(candidate, chain=CHAIN, objected_user_ids=objected,
                       provider_id=provider_id) is expected


def test_the_current_advocate_is_not_refused_for_their_own_place() -> None:
    full = advocate(capacity=1, caseload=1)
    assert refusal_for(full, chain=(), current_advocate_id=1) is None


# --- matching --------------------------------------------------------------------------


def test_rank_puts_suitable_first_then_language_then_capacity() -> None:
    english_roomy = advocate(1, "Ann", "a@x", languages=frozenset({"en"}), capacity=9)
    polish_busy = advocate(2, "Bo", "b@x", languages=frozenset({"en", "pl"}), capacity=5,
                           caseload=4)
    polish_roomy = advocate(3, "Cy", "c@x", languages=frozenset({"pl"}), capacity=5)
    polish_conflicted = advocate(10, "Di", "d@x", languages=frozenset({"pl"}), capacity=9)
    ranked = rank([english_roomy, polish_busy, polish_roomy, polish_conflicted],
                  languages=["pl", "en"], chain=CHAIN)
    assert [m.advocate.user_id for m in ranked] == [2, 3, 1, 10]
    # Bo speaks both of the child's languages, Cy only the first: Bo first despite less room.
    assert ranked[0].languages_matched == ("pl", "en")
    assert ranked[1].languages_matched == ("pl",)
    assert ranked[-1].refusal is Refusal.SUBJECT


def test_rank_without_a_shared_language_keeps_the_advocate_suitable() -> None:
    # An interpreter can be arranged: matching language is "where possible".
    only = advocate(1, languages=frozenset({"en"}))
    (match,) = rank([only], languages=["ur"], chain=())
    assert match.suitable
    assert match.languages_matched == ()


def test_rank_spreads_work_by_capacity_left_and_is_stable_by_name() -> None:
    a = advocate(1, "Zed", "z@x", capacity=5, caseload=1)
    b = advocate(2, "Amy", "a@x", capacity=5, caseload=1)
    c = advocate(3, "Max", "m@x", capacity=9, caseload=1)
    assert [m.advocate.user_id for m in rank([a, b, c], languages=["en"], chain=())] == [3, 2, 1]


def test_language_codes_compare_without_case() -> None:
    (match,) = rank([advocate(languages=frozenset({"CY"}))], languages=["cy"], chain=())
    assert match.languages_matched == ("cy",)


# --- time to assign -----------------------------------------------------------------------

# England and Wales 2026: Good Friday 3 April, Easter Monday 6 April, Christmas Day
# Friday 25 December, Boxing Day's substitute Monday 28 December.


@pytest.mark.parametrize(
    ("requested_on", "assigned_on", "days"),
    [
        # assigned the day the child asked: no working day has passed
        (date(2026, 3, 2), date(2026, 3, 2), 0),
        # an ordinary week: Monday to Wednesday
        (date(2026, 3, 2), date(2026, 3, 4), 2),
        # asked on a Saturday, assigned on Monday: Monday is the first working day
        (date(2026, 3, 7), date(2026, 3, 9), 1),
        # across Easter: Good Friday and Easter Monday do not count
        (date(2026, 4, 2), date(2026, 4, 7), 1),
        # across Christmas: 25th and the substitute 28th do not count
        (date(2026, 12, 23), date(2026, 12, 29), 2),
    ],
)
def test_working_days_to_assign(requested_on: date, assigned_on: date, days: int) -> None:
    assert working_days_to_assign(requested_on, assigned_on, calendar=ENGLAND) == days


@pytest.mark.parametrize(
    ("requested_on", "target", "due_on"),
    [
        # the default target, an ordinary week
        (date(2026, 3, 2), 2, date(2026, 3, 4)),
        # asked on Thursday before Easter: due the Wednesday after Easter Monday
        (date(2026, 4, 2), 2, date(2026, 4, 8)),
        # asked on 23 December: due 29 December, after Christmas and the substitute day
        (date(2026, 12, 23), 2, date(2026, 12, 29)),
        # a council that promises the same day
        (date(2026, 3, 2), 0, date(2026, 3, 2)),
    ],
)
def test_assign_due_on(requested_on: date, target: int, due_on: date) -> None:
    assert assign_due_on(requested_on, target=target, calendar=ENGLAND) == due_on


@pytest.mark.parametrize(
    ("requested_on", "assigned_on", "today", "expected"),
    [
        # the day after the request, target 2 days away: waiting
        (date(2026, 3, 2), None, date(2026, 3, 3), Timeliness.WAITING),
        # the target day itself: amber
        (date(2026, 3, 2), None, date(2026, 3, 4), Timeliness.DUE_TODAY),
        # the day after the target: red
        (date(2026, 3, 2), None, date(2026, 3, 5), Timeliness.OVERDUE),
        # due Friday: the Saturday after is already overdue, though no working day passed
        (date(2026, 3, 4), None, date(2026, 3, 7), Timeliness.OVERDUE),
        # across Easter: on Easter Monday (a bank holiday) it is still only waiting
        (date(2026, 4, 2), None, date(2026, 4, 6), Timeliness.WAITING),
        # across Easter: amber on the Wednesday after
        (date(2026, 4, 2), None, date(2026, 4, 8), Timeliness.DUE_TODAY),
        # across Christmas: red on 30 December
        (date(2026, 12, 23), None, date(2026, 12, 30), Timeliness.OVERDUE),
        # assigned on the target day: in time, whatever today is
        (date(2026, 3, 2), date(2026, 3, 4), date(2026, 6, 1), Timeliness.ASSIGNED_IN_TIME),
        # assigned a day late
        (date(2026, 3, 2), date(2026, 3, 5), date(2026, 3, 5), Timeliness.ASSIGNED_LATE),
        # across Christmas, assigned on the 29th: in time
        (date(2026, 12, 23), date(2026, 12, 29), date(2026, 12, 29), Timeliness.ASSIGNED_IN_TIME),
    ],
)
def test_timeliness(requested_on: date, assigned_on: date | None, today: date,
                    expected: Timeliness) -> None:
    assert timeliness(requested_on, assigned_on, today=today, target=2,
                      calendar=ENGLAND) is expected


# --- the lifecycle ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        # the child's answer
        (AdvocacyStatus.OFFERED, AdvocacyStatus.ACCEPTED),
        (AdvocacyStatus.OFFERED, AdvocacyStatus.DECLINED),
        # a child who declined may change their mind
        (AdvocacyStatus.DECLINED, AdvocacyStatus.ACCEPTED),
        (AdvocacyStatus.ACCEPTED, AdvocacyStatus.REFERRED),
        # an in-house coordinator may assign without a referral
        (AdvocacyStatus.ACCEPTED, AdvocacyStatus.ASSIGNED),
        (AdvocacyStatus.REFERRED, AdvocacyStatus.ASSIGNED),
        # reassignment after an objection
        (AdvocacyStatus.ASSIGNED, AdvocacyStatus.ASSIGNED),
        (AdvocacyStatus.IN_CONTACT, AdvocacyStatus.ASSIGNED),
        (AdvocacyStatus.ASSIGNED, AdvocacyStatus.IN_CONTACT),
        # offered again, e.g. at the next stage
        (AdvocacyStatus.CLOSED, AdvocacyStatus.OFFERED),
    ],
)
def test_allowed_transitions(current: AdvocacyStatus, wanted: AdvocacyStatus) -> None:
    assert transition(current, wanted) is wanted


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        # no advocate for a child who has not said yes
        (AdvocacyStatus.OFFERED, AdvocacyStatus.ASSIGNED),
        (AdvocacyStatus.DECLINED, AdvocacyStatus.ASSIGNED),
        # no first contact before an advocate is assigned
        (AdvocacyStatus.REFERRED, AdvocacyStatus.IN_CONTACT),
        # a closed advocacy is reopened only by a new offer
        (AdvocacyStatus.CLOSED, AdvocacyStatus.ASSIGNED),
    ],
)
def test_refused_transitions(current: AdvocacyStatus, wanted: AdvocacyStatus) -> None:
    with pytest.raises(InvalidTransition):
        transition(current, wanted)


def test_every_status_has_its_moves() -> None:
    assert set(ALLOWED) == set(AdvocacyStatus)


# --- the language a child asked an interpreter for --------------------------------------


@pytest.mark.parametrize(
    ("need", "code"),
    [
        # an English name, any case
        ("interpreter:Polish", "pl"),
        ("interpreter: somali ", "so"),
        # a Welsh name: the journey is in Welsh too
        ("interpreter:Pwyleg", "pl"),
        # a code typed as it is
        ("interpreter:ur", "ur"),
        # not a language: no guess
        ("interpreter:the one my mum speaks", None),
        ("interpreter:", None),
        # another need
        ("easy_read", None),
        ("other:Polish", None),
    ],
)
def test_interpreter_language(need: str, code: str | None) -> None:
    from portal.advocacy.services import interpreter_language

    assert interpreter_language(need) == code


# --- properties over every day and target ----------------------------------------------

days = st.dates(min_value=date(2009, 1, 1), max_value=date(2030, 12, 31))
targets = st.integers(min_value=0, max_value=15)


@given(requested_on=days, target=targets)
def test_assigned_on_the_due_day_took_exactly_the_target(requested_on: date, target: int
                                                         ) -> None:
    due_on = assign_due_on(requested_on, target=target, calendar=ENGLAND)
    # Whatever day the request came on (a weekend, a bank holiday), assigning on the due
    # day took exactly the target in working days, and is in time (WORKING-DAYS.md).
    assert working_days_to_assign(requested_on, due_on, calendar=ENGLAND) == target
    assert timeliness(requested_on, due_on, today=due_on, target=target,
                      calendar=ENGLAND) is Timeliness.ASSIGNED_IN_TIME


@given(requested_on=days, target=targets, late=st.integers(min_value=1, max_value=30))
def test_waiting_turns_amber_on_the_due_day_and_red_after(requested_on: date, target: int,
                                                          late: int) -> None:
    due_on = assign_due_on(requested_on, target=target, calendar=ENGLAND)
    assert timeliness(requested_on, None, today=due_on, target=target,
                      calendar=ENGLAND) is Timeliness.DUE_TODAY
    assert timeliness(requested_on, None, today=due_on + timedelta(days=late), target=target,
                      calendar=ENGLAND) is Timeliness.OVERDUE
    if due_on > requested_on:
        assert timeliness(requested_on, None, today=due_on - timedelta(days=1),
                          target=target, calendar=ENGLAND) is Timeliness.WAITING


@given(target=targets, data=st.data())
def test_ranking_never_puts_a_refused_advocate_above_a_suitable_one(
        target: int, data: st.DataObject) -> None:
    pool = data.draw(st.lists(st.builds(
        Advocate,
        user_id=st.integers(min_value=1, max_value=40), name=st.sampled_from(["A", "B", "C"]),
        email=st.just("x@example.org"), provider_id=st.sampled_from([1, 2]),
        languages=st.frozensets(st.sampled_from(["en", "cy", "pl"]), max_size=3),
        capacity=st.integers(min_value=0, max_value=5),
        caseload=st.integers(min_value=0, max_value=6), available=st.booleans(),
        active=st.booleans()), max_size=12))
    chain = [ChainMember(ChainRole.HANDLER, user_id=data.draw(
        st.integers(min_value=1, max_value=40)))]
    ranked = rank(pool, languages=["cy", "en"], chain=chain, objected_user_ids=[target],
                  provider_id=data.draw(st.sampled_from([None, 1])))
    suitable = [m.suitable for m in ranked]
    assert suitable == sorted(suitable, reverse=True)
    assert len(ranked) == len(pool)
