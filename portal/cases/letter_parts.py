"""What makes a message a letter: addressee, date, reference, signatory, and what comes next.

Every letter to a complainant (cases/letters.py) is framed the same way, in the
letter's language: the date it is written and the case's reference at the top, the
person addressed by the name they asked us to use (or, with no name, a greeting that
names nobody), then the letter itself, and the council's signatory at the end (the
complaints manager named in the council's settings, else the complaints team).

A letter sent while a stage runs also says the next step and its deadline, so the
complainant knows their rights before the answer comes: 20 working days from the
answer to ask for the next stage (2006 Regulations regs. 15(2), 18(2); LGSCO Code),
or, after the last stage, the Ombudsman, who normally expects a complaint within 12
months of the person first knowing of the matter (Local Government Act 1974
s. 26B(1); the Public Services Ombudsman (Wales) Act 2019 sets the same year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext

from portal.cases.context import nation_of
from portal.common.languages import WELSH, primary
from portal.councils.services import council_settings
from portal.models.cases import Representation
from portal.procedure import rules
from portal.vocab.cases import Kind, PersonRole, Procedure, Submitter

#: Procedures with stages and an Ombudsman after the last one.
STAGED = frozenset({Procedure.CHILDREN_STATUTORY, Procedure.CORPORATE,
                    Procedure.ADULT_STATUTORY})
CHILD_SUBMITTERS = frozenset({Submitter.CHILD, Submitter.CARE_LEAVER})


@dataclass(frozen=True)
class Signatory:
    """Who signs: each line as printed under "Yours sincerely"."""

    lines: tuple[str, ...]


def signatory(rep: Representation, locale: str) -> Signatory:
    """The council's signatory in ``locale`` (call inside ``in_language``): the title in
    Welsh for a Welsh letter, else the title as set (English) in any other language, as
    no other translation of it is kept."""
    settings = council_settings(rep.council)
    council = rep.council.name
    if not settings.signatory_name:
        return Signatory((gettext("The complaints team"), council))
    title = (settings.signatory_title_cy if primary(locale) == WELSH else "") \
        or settings.signatory_title or gettext("Complaints manager")
    return Signatory((settings.signatory_name, title, council))


def addressee(rep: Representation) -> str | None:
    """The name the complainant asked us to call them, if they gave one and are not
    anonymous."""
    person = rep.person(PersonRole.COMPLAINANT)
    if rep.anonymous or person is None or not person.name:
        return None
    return person.name


def salutation(rep: Representation) -> str:
    """"Dear Sam,"; with no name, "Hello," to a child and "Dear complainant," to an adult."""
    name = addressee(rep)
    if name:
        return gettext("Dear %(name)s,", name=name)
    if rep.submitter in CHILD_SUBMITTERS or rep.made_by_child:
        return gettext("Hello,")
    return gettext("Dear complainant,")


def last_stage(rep: Representation) -> int | None:
    """The number of the procedure's last local stage, or None outside a procedure."""
    if rep.procedure not in STAGED:
        return None
    return rules.stages_of(rep.procedure, nation_of(rep), enquiry=rep.kind is Kind.ENQUIRY)


def after_answer(rep: Representation, stage: int | None) -> tuple[int | None, bool]:
    """What the complainant may do after the answer to ``stage``: (the next stage they may
    ask for, or None; whether the Ombudsman is next instead)."""
    last = last_stage(rep)
    if last is None or stage is None:
        return None, False
    if stage < last:
        return stage + 1, False
    return None, True


def tidy(text: str) -> str:
    """One blank line between paragraphs, none at the ends, spaces trimmed at line ends:
    optional parts of a template leave gaps."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def paragraphs(body: str) -> list[list[str]]:
    """A letter's text as paragraphs of lines, for the HTML and PDF letter."""
    return [block.split("\n") for block in re.split(r"\n\s*\n", body.strip()) if block.strip()]
