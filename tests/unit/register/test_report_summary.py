"""The report's key figures in words (summary.py): the numbers of the JSON, said plainly.

A council publishes these sentences, so each must be right for every count,
including none at all, and read naturally in Welsh, whose five plural forms
(1, 2, 3, 6 and the rest) each change the noun after the number.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from flask import Flask
from flask_babel import Babel, force_locale

from portal.i18n import TRANSLATIONS
from portal.register.shared import example
from portal.register.summary import key_figures, percent


@pytest.fixture(scope="module")
def app() -> Flask:
    app = Flask(__name__)
    Babel(app, default_translation_directories=str(TRANSLATIONS))
    return app


@pytest.fixture
def barking() -> dict[str, Any]:
    return json.loads(example("report-barking-2018-19.json").read_text(encoding="utf-8"))


def empty(report: dict[str, Any]) -> dict[str, Any]:
    """The same period with nothing in it, shaped as REPORT.md says (absent, not zero)."""
    return {"period": report["period"], "received": {},
            "complaints": {"by_procedure": {}, "made_by_child": 0,
                           "made_by_child_with_advocate": 0},
            "procedures": {}, "ombudsman": {"referred": 0, "by_decision": {}},
            "compensation_gbp": "0.00"}


def test_barking_in_words(app: Flask, barking: dict[str, Any]) -> None:
    with app.app_context():
        assert key_figures(barking) == [
            "146 representations were received: 81 complaints, 58 enquiries from councillors "
            "and MPs and 7 compliments.",
            "9 complaints were made by children and young people themselves. "
            "7 of them had an advocate.",
            # 44 of 81 is 54.32%.
            "54% of stage 1 responses were sent within 10 working days (44 of 81).",
            "2 complaints went to the Ombudsman.",
            "No compensation was paid.",
        ]


def test_nothing_reads_as_none(app: Flask, barking: dict[str, Any]) -> None:
    with app.app_context():
        assert key_figures(empty(barking)) == [
            "No complaints, compliments, comments or enquiries were received.",
            "No complaints were made by children and young people themselves.",
            "No stage 1 responses were sent in this period.",
            "No complaints went to the Ombudsman.",
            "No compensation was paid.",
        ]


def test_one_of_each_is_singular_and_money_has_pence(app: Flask, barking: dict[str, Any]
                                                      ) -> None:
    report = empty(barking)
    report["received"] = {"complaint": 1}
    report["complaints"].update(made_by_child=1, made_by_child_with_advocate=0)
    report["procedures"] = {"children_statutory": {"stage_responses": {"1": {
        "closed": 8, "base": 1, "extended": 0, "over": 7, "average_working_days": 30.0}}}}
    report["ombudsman"]["referred"] = 1
    report["compensation_gbp"] = "1250.50"
    with app.app_context():
        assert key_figures(report, stage1_days=15) == [
            "1 representation was received: 1 complaint.",
            "1 complaint was made by a child or young person themselves. "
            "They did not have an advocate.",
            "13% of stage 1 responses were sent within 15 working days (1 of 8).",  # 12.5 up
            "1 complaint went to the Ombudsman.",
            "£1,250.50 was paid in compensation.",
        ]


@pytest.mark.parametrize(("part", "whole", "expected"), [
    (1, 8, 13), (3, 8, 38), (5, 8, 63), (1, 3, 33), (2, 3, 67), (0, 5, 0), (5, 5, 100),
    (1, 200, 1),  # 0.5 rounds up, not to even
])
def test_percentages_round_half_up(part: int, whole: int, expected: int) -> None:
    assert percent(part, whole) == expected


def test_the_change_from_last_year(app: Flask, barking: dict[str, Any]) -> None:
    before = copy.deepcopy(barking)
    before["period"] = {"from": "2017-04-01", "to": "2018-03-31"}
    with app.app_context():
        before["received"]["complaint"] = 95
        assert key_figures(barking, before)[-1] == (
            "14 fewer complaints were received than in 1 April 2017 to 31 March 2018 (95).")
        before["received"]["complaint"] = 80
        assert key_figures(barking, before)[-1] == (
            "1 more complaint was received than in 1 April 2017 to 31 March 2018 (80).")
        before["received"]["complaint"] = 81
        assert key_figures(barking, before)[-1] == (
            "The same number of complaints was received as in 1 April 2017 to 31 March 2018 "
            "(81).")
        del before["received"]["complaint"]
        assert key_figures(barking, before)[-1] == (
            "81 more complaints were received than in 1 April 2017 to 31 March 2018 (0).")


@pytest.mark.parametrize(("count", "words"), [
    (1, "Aeth 1 gŵyn at yr Ombwdsmon."),
    (2, "Aeth 2 gŵyn at yr Ombwdsmon."),
    (3, "Aeth 3 cwyn at yr Ombwdsmon."),
    (6, "Aeth 6 chwyn at yr Ombwdsmon."),
    (5, "Aeth 5 o gwynion at yr Ombwdsmon."),
    (11, "Aeth 11 o gwynion at yr Ombwdsmon."),
    (0, "Nid aeth unrhyw gwynion at yr Ombwdsmon."),
])
def test_each_welsh_plural_form(app: Flask, barking: dict[str, Any], count: int,
                                words: str) -> None:
    barking["ombudsman"]["referred"] = count
    with app.app_context(), force_locale("cy"):
        assert key_figures(barking)[3] == words


def test_barking_in_welsh(app: Flask, barking: dict[str, Any]) -> None:
    with app.app_context(), force_locale("cy"):
        figures = key_figures(barking)
    assert figures[0] == ("Daeth 146 o gyflwyniadau i law: 81 o gwynion, 58 o ymholiadau gan "
                          "gynghorwyr ac Aelodau Seneddol a 7 o ganmoliaethau.")
    assert figures[1] == ("Gwnaed 9 o gwynion gan blant a phobl ifanc eu hunain. "
                          "Roedd gan 7 ohonyn nhw eiriolwr.")
    assert figures[2] == ("Anfonwyd 54% o ymatebion cam 1 o fewn 10 diwrnod gwaith "
                          "(44 o 81).")
    assert figures[4] == "Ni thalwyd unrhyw iawndal."


def test_the_words_name_no_one(app: Flask, barking: dict[str, Any]) -> None:
    # Team and category names are the council's own; the key figures use counts only.
    with app.app_context():
        text = " ".join(key_figures(barking))
    procedure = barking["procedures"]["children_statutory"]
    for name in [*procedure["by_team"], *procedure["by_category"],
                 *barking["compliments"]["by_team"]]:
        assert name not in text
