"""A council's settings are read once for each version of them (issue 14, part 7)."""

from __future__ import annotations

import json

from portal.common.dates import Nation
from portal.councils.services import DEMO_COUNCIL, council_settings, routing_settings_for
from portal.models.councils import Council
from portal.settings.routing import ENGLAND_DEFAULTS, WALES_PROFILE

DEMO = json.loads(DEMO_COUNCIL.read_text(encoding="utf-8"))["settings"]


def _council(**settings: object) -> Council:
    """A council with the demo council's settings and these changes, never saved."""
    return Council(slug="x", name="X", nation=Nation.ENGLAND, settings={**DEMO, **settings})


def test_asking_again_reads_nothing_again() -> None:
    council = _council(reference_prefix="ABC")
    first = council_settings(council)
    assert council_settings(council) is first
    assert routing_settings_for(council) is routing_settings_for(council)


def test_new_settings_are_read_at_once() -> None:
    council = _council(reference_prefix="ABC")
    assert council_settings(council).reference_prefix == "ABC"
    council.settings = {**DEMO, "reference_prefix": "XYZ"}
    assert council_settings(council).reference_prefix == "XYZ"


def test_a_change_of_nation_changes_the_routing_profile() -> None:
    council = _council()
    assert routing_settings_for(council) == ENGLAND_DEFAULTS
    council.nation = Nation.WALES
    assert routing_settings_for(council) == WALES_PROFILE


def test_the_councils_own_routing_changes_sit_on_its_nations_profile() -> None:
    council = _council(routing={"out_of_time_months": 6})
    assert routing_settings_for(council).to_mapping() == {
        **ENGLAND_DEFAULTS.to_mapping(), "out_of_time_months": 6}
