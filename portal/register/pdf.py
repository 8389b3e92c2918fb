"""The annual report as a PDF a council can publish (reportlab).

What reportlab can and cannot do for accessibility, honestly:

- It can set the document title (shown in the window title bar, because
  ``displayDocTitle`` is on), the natural language (``/Lang`` in the
  catalogue), author, subject, keywords and creator; write real, selectable
  text in reading order (no text as pictures); repeat each table's header row
  on every page; and add an outline (bookmarks) of every section.
- It cannot produce a *tagged* PDF: the open-source reportlab writes no
  structure tree (``/StructTreeRoot``, ``/MarkInfo``), so headings, tables and
  their header cells are not marked up for a screen reader, and the file is
  not PDF/UA. A screen reader reads the text in order, but cannot navigate it
  by heading or announce table headers.

So the HTML rendering (captions, ``th scope``, charts with text
alternatives) is the accessible version to publish; this PDF is the
print-ready copy of the same tables.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from flask_babel import gettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from portal.register.render import document_language
from portal.register.report import Report
from portal.register.tables import build_sections, format_cell, report_title

# DejaVu covers Welsh (ŵ, ŷ), Polish and Urdu letters, which the PDF base
# fonts (Latin-1 only) would drop. Debian's fonts-dejavu-core puts it here.
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)


@functools.cache
def _fonts() -> tuple[str, str]:
    for folder in _FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


class _ReportDocument(SimpleDocTemplate):
    """Adds an outline entry for every heading, so readers can jump to a section."""

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 - reportlab's hook name
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        key = f"h{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=False)


def _heading(text: str, style: ParagraphStyle, level: int) -> Paragraph:
    paragraph = Paragraph(escape(text), style)
    paragraph.outline_level = level  # type: ignore[attr-defined]
    return paragraph


def render_pdf(report: Report, previous: Report | None = None, *,
               lang: str | None = None) -> bytes:
    regular, bold = _fonts()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=regular, fontSize=10)
    h1 = ParagraphStyle("h1", parent=styles["Heading1"], fontName=bold)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontName=bold)
    caption = ParagraphStyle("caption", parent=body, fontName=bold, spaceBefore=6)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11)

    title = report_title(report)
    buffer = io.BytesIO()
    document = _ReportDocument(
        buffer,
        pagesize=A4,
        title=title,
        author=gettext("The council's complaints team"),
        subject=gettext("Statutory annual report on the children's social care complaints "
                        "procedure"),
        keywords=[gettext("complaints"), gettext("annual report")],
        creator="portal",
        # A BCP 47 tag, e.g. en-GB or cy-GB: the words' language, in the UK.
        lang=lang or f"{document_language()}-GB",
        displayDocTitle=True,
        leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm, bottomMargin=18 * mm,
    )
    story: list[Any] = [
        _heading(title, h1, 0),
        Paragraph(escape(gettext("This report counts representations. It identifies no one.")),
                  body),
    ]
    for section in build_sections(report, previous):
        story.append(_heading(section.heading, h2, 1))
        for table in section.tables:
            story.append(_table(table, caption, cell, body, bold))
    story.append(Spacer(1, 6 * mm))
    document.build(story)
    return buffer.getvalue()


def _table(table: Any, caption: ParagraphStyle, cell: ParagraphStyle, body: ParagraphStyle,
           bold: str) -> Any:
    heading = Paragraph(escape(table.caption), caption)
    if not table.rows:
        return KeepTogether([heading, Paragraph(escape(gettext("None in this period.")), body)])
    header_style = ParagraphStyle("header", parent=cell, fontName=bold)
    header = [Paragraph(escape(text), header_style) for text in (table.row_heading, *table.columns)]
    rows = [
        [Paragraph(escape(label), cell), *(format_cell(value) for value in cells)]
        for label, cells in table.rows
    ]
    width = 174 * mm
    first = width * (0.45 if len(table.columns) < 4 else 0.22)
    rest = (width - first) / max(len(table.columns), 1)
    grid = Table([header, *rows], colWidths=[first] + [rest] * len(table.columns), repeatRows=1)
    grid.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), cell.fontName),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("FONTNAME", (0, 0), (-1, 0), bold),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#b1b4b6")),
    ]))
    return KeepTogether([heading, grid])
