"""Messages and letters to the complainant: on their tracking page, and by email or
text only as they chose."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext
from sqlalchemy.orm import Session

from portal.cases.complainant import tell_complainant
from portal.cases.context import CaseError, settings_of
from portal.cases.guard import require
from portal.cases.letters import Letter, letter_locale, render_letter
from portal.cases.services.common import record
from portal.common.languages import in_language
from portal.models.cases import Message, Representation
from portal.models.staff import User
from portal.procedure.machine import Step
from portal.vocab.cases import MessageAuthor
from portal.vocab.events import EventType


def send_message(session: Session, rep: Representation, user: User, body: str) -> Message:
    """A message the complainant reads on their tracking page (and by email if they
    chose email)."""
    require(Step.MESSAGE, rep, user.role)
    text = (body or "").strip()
    if not text:
        raise CaseError(gettext("Write the message."))
    message = Message(representation_id=rep.id, author=MessageAuthor.COUNCIL,
                      author_user_id=user.id, body=text)
    session.add(message)
    rep.messages.append(message)
    # The email's subject in the complainant's language, not the officer's; the officer's
    # words are sent as written (the case page says when they must be translated first).
    language = letter_locale(rep)
    with in_language(language):
        subject = gettext("A new message about %(reference)s", reference=rep.reference)
    _email_complainant(session, rep, subject, text, "message", locale=language)
    record(session, rep, user, EventType.MESSAGE_SENT, length=len(text))
    return message


def send_letter(session: Session, rep: Representation, user: User, kind: Letter, *,
                today: date, **context: Any) -> Message:
    """Render a letter in the complainant's language and send it as a message."""
    letter = render_letter(kind, rep, ombudsman=settings_of(rep).ombudsman, today=today,
                           **context)
    message = Message(representation_id=rep.id, author=MessageAuthor.COUNCIL,
                      author_user_id=user.id, body=letter.body)
    session.add(message)
    rep.messages.append(message)
    _email_complainant(session, rep, letter.subject, letter.body, f"letter_{kind.value}",
                       locale=letter.locale)
    session.flush()  # the message's id: the case page offers the letter as HTML and PDF
    record(session, rep, user, EventType.LETTER_SENT, letter=kind.value, locale=letter.locale,
           message_id=message.id)
    return message


def _email_complainant(session: Session, rep: Representation, subject: str, body: str,
                       purpose: str, *, locale: str | None = None) -> None:
    # By email and/or a text saying there is news, only as they chose (portal/mail).
    tell_complainant(session, rep, subject=subject, body=body, purpose=purpose, locale=locale)
