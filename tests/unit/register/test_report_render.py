"""The report's renderings show the JSON's numbers, accessibly and safely."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import zipfile
from datetime import date
from typing import Any

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from portal.common.dates import calendar_for
from portal.register.csvio import RegisterRow, read_register
from portal.register.formats import FORMATS, renderer
from portal.register.render import render_csv, render_html, render_json
from portal.register.report import annual_report
from portal.register.shared import example
from portal.register.tables import all_tables, build_sections
from portal.register.xlsx import render_xlsx, sheet_name

ENGLAND = calendar_for("england")
FORMULAS = [
    '=HYPERLINK("http://example.com","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTabbed",
    "\rReturn",
]


@pytest.fixture(scope="module")
def rows() -> list[RegisterRow]:
    return read_register(example("register-barking-2018-19.csv"))


def report_for(rows: list[RegisterRow], year: int = 2018) -> dict[str, Any]:
    return annual_report(rows, period_from=date(year, 4, 1), period_to=date(year + 1, 3, 31),
                         calendar=ENGLAND)


@pytest.fixture(scope="module")
def report(rows: list[RegisterRow]) -> dict[str, Any]:
    return report_for(rows)


@pytest.fixture(scope="module")
def hostile(rows: list[RegisterRow]) -> dict[str, Any]:
    """A register whose team names try to become spreadsheet formulas."""
    changed = [
        dataclasses.replace(row, team=FORMULAS[i % len(FORMULAS)]) for i, row in enumerate(rows)
    ]
    return report_for(changed)


def test_json_rendering_is_the_contract_text(report: dict[str, Any]) -> None:
    expected = example("report-barking-2018-19.json").read_bytes()
    assert render_json(report) == expected


def test_tables_show_the_json_counts(report: dict[str, Any]) -> None:
    tables = {t.key: t for t in all_tables(build_sections(report))}
    method = tables["complaints.by_method"]
    assert [cells for _, cells in method.rows] == [
        (n,) for n in report["complaints"]["by_method"].values()
    ]
    teams = tables["procedures.children_statutory.by_team"]
    assert {label: cells[0] for label, cells in teams.rows} == (
        report["procedures"]["children_statutory"]["by_team"]
    )
    stages = tables["procedures.children_statutory.stage_responses"]
    assert stages.rows[0][1] == (81, 44, 19, 18, 13.3)


def test_year_on_year_adds_a_column_for_the_previous_period(rows: list[RegisterRow]) -> None:
    # The same register read as two years: 2018/19 against itself a year later.
    later = [
        dataclasses.replace(
            row,
            received_on=row.received_on.replace(year=row.received_on.year + 1),
        )
        for row in rows
        if row.kind.value == "compliment"
    ]
    current, previous = report_for(later, 2019), report_for(rows)
    tables = {t.key: t for t in all_tables(build_sections(current, previous))}
    received = tables["received"]
    assert received.columns == ("1 April 2019 to 31 March 2020", "1 April 2018 to 31 March 2019")
    # A kind only the previous year had shows 0 now, beside last year's count.
    assert dict(received.rows) == {"Compliments": (7, 7), "Complaints": (0, 81),
                                   "Enquiries from councillors and MPs": (0, 58)}
    timeliness = tables["procedures.children_statutory.stage_responses"]
    assert len(timeliness.columns) == 7
    assert timeliness.rows[0][1][0] == 0
    assert timeliness.rows[0][1][5:] == (81, 13.3)
    assert len({t.key: t for t in all_tables(build_sections(previous))}["received"].columns) == 1


# --- HTML: a standalone accessible document ----------------------------------------------


@pytest.fixture(scope="module")
def page(report: dict[str, Any]) -> BeautifulSoup:
    return BeautifulSoup(render_html(report), "html.parser")


def test_html_is_a_standalone_document_with_language_and_one_h1(page: BeautifulSoup) -> None:
    assert page.html is not None
    assert page.html["lang"] == "en"
    assert len(page.find_all("h1")) == 1
    assert page.title is not None
    assert page.title.string == page.h1.get_text()  # type: ignore[union-attr]
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), "ids must be unique"
    assert not page.find_all(["script", "link", "img"]), "no external resources"


def test_every_html_table_has_a_caption_and_scoped_headers(page: BeautifulSoup) -> None:
    tables = page.find_all("table")
    assert len(tables) > 20
    for table in tables:
        assert table.caption
        assert table.caption.get_text(strip=True)
        assert all(th.get("scope") == "col" for th in table.thead.find_all("th"))
        for tr in table.tbody.find_all("tr"):
            (row_header,) = tr.find_all("th")
            assert row_header.get("scope") == "row"


def test_every_table_of_counts_has_a_chart_with_a_text_alternative(page: BeautifulSoup) -> None:
    for table in page.find_all("table"):
        caption = table.caption.get_text(strip=True)
        svg = table.find_next_sibling("svg")
        if caption == "Compensation paid":
            assert svg is None  # a sum of money is not a count to draw
            continue
        assert svg is not None, caption
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.find("title", id=title_id).get_text() == caption
        desc = svg.find("desc", id=desc_id).get_text()
        single_series = len(table.thead.find_all("th")) == 2
        # The text alternative names every counted row, with its number when
        # the chart draws one series.
        for tr in table.tbody.find_all("tr"):
            label, value = tr.th.get_text(strip=True), tr.td.get_text(strip=True)
            if value.isdigit():
                assert (f"{label}: {value}" if single_series else f"{label}: ") in desc


def test_html_identifies_no_one(rows: list[RegisterRow], page: BeautifulSoup) -> None:
    text = str(page)
    assert not any(row.reference in text for row in rows)


def test_html_escapes_council_text(hostile: dict[str, Any]) -> None:
    changed = json.loads(json.dumps(hostile))
    changed["procedures"]["children_statutory"]["by_team"] = {"<script>alert(1)</script>": 1}
    html = render_html(changed).decode()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- CSV and XLSX: safe to open in a spreadsheet ----------------------------------------


def test_report_csv_cells_cannot_start_a_formula(hostile: dict[str, Any]) -> None:
    text = render_csv(hostile).decode("utf-8-sig")
    cells = [cell for line in csv.reader(io.StringIO(text)) for cell in line]
    assert "'" + FORMULAS[0] in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_report_csv_holds_every_table(report: dict[str, Any]) -> None:
    text = render_csv(report).decode("utf-8-sig")
    for table in all_tables(build_sections(report)):
        assert table.caption in text


def test_xlsx_has_one_sheet_per_table(report: dict[str, Any]) -> None:
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    tables = all_tables(build_sections(report))
    assert len(workbook.sheetnames) == len(tables)
    assert len(set(workbook.sheetnames)) == len(tables)
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == tables[0].caption
    assert [sheet.cell(row=5 + i, column=2).value for i in range(3)] == [81, 58, 7]


def test_xlsx_text_that_looks_like_a_formula_stays_text(hostile: dict[str, Any]) -> None:
    data = render_xlsx(hostile)
    workbook = load_workbook(io.BytesIO(data))
    found = {
        cell.value: cell.data_type
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value in FORMULAS
    }
    # "\r" is normalised by XML on reading, so that one is checked in the raw file below.
    assert set(found) >= set(FORMULAS[:-1])
    assert set(found.values()) == {"s"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n]
    assert not any("<f>" in xml or "<f " in xml for xml in sheets), "no cell is a formula"


@pytest.mark.parametrize(
    ("index", "caption", "expected"),
    [
        (1, "Complaints by team", "01 Complaints by team"),
        (2, "Who: [a]/b*c?", "02 Who   a  b c"),  # characters Excel forbids
        (3, "x" * 40, "03 " + "x" * 28),  # at most 31 characters
    ],
)
def test_sheet_names_are_legal(index: int, caption: str, expected: str) -> None:
    assert sheet_name(index, caption) == expected


# The PDF's structure, language and text: test_report_pdf.py.


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders(report: dict[str, Any], fmt: str) -> None:
    assert len(renderer(fmt)(report)) > 1000


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        renderer("docx")
