"""The register export streams (issue 17): the CSV is sent a batch of rows at a time and is
byte for byte the file it always was; the spreadsheet holds the same cells it always held."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.councils import Council
from portal.models.staff import AuditLog, Role, User
from portal.register import export
from portal.register.csvio import read_register, register_text
from portal.register.queries import register_rows
from portal.register.services import import_register
from tests.support.staff import signed_in


@pytest.fixture
def manager(client: FlaskClient, session: Session, council: Council, shared_dir: Path) -> User:
    rows = read_register(shared_dir / "examples" / "register-barking-2018-19.csv")
    import_register(session, council, rows)
    session.commit()
    return signed_in(client, session, council, Role.COMPLAINTS_MANAGER)


@pytest.mark.parametrize("batch", [7, 2_000])
def test_the_csv_streams_the_same_bytes(client: FlaskClient, session: Session, council: Council,
                                        manager: User, batch: int,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "EXPORT_BATCH", batch)
    expected = register_text(register_rows(session, council_id=council.id)).encode("utf-8")
    response = client.post("/staff/register/export", data={"file_format": "csv"})
    assert response.status_code == 200
    assert response.is_streamed
    assert response.headers["Content-Disposition"] == 'attachment; filename="register.csv"'
    assert response.get_data() == expected
    entry = session.scalars(select(AuditLog).where(AuditLog.action == "register_exported")
                            ).one()
    assert entry.detail == {"rows": 146, "format": "csv"}


def test_a_date_range_streams_the_same_bytes(client: FlaskClient, session: Session,
                                             council: Council, manager: User,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "EXPORT_BATCH", 5)
    expected = register_text(register_rows(
        session, council_id=council.id, received_from=date(2019, 1, 1),
        received_to=date(2019, 3, 31))).encode("utf-8")
    response = client.post("/staff/register/export", data={
        "file_format": "csv", "received_from": ["1", "1", "2019"],
        "received_to": ["31", "3", "2019"]})
    assert response.get_data() == expected
    assert expected.count(b"\r\n") > 10


def test_the_spreadsheet_holds_the_cells_of_the_csv(client: FlaskClient, manager: User,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "EXPORT_BATCH", 7)
    text = client.post("/staff/register/export", data={"file_format": "csv"}).get_data(
        as_text=True)
    sheet = client.post("/staff/register/export", data={"file_format": "xlsx"})
    assert sheet.status_code == 200
    assert sheet.headers["Content-Disposition"] == 'attachment; filename="register.xlsx"'
    workbook = load_workbook(io.BytesIO(sheet.get_data()))
    assert workbook.sheetnames == ["Register"]

    def shown(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):  # a date cell reads back as midnight
            return value.date().isoformat()
        return str(value)

    cells = [[shown(c.value) for c in row] for row in workbook["Register"].iter_rows()]
    assert cells == list(csv.reader(io.StringIO(text, newline="")))
