"""The database chooses what the retention schedule lists (issue 17) exactly as the rule in
Python did: the same cases, the same dates, the same order, on both databases."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.cases import Person, Representation, Stage
from portal.models.councils import Council
from portal.models.retention import DestructionRecord, LegalHold
from portal.procedure.retention import CLOSED_STATUSES
from portal.retention import queries, selection, services
from portal.retention.purge import council_retention
from portal.settings.retention import RetentionSettings
from portal.vocab.cases import CaseStatus, OmbudsmanDecision, PersonRole, Submitter
from portal.vocab.retention import Rule
from tests.factories import RepresentationFactory
from tests.support.retention_oracle import candidates_by_python

#: Days the schedule is asked about: ordinary, 29 February and the day after, a clock change.
HORIZONS = [date(2026, 6, 1), date(2028, 2, 29), date(2027, 3, 1), date(2025, 10, 26),
            date(2024, 3, 31)]
SETTINGS = [RetentionSettings(),
            RetentionSettings(default_years=3, looked_after_until_age=25,
                              looked_after_years_age_unknown=10)]


def _day(rng: random.Random) -> date:
    if rng.random() < 0.1:  # 29 February, and the days either side of it
        return date(rng.choice([2000, 2004, 2008, 2012, 2016, 2020]), 2, 28) + timedelta(
            days=rng.randint(0, 2))
    return date(1995, 1, 1) + timedelta(days=rng.randint(0, 365 * 31))


def _moment(rng: random.Random, day: date) -> datetime:
    # Late evening in UTC is the next day in London in summer: the edge of "closed on".
    return datetime(day.year, day.month, day.day, rng.choice([0, 12, 22, 23]),
                    rng.choice([0, 30, 59]), tzinfo=UTC)


def _case(session: Session, council: Council, rng: random.Random, n: int) -> None:
    received = _day(rng)
    later = [received + timedelta(days=rng.randint(0, 900)) for _ in range(5)]
    status = rng.choice([CaseStatus.CLOSED, CaseStatus.WITHDRAWN, CaseStatus.SIGNPOSTED,
                         CaseStatus.CLOSED, CaseStatus.STAGE1])
    rep = RepresentationFactory(
        council=council, reference=f"SEL-{n:05d}", received_on=received, status=status,
        closed_at=None if rng.random() < 0.5 else _moment(rng, later[0]),
        acknowledged_on=rng.choice([None, received + timedelta(days=2)]),
        ombudsman_referred_on=rng.choice([None, None, later[1]]),
        ombudsman_decision=rng.choice([None, None, OmbudsmanDecision.PENDING,
                                       OmbudsmanDecision.UPHELD]),
        looked_after_by=rng.choice([None, None, "this_council", "another_council"]),
        service=rng.choice([None, "social_work", "children_in_care", "leaving_care"]),
        submitter=rng.choice([Submitter.CHILD, Submitter.PARENT, Submitter.CARE_LEAVER]),
        made_by_child=rng.random() < 0.5,
        child_age=rng.choice([None, None, None, 0, 7, 15, 17, 20, 160]),
    )
    for number in range(1, rng.randint(0, 3) + 1):
        session.add(Stage(representation_id=rep.id, number=number, started_on=received,
                          closed_on=rng.choice([None, later[1 + number]])))
    for role in (PersonRole.CHILD, PersonRole.COMPLAINANT):
        if rng.random() < 0.5:
            session.add(Person(representation_id=rep.id, role=role, name="P",
                               age=rng.choice([None, 3, 12, 16, 45])))
    hold = rng.random()
    if hold < 0.15:
        session.add(LegalHold(representation_id=rep.id, reason="litigation",
                              placed_at=datetime(2024, 1, 1, tzinfo=UTC),
                              released_at=None if hold < 0.1 else datetime(2024, 2, 1,
                                                                          tzinfo=UTC)))
    if rng.random() < 0.05:
        session.add(DestructionRecord(council_id=council.id, representation_id=rep.id,
                                      reference=rep.reference, rule=Rule.DEFAULT,
                                      closed_on=received, due_on=received,
                                      destroyed_at=datetime(2025, 1, 1, tzinfo=UTC),
                                      ran_by="test"))


@pytest.fixture
def varied(session: Session, council: Council) -> Council:
    rng = random.Random(17)
    for n in range(240):
        _case(session, council, rng, n)
    session.commit()
    return council


@pytest.mark.parametrize("settings", SETTINGS, ids=["defaults", "short"])
def test_the_database_chooses_what_the_rule_chooses(
        session: Session, varied: Council, settings: RetentionSettings) -> None:
    # The council's settings change: every case's stored date is worked out again.
    varied.settings = {**(varied.settings or {}), "retention": settings.to_mapping()}
    session.commit()
    for horizon in HORIZONS:
        expected = candidates_by_python(session, varied.id, settings, horizon=horizon)
        assert expected, horizon  # the varied cases reach every horizon
        assert queries.candidates(session, varied.id, settings, horizon=horizon) == expected


@pytest.mark.parametrize("limit", [1, 7])
@pytest.mark.parametrize("settings", SETTINGS, ids=["defaults", "short"])
def test_the_page_counts_and_orders_each_list_as_the_rule_does(
        session: Session, varied: Council, settings: RetentionSettings, limit: int) -> None:
    varied.settings = {**(varied.settings or {}), "retention": settings.to_mapping()}
    session.flush()
    assert council_retention(varied) == settings
    seen = [0, 0, 0]
    for today in HORIZONS:
        horizon = today + timedelta(days=400)
        found = candidates_by_python(session, varied.id, settings, horizon=horizon)
        due_now = [c for c in found if c.schedule.is_due(today)]
        due_soon = [c for c in found if c.schedule.due_on is not None
                    and c.schedule.due_on > today]
        kept = [c for c in found if c.schedule.kept_because is not None
                and c.schedule.keep_until is not None and c.schedule.keep_until <= today]
        page = services.overview(session, varied, today=today, horizon=horizon)
        for listed, wanted in ((page.due_now, due_now), (page.due_soon, due_soon),
                               (page.kept_past_date, kept)):
            assert listed.total == len(wanted)
            assert listed.rows == wanted[:services.LIST_LIMIT]
        seen = [a + b for a, b in zip(seen, (len(due_now), len(due_soon), len(kept)),
                                      strict=True)]
        # A short list is the head of the same order (read in rounds, stopping early).
        assert queries.listed(session, varied.id, settings, today=today, horizon=horizon,
                              which="due_now", limit=limit) == due_now[:limit]
        assert queries.listed(session, varied.id, settings, today=today, horizon=horizon,
                              which="due_soon", limit=limit) == due_soon[:limit]
    assert all(seen), seen  # every list had cases to compare


def test_the_stored_dates_follow_settings_reopening_and_referral(
        session: Session, varied: Council) -> None:
    """Each way a stored date changes, compared with the rule after each."""
    def same_as_the_rule(settings: RetentionSettings) -> None:
        for horizon in HORIZONS:
            assert queries.candidates(session, varied.id, settings, horizon=horizon) == \
                candidates_by_python(session, varied.id, settings, horizon=horizon)

    short, defaults = SETTINGS[1], SETTINGS[0]
    varied.settings = {**(varied.settings or {}), "retention": short.to_mapping()}
    session.commit()
    same_as_the_rule(short)
    # Back to the defaults: the council's dates are worked out again.
    varied.settings = {**(varied.settings or {}), "retention": defaults.to_mapping()}
    session.commit()
    same_as_the_rule(defaults)
    reps = session.scalars(select(Representation).where(
        Representation.council_id == varied.id).order_by(Representation.id)).all()
    closed = [rep for rep in reps if rep.status in CLOSED_STATUSES]
    # Reopened: no longer listed; closed again later: listed from the new closure.
    for rep in closed[:20]:
        rep.status, rep.closed_at = CaseStatus.STAGE1, None
    session.commit()
    assert all(rep.retention_on is None for rep in closed[:20])
    same_as_the_rule(defaults)
    for rep in closed[:10]:
        rep.status, rep.closed_at = CaseStatus.CLOSED, datetime(2021, 7, 1, 22, 30, tzinfo=UTC)
    # An Ombudsman referral after closure restarts the clock; a child's age found later.
    for rep in closed[20:30]:
        rep.ombudsman_referred_on = date(2022, 2, 28)
    for rep in closed[30:40]:
        rep.child_age, rep.looked_after_by = 3, "this_council"
    session.add(Stage(representation_id=closed[40].id, number=9, started_on=date(2001, 1, 1),
                      closed_on=date(2023, 1, 1)))
    session.commit()
    same_as_the_rule(defaults)
    for horizon in HORIZONS:
        assert selection.candidate_ids(session, varied.id, horizon=horizon) == sorted(
            c.id for c in candidates_by_python(session, varied.id, defaults, horizon=horizon))


def test_a_case_closed_late_on_a_summer_evening_closed_on_the_london_day(
        session: Session, council: Council) -> None:
    # 23:30 UTC on 1 June 2020 is 00:30 on 2 June in London: due on 2 June 2026, not 1 June.
    rep = RepresentationFactory(council=council, received_on=date(2020, 5, 1),
                                status=CaseStatus.CLOSED,
                                closed_at=datetime(2020, 6, 1, 23, 30, tzinfo=UTC))
    session.commit()
    settings = RetentionSettings()
    assert selection.candidate_ids(session, council.id, horizon=date(2026, 6, 1)) == []
    assert selection.candidate_ids(session, council.id, horizon=date(2026, 6, 2)) == [rep.id]
    assert queries.candidates(session, council.id, settings, horizon=date(2026, 6, 2)) == \
        candidates_by_python(session, council.id, settings, horizon=date(2026, 6, 2))
