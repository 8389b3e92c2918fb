"""Plain words, for staff, for the codes a case's answers are stored as.

The public journey (portal/complaints/questions.py) speaks to a child in the first
person ("Yes, this council looks after me"); an officer reads about someone, so the
case file (cases/casefile.py) and the timeline (cases/event_labels.py) say the same
answers in the third person. Every label is a lazy translatable string: a page in
Welsh says them in Welsh.
"""

from __future__ import annotations

from enum import Enum

from flask_babel import lazy_gettext as _l

from portal.common import languages
from portal.vocab.cases import Kind, PersonRole
from portal.vocab.routing import DecisionMaker, Proceeding, Service

KIND_LABELS: dict[Enum, object] = {
    Kind.COMPLAINT: _l("Complaint"),
    Kind.COMPLIMENT: _l("Compliment"),
    Kind.COMMENT: _l("Comment"),
    Kind.ENQUIRY: _l("Enquiry"),
}

ROLE_LABELS: dict[PersonRole, object] = {
    PersonRole.COMPLAINANT: _l("Complainant"),
    PersonRole.CHILD: _l("The child or young person"),
    PersonRole.REPRESENTATIVE: _l("Representative"),
}
ADVOCATE_ROLE = _l("Advocate")
CHILD_COMPLAINANT_ROLE = _l("Complainant: the child or young person themselves")

SERVICE_LABELS: dict[str, object] = {
    Service.SOCIAL_WORK: _l("Social work, or help from children's services"),
    Service.CHILDREN_IN_CARE: _l("Being in care"),
    Service.FOSTERING: _l("Living with a foster family"),
    Service.RESIDENTIAL_CARE: _l("Living in a children's home"),
    Service.ADOPTION: _l("Adoption"),
    Service.LEAVING_CARE: _l("Leaving care, or help after care"),
    Service.DISABLED_CHILDREN: _l("Help for disabled children"),
    Service.SPECIAL_GUARDIANSHIP: _l("Help for a special guardian"),
    Service.EARLY_HELP: _l("Early help for a family"),
    Service.YOUTH_OFFENDING: _l("The youth justice team"),
    Service.SCHOOL: _l("Something that happened at school"),
    Service.SCHOOL_ADMISSIONS: _l("A school place"),
    Service.SEND: _l("Special educational needs (SEND)"),
    Service.ADULT_SOCIAL_CARE: _l("Care for adults"),
    Service.HOUSING: _l("Council housing"),
    Service.OTHER_COUNCIL: _l("Something else the council does"),
    Service.HEALTH: _l("A doctor, nurse or hospital"),
    Service.POLICE: _l("The police"),
    Service.OTHER_ORGANISATION: _l("Another organisation"),
}

LOOKED_AFTER_LABELS: dict[str, object] = {
    "this_council": _l("Yes, looked after by this council"),
    "another_council": _l("Yes, looked after by another council"),
}

DECISION_LABELS: dict[str, object] = {
    DecisionMaker.COURT: _l("A decision a judge made in court"),
    DecisionMaker.CHILD_PROTECTION_CONFERENCE: _l("A decision of a child protection conference"),
    DecisionMaker.TRIBUNAL: _l("A tribunal's decision"),
    DecisionMaker.OMBUDSMAN: _l("Something the Ombudsman has already looked at"),
}

PROCEEDING_LABELS: dict[str, object] = {
    Proceeding.COURT: _l("A court case that is still going on"),
    Proceeding.POLICE: _l("Something the police are still looking into"),
    Proceeding.DISCIPLINARY: _l("A disciplinary process about a worker, still going on"),
}

CONTACT_LABELS: dict[str, object] = {
    "email": _l("Email"),
    "phone": _l("Phone call"),
    "text": _l("Text message"),
    "letter": _l("Letter"),
    "none": _l("Do not contact them: they want to stay anonymous"),
}

TEXT_TIME_LABELS: dict[str, object] = {
    "any": _l("Any time in the day"),
    "after_school": _l("Only after school: from 4pm on weekdays, any time at the weekend"),
    "weekends": _l("Only at the weekend"),
}

#: The face picked on "How did it make you feel?" (questions.FEELING_CHOICES).
FEELING_LABELS: dict[str, object] = {
    "happy": _l("Happy"),
    "okay": _l("Okay"),
    "sad": _l("Sad"),
    "angry": _l("Angry"),
    "scared": _l("Scared"),
}

NEED_LABELS: dict[str, object] = {
    "interpreter": _l("An interpreter"),
    "bsl": _l("British Sign Language (BSL)"),
    "easy_read": _l("Easy read letters, with pictures"),
    "large_print": _l("Large print"),
    "other": _l("Something else"),
}


# --- codes in the details of the case's events (cases/event_labels.py) -----------

LETTER_LABELS: dict[str, object] = {
    "acknowledgement": _l("Acknowledgement"),
    "outcome": _l("Our answer"),
    "signposting": _l("Who can help instead"),
    "extension": _l("More time needed"),
    "deferral": _l("Paused"),
    "not_accepted": _l("Not accepted"),
    "transfer": _l("Passed to another council"),
}
#: Routing's advocacy flag (ROUTING.md ``advocacy``).
ADVOCACY_FLAG_LABELS: dict[str, object] = {
    "requested": _l("They asked for an advocate"),
    "offer": _l("Offer an advocate"),
    "has_advocate": _l("They have an advocate already"),
    "not_applicable": _l("Not needed"),
}
FORMAT_LABELS: dict[str, object] = {"html": _l("Page"), "pdf": _l("PDF")}
ADR_LABELS: dict[str, object] = {
    "meeting": _l("A meeting"),
    "mediation": _l("Mediation"),
    "head_of_service_review": _l("A head of service review"),
}


def _word(table: dict[str, object], code: str | None) -> str:
    """The label of ``code``, or the code itself when the table does not know it (a
    value from an older form or an import is shown, never hidden)."""
    if not code:
        return ""
    found = table.get(code)
    return str(found) if found is not None else code


def kind_label(kind: Kind | None) -> str:
    found = KIND_LABELS.get(kind) if kind is not None else None
    return str(found) if found is not None else (kind.value if kind is not None else "")


def feeling_label(code: str | None) -> str:
    return _word(FEELING_LABELS, code)


def service_label(code: str | None) -> str:
    return _word(SERVICE_LABELS, code)


def looked_after_label(code: str | None) -> str:
    return _word(LOOKED_AFTER_LABELS, code)


def decision_label(code: str | None) -> str:
    return _word(DECISION_LABELS, code)


def proceeding_label(code: str | None) -> str:
    return _word(PROCEEDING_LABELS, code)


def contact_label(code: str | None) -> str:
    return _word(CONTACT_LABELS, code)


def text_time_label(code: str | None) -> str:
    return _word(TEXT_TIME_LABELS, code)


def need_label(stored: str) -> str:
    """A need as stored by intake: a code, or "interpreter:<language>" and
    "other:<their words>" with what they typed after the colon, kept exactly."""
    code, _, detail = stored.partition(":")
    name = _word(NEED_LABELS, code)
    if code in NEED_LABELS and detail:
        return f"{name}: {detail}"
    return name if code in NEED_LABELS else stored


def language_name(code: str | None) -> str:
    """A language by its own name, as the language choice shows it: "English", "Cymraeg"
    (Babel knows every other language's own name too, e.g. "Polski"; Dari's via Persian)."""
    return languages.own_name(code)
