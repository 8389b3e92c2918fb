"""The words of the routing contract (``spec/ROUTING.md``), one enum per field.

Kept apart from the dataclasses so settings, reasons, submissions and
decisions can all name them without importing each other.
"""

from __future__ import annotations

import enum

# --- submission ---------------------------------------------------------------


class Kind(enum.StrEnum):
    COMPLAINT = "complaint"
    COMPLIMENT = "compliment"
    COMMENT = "comment"
    ENQUIRY = "enquiry"


class Submitter(enum.StrEnum):
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


class LookedAfterBy(enum.StrEnum):
    THIS_COUNCIL = "this_council"
    ANOTHER_COUNCIL = "another_council"


class Service(enum.StrEnum):
    SOCIAL_WORK = "social_work"
    CHILDREN_IN_CARE = "children_in_care"
    FOSTERING = "fostering"
    RESIDENTIAL_CARE = "residential_care"
    ADOPTION = "adoption"
    LEAVING_CARE = "leaving_care"
    DISABLED_CHILDREN = "disabled_children"
    SPECIAL_GUARDIANSHIP = "special_guardianship"
    EARLY_HELP = "early_help"
    YOUTH_OFFENDING = "youth_offending"
    SCHOOL = "school"
    SCHOOL_ADMISSIONS = "school_admissions"
    SEND = "send"
    ADULT_SOCIAL_CARE = "adult_social_care"
    HOUSING = "housing"
    OTHER_COUNCIL = "other_council"
    HEALTH = "health"
    POLICE = "police"
    OTHER_ORGANISATION = "other_organisation"


class DecisionMaker(enum.StrEnum):
    """Whose decision the complaint is about (``about_decision_of``)."""

    COURT = "court"
    CHILD_PROTECTION_CONFERENCE = "child_protection_conference"
    TRIBUNAL = "tribunal"
    OMBUDSMAN = "ombudsman"


class Proceeding(enum.StrEnum):
    COURT = "court"
    POLICE = "police"
    DISCIPLINARY = "disciplinary"


# --- decision -----------------------------------------------------------------


class Route(enum.StrEnum):
    CHILDREN_STATUTORY = "children_statutory"
    CORPORATE = "corporate"
    ADULT_STATUTORY = "adult_statutory"
    ENQUIRY = "enquiry"
    SIGNPOST = "signpost"
    COMPLIMENT = "compliment"
    COMMENT = "comment"


#: Routes that run a complaint through a procedure's stages (``stage`` is 1).
PROCEDURE_ROUTES = frozenset({Route.CHILDREN_STATUTORY, Route.CORPORATE, Route.ADULT_STATUTORY})


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


class Check(enum.StrEnum):
    """Questions a complaints manager decides; listed in this order in a decision."""

    SUFFICIENT_INTEREST = "sufficient_interest"
    CHILD_AGREEMENT = "child_agreement"
    OUT_OF_TIME = "out_of_time"
    DEFERRAL = "deferral"


class Advocacy(enum.StrEnum):
    REQUESTED = "requested"
    OFFER = "offer"
    HAS_ADVOCATE = "has_advocate"
    NOT_APPLICABLE = "not_applicable"


# --- council settings ---------------------------------------------------------


class Profile(enum.StrEnum):
    """Which statutory procedure family a council follows."""

    ENGLAND = "england"
    WALES = "wales"


class Ombudsman(enum.StrEnum):
    """The ombudsman a complainant goes to after the council's last stage."""

    LGSCO = "lgsco"  # Local Government and Social Care Ombudsman (England)
    PSOW = "psow"  # Public Services Ombudsman for Wales
