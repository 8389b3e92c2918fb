"""The decision routing gives a submission (``spec/ROUTING.md``, "Decision")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from portal.routing.reasons import Audience, Reason, reason_text, render_english
from portal.vocab.routing import PROCEDURE_ROUTES, Advocacy, Check, Route, Signpost

__all__ = ["PROCEDURE_ROUTES", "Advocacy", "Check", "Decision", "Route", "Signpost"]


@dataclass(frozen=True, slots=True)
class Decision:
    """Where a submission goes, what a person must decide, and its first deadlines."""

    route: Route
    stage: int | None
    signpost: Signpost | None
    checks: tuple[Check, ...]
    advocacy: Advocacy
    urgent: bool
    acknowledge_by: date | None
    respond_by: date | None
    respond_by_latest: date | None
    reasons: tuple[Reason, ...]

    def to_json(self) -> dict[str, Any]:
        """The decision as a JSON-able dict in the contract's shape.

        ``reasons`` are rendered as English officer text; use
        :func:`portal.routing.reasons.reason_text` for other languages or
        for the complainant's words.
        """
        return {
            "route": self.route.value,
            "stage": self.stage,
            "signpost": None if self.signpost is None else self.signpost.value,
            "checks": [c.value for c in self.checks],
            "advocacy": self.advocacy.value,
            "urgent": self.urgent,
            "acknowledge_by": _iso(self.acknowledge_by),
            "respond_by": _iso(self.respond_by),
            "respond_by_latest": _iso(self.respond_by_latest),
            "reasons": render_english(self.reasons),
        }

    def reason_texts(self, audience: Audience = "officer") -> list[str]:
        """The reasons in the current locale: for the triage screen, or (``"child"``)
        for the complainant, saying where to go and how when signposted."""
        return [reason_text(r, audience) for r in self.reasons]


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()
