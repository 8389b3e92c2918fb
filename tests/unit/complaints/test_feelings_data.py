"""The faces of "How did it make you feel?" as data (issue 19, part 4): five faces, each
with a word and an OpenMoji picture the build copies; both the face and the words are
optional, so either alone, both or neither answers the page; staff have a word for each."""

from __future__ import annotations

import re
from datetime import date

from portal.complaints.questions import AFFECTED, FEELING_CHOICES, FEELINGS
from portal.complaints.validation import validate_step
from portal.models.cases import Representation
from portal.web.cases.answer_labels import FEELING_LABELS
from tests.conftest import ROOT

TODAY = date(2026, 11, 23)


def test_five_faces_each_with_a_word_and_a_picture() -> None:
    assert [c.value for c in FEELING_CHOICES] == ["happy", "okay", "sad", "angry", "scared"]
    assert FEELINGS == frozenset(c.value for c in FEELING_CHOICES)
    assert all(c.label and c.face for c in FEELING_CHOICES)
    assert len({c.face for c in FEELING_CHOICES}) == 5


def test_the_build_copies_exactly_these_pictures() -> None:
    build = (ROOT / "static" / "build.mjs").read_text(encoding="utf-8")
    copied = re.search(r"const FACES = \[([^\]]*)\]", build)
    assert copied is not None
    assert re.findall(r'"([0-9A-F]+)"', copied.group(1)) == [c.face for c in FEELING_CHOICES]
    for choice in FEELING_CHOICES:
        assert (ROOT / "node_modules" / "openmoji" / "color" / "svg"
                / f"{choice.face}.svg").is_file()


def test_the_faces_come_first_and_both_answers_are_optional() -> None:
    feeling, words = AFFECTED.fields
    assert (feeling.name, feeling.kind, words.name, words.kind) == (
        "feeling", "radios", "how_affected", "textarea")
    assert AFFECTED.legend_is_title  # "How did it make you feel?" is the faces' legend
    assert str(feeling.label) == str(AFFECTED.title)
    assert not feeling.required
    assert not words.required


def test_a_face_alone_words_alone_both_or_neither_are_answers() -> None:
    for form in ({"feeling": ["sad"]}, {"how_affected": ["I cried."]},
                 {"feeling": ["angry"], "how_affected": ["I shouted."]}, {}):
        values, errors = validate_step(AFFECTED, form, today=TODAY)
        assert errors == {}, form
        assert values["feeling"] == (form.get("feeling") or [""])[0]


def test_an_unknown_face_is_an_error() -> None:
    values, errors = validate_step(AFFECTED, {"feeling": ["furious"]}, today=TODAY)
    assert values["feeling"] == ""
    assert set(errors) == {"feeling"}


def test_staff_have_a_word_for_every_face_and_the_case_a_place() -> None:
    assert set(FEELING_LABELS) == FEELINGS
    column = Representation.__table__.columns["feeling"]
    assert column.nullable
    assert max(len(v) for v in FEELINGS) <= column.type.length
