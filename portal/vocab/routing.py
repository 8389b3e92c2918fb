"""The words of the routing contract (``spec/ROUTING.md``), one enum per field.

Kept apart from the dataclasses so settings, reasons, submissions and
decisions can all name them without importing each other.
"""

from __future__ import annotations

import enum

# The words the register stores too: one definition, shared with the register.
from portal.vocab.cases import Advocacy, Check, Kind, Route, Signpost

__all__ = [
    "PROCEDURE_ROUTES",
    "Advocacy",
    "Check",
    "DecisionMaker",
    "Kind",
    "LookedAfterBy",
    "Ombudsman",
    "Proceeding",
    "Profile",
    "Route",
    "Service",
    "Signpost",
    "Submitter",
]

# --- submission ---------------------------------------------------------------


class Submitter(enum.StrEnum):
    """Who submits (ROUTING.md). The register's Submitter adds "unknown" for old
    records; a submission to route must say who it is from."""

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


#: Routes that run a complaint through a procedure's stages (``stage`` is 1).
PROCEDURE_ROUTES = frozenset({Route.CHILDREN_STATUTORY, Route.CORPORATE, Route.ADULT_STATUTORY})


# --- council settings ---------------------------------------------------------


class Profile(enum.StrEnum):
    """Which statutory procedure family a council follows."""

    ENGLAND = "england"
    WALES = "wales"


class Ombudsman(enum.StrEnum):
    """The ombudsman a complainant goes to after the council's last stage."""

    LGSCO = "lgsco"  # Local Government and Social Care Ombudsman (England)
    PSOW = "psow"  # Public Services Ombudsman for Wales
