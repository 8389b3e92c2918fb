"""Stage 1's clock: when its response is due, counted from what the procedure runs it
from (the receipt, the acknowledgement or an agreed response plan)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import object_session

from portal.cases.context import calendar_of, nation_of, route_of, settings_of
from portal.models.cases import Representation, Stage
from portal.models.records import ResponsePlan
from portal.procedure import rules


def _set_stage1_clock(rep: Representation, stage1: Stage) -> None:
    route = route_of(rep)
    if route is None or stage1.extended:
        return
    timescale = settings_of(rep).timescale(route)
    if rep.acknowledge_by is None and timescale.acknowledge is not None:
        # A complaint logged by an officer has no routing deadlines yet.
        rep.acknowledge_by = calendar_of(rep).add_working_days(rep.received_on,
                                                               timescale.acknowledge)
    if rules.response_plan_applies(rep.procedure, nation_of(rep)):
        # Adult social care: the date agreed with the complainant, else six months.
        stage1.started_on = stage1.started_on or rep.received_on
        stage1.due_on = rules.adult_response_due(rep.received_on, agreed_response_by(rep),
                                                 calendar=calendar_of(rep))
        stage1.due_latest_on = None
        return
    if timescale.respond is None:
        return
    due = rules.stage1_due(rep.received_on, rep.acknowledged_on, respond=timescale.respond,
                           respond_latest=timescale.respond_latest, procedure=rep.procedure,
                           nation=nation_of(rep), calendar=calendar_of(rep))
    stage1.started_on = stage1.started_on or rep.received_on
    stage1.due_on, stage1.due_latest_on = due.on, due.latest_on


def refresh_stage1_clock(rep: Representation) -> None:
    """Count stage 1's deadline again after what it runs from changed (an agreed
    response plan); a closed stage keeps the deadline it had."""
    stage1 = rep.stage(1)
    if stage1 is not None and stage1.closed_on is None:
        _set_stage1_clock(rep, stage1)


def agreed_response_by(rep: Representation) -> date | None:
    """The response date of the latest response plan agreed for this case, if any."""
    session = object_session(rep)
    if session is None or rep.id is None:
        return None
    return session.scalars(
        select(ResponsePlan.response_by).where(ResponsePlan.representation_id == rep.id)
        .order_by(ResponsePlan.version.desc()).limit(1)).first()
