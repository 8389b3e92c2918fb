"""Words for the register's values, for people reading a report.

Team, category and equality values are the council's own words and are shown
as recorded; only the closed vocabularies are translated here.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

VALUE_LABELS: dict[str, Any] = {
    # kinds
    "complaint": _l("Complaints"),
    "compliment": _l("Compliments"),
    "comment": _l("Comments"),
    "enquiry": _l("Enquiries from councillors and MPs"),
    # procedures
    "children_statutory": _l("Children's social care (statutory procedure)"),
    "corporate": _l("Corporate procedure"),
    "adult_statutory": _l("Adult social care (statutory procedure)"),
    "informal": _l("Resolved informally"),
    "not_accepted": _l("Not accepted"),
    # reasons a complaint was not accepted
    "school": _l("A school's own decision"),
    "safeguarding_partnership": _l("Child protection conference decision"),
    "court": _l("A court matter"),
    "tribunal": _l("A tribunal matter"),
    "ombudsman": _l("Already decided by the Ombudsman"),
    "nhs": _l("The NHS"),
    "police": _l("The police"),
    "another_council": _l("Another council"),
    "other_organisation": _l("Another organisation"),
    "out_of_time": _l("Out of time"),
    "vexatious": _l("Vexatious"),
    "internal_management": _l("Internal management matter"),
    # methods
    "online_form": _l("Online form"),
    "paper_form": _l("Paper form"),
    "email": _l("Email"),
    "letter": _l("Letter"),
    "telephone": _l("Telephone"),
    "in_person": _l("In person"),
    "unknown": _l("Not known"),
    # submitters
    "child": _l("Child or young person"),
    "parent": _l("Parent"),
    "carer": _l("Carer or person with parental responsibility"),
    "foster_carer": _l("Foster carer"),
    "special_guardian": _l("Special guardian"),
    "adopter": _l("Adopter"),
    "care_leaver": _l("Care leaver"),
    "grandparent": _l("Grandparent"),
    "relative": _l("Other relative"),
    "advocate": _l("Advocate"),
    "professional": _l("Professional"),
    "councillor": _l("Councillor or MP"),
    "other": _l("Someone else"),
    # outcomes
    "upheld": _l("Upheld"),
    "partly_upheld": _l("Partly upheld"),
    "not_upheld": _l("Not upheld"),
    "withdrawn": _l("Withdrawn"),
    "resolved_on_receipt": _l("Resolved on receipt"),
    "open": _l("Still open"),
    # delay reasons
    "service_delay": _l("Delay by the service"),
    "extension_agreed": _l("Extension agreed"),
    "detailed_or_historical": _l("Detailed or historical complaint"),
    "eligibility_query": _l("Query about eligibility"),
    "key_personnel_unavailable": _l("Key people unavailable"),
    "complainant_delay": _l("Delay by the complainant"),
    # Ombudsman decisions ("upheld" is shared with outcomes)
    "not_investigated": _l("Not investigated"),
    "premature": _l("Premature"),
    "no_fault": _l("No fault found"),
    "pending": _l("Decision pending"),
    # acknowledgement
    "in_time": _l("In time"),
    "late": _l("Late"),
    "not_recorded": _l("Not recorded"),
}


def value_label(value: str) -> str:
    """A vocabulary value in words; a council's own value (a team name) as recorded."""
    label = VALUE_LABELS.get(value)
    return value if label is None else str(label)


def stage_label(stage: str) -> str:
    return str(_l("Stage %(stage)s", stage=stage))
