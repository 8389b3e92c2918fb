"""Where a safety alert came from, and what a person did about it."""

from __future__ import annotations

import enum


class AlertSource(enum.StrEnum):
    #: The child (or an adult for them) answered that they are not safe, and has not sent
    #: the form yet: they may never send it (the "Get help now" page's promise).
    NOT_SAFE_ANSWER = "not_safe_answer"
    #: A sent form, from the public journey or an advocate, that says a child may be at risk.
    SUBMISSION = "submission"
    #: A complaint logged by an officer (phone, letter, visit) marked urgent or with words
    #: that may signal harm.
    OFFLINE = "offline"


class SafeguardingAction(enum.StrEnum):
    """What the person who read the alert did. Software never decides a safeguarding
    matter (DOMAIN.md, "Safety"): a person records their decision."""

    FRONT_DOOR = "front_door"  # referred to children's services' front door or the MASH
    POLICE = "police"
    ALREADY_KNOWN = "already_known"  # the child's social worker already knows and is acting
    CANNOT_CONTACT = "cannot_contact"  # nobody can be reached: no details were given
    NO_ACTION = "no_action"  # no safeguarding action needed, with the reason
