"""The selects advocacy needs: the complaint's chain, advocates to match, caseloads, lists.

Every query that an advocate's page uses is scoped by the advocate's own id
here, so a view cannot forget the scope.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from portal.models.advocacy import (
    AdvocacyCase,
    AdvocacyProvider,
    AdvocateProfile,
    ComplaintChainMember,
)
from portal.models.cases import CaseCheck, CaseEvent, Person, Representation, Stage
from portal.models.staff import CaseAssignment, Role, User
from portal.procedure import advocacy as rules
from portal.vocab.advocacy import AdvocacyStatus

#: An advocate is working with the child: these count against capacity and give access.
ACTIVE_STATUSES = (AdvocacyStatus.ASSIGNED, AdvocacyStatus.IN_CONTACT)
#: Waiting on the coordinator: the child said yes and has no advocate yet.
WAITING_STATUSES = (AdvocacyStatus.ACCEPTED, AdvocacyStatus.REFERRED)
#: Roles that are never "handling the complaint": advocacy's own people.
_NOT_HANDLERS = (Role.ADVOCATE, Role.ADVOCACY_COORDINATOR)


def advocacy_case(session: Session, representation_id: int) -> AdvocacyCase | None:
    return session.scalars(
        select(AdvocacyCase).where(AdvocacyCase.representation_id == representation_id)
    ).first()


def chain_for(session: Session, representation_id: int) -> list[rules.ChainMember]:
    """Everyone barred from advocating in this complaint (rules.conflict).

    The people staff recorded (the person complained about, their manager,
    the service's manager), plus everyone who has handled it: each case
    assignment (past ones too: an investigator who stepped down has still
    seen the case), each stage's owner, each check's decision-maker and
    every member of staff who acted on the case.
    """
    recorded = session.execute(
        select(ComplaintChainMember.role, ComplaintChainMember.user_id,
               func.coalesce(ComplaintChainMember.name, User.name),
               func.coalesce(ComplaintChainMember.email, User.email))
        .outerjoin(User, User.id == ComplaintChainMember.user_id)
        .where(ComplaintChainMember.representation_id == representation_id)
        .order_by(ComplaintChainMember.id)
    ).all()
    chain = [rules.ChainMember(role=rules.ChainRole(role), user_id=uid, name=name, email=email)
             for role, uid, name, email in recorded]

    assigned = select(CaseAssignment.user_id).where(
        CaseAssignment.representation_id == representation_id,
        CaseAssignment.role.not_in(_NOT_HANDLERS),
    )
    staged = select(Stage.assigned_to_id).where(
        Stage.representation_id == representation_id, Stage.assigned_to_id.is_not(None)
    )
    decided = select(CaseCheck.decided_by_id).where(
        CaseCheck.representation_id == representation_id, CaseCheck.decided_by_id.is_not(None)
    )
    # Staff who did something on the case (triage, letters, outcomes), except advocacy's own
    # steps: arranging an advocate is not handling the complaint.
    acted = select(CaseEvent.actor_user_id).where(
        CaseEvent.representation_id == representation_id, CaseEvent.actor == "staff",
        CaseEvent.actor_user_id.is_not(None), CaseEvent.type.not_like("advoca%"),
    )
    handlers = session.execute(
        select(User.id, User.name, User.email)
        .where(or_(User.id.in_(assigned), User.id.in_(staged), User.id.in_(decided),
                   User.id.in_(acted) & User.role.not_in(_NOT_HANDLERS)))
        .order_by(User.id)
    ).all()
    chain.extend(rules.ChainMember(role=rules.ChainRole.HANDLER, user_id=uid, name=name,
                                   email=email) for uid, name, email in handlers)
    return chain


def caseloads(session: Session, user_ids: Sequence[int]) -> dict[int, int]:
    """Children each advocate is working with now."""
    if not user_ids:
        return {}
    rows = session.execute(
        select(AdvocacyCase.advocate_user_id, func.count())
        .where(AdvocacyCase.advocate_user_id.in_(user_ids),
               AdvocacyCase.status.in_(ACTIVE_STATUSES))
        .group_by(AdvocacyCase.advocate_user_id)
    ).all()
    return {uid: n for uid, n in rows if uid is not None}


def advocates(session: Session, council_id: int, *, provider_id: int | None = None
              ) -> list[rules.Advocate]:
    """Every advocate of the council's providers, as matching sees them."""
    query = (
        select(User, AdvocateProfile)
        .join(AdvocateProfile, AdvocateProfile.user_id == User.id)
        .join(AdvocacyProvider, AdvocacyProvider.id == AdvocateProfile.provider_id)
        .where(User.role == Role.ADVOCATE, AdvocacyProvider.council_id == council_id)
        .order_by(User.name, User.id)
    )
    if provider_id is not None:
        query = query.where(AdvocateProfile.provider_id == provider_id)
    rows = session.execute(query).all()
    loads = caseloads(session, [user.id for user, _ in rows])
    return [
        rules.Advocate(
            user_id=user.id, name=user.name, email=user.email, provider_id=profile.provider_id,
            languages=frozenset(profile.languages or ()), capacity=profile.capacity,
            caseload=loads.get(user.id, 0), available=profile.available,
            active=user.active,
        )
        for user, profile in rows
    ]


def advocate(session: Session, user_id: int) -> rules.Advocate | None:
    """One advocate as matching sees them, or None if the account is not an advocate's."""
    user = session.get(User, user_id)
    if user is None:
        return None
    profile = session.scalars(
        select(AdvocateProfile).where(AdvocateProfile.user_id == user_id)
    ).first()
    if user.role is not Role.ADVOCATE or profile is None:
        return rules.Advocate(user_id=user.id, name=user.name, email=user.email,
                              provider_id=None, active=False)
    return rules.Advocate(
        user_id=user.id, name=user.name, email=user.email, provider_id=profile.provider_id,
        languages=frozenset(profile.languages or ()), capacity=profile.capacity,
        caseload=caseloads(session, [user.id]).get(user.id, 0), available=profile.available,
        active=user.active,
    )


def providers(session: Session, council_id: int, *, active_only: bool = True
              ) -> list[AdvocacyProvider]:
    query = select(AdvocacyProvider).where(AdvocacyProvider.council_id == council_id)
    if active_only:
        query = query.where(AdvocacyProvider.active.is_(True))
    return list(session.scalars(query.order_by(AdvocacyProvider.name)))


class ReferralRow(NamedTuple):
    """One line of the referrals list: only what the list shows, nothing of the child."""

    reference: str
    status: AdvocacyStatus
    requested_on: date | None
    assigned_on: date | None


def referrals(session: Session, council_id: int, *, provider_id: int | None = None,
              include_closed: bool = False) -> list[ReferralRow]:
    """Children's advocacy at this council, oldest request first (so the overdue come
    first). A coordinator passes their provider, and sees only what was referred to it."""
    query = (
        select(Representation.reference, AdvocacyCase.status, AdvocacyCase.requested_on,
               AdvocacyCase.assigned_on)
        .join(Representation, Representation.id == AdvocacyCase.representation_id)
        .where(Representation.council_id == council_id)
        .order_by(AdvocacyCase.requested_on.is_(None), AdvocacyCase.requested_on,
                  AdvocacyCase.id)
    )
    if provider_id is not None:
        query = query.where(AdvocacyCase.provider_id == provider_id)
    if not include_closed:
        query = query.where(AdvocacyCase.status.not_in(
            (AdvocacyStatus.CLOSED, AdvocacyStatus.DECLINED)))
    return [ReferralRow(*row) for row in session.execute(query).all()]


# --- an advocate's own children -------------------------------------------------------


def _advocate_scope(user_id: int):  # type: ignore[no-untyped-def]
    return select(AdvocacyCase.representation_id).where(
        AdvocacyCase.advocate_user_id == user_id, AdvocacyCase.status.in_(ACTIVE_STATUSES)
    )


def representations_for_advocate(session: Session, user_id: int, *, search: str | None = None
                                 ) -> list[Representation]:
    """The cases of the children this advocate is assigned to now, and no others.
    ``search`` narrows by reference or a name on the case within that scope, never beyond
    it."""
    query = (
        select(Representation)
        .where(Representation.id.in_(_advocate_scope(user_id)))
        .order_by(Representation.received_on.desc(), Representation.id.desc())
    )
    if search:
        # Wildcards typed by the advocate are taken literally: dropped, not expanded.
        words = search.strip().replace("%", "").replace("_", "")
        if words:
            pattern = f"%{words}%"
            named = select(Person.representation_id).where(Person.name.ilike(pattern))
            query = query.where(or_(Representation.reference.ilike(pattern),
                                    Representation.id.in_(named)))
    return list(session.scalars(query))


def representation_for_advocate(session: Session, user_id: int, reference: str
                                ) -> Representation | None:
    """One case by reference, only if this advocate is assigned to the child now."""
    return session.scalars(
        select(Representation).where(
            Representation.reference == reference,
            Representation.id.in_(_advocate_scope(user_id)),
        )
    ).first()


def advocate_may_see(session: Session, user_id: int, representation_id: int) -> bool:
    return session.scalar(
        select(func.count()).select_from(AdvocacyCase).where(
            AdvocacyCase.representation_id == representation_id,
            AdvocacyCase.advocate_user_id == user_id,
            AdvocacyCase.status.in_(ACTIVE_STATUSES),
        )
    ) == 1


# --- for the coordinator's and administrator's pages ------------------------------------


def representation_by_reference(session: Session, council_id: int, reference: str
                                ) -> Representation | None:
    return session.scalars(select(Representation).where(
        Representation.reference == reference, Representation.council_id == council_id)
    ).first()


def representation_id_by_reference(session: Session, reference: str) -> int | None:
    """Only to name the case in the audit log when access to it is refused."""
    return session.scalars(select(Representation.id).where(
        Representation.reference == reference)).first()


def users_by_id(session: Session, user_ids: Sequence[int]) -> dict[int, User]:
    if not user_ids:
        return {}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(user_ids)))}


def advocacy_events(session: Session, representation_id: int) -> list[CaseEvent]:
    """The advocacy steps of a case's timeline, oldest first."""
    return list(session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == representation_id,
        CaseEvent.type.like("advoca%") | (CaseEvent.type == "filed_by_advocate"),
    ).order_by(CaseEvent.id)))


def profile(session: Session, user_id: int) -> AdvocateProfile | None:
    return session.scalars(
        select(AdvocateProfile).where(AdvocateProfile.user_id == user_id)).first()


def advocates_without_profile(session: Session, council_id: int, *, provider_id: int,
                              include_unattached: bool) -> list[User]:
    """Advocate accounts matching cannot suggest yet, tied to this provider (and, for the
    administrator, those tied to no provider)."""
    query = select(User).where(
        User.council_id == council_id, User.role == Role.ADVOCATE,
        User.id.not_in(select(AdvocateProfile.user_id)))
    if include_unattached:
        query = query.where((User.provider_id == provider_id) | User.provider_id.is_(None))
    else:
        query = query.where(User.provider_id == provider_id)
    return list(session.scalars(query.order_by(User.name)))


def advocate_name(session: Session, user_id: int) -> str | None:
    """The name of the advocate's account (the case file's advocate card)."""
    return session.scalar(select(User.name).where(User.id == user_id))


def provider_name(session: Session, provider_id: int) -> str | None:
    return session.scalar(select(AdvocacyProvider.name).where(
        AdvocacyProvider.id == provider_id))
