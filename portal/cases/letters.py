"""Letters to the complainant from templates, in the complainant's language.

A letter is plain text (children's words are stored as plain text and escaped
on output), rendered with ``force_locale`` so a Welsh speaker's letter is
Welsh whoever sends it. Each outcome letter states the right to the next
stage and to the Ombudsman: the 2006 Regulations (regs. 15, 18, 21) and the
LGSCO Code require the complainant to be told.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import render_template
from flask_babel import force_locale, gettext

from portal.cases.models import Representation
from portal.routing.vocabulary import Ombudsman


class Letter(enum.StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    OUTCOME = "outcome"
    SIGNPOSTING = "signposting"
    EXTENSION = "extension"
    DEFERRAL = "deferral"
    NOT_ACCEPTED = "not_accepted"


@dataclass(frozen=True)
class RenderedLetter:
    kind: Letter
    locale: str
    subject: str
    body: str


def ombudsman_details(ombudsman: Ombudsman) -> dict[str, str]:
    """Name, phone and web address of the Ombudsman the complainant may go to."""
    if ombudsman is Ombudsman.PSOW:
        return {"name": gettext("the Public Services Ombudsman for Wales"),
                "phone": "0300 790 0203", "web": "www.ombudsman.wales"}
    return {"name": gettext("the Local Government and Social Care Ombudsman"),
            "phone": "0300 061 0614", "web": "www.lgo.org.uk"}


def letter_locale(representation: Representation) -> str:
    complainant = next((p for p in representation.people if p.role.value == "complainant"), None)
    return (complainant.language if complainant and complainant.language
            else representation.language) or "en"


_SUBJECTS = {
    Letter.ACKNOWLEDGEMENT: lambda r: gettext("We have received what you sent us: %(reference)s",
                                              reference=r.reference),
    Letter.OUTCOME: lambda r: gettext("Our answer to your complaint %(reference)s",
                                      reference=r.reference),
    Letter.SIGNPOSTING: lambda r: gettext("Who can help with %(reference)s",
                                          reference=r.reference),
    Letter.EXTENSION: lambda r: gettext("We need more time for %(reference)s",
                                        reference=r.reference),
    Letter.DEFERRAL: lambda r: gettext("We have paused %(reference)s", reference=r.reference),
    Letter.NOT_ACCEPTED: lambda r: gettext("About your complaint %(reference)s",
                                           reference=r.reference),
}


def render_letter(kind: Letter, representation: Representation, *, ombudsman: Ombudsman,
                  today: date, **context: Any) -> RenderedLetter:
    """The letter in the complainant's language."""
    locale = letter_locale(representation)
    with force_locale(locale):
        subject = _SUBJECTS[kind](representation)
        body = render_template(f"cases/letters/{kind.value}.txt", case=representation,
                               ombudsman=ombudsman_details(ombudsman), today=today, **context)
    return RenderedLetter(kind, locale, subject, body.strip() + "\n")
