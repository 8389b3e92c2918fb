"""The case's history has one writer (portal/history/events.py) and a closed list of event
types (portal/vocab/events.py), each with words on the timeline in English and Welsh."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from babel.messages.pofile import read_po
from sqlalchemy.orm import Session

from portal.history.events import event_values, record_event
from portal.models.cases import CaseEvent
from portal.vocab.events import EventType
from portal.web.cases import event_labels
from tests.conftest import ROOT

PORTAL = ROOT / "portal"
WRITER = PORTAL / "history" / "events.py"
TRANSLATIONS = ROOT / "translations"


def _msgid(label: object) -> str:
    """The English a lazy label was written with (flask_babel's LazyString keeps it)."""
    args = cast(tuple[Any, ...], getattr(label, "_args", ()))
    assert args, f"not a lazy_gettext label: {label!r}"
    assert isinstance(args[0], str)
    return args[0]


def _catalogue(code: str) -> dict[str, str]:
    """English is the template (messages.pot) the translators work from; each other
    language its own catalogue."""
    path = (TRANSLATIONS / "messages.pot" if code == "en"
            else TRANSLATIONS / code / "LC_MESSAGES" / "messages.po")
    with path.open("rb") as f:
        return {m.id: m.string for m in read_po(f)
                if isinstance(m.id, str) and m.context is None}


def test_every_event_type_has_words() -> None:
    missing = sorted(t.value for t in EventType if t not in event_labels.EVENT_LABELS)
    assert missing == [], f"give these events words in portal/web/cases/event_labels.py: {missing}"
    # Keyed by the enum: a mistyped key is a type error, not a label nobody sees.
    assert all(type(k) is EventType for k in event_labels.EVENT_LABELS)
    # The audit log's actions are not case events, and no event hides among them.
    assert not set(event_labels.AUDIT_LABELS) & set(event_labels.EVENT_TYPES)


@pytest.mark.parametrize("code", ["en", "cy"])
def test_every_event_type_is_in_the_catalogue(code: str) -> None:
    catalogue = _catalogue(code)
    wanted = {t.value: _msgid(event_labels.EVENT_LABELS[t]) for t in EventType}
    absent = sorted(k for k, msgid in wanted.items() if msgid not in catalogue)
    assert absent == [], f"run make translations: {absent}"
    if code != "en":
        untranslated = sorted(k for k, msgid in wanted.items() if not catalogue[msgid])
        assert untranslated == [], f"translate these events' words: {untranslated}"


def test_an_event_type_is_its_stored_string() -> None:
    # Rows stored before the enum, and comparisons with the string, still match.
    assert EventType.ROUTING_OVERRIDDEN == "routing_overridden"
    assert EventType("advocacy_offered") is EventType.ADVOCACY_OFFERED
    assert len({t.value for t in EventType}) == len(EventType)


def _builds_case_event(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "CaseEvent") or (
        isinstance(func, ast.Attribute) and func.attr == "CaseEvent")


def _case_event_builders(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [node.lineno for node in ast.walk(tree) if _builds_case_event(node)]


def test_only_the_history_writes_case_events() -> None:
    """A second writer fails the suite: every event goes through history.record_event,
    so its type is an EventType and its shape is the same wherever it was written."""
    others = {str(path.relative_to(ROOT)): lines for path in sorted(PORTAL.rglob("*.py"))
              if path != WRITER and (lines := _case_event_builders(path))}
    assert others == {}, f"write case events with portal.history.events.record_event: {others}"
    assert _case_event_builders(WRITER), "the scan finds the writer's own CaseEvent(...)"


class _Session:
    def __init__(self) -> None:
        self.added: list[object] = []

    def add(self, thing: object) -> None:
        self.added.append(thing)


def test_record_event_adds_one_event_without_flushing() -> None:
    fake = _Session()
    at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    event = record_event(cast(Session, fake), 7, EventType.CLOSED, actor="staff",
                         actor_user_id=3, at=at, data={"reason": "Done."})
    assert fake.added == [event]
    assert isinstance(event, CaseEvent)
    assert (event.representation_id, event.actor, event.actor_user_id, event.at) == (
        7, "staff", 3, at)
    # Stored as the plain string, as rows read back from the database are.
    assert type(event.type) is str
    assert event.type == "closed"
    assert event.data == {"reason": "Done."}


def test_record_event_leaves_the_time_to_the_column_default() -> None:
    event = record_event(cast(Session, _Session()), 7, EventType.SUBMITTED, actor="system")
    assert event.at is None  # utcnow at the flush, as the model's default gives
    assert event.data == {}


def test_event_values_for_a_bulk_insert() -> None:
    assert event_values(7, EventType.REGISTER_IMPORTED, actor="system") == {
        "representation_id": 7, "actor": "system", "type": "register_imported", "data": {}}
