"""Imported cases are cases (issue 15, part 7): a register import gives every open stage
the deadlines its procedure gives it, counted from the dates in the file with the
council's timescales and working days; they are on the due and overdue list and on
triage like any other case; and the import says how many open cases it brought in and
how many are already overdue. On SQLite and PostgreSQL, with the day pinned to Monday
23 November 2026 (tests/conftest.py)."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from portal.models.cases import (
    CaseEvent,
    EqualityMonitoring,
    Representation,
    Stage,
    representation_categories,
)
from portal.models.councils import Council
from portal.models.register import RegisterChange
from portal.models.staff import Role, User
from portal.register.cli import register_cli
from portal.register.csvio import COLUMNS, read_register, register_text
from portal.register.queries import register_rows
from portal.register.services import import_register
from portal.vocab.cases import CaseStatus
from tests.conftest import PINNED_TODAY
from tests.support.staff import signed_in

EMPTY = dict.fromkeys(COLUMNS, "")


def row(reference: str, **cells: str) -> dict[str, str]:
    return {**EMPTY, "reference": reference, "kind": "complaint", "method": "letter",
            "submitter": "parent", "made_by_child": "no", "advocate": "no", "adr": "no",
            **cells}


#: One of each open stage, and a closed case, received in 2026.
ROWS = [
    # Stage 1, not acknowledged: acknowledge in 3 working days (missed), respond in 10.
    row("IMP-S1", procedure="children_statutory", received_on="2026-11-02",
        stage1_started_on="2026-11-02", stage1_extended="no"),
    # Corporate stage 1, acknowledged: its clock runs from the acknowledgement.
    row("IMP-S1-ACK", procedure="corporate", received_on="2026-11-16",
        acknowledged_on="2026-11-18", stage1_started_on="2026-11-16", stage1_extended="no"),
    # Stage 2 from the agreed statement of complaint: 25 working days.
    row("IMP-S2", procedure="children_statutory", received_on="2026-06-01",
        acknowledged_on="2026-06-02", stage1_started_on="2026-06-01",
        stage1_closed_on="2026-06-12", stage1_extended="no", stage2_started_on="2026-07-01",
        stage2_extended="no"),
    # Stage 3 asked for on 1 October: the panel within 30 working days.
    row("IMP-S3", procedure="children_statutory", received_on="2026-05-01",
        acknowledged_on="2026-05-04", stage1_started_on="2026-05-01",
        stage1_closed_on="2026-05-14", stage1_extended="no", stage2_started_on="2026-06-01",
        stage2_closed_on="2026-07-01", stage2_extended="no", stage3_started_on="2026-10-01"),
    # An enquiry: its reply in 10 working days, due today.
    row("IMP-ENQ", kind="enquiry", submitter="councillor", received_on="2026-11-09",
        stage1_started_on="2026-11-09", stage1_extended="no"),
    # Awaiting triage, not acknowledged: acknowledge by Wednesday.
    row("IMP-NEW", procedure="children_statutory", received_on="2026-11-20"),
    # Adult social care with no response plan in the file: six months.
    row("IMP-ADULT", procedure="adult_statutory", received_on="2026-03-02",
        acknowledged_on="2026-03-03", stage1_started_on="2026-03-02", stage1_extended="no"),
    # Extended, the file not saying to when: the furthest the extension could reach.
    row("IMP-EXT", procedure="children_statutory", received_on="2026-10-01",
        acknowledged_on="2026-10-02", stage1_started_on="2026-10-01", stage1_extended="yes",
        delay_reason="extension_agreed"),
    # Corporate stage 2 (England): it starts with its acknowledgement; 20 working days.
    row("IMP-CORP2", procedure="corporate", received_on="2026-09-01",
        acknowledged_on="2026-09-02", stage1_started_on="2026-09-01",
        stage1_closed_on="2026-09-10", stage1_extended="no", stage2_started_on="2026-11-02",
        stage2_extended="no"),
    # Closed: no deadline, not counted.
    row("IMP-CLOSED", procedure="children_statutory", received_on="2026-01-05",
        acknowledged_on="2026-01-06", stage1_started_on="2026-01-05",
        stage1_closed_on="2026-01-16", stage1_extended="no", outcome="upheld"),
]
OPEN, OVERDUE = 9, 5  # overdue: S1 (acknowledgement), S2, S3, ADULT, EXT
SUMMARY = f"Open cases brought in: {OPEN}. Already overdue: {OVERDUE}."


def csv_text(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _remove_committed_rows(engine: Engine) -> Iterator[None]:
    """On SQLite a command's or a page's commit really commits (see test_register_db.py):
    remove what this module's imports wrote, once the test's session is gone."""
    yield
    with engine.begin() as connection:
        for table in (CaseEvent.__table__, EqualityMonitoring.__table__,
                      representation_categories, Stage.__table__,
                      RegisterChange.__table__, Representation.__table__):
            connection.execute(table.delete())


def by_reference(session: Session, reference: str) -> Representation:
    return session.scalars(select(Representation).where(
        Representation.reference == reference)).one()


def stage_of(session: Session, reference: str, number: int) -> Stage:
    stage = by_reference(session, reference).stage(number)
    assert stage is not None
    return stage


def test_imported_open_stages_get_the_deadlines_their_procedure_gives(
        session: Session, council: Council) -> None:
    result = import_register(session, council, read_register(csv_text(ROWS)),
                             today=PINNED_TODAY)
    assert (result.created, result.open_cases, result.overdue) == (len(ROWS), OPEN, OVERDUE)

    s1 = by_reference(session, "IMP-S1")
    assert s1.acknowledge_by == date(2026, 11, 5)
    assert (s1.stages[0].due_on, s1.stages[0].due_latest_on) == (date(2026, 11, 16),
                                                                  date(2026, 11, 30))
    ack = stage_of(session, "IMP-S1-ACK", 1)
    assert (ack.due_on, ack.due_latest_on) == (date(2026, 12, 2), date(2026, 12, 16))
    assert by_reference(session, "IMP-S1-ACK").acknowledge_by is None  # already done
    s2 = stage_of(session, "IMP-S2", 2)
    assert (s2.due_on, s2.due_latest_on) == (date(2026, 8, 5), date(2026, 10, 1))
    assert stage_of(session, "IMP-S2", 1).due_on is None  # answered: no clock runs
    s3 = stage_of(session, "IMP-S3", 3)
    assert (s3.requested_on, s3.due_on) == (date(2026, 10, 1), date(2026, 11, 12))
    assert stage_of(session, "IMP-ENQ", 1).due_on == date(2026, 11, 23)
    new = by_reference(session, "IMP-NEW")
    assert new.status is CaseStatus.NEW
    assert new.acknowledge_by == date(2026, 11, 25)
    assert stage_of(session, "IMP-ADULT", 1).due_on == date(2026, 9, 1)
    ext = stage_of(session, "IMP-EXT", 1)
    assert (ext.due_on, ext.due_latest_on, ext.extended_to_on) == (
        date(2026, 10, 15), date(2026, 10, 29), date(2026, 10, 29))
    corp2 = stage_of(session, "IMP-CORP2", 2)
    assert (corp2.acknowledged_on, corp2.due_on, corp2.due_latest_on) == (
        date(2026, 11, 2), date(2026, 11, 30), date(2026, 12, 30))
    closed = by_reference(session, "IMP-CLOSED")
    assert closed.acknowledge_by is None
    assert closed.stages[0].due_on is None

    # The register itself is unchanged: the file exports back exactly.
    council_rows = [r for r in register_rows(session, council_id=council.id)
                    if r.reference.startswith("IMP-")]
    assert register_text(council_rows) == register_text(
        sorted(read_register(csv_text(ROWS)), key=lambda r: r.reference))


def test_a_changed_row_gets_the_deadline_of_its_new_stage_and_keeps_the_portal_s(
        session: Session, council: Council) -> None:
    first = [row("IMP-CH", procedure="children_statutory", received_on="2026-06-01",
                 acknowledged_on="2026-06-02", stage1_started_on="2026-06-01",
                 stage1_closed_on="2026-06-12", stage1_extended="no"),
             ROWS[1]]
    import_register(session, council, read_register(csv_text(first)), today=PINNED_TODAY)
    assert by_reference(session, "IMP-CH").status is CaseStatus.AWAITING_NEXT_STAGE
    # In the portal an officer extended IMP-S1-ACK's stage 1 to 9 December.
    extended = stage_of(session, "IMP-S1-ACK", 1)
    extended.extended, extended.extended_to_on = True, date(2026, 12, 9)
    session.flush()

    again = [{**first[0], "stage2_started_on": "2026-07-01", "stage2_extended": "no"},
             {**ROWS[1], "method": "email"}]
    result = import_register(session, council, read_register(csv_text(again)),
                             today=PINNED_TODAY)
    assert (result.updated, result.open_cases, result.overdue) == (2, 2, 1)
    assert stage_of(session, "IMP-CH", 2).due_on == date(2026, 8, 5)
    kept = stage_of(session, "IMP-S1-ACK", 1)
    assert (kept.due_on, kept.extended_to_on) == (date(2026, 12, 2), date(2026, 12, 9))


@pytest.fixture
def manager(client: FlaskClient, session: Session, council: Council) -> User:
    return signed_in(client, session, council, Role.COMPLAINTS_MANAGER)


def upload(client: FlaskClient, text: str) -> Any:
    return client.post("/staff/register/import",
                       data={"file": (io.BytesIO(text.encode()), "register.csv")},
                       content_type="multipart/form-data")


def test_the_import_page_says_how_many_are_open_and_overdue_and_they_are_due(
        client: FlaskClient, session: Session, manager: User) -> None:
    response = upload(client, csv_text(ROWS))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert SUMMARY in page
    assert 'href="/staff/cases/due"' in page

    overview = client.get("/staff/cases/due").get_data(as_text=True)
    # The overview lists each team's most urgent few; each team's link, the rest.
    teams = sorted(set(re.findall(r'href="(/staff/cases/due\?team=[^"]+)"', overview)))
    due = overview + "".join(client.get(html.unescape(link)).get_data(as_text=True)
                             for link in teams)
    for reference in ("IMP-S1", "IMP-S1-ACK", "IMP-S2", "IMP-S3", "IMP-ENQ", "IMP-NEW",
                      "IMP-ADULT", "IMP-EXT", "IMP-CORP2"):
        assert f">{reference}<" in due, reference
    assert ">IMP-CLOSED<" not in due
    # Awaiting triage, with its acknowledgement date, like any other case.
    triage = client.get("/staff/cases/triage").get_data(as_text=True)
    assert "IMP-NEW" in triage
    assert "25 November 2026" in triage
    # Importing the same file again brings nothing in.
    assert "Open cases brought in: 0. Already overdue: 0." in upload(
        client, csv_text(ROWS)).get_data(as_text=True)


def test_the_import_command_says_it_too(app: Flask, session: Session, council: Council,
                                        tmp_path: Any) -> None:
    path = tmp_path / "register.csv"
    path.write_text(csv_text(ROWS), encoding="utf-8")
    result = app.test_cli_runner().invoke(register_cli, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert f"{len(ROWS)} new, 0 changed, 0 unchanged." in result.output
    assert SUMMARY in result.output
