"""Every change to a register entry reaches the feed in its own transaction, whoever made it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.complaints.services import submit
from portal.models.councils import Council
from portal.models.register import OutboxEntry, RegisterChange
from portal.register.feed import add_endpoint
from portal.vocab.cases import Outcome

CHILD = {"kind": "complaint", "submitter": "child", "safe": "yes", "service": "social_work",
         "contact_methods": ["none"], "description": "Nobody calls me back."}
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def changes_of(session: Session, rep_id: int) -> list[RegisterChange]:
    return list(session.scalars(select(RegisterChange).where(
        RegisterChange.representation_id == rep_id).order_by(RegisterChange.id)))


def test_a_new_submission_and_each_later_change_are_recorded_once(
        session: Session, council: Council) -> None:
    add_endpoint(session, council.id, name="case system", url="http://127.0.0.1:9/hook")
    rep = submit(session, council=council, answers=CHILD, submission_key="capture-1",
                 tracking_code="C" * 20, locale="en", now=NOW)
    session.commit()
    first = changes_of(session, rep.id)
    assert len(first) == 1
    assert first[0].entry["reference"] == rep.reference
    assert first[0].entry["method"] == "online_form"
    assert session.scalar(select(func.count(OutboxEntry.id))) == 1

    session.commit()  # nothing changed: nothing recorded
    assert len(changes_of(session, rep.id)) == 1

    rep.outcome = Outcome.UPHELD
    session.commit()
    later = changes_of(session, rep.id)
    assert len(later) == 2
    assert later[-1].entry["outcome"] == "upheld"
    assert session.scalar(select(func.count(OutboxEntry.id))) == 2


def test_a_change_rolled_back_is_never_recorded(session: Session, council: Council) -> None:
    rep = submit(session, council=council, answers=CHILD, submission_key="capture-2",
                 tracking_code="D" * 20, locale="en", now=NOW)
    session.commit()
    with session.begin_nested() as savepoint:
        rep.outcome = Outcome.NOT_UPHELD
        session.flush()
        savepoint.rollback()
    session.commit()
    assert [c.entry["outcome"] for c in changes_of(session, rep.id)] == [""]
