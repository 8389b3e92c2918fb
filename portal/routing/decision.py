"""The decision routing gives a submission (``spec/ROUTING.md``, "Decision"): data only.

Its contract JSON and its reasons in words are in reasons.py (``decision_json``,
``reason_texts``), so the rules that make a decision need no translation machinery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.routing.reason_codes import Reason
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


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()
