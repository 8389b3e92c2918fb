"""The closed vocabularies of the register (spec/REGISTER.md).

The values live in ``portal.vocab.cases``, shared with routing, intake and
the back office; this module adds what the register and the report need to
know about them: which procedures have timed stages, and how many.
"""

from __future__ import annotations

from portal.vocab.cases import (
    DelayReason,
    Kind,
    Method,
    NotAcceptedReason,
    OmbudsmanDecision,
    Outcome,
    Procedure,
    Submitter,
)

__all__ = [
    "LAST_STAGE", "STAGED_PROCEDURES", "DelayReason", "Kind", "Method", "NotAcceptedReason",
    "OmbudsmanDecision", "Outcome", "Procedure", "Submitter",
]

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
