"""Sending a tracking code to the child: by email or text, through the mail queue.

A child may ask, on the confirmation page, for their code to be sent to an email
address or a phone they choose, instead of writing it down or photographing it
(a photo stays in a shared phone's gallery). An advocate assigned to the child
may send them a new code (complaints/for_advocates.py), to the ways of contact
the child chose. The mail worker wipes the words of these mails once they are
sent (mail.services.SECRET_PURPOSES), so the code is not kept in the queue.

A text waits for the council's texting hours (portal/settings/texting.py); a
child's own choice of times ("When can we text you?") narrows them further when
the code goes to the number they gave on the form.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext
from sqlalchemy.orm import Session

from portal.cases.complainant import email_address, texting_number, texting_week
from portal.common.languages import in_language
from portal.common.links import public_url
from portal.councils.services import council_settings
from portal.mail.services import enqueue, enqueue_sms
from portal.models.cases import Representation
from portal.security.tokens import group_code
from portal.settings import texting as rules
from portal.vocab.cases import PersonRole

#: The mails' purpose: mail.services wipes their words once sent.
PURPOSE = "tracking_code"


def _email(rep: Representation, code: str, locale: str) -> tuple[str, str]:
    with in_language(locale):
        subject = gettext("Your tracking code")
        body = "\n\n".join([
            gettext("Your reference is %(reference)s.", reference=rep.reference),
            gettext("Your secret tracking code is %(code)s.", code=group_code(code)),
            gettext("To see what is happening, go to %(url)s and use your reference and "
                    "your code.", url=public_url("complaints.track", lang=locale)),
            gettext("Anyone who has your reference and your code can read your complaint. "
                    "So do not send this email on to anyone."),
        ])
    return subject, body


def _text(rep: Representation, code: str, locale: str) -> str:
    with in_language(locale):
        return gettext("Your reference is %(reference)s. Your secret code is %(code)s. "
                       "Go to %(url)s to see what is happening.", reference=rep.reference,
                       code=group_code(code), url=public_url("complaints.track", lang=locale))


def send_by_email(session: Session, rep: Representation, code: str, address: str, *,
                  locale: str) -> None:
    subject, body = _email(rep, code, locale)
    enqueue(session, to=address, subject=subject, body=body, locale=locale, purpose=PURPOSE)


def send_by_text(session: Session, rep: Representation, code: str, number: str, *,
                 locale: str, now: datetime, week: rules.Week | None = None) -> None:
    """Queue the text, held until the council's texting hours (or ``week``) allow it."""
    week = week or rules.week_for(None, council_settings(rep.council).sms_hours)
    enqueue_sms(session, to=number, body=_text(rep, code, locale), locale=locale,
                purpose=PURPOSE, week=week, now=now)


def send_to_chosen_contact(session: Session, rep: Representation, code: str, *,
                           now: datetime) -> list[str]:
    """Send ``code`` in the ways the complainant chose on the form (email, text, both);
    returns which ("email", "text"): none for an anonymous case or one with neither."""
    person = rep.person(PersonRole.COMPLAINANT)
    language = (person.language if person else None) or rep.language or "en"
    sent = []
    address = email_address(rep, person)
    if address:
        send_by_email(session, rep, code, address, locale=language)
        sent.append("email")
    number = texting_number(rep, person)
    if person is not None and number:
        send_by_text(session, rep, code, number, locale=language, now=now,
                     week=texting_week(rep, person))
        sent.append("text")
    return sent
