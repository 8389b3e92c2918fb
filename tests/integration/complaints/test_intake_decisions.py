"""The journey asks whose decision a complaint is about and what is still under way, so
routing can signpost it or raise the deferral check (ROUTING.md)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from portal.complaints.services import build_submission, submit
from portal.models.councils import Council
from portal.vocab.cases import Check, Route, Signpost

PARENT = {"kind": "complaint", "submitter": "parent", "safe": "yes", "child_age": "9",
          "service": "social_work", "contact_methods": ["none"],
          "description": "The plan for my son was changed without telling me."}
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(("also", "signpost"), [
    (["court"], Signpost.COURT),  # a judge's decision is for the court
    (["child_protection_conference"], Signpost.SAFEGUARDING_PARTNERSHIP),
    (["tribunal"], Signpost.TRIBUNAL),  # e.g. the content of an EHC plan
    (["ombudsman"], Signpost.OMBUDSMAN),  # already decided by the Ombudsman
])
def test_a_decision_made_elsewhere_is_signposted(session: Session, council: Council,
                                                 also: list[str], signpost: Signpost) -> None:
    rep = submit(session, council=council, answers={**PARENT, "also": also},
                 submission_key=f"decision-{also[0]}", tracking_code="E" * 20, locale="en",
                 now=NOW)
    assert rep.route is Route.SIGNPOST
    assert rep.signpost is signpost


@pytest.mark.parametrize(("also", "proceedings"), [
    (["police"], ("police",)),
    (["court_case", "disciplinary"], ("court", "disciplinary")),
])
def test_proceedings_under_way_raise_the_deferral_check(
        session: Session, council: Council, also: list[str], proceedings: tuple[str, ...]
        ) -> None:
    assert tuple(p.value for p in build_submission(
        {**PARENT, "also": also}, received_on=NOW.date()).proceedings) == proceedings
    rep = submit(session, council=council, answers={**PARENT, "also": also},
                 submission_key=f"proceedings-{also[0]}", tracking_code="F" * 20,
                 locale="en", now=NOW)
    assert rep.route is Route.CHILDREN_STATUTORY
    assert Check.DEFERRAL in {c.check for c in rep.checks}


def test_none_of_these_changes_nothing(session: Session, council: Council) -> None:
    submission = build_submission({**PARENT, "also": ["none"]}, received_on=NOW.date())
    assert submission.about_decision_of is None
    assert submission.proceedings == ()
