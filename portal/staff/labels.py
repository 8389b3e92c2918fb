"""Words people read for the back office's vocabularies (roles, statuses, outcomes...).

Every label is a lazy translatable string, so a page or a letter shows it in
its reader's language.
"""

from __future__ import annotations

from enum import Enum

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.models.staff import Role
from portal.vocab.cases import (
    CaseStatus,
    Check,
    CheckDecision,
    DelayReason,
    MessageAuthor,
    Method,
    OmbudsmanDecision,
    Outcome,
    Procedure,
    RemedyKind,
    Route,
    Signpost,
    Submitter,
)
from portal.vocab.files import DocumentType, FilePurpose, Recipient
from portal.vocab.safety import AlertSource, SafeguardingAction

LABELS: dict[Enum, object] = {
    # The register's delay reasons (REGISTER.md), the same words as the register's pages.
    DelayReason.SERVICE_DELAY: _l("Delay by the service"),
    DelayReason.EXTENSION_AGREED: _l("Extension agreed"),
    DelayReason.DETAILED_OR_HISTORICAL: _l("Detailed or historical complaint"),
    DelayReason.ELIGIBILITY_QUERY: _l("Query about eligibility"),
    DelayReason.KEY_PERSONNEL_UNAVAILABLE: _l("Key people unavailable"),
    DelayReason.COMPLAINANT_DELAY: _l("Delay by the complainant"),
    Role.ADMINISTRATOR: _l("Administrator"),
    Role.COMPLAINTS_MANAGER: _l("Complaints manager"),
    Role.COMPLAINTS_OFFICER: _l("Complaints officer"),
    Role.CHILDRENS_RIGHTS_OFFICER: _l("Children's rights officer"),
    Role.RESPONDING_MANAGER: _l("Responding manager"),
    Role.INVESTIGATING_OFFICER: _l("Investigating officer"),
    Role.INDEPENDENT_PERSON: _l("Independent person"),
    Role.PANEL_MEMBER: _l("Review panel member"),
    Role.ADJUDICATING_OFFICER: _l("Adjudicating officer"),
    Role.ADVOCACY_COORDINATOR: _l("Advocacy coordinator"),
    Role.ADVOCATE: _l("Advocate"),
    CaseStatus.NEW: _l("Awaiting triage"),
    CaseStatus.STAGE1: _l("Stage 1"),
    CaseStatus.STAGE2: _l("Stage 2"),
    CaseStatus.STAGE3: _l("Stage 3"),
    CaseStatus.AWAITING_NEXT_STAGE: _l("Answered: may ask for the next stage"),
    CaseStatus.DEFERRED: _l("Deferred"),
    CaseStatus.SIGNPOSTED: _l("Signposted"),
    CaseStatus.CLOSED: _l("Closed"),
    CaseStatus.WITHDRAWN: _l("Withdrawn"),
    Procedure.CHILDREN_STATUTORY: _l("Children's statutory procedure"),
    Procedure.CORPORATE: _l("Corporate procedure"),
    Procedure.ADULT_STATUTORY: _l("Adult social care procedure"),
    Procedure.INFORMAL: _l("Informal"),
    Procedure.NOT_ACCEPTED: _l("Not accepted"),
    Route.CHILDREN_STATUTORY: _l("Children's statutory procedure"),
    Route.CORPORATE: _l("Corporate procedure"),
    Route.ADULT_STATUTORY: _l("Adult social care procedure"),
    Route.ENQUIRY: _l("Enquiry"),
    Route.SIGNPOST: _l("Signpost elsewhere"),
    Route.COMPLIMENT: _l("Compliment"),
    Route.COMMENT: _l("Comment"),
    Check.SUFFICIENT_INTEREST: _l("Sufficient interest"),
    Check.CHILD_AGREEMENT: _l("The child's agreement"),
    Check.OUT_OF_TIME: _l("Out of time"),
    Check.DEFERRAL: _l("Deferral"),
    CheckDecision.PENDING: _l("To decide"),
    CheckDecision.MET: _l("Accepted"),
    CheckDecision.NOT_MET: _l("Refused"),
    CheckDecision.DEFERRED: _l("Deferred"),
    Outcome.UPHELD: _l("Upheld"),
    Outcome.PARTLY_UPHELD: _l("Partly upheld"),
    Outcome.NOT_UPHELD: _l("Not upheld"),
    Outcome.WITHDRAWN: _l("Withdrawn"),
    Outcome.RESOLVED_ON_RECEIPT: _l("Resolved on receipt"),
    RemedyKind.APOLOGY: _l("Apology"),
    RemedyKind.EXPLANATION: _l("Explanation"),
    RemedyKind.CHANGE_OF_WORKER: _l("Change of worker"),
    RemedyKind.COMPENSATION: _l("Compensation"),
    RemedyKind.SERVICE_PROVIDED: _l("Service provided"),
    RemedyKind.OTHER: _l("Other"),
    Method.ONLINE_FORM: _l("Online form"),
    Method.PAPER_FORM: _l("Paper form"),
    Method.EMAIL: _l("Email"),
    Method.LETTER: _l("Letter"),
    Method.TELEPHONE: _l("Telephone"),
    Method.IN_PERSON: _l("In person"),
    Method.UNKNOWN: _l("Not known"),
    OmbudsmanDecision.NOT_INVESTIGATED: _l("Not investigated"),
    OmbudsmanDecision.PREMATURE: _l("Premature"),
    OmbudsmanDecision.NO_FAULT: _l("No fault"),
    OmbudsmanDecision.UPHELD: _l("Upheld"),
    OmbudsmanDecision.PENDING: _l("Awaiting the decision"),
    MessageAuthor.COUNCIL: _l("The council"),
    MessageAuthor.COMPLAINANT: _l("The complainant"),
    MessageAuthor.ADVOCATE: _l("The advocate"),
    Signpost.SCHOOL: _l("The school's complaints procedure"),
    Signpost.SAFEGUARDING_PARTNERSHIP: _l("The local safeguarding partnership"),
    Signpost.COURT: _l("The court"),
    Signpost.TRIBUNAL: _l("The tribunal"),
    Signpost.OMBUDSMAN: _l("The Ombudsman"),
    Signpost.NHS: _l("The NHS"),
    Signpost.POLICE: _l("The police"),
    Signpost.ANOTHER_COUNCIL: _l("The council that looks after the child"),
    Signpost.OTHER_ORGANISATION: _l("Another organisation"),
    Submitter.CHILD: _l("The child"),
    Submitter.PARENT: _l("A parent"),
    Submitter.CARER: _l("A carer"),
    Submitter.FOSTER_CARER: _l("A foster carer"),
    Submitter.SPECIAL_GUARDIAN: _l("A special guardian"),
    Submitter.ADOPTER: _l("An adoptive parent"),
    Submitter.CARE_LEAVER: _l("A care leaver"),
    Submitter.GRANDPARENT: _l("A grandparent"),
    Submitter.RELATIVE: _l("A relative"),
    Submitter.ADVOCATE: _l("An advocate"),
    Submitter.PROFESSIONAL: _l("A professional"),
    Submitter.COUNCILLOR: _l("A councillor or MP"),
    Submitter.OTHER: _l("Someone else"),
    Submitter.UNKNOWN: _l("Not known"),
    AlertSource.NOT_SAFE_ANSWER: _l("Said they are not safe, before sending the form"),
    AlertSource.SUBMISSION: _l("A form sent online"),
    AlertSource.OFFLINE: _l("Logged by an officer"),
    SafeguardingAction.FRONT_DOOR: _l("Referred to the children's services front door (MASH)"),
    SafeguardingAction.POLICE: _l("Referred to the police"),
    SafeguardingAction.ALREADY_KNOWN: _l("The child's social worker already knows and is acting"),
    SafeguardingAction.CANNOT_CONTACT: _l("Nobody can be contacted: no details were given"),
    SafeguardingAction.NO_ACTION: _l("No safeguarding action needed"),
}


#: A StrEnum member equals its value, so two vocabularies' members with the same value
#: ("pending", "other", "police") are one key of LABELS, and the label written last wins
#: for both. These members' own words, looked up by their type first.
OWN_LABELS: dict[tuple[type[Enum], str], object] = {
    (Role, "advocate"): _l("Advocate"),
    (MessageAuthor, "advocate"): _l("The advocate"),
    (Submitter, "advocate"): _l("An advocate"),
    (CheckDecision, "pending"): _l("To decide"),
    (OmbudsmanDecision, "pending"): _l("Awaiting the decision"),
    (RemedyKind, "other"): _l("Other"),
    (Submitter, "other"): _l("Someone else"),
    (Signpost, "ombudsman"): _l("The Ombudsman"),
    (Signpost, "police"): _l("The police"),
    (SafeguardingAction, "police"): _l("Referred to the police"),
    # Documents on the case (portal/files/documents.py): "other", "complainant" and
    # "advocate" are other vocabularies' values too.
    (DocumentType, "investigation_report"): _l("Investigation report"),
    (DocumentType, "adjudication_letter"): _l("Adjudication letter"),
    (DocumentType, "panel_report"): _l("Review panel's report"),
    (DocumentType, "letter_received"): _l("Letter received"),
    (DocumentType, "other"): _l("Other document"),
    (FilePurpose, "evidence"): _l("Sent by the complainant"),
    (FilePurpose, "voice_note"): _l("Voice note"),
    (FilePurpose, "staff_document"): _l("Document added by staff"),
    (Recipient, "complainant"): _l("The complainant"),
    (Recipient, "advocate"): _l("The child's advocate"),
}


def label(value: Enum | None) -> str:
    if value is None:
        return ""
    found = OWN_LABELS.get((type(value), value.value)) or LABELS.get(value)
    return str(found) if found is not None else str(value.value)


def choices(enum_cls: type[Enum], *, leave_out: tuple[Enum, ...] = ()) -> list[tuple[str, str]]:
    return [(m.value, label(m)) for m in enum_cls if m not in leave_out]  # type: ignore[attr-defined]


def init_labels(app: Flask) -> None:
    app.jinja_env.globals["role_label"] = label
    app.jinja_env.filters["label"] = label
