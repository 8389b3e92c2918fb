"""Factories for what tests build most: accounts, cases with their people and stages,
teams and categories (factory_boy, with traits, as STYLE.md section 9 asks).

Every factory writes through ``portal.extensions.db.session()``, the app's scoped
session: inside a test that is the ``session`` fixture's (tests/conftest.py), whose
commits are savepoints rolled back after the test; inside
``with live_server.app.app_context():`` it is the live server's (browser tests). The
factories flush, never commit, so the test decides what is committed. ``make_user``,
``make_case`` and ``give`` are the set-ups most tests share, built on them; they commit,
so a view that rolls back its own work keeps the set-up and the live server sees it.

    UserFactory(council=council, role=Role.COMPLAINTS_MANAGER)
    RepresentationFactory(council=council, with_child=True, in_stage1=True)
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

import factory
from factory.alchemy import SQLAlchemyModelFactory
from sqlalchemy.orm import Session

from portal.councils.services import council_calendar, current_council, routing_settings_for
from portal.extensions import db
from portal.models.cases import Person, Representation, Stage
from portal.models.councils import Category, Council, Team
from portal.models.staff import CaseAssignment, Role, User
from portal.routing.rules import route
from portal.routing.services import record_decision
from portal.routing.submission import parse_submission
from portal.security.passwords import hash_password
from portal.staff.auth import new_totp_secret
from portal.vocab.cases import CaseStatus, Kind, Method, PersonRole, Procedure, Submitter

#: Every account's password unless a test gives another (``password=...``).
PASSWORD = "correct horse battery staple"


@cache
def hashed(password: str) -> str:
    """argon2 is slow on purpose; one hash per password serves every account of the run."""
    return hash_password(password)


def the_session() -> Session:
    """The session the test is working in (see the module's docstring)."""
    return db.session()


def the_council() -> Council:
    """The council in the database, for a factory called without ``council=``."""
    return current_council(the_session())


class Factory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = the_session
        sqlalchemy_session_persistence = "flush"


class CouncilOwnedFactory(Factory):
    """A row that belongs to a council: the one in the database unless ``council=``."""

    class Meta:
        abstract = True

    class Params:
        council = factory.LazyFunction(the_council)

    council_id = factory.LazyAttribute(lambda o: o.council.id)


class TeamFactory(CouncilOwnedFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n + 1}")
    social_care = True


class CategoryFactory(CouncilOwnedFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n + 1}")


class UserFactory(CouncilOwnedFactory):
    """A staff account of any role (``role=``), with a hashed password (``PASSWORD``
    unless ``password=``) and a two-factor key (``user.totp_secret``)."""

    class Meta:
        model = User

    class Params:
        password = PASSWORD
        number = factory.Sequence(lambda n: n + 1)

    role = Role.COMPLAINTS_OFFICER
    email = factory.LazyAttribute(lambda o: f"{o.role.value}{o.number}@example.test")
    name = factory.LazyAttribute(lambda o: f"{o.role.value} {o.number}")
    password_hash = factory.LazyAttribute(lambda o: hashed(o.password))
    totp_secret = factory.LazyFunction(new_totp_secret)
    active = True
    session_version = 0
    failed_sign_ins = 0


class PersonFactory(Factory):
    """The complainant unless ``role=``, reachable by email, in the case's language."""

    class Meta:
        model = Person

    class Params:
        child = factory.Trait(role=PersonRole.CHILD, name="Jamie", age=14, email=None,
                              contact_methods=[])

    representation = factory.SubFactory("tests.factories.RepresentationFactory")
    role = PersonRole.COMPLAINANT
    name = "Sam"
    email = "sam@example.test"
    contact_methods = factory.LazyFunction(lambda: ["email"])
    language = factory.LazyAttribute(lambda o: o.representation.language)


class StageFactory(Factory):
    """Stage 1 unless ``number=``, started the day the case was received."""

    class Meta:
        model = Stage

    representation = factory.SubFactory("tests.factories.RepresentationFactory")
    number = 1
    started_on = factory.LazyAttribute(lambda o: o.representation.received_on)


class RepresentationFactory(CouncilOwnedFactory):
    """A child's online complaint waiting on triage, with its complainant.

    Traits: ``with_child`` adds the child as a person of their own (someone complained
    for them); ``in_stage1`` puts it in the children's procedure at stage 1, with the
    stage (``stage__due_on=...`` and the like reach the stage).
    """

    class Meta:
        model = Representation

    class Params:
        with_child = factory.Trait(
            submitter=Submitter.PARENT, on_behalf_of_child=True,
            child=factory.RelatedFactory(PersonFactory, "representation", child=True),
        )
        in_stage1 = factory.Trait(
            procedure=Procedure.CHILDREN_STATUTORY, status=CaseStatus.STAGE1,
            stage=factory.RelatedFactory(StageFactory, "representation"),
        )

    reference = factory.Sequence(lambda n: f"TST-2026-{n + 1:06d}")
    kind = Kind.COMPLAINT
    status = CaseStatus.NEW
    procedure = None
    received_on = date(2026, 11, 16)  # a Monday, the week before the pinned day
    method = Method.ONLINE_FORM
    submitter = Submitter.CHILD
    description = "My social worker never answers my calls."
    language = "en"
    proceedings = factory.LazyFunction(list)

    complainant = factory.RelatedFactory(PersonFactory, "representation")


# The set-ups most tests share -------------------------------------------------------

#: What make_case's complainant sends unless a test changes it (routing's contract).
SUBMISSION: dict[str, Any] = {
    "kind": "complaint", "received_on": "2026-03-06", "submitter": "child",
    "on_behalf_of_child": False, "child_age": 14, "looked_after_by": "this_council",
    "service": "children_in_care", "about_decision_of": None, "event_on": "2026-02-20",
    "proceedings": [], "in_danger_now": False, "wants_advocate": False,
    "description": "My social worker never answers my calls.",
}


def _check_session(session: Session) -> None:
    # The factories write through db.session(); a test holding another session would
    # find its set-up missing.
    assert session is the_session(), "make_* writes through db.session(): pass that session"


def make_user(session: Session, council: Council, role: Role, *, name: str | None = None,
              email: str | None = None) -> tuple[User, str]:
    """An account and its two-factor key."""
    _check_session(session)
    values: dict[str, Any] = {"council": council, "role": role}
    if name is not None:
        values["name"] = name
    if email is not None:
        values["email"] = email.strip().lower()
    user = UserFactory(**values)
    # Committed (a savepoint here): a view that rolls back its own work keeps the set-up.
    session.commit()
    return user, user.totp_secret


def make_case(session: Session, council: Council, reference: str, *,
              language: str = "en", **changes: Any) -> Representation:
    """A complaint as intake leaves it: routed, awaiting triage, with routing's stage 1.

    ``changes`` are fields of ``SUBMISSION``; routing reads them all, the case keeps
    kind, received_on, submitter and description.
    """
    _check_session(session)
    data = {**SUBMISSION, **changes}
    decision = route(parse_submission(data), settings=routing_settings_for(council),
                     calendar=council_calendar(council))
    rep = RepresentationFactory(
        council=council, reference=reference, kind=Kind(data["kind"]),
        received_on=date.fromisoformat(data["received_on"]),
        submitter=Submitter(data["submitter"]), description=data["description"],
        language=language,
    )
    record_decision(session, rep, decision)
    session.commit()
    return rep


def give(session: Session, rep: Representation, user: User) -> None:
    """Assign the case to the account, in the account's role."""
    session.add(CaseAssignment(representation_id=rep.id, user_id=user.id, role=user.role))
    session.commit()
