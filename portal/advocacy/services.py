"""The advocacy lifecycle on the models: each step checks the rules, updates the child's
advocacy record, and appends one event to the case's timeline.

Services flush, never commit: the request (or the CLI command) commits once.
Legal source for the whole module: Children Act 1989 s.26A (the council must
offer advocacy to every child or care leaver who makes or intends to make a
complaint, and help them get an advocate) and the Advocacy Services and
Representations Procedure (Children) (Amendment) Regulations 2004.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.advocacy import notices, queries

# The ``name as name`` imports keep these reachable here, as before providers.py and
# errors.py were split off: the views and the tests use ``services.save_provider`` and
# the like.
from portal.advocacy.errors import REFUSAL_MESSAGES as REFUSAL_MESSAGES
from portal.advocacy.errors import AdvocacyError as AdvocacyError
from portal.advocacy.errors import AdvocateRefused as AdvocateRefused
from portal.advocacy.labels import LABELS
from portal.advocacy.providers import LANGUAGE_CODE
from portal.advocacy.providers import parse_languages as parse_languages
from portal.advocacy.providers import save_profile as save_profile
from portal.advocacy.providers import save_provider as save_provider
from portal.common.filters import long_date
from portal.history import events as history
from portal.models.advocacy import AdvocacyCase, AdvocacyProvider, ComplaintChainMember
from portal.models.cases import CaseEvent, Message, Representation
from portal.models.councils import Council
from portal.models.staff import Role, User
from portal.notifications import services as notifications
from portal.procedure import advocacy as rules
from portal.staff.permissions import NotPermitted
from portal.staff.services import audit, audit_values
from portal.vocab.advocacy import AdvocacyStatus, Answer, OfferHow
from portal.vocab.cases import Advocacy, MessageAuthor
from portal.vocab.events import EventType

#: Event types (vocab/events.py) by the names the tests import.
EVENT_OFFERED = EventType.ADVOCACY_OFFERED
EVENT_ANSWERED = EventType.ADVOCACY_ANSWERED
EVENT_REFERRED = EventType.ADVOCACY_REFERRED
EVENT_ASSIGNED = EventType.ADVOCACY_ASSIGNED
EVENT_REASSIGNED = EventType.ADVOCACY_REASSIGNED
EVENT_OBJECTION = EventType.ADVOCACY_OBJECTION
EVENT_FIRST_CONTACT = EventType.ADVOCACY_FIRST_CONTACT
EVENT_NEXT_STAGE_REQUESTED_BY_ADVOCATE = EventType.NEXT_STAGE_REQUESTED_BY_ADVOCATE


def _now() -> datetime:
    return datetime.now(UTC)


def record_event(session: Session, case: AdvocacyCase, type_: EventType, *,
                 actor: User | None, data: dict[str, Any]) -> CaseEvent:
    event = history.record_event(session, case.representation_id, type_,
                                 actor=_actor_label(actor),
                                 actor_user_id=actor.id if actor is not None else None,
                                 data=data)
    # Every change is in the audit log too (DOMAIN.md, "Data protection").
    audit(actor, type_, representation_id=case.representation_id, detail=data)
    return event


def _actor_label(actor: User | None) -> str:
    if actor is None:
        return "system"
    return "advocate" if actor.role is Role.ADVOCATE else "staff"


def _move(case: AdvocacyCase, wanted: AdvocacyStatus) -> None:
    try:
        case.status = rules.transition(case.status, wanted)
    except rules.InvalidTransition as error:
        raise AdvocacyError(_l("That step does not fit where this child's advocacy stands "
                               "(%(status)s).", status=LABELS[case.status])) from error


def _note(case: AdvocacyCase, **values: Any) -> None:
    # Reassign the dict: SQLAlchemy does not see changes made inside a JSON value.
    case.notes = {**(case.notes or {}), **values}


# --- offer and answer ------------------------------------------------------------------


def ensure_offered(session: Session, representation: Representation, how: OfferHow | str,
                   *, actor: User | None = None, on: date | None = None
                   ) -> AdvocacyCase | None:
    """Offer advocacy when the routing says ``offer`` or ``requested``; idempotent.

    Children Act 1989 s.26A: every child or care leaver who complains is
    offered an advocate. A child who asked for one (``requested``) has already
    said yes, so their request starts the clock on the day it was received.
    Returns the child's advocacy record, or None when advocacy does not apply
    (an advocate filed it, or the routing says ``not_applicable``).
    """
    existing = queries.advocacy_case(session, representation.id)
    if existing is not None:
        return existing
    offered = _offer(representation, how, on=on)
    if offered is None:
        return None
    case, steps = offered
    session.add(case)
    for number, (type_, data) in enumerate(steps):
        # The offer is the actor's; a request made with the complaint is the child's own.
        record_event(session, case, type_, actor=actor if number == 0 else None, data=data)
    session.flush()
    return case


def offer_on_arrival(session: Session, representation: Representation, *, at: datetime,
                     events: list[dict[str, Any]], audits: list[dict[str, Any]]
                     ) -> AdvocacyCase | None:
    """:func:`ensure_offered` for an entry being written now (the public form): it can
    have no advocacy record yet, so none is looked for, and its events and audit
    entries are added to ``events`` and ``audits`` for the caller to write with its
    own, one INSERT each (history.record_events, staff.services.record_audits)."""
    offered = _offer(representation, OfferHow.AUTOMATIC, on=None)
    if offered is None:
        return None
    case, steps = offered
    session.add(case)
    for type_, data in steps:
        events.append(history.event_values(representation.id, type_, actor="system",
                                           data=data, at=at))
        audits.append(audit_values(None, type_, representation_id=representation.id,
                                   detail=data))
    return case


def _offer(representation: Representation, how: OfferHow | str, *, on: date | None
           ) -> tuple[AdvocacyCase, list[tuple[EventType, dict[str, Any]]]] | None:
    """The advocacy record an offer makes, and its events (type, data) in order; None
    when the routing says no offer is due."""
    if representation.advocacy not in (Advocacy.OFFER, Advocacy.REQUESTED):
        return None
    how = OfferHow(how)
    case = AdvocacyCase(
        representation_id=representation.id, status=AdvocacyStatus.OFFERED,
        offered_at=_now(), offered_how=how.value, objected_advocate_ids=[], notes={},
    )
    steps: list[tuple[EventType, dict[str, Any]]] = [(EVENT_OFFERED, {"how": how.value})]
    if representation.advocacy is Advocacy.REQUESTED:
        requested_on = on or representation.received_on
        _move(case, AdvocacyStatus.ACCEPTED)
        case.answer = Answer.ACCEPTED.value
        case.requested_on = requested_on
        steps.append((EVENT_ANSWERED, {"answer": Answer.ACCEPTED.value,
                                       "on": requested_on.isoformat(),
                                       "asked_when_submitting": True}))
    return case, steps


def offer_missing(session: Session, council: Council) -> int:
    """Offer advocacy to every child the routing says must be offered it and who has no
    advocacy record yet (e.g. logged by staff from a letter or phone call). Returns how many."""
    missing = session.scalars(
        select(Representation).where(
            Representation.council_id == council.id,
            Representation.advocacy.in_((Advocacy.OFFER, Advocacy.REQUESTED)),
            Representation.id.not_in(select(AdvocacyCase.representation_id)),
        ).order_by(Representation.id)
    ).all()
    for representation in missing:
        ensure_offered(session, representation, OfferHow.AUTOMATIC)
    return len(missing)


def record_offer(session: Session, representation: Representation, how: OfferHow | str, *,
                 actor: User) -> AdvocacyCase:
    """Record an offer staff made (how: in person, by phone, letter...), whatever the routing
    said: a child may be offered advocacy at any point, and again after declining."""
    how = OfferHow(how)
    case = queries.advocacy_case(session, representation.id)
    if case is None:
        case = AdvocacyCase(representation_id=representation.id, status=AdvocacyStatus.OFFERED,
                            objected_advocate_ids=[], notes={})
        session.add(case)
    elif case.status in (AdvocacyStatus.DECLINED, AdvocacyStatus.CLOSED):
        if case.status is AdvocacyStatus.CLOSED:
            _new_round(case)
        _move(case, AdvocacyStatus.OFFERED)
    elif case.status is not AdvocacyStatus.OFFERED:
        raise AdvocacyError(_l("This child has already accepted advocacy."))
    case.offered_at = _now()
    case.offered_how = how.value
    record_event(session, case, EVENT_OFFERED, actor=actor, data={"how": how.value})
    session.flush()
    return case


def _new_round(case: AdvocacyCase) -> None:
    """A closed advocacy offered again (e.g. at the next stage) is a new round: its own
    request, referral and assignment, so its time to assign is measured afresh. The
    child's objections stand."""
    case.answer = None
    case.requested_on = None
    case.provider_id = None
    case.referred_on = None
    case.advocate_user_id = None
    case.assigned_on = None
    case.first_contact_on = None
    case.closed_on = None


def _check_day(on: date, *, not_before: date | None, today: date | None) -> None:
    if today is not None and on > today:
        raise AdvocacyError(_l("The date must be today or in the past."))
    if not_before is not None and on < not_before:
        raise AdvocacyError(_l("The date cannot be before %(day)s.",
                               day=long_date(not_before)))


def record_answer(session: Session, case: AdvocacyCase, answer: Answer | str, *, on: date,
                  actor: User | None, today: date | None = None) -> AdvocacyCase:
    """The child's answer. A yes is the child's request: the time to assign runs from it,
    so the day cannot be in the future, nor before the complaint was received."""
    answer = Answer(answer)
    representation = session.get(Representation, case.representation_id)
    _check_day(on, not_before=representation.received_on if representation else None,
               today=today)
    wanted = AdvocacyStatus.ACCEPTED if answer is Answer.ACCEPTED else AdvocacyStatus.DECLINED
    _move(case, wanted)
    case.answer = answer.value
    if answer is Answer.ACCEPTED:
        case.requested_on = on
    record_event(session, case, EVENT_ANSWERED, actor=actor,
                 data={"answer": answer.value, "on": on.isoformat()})
    session.flush()
    return case


# --- referral and assignment -----------------------------------------------------------------


def refer(session: Session, case: AdvocacyCase, provider: AdvocacyProvider, *, on: date,
          actor: User) -> AdvocacyCase:
    """Refer the child to an advocacy provider, whose coordinator then assigns an advocate."""
    representation = session.get(Representation, case.representation_id)
    if representation is None or provider.council_id != representation.council_id \
            or not provider.active:
        raise AdvocacyError(_l("Choose one of the council's advocacy providers."))
    _move(case, AdvocacyStatus.REFERRED)
    case.provider_id = provider.id
    case.referred_on = on
    record_event(session, case, EVENT_REFERRED, actor=actor,
                 data={"provider_id": provider.id, "provider": provider.name, "on": on.isoformat()})
    session.flush()
    return case


def child_languages(representation: Representation) -> list[str]:
    """The languages to match, the child's own first: a language they asked an interpreter
    for, the child's recorded language, then the language the representation was made in."""
    from portal.vocab.cases import PersonRole

    child = representation.person(PersonRole.CHILD)
    complainant = representation.person(PersonRole.COMPLAINANT)
    own = child or (complainant if representation.made_by_child else None)
    found: list[str] = []
    candidates = [interpreter_language(need) for need in (own.needs if own else []) or []]
    candidates += [own.language if own else None, representation.language]
    for code in candidates:
        if code and code not in found:
            found.append(code)
    return found


@functools.cache
def _language_names() -> dict[str, str]:
    """Language names in English and Welsh (as people type them) to their codes."""
    from babel import Locale

    names: dict[str, str] = {}
    for locale in ("cy", "en"):
        for code, name in Locale.parse(locale).languages.items():
            if "_" not in code:
                names.setdefault(name.casefold(), code.lower())
    return names


def interpreter_language(need: str) -> str | None:
    """``"interpreter:Polish"`` -> ``"pl"``: the language a child asked an interpreter for,
    when what they typed names a language (in English or Welsh) or is a code."""
    kind, _, typed = need.partition(":")
    typed = typed.strip().casefold()
    if kind != "interpreter" or not typed:
        return None
    if LANGUAGE_CODE.match(typed) and typed in _language_names().values():
        return typed
    return _language_names().get(typed)


def suggestions(session: Session, case: AdvocacyCase) -> list[rules.Match]:
    """Every advocate who could be considered, best first, with why not for the others."""
    representation = session.get(Representation, case.representation_id)
    assert representation is not None
    candidates = queries.advocates(session, representation.council_id)
    return rules.rank(
        candidates,
        languages=child_languages(representation),
        chain=queries.chain_for(session, representation.id),
        objected_user_ids=case.objected_advocate_ids or (),
        provider_id=case.provider_id,
    )


def assign(session: Session, case: AdvocacyCase, advocate_user_id: int, *, on: date,
           actor: User) -> AdvocacyCase:
    """Assign an advocate, refusing anyone in the complaint's chain (2004 Regulations reg. 3),
    anyone the child objected to, and anyone without capacity; records the languages
    matched. The first assignment fixes ``assigned_on``, the end of the time to assign."""
    representation = session.get(Representation, case.representation_id)
    assert representation is not None
    candidate = queries.advocate(session, advocate_user_id)
    if candidate is None:
        raise AdvocateRefused(rules.Refusal.NOT_AN_ADVOCATE)
    refusal = rules.refusal_for(
        candidate,
        chain=queries.chain_for(session, representation.id),
        objected_user_ids=case.objected_advocate_ids or (),
        provider_id=case.provider_id,
        current_advocate_id=case.advocate_user_id,
    )
    if refusal is not None:
        raise AdvocateRefused(refusal)
    if advocate_user_id == case.advocate_user_id:
        raise AdvocacyError(_l("This advocate is already assigned to the child."))
    previous = case.advocate_user_id
    _move(case, AdvocacyStatus.ASSIGNED)
    if candidate.provider_id is not None and case.provider_id is None:
        case.provider_id = candidate.provider_id
    matched = list(rules.languages_matched(candidate, child_languages(representation)))
    case.advocate_user_id = advocate_user_id
    if case.assigned_on is None:
        case.assigned_on = on
    _note(case, languages_matched=matched)
    representation.advocate_supported = True
    advocate_user = session.get(User, advocate_user_id)
    assert advocate_user is not None
    notices.tell_assigned(session, case, advocate_user, representation)
    reassigned = previous is not None or case.objected_advocate_ids
    record_event(session, case, EVENT_REASSIGNED if reassigned else EVENT_ASSIGNED, actor=actor,
                 data={"advocate_user_id": advocate_user_id, "advocate": candidate.name,
                       "previous_advocate_user_id": previous, "languages_matched": matched,
                       "on": on.isoformat()})
    session.flush()
    return case


#: Who told us of a child's objection: staff who heard it, or, from the tracking page, the
#: child or the person who made the complaint, in their own words.
OBJECTION_BY = ("staff", "child", "complainant")


def record_objection(session: Session, case: AdvocacyCase, *, on: date, actor: User | None,
                     reason: str = "", by: str = "staff") -> AdvocacyCase:
    """The child objects to their advocate (National Standards for the Provision of
    Children's Advocacy Services 2002): the advocate stops at once, loses access to the
    case, is never suggested again for this child, and the case goes back for reassignment;
    the provider's coordinators are emailed to assign another advocate.

    ``by`` says who told us; staff record it with their account as ``actor``, while the
    child (or the complainant) tells us from the tracking page, with no account."""
    if by not in OBJECTION_BY:
        raise ValueError(f"unknown objection source {by!r}")
    objected = case.advocate_user_id
    if objected is None:
        raise AdvocacyError(_l("No advocate is assigned to object to."))
    _move(case, AdvocacyStatus.REFERRED)
    case.objected_advocate_ids = [*(case.objected_advocate_ids or []), objected]
    case.advocate_user_id = None
    record_event(session, case, EVENT_OBJECTION, actor=actor,
                 data={"advocate_user_id": objected, "on": on.isoformat(), "reason": reason,
                       "by": by})
    representation = session.get(Representation, case.representation_id)
    assert representation is not None
    notices.tell_new_advocate_needed(session, case, representation)
    session.flush()
    return case


def record_first_contact(session: Session, case: AdvocacyCase, *, on: date, actor: User,
                         today: date | None = None) -> AdvocacyCase:
    """The advocate has spoken to the child."""
    if case.assigned_on is not None and on < case.assigned_on:
        raise AdvocacyError(_l("First contact cannot be before the advocate was assigned."))
    _check_day(on, not_before=None, today=today)
    _move(case, AdvocacyStatus.IN_CONTACT)
    case.first_contact_on = on
    record_event(session, case, EVENT_FIRST_CONTACT, actor=actor, data={"on": on.isoformat()})
    session.flush()
    return case


def close(session: Session, case: AdvocacyCase, *, on: date, actor: User, reason: str = ""
          ) -> AdvocacyCase:
    """Advocacy ends (the complaint is over, or the child no longer wants it); the advocate
    loses access to the case."""
    _move(case, AdvocacyStatus.CLOSED)
    case.closed_on = on
    record_event(session, case, EventType.ADVOCACY_CLOSED, actor=actor,
                 data={"on": on.isoformat(), "reason": reason,
                       "advocate_user_id": case.advocate_user_id})
    session.flush()
    return case


def record_chain_member(session: Session, representation: Representation,
                        role: rules.ChainRole, *, actor: User, user_id: int | None = None,
                        name: str | None = None, email: str | None = None
                        ) -> ComplaintChainMember:
    """Record someone in the complaint's chain, so matching refuses them as its advocate."""
    if user_id is None and not (name and name.strip()) and not (email and email.strip()):
        raise AdvocacyError(_l("Give the person's account, name or email address."))
    member = ComplaintChainMember(
        representation_id=representation.id, role=role, user_id=user_id,
        name=(name or "").strip() or None, email=(email or "").strip() or None,
        recorded_by_id=actor.id,
    )
    session.add(member)
    history.record_event(session, representation.id, EventType.ADVOCACY_CHAIN_RECORDED,
                         actor=_actor_label(actor), actor_user_id=actor.id,
                         data={"role": role.value})
    audit(actor, EventType.ADVOCACY_CHAIN_RECORDED, representation_id=representation.id,
          detail={"role": role.value})
    session.flush()
    return member


# --- what an advocate does for the child --------------------------------------------------


def send_advocate_message(session: Session, representation: Representation, advocate: User,
                          body: str) -> Message:
    """A message from the child's advocate, shown to the child on the tracking page. Stored
    as plain text and escaped on output."""
    text = body.strip()
    if not text:
        raise AdvocacyError(_l("Write your message."))
    if not queries.advocate_may_see(session, advocate.id, representation.id):
        raise NotPermitted("advocate not assigned to this child",
                           representation_id=representation.id)
    message = Message(representation_id=representation.id, author=MessageAuthor.ADVOCATE,
                      author_user_id=advocate.id, body=text)
    session.add(message)
    history.record_event(session, representation.id, EventType.ADVOCATE_MESSAGE,
                         actor="advocate", actor_user_id=advocate.id)
    audit(advocate, EventType.ADVOCATE_MESSAGE, representation_id=representation.id,
          detail={"length": len(text)})
    notifications.advocate_wrote(session, representation, advocate=advocate)
    session.flush()
    return message
