"""The due and overdue list in the database: each open case's next legal deadline and its
red, amber or green as SQL columns, so the page counts and pages them there (issue 17).

The deadline is ``procedure.deadlines.deadline_from`` read as a CASE expression
(``deadlines``); the dates it would count from a request (a stage 2 acknowledgement, a
review panel) are counted in Python by the procedure's own functions, once per request
date, and joined in. ``due_dates`` stores it on each case's row when the case changes,
so the page (``due_page``) reads an index of the cases with a deadline instead of
working out every open case's on each request. The colour compares the deadline with
``rules.rag_cutoffs``, the rule as two dates worked out once for today.
tests/integration/cases/test_due_in_sql.py holds both equal to the Python reading
(tests/support/due_oracle.py) on both databases, after changes too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    column,
    func,
    literal,
    null,
    or_,
    select,
    type_coerce,
    values,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from portal.common.dates import WorkingCalendar
from portal.models.cases import Representation, Stage
from portal.models.councils import Team
from portal.procedure import rules
from portal.vocab.cases import CaseStatus, Procedure

_RUNNING = (CaseStatus.STAGE1, CaseStatus.STAGE2, CaseStatus.STAGE3)
#: A date never counted; typed, as PostgreSQL will not COALESCE a date with a bare NULL.
_NO_DATE = cast(null(), Date)


def _latest_stage() -> ColumnElement[Any]:
    # Each open case's latest stage, looked up case by case: grouping every stage of the
    # register (closed cases' too) made the page grow with the register's history.
    earlier = aliased(Stage)
    return (select(func.max(earlier.number))
            .where(earlier.representation_id == Representation.id).scalar_subquery())


def _requested() -> Select[Any]:
    """The request dates a deadline may be counted from: those of every unclosed stage 2
    without an acknowledgement date and stage 3 without a due date. More than the open
    cases' latest stages' (a superset does no harm: one date per day at most), read from
    the stages alone: joining the cases to narrow it scanned every case on SQLite, four
    times as long."""
    return (select(Stage.requested_on).distinct()
            .where(Stage.closed_on.is_(None), Stage.requested_on.is_not(None),
                   or_(and_(Stage.number == 2, Stage.acknowledge_by.is_(None)),
                       and_(Stage.number == 3, Stage.due_on.is_(None),
                            Stage.extended_to_on.is_(None)))))


def _counted(query: Select[Any], requested: list[date], calendar: WorkingCalendar,
             acknowledge: Mapping[Procedure, int]
             ) -> tuple[Select[Any], ColumnElement[Any], ColumnElement[Any]]:
    """``query`` joined to the dates counted from ``requested`` (tables in a WITH: SQLite
    cannot name a VALUES list's columns in FROM): each stage 2
    acknowledgement (by the working days the case's procedure allows) and each review
    panel's; and those two columns. Nulls when nothing is counted: no table to join."""
    if not requested:
        return query, _NO_DATE, _NO_DATE
    panels = values(column("requested_on", Date), column("panel_by", Date),
                    name="counted_panels").data(
        [(d, rules.panel_due(d, calendar=calendar)) for d in requested]).cte()
    query = query.outerjoin(panels, panels.c.requested_on == Stage.requested_on)
    if not acknowledge:
        return query, _NO_DATE, panels.c.panel_by
    acks = values(column("requested_on", Date), column("days", Integer),
                  column("acknowledge_by", Date), name="counted_acks").data(
        [(d, n, rules.stage2_acknowledge_by(d, acknowledge=n, calendar=calendar))
         for d in requested for n in sorted(set(acknowledge.values()))]).cte()
    allowed = case(*((Representation.procedure == p, n) for p, n in acknowledge.items()),
                   else_=null())
    query = query.outerjoin(acks, and_(acks.c.requested_on == Stage.requested_on,
                                       acks.c.days == allowed))
    return query, acks.c.acknowledge_by, panels.c.panel_by


def deadlines(bind: Session | Connection, where: Sequence[ColumnElement[bool]], *,
              calendar: WorkingCalendar, stage2_acknowledge: Mapping[Procedure, int]
              ) -> Select[*tuple[Any, ...]]:
    """The open cases matching ``where`` with their next legal deadline: id, reference,
    received_on, team_id, team, what and due_on (both null when no clock runs), as
    ``deadline_from`` says. ``due_dates`` stores it on each case's row."""
    is_open: ColumnElement[bool] = Representation.status.in_(rules.OPEN_STATUSES)
    dialect = bind.get_bind().dialect if isinstance(bind, Session) else bind.dialect
    if dialect.name == "sqlite":
        # SQLite's statistics hold only the average number of cases per status, so it
        # took the open ones for most of the register and read all 200,000 cases
        # (PostgreSQL knows the statuses' spread): "unlikely" makes it use
        # ix_representations_status_urgent.
        # (Untyped: a Boolean function would be compared with 1, which SQLite then
        # cannot see through.)
        is_open = func.unlikely(is_open)
    joined: Select[Any] = (
        select(Representation.id)
        .outerjoin(Team, Team.id == Representation.team_id)
        .outerjoin(Stage, and_(Stage.representation_id == Representation.id,
                               Stage.number == _latest_stage())))
    joined, counted_ack, counted_panel = _counted(
        joined, list(bind.scalars(_requested())), calendar, stage2_acknowledge)
    due_on, what = _deadline(counted_ack, counted_panel)
    return joined.with_only_columns(
        Representation.id, Representation.reference, Representation.received_on,
        Representation.team_id, Team.name.label("team"), what.label("what"),
        due_on.label("due_on")).where(*where, is_open)


def due_page(session: Session, where: Sequence[ColumnElement[bool]], *, today: date,
             calendar: WorkingCalendar, first: int, last: int) -> Any:
    """The rows ``first`` to ``last`` (from 1) of each team's deadlines, most urgent
    first, of the cases matching ``where``, and each team's first row whatever the page,
    so that every team is there with its counts. Each row: reference, team_id, team,
    what, due_on, rag, place (in its team), total and the team's red, amber and green;
    as ``deadline_from`` and ``rules.rag`` say. One statement, read from each case's
    stored deadline (``due_dates``) by ``ix_representations_due_team``: only the cases
    with a deadline, in each team's order."""
    due_on = Representation.next_due_on
    cut = rules.rag_cutoffs(today=today, calendar=calendar)
    rag = case((due_on < cut.amber_from, literal(rules.Rag.RED.value)),
               (due_on < cut.green_from, literal(rules.Rag.AMBER.value)),
               else_=literal(rules.Rag.GREEN.value))
    team = Representation.team_id
    order = (due_on, Representation.reference)
    colours = [func.sum(case((rag == c.value, 1), else_=0))
               .over(partition_by=team, order_by=order, rows=(None, None)).label(c.value)
               for c in rules.Rag]
    # Only the index's columns (the id is its row's key), so the index alone is read;
    # what each deadline is for is looked up for the rows kept.
    ranked = select(
        Representation.id, Representation.reference, team.label("team_id"),
        due_on.label("due_on"), rag.label("rag"),
        func.row_number().over(partition_by=team, order_by=order).label("place"),
        func.count().over(partition_by=team, order_by=order, rows=(None, None))
        .label("total"), *colours,
    ).where(*where, due_on.is_not(None)).subquery("ranked")
    # The teams' names, and what each is for, for the few rows kept, not for every case.
    kept = aliased(Representation)
    return session.execute(
        select(ranked, Team.name.label("team"), kept.next_due_what.label("what"))
        .join(kept, kept.id == ranked.c.id)
        .outerjoin(Team, Team.id == ranked.c.team_id)
        .where(or_(ranked.c.place == 1, and_(ranked.c.place >= first, ranked.c.place <= last)))
        .order_by(ranked.c.team_id, ranked.c.place))


def _deadline(counted_ack: ColumnElement[Any], counted_panel: ColumnElement[Any]
              ) -> tuple[ColumnElement[date], ColumnElement[str]]:
    """``deadline_from`` as two CASE expressions (the due date and what it is for), null
    when no clock runs; a branch for each of its returns, in its order."""
    case_, stage = Representation, Stage
    # An acknowledgement not yet sent comes first while the case is new or at an open
    # stage 1.
    acknowledge = and_(case_.acknowledged_on.is_(None), case_.acknowledge_by.is_not(None),
                       or_(case_.status == CaseStatus.NEW,
                           and_(case_.status == CaseStatus.STAGE1,
                                or_(stage.number.is_(None), stage.closed_on.is_(None)))))
    running = and_(stage.number.is_not(None), stage.closed_on.is_(None),
                   case_.status.in_(_RUNNING))
    ack_by = func.coalesce(stage.acknowledge_by, counted_ack)
    stage2_ack = and_(running, stage.number == 2, stage.started_on.is_(None),
                      stage.acknowledged_on.is_(None), ack_by.is_not(None))
    respond_by = func.coalesce(stage.extended_to_on, stage.due_on,
                               case((stage.number == 3, counted_panel), else_=null()))
    responding = and_(running, respond_by.is_not(None))
    panel = and_(responding, stage.number == 3)
    due_on = case((acknowledge, case_.acknowledge_by), (stage2_ack, ack_by),
                  (responding, respond_by), else_=null())
    what = case(
        (acknowledge, literal("acknowledge")), (stage2_ack, literal("stage2_acknowledge")),
        (and_(panel, stage.report_on.is_not(None)), literal("stage3_response")),
        (and_(panel, stage.panel_on.is_not(None)), literal("stage3_report")),
        (panel, literal("stage3_panel")),
        (responding, literal("stage").concat(cast(stage.number, String))), else_=null())
    return type_coerce(due_on, Date), type_coerce(what, String)
