"""Letters to the complainant from templates, in the complainant's language.

A letter is plain text (children's words are stored as plain text and escaped
on output), rendered in the case's language (``common.languages.in_language``, which
is ``force_locale`` for any code: Welsh, Polish, Dari...) so a Welsh speaker's letter
is Welsh whoever sends it; where a language has no catalogue yet, the portal's words
fall back to English, and staff are told to have the letter translated. Each outcome
letter states the right to the next stage and to the Ombudsman: the 2006 Regulations
(regs. 15, 18, 21) and the LGSCO Code require the complainant to be told.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from portal.cases import letter_parts
from portal.common.languages import in_language
from portal.models.cases import Representation
from portal.staff.labels import label
from portal.vocab.cases import Outcome
from portal.vocab.routing import Ombudsman

#: The outcome as the letter says it: a letter often goes to a child, who reads at nine or
#: ten, so the statutory terms ("Not upheld") stay on the staff pages (staff.labels).
OUTCOME_WORDS = {
    Outcome.UPHELD: _l("We agree with your complaint."),
    Outcome.PARTLY_UPHELD: _l("We agree with some of your complaint, but not all of it."),
    Outcome.NOT_UPHELD: _l("We do not agree with your complaint."),
    Outcome.RESOLVED_ON_RECEIPT: _l("We sorted out your complaint as soon as we got it."),
    Outcome.WITHDRAWN: _l("You asked us to stop, so we have stopped."),
}


class Letter(enum.StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    OUTCOME = "outcome"
    SIGNPOSTING = "signposting"
    EXTENSION = "extension"
    DEFERRAL = "deferral"
    NOT_ACCEPTED = "not_accepted"
    #: The case passed to the council responsible for the child (cases.reroute).
    TRANSFER = "transfer"


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
    """The language to write to the complainant in: the one they asked for (a case
    logged by staff), else the one the case was made in; any code, not only Welsh."""
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
    Letter.TRANSFER: lambda r: gettext("We have passed %(reference)s to another council",
                                       reference=r.reference),
}


def _render(template: str, **context: Any) -> str:
    """A letter template, its line breaks kept as written: a letter is plain text, and the
    app's ``trim_blocks`` (right for HTML) would join a paragraph ending in a tag to the
    next. Blank lines left by optional parts are tidied afterwards (letter_parts.tidy)."""
    env = current_app.extensions.get("letters_jinja")
    if env is None:
        env = current_app.jinja_env.overlay(trim_blocks=False, lstrip_blocks=False)
        current_app.extensions["letters_jinja"] = env
    return env.get_template(template).render(**context)


def subject_of(kind: Letter, representation: Representation) -> str:
    """The letter's subject line, in the current locale."""
    return _SUBJECTS[kind](representation)


def render_letter(kind: Letter, representation: Representation, *, ombudsman: Ombudsman,
                  today: date, **context: Any) -> RenderedLetter:
    """The letter in the complainant's language, framed as a letter (letter_parts): the
    date, the reference, the addressee, the next step with its deadline, the signatory."""
    locale = letter_locale(representation)
    with in_language(locale):
        subject = _SUBJECTS[kind](representation)
        # A code (an outcome, who can help) in the letter's language, not the sender's.
        outcome = context.pop("outcome", None)
        if outcome is not None:
            context["outcome_words"] = str(OUTCOME_WORDS[outcome])
        context = {name: label(value) if isinstance(value, enum.Enum) else value
                   for name, value in context.items()}
        # The stage the letter is about, and what the complainant may do after its answer.
        stage = context.get("stage")
        number = stage.number if stage is not None else (
            2 if context.get("stage2_requested_on") else 1)
        after_stage, ombudsman_next = letter_parts.after_answer(representation, number)
        body = _render(f"cases/letters/{kind.value}.txt", case=representation,
                       ombudsman=ombudsman_details(ombudsman), today=today,
                       after_stage=after_stage, ombudsman_next=ombudsman_next, **context)
        letter = _render("cases/letters/_letter.txt", case=representation, today=today,
                         body=letter_parts.tidy(body),
                         salutation=letter_parts.salutation(representation),
                         signatory=letter_parts.signatory(representation, locale))
    return RenderedLetter(kind, locale, subject, letter_parts.tidy(letter))
