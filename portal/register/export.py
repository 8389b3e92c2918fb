"""The register export as a download that streams, whatever the size of the register.

A 100,000-row register made 17 MB in memory for 3.3 s before the first byte.
The CSV is now written a batch of rows at a time as the response is sent
(``queries.row_batches``), byte for byte the file ``csvio.register_text``
writes; the spreadsheet is written by openpyxl's write-only mode into a
temporary file, a row at a time, and sent from there.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from portal.cases.queries import visible_to
from portal.models.staff import User
from portal.register import queries
from portal.register.csvio import COLUMNS, row_cells
from portal.register.row import RegisterRow
from portal.register.xlsx import cell_text

if TYPE_CHECKING:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

#: Rows read from the database at a time.
EXPORT_BATCH = 2_000
#: A spreadsheet this size or smaller stays in memory; a larger one goes to disk.
SPOOL_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class RegisterExport:
    """What one export will hold: a council's entries, received between two dates, that
    the officer may see (need to know: an officer limited to their teams gets theirs)."""

    council_id: int
    received_from: date | None
    received_to: date | None
    team_limited: bool
    more: Sequence[Any] = field(default=())

    @classmethod
    def of(cls, council_id: int, viewer: User, *, received_from: date | None,
           received_to: date | None) -> RegisterExport:
        more = visible_to(viewer)
        return cls(council_id, received_from, received_to, bool(more), more)

    def count(self, session: Session) -> int:
        return queries.count_rows(session, council_id=self.council_id,
                                  received_from=self.received_from,
                                  received_to=self.received_to, more=self.more)

    def batches(self, session: Session) -> Iterator[list[RegisterRow]]:
        return queries.row_batches(session, council_id=self.council_id,
                                   received_from=self.received_from,
                                   received_to=self.received_to, more=self.more,
                                   size=EXPORT_BATCH)

    def csv_chunks(self, session: Callable[[], Session]) -> Iterator[bytes]:
        """The CSV file (REGISTER.md) in pieces, each read from ``session()`` only when the
        one before has been sent: pass the app's session registry, not a session, since a
        streamed body is read after the request's own session has gone."""
        yield _csv_text([COLUMNS]).encode("utf-8")
        for batch in self.batches(session()):
            yield _csv_text(row_cells(row) for row in batch).encode("utf-8")

    def xlsx_file(self, session: Session) -> IO[bytes]:
        """The spreadsheet in a temporary file, at its start; the caller closes it."""
        # openpyxl is large (it loads numpy): imported only when a spreadsheet is asked for.
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Register")
        sheet.append([_text_cell(sheet, name) for name in COLUMNS])
        for batch in self.batches(session):
            for row in batch:
                sheet.append([_cell(sheet, getattr(row, name)) for name in COLUMNS])
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
        workbook.save(spool)
        spool.seek(0)
        return spool


def _csv_text(rows: Iterable[Sequence[str]]) -> str:
    """Rows as ``csvio.write_register`` writes them (RFC 4180, CRLF)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _text_cell(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=cell_text(text))
    # A text beginning "=" would otherwise be stored as a formula Excel runs on opening.
    cell.data_type = "s"
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """One value as the spreadsheet has always shown it: yes/no, categories joined by
    ";", dates and whole numbers as themselves, anything else as text, never a formula."""
    if value is None or isinstance(value, int | date) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return _text_cell(sheet, "yes" if value else "no")
    if isinstance(value, tuple | list):
        return _text_cell(sheet, ";".join(str(v) for v in value))
    return _text_cell(sheet, str(value))
