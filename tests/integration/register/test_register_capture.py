"""Every change to a register entry reaches the feed in its own transaction, whoever made it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.complaints.services import submit
from portal.models.councils import Council
from portal.models.register import FeedEndpoint, OutboxEntry, RegisterChange
from portal.register.capture import record_entry_changes
from portal.register.feed import add_endpoint, entry_of
from portal.register.queries import register_rows
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


def test_a_sent_form_is_captured_from_the_objects_in_hand_as_the_register_reads_it(
        session: Session, council: Council) -> None:
    """The submit writes the entry's first change itself (nothing read back): it must say
    exactly what register_rows reads from the database, and leave the commit nothing."""
    add_endpoint(session, council.id, name="case system", url="http://127.0.0.1:9/hook")
    endpoint_id = session.scalars(select(FeedEndpoint.id).where(
        FeedEndpoint.council_id == council.id)).one()
    for key, answers in (("capture-3", {**CHILD, "wants_advocate": "yes", "child_age": "12"}),
                         ("capture-4", {**CHILD, "kind": "compliment",
                                        "submitter": "parent"})):
        rep = submit(session, council=council, answers=answers, submission_key=key,
                     tracking_code="E" * 20, locale="en", now=NOW)
        session.commit()
        (change,) = changes_of(session, rep.id)
        (row,) = register_rows(session, ids=[rep.id])
        assert change.entry == entry_of(row)
        assert record_entry_changes(session, [rep.id]) == 0  # nothing left to say
        (outbox,) = session.scalars(select(OutboxEntry).where(
            OutboxEntry.change_id == change.id)).all()
        assert outbox.endpoint_id == endpoint_id
        assert outbox.idempotency_key == f"register-{change.id}-{endpoint_id}"
        body = json.loads(outbox.body)
        assert (body["sequence"], body["reference"], body["entry"], body["change"]) == (
            change.id, rep.reference, change.entry, "changed")
