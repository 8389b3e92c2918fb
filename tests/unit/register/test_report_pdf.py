"""The annual report PDF is one a screen reader can read: tagged, titled, in its language.

Issue 7 asks for a PDF a council can publish and a screen-reader user can
navigate: by heading, through tables with their headers, past charts that
say what they are. These tests open the file (pikepdf for its objects, pypdf
for the text of each tagged piece) and check what PDF/UA-1 requires of it.
"""

from __future__ import annotations

import dataclasses
import io
import logging
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

import pikepdf
import pypdf
import pytest
from flask import Flask
from flask_babel import Babel, force_locale

from portal.common.dates import calendar_for
from portal.i18n import TRANSLATIONS
from portal.register.csvio import RegisterRow, read_register
from portal.register.pdf import render_pdf
from portal.register.render import report_sections
from portal.register.report import annual_report
from portal.register.shared import example
from portal.register.tables import build_sections, report_title

# Operators that put marks on the page: each must be tagged content or an artifact.
PAINTING = {"Tj", "TJ", "'", '"', "Do", "sh", "INLINE IMAGE",
            "f", "F", "f*", "B", "B*", "b", "b*", "S", "s"}
WELSH_TEAM = "Tîm Tŷ a Dŵr"  # ŵ and ŷ: letters the PDF base fonts do not have


@pytest.fixture(scope="module")
def rows() -> list[RegisterRow]:
    return read_register(example("register-barking-2018-19.csv"))


def report_of(rows: list[RegisterRow]) -> dict[str, Any]:
    return annual_report(rows, period_from=date(2018, 4, 1), period_to=date(2019, 3, 31),
                         calendar=calendar_for("england"))


@pytest.fixture(scope="module")
def report(rows: list[RegisterRow]) -> dict[str, Any]:
    return report_of(rows)


@pytest.fixture(scope="module")
def english(report: dict[str, Any]) -> bytes:
    return render_pdf(report)


@pytest.fixture(scope="module")
def welsh_app() -> Flask:
    app = Flask(__name__)
    Babel(app, default_translation_directories=str(TRANSLATIONS))
    return app


@pytest.fixture(scope="module")
def welsh_report(rows: list[RegisterRow]) -> dict[str, Any]:
    """Barking's register with one team given a Welsh name."""
    team = rows[0].team
    return report_of([dataclasses.replace(r, team=WELSH_TEAM) if r.team == team else r
                      for r in rows])


@pytest.fixture(scope="module")
def welsh(welsh_app: Flask, welsh_report: dict[str, Any]) -> bytes:
    with welsh_app.app_context(), force_locale("cy"):
        return render_pdf(welsh_report)


# --- reading the file ---------------------------------------------------------------------


def elements(node: Any) -> Iterator[Any]:
    """The structure elements under node, in reading order."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from elements(kid)


class Tagged:
    """A PDF's structure tree, and the text each element holds."""

    def __init__(self, data: bytes) -> None:
        self.pdf = pikepdf.open(io.BytesIO(data))
        self.root = self.pdf.Root
        self.all = list(elements(self.root.StructTreeRoot))
        pages = {page.objgen: n for n, page in enumerate(self.pdf.pages)}
        self.page_of = lambda element: pages[element.Pg.objgen]
        self.pieces = self._marked_text(data)

    @staticmethod
    def _marked_text(data: bytes) -> dict[tuple[int, int], str]:
        """The text drawn inside each (page, marked-content id)."""
        found: dict[tuple[int, int], str] = defaultdict(str)
        for number, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages):
            for mcid, piece in Tagged._page_pieces(page):
                found[(number, mcid)] += piece
        return found

    @staticmethod
    def _page_pieces(page: pypdf.PageObject) -> list[tuple[int, str]]:
        pieces: list[tuple[int, str]] = []
        open_marks: list[int | None] = []

        def before(op: bytes, args: list[Any], *_: Any) -> None:
            if op in (b"BDC", b"BMC"):
                open_marks.append(args[1].get("/MCID") if op == b"BDC" else None)
            elif op == b"EMC":
                open_marks.pop()

        def text(piece: str, *_: Any) -> None:
            if open_marks and open_marks[-1] is not None:
                pieces.append((int(open_marks[-1]), piece))

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        return pieces

    def of(self, kind: str) -> list[Any]:
        return [e for e in self.all if e.S == kind]

    def ids(self, element: Any) -> Iterator[tuple[int, int]]:
        """(page, marked-content id) of everything element holds, itself or below."""
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, int):
                yield self.page_of(element), int(kid)
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield from self.ids(kid)

    def text(self, element: Any) -> str:
        return " ".join(" ".join(self.pieces[i] for i in self.ids(element)).split())

    def tagged(self) -> set[tuple[int, int]]:
        return {i for e in self.all for i in self.ids(e)}

    def tagged_text(self) -> str:
        return " ".join(self.text(e) for e in self.of("/Document"))

    def child(self, element: Any, kind: str) -> list[Any]:
        return [e for e in elements(element) if e.S == kind and e.P == element]


@pytest.fixture(scope="module")
def tagged(english: bytes) -> Tagged:
    return Tagged(english)


@pytest.fixture(scope="module")
def tagged_cy(welsh: bytes) -> Tagged:
    return Tagged(welsh)


# --- what a screen reader needs -----------------------------------------------------------


def test_the_pdf_is_marked_titled_and_in_british_english(
        tagged: Tagged, report: dict[str, Any]) -> None:
    root = tagged.root
    assert root.MarkInfo.Marked is True
    assert root.Lang == "en-GB"
    assert root.ViewerPreferences.DisplayDocTitle is True  # the title, not the file name
    assert tagged.pdf.docinfo.Title == report_title(report)
    with tagged.pdf.open_metadata() as xmp:
        assert xmp["pdfuaid:part"] == "1"
        assert xmp["dc:title"] == report_title(report)


def test_headings_are_tagged_and_bookmarked_in_order(
        tagged: Tagged, report: dict[str, Any]) -> None:
    # The key figures in words come first (summary.py), then a section per group of tables.
    headings = ["Key figures", *(s.heading for s in build_sections(report))]
    (h1,) = tagged.of("/H1")
    assert tagged.text(h1) == report_title(report)
    assert [tagged.text(h) for h in tagged.of("/H2")] == headings
    with tagged.pdf.open_outline() as outline:
        (top,) = outline.root
        assert top.title == report_title(report)
        assert [item.title for item in top.children] == headings


def test_tables_have_captions_and_header_cells_with_scope(tagged: Tagged) -> None:
    tables = tagged.of("/Table")
    assert tables
    for table in tables:
        (head,) = tagged.child(table, "/THead")
        headers = [th for tr in tagged.child(head, "/TR") for th in tagged.child(tr, "/TH")]
        assert headers
        assert all(th.A.Scope == "/Column" for th in headers)
        for tr in tagged.child(*tagged.child(table, "/TBody"), "/TR"):
            (row_header,) = tagged.child(tr, "/TH")
            assert row_header.A.Scope == "/Row"
            assert all(len(td.A.Headers) == 2 for td in tagged.child(tr, "/TD"))
    captions = [tagged.text(c) for c in tagged.of("/Caption")]
    assert "Complaints by how they were made" in captions
    # A known figure: 45 complaints were made by email, in its row of that table.
    rows = {tagged.text(tr) for tr in tagged.of("/TR")}
    assert "Email 45" in rows
    assert "Stage 1 81 44 19 18 13.3" in rows  # timeliness of all responses closed


def test_every_chart_is_a_figure_that_says_what_it_is(
        tagged: Tagged, report: dict[str, Any]) -> None:
    charts = [item["chart"] for section in report_sections(report)
              for item in section["tables"] if item["chart"]]
    figures = tagged.of("/Figure")
    assert len(figures) == len(charts)
    for figure, chart in zip(figures, charts, strict=True):
        assert figure.Alt == (
            f"Bar chart of “{chart.title}”. The same figures are in the table above.")


def test_every_mark_on_every_page_is_tagged_or_an_artifact(tagged: Tagged) -> None:
    reached = tagged.tagged()
    for number, page in enumerate(tagged.pdf.pages):
        open_marks: list[tuple[str, int | None]] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "BMC":
                open_marks.append((str(operands[0]), None))
            elif op == "BDC":
                properties = operands[1]
                mcid = int(properties.MCID) if "/MCID" in properties else None
                open_marks.append((str(operands[0]), mcid))
            elif op == "EMC":
                open_marks.pop()
            elif op in PAINTING:
                assert open_marks, f"page {number + 1}: {op} outside any marked content"
                kind, mcid = open_marks[-1]
                assert kind == "/Artifact" or (number, mcid) in reached, (
                    f"page {number + 1}: {op} in {kind} {mcid} is neither tagged nor artifact")


def test_page_numbers_are_printed_but_not_read_out(tagged: Tagged, english: bytes) -> None:
    pages = len(tagged.pdf.pages)
    printed = pypdf.PdfReader(io.BytesIO(english)).pages[1].extract_text()
    assert f"Page 2 of {pages}" in printed
    assert "Page 2 of" not in tagged.tagged_text()


def test_fonts_are_embedded_and_have_welsh_letters(tagged_cy: Tagged) -> None:
    fonts = {font.objgen: font for page in tagged_cy.pdf.pages
             for font in page.Resources.Font.values()}
    assert fonts
    for font in fonts.values():
        described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        assert "DejaVu" in str(font.BaseFont)
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(described.FontDescriptor.keys())
    row_headers = {tagged_cy.text(th) for th in tagged_cy.of("/TH")}
    assert WELSH_TEAM in row_headers


def test_the_welsh_pdf_is_welsh_throughout(
        tagged_cy: Tagged, welsh: bytes, welsh_app: Flask, welsh_report: dict[str, Any]) -> None:
    with welsh_app.app_context(), force_locale("cy"):
        title = report_title(welsh_report)
        sections = build_sections(welsh_report)
    assert title.startswith("Adroddiad blynyddol")
    assert tagged_cy.root.Lang == "cy-GB"
    assert tagged_cy.pdf.docinfo.Title == title
    assert [tagged_cy.text(h) for h in tagged_cy.of("/H1")] == [title]
    assert [tagged_cy.text(h) for h in tagged_cy.of("/H2")] == [
        "Ffigurau allweddol", *(s.heading for s in sections)]
    captions = {tagged_cy.text(c) for c in tagged_cy.of("/Caption")}
    assert {t.caption for s in sections for t in s.tables if t.rows} <= captions
    assert all(str(f.Alt).startswith("Siart bar o “") for f in tagged_cy.of("/Figure"))
    pages = len(tagged_cy.pdf.pages)
    printed = pypdf.PdfReader(io.BytesIO(welsh)).pages[0].extract_text()
    assert f"Tudalen 1 o {pages}" in printed


def test_a_table_longer_than_a_page_repeats_its_header_row(rows: list[RegisterRow]) -> None:
    many = report_of([dataclasses.replace(r, team=f"Team {i % 70:02d}")
                      for i, r in enumerate(rows)])
    tagged = Tagged(render_pdf(many))
    parts = [t for t in tagged.of("/Table")
             if any(tagged.text(th).startswith("Team ") for th in tagged.of("/TH")
                    if th in list(elements(t)))]
    assert len({tagged.page_of(t) for t in parts}) >= 2, "the team table fits one page"
    for part in parts:  # each page's part of the table starts with the column headers
        (head,) = tagged.child(part, "/THead")
        assert [tagged.text(th) for th in elements(head) if th.S == "/TH"][0] == "Team"
    teams = {tagged.text(th) for part in parts for th in elements(part) if th.S == "/TH"}
    assert {f"Team {i:02d}" for i in range(70)} <= teams


def test_weasyprint_reports_no_problem_with_the_report(
        report: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    # It logs, rather than raises, a missing language, a picture without an
    # alternative, or CSS it cannot apply: each would be a defect in the PDF.
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_pdf(report)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
