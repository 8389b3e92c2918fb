"""Welsh has no one word for "yes" or "no": the answer repeats the question's verb.

"Ydych chi'n ddiogel?" is answered "Ydw" or "Nac ydw", "Ydy'r plentyn mewn
gofal?" "Ydy" or "Nac ydy", "Hoffech chi gael eiriolwr?" "Hoffwn" or "Na
hoffwn". So every Yes and No carries its question as a context (pgettext), and
its Welsh answers that question.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask_babel import Babel, force_locale

from portal.complaints import journey
from portal.complaints.questions import BY_SLUG
from portal.i18n import TRANSLATIONS

#: A bare yes or no, which only makes sense beside its question.
BARE_ANSWER = re.compile(r"^(Yes|No)(, (please|thank you))?$")
#: Welsh's context-free "yes" and "no": never right as the answer to a question.
GENERIC_WELSH = {"Ie", "Na", "Ie, os gwelwch yn dda", "Na, dim diolch"}

CHILD = {"submitter": "child"}
ADULT = {"submitter": "parent"}


@pytest.fixture(scope="module")
def welsh() -> Iterator[None]:
    app = Flask("yes-no")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app)
    with app.test_request_context(), force_locale("cy"):
        yield


def _label(slug: str, field: str, value: str, answers: dict[str, str]) -> str:
    choice = next(c for c in BY_SLUG[slug].field(field).choices if c.value == value)
    return str(journey.choice_label(choice, answers))


@pytest.mark.parametrize(("slug", "field", "value", "answers", "expected"), [
    # "Ydych chi'n ddiogel ar hyn o bryd?" - I am / I am not.
    ("are-you-safe", "safe", "yes", CHILD, "Ydw"),
    ("are-you-safe", "safe", "no", CHILD, "Nac ydw"),
    # "Ydych chi a'r plentyn yn ddiogel?" - we are / we are not.
    ("are-you-safe", "safe", "yes", ADULT, "Ydyn"),
    ("are-you-safe", "safe", "no", ADULT, "Nac ydyn"),
    # "Ydych chi mewn gofal?" / "Ydy'r plentyn mewn gofal?"
    ("about-the-child", "in_care", "no", CHILD, "Nac ydw"),
    ("about-the-child", "in_care", "no", ADULT, "Nac ydy"),
    # "Hoffech chi gael eiriolwr?" / "Hoffai'r plentyn gael eiriolwr?"
    ("advocate", "wants_advocate", "yes", CHILD, "Hoffwn, os gwelwch yn dda"),
    ("advocate", "wants_advocate", "no", CHILD, "Na hoffwn, dim diolch"),
    ("advocate", "wants_advocate", "yes", ADULT, "Hoffai"),
    ("advocate", "wants_advocate", "no", ADULT, "Na hoffai"),
])
def test_each_journey_answer_agrees_with_its_question(
        welsh: None, slug: str, field: str, value: str, answers: dict[str, str],
        expected: str) -> None:
    assert _label(slug, field, value, answers) == expected


def _catalogue(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as f:
        return read_po(f, locale="cy")


def test_no_yes_or_no_without_its_question() -> None:
    bare = [m.id for m in _catalogue(TRANSLATIONS / "messages.pot")
            if isinstance(m.id, str) and BARE_ANSWER.match(m.id) and not m.context]
    assert bare == [], "give each Yes/No its question: pgettext('answer to: ...', 'Yes')"


def test_every_welsh_answer_is_the_verb_of_its_question() -> None:
    answers = [m for m in _catalogue(TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.po")
               if isinstance(m.id, str) and BARE_ANSWER.match(m.id)]
    assert len(answers) >= 20, "the yes and no answers are missing from the catalogue"
    generic = [(m.context, m.id, m.string) for m in answers if m.string in GENERIC_WELSH]
    assert generic == []


def test_the_check_finds_a_bare_yes() -> None:
    assert BARE_ANSWER.match("Yes")
    assert BARE_ANSWER.match("No, thank you")
    assert not BARE_ANSWER.match("Yes, this council looks after me")
