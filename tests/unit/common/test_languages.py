"""The case's language as pure rules: its name for staff, when an interpreter is needed,
when a reply must be translated, and the locale a letter is written under."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask_babel import Babel, get_locale

from portal.common.languages import (
    asked_for_interpreter,
    babel_code,
    display_name,
    english_name,
    html_lang,
    in_language,
    interpreter_needed,
    own_name,
    reply_needs_translation,
)


@pytest.mark.parametrize(("code", "name"), [
    ("en", "English"),
    ("cy", "Welsh"),
    ("pl", "Polish"),
    ("ro", "Romanian"),
    ("pa", "Panjabi"),  # as the lead asked, not CLDR's "Punjabi"
    ("ur", "Urdu"),
    ("ar", "Arabic"),
    ("pt", "Portuguese"),
    ("bn", "Bangla"),  # CLDR's English name for Bengali
    ("ps", "Pashto"),
    ("fa_AF", "Dari"),  # Dari's Babel code; CLDR would say "Persian (Afghanistan)"
    ("fa-AF", "Dari"),
    ("prs", "Dari"),  # its ISO 639-3 code, which Babel does not know
    ("fa", "Persian"),
    ("ti", "Tigrinya"),
    ("ckb", "Kurdish (Sorani)"),
    ("vi", "Vietnamese"),
    ("sq", "Albanian"),
    ("pt-BR", "Brazilian Portuguese"),
    ("xx", "xx"),  # unknown: the code itself, never hidden
    ("", ""),
    (None, ""),
])
def test_english_name(code: str | None, name: str) -> None:
    assert english_name(code) == name


@pytest.mark.parametrize(("code", "reader", "name"), [
    ("pl", "cy", "Pwyleg"),
    ("fa_AF", "cy", "Dari"),
    ("ckb", "cy", "Cwrdeg Sorani"),
    ("en", "cy", "Saesneg"),
    ("pl", None, "Polish"),  # no reader: English
])
def test_display_name_in_the_readers_language(code: str, reader: str | None,
                                              name: str) -> None:
    assert display_name(code, reader) == name


@pytest.mark.parametrize(("code", "name"), [
    ("cy", "Cymraeg"), ("pl", "Polski"), ("fa_AF", "دری"), ("prs", "دری"), ("xx", "xx"),
])
def test_own_name(code: str, name: str) -> None:
    assert own_name(code) == name


@pytest.mark.parametrize(("code", "locale"), [
    ("pl", "pl"),
    ("ckb", "ckb"),
    ("fa_AF", "fa_AF"),
    ("prs", "fa_AF"),  # force_locale("prs") would raise UnknownLocaleError
    ("pt-BR", "pt_BR"),
    ("xx", "en"),  # unknown: an English letter, not none
    ("", "en"),
    (None, "en"),
])
def test_babel_code(code: str | None, locale: str) -> None:
    assert babel_code(code) == locale


@pytest.mark.parametrize(("language", "needs", "needed"), [
    ("en", [], False),
    ("cy", [], False),
    ("en-GB", [], False),  # a region is still English
    ("en", ["easy_read", "large_print"], False),
    ("en", ["interpreter:Tigrinya"], True),  # they asked, in an English form
    ("cy", ["interpreter"], True),  # asked without naming the language
    ("pl", [], True),
    ("fa_AF", [], True),
    ("prs", [], True),
    ("ckb", None, True),
    (None, [], False),  # an old case with no language: English
])
def test_interpreter_needed(language: str | None, needs: list[str] | None,
                            needed: bool) -> None:
    assert interpreter_needed(language, needs) is needed


@pytest.mark.parametrize(("code", "lang"), [
    ("pl", "pl"), ("fa_AF", "fa-AF"), ("pt_BR", "pt-BR"), (None, "en"),
])
def test_html_lang(code: str | None, lang: str) -> None:
    assert html_lang(code) == lang


def test_only_an_interpreter_is_an_interpreter() -> None:
    assert asked_for_interpreter(["other:an interpreter please"]) is False
    assert asked_for_interpreter(["interpreter:Polish"]) is True


@pytest.mark.parametrize(("case", "writer", "translate"), [
    ("en", "en", False),
    ("en", "cy", False),  # staff reply to an English case in English
    ("cy", "cy", False),  # an officer writing Welsh to a Welsh case
    ("cy", "en", True),   # an officer writing English to a Welsh case
    ("pl", "en", True),
    ("pl", "cy", True),
    ("fa_AF", "en", True),
    ("pl", None, True),
    (None, "en", False),
])
def test_reply_needs_translation(case: str | None, writer: str | None,
                                 translate: bool) -> None:
    assert reply_needs_translation(case, writer) is translate


@pytest.fixture(scope="module")
def context() -> Iterator[None]:
    app = Flask("languages")
    Babel(app)
    with app.test_request_context():
        yield


@pytest.mark.usefixtures("context")
@pytest.mark.parametrize(("code", "locale", "recorded"), [
    ("pl", "pl", "pl"), ("fa_AF", "fa_AF", "fa_AF"), ("prs", "fa_AF", "prs"), ("xx", "en", "xx"),
    (None, "en", "en"),
])
def test_in_language_forces_the_locale(code: str | None, locale: str, recorded: str) -> None:
    with in_language(code) as written_in:
        assert str(get_locale()) == locale
        assert written_in == recorded
