"""Routing decisions on the register: record what routing decided, and let an
officer override it with a recorded reason.

Where the decision lives on a register entry (``portal.models.cases``):

- ``route``, ``signpost``, ``advocacy``, ``urgent``, ``acknowledge_by`` and
  ``routed_at`` on the Representation; ``procedure`` for a complaint under a
  procedure (a signposted one is left for triage to mark ``not_accepted``);
- ``respond_by`` and ``respond_by_latest`` as stage 1's ``due_on`` and
  ``due_latest_on`` (stage 1 starts on ``received_on``), as the register's
  stage columns read them; an enquiry's reply is its stage 1 too (REGISTER.md);
- each check as a pending ``CaseCheck`` for a complaints manager to decide;
- ``routing_reasons`` as ``{"code", "params", "text"}``: the code and
  parameters render in any language and for either audience
  (:func:`stored_reasons`), the English text reads without the code;
- a ``routed`` or ``routing_overridden`` CaseEvent with the before and after.

Neither function commits: the caller's unit of work does (STYLE.md section 4).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final

from flask_babel import gettext
from sqlalchemy.orm import Session

from portal.common.dates import WorkingCalendar
from portal.db.types import utcnow
from portal.history.events import event_values, record_event
from portal.models.cases import CaseCheck, CaseEvent, Representation, Stage
from portal.models.staff import User
from portal.routing.decision import Decision
from portal.routing.reasons import Reason, decision_json, render_english
from portal.routing.rules import deadlines_for
from portal.settings.routing import RoutingSettings
from portal.vocab.cases import CheckDecision, Procedure
from portal.vocab.events import EventType
from portal.vocab.routing import PROCEDURE_ROUTES, Check, Route, Signpost


class RoutingServiceError(ValueError):
    """A routing decision cannot be recorded or overridden as asked; the message says why."""


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


#: "Leave this as it is" for :func:`override_decision` (None means "clear it").
UNCHANGED: Final = _Unchanged()

#: The two kinds of event routing writes, by the names the tests import.
ROUTED = EventType.ROUTED
OVERRIDDEN = EventType.ROUTING_OVERRIDDEN


def record_decision(session: Session, representation: Representation, decision: Decision) -> None:
    """Store routing's decision on a new register entry, once (ROUTING.md, "Decision").

    A second decision for the same entry is refused: after intake, changes
    are an officer's override with a reason (:func:`override_decision`).
    """
    apply_decision(representation, decision)
    if representation.id is None:  # an entry not yet written: its id, for its first event
        session.add(representation)
        session.flush()
    record_event(session, representation.id, ROUTED, actor="system",
                 data={"decision": decision_json(decision)})
    session.flush()


def apply_decision(representation: Representation, decision: Decision) -> None:
    """Set routing's decision on an entry (its fields, stage 1's deadlines, the pending
    checks) without writing anything: :func:`record_decision`'s first half, for a caller
    that writes the entry and its ``routed`` event (:func:`routed_event`) itself. On an
    entry not yet written, nothing is loaded either: its stages and checks are empty."""
    if representation.routed_at is not None:
        raise RoutingServiceError(
            gettext(
                "%(reference)s was already routed; override the decision instead",
                reference=representation.reference,
            )
        )
    english = render_english(decision.reasons)
    representation.route = decision.route
    representation.signpost = decision.signpost
    representation.advocacy = decision.advocacy
    representation.urgent = decision.urgent
    representation.routing_reasons = [
        {**reason.to_mapping(), "text": text}
        for reason, text in zip(decision.reasons, english, strict=True)
    ]
    representation.routed_at = utcnow()
    if decision.route in PROCEDURE_ROUTES:
        representation.procedure = Procedure(decision.route.value)
    _set_deadlines(
        representation, decision.acknowledge_by, decision.respond_by, decision.respond_by_latest
    )
    _set_checks(representation, decision.checks)


def routed_event(representation_id: int, decision: Decision, *, at: datetime | None = None
                 ) -> dict[str, Any]:
    """The ``routed`` event :func:`record_decision` writes, as values for
    history.record_events."""
    return event_values(representation_id, ROUTED, actor="system",
                        data={"decision": decision_json(decision)}, at=at)


def override_decision(
    session: Session,
    representation: Representation,
    *,
    actor: User,
    reason: str,
    route: Route | object = UNCHANGED,
    signpost: Signpost | None | object = UNCHANGED,
    checks: list[Check] | tuple[Check, ...] | object = UNCHANGED,
    acknowledge_by: date | None | object = UNCHANGED,
    respond_by: date | None | object = UNCHANGED,
    respond_by_latest: date | None | object = UNCHANGED,
    settings: RoutingSettings | None = None,
    calendar: WorkingCalendar | None = None,
) -> CaseEvent:
    """An officer changes the route, checks or deadlines, saying why; the change
    and its reason are recorded as a case event with before and after
    (DOMAIN.md: "the portal raises them, a person decides, the decision and
    its reason are recorded").

    Leave a field ``UNCHANGED`` to keep it. A new route without new deadlines
    gets the route's own deadlines from the council's settings (``settings``
    and ``calendar`` default to the council's); a route with no checks (a
    signpost, a compliment) drops the checks. Refuses an empty reason, a
    change that changes nothing, a signpost route without a signpost,
    deadlines before receipt or out of order, and removing a check a
    manager has already decided.
    """
    reason = _override_reason(representation, reason)
    before = snapshot(representation)
    after = _requested(
        representation, before, route=route, signpost=signpost, checks=checks,
        deadlines={"acknowledge_by": acknowledge_by, "respond_by": respond_by,
                   "respond_by_latest": respond_by_latest},
        settings=settings, calendar=calendar,
    )
    _validate(representation, after)
    if after == before:
        raise RoutingServiceError(gettext("The override changes nothing"))

    _apply(representation, after)
    event = record_override(session, representation, actor=actor, before=_jsonable(before),
                            after=_jsonable(after), reason=reason)
    session.flush()
    return event


def record_override(session: Session, representation: Representation, *, actor: User,
                    before: Mapping[str, Any], after: Mapping[str, Any],
                    reason: str) -> CaseEvent:
    """The one ``routing_overridden`` event: an officer's change to the routing decision,
    as it was and as it became, with their reason. :func:`override_decision` writes it,
    and so does triage changing an officer's own route on a case routing never saw
    (cases/services/triage.py)."""
    return record_event(session, representation.id, OVERRIDDEN, actor="staff",
                        actor_user_id=actor.id,
                        data={"before": before, "after": after, "reason": reason})


def snapshot(representation: Representation) -> dict[str, Any]:
    """The entry's routing decision as it stands: the fields an officer may override."""
    stage1 = representation.stage(1)
    return {
        "route": representation.route,
        "signpost": representation.signpost,
        "checks": _ordered_checks(c.check for c in representation.checks),
        "acknowledge_by": representation.acknowledge_by,
        "respond_by": stage1.due_on if stage1 else None,
        "respond_by_latest": stage1.due_latest_on if stage1 else None,
    }


def stored_reasons(representation: Representation) -> list[Reason]:
    """The recorded reasons, to render with ``reason_text`` in any language or audience."""
    return [Reason.from_mapping(r) for r in representation.routing_reasons or []]


# --- helpers ------------------------------------------------------------------------


def _override_reason(representation: Representation, reason: str) -> str:
    """The officer's reason, trimmed; refused if empty or if there is no decision yet."""
    reason = (reason or "").strip()
    if not reason:
        raise RoutingServiceError(gettext("Give the reason for overriding the routing decision"))
    if representation.routed_at is None:
        raise RoutingServiceError(
            gettext("%(reference)s has not been routed yet", reference=representation.reference)
        )
    return reason


def _requested(
    representation: Representation,
    before: dict[str, Any],
    *,
    route: Route | object,
    signpost: Signpost | None | object,
    checks: list[Check] | tuple[Check, ...] | object,
    deadlines: dict[str, date | None | object],
    settings: RoutingSettings | None,
    calendar: WorkingCalendar | None,
) -> dict[str, Any]:
    """The routing decision as the override would leave it, from ``before`` and the
    fields not left ``UNCHANGED``; what a new route implies fills the rest."""
    after = dict(before)
    if route is not UNCHANGED:
        after["route"] = Route(route)  # type: ignore[arg-type]
    route_changed = after["route"] != before["route"]
    new_route: Route = after["route"]

    if signpost is not UNCHANGED:
        after["signpost"] = None if signpost is None else Signpost(signpost)  # type: ignore[arg-type]
    elif route_changed and new_route is not Route.SIGNPOST:
        after["signpost"] = None

    if checks is not UNCHANGED:
        after["checks"] = _ordered_checks(checks)  # type: ignore[arg-type]
    elif route_changed and new_route not in PROCEDURE_ROUTES:
        after["checks"] = []

    if route_changed and all(v is UNCHANGED for v in deadlines.values()):
        settings, calendar = _council_rules(representation, settings, calendar)
        ack, due, latest = deadlines_for(
            representation.received_on, new_route, settings=settings, calendar=calendar
        )
        after.update(acknowledge_by=ack, respond_by=due, respond_by_latest=latest)
    else:
        after.update({k: v for k, v in deadlines.items() if v is not UNCHANGED})
    return after


def _apply(representation: Representation, after: dict[str, Any]) -> None:
    """Set the entry's routing fields to a validated override."""
    new_route: Route = after["route"]
    representation.route = new_route
    representation.signpost = after["signpost"]
    representation.procedure = Procedure(new_route.value) if new_route in PROCEDURE_ROUTES else None
    _set_deadlines(
        representation, after["acknowledge_by"], after["respond_by"], after["respond_by_latest"]
    )
    _set_checks(representation, after["checks"])


def _ordered_checks(checks: Any) -> list[Check]:
    found = {Check(c) for c in checks}
    return [c for c in Check if c in found]


def _council_rules(
    representation: Representation,
    settings: RoutingSettings | None,
    calendar: WorkingCalendar | None,
) -> tuple[RoutingSettings, WorkingCalendar]:
    if settings is None or calendar is None:
        # The council's stored settings; imported here because councils
        # imports routing's settings.
        from portal.councils.services import council_calendar, routing_settings_for

        settings = settings or routing_settings_for(representation.council)
        calendar = calendar or council_calendar(representation.council)
    return settings, calendar


def _validate(representation: Representation, after: dict[str, Any]) -> None:
    route: Route = after["route"]
    if route is Route.SIGNPOST and after["signpost"] is None:
        raise RoutingServiceError(gettext("Choose where to signpost the person"))
    if route is not Route.SIGNPOST and after["signpost"] is not None:
        raise RoutingServiceError(gettext("Only the signpost route has a signpost"))
    if after["checks"] and route not in PROCEDURE_ROUTES:
        raise RoutingServiceError(gettext("Only a complaint under a procedure has checks"))
    dates = [
        after[k]
        for k in ("acknowledge_by", "respond_by", "respond_by_latest")
        if after[k] is not None
    ]
    if any(d < representation.received_on for d in dates):
        raise RoutingServiceError(gettext("A deadline cannot be before the day it was received"))
    if dates != sorted(dates):
        raise RoutingServiceError(
            gettext("Deadlines must run in order: acknowledge, respond, latest response")
        )
    removed = set(_ordered_checks(c.check for c in representation.checks)) - set(after["checks"])
    for check in representation.checks:
        if check.check in removed and check.decision is not CheckDecision.PENDING:
            raise RoutingServiceError(
                gettext(
                    "The %(check)s check was already decided and cannot be removed",
                    check=check.check.value,
                )
            )


def _set_deadlines(
    representation: Representation,
    acknowledge_by: date | None,
    respond_by: date | None,
    respond_by_latest: date | None,
) -> None:
    representation.acknowledge_by = acknowledge_by
    stage1 = representation.stage(1)
    if respond_by is None and respond_by_latest is None:
        if stage1 is not None:
            if stage1.closed_on is not None:
                raise RoutingServiceError(
                    gettext("Stage 1 is already closed; its deadlines cannot be removed")
                )
            representation.stages.remove(stage1)
        return
    if stage1 is None:
        stage1 = Stage(number=1, started_on=representation.received_on)
        representation.stages.append(stage1)
    stage1.due_on = respond_by
    stage1.due_latest_on = respond_by_latest


def _set_checks(representation: Representation, checks: Any) -> None:
    wanted = set(checks)
    for existing in list(representation.checks):
        if existing.check not in wanted:
            representation.checks.remove(existing)
    have = {c.check for c in representation.checks}
    for check in _ordered_checks(wanted - have):
        representation.checks.append(CaseCheck(check=check))


def _jsonable(state: dict[str, Any]) -> dict[str, Any]:
    def one(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, list):
            return [one(v) for v in value]
        return None if value is None else str(value)

    return {k: one(v) for k, v in state.items()}
