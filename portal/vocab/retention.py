"""The retention schedule's words: why a hold was placed, which rule applied, why a case is kept.

Stored by value, like the register's vocabularies (portal/vocab/cases.py).
"""

from __future__ import annotations

import enum


class HoldReason(enum.StrEnum):
    """Why a complaints manager stops a case's destruction (a legal hold)."""

    LITIGATION = "litigation"  # a claim is made or expected
    OMBUDSMAN = "ombudsman"  # the Ombudsman is looking at it
    SUBJECT_ACCESS_REQUEST = "subject_access_request"  # UK GDPR art. 15 request being answered
    INQUIRY = "inquiry"  # a public inquiry, a review or an inspection asked for it


class Rule(enum.StrEnum):
    """Which line of the retention schedule decides a case's date."""

    DEFAULT = "default"  # N years after closure
    LOOKED_AFTER_BIRTHDAY = "looked_after_birthday"  # until the child's 75th birthday
    LOOKED_AFTER_AGE_UNKNOWN = "looked_after_age_unknown"  # N years after closure, age unknown


class Kept(enum.StrEnum):
    """Why a case is not due for destruction whatever its date."""

    OPEN = "open"
    LEGAL_HOLD = "legal_hold"
    OMBUDSMAN_PENDING = "ombudsman_pending"
