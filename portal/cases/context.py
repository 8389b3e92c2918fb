"""A case's setting: its nation, its council's calendar and timescales, and the
refusal every case service raises. Shared by the services and the procedure's guard,
so neither needs the other to know where a case stands."""

from __future__ import annotations

from flask_babel import gettext

from portal.common.dates import Nation, WorkingCalendar
from portal.councils.services import council_calendar, routing_settings_for
from portal.models.cases import Representation
from portal.settings.routing import RoutingSettings
from portal.vocab.cases import Procedure, Route


class CaseError(ValueError):
    """The action is not allowed now; the message is a sentence for the officer."""




def nation_of(rep: Representation) -> Nation:
    return Nation(rep.council.nation)


def calendar_of(rep: Representation) -> WorkingCalendar:
    return council_calendar(rep.council)


def settings_of(rep: Representation) -> RoutingSettings:
    return routing_settings_for(rep.council)


def route_of(rep: Representation) -> Route | None:
    """The procedure route a case runs under, None when it is not under a procedure."""
    if rep.procedure in (Procedure.CHILDREN_STATUTORY, Procedure.CORPORATE,
                         Procedure.ADULT_STATUTORY):
        return Route(rep.procedure.value)
    return None


def require_reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise CaseError(gettext("Give the reason: it is recorded with the decision."))
    return text


def stage2_acknowledge_days(rep: Representation) -> int | None:
    """Working days to acknowledge a stage 2 request under this case's procedure, as the
    council's settings hold them (corporate: 5, LGSCO Code); None where the procedure
    has no separate stage 2 acknowledgement."""
    route = route_of(rep)
    timescale = settings_of(rep).stage2_timescales.get(route) if route else None
    return timescale.acknowledge if timescale is not None else None


def needs_stage2_acknowledgement(rep: Representation) -> bool:
    """Stage 2 is acknowledged on its own, and its response clock runs from that
    acknowledgement (LGSCO Code). Wales' stage 2 runs from the request instead
    (2014 Regulations reg. 18(1))."""
    return nation_of(rep) is not Nation.WALES and stage2_acknowledge_days(rep) is not None
