"""The register in the database: import and export its CSV rows, and report on it.

Import (REGISTER.md) is all or nothing and idempotent by reference: a file is
fully validated before anything is written (``csvio.read_register``), all
rows go in one transaction the caller commits, and a row whose reference
already holds the same values writes nothing at all. Export reads the rows
back in the same canonical form, so export-then-import gives back exactly the
same register.

New rows are inserted in bulk (``bulk.py``) rather than through the unit of
work. Every created or changed entry is also a change in the feed to other
systems (``feed.py``), written in the same transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import ngettext
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from portal.common.clock import london_today
from portal.councils.retention_dates import refresh as refresh_retention_dates
from portal.councils.retention_dates import retention_settings
from portal.history.events import event_values
from portal.models.cases import (
    CaseEvent,
    EqualityMonitoring,
    Representation,
    Stage,
    representation_categories,
)
from portal.models.councils import Category, Council, Team
from portal.models.retention import DestructionRecord
from portal.procedure.rules import stage_status
from portal.register.bulk import BATCH, analyse, bulk_insert, chunks, paused_gc, table_of
from portal.register.clocks import Clocks
from portal.register.feed import record_changes
from portal.register.queries import register_rows
from portal.register.report import Period, Report, Row, annual_report, has_rows_in
from portal.register.row import RegisterRow
from portal.register.timescales import Timescales
from portal.vocab.cases import CaseStatus
from portal.vocab.events import EventType
from portal.vocab.register import Kind, Outcome, Procedure

EQUALITY = ("gender", "age_band", "ethnicity", "disability")
#: The two kinds of event an import writes, by the names the tests import.
EVENT_IMPORTED = EventType.REGISTER_IMPORTED
EVENT_UPDATED = EventType.REGISTER_UPDATED


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    #: Entries whose personal data the retention purge destroyed: the file's
    #: equality monitoring for them was not brought back.
    withheld: int = 0
    #: Open cases among those created or changed, and how many of them are already past
    #: their next deadline (register/clocks.py gives imported open stages theirs).
    open_cases: int = 0
    overdue: int = 0


def withheld_message(count: int) -> str:
    """What an officer is told when an import met entries the retention purge destroyed."""
    return ngettext(
        "%(num)d entry in the file had its personal data destroyed under the retention "
        "schedule, so its equality monitoring was not imported.",
        "%(num)d entries in the file had their personal data destroyed under the retention "
        "schedule, so their equality monitoring was not imported.",
        count,
    )


class ReferenceTaken(ValueError):
    """References in the file that another council's register already holds."""

    def __init__(self, references: Sequence[str]) -> None:
        self.references = tuple(references)
        super().__init__(", ".join(self.references))


def status_of(row: RegisterRow) -> CaseStatus:
    """Where an imported representation stands, from what the register row records."""
    if row.kind in (Kind.COMPLIMENT, Kind.COMMENT):
        return CaseStatus.CLOSED
    if row.kind is Kind.ENQUIRY:
        if row.stage1_closed_on is not None:
            return CaseStatus.CLOSED
        return CaseStatus.NEW if row.stage1_started_on is None else CaseStatus.STAGE1
    if row.outcome is Outcome.WITHDRAWN:
        return CaseStatus.WITHDRAWN
    if row.outcome is not None:
        return CaseStatus.CLOSED
    if row.procedure is Procedure.NOT_ACCEPTED:
        return CaseStatus.SIGNPOSTED
    stage = row.final_stage
    if stage is None:
        return CaseStatus.NEW
    if row.stage_closed_on(stage) is None:
        return stage_status(stage)
    return CaseStatus.AWAITING_NEXT_STAGE


# --- writing the register ---------------------------------------------------------------


def _names(session: Session, model: type[Team] | type[Category], council: Council,
           wanted: set[str]) -> dict[str, int]:
    """Ids of the council's teams or categories by name, creating the missing ones."""
    found = dict(session.execute(
        select(model.name, model.id).where(model.council_id == council.id)
    ).all())
    missing = sorted(wanted - set(found))
    table = table_of(model)
    for chunk in chunks(missing):
        for name, new_id in session.execute(
            insert(table).returning(table.c.name, table.c.id),
            [{"council_id": council.id, "name": name} for name in chunk],
        ):
            found[name] = new_id
    return found


def _representation_values(row: RegisterRow, council: Council,
                           team_ids: dict[str, int]) -> dict[str, Any]:
    return {
        "council_id": council.id,
        "reference": row.reference,
        "kind": row.kind,
        "status": status_of(row),
        "procedure": row.procedure,
        "not_accepted_reason": row.not_accepted_reason,
        "received_on": row.received_on,
        "method": row.method,
        "team_id": None if row.team is None else team_ids[row.team],
        "submitter": row.submitter,
        "made_by_child": row.made_by_child,
        "advocate_supported": row.advocate,
        "acknowledged_on": row.acknowledged_on,
        "outcome": row.outcome,
        "delay_reason": row.delay_reason,
        "adr": row.adr,
        "ombudsman_referred_on": row.ombudsman_referred_on,
        "ombudsman_decision": row.ombudsman_decision,
        "compensation_gbp": row.compensation_gbp,
    }


def _new_values(row: RegisterRow, council: Council, team_ids: dict[str, int],
                clocks: Clocks) -> dict[str, Any]:
    """A new entry's values, with the acknowledgement date of an open one not yet
    acknowledged (register/clocks.py)."""
    values = _representation_values(row, council, team_ids)
    values["acknowledge_by"] = clocks.acknowledge_by(row, values["status"])
    return values


def _stage_values(row: RegisterRow, rep_id: int) -> list[dict[str, Any]]:
    found = []
    for number in (1, 2, 3):
        started = row.stage_started_on(number)
        if started is None:
            continue  # csvio guarantees nothing else of a stage that never started
        found.append({
            "representation_id": rep_id,
            "number": number,
            "started_on": started,
            "closed_on": row.stage_closed_on(number),
            "extended": bool(row.stage_extended(number)),
            "panel_on": row.stage3_panel_on if number == 3 else None,
        })
    return found


def _equality_values(row: RegisterRow, rep_id: int) -> dict[str, Any] | None:
    values = {name: getattr(row, name) for name in EQUALITY}
    if not any(values.values()):
        return None
    return {"representation_id": rep_id, **values}


def _write_children(session: Session, rows: Sequence[RegisterRow], rep_ids: dict[str, int],
                    category_ids: dict[str, int], event: EventType, *, with_stages: bool,
                    clocks: Clocks | None = None) -> None:
    """Stages, categories, equality monitoring and a case event for each row, in bulk."""
    stages: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    equality: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for row in rows:
        rep_id = rep_ids[row.reference]
        if with_stages:
            found = _stage_values(row, rep_id)
            if clocks is not None:  # the open stage's deadlines (register/clocks.py)
                clocks.new_case(row, status_of(row), found)
            stages.extend(found)
        links.extend({"representation_id": rep_id, "category_id": category_ids[name]}
                     for name in row.categories)
        monitoring = _equality_values(row, rep_id)
        if monitoring is not None:
            equality.append(monitoring)
        # The case's history says where these facts came from; no personal data in it.
        events.append(event_values(rep_id, event, actor="system"))
    for table, values in ((table_of(Stage), stages), (representation_categories, links),
                          (table_of(EqualityMonitoring), equality),
                          (table_of(CaseEvent), events)):
        bulk_insert(session, table, values)


def import_register(session: Session, council: Council,
                    rows: Sequence[RegisterRow], *, today: date | None = None) -> ImportResult:
    """Put validated register rows into the database, in the caller's transaction.

    A reference the register already holds with the same values is left
    untouched (importing a file twice changes nothing); one with different
    values is replaced by the file's values (the file is the register's word
    on these facts). Nothing is committed here: the caller commits once, or
    rolls back, so a failure leaves nothing half-imported.

    Open cases get the deadlines their procedure gives them from the file's dates
    (register/clocks.py); the result counts them, and those already overdue on
    ``today`` (the council's day unless given).
    """
    clocks = Clocks.of(council, today=today or london_today())
    with paused_gc():
        result = _import_register(session, council, rows, clocks)
    # The first page after a large import must be as quick as any other (bulk.analyse).
    analyse(session)
    return result


def _without_destroyed_personal_data(
    session: Session, rows: Sequence[RegisterRow], existing: dict[str, tuple[int, int]]
) -> tuple[Sequence[RegisterRow], int]:
    """The rows, with no equality monitoring for entries the retention purge destroyed.

    An old export still holds what the purge destroyed; importing it must not
    bring personal data back once the retention period has ended (UK GDPR
    art. 5(1)(e), storage limitation). The rest of the row is the bare
    register entry the purge keeps, so it imports as usual.
    """
    destroyed: set[int] = set()
    for chunk in chunks([rep_id for rep_id, _ in existing.values()]):
        destroyed.update(session.scalars(
            select(DestructionRecord.representation_id)
            .where(DestructionRecord.representation_id.in_(chunk))))
    if not destroyed:
        return rows, 0
    kept: list[RegisterRow] = []
    withheld = 0
    for row in rows:
        found = existing.get(row.reference)
        if found is not None and found[0] in destroyed:
            bare = dataclasses.replace(row, gender=None, age_band=None, ethnicity=None,
                                       disability=None)
            withheld += bare != row
            row = bare
        kept.append(row)
    return kept, withheld


def _import_register(session: Session, council: Council,
                     rows: Sequence[RegisterRow], clocks: Clocks) -> ImportResult:
    existing: dict[str, tuple[int, int]] = {}
    for chunk in chunks([row.reference for row in rows]):
        for reference, rep_id, council_id in session.execute(
            select(Representation.reference, Representation.id, Representation.council_id)
            .where(Representation.reference.in_(chunk))
        ):
            existing[reference] = (rep_id, council_id)
    taken = sorted(ref for ref, (_, council_id) in existing.items() if council_id != council.id)
    if taken:
        raise ReferenceTaken(taken)

    existing_ids = [rep_id for rep_id, _ in existing.values()]
    rows, withheld = _without_destroyed_personal_data(session, rows, existing)
    if len(existing_ids) > 10 * BATCH:
        # Re-importing a large file: one pass over the council's register is
        # far quicker than thousands of id lookups.
        current = {row.reference: row for row in register_rows(session, council_id=council.id)
                   if row.reference in existing}
    else:
        current = {row.reference: row for chunk in chunks(existing_ids)
                   for row in register_rows(session, ids=list(chunk))}
    new = [row for row in rows if row.reference not in existing]
    changed = [row for row in rows if row.reference in existing and current[row.reference] != row]
    if not new and not changed:
        return ImportResult(created=0, updated=0, unchanged=len(rows), withheld=withheld)

    touched = new + changed
    team_ids = _names(session, Team, council, {row.team for row in touched if row.team})
    category_ids = _names(session, Category, council,
                          {name for row in touched for name in row.categories})

    rep_ids: dict[str, int] = {}
    bulk_insert(session, table_of(Representation),
                 [_new_values(row, council, team_ids, clocks) for row in new])
    for chunk in chunks([row.reference for row in new]):
        # By the reference alone (unique, and none of these was another council's: see
        # ``taken`` above). With the council's too, SQLite without statistics yet (a
        # first import) walked one of the annual report's indexes, which lead with the
        # council, through every row of the council for each chunk: 40% more CPU for
        # the whole import at 20,000 rows.
        rep_ids.update(session.execute(
            select(Representation.reference, Representation.id)
            .where(Representation.reference.in_(chunk))
        ).all())
    _write_children(session, new, rep_ids, category_ids, EVENT_IMPORTED, with_stages=True,
                    clocks=clocks)
    # Statistics first, so the statements below are planned knowing the rows just written:
    # without them PostgreSQL read each chunk of the retention dates' UPDATE through the
    # council's index, past every one of the council's rows (8 s a chunk of 500, half an
    # hour for a first import of 100,000 rows; 5 s for 10,000).
    analyse(session)
    # The bulk rows bypass the ORM: store each closed one's retention date here.
    refresh_retention_dates(session.connection(), council.id,
                            retention_settings(council.settings), ids=rep_ids.values())

    changed_ids = {row.reference: existing[row.reference][0] for row in changed}
    if changed:
        _replace(session, council, changed, changed_ids, team_ids, category_ids, clocks)
    # ... and each one's next deadline, new or changed (the due page reads it). Imported
    # here: the report commands import this module and need none of the cases' layer.
    from portal.cases.due_dates import refresh as refresh_due_dates

    refresh_due_dates(session.connection(), council, ids=[*rep_ids.values(),
                                                           *changed_ids.values()])
    # The feed to other systems learns of every change in this same transaction.
    record_changes(session, council.id, touched, {**rep_ids, **changed_ids})
    session.flush()
    return ImportResult(created=len(new), updated=len(changed),
                        unchanged=len(rows) - len(new) - len(changed), withheld=withheld,
                        open_cases=clocks.open_cases, overdue=clocks.overdue)


def _replace(session: Session, council: Council, rows: Sequence[RegisterRow],
             rep_ids: dict[str, int], team_ids: dict[str, int],
             category_ids: dict[str, int], clocks: Clocks | None = None) -> None:
    """Rewrite the register facts of existing representations to the file's values.

    Only what the CSV summarises is replaced; the rest of a case (people,
    messages, assignments, letters) is untouched.
    """
    ids = list(rep_ids.values())
    for row in rows:
        rep = session.get(Representation, rep_ids[row.reference])
        assert rep is not None
        for name, value in _representation_values(row, council, team_ids).items():
            setattr(rep, name, value)
    session.flush()
    for chunk in chunks(ids):
        session.execute(delete(representation_categories).where(
            representation_categories.c.representation_id.in_(chunk)))
        session.execute(delete(EqualityMonitoring).where(
            EqualityMonitoring.representation_id.in_(chunk)))
    # Stages hold more than the register (assignments, due dates): update them in place.
    for row in rows:
        rep_id = rep_ids[row.reference]
        by_number = {s.number: s for s in session.scalars(
            select(Stage).where(Stage.representation_id == rep_id))}
        for values in _stage_values(row, rep_id):
            stage = by_number.pop(values["number"], None)
            if stage is None:
                session.add(Stage(**values))
            else:
                for name, value in values.items():
                    setattr(stage, name, value)
        for stage in by_number.values():  # the file says this stage never started
            stage.started_on = stage.closed_on = stage.panel_on = None
            stage.extended = False
        if clocks is not None:  # deadlines where none are held yet (register/clocks.py)
            rep = session.get(Representation, rep_id)
            clocks.changed_case(rep, row, {s.number: s for s in session.scalars(
                select(Stage).where(Stage.representation_id == rep_id))})
    _write_children(session, rows, rep_ids, category_ids, EVENT_UPDATED, with_stages=False)


# --- the report over the database -------------------------------------------------------


def annual_reports(
    rows: Iterable[Row], *, period: Period, timescales: Timescales, calendar: Any,
) -> tuple[Report, Report | None]:
    """The report for a period, and the previous year's when the register holds it,
    from rows in Python: the definition that ``report_db.database_reports`` (what the
    pages and commands use) is tested against, and the report of a CSV file."""
    rows = list(rows)
    with paused_gc():
        report = annual_report(rows, period_from=period.start, period_to=period.end,
                               timescales=timescales, calendar=calendar)
        before = period.previous_year()
        if not has_rows_in(rows, before):
            return report, None
        previous = annual_report(rows, period_from=before.start, period_to=before.end,
                                 timescales=timescales, calendar=calendar)
    return report, previous
