"""The register in the database, on SQLite and PostgreSQL: import, export, report.

Every test runs once per database (the ``session`` fixture is parametrised).
"""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from portal.councils.services import load_council
from portal.models.cases import (
    CaseEvent,
    EqualityMonitoring,
    Representation,
    Stage,
    representation_categories,
)
from portal.models.councils import Council
from portal.register.cli import register_cli, report_cli
from portal.register.csvio import RegisterRow, read_register, register_text
from portal.register.queries import register_rows
from portal.register.services import (
    EVENT_IMPORTED,
    EVENT_UPDATED,
    ReferenceTaken,
    import_register,
    status_of,
)
from portal.register.shared import example
from portal.vocab.register import Outcome
from tests.support.rows import count

BARKING = example("register-barking-2018-19.csv")
BARKING_REPORT = example("report-barking-2018-19.json")


def run(app: Flask, group: object, *args: str) -> Result:
    return app.test_cli_runner().invoke(group, list(args))  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _remove_committed_rows(engine: Engine) -> Iterator[None]:
    """Remove what a test's commands committed, after conftest's rollback.

    Set up before ``session`` so it is torn down after it. On PostgreSQL the
    rollback already undid everything and this deletes nothing; on SQLite,
    pysqlite emits no BEGIN for the outer transaction, so the CLI's commit
    (a RELEASE SAVEPOINT) really commits, and the rows would leak into the
    next test.
    """
    yield
    with engine.begin() as connection:
        for table in (CaseEvent.__table__, EqualityMonitoring.__table__,
                      representation_categories, Stage.__table__, Representation.__table__):
            connection.execute(table.delete())


@pytest.fixture
def barking() -> list[RegisterRow]:
    return read_register(BARKING)


def test_import_barking_then_the_report_is_exactly_the_published_json(
    app: Flask, session: Session, council: Council
) -> None:
    result = run(app, register_cli, "import", str(BARKING))
    assert result.exit_code == 0, result.output
    assert "146 new, 0 changed, 0 unchanged." in result.output
    report = run(app, report_cli, "annual", "--from", "2018-04-01", "--to", "2019-03-31",
                 "--format", "json")
    assert report.exit_code == 0, report.output
    assert json.loads(report.stdout) == json.loads(BARKING_REPORT.read_text(encoding="utf-8"))
    # Byte for byte, so key order too.
    assert report.stdout_bytes == BARKING_REPORT.read_bytes()


def test_a_bad_file_imports_nothing_and_names_every_bad_row(
    app: Flask, session: Session, council: Council, tmp_path: Path
) -> None:
    lines = BARKING.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",email,", ",fax,")  # row 2: a method that does not exist
    lines[10] = lines[10].replace("2018-", "2018/", 1)  # row 11: not a date
    lines[100] = lines[2]  # row 101: row 3 again, a duplicate reference
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = run(app, register_cli, "import", str(bad))
    assert result.exit_code == 1
    assert "row 2, column method, value \u201cfax\u201d" in result.stderr
    assert "row 11, column received_on" in result.stderr
    assert "row 101, column reference" in result.stderr
    assert count(session, Representation) == 0


def test_importing_twice_changes_nothing(
    app: Flask, session: Session, council: Council, barking: list[RegisterRow]
) -> None:
    first = import_register(session, council, barking)
    assert (first.created, first.updated, first.unchanged) == (146, 0, 0)
    session.commit()
    stamps = dict(session.execute(
        select(Representation.reference, Representation.updated_at)).all())
    events = count(session, CaseEvent)
    stages = count(session, Stage)

    again = run(app, register_cli, "import", str(BARKING))
    assert again.exit_code == 0, again.output
    assert "0 new, 0 changed, 146 unchanged." in again.output
    session.expire_all()
    assert count(session, Representation) == 146
    assert count(session, CaseEvent) == events
    assert count(session, Stage) == stages
    assert dict(session.execute(
        select(Representation.reference, Representation.updated_at)).all()) == stamps


def test_export_then_import_gives_back_the_same_register(
    app: Flask, session: Session, council: Council, barking: list[RegisterRow], tmp_path: Path
) -> None:
    import_register(session, council, barking)
    session.commit()
    exported = tmp_path / "export.csv"
    result = run(app, register_cli, "export", str(exported))
    assert result.exit_code == 0, result.output
    rows = read_register(exported)
    assert rows == sorted(barking, key=lambda row: row.reference)
    # The exported file is a fixed point: importing it changes nothing ...
    again = import_register(session, council, rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 146)
    # ... and exporting once more gives the same bytes.
    written = register_text(register_rows(session, council_id=council.id))
    assert written.encode("utf-8") == exported.read_bytes()


def test_export_by_received_dates(
    app: Flask, session: Session, council: Council, barking: list[RegisterRow]
) -> None:
    import_register(session, council, barking)
    session.commit()
    result = run(app, register_cli, "export", "-", "--from", "2018-12-01", "--to", "2018-12-31")
    assert result.exit_code == 0, result.output
    rows = read_register(result.stdout)
    expected = [r for r in barking if r.received_on.year == 2018 and r.received_on.month == 12]
    assert rows == sorted(expected, key=lambda row: row.reference)
    assert rows


def test_a_changed_row_is_updated_and_recorded(
    session: Session, council: Council, barking: list[RegisterRow]
) -> None:
    import_register(session, council, barking)
    open_case = next(r for r in barking if r.outcome is None and r.kind.value == "complaint")
    closed = dataclasses.replace(
        open_case,
        outcome=Outcome.NOT_UPHELD,
        categories=("New category", *open_case.categories),
        team="A new team",
        gender="female",
    )
    changed = [closed if row.reference == closed.reference else row for row in barking]
    result = import_register(session, council, changed)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 145)
    (row,) = [r for r in register_rows(session, council_id=council.id)
              if r.reference == closed.reference]
    assert row == dataclasses.replace(closed, categories=tuple(sorted(closed.categories)))
    rep = session.scalars(select(Representation).where(
        Representation.reference == closed.reference)).one()
    assert rep.status == status_of(row)
    assert [e.type for e in rep.events] == [EVENT_IMPORTED, EVENT_UPDATED]


def test_a_reference_of_another_council_is_refused(
    session: Session, council: Council, barking: list[RegisterRow]
) -> None:
    other = load_council(session, {
        "slug": "other", "name": "Other Council", "nation": "england",
        "settings": {"contacts": {"duty_line": "0300 000 0000"}},
    })
    import_register(session, other, barking[:1])
    with pytest.raises(ReferenceTaken) as caught:
        import_register(session, council, barking[:3])
    assert caught.value.references == (barking[0].reference,)


@pytest.mark.parametrize(("fmt", "magic"), [
    ("csv", b"\xef\xbb\xbf"),  # a byte-order mark so Excel reads UTF-8
    ("html", b"<!DOCTYPE html>"),
    ("pdf", b"%PDF-"),
    ("xlsx", b"PK"),  # a zip archive
])
def test_the_report_in_each_format(
    app: Flask, session: Session, council: Council, barking: list[RegisterRow], tmp_path: Path,
    fmt: str, magic: bytes
) -> None:
    import_register(session, council, barking)
    session.commit()
    output = tmp_path / f"report.{fmt}"
    result = run(app, report_cli, "annual", "--from", "2018-04-01", "--to", "2019-03-31",
                 "--format", fmt, "--output", str(output))
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(magic)


def test_report_period_must_not_run_backwards(app: Flask, session: Session,
                                              council: Council) -> None:
    result = run(app, report_cli, "annual", "--from", "2019-04-01", "--to", "2019-03-31")
    assert result.exit_code == 2
    assert "--to must not be before --from" in result.output


def test_the_report_reads_old_complaints_answered_in_the_period_and_the_year_before(
    app: Flask, session: Session, council: Council, barking: list[RegisterRow]
) -> None:
    template = next(r for r in barking if r.kind.value == "complaint" and r.stage1_closed_on)
    old = dataclasses.replace(  # received two years earlier, answered in the period
        template, reference="OLD-1", received_on=template.received_on.replace(year=2016),
        acknowledged_on=None, stage1_started_on=template.received_on.replace(year=2016),
        stage1_closed_on=template.stage1_closed_on, ombudsman_referred_on=None,
        ombudsman_decision=None)
    ancient = dataclasses.replace(old, reference="OLD-2",
                                  stage1_closed_on=old.stage1_started_on)  # answered in 2016
    last_year = dataclasses.replace(  # received in 2017/18, for year-on-year
        template, reference="PREV-1", received_on=template.received_on.replace(year=2017),
        acknowledged_on=None, stage1_started_on=template.received_on.replace(year=2017),
        stage1_closed_on=None, ombudsman_referred_on=None, ombudsman_decision=None)
    import_register(session, council, [*barking, old, ancient, last_year])
    session.commit()
    result = run(app, report_cli, "annual", "--from", "2018-04-01", "--to", "2019-03-31")
    report = json.loads(result.stdout)
    expected = json.loads(BARKING_REPORT.read_text(encoding="utf-8"))
    procedure = report["procedures"]["children_statutory"]
    # OLD-1 adds one stage 1 response to the closed cohort; nothing else changes.
    assert procedure["stage_responses"]["1"]["closed"] == (
        expected["procedures"]["children_statutory"]["stage_responses"]["1"]["closed"] + 1)
    assert report["received"] == expected["received"]
    # The previous year is in the register, so the HTML compares the two.
    html = run(app, report_cli, "annual", "--from", "2018-04-01", "--to", "2019-03-31",
               "--format", "html")
    assert "1 April 2017 to 31 March 2018" in html.stdout


@pytest.mark.parametrize(("lang", "html_lang", "pdf_lang", "title"), [
    ("en", 'lang="en"', "en-GB", "Annual report on complaints"),
    # A Welsh council publishes in Welsh too.
    ("cy", 'lang="cy"', "cy-GB", "Adroddiad blynyddol ar gwynion"),
])
def test_the_report_documents_carry_their_language(
    app: Flask, session: Session, council: Council, barking: list[RegisterRow],
    lang: str, html_lang: str, pdf_lang: str, title: str
) -> None:
    import_register(session, council, barking)
    session.commit()
    period = ["annual", "--from", "2018-04-01", "--to", "2019-03-31", "--lang", lang]
    html = run(app, report_cli, *period, "--format", "html")
    assert html_lang in html.stdout
    pdf = run(app, report_cli, *period, "--format", "pdf")
    with pikepdf.open(io.BytesIO(pdf.stdout_bytes)) as document:
        assert document.Root.Lang == pdf_lang
        assert str(document.docinfo.Title).startswith(title)
        assert document.Root.MarkInfo.Marked is True  # tagged for a screen reader


def test_the_timeliness_report_per_team(
    app: Flask, session: Session, council: Council, barking: list[RegisterRow]
) -> None:
    import_register(session, council, barking)
    session.commit()
    result = run(app, report_cli, "timeliness", "--on", "2019-03-31")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["on"] == "2019-03-31"
    # One complaint is still open at stage 2 on 31 March 2019, started long before.
    assert sum(c["red"] for c in body["teams"].values()) == 1
    as_csv = run(app, report_cli, "timeliness", "--on", "2019-03-31", "--format", "csv")
    assert as_csv.stdout.splitlines()[0] == "team,red,amber,green"
