"""The child-facing English copy reads at age 9 to 10: Flesch-Kincaid grade 5 or below.

The corpus is every string a child sees on the way: the questions, their hints and
choices (not the adult wording, which an adult reads), the error messages, the
tracking words, and the text of the child-facing templates.
"""

from __future__ import annotations

import re

import pytest
import textstat
from babel.messages.extract import extract_from_file
from flask import Flask
from flask_babel import Babel
from textstat.backend.counts import _count_syllables

from portal.complaints import validation
from portal.complaints.questions import STEPS, WHAT_HAPPENED_BY_KIND
from portal.web.complaints import tracking
from tests.conftest import ROOT

CHILD_TEMPLATES = [
    "templates/public/index.html",
    "templates/complaints/get-help-now.html",
    "templates/complaints/check-answers.html",
    "templates/complaints/sent.html",
    "templates/complaints/track.html",
    "templates/complaints/track-case.html",
    "templates/complaints/take-it-further.html",
    "templates/complaints/withdraw.html",
    "templates/complaints/new-advocate.html",
    "templates/complaints/new-advocate-why.html",
    "templates/complaints/new-advocate-done.html",
    "templates/complaints/intro/advocate.html",
    "templates/components/session-timeout.html",
]
MAX_GRADE = 5.0
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def english():  # type: ignore[no-untyped-def]
    """English strings, and syllables counted by Pyphen's bundled dictionary.

    textstat 0.7.13 first looks words up in NLTK's CMU dictionary, which it
    downloads from the internet on first use; tests must not depend on the
    network, so the lookup is switched off and textstat uses its own Pyphen
    fallback for every word (as textstat did before 0.7.4).
    """
    patch = pytest.MonkeyPatch()
    patch.setattr(_count_syllables, "get_cmudict", lambda lang: None)
    app = Flask("reading-age")
    Babel(app)
    with app.test_request_context():
        yield
    patch.undo()


def _sentence(text: str) -> str:
    # A label is a sentence to a reader; without a full stop textstat would run them together.
    text = " ".join(str(text).split())
    return text if text.endswith((".", "?", "!", ":")) else text + "."


def question_strings() -> list[str]:
    found = []
    for step in STEPS:
        found.append(step.title)
        for field in step.fields:
            found += [field.label, field.hint, field.required_error]
            for choice in field.choices:
                found += [choice.label, choice.hint]
    found += list(WHAT_HAPPENED_BY_KIND.values())
    found += list(tracking.STATUS_WORDS.values()) + list(tracking.NOTICES.values())
    found += [value for name, value in vars(validation).items() if name.startswith("E_")]
    return [s for s in found if s]


def template_strings() -> list[str]:
    found = []
    for relative in CHILD_TEMPLATES:
        for _line, message, _comments, _context in extract_from_file(
                "jinja2.ext:babel_extract", ROOT / relative,
                options={"extensions": "jinja2.ext.i18n", "trimmed": "true"}):
            texts = message if isinstance(message, tuple) else (message,)
            # Placeholders read as the short words they stand for; markup is not read.
            found += [TAG.sub(" ", t.replace("%(", "").replace(")s", "")) for t in texts if t]
    return found


def test_child_facing_copy_reads_at_age_9_to_10(english) -> None:  # type: ignore[no-untyped-def]
    corpus = [_sentence(s) for s in question_strings() + template_strings()]
    assert len(corpus) > 200, "the corpus lost its strings"
    text = " ".join(corpus)
    grade = textstat.flesch_kincaid_grade(text)
    print(f"Flesch-Kincaid grade {grade:.2f} over {len(corpus)} strings, "
          f"{textstat.lexicon_count(text)} words")
    assert grade <= MAX_GRADE


def test_no_single_child_facing_sentence_is_hard(english) -> None:  # type: ignore[no-untyped-def]
    """An average can hide one long, hard sentence: each string on its own stays readable."""
    hard = [s for s in (_sentence(x) for x in question_strings() + template_strings())
            if textstat.lexicon_count(s) >= 8 and textstat.flesch_kincaid_grade(s) > 9]
    assert hard == []
