"""The register's row: one representation as spec/REGISTER.md summarises it.

The type the register's CSV (csvio), its database queries, the report and the feed
all share. A row holds its canonical values; reading and writing them as CSV cells,
and the rules between them, are csvio's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal.vocab.register import (
    DelayReason,
    Kind,
    Method,
    NotAcceptedReason,
    OmbudsmanDecision,
    Outcome,
    Procedure,
    Submitter,
)


class StageAccess:
    """Stage dates by number, for any row type with the register's stage fields."""

    __slots__ = ()
    stage1_started_on: date | None
    stage1_closed_on: date | None
    stage1_extended: bool | None
    stage2_started_on: date | None
    stage2_closed_on: date | None
    stage2_extended: bool | None
    stage3_started_on: date | None
    stage3_closed_on: date | None

    # The report calls these for every row and stage: plain attribute reads,
    # not getattr on a formatted name, keep a 100,000-row report fast.
    def stage_started_on(self, stage: int) -> date | None:
        if stage == 1:
            return self.stage1_started_on
        return self.stage2_started_on if stage == 2 else self.stage3_started_on

    def stage_closed_on(self, stage: int) -> date | None:
        if stage == 1:
            return self.stage1_closed_on
        return self.stage2_closed_on if stage == 2 else self.stage3_closed_on

    def stage_extended(self, stage: int) -> bool | None:
        # Stage 3 has no extension field: the panel's timescale is fixed.
        if stage == 1:
            return self.stage1_extended
        return self.stage2_extended if stage == 2 else None

    @property
    def final_stage(self) -> int | None:
        """The highest stage with a start date (REPORT.md "Final stage")."""
        if self.stage3_started_on is not None:
            return 3
        if self.stage2_started_on is not None:
            return 2
        return 1 if self.stage1_started_on is not None else None


@dataclass(frozen=True, slots=True)
class RegisterRow(StageAccess):
    """One representation as the register's CSV summarises it (spec/REGISTER.md)."""

    reference: str
    kind: Kind
    procedure: Procedure | None
    not_accepted_reason: NotAcceptedReason | None
    received_on: date
    method: Method
    team: str | None
    categories: tuple[str, ...]
    submitter: Submitter
    made_by_child: bool
    advocate: bool
    acknowledged_on: date | None
    stage1_started_on: date | None
    stage1_closed_on: date | None
    stage1_extended: bool | None
    stage2_started_on: date | None
    stage2_closed_on: date | None
    stage2_extended: bool | None
    stage3_started_on: date | None
    stage3_panel_on: date | None
    stage3_closed_on: date | None
    outcome: Outcome | None
    delay_reason: DelayReason | None
    adr: bool
    ombudsman_referred_on: date | None
    ombudsman_decision: OmbudsmanDecision | None
    compensation_gbp: Decimal | None
    gender: str | None
    age_band: str | None
    ethnicity: str | None
    disability: str | None


#: The columns in the order REGISTER.md lists them, which is the order written.
COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(RegisterRow))
