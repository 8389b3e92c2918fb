"""The outgoing mail queue, written in the same transaction as what it tells of.

One queue for both channels: an email, or a text message (SMS) to a mobile
number. For a text, ``to_address`` holds the phone number and ``subject`` is
empty; ``send_window`` says when in the London week it may arrive (see
portal/settings/texting.py) and ``not_before`` holds it until then.

A mail with a ``template`` is written by the worker, not by the request that queued
it: the body is empty until the worker renders the template with ``context`` in the
mail's ``locale``, just before sending (portal/mail/services.py, ``render_queued``).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db.base import Base
from portal.db.types import enum_column, utcnow


class Channel(enum.StrEnum):
    EMAIL = "email"
    SMS = "sms"


class OutgoingMail(Base):
    __tablename__ = "outgoing_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel), default=Channel.EMAIL,
                                             server_default=Channel.EMAIL.value)
    #: The email address, or for a text message the mobile number.
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(10), default="en")
    purpose: Mapped[str] = mapped_column(String(60))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: A text waits until this moment: the next opening of its safe window.
    not_before: Mapped[datetime | None]
    #: When a text may arrive, as rules.week_to_text writes it; checked again at every
    #: attempt, so a retry or a late worker never texts at an unsafe time.
    send_window: Mapped[str | None] = mapped_column(String(100))
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(300))
    #: The template the worker renders the body from, if the request left it to the worker.
    template: Mapped[str | None] = mapped_column(String(120))
    #: What the template needs (a case's reference, its dates as ISO days under "dates").
    context: Mapped[dict[str, Any] | None] = mapped_column(JSON)
