"""Demo accounts and demo cases for trying the portal locally (make run loads them).

Never used in production: the accounts' passwords are printed to the terminal.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.advocacy.providers import save_profile, save_provider
from portal.common.dates import WorkingCalendar, calendar_for
from portal.models.advocacy import AdvocacyProvider
from portal.models.councils import Council
from portal.models.staff import Role, User
from portal.security.passwords import hash_password
from portal.vocab.cases import CaseStatus, CheckDecision


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


DEMO_PROVIDER = "Riverside Children's Advocacy"
DEMO_ADVOCACY_EMAILS = ("coordinator@advocacy.example", "advocate@advocacy.example")


def load_demo_advocacy(session: Session, council: Council) -> AdvocacyProvider:
    """The demo's advocacy provider, with the demo coordinator and advocate (by e-mail, as
    :func:`load_demo_accounts` creates them) tied to it. Idempotent."""
    provider = session.scalars(select(AdvocacyProvider).where(
        AdvocacyProvider.council_id == council.id,
        AdvocacyProvider.name == DEMO_PROVIDER)).first()
    if provider is None:
        provider = save_provider(session, council, None, name=DEMO_PROVIDER, in_house=False,
                                 phone="0808 800 5792", email="help@advocacy.example",
                                 active=True)
    for user in session.scalars(select(User).where(User.council_id == council.id,
                                                   User.email.in_(DEMO_ADVOCACY_EMAILS))):
        user.provider_id = provider.id
        if user.role.value == "advocate":
            save_profile(session, user, provider, languages="en, cy", capacity=10,
                         available=True)
    session.flush()
    return provider


# Each demo case is what a person would have typed in the journey, received some
# working days ago, and how far the council has taken it since.
_DEMO_CASES: list[dict[str, Any]] = [
    {  # a child in care who is not safe now and wants an advocate: urgent, awaiting triage
        "key": "demo-urgent-child", "days_ago": 0, "locale": "en", "stage": None,
        "answers": {"kind": "complaint", "submitter": "child", "safe": "no",
                    "in_care": "this_council", "child_age": "13", "service": "children_in_care",
                    "description": "I do not want to go back to my placement tonight. "
                                   "Nobody listens when I say I am scared there.",
                    "wants_advocate": "yes", "contact_methods": ["phone"],
                    "phone": "07700 900123", "name": "Jordan"}},
    {  # a parent about a social worker: accepted, stage 1 with a responding manager
        "key": "demo-parent-stage1", "days_ago": 7, "locale": "en", "stage": 1,
        "answers": {"kind": "complaint", "submitter": "parent", "safe": "yes",
                    "child_age": "8", "child_name": "Alfie", "service": "social_work",
                    "description": "Nobody told us the date of the meeting about my son, "
                                   "and the social worker does not return my calls.",
                    "desired_outcome": "An apology and a named person to call.",
                    "contact_methods": ["email"], "email": "parent@example.com",
                    "name": "Demo Parent"}},
    {  # a foster carer's complaint whose stage 1 answer is overdue
        "key": "demo-foster-overdue", "days_ago": 24, "locale": "en", "stage": 1,
        "answers": {"kind": "complaint", "submitter": "foster_carer", "safe": "yes",
                    "in_care": "this_council", "child_age": "11", "service": "fostering",
                    "description": "The fostering allowance has been paid late three months "
                                   "running.",
                    "contact_methods": ["email"], "email": "foster@example.com",
                    "name": "Demo Foster Carer"}},
    {  # a Welsh-speaking care leaver
        "key": "demo-welsh-care-leaver", "days_ago": 2, "locale": "cy", "stage": None,
        "answers": {"kind": "complaint", "submitter": "care_leaver", "safe": "yes",
                    "service": "leaving_care",
                    "description": "Dydw i ddim wedi cael fy nghynllun llwybr eto.",
                    "wants_advocate": "no", "contact_methods": ["email"],
                    "email": "gadael.gofal@example.com", "name": "Demo Care Leaver"}},
    {  # a compliment from a child
        "key": "demo-compliment", "days_ago": 3, "locale": "en", "stage": None,
        "answers": {"kind": "compliment", "submitter": "child", "safe": "yes",
                    "service": "fostering",
                    "description": "My foster carer helped me with my homework every night.",
                    "contact_methods": ["none"]}},
    {  # a comment from a parent
        "key": "demo-comment", "days_ago": 5, "locale": "en", "stage": None,
        "answers": {"kind": "comment", "submitter": "parent", "safe": "yes",
                    "service": "early_help",
                    "description": "It would help if family meetings could be after school.",
                    "contact_methods": ["none"]}},
]


def load_demo_cases(session: Session, council: Council, now: datetime | None = None
                    ) -> list[tuple[str, str]]:
    """Demo cases made through the same services as real ones. Idempotent by journey key.

    Returns the reference and tracking code of each case made by this call (a
    code is shown once, like the real confirmation page shows it).
    """
    from portal.cases import services as cases
    from portal.complaints import queries
    from portal.complaints.services import submit
    from portal.security.tokens import group_code, new_tracking_code

    now = now or datetime.now(UTC)
    calendar = calendar_for(council.nation)
    manager = session.scalars(select(User).where(User.email == "manager@riverside.example")
                              ).one()
    responder = session.scalars(select(User).where(
        User.email == "responder@riverside.example")).one()
    teams = {t.name: t for t in council.teams}
    categories = {c.name: c for c in council.categories}
    made = []
    for case in _DEMO_CASES:
        if queries.by_submission_key(session, case["key"]) is not None:
            continue
        received = _working_days_before(calendar, now.date(), case["days_ago"])
        when = datetime.combine(received, time(10, 0), tzinfo=UTC)
        code = new_tracking_code()
        rep = submit(session, council=council, answers=case["answers"],
                     submission_key=case["key"], tracking_code=code,
                     locale=case["locale"], now=when)
        made.append((rep.reference, group_code(code)))
        if case["stage"] != 1 or rep.status is not CaseStatus.NEW:
            continue
        for check in rep.checks:
            cases.decide_check(session, rep, manager, check=check.check,
                               decision=CheckDecision.MET,
                               reason="The child agrees: confirmed by phone.", today=received)
        team = "Fostering and Adoption" if rep.service == "fostering" else \
            "Assessment and Intervention"
        assert rep.route is not None
        cases.accept_route(session, rep, manager, route=rep.route, signpost=None,
                           team_id=teams[team].id,
                           category_ids=[categories["Poor communication"].id],
                           reason=None)
        cases.assign_responder(session, rep, manager, user_id=responder.id)
    session.flush()
    return made


def _working_days_before(calendar: WorkingCalendar, today: date, n: int) -> date:
    day = today
    while n > 0 or not calendar.is_working_day(day):
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            n -= 1
    return day
