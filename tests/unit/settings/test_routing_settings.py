"""RoutingSettings: England defaults, the Welsh profile, and the council's JSON."""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest

from portal.common.dates import Nation
from portal.settings.routing import (
    ENGLAND_DEFAULTS,
    WALES_PROFILE,
    RoutingSettings,
    RoutingSettingsError,
    Timescale,
)
from portal.vocab.routing import Ombudsman, Profile, Route, Service, Signpost


@pytest.mark.parametrize("settings", [ENGLAND_DEFAULTS, WALES_PROFILE])
def test_json_round_trip(settings):
    data = json.loads(json.dumps(settings.to_mapping()))
    assert RoutingSettings.from_mapping(data) == settings


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # Nothing given: England.
        ({}, ENGLAND_DEFAULTS),
        ({"profile": "england"}, ENGLAND_DEFAULTS),
        # A Welsh council names its profile and gets every Welsh default.
        ({"profile": "wales"}, WALES_PROFILE),
    ],
)
def test_profile_picks_the_defaults(data, expected):
    assert RoutingSettings.from_mapping(data) == expected


@pytest.mark.parametrize(
    ("route", "timescale"),
    [
        (Route.CHILDREN_STATUTORY, Timescale(3, 10, 20)),
        (Route.CORPORATE, Timescale(5, 10, 20)),
        (Route.ADULT_STATUTORY, Timescale(3, 20, 130)),
        (Route.ENQUIRY, Timescale(None, 10, None)),
        (Route.SIGNPOST, Timescale(None, None, None)),
        (Route.COMPLIMENT, Timescale(None, None, None)),
        (Route.COMMENT, Timescale(None, None, None)),
    ],
)
def test_england_timescales_are_routing_md(route, timescale):
    assert ENGLAND_DEFAULTS.timescale(route) == timescale


def test_welsh_profile():
    assert WALES_PROFILE.nation is Nation.WALES
    assert WALES_PROFILE.profile is Profile.WALES
    # Acknowledge 2, stage 1 in 10, stage 2 in 25, no panel, the Welsh Ombudsman.
    assert WALES_PROFILE.timescale(Route.CHILDREN_STATUTORY).acknowledge == 2
    assert WALES_PROFILE.timescale(Route.CHILDREN_STATUTORY).respond == 10
    assert WALES_PROFILE.stage2_timescales[Route.CHILDREN_STATUTORY].respond == 25
    assert WALES_PROFILE.review_panel is False
    assert WALES_PROFILE.ombudsman is Ombudsman.PSOW


def test_a_council_changes_one_timescale_and_keeps_the_rest():
    s = RoutingSettings.from_mapping(
        {
            "timescales": {
                "children_statutory": {"acknowledge": 2, "respond": 10, "respond_latest": 20}
            }
        }
    )
    assert s.timescale(Route.CHILDREN_STATUTORY) == Timescale(2, 10, 20)
    assert s.timescale(Route.CORPORATE) == ENGLAND_DEFAULTS.timescale(Route.CORPORATE)


def test_a_welsh_council_changes_its_services():
    s = RoutingSettings.from_mapping(
        {"profile": "wales", "childrens_services": ["social_work", "fostering"]}
    )
    assert s.childrens_services == {Service.SOCIAL_WORK, Service.FOSTERING}
    assert s.timescale(Route.CHILDREN_STATUTORY).acknowledge == 2


def test_harm_words_cover_english_and_welsh():
    assert "hit" in ENGLAND_DEFAULTS.harm_words["en"]
    assert "brifo" in ENGLAND_DEFAULTS.harm_words["cy"]
    assert set(ENGLAND_DEFAULTS.harm_words) >= {"en", "cy"}


def test_a_callers_dict_changed_later_does_not_change_the_settings():
    words = {"en": ("hit",)}
    s = dataclasses.replace(ENGLAND_DEFAULTS, harm_words=words)
    words["en"] = ("nothing",)
    assert s.harm_words["en"] == ("hit",)
    with pytest.raises(TypeError):
        s.harm_words["cy"] = ("taro",)  # type: ignore[index]


def test_to_mapping_is_a_copy():
    data = ENGLAND_DEFAULTS.to_mapping()
    before = copy.deepcopy(data)
    data["harm_words"]["en"].append("x")
    assert ENGLAND_DEFAULTS.to_mapping() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "settings must be a JSON object"),
        # A misspelt key is refused, not silently ignored.
        ({"timescale": {}}, "unknown setting 'timescale'"),
        ({"profile": "scotland"}, "profile: 'scotland' must be one of england, wales"),
        ({"nation": "france"}, "nation: 'france' must be one of"),
        ({"childrens_services": "social_work"}, "childrens_services: 'social_work' must be a list"),
        ({"childrens_services": ["social_work", "sports"]}, r"childrens_services\[1\]: 'sports'"),
        # A service cannot be both children's and adults'.
        ({"adult_services": ["fostering"]}, "'fostering' is in both"),
        # Nor signposted and handled here.
        ({"signposted_services": {"fostering": "nhs"}}, "'fostering' is signposted"),
        ({"signposted_services": {"health": "gp"}}, r"signposted_services.health: 'gp'"),
        ({"qualifying_submitters": ["neighbour"]}, r"qualifying_submitters\[0\]: 'neighbour'"),
        ({"timescales": {"stage9": {}}}, "timescales key: 'stage9'"),
        (
            {"timescales": {"corporate": {"acknowledge": 5, "respond": 10}}},
            "timescales.corporate: 'respond_latest' is missing",
        ),
        (
            {"timescales": {"corporate": {"acknowledge": 5, "respond": 10, "respond_latest": 8}}},
            r"timescales.corporate: respond \(10\) must not be after respond_latest \(8\)",
        ),
        # Acknowledging after the response is due makes no sense either.
        (
            {"timescales": {"corporate": {"acknowledge": 12, "respond": 10, "respond_latest": 20}}},
            r"acknowledge \(12\) must not be after respond \(10\)",
        ),
        (
            {"timescales": {"corporate": {"acknowledge": -1, "respond": 10, "respond_latest": 20}}},
            "timescales.corporate.acknowledge: -1 must be a whole number",
        ),
        (
            {
                "timescales": {
                    "corporate": {"acknowledge": "5", "respond": 10, "respond_latest": 20}
                }
            },
            "timescales.corporate.acknowledge: '5' must be a whole number",
        ),
        (
            {"timescales": {"corporate": {"acknowledge": 5, "respond": 10, "latest": 20}}},
            "unknown key 'latest'",
        ),
        ({"out_of_time_months": True}, "out_of_time_months: True must be a whole number"),
        ({"out_of_time_months": 0}, "out_of_time_months: 0 must be from 1 to 120"),
        ({"harm_words": {"english": ["hit"]}}, "'english' is not a language code"),
        ({"harm_words": {"en": ["hit", ""]}}, r"harm_words.en\[1\]: '' must be a word"),
        # There must always be English words to look for.
        ({"harm_words": {"cy": ["taro"]}}, "there must be English"),
        ({"ombudsman": "lgo"}, "ombudsman: 'lgo' must be one of lgsco, psow"),
        ({"review_panel": "no"}, "review_panel: 'no' must be true or false"),
    ],
)
def test_invalid_settings_name_the_key_and_value(data, message):
    with pytest.raises(RoutingSettingsError, match=message):
        RoutingSettings.from_mapping(data)


def test_signposted_services_replace_the_defaults():
    s = RoutingSettings.from_mapping({"signposted_services": {"health": "nhs"}})
    assert dict(s.signposted_services) == {Service.HEALTH: Signpost.NHS}


def test_every_setting_has_a_json_reader():
    # to_mapping and from_mapping cover the same keys: nothing is lost in JSON.
    keys = {f.name for f in dataclasses.fields(RoutingSettings) if f.init}
    assert set(ENGLAND_DEFAULTS.to_mapping()) == keys
