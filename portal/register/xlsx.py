"""The annual report as a spreadsheet: one sheet per table (openpyxl).

Team and category names are the council's own text and could start with
``=``; openpyxl would store such a string as a formula that Excel runs when
the file is opened (formula injection). Every text cell is therefore written
with ``data_type = "s"``: always a string, never a formula.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.cell import Cell as SheetCell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from portal.register.report import Report
from portal.register.tables import Cell, all_tables, build_sections, report_title

_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
_SHEET_NAME_MAX = 31  # Excel's limit


def put(sheet: Worksheet, row: int, column: int, value: Cell) -> SheetCell:
    """Write one cell; text is always text, whatever it starts with."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        # Assigning "=..." makes openpyxl set data_type "f"; force plain text.
        cell.data_type = "s"
    return cell


def sheet_name(index: int, caption: str) -> str:
    """A unique, legal sheet name: a number, then as much of the caption as fits."""
    clean = _SHEET_NAME_FORBIDDEN.sub(" ", caption).strip()
    return f"{index:02d} {clean}"[:_SHEET_NAME_MAX].rstrip()


def render_xlsx(report: Report, previous: Report | None = None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    title = report_title(report)
    workbook.properties.title = title
    workbook.properties.creator = "portal"
    bold = Font(bold=True)
    for index, table in enumerate(all_tables(build_sections(report, previous)), start=1):
        sheet = workbook.create_sheet(sheet_name(index, table.caption))
        put(sheet, 1, 1, table.caption).font = bold
        put(sheet, 2, 1, title)
        for column, heading in enumerate((table.row_heading, *table.columns), start=1):
            put(sheet, 4, column, heading).font = bold
        for row, (label, cells) in enumerate(table.rows, start=5):
            put(sheet, row, 1, label)
            for column, value in enumerate(cells, start=2):
                put(sheet, row, column, value)
        sheet.column_dimensions["A"].width = max(
            [len(table.row_heading), *(len(label) for label, _ in table.rows), 12]
        ) + 2
        sheet.freeze_panes = "B5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
