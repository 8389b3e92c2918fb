"""Reasons: one stable code per rule, words for officers and for the complainant."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask_babel import Babel
from flask_babel.speaklater import LazyString

from portal.common.dates import calendar_for
from portal.routing import reasons as reasons_module
from portal.routing.reasons import (
    OMBUDSMAN_LABELS,
    PROCEEDING_LABELS,
    SERVICE_LABELS,
    SUBMITTER_LABELS,
    Reason,
    ReasonCode,
    decision_json,
    reason_text,
    reason_texts,
    render_english,
)
from portal.routing.rules import route
from portal.routing.submission import parse_submission
from portal.settings.routing import ENGLAND_DEFAULTS
from portal.vocab.routing import Ombudsman, Proceeding, Service, Signpost, Submitter

PARAMS = {
    "service": "fostering",
    "submitter": "grandparent",
    "ombudsman": "psow",
    "proceedings": "court,police",
    "months": 12,
}


def example(code: ReasonCode) -> Reason:
    return Reason.of(code, **PARAMS)


@pytest.mark.parametrize("audience", ["officer", "child"])
@pytest.mark.parametrize("code", list(ReasonCode))
def test_every_reason_has_words_for_both_audiences(code, audience):
    text = reason_text(example(code), audience)
    assert text.strip()
    # Every placeholder was filled.
    assert "%(" not in text


@pytest.mark.parametrize("code", list(ReasonCode))
def test_child_words_are_short_sentences(code):
    # Words a 9-year-old can read: no sentence longer than 20 words.
    text = reason_text(example(code), "child")
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        assert len(sentence.split()) <= 20, sentence


@pytest.mark.parametrize("signpost", list(Signpost))
def test_a_signposted_child_is_told_where_to_go_and_how(signpost):
    text = reason_text(Reason.of(ReasonCode.signposted(signpost), **PARAMS), "child")
    assert re.search(r"\b(Ask|ask|Talk|call|contact|tells you how|complain)\b", text), text


def test_signpost_words_differ_for_each_place():
    texts = {reason_text(example(ReasonCode.signposted(s)), "child") for s in Signpost}
    assert len(texts) == len(Signpost)


def test_officer_words_name_the_params_in_plain_words():
    text = reason_text(Reason.of(ReasonCode.DEFERRAL, proceedings="court,police"))
    assert "court proceedings; a police investigation" in text
    text = reason_text(Reason.of(ReasonCode.SIGNPOSTED_OMBUDSMAN, ombudsman="psow"))
    assert "Public Services Ombudsman for Wales" in text
    text = reason_text(Reason.of(ReasonCode.SUFFICIENT_INTEREST, submitter="grandparent"))
    assert "(a grandparent)" in text


@pytest.mark.parametrize(
    ("months", "words"),
    [
        # The plural form follows the council's limit.
        (1, "more than 1 month before"),
        (12, "more than 12 months before"),
    ],
)
def test_out_of_time_plural(months, words):
    assert words in reason_text(Reason.of(ReasonCode.OUT_OF_TIME, months=months))


@pytest.mark.parametrize(
    ("labels", "vocabulary"),
    [
        (SERVICE_LABELS, Service),
        (SUBMITTER_LABELS, Submitter),
        (PROCEEDING_LABELS, Proceeding),
        (OMBUDSMAN_LABELS, Ombudsman),
    ],
)
def test_every_value_has_a_translatable_label(labels, vocabulary):
    assert set(labels) == set(vocabulary)
    assert all(isinstance(label, LazyString) for label in labels.values())


def test_words_are_translated_when_used_not_at_import():
    # Module-level strings are lazy, so each request renders its own locale.
    tables = [reasons_module._OFFICER, reasons_module._CHILD]
    assert all(isinstance(t, LazyString) for table in tables for t in table.values())


def test_reason_round_trips_through_json_form():
    r = Reason.of(ReasonCode.OUT_OF_TIME, months=12)
    assert Reason.from_mapping(r.to_mapping()) == r
    assert r.to_mapping() == {"code": "out_of_time", "params": {"months": 12}}


def test_english_rendering_inside_an_app_in_another_locale():
    app = Flask(__name__)
    app.config["BABEL_DEFAULT_LOCALE"] = "cy"
    Babel(app)
    with app.app_context():
        rendered = render_english([Reason.of(ReasonCode.CHILD_AGREEMENT, submitter="parent")])
    assert rendered == [reason_text(Reason.of(ReasonCode.CHILD_AGREEMENT, submitter="parent"))]
    assert rendered[0].startswith("Someone else complains on the child's behalf (a parent)")


def test_a_decision_speaks_to_the_complainant_in_child_words():
    decision = route(
        parse_submission(
            {
                "kind": "complaint",
                "received_on": "2026-03-02",
                "submitter": "child",
                "service": "health",
            }
        ),
        settings=ENGLAND_DEFAULTS,
        calendar=calendar_for("england"),
    )
    child = reason_texts(decision, "child")
    assert child[0].startswith("This is about the NHS, like a doctor, nurse or hospital.")
    assert reason_texts(decision) == decision_json(decision)["reasons"]
