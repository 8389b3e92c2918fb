"""Words people read for advocacy's vocabularies, each a lazy translatable string."""

from __future__ import annotations

from enum import Enum

from flask_babel import lazy_gettext as _l

from portal.procedure.advocacy import ChainRole, Timeliness
from portal.vocab.advocacy import AdvocacyStatus, Answer, OfferHow
from portal.vocab.cases import Kind, MessageAuthor
from portal.vocab.routing import Service

LABELS: dict[Enum, object] = {
    AdvocacyStatus.OFFERED: _l("Offered, waiting for the child's answer"),
    AdvocacyStatus.ACCEPTED: _l("Accepted, waiting for a referral"),
    AdvocacyStatus.DECLINED: _l("Declined"),
    AdvocacyStatus.REFERRED: _l("Referred, waiting for an advocate"),
    AdvocacyStatus.ASSIGNED: _l("Advocate assigned"),
    AdvocacyStatus.IN_CONTACT: _l("Advocate in contact with the child"),
    AdvocacyStatus.CLOSED: _l("Closed"),
    OfferHow.AUTOMATIC: _l("Automatically, when the child got in touch"),
    OfferHow.IN_PERSON: _l("In person"),
    OfferHow.TELEPHONE: _l("By telephone"),
    OfferHow.LETTER: _l("By letter"),
    OfferHow.EMAIL: _l("By email"),
    OfferHow.TEXT_MESSAGE: _l("By text message"),
    Answer.ACCEPTED: _l("Yes, the child wants an advocate"),
    Answer.DECLINED: _l("No, the child does not want an advocate"),
    ChainRole.SUBJECT: _l("The person the complaint is about"),
    ChainRole.SUBJECT_MANAGER: _l("Their manager"),
    ChainRole.SERVICE_MANAGER: _l("The manager of the service"),
    ChainRole.HANDLER: _l("Handling the complaint"),
    Timeliness.WAITING: _l("Waiting"),
    Timeliness.DUE_TODAY: _l("Due today"),
    Timeliness.OVERDUE: _l("Overdue"),
    Timeliness.ASSIGNED_IN_TIME: _l("Assigned in time"),
    Timeliness.ASSIGNED_LATE: _l("Assigned late"),
    Kind.COMPLAINT: _l("Complaint"),
    Kind.COMPLIMENT: _l("Compliment"),
    Kind.COMMENT: _l("Comment"),
    Kind.ENQUIRY: _l("Enquiry"),
    MessageAuthor.COUNCIL: _l("The council"),
    MessageAuthor.COMPLAINANT: _l("The child or the person who complained"),
    MessageAuthor.ADVOCATE: _l("The advocate"),
    Service.SOCIAL_WORK: _l("Social work"),
    Service.CHILDREN_IN_CARE: _l("Children in care"),
    Service.FOSTERING: _l("Fostering"),
    Service.RESIDENTIAL_CARE: _l("Residential care"),
    Service.ADOPTION: _l("Adoption"),
    Service.LEAVING_CARE: _l("Leaving care"),
    Service.DISABLED_CHILDREN: _l("Disabled children"),
    Service.SPECIAL_GUARDIANSHIP: _l("Special guardianship"),
    Service.EARLY_HELP: _l("Early help"),
    Service.YOUTH_OFFENDING: _l("Youth justice"),
    Service.SCHOOL: _l("A school"),
    Service.SCHOOL_ADMISSIONS: _l("School admissions"),
    Service.SEND: _l("Special educational needs"),
    Service.ADULT_SOCIAL_CARE: _l("Adult social care"),
    Service.HOUSING: _l("Housing"),
    Service.OTHER_COUNCIL: _l("Another council service"),
    Service.HEALTH: _l("Health (the NHS)"),
    Service.POLICE: _l("The police"),
    Service.OTHER_ORGANISATION: _l("Another organisation"),
}

#: Tag colours for the referral list: red when overdue, amber (yellow) on the target day.
TIMELINESS_TAGS = {
    Timeliness.WAITING: "govuk-tag--grey",
    Timeliness.DUE_TODAY: "govuk-tag--yellow",
    Timeliness.OVERDUE: "govuk-tag--red",
    Timeliness.ASSIGNED_IN_TIME: "govuk-tag--green",
    Timeliness.ASSIGNED_LATE: "govuk-tag--orange",
}


#: A StrEnum member equals its value: a status and an answer both "accepted" are one key
#: of LABELS, and the answer's words showed for the status too. Their own words first.
OWN_LABELS: dict[tuple[type[Enum], str], object] = {
    (AdvocacyStatus, "accepted"): _l("Accepted, waiting for a referral"),
    (AdvocacyStatus, "declined"): _l("Declined"),
    (Answer, "accepted"): _l("Yes, the child wants an advocate"),
    (Answer, "declined"): _l("No, the child does not want an advocate"),
}


def label(value: Enum | str | None) -> str:
    if value is None:
        return ""
    if not isinstance(value, Enum):
        return str(value)
    found = OWN_LABELS.get((type(value), value.value)) or LABELS.get(value)
    if found is not None:
        return str(found)
    from portal.staff.labels import label as staff_label

    return staff_label(value)


def choices(enum_cls: type[Enum], *, leave_out: tuple[Enum, ...] = ()) -> list[tuple[str, str]]:
    return [(m.value, label(m)) for m in enum_cls if m not in leave_out]


CONTACT_LABELS: dict[str, object] = {
    "email": _l("Email"),
    "phone": _l("Phone call"),
    "text": _l("Text message"),
    "letter": _l("Letter"),
    "none": _l("Do not contact: anonymous"),
}

NEED_LABELS: dict[str, object] = {
    "interpreter": _l("Interpreter"),
    "bsl": _l("British Sign Language (BSL)"),
    "easy_read": _l("Easy read"),
    "large_print": _l("Large print"),
    "other": _l("Something else"),
}


def need_label(stored: str) -> str:
    """``"interpreter:Polish"`` -> ``"Interpreter: Polish"``: the need, then what the person
    typed about it (kept as they wrote it)."""
    kind, _, detail = stored.partition(":")
    words = str(NEED_LABELS.get(kind, kind))
    return f"{words}: {detail}" if detail else words


def contact_label(stored: str) -> str:
    return str(CONTACT_LABELS.get(stored, stored))
