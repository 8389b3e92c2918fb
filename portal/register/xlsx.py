"""The annual report as a spreadsheet: one sheet per table (openpyxl).

Team and category names are the council's own text and could start with
``=``; openpyxl would store such a string as a formula that Excel runs when
the file is opened (formula injection). Every text cell is therefore written
with ``data_type = "s"``: always a string, never a formula.

Text is stored exactly, as ``portal.security.sanitise.exact_text`` keeps it,
so it may hold characters XML 1.0 cannot carry (most C0 controls, U+FFFE,
U+FFFF; openpyxl refuses them) or a carriage return, which an XML parser
reads back as a line feed. ECMA-376 Part 1 (22.4.2.4 bstr, 22.9.2.19 ST_Xstring)
writes such a character as ``_xHHHH_`` and a literal ``_`` that would start such a
sequence as ``_x005F_``; Excel decodes both, so the cell shows what was stored.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from portal.register.report import Report
from portal.register.tables import Cell, all_tables, build_sections, report_title

if TYPE_CHECKING:
    from openpyxl.cell import Cell as SheetCell
    from openpyxl.worksheet.worksheet import Worksheet

_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
_SHEET_NAME_MAX = 31  # Excel's limit
#: Characters a cell cannot carry as themselves: what XML 1.0 forbids, and the carriage
#: return, which an XML parser reads back as a line feed.
_UNWRITABLE = "[\x00-\x08\x0b-\x0c\r\x0e-\x1f\ufffe\uffff]"
#: ...and a "_" that a reader would take for the start of an escape: one before xHHHH and
#: an "_", or before xHHHH and a character whose own escape will begin with "_".
_NOT_AS_ITSELF = re.compile(f"{_UNWRITABLE}|_(?=x[0-9A-Fa-f]{{4}}(?:_|{_UNWRITABLE}))")


def cell_text(text: str) -> str:
    """``text`` as an ECMA-376 string: what XML cannot hold is written ``_xHHHH_``."""
    return _NOT_AS_ITSELF.sub(lambda found: f"_x{ord(found.group()):04X}_", text)


def put(sheet: Worksheet, row: int, column: int, value: Cell) -> SheetCell:
    """Write one cell; text is always text, whatever it starts with."""
    cell = sheet.cell(row=row, column=column)
    cell.value = cell_text(value) if isinstance(value, str) else value
    if isinstance(value, str):
        # Assigning "=..." makes openpyxl set data_type "f"; force plain text.
        cell.data_type = "s"
    return cell


def sheet_name(index: int, caption: str) -> str:
    """A unique, legal sheet name: a number, then as much of the caption as fits."""
    clean = _SHEET_NAME_FORBIDDEN.sub(" ", caption).strip()
    return f"{index:02d} {clean}"[:_SHEET_NAME_MAX].rstrip()


def render_xlsx(report: Report, previous: Report | None = None) -> bytes:
    # openpyxl (and numpy, which it loads) only when a spreadsheet is asked for: a web
    # worker's start-up and memory stay small (README, "Speed").
    from openpyxl import Workbook
    from openpyxl.styles import Font

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
