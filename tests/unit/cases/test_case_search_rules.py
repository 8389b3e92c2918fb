"""Finding a case, the pure part (portal/cases/search.py and search_words.py): reading the
query string, the words searched as each database's full-text query, and what "overdue"
and "due this week" mean."""

from __future__ import annotations

import importlib.util
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.cases import search as finder
from portal.cases import search_words as words_of
from portal.cases.search import CaseFilters, Due, Problem, Sort
from portal.procedure import rules
from portal.vocab.cases import CaseStatus, Kind, Method, Procedure
from tests.conftest import ROOT

MIGRATION = (ROOT / "portal" / "db" / "migrations" / "versions"
             / "0020_case_search.py")
TEAMS, OFFICERS = {7, 8}, {41}


def parse(**args: str) -> finder.Parsed:
    return finder.parse({k.replace("_", "-"): v for k, v in args.items()},
                        teams=TEAMS, officers=OFFICERS)


def test_nothing_asked_is_every_case_newest_first() -> None:
    parsed = parse()
    assert parsed.problems == {}
    assert parsed.filters == CaseFilters()
    assert parsed.filters.sort is Sort.NEWEST


def test_every_filter_is_read() -> None:
    parsed = parse(q="  Siân   Jones ", status="stage2", stage="2",
                   procedure="children_statutory", team="7", officer="41", kind="complaint",
                   channel="telephone", from_day="1", from_month="11", from_year="2026",
                   to_day="30", to_month="11", to_year="2026", due="overdue",
                   sort="reference")
    assert parsed.problems == {}
    assert parsed.filters == CaseFilters(
        q="Siân Jones", statuses=frozenset({CaseStatus.STAGE2}), stage=2,
        procedure=Procedure.CHILDREN_STATUTORY, team_id=7, officer_id=41,
        kind=Kind.COMPLAINT, channel=Method.TELEPHONE, received_from=date(2026, 11, 1),
        received_to=date(2026, 11, 30), due=Due.OVERDUE, sort=Sort.REFERENCE)


def test_open_is_every_open_status_and_none_is_no_team() -> None:
    filters = parse(status="open", team="none").filters
    assert filters.statuses == rules.OPEN_STATUSES
    assert (filters.no_team, filters.team_id) == (True, None)


@pytest.mark.parametrize("field", ["status", "stage", "procedure", "team", "officer", "kind",
                                   "channel", "due", "sort"])
@pytest.mark.parametrize("value", ["lost", "9", "0", "-1", "stage 1"])
def test_a_value_no_list_offers_is_refused(field: str, value: str) -> None:
    parsed = parse(**{field: value})
    assert parsed.problems == {field: Problem.NOT_A_CHOICE}


def test_a_team_or_officer_of_another_council_is_refused() -> None:
    assert parse(team="9").problems == {"team": Problem.NOT_A_CHOICE}
    assert parse(officer="42").problems == {"officer": Problem.NOT_A_CHOICE}


@pytest.mark.parametrize(("day", "month", "year"), [
    ("31", "2", "2026"),  # no such day
    ("1", "", "2026"),  # a box left empty
    ("1", "11", "26"),  # a year of two figures
    ("first", "11", "2026"),
    ("1", "13", "2026"),
    ("-1", "11", "2026"),
])
def test_a_date_that_is_not_real_is_refused(day: str, month: str, year: str) -> None:
    parsed = parse(from_day=day, from_month=month, from_year=year)
    assert parsed.problems == {"from": Problem.NOT_A_DATE}
    assert parsed.filters.received_from is None


def test_a_range_must_not_run_backwards() -> None:
    backwards = parse(from_day="2", from_month="11", from_year="2026",
                      to_day="1", to_month="11", to_year="2026")
    assert backwards.problems == {"to": Problem.BACKWARDS}
    one_day = parse(from_day="2", from_month="11", from_year="2026",
                    to_day=" 2", to_month="11 ", to_year="2026")
    assert one_day.problems == {}
    assert one_day.filters.received_from == one_day.filters.received_to == date(2026, 11, 2)


def test_a_search_too_long_is_refused() -> None:
    assert parse(q="a" * finder.MAX_QUERY).problems == {}
    assert parse(q="a" * (finder.MAX_QUERY + 1)).problems == {"q": Problem.TOO_LONG}


@given(st.dictionaries(st.sampled_from(["q", "status", "stage", "team", "officer", "due",
                                        "sort", "from-day", "from-month", "from-year",
                                        "to-year", "kind", "channel", "procedure"]),
                       st.text(max_size=30)))
def test_any_query_string_is_read_or_refused_never_an_error(args: dict[str, str]) -> None:
    parsed = finder.parse(args, teams=TEAMS, officers=OFFICERS)
    assert set(parsed.problems) <= {"q", "status", "stage", "team", "officer", "due", "sort",
                                    "from", "to", "kind", "channel", "procedure"}


# --- the words searched --------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "folded"), [
    ("Siân", "sian"), ("TŶ", "ty"), ("tŷ", "ty"), ("Zoë", "zoe"), ("ŵyr", "wyr"),
    ("Gwenllïan", "gwenllian"), ("Ẃ ẁ ẅ ỳ", "w w w y"), ("Dafydd", "dafydd"),
    ("Łukasz", "łukasz"),  # a letter of its own, not an l with an accent
])
def test_accents_and_capitals_are_folded(typed: str, folded: str) -> None:
    assert words_of.fold(typed) == folded


def test_the_words_of_a_search() -> None:
    assert words_of.terms("Zoë O'Brien, O’Brien!") == ("zoe", "o", "brien")
    assert words_of.terms("foster_carer well-being") == ("foster", "carer", "well", "being")
    assert words_of.terms("!!! ...") == ()


def test_longer_words_are_prefixes_shorter_ones_are_whole_words() -> None:
    words = ("bruis", "ale", "jo", "o")
    assert words_of.fts5_query(words) == '"bruis"* "ale"* "jo" "o"'
    assert words_of.tsquery(words) == "'bruis':* & 'ale':* & 'jo' & 'o'"


@pytest.mark.parametrize(("typed", "reference"), [
    ("CMP-2026-000102", "CMP-2026-000102"), ("cmp-2026-000102", "CMP-2026-000102"),
    (" 000102 ", "000102"), ("LEGACY-2019-0042", "LEGACY-2019-0042"),
    ("Aled", None), ("Aled 2026", None), ("CMP-", None), ("2", None), ("%2026", None),
])
def test_what_could_be_a_reference(typed: str, reference: str | None) -> None:
    assert words_of.reference_like(typed) == reference


def test_the_database_folds_accents_as_the_search_does() -> None:
    """The migration gives PostgreSQL its own copy of the table (a migration must not
    change with the code); the two must stay the same."""
    spec = importlib.util.spec_from_file_location("case_search_migration", MIGRATION)
    assert spec is not None
    assert spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert (migration.FOLD_FROM, migration.FOLD_TO) == (words_of.FOLD_FROM, words_of.FOLD_TO)
    assert "ŵ" in words_of.FOLD_FROM
    assert "ŷ" in words_of.FOLD_FROM
    assert "'" not in words_of.FOLD_FROM + words_of.FOLD_TO  # safe inside the SQL literal


# --- deadlines -----------------------------------------------------------------------------

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(("today", "sunday"), [
    (MONDAY, date(2026, 11, 29)), (date(2026, 11, 27), date(2026, 11, 29)),
    (date(2026, 11, 29), date(2026, 11, 29)), (date(2026, 12, 31), date(2027, 1, 3)),
])
def test_the_week_ends_on_sunday(today: date, sunday: date) -> None:
    assert finder.week_end(today) == sunday


@pytest.mark.parametrize(("due_on", "overdue", "this_week"), [
    (date(2026, 11, 20), True, False),  # last Friday
    (date(2026, 11, 22), True, False),  # yesterday
    (MONDAY, False, True),  # today: a reply today is in time
    (date(2026, 11, 27), False, True),  # Friday
    (date(2026, 11, 29), False, True),  # Sunday
    (date(2026, 11, 30), False, False),  # next Monday
])
def test_overdue_and_due_this_week(due_on: date, overdue: bool, this_week: bool) -> None:
    assert finder.wanted_deadline(due_on, Due.OVERDUE, today=MONDAY) is overdue
    assert finder.wanted_deadline(due_on, Due.THIS_WEEK, today=MONDAY) is this_week
