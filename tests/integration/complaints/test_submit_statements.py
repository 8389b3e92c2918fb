"""The final submit's SQL statements, counted (STYLE.md section 12: count statements, not
milliseconds). A deterministic count, so it belongs in the suite: a lazy load, a re-read of
what was just written or a row-by-row insert creeping back fails here on any machine."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from portal.complaints.services import submit
from portal.models.advocacy import AdvocacyCase
from portal.models.cases import CaseEvent, Representation
from portal.models.councils import Council
from portal.models.mail import OutgoingMail
from portal.models.register import RegisterChange
from portal.models.staff import AuditLog
from tests.support.journey import CHILD_COMPLAINT, walk
from tests.support.rows import count
from tests.support.statements import statements

pytestmark = pytest.mark.usefixtures("own_drafts")

#: The issue's target for the final submit, on both databases.
MOST = 12
#: What the tests' transaction wrapper (and SQLite's write lock) adds around the work.

#: What a sent form writes, counted before and after it is sent again.
WRITTEN = (Representation, CaseEvent, AuditLog, AdvocacyCase, OutgoingMail, RegisterChange)

COMPLIMENT = {
    "who-are-you": {"submitter": "parent"},
    "are-you-safe": {"safe": "yes"},
    "what-is-it-about": {"service": "fostering"},
    "anything-else": {"also": ["none"]},
    "what-happened": {"description": "Our foster carer is brilliant."},
    "contact": {"contact_methods": ["email"], "email": "parent@example.com"},
    "your-name": {"name": "Pat"},
    "help-to-take-part": {"needs": ["none"]},
}


def send_counted(client: FlaskClient, engine: Engine) -> list[str]:
    """The statements pressing Send runs, from the request to its commit."""
    with statements(engine) as seen:
        response = client.post("/complaint/check-answers")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/complaint/sent")
    return seen


def at_most(seen: list[str], most: int) -> None:
    listing = "\n".join(f"{n}. {' '.join(s.split())[:160]}" for n, s in enumerate(seen, 1))
    assert len(seen) <= most, f"{len(seen)} statements, at most {most}:\n{listing}"


def test_a_complaint_is_sent_in_at_most_twelve_statements(client: FlaskClient,
                                                          engine: Engine) -> None:
    """A child's complaint asking for an advocate: the entry, its person and stage 1,
    the advocacy record, four events, two audit entries, the acknowledgement and the
    register's change with its outbox (and the feed's lock on PostgreSQL)."""
    walk(client, "complaint", CHILD_COMPLAINT)
    seen = send_counted(client, engine)
    at_most(seen, MOST)
    assert not [s for s in seen if s.lstrip().upper().startswith("UPDATE")], \
        "the entry is written once, routed, not inserted then updated"


def test_a_compliment_is_sent_in_at_most_twelve_statements(client: FlaskClient,
                                                           engine: Engine) -> None:
    walk(client, "compliment", COMPLIMENT)
    at_most(send_counted(client, engine), MOST)


def test_sent_again_with_the_same_key_returns_the_first_entry_and_writes_nothing(
        session: Session, council: Council) -> None:
    """No look-up before writing: the unique key refuses the second entry, and its
    savepoint takes back everything the second attempt wrote (its number too)."""
    answers = {"kind": "complaint", "submitter": "child", "safe": "yes",
               "service": "social_work", "contact_methods": ["email"],
               "email": "again@example.com", "wants_advocate": "yes",
               "description": "Nobody calls me back."}
    now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

    def send_it() -> Representation:
        return submit(session, council=council, answers=answers, submission_key="again-1",
                      tracking_code="F" * 20, locale="en", now=now)

    first = send_it()
    session.commit()
    before = [count(session, model) for model in WRITTEN]
    again = send_it()
    session.commit()
    assert again.id == first.id
    assert [count(session, model) for model in WRITTEN] == before
    after = submit(session, council=council, answers=answers, submission_key="again-2",
                   tracking_code="F" * 20, locale="en", now=now)
    assert after.reference.endswith(f"{int(first.reference[-6:]) + 1:06d}")
