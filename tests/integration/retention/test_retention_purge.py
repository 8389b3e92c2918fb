"""The retention purge on SQLite and PostgreSQL: what goes, what stays, the destruction log,
the register feed's change record, dry runs, idempotence, holds and the command's output."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.db.base import Base
from portal.models.advocacy import ComplaintChainMember
from portal.models.cases import (
    CaseCheck,
    CaseEvent,
    EqualityMonitoring,
    LearningAction,
    Message,
    Person,
    Remedy,
    Representation,
    Stage,
)
from portal.models.councils import Council
from portal.models.mail import OutgoingMail
from portal.models.register import OutboxEntry, RegisterChange
from portal.models.retention import DestructionRecord, LegalHold
from portal.models.staff import AuditLog, CaseAssignment, Role
from portal.register.feed import add_endpoint, entry_of
from portal.register.queries import register_rows
from portal.retention.cli import retention_cli
from portal.retention.purge import (
    SCRUBBED_CASE_COLUMNS,
    SCRUBBED_STAGE_COLUMNS,
    expire_drafts,
)
from portal.retention.services import place_hold, release_hold
from portal.staff.services import audit
from portal.vocab.cases import (
    CaseStatus,
)
from portal.vocab.retention import HoldReason
from tests.factories import make_user
from tests.support.retention import closed_case, run_purge
from tests.support.rows import count

#: Words that only the case's personal data holds: none may survive a purge anywhere.
MARKERS = ("Zebedee Quartermaine", "zebedee@example.test", "07700 900123", "Quillfeather",
           "Marker the child wrote", "Marker message body", "Marker check reason",
           "Marker learning", "Marker remedy note", "Marker agreement", "Marker chain person",
           "Marker independent person", "Marker panel member", "Marker extension reason",
           "Marker hold note", "Marker ethnicity")


def everything(session: Session) -> str:
    """Every row of every table as text: what a search of the database would find."""
    session.flush()
    parts = []
    for table in Base.metadata.sorted_tables:
        for row in session.execute(select(table)).all():
            parts.append(repr(tuple(row)))
    return "\n".join(parts)


@pytest.fixture
def endpoint(session: Session, council: Council) -> None:
    add_endpoint(session, council.id, "case management system", "https://cms.example.test/")
    session.commit()


def test_six_years_after_closure_the_personal_data_is_gone(
        session: Session, council: Council, endpoint: None) -> None:
    rep = closed_case(session, council, "CMP-R-000001", closed=date(2020, 5, 1))
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    session.add(CaseAssignment(representation_id=rep.id, user_id=manager.id,
                               role=Role.RESPONDING_MANAGER))
    audit(manager, "view", representation_id=rep.id, detail={"note": "Quillfeather"})
    session.commit()
    hold = place_hold(session, rep, manager, reason=HoldReason.LITIGATION,
                      note="Marker hold note")
    session.commit()
    release_hold(session, rep, hold, manager, note="Settled")
    session.commit()
    assert all(marker in everything(session) for marker in MARKERS)
    kept_row = entry_of(register_rows(session, ids=[rep.id])[0])
    audit_rows = count(session, AuditLog)
    last_change = session.scalar(select(func.max(RegisterChange.id))) or 0

    report = run_purge(session)

    assert report.destroyed == 1  # type: ignore[attr-defined]
    found = [marker for marker in MARKERS if marker in everything(session)]
    assert found == []
    for model in (Person, Message, CaseCheck, LearningAction, Remedy, EqualityMonitoring,
                  ComplaintChainMember, CaseAssignment):
        assert count(session, model, representation_id=rep.id) == 0, model.__name__
    session.expire_all()
    case = session.get(Representation, rep.id)
    assert case is not None
    assert case.tracking_code_hash is None
    assert case.description == ""
    # The access log keeps that someone looked, not at what.
    assert count(session, AuditLog) == audit_rows
    assert count(session, AuditLog, representation_id=rep.id) == 0
    # The history is one event saying why it is bare.
    events = session.scalars(select(CaseEvent).where(CaseEvent.representation_id == rep.id))
    assert [e.type for e in events] == ["personal_data_destroyed"]
    # The hold's story stays, without its words.
    kept_hold = session.get(LegalHold, hold.id)
    assert kept_hold is not None
    assert kept_hold.released_at is not None
    assert kept_hold.note is None

    # The statistical entry stays: the register row less its equality monitoring.
    after = entry_of(register_rows(session, ids=[rep.id])[0])
    expected = {**kept_row, "gender": "", "age_band": "", "ethnicity": "", "disability": ""}
    assert after == expected
    assert after["outcome"] == "partly_upheld"
    assert after["compensation_gbp"] == "150.00"

    # The destruction log: what, when, which rule, who ran it; no personal data.
    (record,) = session.scalars(select(DestructionRecord).where(
        DestructionRecord.representation_id == rep.id)).all()
    assert (record.reference, record.rule.value, record.closed_on, record.due_on,
            record.ran_by) == ("CMP-R-000001", "default", date(2020, 5, 1),
                               date(2026, 5, 1), "test run")

    # The feed: one change record saying so, and a delivery for the endpoint.
    new = session.scalars(select(RegisterChange).where(RegisterChange.id > last_change)).all()
    assert [(c.reference, c.change) for c in new] == [("CMP-R-000001",
                                                        "personal_data_destroyed")]
    assert new[0].entry == expected
    body = json.loads(session.scalars(select(OutboxEntry.body).where(
        OutboxEntry.change_id == new[0].id)).one())
    assert body["change"] == "personal_data_destroyed"
    # ...and no earlier change or delivery still carries the equality monitoring.
    history = session.scalars(select(RegisterChange.entry).where(
        RegisterChange.representation_id == rep.id)).all()
    assert all(entry["ethnicity"] == "" for entry in history)


def test_a_second_run_changes_nothing(session: Session, council: Council) -> None:
    closed_case(session, council, "CMP-R-000002", closed=date(2019, 12, 2))
    assert run_purge(session).destroyed == 1  # type: ignore[attr-defined]
    before = everything(session)
    again = run_purge(session)
    assert (again.due, again.destroyed) == (0, 0)  # type: ignore[attr-defined]
    assert everything(session) == before


def test_a_dry_run_lists_and_changes_nothing(session: Session, council: Council,
                                             endpoint: None) -> None:
    closed_case(session, council, "CMP-R-000003", closed=date(2019, 12, 2))
    before = everything(session)
    report = run_purge(session, dry_run=True)
    assert report.due == 1  # type: ignore[attr-defined]
    assert report.destroyed == 0  # type: ignore[attr-defined]
    assert report.listed == [("CMP-R-000003", date(2025, 12, 2), "default")]  # type: ignore[attr-defined]
    assert everything(session) == before


@pytest.mark.parametrize(("closed", "looked_after", "age", "destroyed"), [
    (date(2020, 6, 1), False, None, True),  # six years to the day
    (date(2020, 6, 2), False, None, False),  # a day short of six years
    (date(2019, 1, 7), True, 14, False),  # looked after: kept until about 2080
    (date(2019, 1, 7), True, None, False),  # looked after, age unknown: 75 years
])
def test_which_cases_are_due(session: Session, council: Council, closed: date,
                             looked_after: bool, age: int | None, destroyed: bool) -> None:
    rep = closed_case(session, council, "CMP-R-000004", closed=closed,
                      looked_after=looked_after, age=age, received=date(2018, 12, 3))
    run_purge(session)
    assert (count(session, DestructionRecord, representation_id=rep.id) == 1) is destroyed
    assert (count(session, Person, representation_id=rep.id) == 0) is destroyed


def test_an_open_case_is_never_destroyed(session: Session, council: Council) -> None:
    rep = closed_case(session, council, "CMP-R-000005", closed=date(2010, 1, 4))
    rep.status = CaseStatus.AWAITING_NEXT_STAGE
    rep.closed_at = None
    session.commit()
    report = run_purge(session, today=date(2099, 1, 1), dry_run=True)
    assert report.due == 0  # type: ignore[attr-defined]
    run_purge(session)
    assert count(session, Person, representation_id=rep.id) == 2  # complainant and child


def test_a_legal_hold_stops_the_purge_until_released(session: Session,
                                                     council: Council) -> None:
    rep = closed_case(session, council, "CMP-R-000006", closed=date(2019, 12, 2))
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    hold = place_hold(session, rep, manager, reason=HoldReason.OMBUDSMAN, note=None)
    session.commit()
    report = run_purge(session)
    assert (report.due, report.kept_on_hold) == (0, 1)  # type: ignore[attr-defined]
    assert count(session, Person, representation_id=rep.id) == 2
    release_hold(session, rep, hold, manager, note=None)
    session.commit()
    assert run_purge(session).destroyed == 1  # type: ignore[attr-defined]
    assert count(session, Person, representation_id=rep.id) == 0


def test_holds_are_in_the_case_history(session: Session, council: Council) -> None:
    rep = closed_case(session, council, "CMP-R-000007", closed=date(2024, 1, 8))
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    hold = place_hold(session, rep, manager, reason=HoldReason.SUBJECT_ACCESS_REQUEST,
                      note="SAR 2024/17")
    release_hold(session, rep, hold, manager, note="Answered")
    session.commit()
    events = session.execute(select(CaseEvent.type, CaseEvent.data, CaseEvent.actor_user_id)
                             .where(CaseEvent.representation_id == rep.id,
                                    CaseEvent.type.like("legal_hold%"))
                             .order_by(CaseEvent.id)).all()
    assert [(t, d["reason"], who) for t, d, who in events] == [
        ("legal_hold_placed", "subject_access_request", manager.id),
        ("legal_hold_released", "subject_access_request", manager.id)]


def test_old_mail_goes_recent_mail_stays(session: Session, council: Council) -> None:
    long_ago = datetime(2026, 4, 1, tzinfo=UTC)
    session.add_all([
        OutgoingMail(to_address="old@example.test", subject="s", body="Marker old letter",
                     purpose="letter_outcome", created_at=long_ago, sent_at=long_ago),
        OutgoingMail(to_address="new@example.test", subject="s", body="recent",
                     purpose="letter_outcome", created_at=datetime(2026, 5, 25, tzinfo=UTC)),
    ])
    session.commit()
    report = run_purge(session)
    assert report.mail_removed == 1  # type: ignore[attr-defined]
    bodies = session.scalars(select(OutgoingMail.body)).all()
    assert "Marker old letter" not in bodies
    assert "recent" in bodies


def test_drafts_left_past_the_idle_time_are_swept(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    old, fresh, half = folder / ("a" * 32 + ".json"), folder / ("b" * 32 + ".json"), \
        folder / ".draft-x1"
    for path in (old, fresh, half):
        path.write_text("{}", encoding="utf-8")
    now = datetime.now(UTC).timestamp()
    import os

    os.utime(old, (now - 3600, now - 3600))
    os.utime(half, (now - 3600, now - 3600))
    assert expire_drafts(folder, 1800, now=now, dry_run=True) == 2
    assert old.exists()
    assert expire_drafts(folder, 1800, now=now) == 2
    assert sorted(p.name for p in folder.iterdir()) == [fresh.name]


def test_the_command(app: Flask, session: Session, council: Council) -> None:
    closed_case(session, council, "CMP-R-000008", closed=date(2019, 12, 2))
    runner = app.test_cli_runner()
    dry = runner.invoke(retention_cli, ["purge", "--dry-run", "--today", "2026-06-01"])
    assert dry.exit_code == 0, dry.output
    assert "would destroy CMP-R-000008 (due 2025-12-02, rule default)" in dry.output
    assert "nothing changed" in dry.output
    real = runner.invoke(retention_cli, ["purge", "--today", "2026-06-01"])
    assert real.exit_code == 0, real.output
    assert "1 cases destroyed, 0 failed" in real.output
    # Counts only: no reference, name or word of the case.
    assert "CMP-R-000008" not in real.output
    assert not any(marker in real.output for marker in MARKERS)
    again = runner.invoke(retention_cli, ["purge", "--today", "2026-06-01"])
    assert "0 cases destroyed" in again.output


def test_the_command_refuses_a_future_day(app: Flask, session: Session,
                                          council: Council) -> None:
    future = (date.today() + timedelta(days=400)).isoformat()
    result = app.test_cli_runner().invoke(retention_cli, ["purge", "--today", future])
    assert result.exit_code == 2
    assert "--dry-run only" in result.output


def test_every_case_column_is_kept_or_scrubbed_on_purpose() -> None:
    """A new column on a case must be sorted into the statistical entry or the scrubbed list:
    these are the columns that stay, each in REGISTER.md's row or needed to run the case."""
    kept = {"id", "council_id", "reference", "kind", "status", "procedure",
            "not_accepted_reason", "received_on", "method", "team_id", "submitter",
            "made_by_child", "advocate_supported", "on_behalf_of_child", "service",
            "about_decision_of", "wants_advocate", "language", "anonymous", "route",
            "signpost", "advocacy", "urgent", "acknowledge_by", "routed_at",
            "acknowledged_on", "outcome", "delay_reason", "adr", "ombudsman_referred_on",
            "ombudsman_decision", "compensation_gbp", "closed_at", "created_at", "updated_at"}
    columns = set(Representation.__table__.columns.keys())
    assert columns - kept - set(SCRUBBED_CASE_COLUMNS) == set()
    assert set(SCRUBBED_CASE_COLUMNS) <= columns
    assert set(SCRUBBED_STAGE_COLUMNS) <= set(Stage.__table__.columns.keys())



def test_the_api_tells_other_systems(app: Flask, session: Session, council: Council) -> None:
    from portal.register.feed import add_api_client

    rep = closed_case(session, council, "CMP-R-000010", closed=date(2019, 12, 2))
    token = add_api_client(session, council.id, "records system")
    session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    before = app.test_client().get("/api/v1/register?limit=1000", headers=headers).json
    run_purge(session)
    after = app.test_client().get(f"/api/v1/register?after={before['cursor']}",
                                  headers=headers).json
    assert [(i["reference"], i["change"]) for i in after["data"]] == [
        (rep.reference, "personal_data_destroyed")]
    assert after["data"][0]["entry"]["ethnicity"] == ""
    # Ordinary changes say so too, and the entry as it stands is the bare one.
    assert {i["change"] for i in before["data"]} == {"changed"}
    now = app.test_client().get(f"/api/v1/register/{rep.reference}", headers=headers).json
    assert now == after["data"][0]["entry"]


def test_tables_added_later_are_destroyed_too(session: Session, council: Council) -> None:
    """Compliments passed on (and their recipients, two tables away from the case) came after
    the purge: every table pointing at a case is destroyed unless the purge keeps it."""
    from portal.models.records import Compliment, ComplimentFor, ComplimentRecipient

    rep = closed_case(session, council, "CMP-R-000011", closed=date(2019, 12, 2))
    compliment = Compliment(representation_id=rep.id, words="Marker the child wrote")
    compliment.recipients.append(ComplimentRecipient(role=ComplimentFor.WORKER,
                                                     name="Zebedee Quartermaine"))
    session.add(compliment)
    session.commit()
    assert run_purge(session).destroyed == 1  # type: ignore[attr-defined]
    assert count(session, Compliment, representation_id=rep.id) == 0
    assert not any(marker in everything(session) for marker in MARKERS)


def test_importing_an_old_export_does_not_bring_personal_data_back(
        session: Session, council: Council) -> None:
    from portal.register.csvio import read_register, register_text
    from portal.register.services import import_register

    rep = closed_case(session, council, "CMP-R-000009", closed=date(2019, 12, 2))
    old_export = register_text(register_rows(session, ids=[rep.id]))
    assert "Marker ethnicity" in old_export
    run_purge(session)

    result = import_register(session, council, read_register(old_export))
    session.commit()

    assert (result.created, result.updated, result.unchanged, result.withheld) == (0, 0, 1, 1)
    assert "Marker ethnicity" not in everything(session)
    assert count(session, EqualityMonitoring, representation_id=rep.id) == 0
    # A later change to the entry's register facts still imports, still without them.
    changed = old_export.replace("partly_upheld", "upheld")
    again = import_register(session, council, read_register(changed))
    session.commit()
    assert (again.updated, again.withheld) == (1, 1)
    (row,) = register_rows(session, ids=[rep.id])
    assert (row.outcome.value, row.ethnicity) == ("upheld", None)
    assert "Marker ethnicity" not in everything(session)
