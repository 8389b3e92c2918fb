"""Why routing decided as it did, as data: a stable code and its parameters (pure).

The words for each code, for an officer or for the child, in English or Welsh, are in
reasons.py; a decision stores codes, so it reads in any language later.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal

from portal.vocab.routing import Signpost

Audience = Literal["officer", "child"]


class ReasonCode(enum.StrEnum):
    COMPLIMENT = "compliment"
    COMMENT = "comment"
    ENQUIRY = "enquiry"
    SIGNPOSTED_SCHOOL = "signposted_school"
    SIGNPOSTED_SAFEGUARDING_PARTNERSHIP = "signposted_safeguarding_partnership"
    SIGNPOSTED_COURT = "signposted_court"
    SIGNPOSTED_TRIBUNAL = "signposted_tribunal"
    SIGNPOSTED_OMBUDSMAN = "signposted_ombudsman"
    SIGNPOSTED_NHS = "signposted_nhs"
    SIGNPOSTED_POLICE = "signposted_police"
    SIGNPOSTED_ANOTHER_COUNCIL = "signposted_another_council"
    SIGNPOSTED_OTHER_ORGANISATION = "signposted_other_organisation"
    CHILDREN_STATUTORY = "children_statutory"
    SOCIAL_SERVICES_WALES = "social_services_wales"
    ADULT_STATUTORY = "adult_statutory"
    CORPORATE = "corporate"
    SUFFICIENT_INTEREST = "sufficient_interest"
    CHILD_AGREEMENT = "child_agreement"
    OUT_OF_TIME = "out_of_time"
    DEFERRAL = "deferral"
    ADVOCACY_REQUESTED = "advocacy_requested"
    ADVOCACY_OFFER = "advocacy_offer"
    ADVOCACY_HAS_ADVOCATE = "advocacy_has_advocate"
    URGENT_DANGER_NOW = "urgent_danger_now"
    URGENT_HARM_WORDS = "urgent_harm_words"
    RECEIVED_ON_NON_WORKING_DAY = "received_on_non_working_day"
    DEADLINES = "deadlines"

    @classmethod
    def signposted(cls, signpost: Signpost) -> ReasonCode:
        return cls("signposted_" + signpost.value)


ParamValue = str | int


@dataclass(frozen=True, slots=True)
class Reason:
    """A reason's code and its parameters (codes of the vocabulary, or numbers)."""

    code: ReasonCode
    params: tuple[tuple[str, ParamValue], ...] = ()

    @classmethod
    def of(cls, code: ReasonCode, **params: ParamValue) -> Reason:
        return cls(code, tuple(sorted(params.items())))

    def to_mapping(self) -> dict[str, object]:
        """JSON-able form for storage: ``{"code": ..., "params": {...}}``."""
        return {"code": self.code.value, "params": dict(self.params)}

    @classmethod
    def from_mapping(cls, data: dict[str, object]) -> Reason:
        params = data.get("params") or {}
        if not isinstance(params, dict):
            raise ValueError(f"reason params must be an object, not {params!r}")
        return cls.of(ReasonCode(str(data["code"])), **params)
