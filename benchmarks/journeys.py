"""What the public-journey benchmarks share: the answers a child and a parent give, the
page patterns they follow, and a fresh database of each kind to run in.

Imported by the bench_*.py scripts (run from the checkout, so ``benchmarks/`` is on the
path); not a benchmark itself.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from portal.db.session import make_engine

POSTGRES = os.environ.get("TEST_DATABASE_URL",
                          "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
SLUG = re.compile(r"/complaint/([a-z-]+)")

#: A child's complaint, page by page (slug -> form data), asking for an advocate.
COMPLAINT: dict[str, dict[str, Any]] = {
    "who-are-you": {"submitter": "child"},
    "are-you-safe": {"safe": "yes"},
    "about-the-child": {"child_name": "Sam", "child_age": "12", "in_care": "this_council"},
    "what-is-it-about": {"service": "children_in_care"},
    "anything-else": {"also": ["none"]},
    "what-happened": {"description": "My social worker never comes to see me."},
    "add-files": {"action": "continue"},
    "when": {"event_on-day": "3", "event_on-month": "2", "event_on-year": "2025"},
    "how-it-affected-you": {"how_affected": "I feel sad."},
    "what-would-help": {"desired_outcome": "A visit every month."},
    "advocate": {"wants_advocate": "yes"},
    "contact": {"contact_methods": ["email"], "email": "sam@example.com"},
    "your-name": {"name": "Sam"},
    "help-to-take-part": {"needs": ["easy_read"]},
}
#: A parent's compliment: fewer questions.
COMPLIMENT: dict[str, dict[str, Any]] = {
    "who-are-you": {"submitter": "parent"},
    "are-you-safe": {"safe": "yes"},
    "what-is-it-about": {"service": "fostering"},
    "anything-else": {"also": ["none"]},
    "what-happened": {"description": "Our foster carer is brilliant."},
    "add-files": {"action": "continue"},
    "contact": {"contact_methods": ["email"], "email": "parent@example.com"},
    "your-name": {"name": "Alex"},
    "help-to-take-part": {"needs": ["none"]},
}


@contextmanager
def sqlite_database(prefix: str = "bench-") -> Iterator[str]:
    """A file in a temporary folder of its own."""
    yield f"sqlite:///{Path(tempfile.mkdtemp(prefix=prefix)) / 'portal.db'}"


@contextmanager
def postgres_database(prefix: str = "bench") -> Iterator[str]:
    """A database of its own on the server at TEST_DATABASE_URL, dropped afterwards
    (advisory locks are per database, so nothing else's count)."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = make_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
