"""A child who complains is offered an advocate on arrival (Children Act 1989 s.26A)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.complaints.services import submit
from portal.models.advocacy import AdvocacyCase
from portal.models.councils import Council
from portal.vocab.advocacy import AdvocacyStatus

CHILD = {"kind": "complaint", "submitter": "child", "safe": "yes", "in_care": "this_council",
         "child_age": "14", "service": "children_in_care", "contact_methods": ["none"],
         "description": "Nobody tells me when my review is."}
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday


@pytest.mark.parametrize(("answers", "status"), [
    ({**CHILD, "wants_advocate": "no"}, AdvocacyStatus.OFFERED),  # routing: offer
    ({**CHILD, "wants_advocate": "yes"}, AdvocacyStatus.ACCEPTED),  # routing: requested
])
def test_child_complaint_is_offered_an_advocate_on_arrival(
        session: Session, council: Council, answers: dict[str, object],
        status: AdvocacyStatus) -> None:
    rep = submit(session, council=council, answers=answers, submission_key=f"k-{status}",
                 tracking_code="A" * 20, locale="en", now=NOW)
    case = session.scalars(select(AdvocacyCase).where(
        AdvocacyCase.representation_id == rep.id)).one()
    assert case.status is status
    if status is AdvocacyStatus.ACCEPTED:
        assert case.requested_on == rep.received_on  # the clock to assign starts today


def test_a_compliment_that_asks_for_nothing_has_no_advocacy(session: Session,
                                                            council: Council) -> None:
    rep = submit(session, council=council,
                 answers={**CHILD, "kind": "compliment", "wants_advocate": "no"},
                 submission_key="k-compliment", tracking_code="B" * 20, locale="en", now=NOW)
    assert session.scalars(select(AdvocacyCase).where(
        AdvocacyCase.representation_id == rep.id)).first() is None
