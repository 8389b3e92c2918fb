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
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from portal.models.cases import EqualityMonitoring, Representation, Stage
from portal.models.register import RegisterChange
from portal.register.feed import TOUCHED as _TOUCHED
from portal.register.feed import entry_of, record_changes
from portal.register.queries import register_rows

_CHUNK = 500


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


def init_change_capture() -> None:
    """Listen on every session (idempotent): the web app, commands and workers alike."""
    if event.contains(Session, "before_commit", _before_commit):
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "before_commit", _before_commit)
    event.listen(Session, "after_soft_rollback", _forget)
