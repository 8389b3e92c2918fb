"""A complaint made by phone, letter, email, paper form or in person, logged by an officer.

Offline cases are cases like any other (issue 15, part 4; DOMAIN.md, "Channels": the
register is complete whatever the channel). The officer records what routing needs
(spec/ROUTING.md's submission) and routing decides exactly as it does for the public
journey: ``routing.rules.route`` with the council's settings and calendar, stored by
``routing.services.record_decision``. So the same answers get the same route and
reasons, the same checks for a manager to decide, the same stage 1 clock and
acknowledgement date, and the same urgency: danger now, or words that may signal harm
(Working Together to Safeguard Children 2023). A caller saying "he hit her" reaches a
person the same day, through ``safety.raise_if_at_risk``, the one rule for every
channel.

Who got in touch and for whom:

- someone for themselves: they are the complainant;
- someone for a child (a parent, an advocate, a councillor...): they are the
  complainant and the child is recorded as the child, as the public journey does;
- someone for another adult (a councillor or MP for a constituent): the person they act
  for is the complainant and the one who got in touch their representative
  (``PersonRole.REPRESENTATIVE``, "someone acting for the complainant"), with the
  contact details given. The register's ``submitter`` is who got in touch
  (REGISTER.md); an MP is a ``councillor`` there, labelled "A councillor or MP", as
  spec/ROUTING.md's vocabulary has no other value for them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext
from sqlalchemy.orm import Session

from portal.cases.context import CaseError
from portal.cases.services import record
from portal.common.dates import FIRST_YEAR
from portal.councils.services import council_calendar, routing_settings_for
from portal.db.types import utcnow
from portal.models.cases import Person, Representation
from portal.models.councils import Council
from portal.models.staff import User
from portal.routing.rules import route
from portal.routing.services import record_decision
from portal.routing.submission import (
    DecisionMaker,
    LookedAfterBy,
    Proceeding,
    Service,
    Submission,
    Submitter,
)
from portal.routing.submission import Kind as SubmissionKind
from portal.safety import services as safety
from portal.security.sanitise import exact_text
from portal.vocab.cases import CaseStatus, Kind, Method, PersonRole
from portal.vocab.cases import Submitter as RegisterSubmitter
from portal.vocab.events import EventType
from portal.vocab.safety import AlertSource

#: Who come in as the child or young person themselves (as the public journey counts).
CHILD_SUBMITTERS = frozenset({Submitter.CHILD, Submitter.CARE_LEAVER})

#: The channels an officer logs; the online form logs itself.
OFFLINE_METHODS = tuple(m for m in Method if m not in (Method.ONLINE_FORM, Method.UNKNOWN))


class ForWhom(enum.StrEnum):
    """On whose behalf the person got in touch."""

    THEMSELVES = "themselves"
    CHILD = "child"
    ANOTHER_ADULT = "another_adult"


@dataclass(frozen=True)
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class OfflineAnswers:
    """What the officer was told, as the offline form collects it."""

    method: Method
    received_on: date
    kind: Kind
    submitter: Submitter
    service: Service
    description: str
    contact: Contact = Contact()
    language: str = "en"
    for_whom: ForWhom = ForWhom.THEMSELVES
    #: The child's, or the other adult's, name (for a child: as they are known).
    acting_for_name: str = ""
    child_age: int | None = None
    looked_after_by: LookedAfterBy | None = None
    about_decision_of: DecisionMaker | None = None
    proceedings: tuple[Proceeding, ...] = ()
    event_on: date | None = None
    how_affected: str = ""
    desired_outcome: str = ""
    in_danger_now: bool = False
    wants_advocate: bool = False
    #: The officer's own mark: "Urgent: a child may be at risk".
    urgent: bool = False


def on_behalf_of_child(answers: OfflineAnswers) -> bool:
    """ROUTING.md's ``on_behalf_of_child``: an adult or advocate submits about or for a
    child. The public journey asks a child about themselves and anyone else about the
    child; an officer says which it was."""
    return answers.for_whom is ForWhom.CHILD and answers.submitter not in CHILD_SUBMITTERS


def submission_of(answers: OfflineAnswers) -> Submission:
    """ROUTING.md's submission from what the officer recorded: the same fields, so the
    same answers route the same way as on the public form (complaints.services
    .build_submission)."""
    return Submission(
        kind=SubmissionKind(answers.kind.value),
        received_on=answers.received_on,
        submitter=answers.submitter,
        service=answers.service,
        on_behalf_of_child=on_behalf_of_child(answers),
        child_age=answers.child_age,
        looked_after_by=answers.looked_after_by,
        about_decision_of=answers.about_decision_of,
        event_on=answers.event_on,
        proceedings=answers.proceedings,
        in_danger_now=answers.in_danger_now,
        wants_advocate=answers.wants_advocate,
        description=exact_text(answers.description),
    )


def refusal(answers: OfflineAnswers, *, today: date) -> str | None:
    """Why these answers cannot be logged, in words, or None. The form says the same
    beside each field; this keeps any other caller to the same rules."""
    if answers.method not in OFFLINE_METHODS:
        return gettext("Choose how it came to us.")
    if answers.received_on > today:
        return gettext("The date it was received cannot be in the future.")
    if answers.event_on is not None and answers.event_on > today:
        return gettext("The date it happened cannot be in the future.")
    if min(answers.received_on.year, (answers.event_on or answers.received_on).year) < FIRST_YEAR:
        return gettext("The date must be after 1 January %(year)s", year=FIRST_YEAR)
    if not exact_text(answers.description).strip():
        return gettext("Enter what they told us")
    return None


def log_offline(session: Session, council: Council, user: User, answers: OfflineAnswers, *,
                today: date) -> Representation:
    """Record the representation, route it as the public journey does, and tell a person
    at once if a child may be at risk, in the caller's transaction (the view commits)."""
    problem = refusal(answers, today=today)
    if problem is not None:
        raise CaseError(problem)
    from portal.complaints.services import next_reference  # complaints imports cases

    submission = submission_of(answers)
    decision = route(submission, settings=routing_settings_for(council),
                     calendar=council_calendar(council))
    submitter = RegisterSubmitter(answers.submitter.value)
    rep = Representation(
        council_id=council.id,
        reference=next_reference(session, council, answers.received_on.year),
        kind=answers.kind, status=CaseStatus.NEW, received_on=answers.received_on,
        method=answers.method, submitter=submitter,
        made_by_child=answers.submitter in CHILD_SUBMITTERS,
        advocate_supported=answers.submitter is Submitter.ADVOCATE,
        on_behalf_of_child=submission.on_behalf_of_child, child_age=answers.child_age,
        looked_after_by=answers.looked_after_by.value if answers.looked_after_by else None,
        service=answers.service.value,
        about_decision_of=answers.about_decision_of.value if answers.about_decision_of
        else None,
        event_on=answers.event_on, proceedings=[p.value for p in answers.proceedings],
        in_danger_now=answers.in_danger_now, wants_advocate=answers.wants_advocate,
        description=submission.description, how_affected=exact_text(answers.how_affected),
        desired_outcome=exact_text(answers.desired_outcome), language=answers.language,
        anonymous=not _identified(answers), routing_reasons=[],
    )
    rep.people.extend(_people(answers, submitter))
    session.add(rep)
    session.flush()
    # Routing's own service stores the decision: the route and its reasons, stage 1's
    # deadlines, the acknowledgement date, the checks for a manager, advocacy, urgency.
    record_decision(session, rep, decision)
    _advocacy(session, rep, answers.method)
    record(session, rep, user, EventType.LOGGED_OFFLINE, channel=answers.method.value,
           kind=answers.kind.value, route=decision.route.value, urgent=decision.urgent,
           for_whom=answers.for_whom.value)
    # DOMAIN.md, "Safety": the answer "not safe", the officer's mark or words of harm in
    # anything they said reach a person the same day, as a form would.
    safety.raise_if_at_risk(session, rep, source=AlertSource.OFFLINE, now=utcnow(),
                            marked_urgent=answers.urgent)
    return rep


def _identified(answers: OfflineAnswers) -> bool:
    c = answers.contact
    return any(exact_text(v).strip() for v in (c.name, c.email, c.phone, c.address,
                                                answers.acting_for_name
                                                if answers.for_whom is ForWhom.ANOTHER_ADULT
                                                else ""))


def _contact_person(answers: OfflineAnswers, role: PersonRole,
                    relationship: RegisterSubmitter | None) -> Person:
    c = answers.contact
    email, phone, address = (exact_text(v).strip() or None for v in (c.email, c.phone,
                                                                       c.address))
    return Person(role=role, relationship_to_child=relationship,
                  name=exact_text(c.name).strip() or None, email=email, phone=phone,
                  address=address, language=answers.language,
                  # The ways given are the ways to use: nothing else was said.
                  contact_methods=[m for m, given in (("email", email), ("phone", phone),
                                                      ("letter", address)) if given])


def _people(answers: OfflineAnswers, submitter: RegisterSubmitter) -> list[Person]:
    """The complainant, and the child or the person acted for, as the case file shows
    them (see the module's docstring)."""
    named = exact_text(answers.acting_for_name).strip() or None
    if answers.for_whom is ForWhom.ANOTHER_ADULT:
        # Their relationship to any child is not known; the representative's is the
        # register's submitter.
        return [Person(role=PersonRole.COMPLAINANT, name=named,
                       relationship_to_child=RegisterSubmitter.UNKNOWN,
                       language=answers.language, contact_methods=[]),
                _contact_person(answers, PersonRole.REPRESENTATIVE, submitter)]
    child = answers.submitter in CHILD_SUBMITTERS
    complainant = _contact_person(answers, PersonRole.COMPLAINANT, None if child else submitter)
    if child and answers.for_whom is ForWhom.THEMSELVES:
        complainant.age = answers.child_age
    people = [complainant]
    if answers.for_whom is ForWhom.CHILD and (named or answers.child_age is not None):
        people.append(Person(role=PersonRole.CHILD, name=named, age=answers.child_age))
    return people


def _advocacy(session: Session, rep: Representation, method: Method) -> None:
    """A child who asked for an advocate has said yes already: their request starts the
    advocacy clock on the day it was received (Children Act 1989 s.26A), as online. A
    child who did not ask is offered one by a person, who records how (the advocacy
    pages list every child still to be offered one)."""
    from portal.advocacy.services import ensure_offered  # advocacy imports cases
    from portal.vocab.advocacy import OfferHow
    from portal.vocab.cases import Advocacy

    if rep.advocacy is not Advocacy.REQUESTED:
        return
    how = {Method.TELEPHONE: OfferHow.TELEPHONE, Method.IN_PERSON: OfferHow.IN_PERSON,
           Method.EMAIL: OfferHow.EMAIL}.get(method, OfferHow.LETTER)
    ensure_offered(session, rep, how)
