"""Each case's next legal deadline, stored on its row (``representations.next_due_on`` and
``next_due_what``), so the due page and the overdue search read an index of the open
cases with a deadline instead of working every open case's deadline out on each
request (issue 17, part 5: that grew with the register, 8,400 open cases at 100,000).

The value is ``procedure.deadlines.deadline_from`` as the database works it out
(``due_list.deadlines``; tests/integration/cases/test_due_in_sql.py holds the two
equal), or none when no clock runs (every closed case). Kept current here, as
``councils.retention_dates`` keeps the retention date:

- a case written through the ORM whose facts the deadline reads change (its status,
  acknowledgement, procedure, council), or one of its stages: ``before_flush`` notes it
  and ``after_flush_postexec`` works its deadline out in SQL and stores it. A new case
  awaiting triage needs none of that: its deadline is its acknowledgement's, set before
  it is written, so the public submit adds no statement;
- a change to the council's settings or nation (the working days to acknowledge stage
  2, the calendar): every case of the council;
- a bulk import (``register.services``), which calls ``refresh`` for its rows;
- the migration that added the columns, and a holiday calendar changed by an upgrade:
  ``refresh_all`` (``flask cases refresh-deadlines``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, event, inspect, select, update
from sqlalchemy.orm import Session, UOWTransaction

from portal.cases.due_list import deadlines
from portal.councils.retention_dates import cases_by_council
from portal.councils.services import council_calendar, stage2_acknowledgements
from portal.models.cases import Representation, Stage
from portal.models.councils import Council
from portal.procedure import rules
from portal.procedure.deadlines import deadline_from
from portal.vocab.cases import CaseStatus

r = Representation

#: A case's facts the deadline reads (besides its latest stage's).
_CASE_FACTS = ("status", "acknowledge_by", "acknowledged_on", "procedure", "council_id")
_STAGE_FACTS = ("number", "closed_on", "extended_to_on", "due_on", "requested_on",
                "report_on", "panel_on", "started_on", "acknowledge_by", "acknowledged_on",
                "representation_id")
#: Cases worked out per statement: well under SQLite's bound-parameter limit.
_CHUNK = 500
_CASES, _COUNCILS = "portal.due_dates.cases", "portal.due_dates.councils"


def refresh(connection: Connection, council: Council, *,
            ids: Iterable[int] | None = None) -> int:
    """Store the next deadline of the council's cases ``ids`` (every case if None); only
    the rows whose deadline changed are written. How many were."""
    calendar, acknowledge = council_calendar(council), stage2_acknowledgements(council)
    table = r.__table__
    write = (update(table).where(table.c.id == bindparam("case_id"))  # type: ignore[arg-type]
             .values(next_due_on=bindparam("due_on"), next_due_what=bindparam("what")))
    written = 0
    if ids is None:
        # Closed (or withdrawn) since: no clock runs. The open ones are worked out below.
        written += connection.execute(
            update(table).where(  # type: ignore[arg-type]
                table.c.council_id == council.id, table.c.next_due_on.is_not(None),
                table.c.status.not_in(sorted(rules.OPEN_STATUSES)))
            .values(next_due_on=None, next_due_what=None)).rowcount
        scopes: list[list[int] | None] = [None]
    else:
        wanted = sorted(set(ids))
        scopes = [wanted[start:start + _CHUNK] for start in range(0, len(wanted), _CHUNK)]
    for scope in scopes:
        where = [r.council_id == council.id]
        if scope is not None:
            where.append(r.id.in_(scope))
        found = connection.execute(
            deadlines(connection, where, calendar=calendar, stage2_acknowledge=acknowledge)
            .add_columns(r.next_due_on.label("stored_on"),
                         r.next_due_what.label("stored_what"))).all()
        changed = [{"case_id": row.id, "due_on": row.due_on, "what": row.what}
                   for row in found
                   if (row.due_on, row.what) != (row.stored_on, row.stored_what)]
        if scope is not None:  # the ones not open now keep no deadline
            open_ids = {row.id for row in found}
            changed += [{"case_id": case_id, "due_on": None, "what": None}
                        for case_id in scope if case_id not in open_ids]
        if changed:
            connection.execute(write, changed)
            written += len(changed)
    return written


def refresh_all(connection: Connection) -> int:
    """Every council's cases (the migration that added the columns fills them with this)."""
    return sum(refresh(connection, Council(id=council_id, nation=nation, settings=settings))
               for council_id, nation, settings in connection.execute(
                   select(Council.id, Council.nation, Council.settings)).all())


# --- Keeping it current through the ORM ------------------------------------------------------


def _changed(obj: Any, names: tuple[str, ...]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _awaiting_triage(rep: Representation) -> bool:
    """A new case awaiting triage: its deadline is its acknowledgement's alone (no stage
    is read at this status), so it is set before the case is written."""
    return rep.status is CaseStatus.NEW


def _parent(session: Session, stage: Stage) -> Representation | int | None:
    """The case a stage belongs to, without loading anything: the object if the session
    holds it, else its id."""
    parent = stage.__dict__.get("representation")
    if parent is None and stage.representation_id is not None:
        parent = session.identity_map.get(
            session.identity_key(Representation, stage.representation_id))
    return parent if parent is not None else stage.representation_id


@event.listens_for(Session, "before_flush")
def _note(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    cases: list[Representation | int] = session.info.setdefault(_CASES, [])
    councils: list[Council] = session.info.setdefault(_COUNCILS, [])
    set_here: set[int] = set()
    for obj in session.new:
        if isinstance(obj, Representation) and _awaiting_triage(obj):
            found = deadline_from(obj.status, obj.acknowledge_by, obj.acknowledged_on,
                                  None, None)
            obj.next_due_what, obj.next_due_on = found if found else (None, None)
            set_here.add(id(obj))
    for obj in (*session.new, *session.dirty, *session.deleted):
        new = obj in session.new or obj in session.deleted
        if isinstance(obj, Representation):
            if obj in session.deleted or id(obj) in set_here:
                continue
            if new or _changed(obj, _CASE_FACTS):
                cases.append(obj)
        elif isinstance(obj, Stage):
            if new or _changed(obj, _STAGE_FACTS):
                parent = _parent(session, obj)
                if parent is not None and id(parent) not in set_here:
                    cases.append(parent)
        elif isinstance(obj, Council) and not new and _changed(obj, ("settings", "nation")):
            councils.append(obj)


@event.listens_for(Session, "after_flush_postexec")
def _refresh(session: Session, flush_context: UOWTransaction) -> None:
    cases = session.info.pop(_CASES, [])
    councils = {c.id: c for c in session.info.pop(_COUNCILS, [])}
    if not cases and not councils:
        return
    connection = session.connection()
    for council in councils.values():
        refresh(connection, council)
    ids = {c if isinstance(c, int) else c.id for c in cases} - {None}
    if ids:
        for council_id, case_ids in cases_by_council(connection, cases, ids,
                                                     done=councils.keys()).items():
            held = session.identity_map.get(session.identity_key(Council, council_id))
            council = held if isinstance(held, Council) else _council(connection, council_id)
            refresh(connection, council, ids=case_ids)
    for case_id in ids if not councils else _held_cases(session):
        held_case = session.identity_map.get(session.identity_key(Representation, case_id))
        if held_case is not None:
            session.expire(held_case, ["next_due_on", "next_due_what"])


def _council(connection: Connection, council_id: int) -> Council:
    """The council's nation and settings, as a detached Council the settings' readers take."""
    nation, settings = connection.execute(select(Council.nation, Council.settings).where(
        Council.id == council_id)).one()
    return Council(id=council_id, nation=nation, settings=settings)


def _held_cases(session: Session) -> list[int]:
    return [obj.id for obj in session.identity_map.values()
            if isinstance(obj, Representation) and obj.id is not None]
