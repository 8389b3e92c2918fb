"""Need to know and the audit search, as pure rules (issue 16, part 6): who a council's
setting limits to their own team's cases (portal.staff.access.case_scope, in_scope), the
UTC moments a range of London days covers, and the CSV cell no spreadsheet can run."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

import portal.models  # noqa: F401  (every mapper known, so an account can be made)
from portal.audit.labels import action_label
from portal.audit.search import AuditFilters, csv_safe, london_bounds
from portal.models.staff import Role, User
from portal.settings.council import CouncilSettings, CouncilSettingsError
from portal.staff.access import ALL_CASES_ROLES, OwnTeam, case_scope, in_scope

BASE = {"contacts": {"duty_line": "0300 123 4567"}}
OFF = CouncilSettings.from_mapping(BASE)
ON = CouncilSettings.from_mapping({**BASE, "officers_see_own_teams": True})


def account(role: Role, team_id: int | None = 7) -> User:
    return User(role=role, team_id=team_id)


def test_the_setting_is_off_unless_a_council_switches_it_on() -> None:
    assert OFF.officers_see_own_teams is False
    assert ON.officers_see_own_teams is True
    with pytest.raises(CouncilSettingsError, match="officers_see_own_teams"):
        CouncilSettings.from_mapping({**BASE, "officers_see_own_teams": "yes"})


@pytest.mark.parametrize("role", list(Role))
def test_off_nobody_is_limited(role: Role) -> None:
    assert case_scope(account(role), OFF) is None


@pytest.mark.parametrize(("role", "expected"), [
    (Role.COMPLAINTS_OFFICER, OwnTeam(7)),
    # The complaints manager answers for every complaint; the children's rights officer
    # reviews every child's: both keep the whole view.
    (Role.COMPLAINTS_MANAGER, None),
    (Role.CHILDRENS_RIGHTS_OFFICER, None),
    # Roles that see only the cases given to them are limited already, by assignment.
    (Role.RESPONDING_MANAGER, None),
    (Role.ADMINISTRATOR, None),
    (Role.ADVOCATE, None),
])
def test_on_only_the_complaints_officer_is_limited(role: Role, expected: OwnTeam | None
                                                   ) -> None:
    assert case_scope(account(role), ON) == expected


def test_every_whole_view_role_is_either_limited_or_keeps_the_whole_view() -> None:
    limited = {role for role in ALL_CASES_ROLES if case_scope(account(role), ON) is not None}
    assert limited == {Role.COMPLAINTS_OFFICER}


def test_an_officer_with_no_team_is_limited_to_cases_with_no_team() -> None:
    scope = case_scope(account(Role.COMPLAINTS_OFFICER, team_id=None), ON)
    assert scope == OwnTeam(None)
    assert in_scope(scope, None)
    assert not in_scope(scope, 7)


@pytest.mark.parametrize(("scope", "case_team", "seen"), [
    (None, 3, True),  # the whole view
    (None, None, True),
    (OwnTeam(7), 7, True),  # their own team's
    (OwnTeam(7), 3, False),  # another team's
    (OwnTeam(7), None, True),  # no team yet: every officer, so triage can set it
])
def test_in_scope(scope: OwnTeam | None, case_team: int | None, seen: bool) -> None:
    assert in_scope(scope, case_team) is seen


@pytest.mark.parametrize(("first", "last", "start", "end"), [
    # Summer time (BST, UTC+1): 1 July starts at 23:00 UTC on 30 June.
    (date(2026, 7, 1), date(2026, 7, 3),
     datetime(2026, 6, 30, 23, tzinfo=UTC), datetime(2026, 7, 3, 23, tzinfo=UTC)),
    # Winter (GMT): London days are UTC days.
    (date(2026, 11, 23), date(2026, 11, 23),
     datetime(2026, 11, 23, tzinfo=UTC), datetime(2026, 11, 24, tzinfo=UTC)),
    # The clocks go back on 25 October 2026: that day is 25 hours long.
    (date(2026, 10, 25), date(2026, 10, 25),
     datetime(2026, 10, 24, 23, tzinfo=UTC), datetime(2026, 10, 26, tzinfo=UTC)),
    # And forward on 29 March 2026: 23 hours.
    (date(2026, 3, 29), date(2026, 3, 29),
     datetime(2026, 3, 29, tzinfo=UTC), datetime(2026, 3, 29, 23, tzinfo=UTC)),
])
def test_london_days_are_whole_days_in_utc(first: date, last: date, start: datetime,
                                           end: datetime) -> None:
    assert london_bounds(first, last) == (start, end)


def test_an_open_range() -> None:
    assert london_bounds(None, None) == (None, None)
    assert london_bounds(date(2026, 1, 5), None) == (datetime(2026, 1, 5, tzinfo=UTC), None)


@pytest.mark.parametrize(("cell", "safe"), [
    ("=HYPERLINK(\"http://evil.test\")", "'=HYPERLINK(\"http://evil.test\")"),
    ("+44 300 123", "'+44 300 123"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tTab", "'\tTab"),
    ("Olu Officer", "Olu Officer"),
    ("CMP-2026-000001", "CMP-2026-000001"),
    ("", ""),
])
def test_csv_cells_stay_text(cell: str, safe: str) -> None:
    assert csv_safe(cell) == safe


def test_an_action_with_no_words_yet_is_shown_as_itself() -> None:
    assert action_label("something_new_happened") == "Something new happened"


def test_the_export_records_only_the_filters_asked() -> None:
    assert AuditFilters().described() == {}
    assert AuditFilters(user_id=4, allowed=False, day_from=date(2026, 7, 1)).described() == {
        "user_id": 4, "allowed": False, "from": "2026-07-01"}
