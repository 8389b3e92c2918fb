"""Passing a compliment on to the people praised and their manager.

DOMAIN.md: "compliment: praise for a worker or team; shared with them and their
manager." The words go by email through the mail queue, in the same transaction
as the record that they went. The sender's name goes with them only if the
sender agreed; no other detail of theirs (address, phone, email) ever does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask import render_template
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from portal.cases.context import CaseError
from portal.cases.guard import require
from portal.cases.services import record
from portal.common.dates import Nation
from portal.mail.compose import compose
from portal.mail.services import enqueue
from portal.models.cases import Representation
from portal.models.records import Compliment, ComplimentFor, ComplimentRecipient
from portal.models.staff import User
from portal.procedure.machine import Step
from portal.staff.language import BILINGUAL_WALES
from portal.vocab.cases import CaseStatus, Kind, PersonRole, Route
from portal.vocab.events import EventType

PURPOSE = "compliment_shared"


@dataclass(frozen=True)
class Recipient:
    role: ComplimentFor
    name: str
    email: str


def is_compliment(rep: Representation) -> bool:
    return rep.kind is Kind.COMPLIMENT or rep.route is Route.COMPLIMENT


def share_compliment(session: Session, rep: Representation, user: User, *,
                     recipients: list[Recipient], words: str, sender_named: bool,
                     locale: str) -> Compliment:
    """Send the compliment's words to the worker or team it is for and to their
    manager, and record when and to whom (DOMAIN.md, "compliment"). It may be passed
    on again, to someone forgotten; each sending is recorded."""
    if not is_compliment(rep):
        raise CaseError(gettext("Only a compliment is passed on."))
    if rep.status is not CaseStatus.CLOSED:
        raise CaseError(gettext("Accept the compliment at triage first, then pass it on."))
    require(Step.COMPLIMENT, rep, user.role)
    text = words.strip()
    if not text:
        raise CaseError(gettext("Write the words to pass on."))
    named = [r for r in recipients if r.name.strip()]
    managers = _check_recipients(named)
    sender = _sender_name(rep) if sender_named else None
    compliment = session.scalars(select(Compliment).where(
        Compliment.representation_id == rep.id)
        .options(selectinload(Compliment.recipients))).first()
    if compliment is None:
        compliment = Compliment(representation_id=rep.id)
        session.add(compliment)
    praised = [r for r in named if r.role is not ComplimentFor.MANAGER]

    def write() -> tuple[str, str]:
        return (gettext("A compliment for you (%(reference)s)", reference=rep.reference),
                render_template("cases/mail/compliment.txt", words=text, sender=sender,
                                for_whom=", ".join(r.name.strip() for r in praised),
                                managers=", ".join(r.name.strip() for r in managers),
                                reference=rep.reference))

    mail = compose(_languages(rep, locale), write)
    now = datetime.now(UTC)
    for person in named:
        email = person.email.strip() or None
        if email is not None:
            enqueue(session, to=email, subject=mail.subject, body=mail.body,
                    locale=mail.locale, purpose=PURPOSE)
        # A team without an address is named in the message and hears through its manager.
        compliment.recipients.append(ComplimentRecipient(
            role=person.role, name=person.name.strip(), email=email,
            sent_at=now if email is not None else None))
    compliment.words, compliment.sender_named = text, sender is not None
    if compliment.shared_at is None:
        compliment.shared_at, compliment.shared_by_id = now, user.id
    # Names and roles, not addresses: the history says who, the recipients table how.
    record(session, rep, user, EventType.COMPLIMENT_SHARED,
           **{r.role.value: r.name.strip() for r in named}, sender_named=sender is not None)
    return compliment


def _languages(rep: Representation, locale: str) -> tuple[str, ...]:
    """A Welsh council writes to its staff in Welsh and English, Welsh first (Welsh
    Language Standards (No. 1) Regulations 2015); others in the officer's language.
    The people praised have no account here, so no language of their own to choose."""
    if rep.council.nation is Nation.WALES:
        return BILINGUAL_WALES
    return (locale,)


def _check_recipients(named: list[Recipient]) -> list[Recipient]:
    """Who it is for (a worker or a team) and their manager, each with an address; a
    team may have none (it hears through its manager). Returns the managers."""
    if any(not r.email.strip() for r in named if r.role is not ComplimentFor.TEAM):
        raise CaseError(gettext("Give the email address of each person named, so we can "
                                "send it to them."))
    if not any(r.role is not ComplimentFor.MANAGER for r in named):
        raise CaseError(gettext("Say who the compliment is for: a worker or a team."))
    managers = [r for r in named if r.role is ComplimentFor.MANAGER]
    if not managers:
        raise CaseError(gettext("Give their manager's name and email address: a compliment "
                                "is shared with the manager too."))
    return managers


def _sender_name(rep: Representation) -> str:
    """The sender's name, which goes with their words only because they agreed."""
    complainant = rep.person(PersonRole.COMPLAINANT)
    name = complainant.name if complainant is not None and not rep.anonymous else None
    if not name:
        raise CaseError(gettext("We have no name for the person who sent it, so it can "
                                "only be passed on without one: untick their agreement."))
    return name
