"""The timescales the annual report measures against (spec/REPORT.md, DOMAIN.md).

Defaults are the law and guidance as REPORT.md states them; a council may
configure others (some acknowledge children's complaints in 2 working days),
so the report takes a :class:`Timescales` rather than reading constants.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from portal.vocab.register import Procedure


@dataclass(frozen=True)
class StageTimescale:
    """Working days for one stage: ``base`` is the first deadline, ``longest`` the
    furthest an extension may take it (equal when the stage cannot be extended)."""

    base: int
    longest: int

    def __post_init__(self) -> None:
        if not 0 <= self.base <= self.longest:
            raise ValueError("a stage timescale needs 0 <= base <= longest")


def _frozen(mapping: Mapping) -> Mapping:  # type: ignore[type-arg]
    return MappingProxyType(dict(mapping))


_DEFAULT_STAGES = {
    # Children Act 1989 Representations Procedure (England) Regulations 2006:
    # stage 1 10 (extendable to 20), stage 2 25 (to 65),
    # stage 3 review panel within 30 of the request, with no extension.
    (Procedure.CHILDREN_STATUTORY, 1): StageTimescale(10, 20),
    (Procedure.CHILDREN_STATUTORY, 2): StageTimescale(25, 65),
    (Procedure.CHILDREN_STATUTORY, 3): StageTimescale(30, 30),
    # LGSCO Complaint Handling Code: stage 1 10 (+10), stage 2 20 (+20).
    (Procedure.CORPORATE, 1): StageTimescale(10, 20),
    (Procedure.CORPORATE, 2): StageTimescale(20, 40),
    # Local Authority Social Services and National Health Service Complaints
    # (England) Regulations 2009: one local stage; REPORT.md measures 20, at most about six months.
    (Procedure.ADULT_STATUTORY, 1): StageTimescale(20, 130),
}

_DEFAULT_ACKNOWLEDGEMENT = {
    # No statutory figure for children's complaints; councils use 2 or 3.
    Procedure.CHILDREN_STATUTORY: 3,
    Procedure.CORPORATE: 5,
    Procedure.ADULT_STATUTORY: 3,
    Procedure.INFORMAL: 3,
    Procedure.NOT_ACCEPTED: 3,
}


@dataclass(frozen=True)
class Timescales:
    """Working-day timescales per procedure and stage, acknowledgement and enquiries."""

    stages: Mapping[tuple[Procedure, int], StageTimescale] = field(
        default_factory=lambda: _frozen(_DEFAULT_STAGES)
    )
    acknowledgement: Mapping[Procedure, int] = field(
        default_factory=lambda: _frozen(_DEFAULT_ACKNOWLEDGEMENT)
    )
    #: Councillors' and MPs' enquiries (DOMAIN.md "enquiry").
    enquiry: int = 10

    def __post_init__(self) -> None:
        # Frozen means frozen: a caller's dict must not change the report afterwards.
        object.__setattr__(self, "stages", _frozen(self.stages))
        object.__setattr__(self, "acknowledgement", _frozen(self.acknowledgement))

    def stage(self, procedure: Procedure, stage: int) -> StageTimescale:
        return self.stages[(procedure, stage)]

    def with_changes(
        self,
        *,
        stages: Mapping[tuple[Procedure, int], StageTimescale] | None = None,
        acknowledgement: Mapping[Procedure, int] | None = None,
        enquiry: int | None = None,
    ) -> Timescales:
        """A copy with some timescales replaced, as a council configures them."""
        return Timescales(
            stages={**self.stages, **(stages or {})},
            acknowledgement={**self.acknowledgement, **(acknowledgement or {})},
            enquiry=self.enquiry if enquiry is None else enquiry,
        )


    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Timescales:
        """The defaults with a council's changes, from its settings' ``report_timescales``::

            {"acknowledgement": {"children_statutory": 2},
             "stages": {"corporate": {"1": [10, 20]}},
             "enquiry": 10}

        Raises ValueError naming the setting when a value is not usable.
        """
        try:
            acknowledgement = {
                Procedure(name): _days(days) for name, days in
                (data.get("acknowledgement") or {}).items()
            }
            stages = {
                (Procedure(name), int(stage)): StageTimescale(_days(pair[0]), _days(pair[1]))
                for name, by_stage in (data.get("stages") or {}).items()
                for stage, pair in by_stage.items()
            }
            enquiry = data.get("enquiry")
            return DEFAULT_TIMESCALES.with_changes(
                stages=stages, acknowledgement=acknowledgement,
                enquiry=None if enquiry is None else _days(enquiry),
            )
        except (TypeError, ValueError, IndexError, AttributeError) as error:
            raise ValueError(f"report_timescales is not usable: {error}") from None


def _days(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{value!r} is not a whole number of working days")
    return value


DEFAULT_TIMESCALES = Timescales()
