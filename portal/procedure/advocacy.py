"""Advocacy rules: who may advocate for a child, who suits best, and how long assignment took.

Pure functions over plain data: no Flask, no database, no clock. ``today`` and
the working-day calendar are always arguments.

Legal source: Children Act 1989 s.26A (the council must make arrangements for
advocacy for children who make or intend to make representations) and the
Advocacy Services and Representations Procedure (Children) (Amendment)
Regulations 2004 reg. 3: an advocate must not be a person who is, or may be,
the subject of the representation, who manages that person, who manages the
service complained about, or who has control over the resources allocated to
the service; nor anyone who may be involved in considering the representation.
The National Standards for the Provision of Children's Advocacy Services
(2002, standard 1 and 6) add that the child may object to a particular advocate.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from portal.common.dates import WorkingCalendar
from portal.vocab.advocacy import AdvocacyStatus


class ChainRole(enum.StrEnum):
    """Someone in the complaint's chain, whom the law bars from advocating in it."""

    SUBJECT = "subject"  # the person complained about
    SUBJECT_MANAGER = "subject_manager"  # that person's manager
    SERVICE_MANAGER = "service_manager"  # the manager of the service complained about
    HANDLER = "handler"  # anyone handling or considering the complaint


class Refusal(enum.StrEnum):
    """Why an advocate cannot take this child's case. The first four are the law's
    conflicts (by :class:`ChainRole`); the rest are practical."""

    SUBJECT = "subject"
    SUBJECT_MANAGER = "subject_manager"
    SERVICE_MANAGER = "service_manager"
    HANDLER = "handler"
    OBJECTED = "objected"  # the child objected to this advocate
    NOT_AN_ADVOCATE = "not_an_advocate"  # inactive account or no advocate profile
    UNAVAILABLE = "unavailable"
    NO_CAPACITY = "no_capacity"
    OTHER_PROVIDER = "other_provider"  # the child was referred to another provider


#: Conflicts first: the message a coordinator sees names the legal reason
#: before any practical one.
_CONFLICT_ORDER = (ChainRole.SUBJECT, ChainRole.SUBJECT_MANAGER, ChainRole.SERVICE_MANAGER,
                   ChainRole.HANDLER)


@dataclass(frozen=True)
class ChainMember:
    """A person in the complaint's chain, known by account, e-mail or name (often only a
    name: the worker complained about may have no account in the portal)."""

    role: ChainRole
    user_id: int | None = None
    name: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Advocate:
    """What matching knows of one advocate."""

    user_id: int
    name: str
    email: str
    provider_id: int | None
    languages: frozenset[str] = frozenset()
    capacity: int = 0
    caseload: int = 0  # children currently assigned and not closed
    available: bool = True
    active: bool = True

    @property
    def capacity_left(self) -> int:
        return max(self.capacity - self.caseload, 0)


@dataclass(frozen=True)
class Match:
    """One advocate considered for one child: why not, or which languages they share."""

    advocate: Advocate
    refusal: Refusal | None
    languages_matched: tuple[str, ...]

    @property
    def suitable(self) -> bool:
        return self.refusal is None


def normalise_name(name: str | None) -> str:
    """Names compare without case, spacing or full stops and commas."""
    if not name:
        return ""
    return " ".join(name.casefold().replace(".", " ").replace(",", " ").split())


@dataclass(frozen=True)
class ChainIndex:
    """The chain keyed by account, e-mail and normalised name, built once per child so
    checking many advocates against it does not re-read every member each time."""

    by_user_id: dict[int, frozenset[ChainRole]]
    by_email: dict[str, frozenset[ChainRole]]
    by_name: dict[str, frozenset[ChainRole]]

    @classmethod
    def of(cls, chain: Iterable[ChainMember] | ChainIndex) -> ChainIndex:
        if isinstance(chain, ChainIndex):
            return chain
        by_user_id: dict[int, set[ChainRole]] = {}
        by_email: dict[str, set[ChainRole]] = {}
        by_name: dict[str, set[ChainRole]] = {}
        for m in chain:
            if m.user_id is not None:
                by_user_id.setdefault(m.user_id, set()).add(m.role)
            if m.email and m.email.strip():
                by_email.setdefault(m.email.strip().casefold(), set()).add(m.role)
            if normalise_name(m.name):
                by_name.setdefault(normalise_name(m.name), set()).add(m.role)
        return cls({k: frozenset(v) for k, v in by_user_id.items()},
                   {k: frozenset(v) for k, v in by_email.items()},
                   {k: frozenset(v) for k, v in by_name.items()})

    def roles_of(self, *, user_id: int, name: str, email: str) -> frozenset[ChainRole]:
        roles = set(self.by_user_id.get(user_id, ()))
        if email and email.strip():
            roles |= self.by_email.get(email.strip().casefold(), frozenset())
        if normalise_name(name):
            roles |= self.by_name.get(normalise_name(name), frozenset())
        return frozenset(roles)


def conflict(
    *, user_id: int, name: str, email: str, chain: Iterable[ChainMember] | ChainIndex
) -> Refusal | None:
    """The legal conflict barring this person from advocating, or None.

    Advocacy Services and Representations Procedure (Children) (Amendment)
    Regulations 2004 reg. 3: not the person complained about, their manager,
    the manager of the service, nor anyone handling the complaint. A person
    matches by account, e-mail or full name, because the chain is often known
    only by name.
    """
    roles = ChainIndex.of(chain).roles_of(user_id=user_id, name=name, email=email)
    for role in _CONFLICT_ORDER:
        if role in roles:
            return Refusal(role.value)
    return None


def refusal_for(
    advocate: Advocate,
    *,
    chain: Iterable[ChainMember] | ChainIndex,
    objected_user_ids: Iterable[int] = (),
    provider_id: int | None = None,
    current_advocate_id: int | None = None,
) -> Refusal | None:
    """Why this advocate cannot be assigned to this child, or None.

    Conflicts of interest (reg. 3, 2004 Regulations) come first; then the
    child's objection (National Standards 2002); then whether the advocate can
    take the case at all: an active account, available, with capacity left, at
    the provider the child was referred to. The advocate already assigned keeps
    their place in their own caseload, so capacity is not held against them.
    """
    barred = conflict(user_id=advocate.user_id, name=advocate.name, email=advocate.email,
                      chain=chain)
    if barred is not None:
        return barred
    if advocate.user_id in set(objected_user_ids):
        return Refusal.OBJECTED
    if not advocate.active:
        return Refusal.NOT_AN_ADVOCATE
    if provider_id is not None and advocate.provider_id != provider_id:
        return Refusal.OTHER_PROVIDER
    if not advocate.available:
        return Refusal.UNAVAILABLE
    if advocate.user_id != current_advocate_id and advocate.capacity_left <= 0:
        return Refusal.NO_CAPACITY
    return None


def languages_matched(advocate: Advocate, wanted: Iterable[str]) -> tuple[str, ...]:
    """The child's languages the advocate speaks, in the child's order of preference."""
    spoken = {code.casefold() for code in advocate.languages}
    seen: list[str] = []
    for code in wanted:
        c = code.casefold()
        if c in spoken and c not in seen:
            seen.append(c)
    return tuple(seen)


def rank(
    advocates: Iterable[Advocate],
    *,
    languages: Iterable[str],
    chain: Iterable[ChainMember] | ChainIndex,
    objected_user_ids: Iterable[int] = (),
    provider_id: int | None = None,
) -> list[Match]:
    """Every advocate, best first: suitable before refused; then the one who speaks the
    child's first language, then more of the child's languages, then most capacity left
    (so work spreads), then by name so the order is stable.

    "Matching language and capacity where possible" (issue 6): an advocate who
    shares no language stays suitable (an interpreter can be arranged), only
    ranked lower.
    """
    wanted = [code.casefold() for code in languages if code]
    first = wanted[0] if wanted else None
    index = ChainIndex.of(chain)
    objected = frozenset(objected_user_ids)
    matches = [
        Match(
            advocate=a,
            refusal=refusal_for(a, chain=index, objected_user_ids=objected,
                                provider_id=provider_id),
            languages_matched=languages_matched(a, wanted),
        )
        for a in advocates
    ]
    return sorted(
        matches,
        key=lambda m: (
            not m.suitable,
            first is None or first not in m.languages_matched,
            -len(m.languages_matched),
            -m.advocate.capacity_left,
            normalise_name(m.advocate.name),
            m.advocate.user_id,
        ),
    )


# --- time to assign --------------------------------------------------------------


class Timeliness(enum.StrEnum):
    """Where a child's request for an advocate stands against the council's target."""

    WAITING = "waiting"  # not assigned, target day still ahead
    DUE_TODAY = "due_today"  # not assigned, today is the target day: amber
    OVERDUE = "overdue"  # not assigned, past the target day: red
    ASSIGNED_IN_TIME = "assigned_in_time"
    ASSIGNED_LATE = "assigned_late"


def assign_due_on(requested_on: date, *, target: int, calendar: WorkingCalendar) -> date:
    """The day an advocate must be assigned by: ``target`` working days after the child's
    request (council setting ``advocacy_target_working_days``, default 2; WORKING-DAYS.md)."""
    return calendar.add_working_days(requested_on, target)


def working_days_to_assign(
    requested_on: date, assigned_on: date, *, calendar: WorkingCalendar
) -> int:
    """Working days from the child's request to an advocate being assigned (WORKING-DAYS.md:
    the day of the request never counts; assigned the same day is 0)."""
    return calendar.working_days_between(requested_on, assigned_on)


def timeliness(
    requested_on: date,
    assigned_on: date | None,
    *,
    today: date,
    target: int,
    calendar: WorkingCalendar,
) -> Timeliness:
    """Red when an advocate is still not assigned after the target day, amber on it.

    Compared by date, not by a count of working days, so a request due on a
    Friday is already overdue on the Saturday that follows.
    """
    return timeliness_by_due(assign_due_on(requested_on, target=target, calendar=calendar),
                             assigned_on, today=today)


def timeliness_by_due(due_on: date, assigned_on: date | None, *, today: date) -> Timeliness:
    """:func:`timeliness` when the due day is already known (a list computes it once per
    request day, not once per child)."""
    if assigned_on is not None:
        return Timeliness.ASSIGNED_IN_TIME if assigned_on <= due_on else Timeliness.ASSIGNED_LATE
    if today > due_on:
        return Timeliness.OVERDUE
    if today == due_on:
        return Timeliness.DUE_TODAY
    return Timeliness.WAITING


# --- the lifecycle -----------------------------------------------------------------

#: The moves a child's advocacy may make (DOMAIN.md's lifecycle). A child may change
#: their mind after declining; an objection or an advocate leaving sends the case back
#: to the provider (referred) or straight to another advocate (assigned again); a
#: closed advocacy can be offered again, for example at the next stage.
ALLOWED: dict[AdvocacyStatus, frozenset[AdvocacyStatus]] = {
    AdvocacyStatus.OFFERED: frozenset({AdvocacyStatus.ACCEPTED, AdvocacyStatus.DECLINED,
                                       AdvocacyStatus.CLOSED}),
    AdvocacyStatus.DECLINED: frozenset({AdvocacyStatus.ACCEPTED, AdvocacyStatus.OFFERED,
                                        AdvocacyStatus.CLOSED}),
    AdvocacyStatus.ACCEPTED: frozenset({AdvocacyStatus.REFERRED, AdvocacyStatus.ASSIGNED,
                                        AdvocacyStatus.CLOSED}),
    AdvocacyStatus.REFERRED: frozenset({AdvocacyStatus.REFERRED, AdvocacyStatus.ASSIGNED,
                                        AdvocacyStatus.CLOSED}),
    AdvocacyStatus.ASSIGNED: frozenset({AdvocacyStatus.ASSIGNED, AdvocacyStatus.IN_CONTACT,
                                        AdvocacyStatus.REFERRED, AdvocacyStatus.CLOSED}),
    AdvocacyStatus.IN_CONTACT: frozenset({AdvocacyStatus.ASSIGNED, AdvocacyStatus.REFERRED,
                                          AdvocacyStatus.CLOSED}),
    AdvocacyStatus.CLOSED: frozenset({AdvocacyStatus.OFFERED}),
}


class InvalidTransition(ValueError):
    """A step the advocacy lifecycle does not allow from where the case stands."""

    def __init__(self, current: AdvocacyStatus, wanted: AdvocacyStatus) -> None:
        super().__init__(f"advocacy cannot move from {current.value} to {wanted.value}")
        self.current = current
        self.wanted = wanted


def transition(current: AdvocacyStatus, wanted: AdvocacyStatus) -> AdvocacyStatus:
    """``wanted`` if the lifecycle allows it from ``current``; else InvalidTransition."""
    if wanted not in ALLOWED[current]:
        raise InvalidTransition(current, wanted)
    return wanted


class AdvocacyFacts(Protocol):
    """What these rules read of a child's advocacy (its row, portal.models.advocacy)."""

    @property
    def status(self) -> AdvocacyStatus: ...
    @property
    def advocate_user_id(self) -> int | None: ...
    @property
    def objected_advocate_ids(self) -> Sequence[int] | None: ...


#: An advocate is working with the child: the states in which they can be objected to.
WITH_AN_ADVOCATE = (AdvocacyStatus.ASSIGNED, AdvocacyStatus.IN_CONTACT)


def has_advocate(case: AdvocacyFacts | None) -> bool:
    return (case is not None and case.status in WITH_AN_ADVOCATE
            and case.advocate_user_id is not None)


def finding_a_new_one(case: AdvocacyFacts | None) -> bool:
    """The child turned an advocate down and is waiting for the next one."""
    return (case is not None and bool(case.objected_advocate_ids)
            and case.status in (AdvocacyStatus.ACCEPTED, AdvocacyStatus.REFERRED))
