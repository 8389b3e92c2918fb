"""Each closed case's retention date, stored on its row (``representations.retention_on``).

The retention page lists and counts a council's closed cases by the day each
may be destroyed (issue 17): worked out for every case on each request, that
was one pass over 100,000 cases (about a second). So the day is stored, and
kept current here, in the council's layer because it follows the council's
retention settings:

- a case that closes, reopens, or whose facts the schedule reads change
  (closure, receipt, acknowledgement, Ombudsman referral, the child's age or
  looked-after link, a stage's closure, a person's age), through the ORM:
  ``before_flush`` notes it and ``after_flush_postexec`` recomputes it in SQL;
- a change to the council's retention settings: every case of the council,
  recomputed in one UPDATE;
- a bulk import (``register.services``), which calls ``refresh`` for its rows;
- a destruction: the case keeps no date (nothing is left to schedule).

The value is ``procedure.retention.schedule(...).keep_until`` (holds and an
awaited Ombudsman decision aside: those are read when the page asks), as SQL
(``keep_until``): the same arithmetic as the rule, with ``portal.db.dates``.
tests/integration/retention/test_selection.py holds it equal to the rule on both
databases, after a settings change and a reopening too.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    case,
    event,
    exists,
    false,
    func,
    inspect,
    null,
    select,
    text,
    true,
    update,
)
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.sql.elements import ColumnElement

from portal.db.dates import add_years as sql_add_years
from portal.db.dates import latest, london_day
from portal.models.cases import Person, Representation, Stage
from portal.models.councils import Council
from portal.models.retention import DestructionRecord
from portal.procedure.retention import CLOSED_STATUSES, LOOKED_AFTER_SERVICES
from portal.settings.retention import RetentionSettings
from portal.vocab.cases import PersonRole, Submitter
from portal.vocab.routing import LookedAfterBy

r = Representation

#: A case's facts the schedule reads (``retention.queries._facts``).
_CASE_FACTS = ("status", "closed_at", "received_on", "acknowledged_on",
               "ombudsman_referred_on", "looked_after_by", "submitter", "service",
               "child_age", "made_by_child", "council_id")
_CHILD_FACTS = {Stage: ("closed_on", "representation_id"),
                Person: ("age", "role", "representation_id")}
#: Cases recomputed per UPDATE: well under SQLite's bound-parameter limit.
_CHUNK = 500
_CASES, _COUNCILS = "portal.retention_dates.cases", "portal.retention_dates.councils"


def retention_settings(council_settings: dict[str, Any] | None) -> RetentionSettings:
    """A council's retention settings from its settings JSON."""
    return RetentionSettings.from_mapping((council_settings or {}).get("retention"))


def _person_age(role: PersonRole) -> Any:
    return (select(Person.age).where(Person.representation_id == r.id, Person.role == role,
                                     Person.age.is_not(None))
            .order_by(Person.id).limit(1).scalar_subquery())


def _age() -> Any:
    """The child's age on receipt, as ``retention.queries._facts`` finds it."""
    return func.coalesce(r.child_age, _person_age(PersonRole.CHILD),
                         case((r.made_by_child, _person_age(PersonRole.COMPLAINANT))))


def _looked_after() -> ColumnElement[bool]:
    """``procedure.retention.linked_to_looked_after_child``, NULL counting as no."""
    return case((r.looked_after_by == LookedAfterBy.THIS_COUNCIL.value, true()),
                (r.submitter == Submitter.CARE_LEAVER, true()),
                (r.service.in_([s.value for s in LOOKED_AFTER_SERVICES]), true()),
                else_=false())


def _closed_day() -> Any:
    """Each case's ``closed_on`` as SQL (``procedure.retention.closed_on``)."""
    last_stage = (select(func.max(Stage.closed_on)).where(Stage.representation_id == r.id)
                  .scalar_subquery())
    return case((r.closed_at.is_not(None), london_day(r.closed_at)),
                else_=latest(r.received_on, r.acknowledged_on, last_stage,
                             r.ombudsman_referred_on))


def keep_until(settings: RetentionSettings) -> Any:
    """Each closed case's ``schedule(...).keep_until`` as SQL."""
    closed = _closed_day()
    default = sql_add_years(latest(closed, r.ombudsman_referred_on), settings.default_years)
    age = _age()
    looked_after = case(
        (age >= 0, sql_add_years(r.received_on, settings.looked_after_until_age - age)),
        else_=sql_add_years(closed, settings.looked_after_years_age_unknown))
    return case((_looked_after() & (looked_after > default), looked_after), else_=default)


def refresh(connection: Connection, council_id: int, settings: RetentionSettings, *,
            ids: Iterable[int] | None = None) -> None:
    """Store the retention date of the council's cases ``ids`` (all of them if None): the
    rule's date for a closed case whose personal data is still held, else none."""
    value = case((r.status.in_(CLOSED_STATUSES)
                  & ~exists().where(DestructionRecord.representation_id == r.id),
                  keep_until(settings)), else_=null())
    statement = update(r.__table__).where(r.council_id == council_id)  # type: ignore[arg-type]
    if ids is None:
        if connection.dialect.name == "postgresql":  # see retention.selection.without_jit
            connection.execute(text("SET LOCAL jit = off"))
        connection.execute(statement.values(retention_on=value))
        return
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), _CHUNK):
        connection.execute(statement.where(r.id.in_(wanted[start:start + _CHUNK]))
                           .values(retention_on=value))


def refresh_all(connection: Connection) -> None:
    """Every council's cases (the migration that added the column fills it with this)."""
    for council_id, council_settings in connection.execute(
            select(Council.id, Council.settings)).all():
        refresh(connection, council_id, retention_settings(council_settings))


# --- Keeping it current through the ORM ------------------------------------------------------


def _changed(obj: Any, names: Sequence[str]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _closed_or_reopened(rep: Representation) -> bool:
    """Closed, or (already stored) its status changed: perhaps reopened, so its date goes.
    A new open case has no date to store (the public submit adds no statement for it)."""
    if rep.status in CLOSED_STATUSES:
        return True
    state = inspect(rep)
    return state.persistent and state.attrs["status"].history.has_changes()


def _parent(session: Session, obj: Any) -> Representation | int | None:
    """The case a stage, person or destruction belongs to, without loading anything:
    the object if the session holds it, else its id."""
    parent = obj.__dict__.get("representation")
    rep_id = obj.representation_id
    if parent is None and rep_id is not None:
        parent = session.identity_map.get(session.identity_key(Representation, rep_id))
    if parent is None or "status" not in parent.__dict__:  # not held, or expired
        return rep_id
    return parent if _closed_or_reopened(parent) else None


@event.listens_for(Session, "before_flush")
def _note(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    cases: list[Representation | int] = session.info.setdefault(_CASES, [])
    councils: list[Council] = session.info.setdefault(_COUNCILS, [])
    for obj in (*session.new, *session.dirty, *session.deleted):
        new = obj in session.new or obj in session.deleted
        if isinstance(obj, Representation):
            if obj in session.deleted:  # its row, and its date, go
                continue
            if _closed_or_reopened(obj) and (new or _changed(obj, _CASE_FACTS)):
                cases.append(obj)
        elif isinstance(obj, DestructionRecord):
            if obj.representation_id is not None:
                cases.append(obj.representation_id)
        elif isinstance(obj, Stage | Person):
            if new or _changed(obj, _CHILD_FACTS[type(obj)]):
                parent = _parent(session, obj)
                if parent is not None:
                    cases.append(parent)
        elif isinstance(obj, Council) and not new and _changed(obj, ("settings",)):
            before = inspect(obj).attrs["settings"].history.deleted
            if not before or retention_settings(before[0]) != retention_settings(obj.settings):
                councils.append(obj)


def cases_by_council(connection: Connection, cases: Iterable[Any], ids: set[int], *,
                     done: Container[int]) -> dict[int, list[int]]:
    """The case ids ``ids`` (of ``cases``, objects or ids, as a flush noted them) by their
    council, leaving out the councils in ``done`` (refreshed whole already). The council of
    a case in hand is known; only the others' are read. cases.due_dates shares it."""
    known = {c.id: c.__dict__["council_id"] for c in cases
             if not isinstance(c, int) and c.__dict__.get("council_id") is not None}
    wanted = sorted(ids - known.keys())
    for start in range(0, len(wanted), _CHUNK):
        known.update((rep_id, council_id) for rep_id, council_id in connection.execute(
            select(r.id, r.council_id).where(r.id.in_(wanted[start:start + _CHUNK]))))
    by_council: dict[int, list[int]] = {}
    for rep_id, council_id in known.items():
        if council_id not in done:
            by_council.setdefault(council_id, []).append(rep_id)
    return by_council


@event.listens_for(Session, "after_flush_postexec")
def _refresh(session: Session, flush_context: UOWTransaction) -> None:
    cases = session.info.pop(_CASES, [])
    councils = {c.id: c for c in session.info.pop(_COUNCILS, [])}
    if not cases and not councils:
        return
    connection = session.connection()
    for council in councils.values():
        refresh(connection, council.id, retention_settings(council.settings))
    ids = {c if isinstance(c, int) else c.id for c in cases} - {None}
    if not ids:
        return
    for council_id, rep_ids in cases_by_council(connection, cases, ids,
                                                done=councils.keys()).items():
        council = session.identity_map.get(session.identity_key(Council, council_id))
        found = council.settings if isinstance(council, Council) else connection.scalar(
            select(Council.settings).where(Council.id == council_id))
        refresh(connection, council_id, retention_settings(found), ids=rep_ids)
    for rep_id in ids:
        held = session.identity_map.get(session.identity_key(Representation, rep_id))
        if held is not None:
            session.expire(held, ["retention_on"])
