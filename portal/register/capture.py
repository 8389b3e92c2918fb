"""Change capture: every change to a register entry reaches the feed, in its own transaction.

A complaint sent through the public journey, a stage closed in the back office,
an advocate assigned: whatever changes what the register says of an entry
(its REGISTER.md row) gets a change-sequence row and an outbox entry per
endpoint, written in the same transaction as the change. So the API's change
tracking and the push feed see every new or changed entry, and nothing for a
change that did not commit (issue 7, "an outbox written in the same
transaction as the change").

It works on the session, not in each service: the ORM tells which entries a
flush touched, and just before the commit their rows are compared with what
the feed last said of them. The register import writes its own changes in
bulk; an entry it already recorded compares equal and is not sent twice.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.base import NO_VALUE

from portal.models.cases import EqualityMonitoring, Representation, Stage
from portal.models.register import RegisterChange
from portal.register.feed import TOUCHED as _TOUCHED
from portal.register.feed import entry_of, record_change, record_changes
from portal.register.queries import register_rows
from portal.register.row import RegisterRow
from portal.vocab.register import DelayReason, NotAcceptedReason, OmbudsmanDecision, Outcome
from portal.vocab.register import Kind as RKind
from portal.vocab.register import Method as RMethod
from portal.vocab.register import Procedure as RProcedure
from portal.vocab.register import Submitter as RSubmitter

_CHUNK = 500
_PENNY = Decimal("0.01")


def _representation_id(obj: Any) -> int | None:
    if isinstance(obj, Representation):
        return obj.id
    if isinstance(obj, Stage | EqualityMonitoring):
        return obj.representation_id
    return None


def _after_flush(session: Session, _context: Any) -> None:
    touched: set[int] = session.info.setdefault(_TOUCHED, set())
    for obj in session.new:
        rep_id = _representation_id(obj)
        if rep_id is not None:
            touched.add(rep_id)
    for obj in session.dirty:
        # An attribute set to the value it had is not a change.
        rep_id = _representation_id(obj)
        if rep_id is not None and session.is_modified(obj):
            touched.add(rep_id)


def _forget(session: Session, previous: Any = None) -> None:
    # A savepoint rolled back (a lost race, a refused import) undoes only its own part.
    if previous is not None and getattr(previous, "nested", False):
        return
    session.info.pop(_TOUCHED, None)


def _before_commit(session: Session) -> None:
    session.flush()  # anything still pending is part of this change too
    touched = session.info.pop(_TOUCHED, None)
    if not touched:
        return
    ids = sorted(touched)
    for start in range(0, len(ids), _CHUNK):
        record_entry_changes(session, ids[start:start + _CHUNK])
    session.info.pop(_TOUCHED, None)  # record_changes' own flushes touch no entry


def record_entry_changes(session: Session, rep_ids: list[int]) -> int:
    """Record a change for each of these entries whose register row differs from the
    feed's last word on it; returns how many were recorded."""
    latest_ids = (select(func.max(RegisterChange.id))
                  .where(RegisterChange.representation_id.in_(rep_ids))
                  .group_by(RegisterChange.representation_id))
    last_said: dict[int, Any] = dict(session.execute(
        select(RegisterChange.representation_id, RegisterChange.entry)
        .where(RegisterChange.id.in_(latest_ids))).all())
    entries = session.execute(
        select(Representation.reference, Representation.id, Representation.council_id)
        .where(Representation.id.in_(rep_ids))).all()
    ids_by_reference = {reference: rep_id for reference, rep_id, _ in entries}
    councils = {reference: council_id for reference, _, council_id in entries}
    changed: dict[int, list[Any]] = defaultdict(list)
    for row in register_rows(session, ids=rep_ids):
        if entry_of(row) != last_said.get(ids_by_reference[row.reference]):
            changed[councils[row.reference]].append(row)
    recorded = 0
    for council_id, rows in changed.items():
        recorded += record_changes(session, council_id, rows, ids_by_reference)
    return recorded


def record_new_entry(session: Session, representation: Representation) -> None:
    """The first change of an entry written in this transaction (a sent form), from the
    objects in hand: nothing is read back, and the commit has nothing left to compare.

    Anything that changes the entry after this is captured at the commit as usual."""
    session.flush()
    record_change(session, representation.council_id, representation.id,
                  new_entry_row(representation))


def new_entry_row(rep: Representation) -> RegisterRow:
    """The register row of an entry written in this transaction, as register_rows would
    read it back (tests/integration/register compares the two): what it has not been
    given (categories, equality monitoring) it does not have yet."""
    # A collection never given anything in this transaction is empty: not loaded for it.
    state = inspect(rep)
    categories = state.attrs.categories.loaded_value
    names = () if categories is NO_VALUE else tuple(sorted({c.name for c in categories}))
    loaded = state.attrs.stages.loaded_value
    stages = {} if loaded is NO_VALUE else {stage.number: stage for stage in loaded}

    def started(number: int) -> date | None:
        stage = stages.get(number)
        return stage.started_on if stage else None

    def closed(number: int) -> date | None:
        stage = stages.get(number)
        return stage.closed_on if stage else None

    def extended(number: int) -> bool | None:
        stage = stages.get(number)
        # Canonical form: empty exactly when the stage never started (register/queries.py).
        return None if stage is None or stage.started_on is None else bool(stage.extended)

    panel = stages[3].panel_on if 3 in stages else None
    return RegisterRow(
        reference=rep.reference, kind=RKind(rep.kind.value),
        procedure=RProcedure(rep.procedure.value) if rep.procedure else None,
        not_accepted_reason=(NotAcceptedReason(rep.not_accepted_reason.value)
                             if rep.not_accepted_reason else None),
        received_on=rep.received_on, method=RMethod(rep.method.value),
        team=rep.team.name if rep.team_id is not None and rep.team else None,
        categories=names, submitter=RSubmitter(rep.submitter.value),
        made_by_child=bool(rep.made_by_child), advocate=bool(rep.advocate_supported),
        acknowledged_on=rep.acknowledged_on,
        stage1_started_on=started(1), stage1_closed_on=closed(1), stage1_extended=extended(1),
        stage2_started_on=started(2), stage2_closed_on=closed(2), stage2_extended=extended(2),
        stage3_started_on=started(3), stage3_panel_on=panel, stage3_closed_on=closed(3),
        outcome=Outcome(rep.outcome.value) if rep.outcome else None,
        delay_reason=DelayReason(rep.delay_reason.value) if rep.delay_reason else None,
        adr=bool(rep.adr), ombudsman_referred_on=rep.ombudsman_referred_on,
        ombudsman_decision=(OmbudsmanDecision(rep.ombudsman_decision.value)
                            if rep.ombudsman_decision else None),
        compensation_gbp=(rep.compensation_gbp.quantize(_PENNY)
                          if rep.compensation_gbp is not None else None),
        gender=None, age_band=None, ethnicity=None, disability=None,
    )


def init_change_capture() -> None:
    """Listen on every session (idempotent): the web app, commands and workers alike."""
    if event.contains(Session, "before_commit", _before_commit):
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "before_commit", _before_commit)
    event.listen(Session, "after_soft_rollback", _forget)
