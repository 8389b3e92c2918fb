"""Officers run the register from the back office: import, export, annual report, timeliness."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.staff import AuditLog, Role, User
from portal.web.register.backoffice import last_full_year
from tests.support.staff import signed_in


@pytest.fixture
def manager(client: FlaskClient, session: Session, council: Council) -> User:
    return signed_in(client, session, council, Role.COMPLAINTS_MANAGER)


def upload(client: FlaskClient, content: bytes, name: str = "register.csv"):  # type: ignore[no-untyped-def]
    return client.post("/staff/register/import",
                       data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def period_args(start: str, end: str) -> dict[str, list[str]]:
    (y1, m1, d1), (y2, m2, d2) = start.split("-"), end.split("-")
    return {"period_from": [d1, m1, y1], "period_to": [d2, m2, y2]}


def test_import_the_barking_year_and_download_exactly_the_published_report(
        client: FlaskClient, session: Session, manager: User, shared_dir: Path) -> None:
    csv_bytes = (shared_dir / "examples" / "register-barking-2018-19.csv").read_bytes()
    response = upload(client, csv_bytes)
    assert response.status_code == 200
    assert "146 new, 0 changed, 0 unchanged" in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Representation.id))) == 146

    args = period_args("2018-04-01", "2019-03-31")
    page = client.get("/staff/register/annual-report", query_string=args)
    assert page.status_code == 200
    soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
    assert soup.find("table")
    for svg in soup.select(".portal-chart svg"):  # every chart has a text alternative
        assert svg["role"] == "img"
        assert svg.find("title").get_text(strip=True)

    download = client.get("/staff/register/annual-report",
                          query_string={**args, "download": "json"})
    assert download.headers["Content-Disposition"].startswith("attachment")
    expected = json.loads((shared_dir / "examples" / "report-barking-2018-19.json").read_text())
    assert json.loads(download.get_data()) == expected
    for fmt in ("csv", "html", "pdf", "xlsx"):
        assert client.get("/staff/register/annual-report",
                          query_string={**args, "download": fmt}).status_code == 200

    again = upload(client, csv_bytes)
    assert "0 new, 0 changed, 146 unchanged" in again.get_data(as_text=True)


def test_a_bad_file_imports_nothing_and_names_every_problem(
        client: FlaskClient, session: Session, manager: User, shared_dir: Path) -> None:
    lines = (shared_dir / "examples" / "register-barking-2018-19.csv").read_text().splitlines()
    lines[3] = lines[3].replace(",in_person,", ",fax,", 1)  # row 4: LBBD-00003
    lines[10] = lines[10].replace(",2018-", ",2018/", 1)  # row 11: a date with a slash
    response = upload(client, ("\n".join(lines) + "\n").encode())
    assert response.status_code == 400
    problems = BeautifulSoup(response.get_data(as_text=True), "html.parser").select(
        "#problems li")
    assert len(problems) == 2
    assert "row 4" in problems[0].get_text()
    assert "fax" in problems[0].get_text()
    assert "row 11" in problems[1].get_text()
    assert session.scalar(select(func.count(Representation.id))) == 0
    assert session.scalars(select(AuditLog.action)).all()[-1] == "register_import_refused"


def test_a_file_that_is_not_text_is_refused_kindly(client: FlaskClient, manager: User) -> None:
    response = upload(client, b"\xff\xfe\x00binary")
    assert response.status_code == 400
    assert "not UTF-8 text" in response.get_data(as_text=True)


def test_export_round_trips_and_the_spreadsheet_cannot_run_a_formula(
        client: FlaskClient, session: Session, manager: User, shared_dir: Path) -> None:
    text = (shared_dir / "examples" / "register-barking-2018-19.csv").read_text()
    hostile = text.replace("Head of Disability", '"=HYPERLINK(""http://evil.example"")"', 1)
    assert upload(client, hostile.encode()).status_code == 200

    exported = client.post("/staff/register/export", data={"file_format": "csv"})
    assert exported.headers["Content-Type"].startswith("text/csv")
    # Export then import gives back the same register.
    again = upload(client, exported.get_data())
    assert "0 new, 0 changed, 146 unchanged" in again.get_data(as_text=True)
    teams = {row["team"] for row in csv.DictReader(io.StringIO(exported.get_data(as_text=True)))}
    assert '=HYPERLINK("http://evil.example")' in teams

    sheet = client.post("/staff/register/export", data={"file_format": "xlsx"})
    workbook = load_workbook(io.BytesIO(sheet.get_data()))
    cells = [c for row in workbook.active.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells, "the hostile team name is in the file"
    assert all(c.data_type == "s" for c in cells)

    some = client.post("/staff/register/export", data={
        "file_format": "csv", "received_from": ["1", "1", "2019"],
        "received_to": ["31", "3", "2019"]})
    rows = some.get_data(as_text=True).splitlines()[1:]
    assert rows
    assert all(",2019-0" in row for row in rows)


def test_dates_the_wrong_way_round_are_explained(client: FlaskClient, manager: User) -> None:
    response = client.get("/staff/register/annual-report",
                          query_string=period_args("2019-03-31", "2018-04-01"))
    assert response.status_code == 400
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert "after the first day" in page.select_one(".govuk-error-summary").get_text()
    assert page.title.get_text().startswith("Error:")
    assert page.select_one("#period_from-day")["value"] == "31"  # what was typed is kept


def test_timeliness_shows_each_team_with_open_cases(
        client: FlaskClient, manager: User, shared_dir: Path) -> None:
    upload(client, (shared_dir / "examples" / "register-barking-2018-19.csv").read_bytes())
    page = BeautifulSoup(client.get("/staff/register/timeliness").get_data(as_text=True),
                         "html.parser")
    rows = page.select("tbody tr")
    assert rows  # the Barking year has one open complaint
    assert all(len(row.find_all("td")) == 3 for row in rows)


@pytest.mark.parametrize(("today", "start", "end"), [
    ("2026-11-22", "2025-04-01", "2026-03-31"),  # after April: last April to March
    ("2026-03-31", "2024-04-01", "2025-03-31"),  # the year has not ended yet
    ("2026-04-01", "2025-04-01", "2026-03-31"),  # the first day after it ends
])
def test_the_report_opens_on_the_last_full_year(today: str, start: str, end: str) -> None:
    from datetime import date

    period = last_full_year(date.fromisoformat(today))
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


def test_a_server_without_pango_says_so_and_offers_the_same_report(
        client: FlaskClient, session: Session, manager: User, shared_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pango(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    upload(client, (shared_dir / "examples" / "register-barking-2018-19.csv").read_bytes())
    monkeypatch.setattr(builtins, "__import__", no_pango)
    response = client.get("/staff/register/annual-report",
                          query_string={**period_args("2018-04-01", "2019-03-31"),
                                        "download": "pdf"})
    assert response.status_code == 503
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    warning = page.select_one("#download-unavailable").get_text(" ", strip=True)
    assert "cannot make PDFs" in warning
    assert "HTML download" in warning
    assert page.find("table"), "the report itself is still on the page"
