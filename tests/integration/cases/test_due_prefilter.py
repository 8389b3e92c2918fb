"""The overdue and due-this-week searches find exactly the cases whose next deadline says
so (issue 15, part 2), in the order asked for, page by page (issue 17, part 5).

The database works out each open case's next deadline (cases/due_list.py, the rule of
procedure/deadlines.py in SQL), keeps, counts and pages the ones wanted. Here a few
hundred open cases with random dates, stored or missing, at every stage, are searched and
compared, case for case, with the rule in Python.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pyotp
from sqlalchemy.orm import Session

from portal.cases.search import PAGE_SIZE, CaseFilters, Due, Sort, search, wanted_deadline
from portal.councils.services import council_calendar, stage2_acknowledgements
from portal.models.cases import Person, Representation, Stage
from portal.models.councils import Council
from portal.models.staff import Role, User
from portal.procedure.deadlines import deadline_from
from portal.security.passwords import hash_password
from portal.vocab.cases import CaseStatus, Kind, Method, PersonRole, Procedure, Submitter

TODAY = date(2026, 11, 25)  # a Wednesday
OPEN = (CaseStatus.NEW, CaseStatus.STAGE1, CaseStatus.STAGE2, CaseStatus.STAGE3,
        CaseStatus.AWAITING_NEXT_STAGE)


def _day(rng: random.Random, missing: float = 0.25) -> date | None:
    """A day from six weeks before to three weeks after TODAY, or none (so often)."""
    return None if rng.random() < missing else TODAY + timedelta(days=rng.randint(-42, 21))


def _cases(session: Session, council: Council, count: int) -> None:
    rng = random.Random(2026)
    for n in range(count):
        received = TODAY - timedelta(days=rng.randint(0, 90))
        rep = Representation(
            council_id=council.id, reference=f"CMP-2026-{n + 1:06d}", kind=Kind.COMPLAINT,
            status=rng.choice(OPEN),
            procedure=rng.choice((Procedure.CHILDREN_STATUTORY, Procedure.CORPORATE,
                                  Procedure.ADULT_STATUTORY)),
            received_on=received, method=Method.ONLINE_FORM, submitter=Submitter.CHILD,
            description="What happened", language="en", proceedings=[], routing_reasons=[],
            acknowledge_by=_day(rng), acknowledged_on=_day(rng))
        rep.people.append(Person(role=PersonRole.COMPLAINANT, name="A child",
                                 contact_methods=[], needs=[]))
        for number in range(1, rng.randint(0, 3) + 1):
            # A later stage's clock is often not stored yet: it is counted from the request.
            unset = 0.25 if number == 1 else 0.6
            rep.stages.append(Stage(
                number=number, requested_on=_day(rng, 0.1), started_on=_day(rng, unset),
                acknowledge_by=_day(rng, unset), acknowledged_on=_day(rng, unset),
                due_on=_day(rng, unset),
                extended_to_on=_day(rng) if rng.random() < 0.2 else None,
                panel_on=_day(rng) if number == 3 else None,
                report_on=_day(rng) if number == 3 else None,
                closed_on=_day(rng) if rng.random() < 0.3 else None, panel_members=[]))
        session.add(rep)
    session.flush()


def _manager(session: Session, council: Council) -> User:
    user = User(council_id=council.id, email="manager@due.test", name="Manager",
                role=Role.COMPLAINTS_MANAGER, password_hash=hash_password("x" * 12),
                totp_secret=pyotp.random_base32(), session_version=0, failed_sign_ins=0)
    session.add(user)
    session.flush()
    return user


def test_the_due_searches_agree_with_each_cases_next_deadline(session: Session,
                                                               council: Council) -> None:
    _cases(session, council, 600)
    manager = _manager(session, council)
    calendar = council_calendar(council)
    acknowledge = stage2_acknowledgements(council)
    reps = session.query(Representation).filter_by(council_id=council.id).all()
    for want in Due:
        expected = set()
        for rep in reps:
            found = deadline_from(rep.status, rep.acknowledge_by, rep.acknowledged_on,
                                  rep.current_stage, calendar, acknowledge.get(rep.procedure))
            if found is not None and wanted_deadline(found[1], want, today=TODAY):
                expected.add(rep.reference)
        got: set[str] = set()
        page = 1
        while True:
            result = search(session, council.id, CaseFilters(due=want), viewer=manager,
                            page=page, today=TODAY)
            got |= {case.reference for case in result.cases}
            if not result.cases:
                break
            page += 1
        assert result.total == len(expected), want
        assert got == expected, want
        # The dates make both searches find something, so agreeing is not agreeing on none.
        assert expected, want


def test_the_due_searches_page_in_the_order_asked_for(session: Session,
                                                      council: Council) -> None:
    """The database pages the overdue cases (PAGE_SIZE at a time) in each order the list
    offers; every page but the last is full, and a page past the end is empty."""
    _cases(session, council, 300)
    manager = _manager(session, council)
    calendar = council_calendar(council)
    acknowledge = stage2_acknowledgements(council)
    overdue = []
    for rep in session.query(Representation).filter_by(council_id=council.id):
        found = deadline_from(rep.status, rep.acknowledge_by, rep.acknowledged_on,
                              rep.current_stage, calendar, acknowledge.get(rep.procedure))
        if found is not None and wanted_deadline(found[1], Due.OVERDUE, today=TODAY):
            overdue.append(rep)
    assert len(overdue) > PAGE_SIZE  # more than one page
    orders = {Sort.NEWEST: sorted(overdue, key=lambda r: (r.received_on, r.id), reverse=True),
              Sort.OLDEST: sorted(overdue, key=lambda r: (r.received_on, r.id)),
              Sort.REFERENCE: sorted(overdue, key=lambda r: r.reference)}
    pages = -(-len(overdue) // PAGE_SIZE)
    for sort, expected in orders.items():
        got = []
        for page in range(1, pages + 2):
            result = search(session, council.id, CaseFilters(due=Due.OVERDUE, sort=sort),
                            viewer=manager, page=page, today=TODAY)
            assert result.total == len(overdue), (sort, page)
            assert len(result.cases) == (PAGE_SIZE if page < pages else
                                         len(overdue) - PAGE_SIZE * (pages - 1)
                                         if page == pages else 0), (sort, page)
            got += [case.reference for case in result.cases]
        assert got == [rep.reference for rep in expected], sort
