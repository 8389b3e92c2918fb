"""The register CSV contract (spec/REGISTER.md): every bad value named, exact round trip."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.register.csvio import (
    COLUMNS,
    RegisterFileError,
    RegisterRow,
    read_register,
    register_text,
    row_cells,
    write_register,
)
from portal.register.shared import example
from portal.vocab.register import Kind, Method, Outcome, Procedure, Submitter

HEADER = ",".join(COLUMNS)

# A well-formed children's complaint, closed at stage 1, as the CSV holds it.
GOOD = {
    "reference": "REF-1",
    "kind": "complaint",
    "procedure": "children_statutory",
    "received_on": "2018-12-10",
    "method": "email",
    "team": "Head of Assessment",
    "categories": "Poor Communication",
    "submitter": "parent",
    "made_by_child": "no",
    "advocate": "no",
    "acknowledged_on": "2018-12-13",
    "stage1_started_on": "2018-12-10",
    "stage1_closed_on": "2018-12-14",
    "stage1_extended": "no",
    "outcome": "upheld",
    "adr": "no",
}


def csv_line(**cells: str) -> str:
    values = {**GOOD, **cells}
    row = []
    for column in COLUMNS:
        value = values.get(column, "")
        quoted = any(c in value for c in ',"\n')
        row.append('"' + value.replace('"', '""') + '"' if quoted else value)
    return ",".join(row)


def csv_file(*lines: str) -> str:
    return "\r\n".join([HEADER, *lines]) + "\r\n"


def problems_of(text: str | bytes) -> list[tuple[int, str, str]]:
    with pytest.raises(RegisterFileError) as caught:
        read_register(text)
    return [(p.row, p.column, p.value) for p in caught.value.problems]


def test_barking_example_reads_every_row() -> None:
    rows = read_register(example("register-barking-2018-19.csv"))
    assert len(rows) == 146
    assert kinds_of(rows) == {"complaint": 81, "enquiry": 58, "compliment": 7}


def kinds_of(rows: list[RegisterRow]) -> dict[str, int]:
    found: dict[str, int] = {}
    for row in rows:
        found[row.kind.value] = found.get(row.kind.value, 0) + 1
    return found


# Cells an empty value is read as something else in (the register's canonical form).
CANONICAL = {
    "method": "unknown",
    "submitter": "unknown",
    "made_by_child": "no",
    "advocate": "no",
    "adr": "no",
    "stage1_extended": "no",
    "stage2_extended": "no",
}


def test_barking_example_round_trips() -> None:
    path = example("register-barking-2018-19.csv")
    rows = read_register(path)
    written = register_text(rows)
    assert read_register(written) == rows
    assert register_text(read_register(written)) == written  # a fixed point
    # Against the original text, only empty cells filled by the canonical form differ.
    original = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    again = list(csv.reader(io.StringIO(written)))
    changed = {
        (column, before, after)
        for old, new in zip(original, again, strict=True)
        for column, before, after in zip(COLUMNS, old, new, strict=True)
        if before != after
    }
    assert changed == {
        ("submitter", "", "unknown"),  # compliments
        ("made_by_child", "", "no"),  # compliments and enquiries
        ("advocate", "", "no"),
        ("adr", "", "no"),
        ("stage1_extended", "", "no"),  # enquiries answered at stage 1
    }


@pytest.mark.parametrize(
    ("cells", "column", "expected"),
    [
        ({"method": ""}, "method", Method.UNKNOWN),  # empty means unknown
        ({"submitter": ""}, "submitter", Submitter.UNKNOWN),
        ({"made_by_child": ""}, "made_by_child", False),  # the register records yes or no
        ({"advocate": ""}, "advocate", False),
        ({"adr": ""}, "adr", False),
        ({"stage1_extended": ""}, "stage1_extended", False),  # stage 1 started: yes or no
        ({"stage2_extended": "no"}, "stage2_extended", None),  # stage 2 never started
        ({"categories": "b;A;b"}, "categories", ("A", "b")),  # sorted, each once
    ],
)
def test_rows_are_read_in_canonical_form(cells: dict[str, str], column: str,
                                         expected: object) -> None:
    (row,) = read_register(csv_file(csv_line(**cells)))
    assert getattr(row, column) == expected


def test_a_row_is_typed() -> None:
    (row,) = read_register(csv_file(csv_line(compensation_gbp="52.5", categories="A; B;")))
    assert row.kind is Kind.COMPLAINT
    assert row.procedure is Procedure.CHILDREN_STATUTORY
    assert row.method is Method.EMAIL
    assert row.outcome is Outcome.UPHELD
    assert row.received_on == date(2018, 12, 10)
    assert row.made_by_child is False
    assert row.delay_reason is None  # empty cell: unknown or not applicable
    assert row.categories == ("A", "B")  # blanks around and between ";" dropped
    assert row.compensation_gbp == Decimal("52.50")
    assert row_cells(row)[COLUMNS.index("compensation_gbp")] == "52.50"
    assert row.final_stage == 1


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("reference", ""),  # the key cannot be empty
        ("kind", ""),
        ("kind", "Complaint"),  # values are exact, lower case
        ("procedure", "statutory"),
        ("received_on", ""),  # every representation has a receipt date
        ("received_on", "10/12/2018"),  # UK spreadsheet style is not ISO
        ("received_on", "20181210"),  # ISO basic form, which date.fromisoformat accepts
        ("received_on", "2018-02-29"),  # not a leap year
        ("received_on", "1999-12-31"),  # before the working-day calendar
        ("acknowledged_on", "2018-12-1"),
        ("method", "fax"),
        ("submitter", "neighbour"),
        ("made_by_child", "y"),
        ("advocate", "true"),
        ("stage1_extended", "Yes"),
        ("outcome", "open"),  # open is the report's word for an empty outcome
        ("delay_reason", "busy"),
        ("ombudsman_decision", "fault"),
        ("compensation_gbp", "£52.50"),
        ("compensation_gbp", "-5"),
        ("compensation_gbp", "52.505"),  # pennies only
        ("compensation_gbp", "1,000"),
        ("compensation_gbp", "100000000"),  # more than the database's 10 digits hold
        ("reference", "R" * 41),  # longer than the database holds
        ("team", "T" * 201),
        ("categories", "ok;" + "C" * 201),
        ("ethnicity", "E" * 121),
        ("stage2_extended", "yes"),  # extended, yet stage 2 never started
    ],
)
def test_a_bad_value_is_named_with_its_row_and_column(column: str, value: str) -> None:
    text = csv_file(csv_line(reference="OK-1"), csv_line(**{"reference": "BAD-1", column: value}))
    assert problems_of(text) == [(3, column, value)]


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"procedure": ""}, "procedure"),  # a complaint needs its procedure
        ({"kind": "compliment"}, "procedure"),  # only complaints have one
        ({"not_accepted_reason": "school"}, "not_accepted_reason"),  # only with not_accepted
        ({"acknowledged_on": "2018-12-07"}, "acknowledged_on"),  # before receipt
        ({"stage1_started_on": "2018-12-07"}, "stage1_started_on"),  # before receipt
        ({"stage1_closed_on": "2018-12-09"}, "stage1_closed_on"),  # closed before started
        # Closed, never started.
        ({"stage1_started_on": "", "acknowledged_on": ""}, "stage1_closed_on"),
        ({"stage2_closed_on": "2019-01-10"}, "stage2_closed_on"),  # stage 2 closed, never started
        ({"stage3_panel_on": "2019-01-10"}, "stage3_panel_on"),  # a panel without a request
        ({"ombudsman_decision": "pending"}, "ombudsman_decision"),  # decided, never referred
        # A stage the procedure does not have: the corporate code has two, adults one.
        ({"procedure": "corporate", "stage3_started_on": "2019-01-10"}, "stage3_started_on"),
        ({"procedure": "adult_statutory", "stage2_started_on": "2019-01-10"}, "stage2_started_on"),
    ],
)
def test_cells_that_contradict_each_other_are_named(cells: dict[str, str], column: str) -> None:
    found = problems_of(csv_file(csv_line(**cells)))
    assert [(row, col) for row, col, _ in found] == [(2, column)]


def test_every_bad_row_column_and_value_is_named_not_only_the_first() -> None:
    text = csv_file(
        csv_line(reference="A"),
        csv_line(reference="B", method="fax", outcome="won"),  # two bad cells on one row
        csv_line(reference="C"),
        csv_line(reference="D", received_on="2019-13-01"),
        csv_line(reference="A"),  # a duplicate reference
        "E,complaint",  # too few cells
    )
    with pytest.raises(RegisterFileError) as caught:
        read_register(text)
    error = caught.value
    assert [(p.row, p.column, p.value) for p in error.problems] == [
        (3, "method", "fax"),
        (3, "outcome", "won"),
        (5, "received_on", "2019-13-01"),
        (6, "reference", "A"),
        (7, "", ""),
    ]
    assert error.bad_rows == [3, 5, 6, 7]
    message = str(error)
    assert message.startswith("The register file was not imported: 5 problems.")
    assert (
        "row 6, column reference, value \u201cA\u201d: the same reference is already in row 2"
    ) in message
    assert "row 7: has 2 cells where the header has 31" in message


def test_duplicate_reference_is_an_error_even_when_rows_are_identical() -> None:
    assert problems_of(csv_file(csv_line(), csv_line())) == [(3, "reference", "REF-1")]


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        (HEADER.replace(",advocate,", ","), "missing the columns: advocate"),
        (HEADER + ",notes", "unknown columns: notes"),
        (HEADER + ",team", "repeats the columns: team"),
    ],
)
def test_a_bad_header_is_named(header: str, fragment: str) -> None:
    with pytest.raises(RegisterFileError) as caught:
        read_register(header + "\r\n")
    assert fragment in str(caught.value)


def test_columns_may_come_in_any_order() -> None:
    columns = list(reversed(COLUMNS))
    values = {**GOOD}
    text = ",".join(columns) + "\r\n" + ",".join(values.get(c, "") for c in columns) + "\r\n"
    assert read_register(text) == read_register(csv_file(csv_line()))


def test_an_empty_file_has_no_header() -> None:
    assert problems_of("") == [(1, "", "")]


def test_excel_byte_order_mark_and_bytes_are_read() -> None:
    text = csv_file(csv_line())
    assert read_register(("\ufeff" + text).encode("utf-8")) == read_register(text)
    assert read_register(io.BytesIO(text.encode("utf-8"))) == read_register(text)


def test_a_file_that_is_not_utf8_is_refused() -> None:
    latin1 = csv_file(csv_line(team="Équipe")).encode("latin-1")
    with pytest.raises(RegisterFileError, match="not UTF-8"):
        read_register(latin1)


def test_a_blank_last_line_is_not_a_row() -> None:
    assert len(read_register(csv_file(csv_line()) + "\r\n")) == 1


def test_quoting_round_trips_commas_quotes_and_newlines() -> None:
    team = 'Looked After Children, "LAC"\nNorth'
    (row,) = read_register(csv_file(csv_line(team=team)))
    assert row.team == team
    assert read_register(register_text([row])) == [row]


def test_a_category_holding_the_separator_cannot_be_written() -> None:
    (row,) = read_register(csv_file(csv_line()))
    with pytest.raises(ValueError, match="category"):
        write_register([dataclasses.replace(row, categories=("a;b",))], io.StringIO())


def test_a_formula_like_value_is_kept_exactly_in_the_csv() -> None:
    # The CSV is interchange: a prefix against formula injection would break the
    # round trip. The XLSX export is the one made safe for spreadsheets.
    (row,) = read_register(csv_file(csv_line(team="=HYPERLINK(1)")))
    assert row.team == "=HYPERLINK(1)"
    assert read_register(register_text([row])) == [row]


# --- property: any register written is read back the same ---------------------------------

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=";"),
    max_size=12,
).map(str.strip).map(lambda s: s or None)
_day = st.dates(min_value=date(2009, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def register_rows(draw: st.DrawFn) -> RegisterRow:
    received = draw(_day)
    started = draw(st.none() | st.just(received))
    closed = None if started is None else draw(st.none() | st.just(started))
    return RegisterRow(
        reference=draw(st.text(alphabet="ABC-0123456789", min_size=1, max_size=8)),
        kind=Kind.COMPLAINT,
        procedure=Procedure.CHILDREN_STATUTORY,
        not_accepted_reason=None,
        received_on=received,
        method=draw(st.sampled_from(Method)),
        team=draw(_text),
        categories=tuple(sorted({c for c in draw(st.lists(_text, max_size=3)) if c})),
        submitter=draw(st.sampled_from(Submitter)),
        made_by_child=draw(st.booleans()),
        advocate=draw(st.booleans()),
        acknowledged_on=None,
        stage1_started_on=started,
        stage1_closed_on=closed,
        stage1_extended=None if started is None else draw(st.booleans()),
        stage2_started_on=None,
        stage2_closed_on=None,
        stage2_extended=None,
        stage3_started_on=None,
        stage3_panel_on=None,
        stage3_closed_on=None,
        outcome=draw(st.none() | st.sampled_from(Outcome)),
        delay_reason=None,
        adr=draw(st.booleans()),
        ombudsman_referred_on=None,
        ombudsman_decision=None,
        compensation_gbp=draw(
            st.none() | st.decimals(min_value=0, max_value=10**6, places=2)
        ),
        gender=draw(_text),
        age_band=None,
        ethnicity=draw(_text),
        disability=None,
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(register_rows(), max_size=5, unique_by=lambda row: row.reference))
def test_any_register_written_reads_back_the_same(rows: list[RegisterRow]) -> None:
    assert read_register(register_text(rows)) == rows
