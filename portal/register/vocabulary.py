"""The closed vocabularies of the register (spec/REGISTER.md).

Stored and exchanged by value: the CSV, the report JSON and the database all
carry these exact strings, so renaming a member is a data migration.
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
    # Resolved informally, outside a procedure.
    INFORMAL = "informal"
    # Filtered out at triage; the reason is in ``not_accepted_reason``.
    NOT_ACCEPTED = "not_accepted"


#: Procedures with stages the annual report times (REPORT.md "procedures.P").
STAGED_PROCEDURES: tuple[Procedure, ...] = (
    Procedure.CHILDREN_STATUTORY,
    Procedure.CORPORATE,
    Procedure.ADULT_STATUTORY,
)

#: The highest stage each staged procedure has (DOMAIN.md "Procedures"):
#: the children's procedure has a review panel, the corporate code two
#: stages, the adult regulations one local stage.
LAST_STAGE: dict[Procedure, int] = {
    Procedure.CHILDREN_STATUTORY: 3,
    Procedure.CORPORATE: 2,
    Procedure.ADULT_STATUTORY: 1,
}


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
    """Who made it: the ROUTING.md submitter values, plus ``unknown`` for old records."""

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
