"""The annual report and the timeliness report counted by the database equal the pure ones.

``report.annual_report`` and ``rag.timeliness_by_team`` over register rows are the
contract (spec/REPORT.md); the pages and the command count in the database
(``report_db``). Varied registers, seeded so a failure can be replayed, go in
through the import and both ways must give the same JSON, byte for byte, on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import json
import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from portal.common.dates import calendar_for
from portal.councils.services import load_council
from portal.models.councils import Council
from portal.register.csvio import RegisterRow, read_register, register_text
from portal.register.formats import renderer
from portal.register.queries import report_rows
from portal.register.rag import timeliness_by_team
from portal.register.report import Period
from portal.register.report_db import database_reports, database_timeliness
from portal.register.services import annual_reports, import_register
from portal.register.shared import example
from portal.register.timescales import DEFAULT_TIMESCALES, StageTimescale, Timescales
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

ENGLAND = calendar_for("england")
YEAR = Period(date(2018, 4, 1), date(2019, 3, 31))
#: Days either side of both periods' edges (the year and the year before).
EDGES = [date(2017, 3, 31), date(2017, 4, 1), date(2018, 3, 30), date(2018, 3, 31),
         date(2018, 4, 1), date(2018, 4, 2), date(2019, 3, 31), date(2019, 4, 1)]


def _day(rng: random.Random) -> date:
    if rng.random() < 0.25:
        return rng.choice(EDGES)
    return date(2016, 11, 1) + timedelta(days=rng.randrange(3 * 365))


def _after(rng: random.Random, day: date | None, most: int = 60) -> date | None:
    """A later day (or the same), or None: dates go missing in real registers."""
    if day is None or rng.random() < 0.2:
        return None
    if rng.random() < 0.15:
        later = [edge for edge in EDGES if edge >= day]
        if later:
            return rng.choice(later)
    return day + timedelta(days=rng.randrange(most))


def _stages(rng: random.Random, kind: Kind, procedure: Procedure | None,
            received: date) -> dict[str, Any]:
    last = 1 if kind is Kind.ENQUIRY else LAST_STAGE.get(procedure, 2)  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    start: date | None = received
    for stage in (1, 2, 3):
        started = _after(rng, start, 20) if stage <= last and rng.random() < 0.7 else None
        closed = _after(rng, started, 90)
        if stage == 3:
            panel = _after(rng, started, 50)
            closed = _after(rng, panel, 30) if panel is not None else closed
            values.update(stage3_started_on=started, stage3_panel_on=panel,
                          stage3_closed_on=closed)
        else:
            values.update({f"stage{stage}_started_on": started,
                           f"stage{stage}_closed_on": closed,
                           f"stage{stage}_extended": None if started is None
                           else rng.random() < 0.3})
        start = closed or start
    return values


def _row(rng: random.Random, n: int) -> RegisterRow:
    kind = rng.choice(list(Kind))
    complaint = kind is Kind.COMPLAINT
    procedure = rng.choice(list(Procedure)) if complaint else None
    received = _day(rng)
    referred = _after(rng, received, 200) if complaint and rng.random() < 0.2 else None
    return RegisterRow(
        reference=f"R-{n:05d}", kind=kind, procedure=procedure,
        not_accepted_reason=rng.choice([*NotAcceptedReason, None])
        if procedure is Procedure.NOT_ACCEPTED else None,
        received_on=received, method=rng.choice(list(Method)),
        team=rng.choice(["Fostering", "Disability", "Care leavers", None]),
        categories=tuple(sorted(rng.sample(["Communication", "Delay", "Staff", "Money"],
                                           rng.randint(0, 3)))),
        submitter=rng.choice(list(Submitter)), made_by_child=rng.random() < 0.3,
        advocate=rng.random() < 0.3, acknowledged_on=_after(rng, received, 8),
        **_stages(rng, kind, procedure, received),
        outcome=rng.choice([*Outcome, None]), delay_reason=rng.choice([*DelayReason, None]),
        adr=rng.random() < 0.1, ombudsman_referred_on=referred,
        ombudsman_decision=rng.choice([*OmbudsmanDecision, None]) if referred else None,
        compensation_gbp=Decimal(rng.randrange(0, 100000)) / 100 if rng.random() < 0.2
        else None,
        gender=rng.choice(["female", "male", "non-binary", None]),
        age_band=rng.choice(["0-10", "11-15", None]),
        ethnicity=rng.choice(["White British", "Mixed", None]),
        disability=rng.choice(["yes", "no", None]),
    )


def varied_register(seed: int, count: int = 400) -> list[RegisterRow]:
    """Every kind, procedure, stage, outcome, reason and decision, money and missing
    dates, either side of both periods' edges; read back through the CSV rules so
    every row is one the register accepts."""
    rng = random.Random(seed)
    rows = [_row(rng, n) for n in range(count)]
    return read_register(register_text(rows))


def _pure(session: Session, council: Council, period: Period, timescales: Timescales
          ) -> tuple[Any, Any]:
    return annual_reports(report_rows(session, council.id), period=period,
                          timescales=timescales, calendar=ENGLAND)


def _json(reports: tuple[Any, Any]) -> bytes:
    return renderer("json")(*reports)  # type: ignore[no-any-return]


CONFIGURED = DEFAULT_TIMESCALES.with_changes(
    stages={(Procedure.CHILDREN_STATUTORY, 1): StageTimescale(5, 12)},
    acknowledgement={Procedure.CHILDREN_STATUTORY: 2}, enquiry=7)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_database_counts_the_same_annual_report_as_the_pure_function(
    session: Session, council: Council, seed: int
) -> None:
    import_register(session, council, varied_register(seed), today=date(2020, 7, 1))
    for period, timescales in ((YEAR, DEFAULT_TIMESCALES), (YEAR, CONFIGURED),
                               # Longer than a year: it overlaps the year before it.
                               (Period(date(2017, 10, 1), date(2019, 3, 31)), DEFAULT_TIMESCALES),
                               # The year before holds 28 February, not the 29th.
                               (Period(date(2019, 3, 1), date(2020, 2, 29)), DEFAULT_TIMESCALES)):
        expected = _pure(session, council, period, timescales)
        found = database_reports(session, council.id, period=period, timescales=timescales,
                                 calendar=ENGLAND)
        assert found == expected
        assert _json(found) == _json(expected)


def test_another_councils_register_in_the_same_database_is_not_counted(
    session: Session, council: Council
) -> None:
    # Its teams and categories have the same names as ours, so a count grouped by a
    # team's or category's key and joined for its name must keep the two apart.
    other = load_council(session, {
        "slug": "other", "name": "Other Council", "nation": "england",
        "settings": {"contacts": {"duty_line": "0300 000 0000"}},
    })
    theirs = [dataclasses.replace(row, reference=f"O{row.reference}")
              for row in varied_register(6)]
    import_register(session, other, theirs, today=date(2020, 7, 1))
    import_register(session, council, varied_register(7), today=date(2020, 7, 1))
    for owner in (council, other):
        expected = _pure(session, owner, YEAR, DEFAULT_TIMESCALES)
        found = database_reports(session, owner.id, period=YEAR,
                                 timescales=DEFAULT_TIMESCALES, calendar=ENGLAND)
        assert found == expected
        assert _json(found) == _json(expected)


def test_a_register_with_nothing_the_year_before_has_no_comparison(
    session: Session, council: Council
) -> None:
    import_register(session, council, varied_register(4, 60), today=date(2020, 7, 1))
    period = Period(date(2030, 4, 1), date(2031, 3, 31))  # nothing received then
    found = database_reports(session, council.id, period=period,
                             timescales=DEFAULT_TIMESCALES, calendar=ENGLAND)
    assert found == _pure(session, council, period, DEFAULT_TIMESCALES)
    assert found[1] is None
    assert found[0]["received"] == {}


def test_the_published_example_comes_out_of_the_database_exactly(
    session: Session, council: Council
) -> None:
    import_register(session, council, read_register(example("register-barking-2018-19.csv")))
    report, previous = database_reports(session, council.id, period=YEAR,
                                        timescales=DEFAULT_TIMESCALES, calendar=ENGLAND)
    assert previous is None
    published = json.loads(example("report-barking-2018-19.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps(report)) == published
    assert list(report) == list(published)


@pytest.mark.parametrize("today", [date(2018, 4, 3), date(2018, 11, 20), date(2019, 6, 3)])
def test_the_database_counts_the_same_timeliness_report(
    session: Session, council: Council, today: date
) -> None:
    import_register(session, council, varied_register(5), today=date(2020, 7, 1))
    for timescales in (DEFAULT_TIMESCALES, CONFIGURED):
        expected = timeliness_by_team(report_rows(session, council.id), today=today,
                                      timescales=timescales, calendar=ENGLAND)
        found = database_timeliness(session, council.id, today=today,
                                    timescales=timescales, calendar=ENGLAND)
        assert found == expected
        assert json.dumps(found) == json.dumps(expected)
        assert sum(sum(colours.values()) for colours in found["teams"].values()) > 0
