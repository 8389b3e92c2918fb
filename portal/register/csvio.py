"""The register's CSV form: read and write, per spec/REGISTER.md.

UTF-8 (a spreadsheet's byte-order mark is accepted), a header row, one row per
representation, RFC 4180 quoting as Python's ``csv`` module reads and writes
it. Dates are ``YYYY-MM-DD``, booleans ``yes``/``no``, an empty cell means
unknown or not applicable (``None`` here; an empty ``categories`` is ``()``).

A row is read into its canonical form, the form the register's database holds,
so that importing, exporting and importing again gives back exactly the same
rows (REGISTER.md "Export then import gives back the same register"):

- an empty ``method`` or ``submitter`` is the vocabulary's own ``unknown``;
- ``made_by_child``, ``advocate`` and ``adr`` are yes or no: the register
  records whether they happened, so an empty cell reads as ``no`` (the report
  counts only ``yes``, so no figure changes);
- ``stageN_extended`` is empty exactly when stage N never started, and
  otherwise yes or no (empty reads as ``no``);
- ``categories`` are sorted and each named once, as the database keeps them.

Import is all or nothing, so reading never stops at the first problem: every
bad row, column and value is collected and raised together in one
:class:`RegisterFileError`, which names them all for the officer to fix.

The file is data interchange, not a spreadsheet: values are written exactly
as held (no ``'`` prefix against formula injection), because a prefix would
break export-then-import. The spreadsheet export (XLSX) is the one made safe
to open in Excel.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from portal.common import dates
from portal.register.row import COLUMNS, RegisterRow
from portal.vocab.register import (
    LAST_STAGE,
    DelayReason,
    Kind,
    Method,
    NotAcceptedReason,
    OmbudsmanDecision,
    Outcome,
    Procedure,
    Submitter,
)

CATEGORY_SEPARATOR = ";"
REFERENCE_LIMIT = 40
NAME_LIMIT = 200  # team and category names


@dataclass(frozen=True)
class RowProblem:
    """One bad value: the spreadsheet row (the header is row 1), its column and value."""

    row: int
    column: str
    value: str
    message: Any  # a lazy translatable string

    def __str__(self) -> str:
        if not self.column:
            return str(_l("row %(row)d: %(message)s", row=self.row, message=self.message))
        return str(
            _l(
                "row %(row)d, column %(column)s, value \u201c%(value)s\u201d: %(message)s",
                row=self.row,
                column=self.column,
                value=self.value,
                message=self.message,
            )
        )


class RegisterFileError(ValueError):
    """A register file that cannot be imported, with every problem found in it."""

    def __init__(self, problems: Iterable[RowProblem]) -> None:
        self.problems: tuple[RowProblem, ...] = tuple(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        heading = lazy_ngettext(
            "The register file was not imported: %(num)d problem.",
            "The register file was not imported: %(num)d problems.",
            len(self.problems),
        )
        return "\n".join([str(heading), *(str(p) for p in self.problems)])

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems})


class _BadValue(Exception):
    def __init__(self, message: Any) -> None:
        self.message = message


# --- cell parsers: text -> value, raising _BadValue -------------------------------------

# Strict ISO calendar dates only: date.fromisoformat also takes 20181210 and
# 2018-W50-1, which a register must not silently read.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_AMOUNT = re.compile(r"[0-9]{1,8}(?:\.[0-9]{1,2})?")  # the database holds 10 digits, 2 after
_PENNY = Decimal("0.01")
_CALENDAR_FIRST = date(dates.FIRST_YEAR, 1, 1)
_CALENDAR_LAST = date(dates.LAST_YEAR, 12, 31)


def _too_long(text: str, limit: int) -> None:
    # The database's column sizes: a longer value could not be stored.
    if len(text) > limit:
        raise _BadValue(_l("longer than %(limit)d characters", limit=limit))


def _text(limit: int, *, required: bool = False) -> Callable[[str], str | None]:
    def parse(text: str) -> str | None:
        if not text:
            if required:
                raise _BadValue(_l("must not be empty"))
            return None
        _too_long(text, limit)
        return text

    return parse


def _categories(text: str) -> tuple[str, ...]:
    parts = {part.strip() for part in text.split(CATEGORY_SEPARATOR)} - {""}
    for part in parts:
        _too_long(part, NAME_LIMIT)
    return tuple(sorted(parts))


def _date(text: str) -> date:
    if not _DATE.fullmatch(text):
        raise _BadValue(_l("not a date in the form YYYY-MM-DD"))
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise _BadValue(_l("not a date in the form YYYY-MM-DD")) from None
    # Durations are counted in working days; outside the holiday calendar's
    # years the count would be a guess, so refuse here rather than at report time.
    if not _CALENDAR_FIRST <= value <= _CALENDAR_LAST:
        raise _BadValue(
            _l(
                "outside the years the working-day calendar covers (%(first)d to %(last)d)",
                first=dates.FIRST_YEAR,
                last=dates.LAST_YEAR,
            )
        )
    return value


def _optional_date(text: str) -> date | None:
    return _date(text) if text else None


def _required_date(text: str) -> date:
    if not text:
        raise _BadValue(_l("must not be empty"))
    return _date(text)


def _optional_bool(text: str) -> bool | None:
    if not text:
        return None
    if text == "yes":
        return True
    if text == "no":
        return False
    raise _BadValue(_l("must be yes or no"))


def _amount(text: str) -> Decimal | None:
    if not text:
        return None
    if not _AMOUNT.fullmatch(text):
        raise _BadValue(_l("not an amount in pounds such as 52.50"))
    return Decimal(text).quantize(_PENNY)


def _choice(enum_type: type[StrEnum], *, required: bool = False) -> Callable[[str], Any]:
    allowed = ", ".join(member.value for member in enum_type)

    def parse(text: str) -> StrEnum | None:
        if not text:
            if required:
                raise _BadValue(_l("must not be empty"))
            return None
        try:
            return enum_type(text)
        except ValueError:
            raise _BadValue(_l("must be one of: %(values)s", values=allowed)) from None

    return parse


_PARSERS: dict[str, Callable[[str], Any]] = {
    "reference": _text(REFERENCE_LIMIT, required=True),
    "kind": _choice(Kind, required=True),
    "procedure": _choice(Procedure),
    "not_accepted_reason": _choice(NotAcceptedReason),
    "received_on": _required_date,
    "method": _choice(Method),
    "team": _text(NAME_LIMIT),
    "categories": _categories,
    "submitter": _choice(Submitter),
    "made_by_child": _optional_bool,
    "advocate": _optional_bool,
    "outcome": _choice(Outcome),
    "delay_reason": _choice(DelayReason),
    "adr": _optional_bool,
    "ombudsman_decision": _choice(OmbudsmanDecision),
    "compensation_gbp": _amount,
    "gender": _text(60),
    "age_band": _text(60),
    "ethnicity": _text(120),
    "disability": _text(60),
}
for _column in COLUMNS:
    if _column.endswith("_on") and _column not in _PARSERS:
        _PARSERS[_column] = _optional_date
    elif _column.endswith("_extended"):
        _PARSERS[_column] = _optional_bool
assert set(_PARSERS) == set(COLUMNS), "every column needs a parser"

# --- rules between cells of one row -----------------------------------------------------

# (later, earlier): a date that cannot come before another on the same row.
_NOT_BEFORE: tuple[tuple[str, str], ...] = (
    ("acknowledged_on", "received_on"),
    ("stage1_started_on", "received_on"),
    ("stage1_closed_on", "stage1_started_on"),
    ("stage2_closed_on", "stage2_started_on"),
    ("stage3_panel_on", "stage3_started_on"),
    ("stage3_closed_on", "stage3_started_on"),
    ("stage3_closed_on", "stage3_panel_on"),
    ("ombudsman_referred_on", "received_on"),
)

# (column, needs): a value that means nothing without another.
_NEEDS: tuple[tuple[str, str], ...] = (
    ("stage1_extended", "stage1_started_on"),
    ("stage2_extended", "stage2_started_on"),
    ("stage1_closed_on", "stage1_started_on"),
    ("stage2_closed_on", "stage2_started_on"),
    ("stage3_panel_on", "stage3_started_on"),
    ("stage3_closed_on", "stage3_started_on"),
    ("ombudsman_decision", "ombudsman_referred_on"),
)

_STAGE_COLUMNS: dict[int, tuple[str, ...]] = {
    1: ("stage1_started_on", "stage1_closed_on", "stage1_extended"),
    2: ("stage2_started_on", "stage2_closed_on", "stage2_extended"),
    3: ("stage3_started_on", "stage3_panel_on", "stage3_closed_on"),
}


def _stages_it_cannot_have(values: dict[str, Any]) -> list[tuple[str, Any]]:
    """A stage the procedure does not have cannot be timed against any timescale."""
    kind, procedure = values["kind"], values["procedure"]
    last_stage = 1 if kind is Kind.ENQUIRY else LAST_STAGE.get(procedure)  # type: ignore[arg-type]
    if last_stage is None:
        # Compliments, comments and complaints outside a procedure are never timed.
        return []
    return [
        (column, _l("this procedure has no stage %(stage)d", stage=stage))
        for stage in range(last_stage + 1, 4)
        for column in _STAGE_COLUMNS[stage]
        if values[column] is not None
    ]


def _row_rules(values: dict[str, Any]) -> list[tuple[str, Any]]:
    """Problems between cells of one well-formed row, as (column, message)."""
    found: list[tuple[str, Any]] = []
    kind, procedure = values["kind"], values["procedure"]
    if kind is Kind.COMPLAINT and procedure is None:
        found.append(("procedure", _l("a complaint needs its procedure")))
    if kind is not Kind.COMPLAINT and procedure is not None:
        found.append(("procedure", _l("only a complaint has a procedure")))
    if values["not_accepted_reason"] is not None and procedure is not Procedure.NOT_ACCEPTED:
        found.append(
            ("not_accepted_reason", _l("only a complaint that was not accepted has this reason"))
        )
    found.extend(_stages_it_cannot_have(values))
    for column, needs in _NEEDS:
        # "no" for a stage that never started is only an empty cell filled in.
        if values[column] not in (None, False) and values[needs] is None:
            found.append((column, _l("needs %(column)s", column=needs)))
    for later, earlier in _NOT_BEFORE:
        if values[later] is not None and values[earlier] is not None:
            if values[later] < values[earlier]:
                found.append((later, _l("is before %(column)s", column=earlier)))
    return found


# --- reading and writing ----------------------------------------------------------------


def _text_of(source: str | bytes | Path | IO[str] | IO[bytes]) -> str:
    if isinstance(source, Path):
        source = source.read_bytes()
    elif not isinstance(source, str | bytes):
        source = source.read()
    if isinstance(source, bytes):
        try:
            # utf-8-sig: Excel's "CSV UTF-8" starts with a byte-order mark.
            return source.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise RegisterFileError(
                [RowProblem(1, "", "", _l("the file is not UTF-8 text (byte %(at)d)",
                                          at=error.start))]
            ) from None
    return source.removeprefix("\ufeff")


def _header_problems(header: list[str]) -> list[RowProblem]:
    problems = []
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    repeated = sorted({c for c in header if header.count(c) > 1})
    if missing:
        problems.append(RowProblem(1, "", "", _l("the header is missing the columns: %(columns)s",
                                                  columns=", ".join(missing))))
    if unknown:
        problems.append(RowProblem(1, "", "", _l("the header has unknown columns: %(columns)s",
                                                  columns=", ".join(unknown))))
    if repeated:
        problems.append(RowProblem(1, "", "", _l("the header repeats the columns: %(columns)s",
                                                  columns=", ".join(repeated))))
    return problems


def read_register(source: str | bytes | Path | IO[str] | IO[bytes]) -> list[RegisterRow]:
    """Every row of a register file, or :class:`RegisterFileError` naming every problem.

    ``source`` is the CSV text itself (``str`` or ``bytes``), a ``Path``, or an
    open file. Columns may come in any order; all of them must be there.
    """
    text = _text_of(source)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[RowProblem] = []
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise RegisterFileError([RowProblem(1, "", "", _l("the file has no header row"))]) from None
    except csv.Error as error:
        raise RegisterFileError([RowProblem(1, "", "", str(error))]) from None
    problems.extend(_header_problems(header))
    if problems:
        raise RegisterFileError(problems)

    rows: list[RegisterRow] = []
    first_row_of: dict[str, int] = {}
    row_number = 1
    while True:
        row_number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            # The csv module cannot resynchronise after a broken quote; the rest is unreadable.
            problems.append(RowProblem(row_number, "", "", str(error)))
            break
        if not cells:  # a blank line, often the last one
            continue
        if len(cells) != len(header):
            problems.append(RowProblem(
                row_number, "", "",
                _l("has %(found)d cells where the header has %(expected)d",
                   found=len(cells), expected=len(header)),
            ))
            continue
        row, row_problems = _parse_row(row_number, dict(zip(header, cells, strict=True)))
        problems.extend(row_problems)
        if row is None:
            continue
        if row.reference in first_row_of:
            problems.append(RowProblem(
                row_number, "reference", row.reference,
                _l("the same reference is already in row %(row)d", row=first_row_of[row.reference]),
            ))
        else:
            first_row_of[row.reference] = row_number
        rows.append(row)
    if problems:
        raise RegisterFileError(problems)
    return rows


def _parse_row(number: int, raw: dict[str, str]) -> tuple[RegisterRow | None, list[RowProblem]]:
    values: dict[str, Any] = {}
    problems: list[RowProblem] = []
    for column in COLUMNS:
        text = raw[column].strip()
        try:
            values[column] = _PARSERS[column](text)
        except _BadValue as bad:
            problems.append(RowProblem(number, column, text, bad.message))
    if problems:
        return None, problems
    for column, message in _row_rules(values):
        problems.append(RowProblem(number, column, _cell(values[column]), message))
    if problems:
        return None, problems
    return RegisterRow(**_canonical(values)), []


def _canonical(values: dict[str, Any]) -> dict[str, Any]:
    """The row as the register holds it (see the module docstring)."""
    values["method"] = values["method"] or Method.UNKNOWN
    values["submitter"] = values["submitter"] or Submitter.UNKNOWN
    for column in ("made_by_child", "advocate", "adr"):
        values[column] = bool(values[column])
    for stage in (1, 2):
        started = values[f"stage{stage}_started_on"]
        extended = values[f"stage{stage}_extended"]
        values[f"stage{stage}_extended"] = None if started is None else bool(extended)
    return values


def _categories_cell(value: tuple[str, ...]) -> str:
    if any(CATEGORY_SEPARATOR in part for part in value):
        # It would come back as two categories: export-then-import must be exact.
        raise ValueError(f"a category cannot contain {CATEGORY_SEPARATOR!r}: {value!r}")
    return CATEGORY_SEPARATOR.join(value)


def _format_for(value: Any) -> Callable[[Any], str]:
    if isinstance(value, bool):
        return lambda v: "yes" if v else "no"
    if isinstance(value, StrEnum):
        return lambda v: v.value  # type: ignore[no-any-return]
    if isinstance(value, date):
        return lambda v: v.isoformat()  # type: ignore[no-any-return]
    if isinstance(value, Decimal):
        return lambda v: f"{v.quantize(_PENNY)}"
    if isinstance(value, tuple):
        return _categories_cell
    return str


# Formatter by exact type, filled on first sight: an export writes millions of
# cells, and one dictionary lookup beats a chain of isinstance checks.
_FORMATS: dict[type, Callable[[Any], str]] = {str: str}


def _cell(value: Any) -> str:
    """One value as the CSV writes it."""
    if value is None:
        return ""
    format_ = _FORMATS.get(type(value))
    if format_ is None:
        format_ = _FORMATS[type(value)] = _format_for(value)
    return format_(value)


def row_cells(row: RegisterRow) -> list[str]:
    """The row's cells in column order, as the CSV holds them."""
    return [_cell(getattr(row, column)) for column in COLUMNS]


def write_register(rows: Iterable[RegisterRow], file: IO[str]) -> int:
    """Write the header and every row to an open text file; returns how many rows.

    Open the file with ``newline=""``: the csv module writes RFC 4180's CRLF itself.
    """
    writer = csv.writer(file, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(row_cells(row))
        count += 1
    return count


def register_text(rows: Iterable[RegisterRow]) -> str:
    """The whole register file as text."""
    buffer = io.StringIO(newline="")
    write_register(rows, buffer)
    return buffer.getvalue()
