"""The SQL statements an engine runs while a block runs, for tests that count them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

#: Transaction control, not the work: never counted.
WRAPPER = ("SAVEPOINT", "RELEASE", "ROLLBACK TO", "BEGIN", "COMMIT")


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """Each statement's SQL text as it runs, transaction control left out."""
    seen: list[str] = []

    def listen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(WRAPPER):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listen)
