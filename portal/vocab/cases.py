"""The register's vocabularies, shared by routing, intake, the back office and the CSV.

Values are the exact strings of spec/ROUTING.md and spec/REGISTER.md; they are
stored by value, so renaming a Python member never changes the data.
"""

from __future__ import annotations

import enum


class Kind(enum.StrEnum):
    COMPLAINT = "complaint"
    COMPLIMENT = "compliment"
    COMMENT = "comment"
    ENQUIRY = "enquiry"


class Procedure(enum.StrEnum):
    CHILDREN_STATUTORY = "children_statutory"
    CORPORATE = "corporate"
    ADULT_STATUTORY = "adult_statutory"
    INFORMAL = "informal"
    NOT_ACCEPTED = "not_accepted"


class Route(enum.StrEnum):
    CHILDREN_STATUTORY = "children_statutory"
    CORPORATE = "corporate"
    ADULT_STATUTORY = "adult_statutory"
    ENQUIRY = "enquiry"
    SIGNPOST = "signpost"
    COMPLIMENT = "compliment"
    COMMENT = "comment"


class Signpost(enum.StrEnum):
    SCHOOL = "school"
    SAFEGUARDING_PARTNERSHIP = "safeguarding_partnership"
    COURT = "court"
    TRIBUNAL = "tribunal"
    OMBUDSMAN = "ombudsman"
    NHS = "nhs"
    POLICE = "police"
    ANOTHER_COUNCIL = "another_council"
    OTHER_ORGANISATION = "other_organisation"


class NotAcceptedReason(enum.StrEnum):
    SCHOOL = "school"
    SAFEGUARDING_PARTNERSHIP = "safeguarding_partnership"
    COURT = "court"
    TRIBUNAL = "tribunal"
    OMBUDSMAN = "ombudsman"
    NHS = "nhs"
    POLICE = "police"
    ANOTHER_COUNCIL = "another_council"
    OTHER_ORGANISATION = "other_organisation"
    OUT_OF_TIME = "out_of_time"
    VEXATIOUS = "vexatious"
    INTERNAL_MANAGEMENT = "internal_management"


class Method(enum.StrEnum):
    ONLINE_FORM = "online_form"
    PAPER_FORM = "paper_form"
    EMAIL = "email"
    LETTER = "letter"
    TELEPHONE = "telephone"
    IN_PERSON = "in_person"
    UNKNOWN = "unknown"


class Submitter(enum.StrEnum):
    """Who submitted, as the register records it (REGISTER.md): ROUTING.md's submitters
    (portal.vocab.routing.Submitter, which must name who a new submission is from) and
    "unknown" for old records. tests/unit/routing/test_submitters.py keeps them agreeing."""

    CHILD = "child"
    PARENT = "parent"
    CARER = "carer"
    FOSTER_CARER = "foster_carer"
    SPECIAL_GUARDIAN = "special_guardian"
    ADOPTER = "adopter"
    CARE_LEAVER = "care_leaver"
    GRANDPARENT = "grandparent"
    RELATIVE = "relative"
    ADVOCATE = "advocate"
    PROFESSIONAL = "professional"
    COUNCILLOR = "councillor"
    OTHER = "other"
    UNKNOWN = "unknown"


class Outcome(enum.StrEnum):
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    NOT_UPHELD = "not_upheld"
    WITHDRAWN = "withdrawn"
    RESOLVED_ON_RECEIPT = "resolved_on_receipt"


class DelayReason(enum.StrEnum):
    SERVICE_DELAY = "service_delay"
    EXTENSION_AGREED = "extension_agreed"
    DETAILED_OR_HISTORICAL = "detailed_or_historical"
    ELIGIBILITY_QUERY = "eligibility_query"
    KEY_PERSONNEL_UNAVAILABLE = "key_personnel_unavailable"
    COMPLAINANT_DELAY = "complainant_delay"


class OmbudsmanDecision(enum.StrEnum):
    NOT_INVESTIGATED = "not_investigated"
    PREMATURE = "premature"
    NO_FAULT = "no_fault"
    UPHELD = "upheld"
    PENDING = "pending"


class Check(enum.StrEnum):
    SUFFICIENT_INTEREST = "sufficient_interest"
    CHILD_AGREEMENT = "child_agreement"
    OUT_OF_TIME = "out_of_time"
    DEFERRAL = "deferral"


class CheckDecision(enum.StrEnum):
    PENDING = "pending"
    MET = "met"  # e.g. sufficient interest found, child agrees, late complaint accepted
    NOT_MET = "not_met"
    DEFERRED = "deferred"


class Advocacy(enum.StrEnum):
    REQUESTED = "requested"
    OFFER = "offer"
    HAS_ADVOCATE = "has_advocate"
    NOT_APPLICABLE = "not_applicable"


class CaseStatus(enum.StrEnum):
    """Where a representation stands; the allowed moves live in procedure/rules.py."""

    NEW = "new"  # waiting on triage
    STAGE1 = "stage1"
    STAGE2 = "stage2"
    STAGE3 = "stage3"
    AWAITING_NEXT_STAGE = "awaiting_next_stage"  # stage closed, the complainant may escalate
    DEFERRED = "deferred"
    SIGNPOSTED = "signposted"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class PersonRole(enum.StrEnum):
    COMPLAINANT = "complainant"  # who made the representation
    CHILD = "child"  # the child or young person it is about
    REPRESENTATIVE = "representative"  # someone acting for the complainant


class RemedyKind(enum.StrEnum):
    APOLOGY = "apology"
    EXPLANATION = "explanation"
    CHANGE_OF_WORKER = "change_of_worker"
    COMPENSATION = "compensation"
    SERVICE_PROVIDED = "service_provided"
    OTHER = "other"


class MessageAuthor(enum.StrEnum):
    COUNCIL = "council"
    COMPLAINANT = "complainant"
    ADVOCATE = "advocate"


#: The procedure each procedure route runs under (ROUTING.md's route, the register's
#: procedure).
ROUTE_PROCEDURE = {
    Route.CHILDREN_STATUTORY: Procedure.CHILDREN_STATUTORY,
    Route.CORPORATE: Procedure.CORPORATE,
    Route.ADULT_STATUTORY: Procedure.ADULT_STATUTORY,
}
