"""The due and overdue page's list, worked out by the database, is the list the Python
reading gave (issue 17, part 5): every open case's next deadline (procedure/deadlines.py),
its red, amber or green (rules.rag), the counts by team and each page, for the whole
view, one team, no team yet and an officer limited to their own team's cases.

A few hundred cases with random dates, stored or missing (so some deadlines are counted
from a request), at every status and stage, some closed or extended, in three teams and
none, plus cases due on the days the colours change: yesterday, today, tomorrow, the
last amber working day and the first green one.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pyotp
import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from portal.cases.due_dates import refresh_all
from portal.cases.queries import NO_TEAM, due_by_team
from portal.common.dates import Nation
from portal.councils.services import council_calendar, stage2_acknowledgements
from portal.models.cases import Person, Representation, Stage
from portal.models.councils import Council, Team
from portal.models.staff import CaseAssignment, Role, User
from portal.procedure import rules
from portal.security.passwords import hash_password
from portal.vocab.cases import CaseStatus, Kind, Method, PersonRole, Procedure, Submitter
from tests.support.due_oracle import due_by_python

TODAY = date(2026, 12, 24)  # a Thursday before Christmas: the amber window spans holidays
LIMIT = 7  # a short page, so the cases fill several


def _day(rng: random.Random, missing: float = 0.25) -> date | None:
    return None if rng.random() < missing else TODAY + timedelta(days=rng.randint(-30, 30))


def _case(council: Council, n: int, team: Team | None, status: CaseStatus,
          procedure: Procedure) -> Representation:
    rep = Representation(
        council_id=council.id, reference=f"CMP-2026-{n:06d}", kind=Kind.COMPLAINT,
        status=status, procedure=procedure, team_id=team.id if team else None,
        received_on=TODAY - timedelta(days=60), method=Method.ONLINE_FORM,
        submitter=Submitter.CHILD, description="What happened", language="en",
        proceedings=[], routing_reasons=[])
    rep.people.append(Person(role=PersonRole.COMPLAINANT, name="A child",
                             contact_methods=[], needs=[]))
    return rep


def _random_cases(session: Session, council: Council, teams: list[Team | None]) -> None:
    rng = random.Random(1705)
    for n in range(1, 401):
        rep = _case(council, n, rng.choice(teams), rng.choice(list(CaseStatus)),
                    rng.choice(list(Procedure)))
        rep.acknowledge_by, rep.acknowledged_on = _day(rng), _day(rng, 0.6)
        for number in range(1, rng.randint(0, 3) + 1):
            unset = 0.25 if number == 1 else 0.6  # a later stage's clock is often counted
            rep.stages.append(Stage(
                number=number, requested_on=_day(rng, 0.1), started_on=_day(rng, unset),
                acknowledge_by=_day(rng, unset), acknowledged_on=_day(rng, unset),
                due_on=_day(rng, unset),
                extended=False, extended_to_on=_day(rng) if rng.random() < 0.2 else None,
                panel_on=_day(rng) if number == 3 else None,
                report_on=_day(rng) if number == 3 and rng.random() < 0.5 else None,
                closed_on=_day(rng) if rng.random() < 0.3 else None, panel_members=[]))
        session.add(rep)


def _edge_cases(session: Session, council: Council, teams: list[Team | None]) -> None:
    """Each kind of deadline due on each day a colour changes, in turn in every team."""
    cut = rules.rag_cutoffs(today=TODAY, calendar=council_calendar(council))
    days = [TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1),
            cut.green_from - timedelta(days=1), cut.green_from]
    before = TODAY - timedelta(days=50)
    kinds: list[tuple[CaseStatus, int, dict[str, date]]] = [
        (CaseStatus.NEW, 0, {}), (CaseStatus.STAGE1, 1, {"due_on": TODAY}),
        (CaseStatus.STAGE2, 2, {"acknowledge_by": TODAY}),
        (CaseStatus.STAGE2, 2, {"started_on": before, "due_on": TODAY}),
        (CaseStatus.STAGE3, 3, {"due_on": TODAY}),
        (CaseStatus.STAGE3, 3, {"due_on": TODAY, "panel_on": before}),
        (CaseStatus.STAGE3, 3, {"due_on": TODAY, "panel_on": before, "report_on": before})]
    n = 900
    for due in days:
        for status, number, dates in kinds:
            n += 1
            rep = _case(council, n, teams[n % len(teams)], status, Procedure.CORPORATE)
            if number == 0:
                rep.acknowledge_by = due
                session.add(rep)
                continue
            rep.acknowledged_on = before
            for earlier in range(1, number):
                rep.stages.append(Stage(number=earlier, closed_on=before, panel_members=[]))
            rep.stages.append(Stage(number=number, requested_on=before, panel_members=[],
                                    **{k: due if v == TODAY else v for k, v in dates.items()}))
            session.add(rep)


def _officer(session: Session, council: Council, team: Team) -> User:
    council.settings = {**council.settings, "officers_see_own_teams": True}
    user = User(council_id=council.id, email="officer@due.test", name="Officer",
                role=Role.COMPLAINTS_OFFICER, team_id=team.id,
                password_hash=hash_password("x" * 12), totp_secret=pyotp.random_base32(),
                session_version=0, failed_sign_ins=0)
    session.add(user)
    session.flush()
    return user


def test_the_due_list_in_sql_is_the_list_python_gave(
        session: Session, council: Council, monkeypatch: pytest.MonkeyPatch) -> None:
    teams: list[Team | None] = [*council.teams[:3], None]
    _random_cases(session, council, teams)
    _edge_cases(session, council, teams)
    session.flush()
    officer = _officer(session, council, council.teams[0])
    # A case of another team given to the officer by name is theirs to see too.
    other = session.query(Representation).filter_by(
        council_id=council.id, team_id=council.teams[1].id, status=CaseStatus.STAGE1).first()
    assert other is not None
    session.add(CaseAssignment(representation_id=other.id, user_id=officer.id,
                               role=officer.role))
    session.flush()
    calendar, acknowledge = council_calendar(council), stage2_acknowledgements(council)
    keys = [None, NO_TEAM, *(str(t.id) for t in council.teams[:3])]
    seen: set[str] = set()
    # Short pages, several of them and one past the end; then each team's whole list.
    for limit, pages in ((LIMIT, (1, 2, 3, 99)), (1000, (1,))):
        monkeypatch.setattr("portal.cases.queries.DUE_LIST_LIMIT", limit)
        for viewer in (None, officer):
            for team in keys:
                for page in pages:
                    asked = {"today": TODAY, "calendar": calendar, "team": team, "page": page,
                             "viewer": viewer}
                    expected = due_by_python(session, council.id, limit=limit,
                                             stage2_acknowledge=acknowledge, **asked)
                    got = due_by_team(session, council.id, **asked)
                    assert got == expected, (limit, viewer, team, page)
                    seen |= {f"{i.what} {i.rag}" for t in expected for i in t.items}
    # Every kind of deadline in every colour was compared, not agreement on nothing.
    whats = ("acknowledge", "stage1", "stage2_acknowledge", "stage2", "stage3_panel",
             "stage3_report", "stage3_response")
    assert {f"{w} {c}" for w in whats for c in rules.Rag} - seen == set()


def _agrees(session: Session, council: Council, why: str) -> None:
    """Every team's whole list, from the stored deadlines, is the Python reading's."""
    calendar, acknowledge = council_calendar(council), stage2_acknowledgements(council)
    asked = {"today": TODAY, "calendar": calendar}
    expected = due_by_python(session, council.id, limit=1000, stage2_acknowledge=acknowledge,
                             **asked)
    assert due_by_team(session, council.id, limit=1000, **asked) == expected, why
    assert sum(t.total for t in expected) > 100, why  # not agreement on nothing


def test_the_stored_deadlines_follow_every_change(session: Session, council: Council) -> None:
    """Each case's next deadline is stored on its row (cases/due_dates.py) and kept
    current: after the cases are written, after changes to cases and their stages through
    the ORM, after the council's nation (its calendar and stage 2 acknowledgements)
    changes, and after a write past the ORM put right by ``refresh_all``."""
    teams: list[Team | None] = [*council.teams[:3], None]
    _random_cases(session, council, teams)
    _edge_cases(session, council, teams)
    session.flush()
    _agrees(session, council, "written")

    rng = random.Random(1706)
    cases = session.query(Representation).filter_by(council_id=council.id).all()
    for rep in rng.sample(cases, 120):
        latest = max(rep.stages, key=lambda s: s.number) if rep.stages else None
        change = rng.randrange(6)
        if change == 0:
            rep.acknowledged_on = TODAY
        elif change == 1:
            rep.status = rng.choice(list(CaseStatus))
        elif change == 2 and latest is not None:
            latest.closed_on = None if latest.closed_on else TODAY
        elif change == 3 and latest is not None:
            latest.extended_to_on = TODAY + timedelta(days=rng.randint(-5, 20))
        elif change == 4 and latest is not None:
            session.delete(latest)  # the stage before it counts again
        elif latest is None or latest.number < 3:
            rep.status = CaseStatus.STAGE2 if latest is None or latest.number == 1 else (
                CaseStatus.STAGE3)
            rep.stages.append(Stage(number=(latest.number + 1) if latest else 1,
                                    requested_on=TODAY - timedelta(days=3),
                                    panel_members=[]))
    session.flush()
    _agrees(session, council, "changed through the ORM")

    council.nation = Nation.WALES if council.nation is not Nation.WALES else Nation.ENGLAND
    session.flush()
    _agrees(session, council, "the council's nation changed")

    session.execute(update(Representation).values(next_due_on=None, next_due_what=None))
    session.expire_all()
    refresh_all(session.connection())
    _agrees(session, council, "stored again for every case")
