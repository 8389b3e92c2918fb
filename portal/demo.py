"""Demo accounts and demo cases for trying the portal locally (make run loads them).

Never used in production: the accounts' passwords are printed to the terminal.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.cases.models import Person, Representation, Stage
from portal.cases.vocab import (
    Advocacy,
    CaseStatus,
    Kind,
    Method,
    PersonRole,
    Procedure,
    Route,
    Submitter,
)
from portal.common.dates import calendar_for
from portal.councils.models import Council
from portal.security.passwords import hash_password
from portal.staff.models import Role, User


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    totp_secret: str


DEMO_USERS = [
    (Role.ADMINISTRATOR, "admin@riverside.example", "Alex Admin"),
    (Role.COMPLAINTS_MANAGER, "manager@riverside.example", "Morgan Manager"),
    (Role.COMPLAINTS_OFFICER, "officer@riverside.example", "Olu Officer"),
    (Role.CHILDRENS_RIGHTS_OFFICER, "rights@riverside.example", "Rhian Rights"),
    (Role.RESPONDING_MANAGER, "responder@riverside.example", "Sam Responder"),
    (Role.ADVOCACY_COORDINATOR, "coordinator@advocacy.example", "Cai Coordinator"),
    (Role.ADVOCATE, "advocate@advocacy.example", "Ffion Advocate"),
]


def load_demo_accounts(session: Session, council: Council) -> list[DemoAccount]:
    """Create or refresh the demo accounts with new passwords and two-factor keys."""
    accounts = []
    for role, email, name in DEMO_USERS:
        password = "demo-" + secrets.token_urlsafe(9)
        totp_secret = pyotp.random_base32()
        user = session.scalars(select(User).where(User.email == email)).first()
        if user is None:
            user = User(council_id=council.id, email=email, name=name, role=role,
                        password_hash="")
            session.add(user)
        user.password_hash = hash_password(password)
        user.totp_secret = totp_secret
        user.totp_last_step = None
        user.active = True
        user.session_version = (user.session_version or 0) + 1
        accounts.append(DemoAccount(role.value, email, password, totp_secret))
    session.flush()
    return accounts


_DEMO_CASES = [
    # reference, kind, submitter, service, description, days ago received, urgent
    ("CMP-DEMO-000001", Kind.COMPLAINT, Submitter.CHILD, "children_in_care",
     "My social worker never answers my calls and I have not seen her for two months.", False),
    ("CMP-DEMO-000002", Kind.COMPLAINT, Submitter.PARENT, "social_work",
     "Nobody told us the date of the meeting about my son.", False),
    ("CMP-DEMO-000003", Kind.COMPLIMENT, Submitter.CHILD, "fostering",
     "My foster carer helped me with my homework every night. Thank you.", False),
]


def load_demo_cases(session: Session, council: Council, today: date | None = None) -> int:
    """A few cases so the back office is not empty. Idempotent by reference."""
    today = today or date.today()
    calendar = calendar_for(council.nation)
    received = calendar.add_working_days(today, 0)
    for reference, kind, submitter, service, text, urgent in _DEMO_CASES:
        if session.scalars(select(Representation.id).where(
                Representation.reference == reference)).first():
            continue
        complaint = kind == Kind.COMPLAINT
        rep = Representation(
            council_id=council.id, reference=reference, kind=kind,
            status=CaseStatus.NEW if complaint else CaseStatus.CLOSED,
            procedure=Procedure.CHILDREN_STATUTORY if complaint else None,
            received_on=received, method=Method.ONLINE_FORM, submitter=submitter,
            made_by_child=submitter == Submitter.CHILD, service=service, description=text,
            route=Route.CHILDREN_STATUTORY if complaint else Route(kind.value),
            advocacy=Advocacy.OFFER if complaint and submitter == Submitter.CHILD
            else Advocacy.NOT_APPLICABLE,
            urgent=urgent, anonymous=False,
        )
        rep.people.append(Person(role=PersonRole.COMPLAINANT, relationship_to_child=submitter,
                                 name="Demo person", contact_methods=["email"],
                                 email="demo.person@example.com", language="en"))
        if complaint:
            rep.acknowledge_by = calendar.add_working_days(received, 3)
            rep.stages.append(Stage(number=1, started_on=received,
                                    due_on=calendar.add_working_days(received, 10),
                                    due_latest_on=calendar.add_working_days(received, 20)))
        session.add(rep)
    session.flush()
    return len(_DEMO_CASES)
