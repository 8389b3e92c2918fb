"""Advocacy's cast for integration tests: accounts, a provider, its advocates, and a
child's own complaint as the advocacy offer finds it."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from portal.advocacy import services
from portal.models.advocacy import AdvocacyCase, AdvocacyProvider, AdvocateProfile
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.staff import Role, User
from portal.vocab.advocacy import OfferHow
from portal.vocab.cases import Advocacy, Submitter
from tests.factories import RepresentationFactory, UserFactory

_serial = itertools.count(1)


def make_account(session: Session, council: Council, role: Role, name: str | None = None,
                 **kwargs: Any) -> User:
    """An account of ``role`` (``provider_id=``, ``language=`` and the like as UserFactory
    takes them), named ``User n`` unless ``name``."""
    n = next(_serial)
    return UserFactory(council=council, role=role, email=f"user{n}@example.org",
                       name=name or f"User {n}", **kwargs)


def make_provider(session: Session, council: Council, name: str = "Voice for Children"
                  ) -> AdvocacyProvider:
    provider = AdvocacyProvider(council_id=council.id, name=name)
    session.add(provider)
    session.flush()
    return provider


def make_advocate(session: Session, council: Council, provider: AdvocacyProvider,
                  name: str | None = None, languages: tuple[str, ...] = ("en",),
                  capacity: int = 5, available: bool = True) -> User:
    user = make_account(session, council, Role.ADVOCATE, name, provider_id=provider.id)
    session.add(AdvocateProfile(user_id=user.id, provider_id=provider.id,
                                languages=list(languages), capacity=capacity,
                                available=available))
    session.flush()
    return user


def make_representation(session: Session, council: Council, *,
                        advocacy: Advocacy = Advocacy.REQUESTED,
                        received_on: date = date(2026, 3, 2), language: str = "en",
                        child_name: str = "Jamie") -> Representation:
    """A child's own complaint, as the advocacy offer finds it."""
    return RepresentationFactory(
        council=council, received_on=received_on, made_by_child=True, advocacy=advocacy,
        wants_advocate=advocacy is Advocacy.REQUESTED,
        description="My social worker never calls back.", language=language,
        complainant__relationship_to_child=Submitter.CHILD, complainant__name=child_name,
        complainant__email=None, complainant__contact_methods=[],
    )


def offered(session: Session, rep: Representation) -> AdvocacyCase:
    """The child's advocacy, offered as intake and triage offer it."""
    case = services.ensure_offered(session, rep, OfferHow.AUTOMATIC)
    assert case is not None
    return case
