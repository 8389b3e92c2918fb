"""Telling the person who made a complaint that there is news, in the ways they chose.

The public form asks "How can we contact you safely?". Someone who ticked Email
gets the message itself by email; someone who ticked Text message gets a short
text saying there is news and where to read it (both, if they ticked both). A
text never holds the council's words, a name or anything they wrote: a phone's
lock screen is read by whoever holds it. It says only that there is a message,
the reference, and the tracking page, where the secret code opens it. It comes
in their language, and only within their safe hours (portal/settings/texting.py).
Nobody anonymous is ever contacted. Source: DOMAIN.md, "Safety" and
"Accessibility and children"; UK GDPR art. 5(1)(c) (no more than is needed).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask_babel import gettext
from sqlalchemy.orm import Session

from portal.common.languages import in_language
from portal.common.links import public_url
from portal.councils.services import council_settings
from portal.mail.services import enqueue, enqueue_sms
from portal.models.cases import Person, Representation
from portal.models.mail import OutgoingMail
from portal.settings import texting as rules
from portal.vocab.cases import PersonRole

#: The purpose of the first message, which thanks them; every other is "news".
ACKNOWLEDGEMENT = "acknowledgement"


def email_address(rep: Representation, person: Person | None) -> str | None:
    """Their address, if email is among the ways they chose (a case logged by staff may
    have no choices recorded: then the address given is the way); never when anonymous."""
    if person is None or rep.anonymous or not person.email:
        return None
    if person.contact_methods and "email" not in person.contact_methods:
        return None
    return person.email


def texting_number(rep: Representation, person: Person | None) -> str | None:
    """Their texting number, if they chose Text message; never when anonymous."""
    if person is None or rep.anonymous or not person.mobile:
        return None
    return person.mobile if "text" in (person.contact_methods or []) else None


def sms_text(rep: Representation, purpose: str, locale: str) -> str:
    """The whole text: that there is news, the reference and the tracking page. Nothing
    the council or the child wrote, and no name. In any language the case is in."""
    with in_language(locale):
        url = public_url("complaints.track", lang=locale)
        if purpose == ACKNOWLEDGEMENT:
            return gettext("We got your message. Your reference is %(reference)s. To see what "
                           "happens next, go to %(url)s and use your reference and your "
                           "secret code.", reference=rep.reference, url=url)
        return gettext("There is a new message for you about %(reference)s. To read it, go to "
                       "%(url)s and use your reference and your secret code.",
                       reference=rep.reference, url=url)


def texting_week(rep: Representation, person: Person) -> rules.Week:
    """The council's texting hours, narrowed by when they said texts may come."""
    return rules.week_for(person.text_times, council_settings(rep.council).sms_hours)


def tell_complainant(session: Session, rep: Representation, *, subject: str, body: str,
                     purpose: str, locale: str | None = None, now: datetime | None = None,
                     template: str | None = None, context: Mapping[str, Any] | None = None
                     ) -> list[OutgoingMail]:
    """Queue the email (``subject``, ``body``, or a ``template`` and its ``context`` for
    the mail worker to write: mail.services.enqueue) and the text their choices ask for,
    in the caller's transaction; returns what was queued (nothing for an anonymous case)."""
    person = rep.person(PersonRole.COMPLAINANT)
    language = (person.language if person else None) or rep.language or "en"
    queued = []
    address = email_address(rep, person)
    if address:
        queued.append(enqueue(session, to=address, subject=subject, body=body,
                              locale=locale or language, purpose=purpose, template=template,
                              context=context))
    number = texting_number(rep, person)
    if person is not None and number:
        queued.append(enqueue_sms(session, to=number, body=sms_text(rep, purpose, language),
                                  locale=language, purpose=purpose,
                                  week=texting_week(rep, person), now=now))
    return queued
