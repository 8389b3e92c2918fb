"""Helpers the back-office tests share: accounts, signing in, a routed case.

No tests here: it is named test_staff_* so it sits with the tests it serves.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pyotp
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from portal.models.cases import Person, Representation
from portal.models.councils import Council
from portal.models.staff import CaseAssignment, Role, User
from portal.routing.rules import route
from portal.routing.services import record_decision
from portal.routing.submission import parse_submission
from portal.staff.services import create_user
from portal.vocab.cases import CaseStatus, Kind, Method, PersonRole, Submitter

PASSWORD = "correct horse battery staple"
_counter = iter(range(1, 10**6))


def make_user(session: Session, council: Council, role: Role, *, name: str | None = None,
              email: str | None = None) -> tuple[User, str]:
    """An account and its two-factor key."""
    n = next(_counter)
    user, secret = create_user(session, council, email=email or f"{role.value}{n}@example.test",
                               role=role, name=name or f"{role.value} {n}", password=PASSWORD)
    # Committed (a savepoint here): a view that rolls back its own work keeps the set-up.
    session.commit()
    return user, secret


def sign_in_as(client: FlaskClient, user: User) -> None:
    """A signed-in session without the two-factor dance (tested on its own)."""
    with client.session_transaction() as s:
        s["staff_uid"] = user.id
        s["staff_ver"] = user.session_version
        s["staff_seen"] = int(time.time())


def full_sign_in(client: FlaskClient, user: User, secret: str) -> Any:
    client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
    return client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(secret).now()})


SUBMISSION = {
    "kind": "complaint", "received_on": "2026-03-06", "submitter": "child",
    "on_behalf_of_child": False, "child_age": 14, "looked_after_by": "this_council",
    "service": "children_in_care", "about_decision_of": None, "event_on": "2026-02-20",
    "proceedings": [], "in_danger_now": False, "wants_advocate": False,
    "description": "My social worker never answers my calls.",
}


def make_case(session: Session, council: Council, reference: str, *,
              language: str = "en", **changes: Any) -> Representation:
    """A complaint as intake leaves it: routed, awaiting triage, with routing's stage 1."""
    from portal.councils.services import council_calendar, routing_settings_for

    data = {**SUBMISSION, **changes}
    submission = parse_submission(data)
    decision = route(submission, settings=routing_settings_for(council),
                     calendar=council_calendar(council))
    rep = Representation(
        council_id=council.id, reference=reference, kind=Kind(data["kind"]),
        status=CaseStatus.NEW, received_on=date.fromisoformat(data["received_on"]),
        method=Method.ONLINE_FORM, submitter=Submitter(data["submitter"]),
        description=data["description"], language=language, proceedings=[],
    )
    rep.people.append(Person(role=PersonRole.COMPLAINANT, name="Sam", email="sam@example.test",
                             contact_methods=["email"], language=language))
    session.add(rep)
    session.flush()
    record_decision(session, rep, decision)
    session.commit()
    return rep


def give(session: Session, rep: Representation, user: User) -> None:
    session.add(CaseAssignment(representation_id=rep.id, user_id=user.id, role=user.role))
    session.commit()
