"""Every worked example of ``shared/examples/routing.json`` gives exactly its decision."""

from __future__ import annotations

import json

import pytest

from portal.common.dates import calendar_for
from portal.routing.reasons import decision_json
from portal.routing.rules import route
from portal.routing.submission import parse_submission
from portal.settings.routing import ENGLAND_DEFAULTS
from tests.conftest import SHARED

CASES = json.loads((SHARED / "examples" / "routing.json").read_text(encoding="utf-8"))


def test_the_examples_are_there():
    # A moved shared/ directory must fail loudly, not run zero cases.
    assert len(CASES) >= 14


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_example_gives_the_expected_decision(case):
    decision = decision_json(route(
        parse_submission(case["submission"]),
        settings=ENGLAND_DEFAULTS,
        calendar=calendar_for(ENGLAND_DEFAULTS.nation),
    ))
    reasons = decision.pop("reasons")
    assert decision == case["expected"]
    # Reasons are not part of the expected decision, but there is always one
    # for the route and each is plain words.
    assert reasons
    assert all(isinstance(r, str) and r.strip() for r in reasons)
