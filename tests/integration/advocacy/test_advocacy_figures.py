"""advocacy_figures reads one council's year from the database (both databases)."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy.orm import Session

from portal.advocacy import services
from portal.advocacy.figures import advocacy_figures
from portal.models.councils import Council
from portal.models.staff import Role
from portal.vocab.advocacy import Answer, OfferHow
from portal.vocab.cases import Advocacy
from tests.support.advocacy import (
    make_account,
    make_advocate,
    make_provider,
    make_representation,
    offered,
)


def test_figures_for_a_year(session: Session, council: Council) -> None:
    coordinator = make_account(session, council, Role.ADVOCACY_COORDINATOR)
    provider = make_provider(session, council, "Voice")
    advocate = make_advocate(session, council, provider)

    # Asked Thursday 2 April 2026, assigned Wednesday 8 April: 2 working days over Easter.
    on_time = make_representation(session, council, received_on=date(2026, 4, 2))
    case = offered(session, on_time)
    services.assign(session, case, advocate.id, on=date(2026, 4, 8), actor=coordinator)

    declined = make_representation(session, council, advocacy=Advocacy.OFFER,
                                   received_on=date(2026, 5, 1))
    declined_case = offered(session, declined)
    services.record_answer(session, declined_case, Answer.DECLINED, on=date(2026, 5, 4),
                           actor=coordinator)

    make_representation(session, council, advocacy=Advocacy.HAS_ADVOCATE,
                        received_on=date(2026, 6, 1))
    # Outside the year: not counted.
    outside = make_representation(session, council, received_on=date(2026, 3, 31))
    services.ensure_offered(session, outside, OfferHow.AUTOMATIC)

    figures = advocacy_figures(session, council, start=date(2026, 4, 1),
                               end=date(2027, 3, 31), today=date(2027, 4, 1))
    json.dumps(figures)
    assert figures["period"] == {"from": "2026-04-01", "to": "2027-03-31"}
    assert figures["offered"] == 2
    assert figures["accepted"] == 1
    assert figures["declined"] == 1
    assert figures["already_had_advocate"] == 1
    assert figures["assigned_within_target"] == 1
    assert figures["average_working_days_to_assign"] == 2.0
    assert [p["provider"] for p in figures["by_provider"]] == ["Voice"]
