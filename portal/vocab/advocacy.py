"""Advocacy's vocabularies, kept apart from the models so the pure rules can use them."""

from __future__ import annotations

import enum


class AdvocacyStatus(enum.StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REFERRED = "referred"
    ASSIGNED = "assigned"
    IN_CONTACT = "in_contact"
    CLOSED = "closed"


class OfferHow(enum.StrEnum):
    """How advocacy was offered to the child (DOMAIN.md: "offered (when, how)")."""

    AUTOMATIC = "automatic"  # on the confirmation page and in the acknowledgement
    IN_PERSON = "in_person"
    TELEPHONE = "telephone"
    LETTER = "letter"
    EMAIL = "email"
    TEXT_MESSAGE = "text_message"


class Answer(enum.StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
