"""The one writer of a case's history: every CaseEvent the portal records is built here.

The history is append-only (models/cases.py refuses an update or a delete), so what a
row holds is fixed the moment it is written: one place decides its shape, and every
type is an :class:`~portal.vocab.events.EventType`, so a mistyped kind fails type
checking instead of showing on the timeline as a code nobody gave words to.
tests/unit/history/test_event_log.py fails if another module builds a CaseEvent.

Nothing here flushes or commits: the caller's unit of work does (STYLE.md section 4).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from portal.models.cases import CaseEvent
from portal.vocab.events import EventType


def record_event(session: Session, representation_id: int, type_: EventType, *, actor: str,
                 actor_user_id: int | None = None, at: datetime | None = None,
                 data: Mapping[str, Any] | None = None) -> CaseEvent:
    """Append one event to the case's history, in the caller's transaction.

    ``actor`` is who, in words the timeline knows ("complainant", "staff", "system",
    "advocate"); ``at`` defaults, as the model's column does, to the moment of the
    flush; ``data`` is the event's details as JSON-ready values.
    """
    event = CaseEvent(representation_id=representation_id, actor=actor,
                      actor_user_id=actor_user_id, type=EventType(type_).value,
                      data=dict(data) if data is not None else {})
    if at is not None:
        event.at = at
    session.add(event)
    return event


def event_values(representation_id: int, type_: EventType, *, actor: str,
                 data: Mapping[str, Any] | None = None, at: datetime | None = None
                 ) -> dict[str, Any]:
    """One event as the values of a row, for a bulk insert of many (the register's
    import, register/services.py; a new submission, :func:`record_events`); without
    ``at``, the column's default, as above."""
    values = {"representation_id": representation_id, "actor": actor,
              "type": EventType(type_).value, "data": dict(data) if data is not None else {}}
    if at is not None:
        values["at"] = at
    return values


def record_events(session: Session, rows: list[dict[str, Any]]) -> None:
    """Append several events (:func:`event_values`) in one INSERT, in the caller's
    transaction, in the order given. Give every row the same keys (all with ``at`` or
    none): rows of one shape are one statement."""
    if rows:
        session.execute(insert(CaseEvent), rows)
