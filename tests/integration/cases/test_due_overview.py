"""The due page's overview does not grow with the register (issue 17, part 5): each team
shows how many deadlines it has of each colour and only its few most urgent
(``DUE_OVERVIEW_LIMIT``), with a link to the team's whole list, page by page, so nothing
overdue is out of reach; and the overview and the overdue search run as many SQL
statements for many cases as for one (STYLE.md section 12: count statements, not
milliseconds)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from portal.cases import queries
from portal.models.councils import Council, Team
from portal.models.staff import Role
from portal.vocab.cases import CaseStatus
from tests.conftest import PINNED_TODAY
from tests.factories import make_case, make_user
from tests.support.pages import check_staff_page, parse, text_of
from tests.support.staff import sign_in_as
from tests.support.statements import statements

#: What the tests' transaction wrapper adds around the work.


def _due(session: Session, council: Council, reference: str, team: Team,
         due_on: date) -> None:
    """An acknowledged case at stage 1 of ``team``, its reply due on ``due_on``."""
    rep = make_case(session, council, reference)
    rep.status, rep.team = CaseStatus.STAGE1, team
    rep.acknowledged_on = rep.received_on  # else the acknowledgement comes first
    stage = rep.stage(1)
    assert stage is not None
    stage.due_on = due_on
    session.commit()


@pytest.fixture
def signed_in(client: FlaskClient, session: Session, council: Council) -> FlaskClient:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    sign_in_as(client, manager)
    return client


def _soup(client: FlaskClient, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    # A team page of several says which page in its title in brackets, in its heading
    # as a caption (so its title does not start with its heading).
    return check_staff_page(response) if "team=" not in path else parse(response)


def _references(section: Any) -> list[str]:
    return [" ".join(row.a.get_text().split()) for row in section.select("tbody tr")]


def test_the_overview_lists_each_teams_most_urgent_few_and_counts_them_all(
        signed_in: FlaskClient, session: Session, council: Council) -> None:
    limit = queries.DUE_OVERVIEW_LIMIT
    busy, quiet = council.teams[0], council.teams[1]
    # Made in no order of urgency: two due today and two overdue come after later ones.
    days = [20, 15, 0, -3, 25, -1, 0, 30, -8][:limit + 4]
    assert len(days) > limit
    for n, offset in enumerate(days, start=1):
        _due(session, council, f"CMP-O-{n:06d}", busy, PINNED_TODAY + timedelta(days=offset))
    for n in (1, 2):
        _due(session, council, f"CMP-Q-{n:06d}", quiet, PINNED_TODAY + timedelta(days=n))

    page = _soup(signed_in, "/staff/cases/due")
    section = page.select_one(f'[data-team="{busy.id}"]')
    assert section is not None
    # The most urgent first: the earliest deadlines, by reference on the same day.
    by_urgency = sorted(range(1, len(days) + 1), key=lambda n: (days[n - 1], n))
    assert _references(section) == [f"CMP-O-{n:06d}" for n in by_urgency[:limit]]
    red = sum(1 for d in days if d < 0)
    amber = sum(1 for d in days if 0 <= d <= 3)  # due today or within 3 working days
    assert text_of(section, "[data-team-counts]") == (
        f"{red} overdue, {amber} due soon, {len(days) - red - amber} on track.")
    more = section.select_one("[data-more]")
    assert more is not None
    assert f"And {len(days) - limit} more with later deadlines." in more.get_text()
    assert more.a is not None
    assert more.a["href"] == f"/staff/cases/due?team={busy.id}"
    assert " ".join(more.a.get_text().split()) == (
        f"See all {len(days)} deadlines of {busy.name}, page by page")
    # A team with no more than the overview lists has all of them there, and no link.
    other = page.select_one(f'[data-team="{quiet.id}"]')
    assert other is not None
    assert _references(other) == ["CMP-Q-000001", "CMP-Q-000002"]
    assert other.select("[data-more]") == []
    assert text_of(page, "[data-overview-limit]") == (
        f"Each team's {limit} most urgent deadlines are listed here; a team with more "
        "has a link to the rest.")


def test_nothing_overdue_is_out_of_reach(signed_in: FlaskClient, session: Session,
                                         council: Council,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("portal.cases.queries.DUE_OVERVIEW_LIMIT", 2)
    monkeypatch.setattr("portal.cases.queries.DUE_LIST_LIMIT", 3)
    team = council.teams[0]
    overdue = [f"CMP-R-{n:06d}" for n in range(1, 9)]  # each a day more overdue
    for n, reference in enumerate(overdue, start=1):
        _due(session, council, reference, team, PINNED_TODAY - timedelta(days=n))
    overview = _soup(signed_in, "/staff/cases/due")
    section = overview.select_one(f'[data-team="{team.id}"]')
    assert section is not None
    assert text_of(section, "[data-team-counts]") == "8 overdue, 0 due soon, 0 on track."
    assert _references(section) == ["CMP-R-000008", "CMP-R-000007"]
    link = section.select_one("[data-more] a")
    assert link is not None
    # The link, then each page's "Next page", reaches every one, most overdue first.
    path: str | None = str(link["href"])
    seen: list[str] = []
    pages = 0
    while path is not None:
        page = _soup(signed_in, path)
        pages += 1
        assert len(_references(page)) <= 3
        seen += _references(page)
        following = page.select_one(".govuk-pagination__next a")
        path = str(following["href"]) if following is not None else None
    assert seen == overdue[::-1]
    assert pages == 3


def _counted(client: FlaskClient, session: Session, engine: Engine, path: str
             ) -> tuple[int, BeautifulSoup]:
    # The tests' session is the app's: whatever it holds (the account, the council) is
    # not read again, so each count starts with it holding nothing.
    session.expire_all()
    with statements(engine) as seen:
        page = _soup(client, path)
    return len(seen), page


def test_the_overview_and_the_overdue_search_do_not_grow_with_the_cases(
        signed_in: FlaskClient, session: Session, council: Council, engine: Engine) -> None:
    limit = queries.DUE_OVERVIEW_LIMIT
    _due(session, council, "CMP-S-000001", council.teams[0], PINNED_TODAY - timedelta(days=1))
    paths = ("/staff/cases/due", "/staff/cases/search?due=overdue")
    few = {path: _counted(signed_in, session, engine, path)[0] for path in paths}
    n = 1
    for team in council.teams[:3]:
        for _ in range(limit + 2):
            n += 1
            _due(session, council, f"CMP-S-{n:06d}", team, PINNED_TODAY - timedelta(days=n))
    many = {path: _counted(signed_in, session, engine, path) for path in paths}
    assert {path: count for path, (count, _) in many.items()} == few
    overview = many["/staff/cases/due"][1]
    # Each team lists no more than the overview's few, however many it has.
    for team in council.teams[:3]:
        section = overview.select_one(f'[data-team="{team.id}"]')
        assert section is not None
        assert len(_references(section)) == limit
    found = many["/staff/cases/search?due=overdue"][1]
    assert f"CMP-S-{n:06d}" in found.get_text()
