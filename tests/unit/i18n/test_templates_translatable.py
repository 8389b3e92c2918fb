"""No words a person sees or a screen reader speaks are hard-coded in English.

Visible text is easy to check by eye; the text only a screen reader speaks is
not: aria-label, title, alt and placeholder attributes, visually hidden spans,
the page's <title>, and the words handed to GOV.UK Frontend's macros
(visuallyHiddenText, titleText...). This scans every template for a literal
word in those places outside a {% trans %} block.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

TEMPLATES = ROOT / "templates"

#: Jinja expressions, statements and comments: what they produce is checked elsewhere.
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
TRANS_BLOCK = re.compile(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", re.DOTALL)
WORD = re.compile(r"[A-Za-z]{2,}")

SPOKEN_ATTRIBUTE = re.compile(
    r"\b(aria-label|aria-description|aria-roledescription|title|alt|placeholder)"
    r"=(\"[^\"]*\"|'[^']*')")
HIDDEN_ELEMENT = re.compile(
    r"<(\w+)[^>]*class=\"[^\"]*govuk-visually-hidden[^\"]*\"[^>]*>(.*?)</\1>", re.DOTALL)
TITLE_ELEMENT = re.compile(r"<title\b[^>]*>(.*?)</title>", re.DOTALL)
#: GOV.UK Frontend macro parameters that become words on the page or in a screen reader.
MACRO_TEXT = re.compile(
    r"[\"'](text|html|titleText|visuallyHiddenText|iconFallbackText|labelText|landmarkLabel"
    r"|ariaLabel|label|showPasswordText|hidePasswordText|textareaDescriptionText)[\"']"
    r"\s*:\s*(\"[^\"]*\"|'[^']*')")


def _literal_words(fragment: str) -> list[str]:
    return WORD.findall(JINJA.sub(" ", fragment))


def problems_in(source: str) -> list[str]:
    """Hard-coded English in the spoken places of one template's source."""
    # Comments say nothing to anyone; blanked to the same length so positions still match.
    source = COMMENT.sub(lambda m: " " * len(m.group(0)), source)
    translated = [m.span() for m in TRANS_BLOCK.finditer(source)]

    def in_trans(position: int) -> bool:
        return any(start <= position < end for start, end in translated)

    found = []
    for match in SPOKEN_ATTRIBUTE.finditer(source):
        if _literal_words(match.group(2)[1:-1]) and not in_trans(match.start()):
            found.append(match.group(0))
    for pattern, group in ((HIDDEN_ELEMENT, 2), (TITLE_ELEMENT, 1)):
        for match in pattern.finditer(source):
            if _literal_words(match.group(group)) and not in_trans(match.start()):
                found.append(match.group(0)[:80])
    for match in MACRO_TEXT.finditer(source):
        # Inside {{ }} a quoted value is a literal string, never a translation.
        if WORD.search(match.group(2)):
            found.append(match.group(0)[:80])
    return found


def templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in (".html", ".txt", ".svg"))


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_hard_coded_english_a_screen_reader_speaks(path: Path) -> None:
    assert problems_in(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("bad", [
    '<nav aria-label="Main menu">',
    '<img src="x.png" alt="Council logo">',
    '<span class="govuk-visually-hidden">Error:</span>',
    "<title>Have your say</title>",
    '{{ govukErrorMessage({"text": message, "visuallyHiddenText": "Error"}) }}',
    "{{ govukPanel({'titleText': 'Sent'}) }}",
])
def test_the_scan_finds_hard_coded_english(bad: str) -> None:
    assert problems_in(bad) != []


@pytest.mark.parametrize("good", [
    "<nav aria-label=\"{{ _('Choose a language') }}\">",
    '<span class="govuk-visually-hidden">{{ _("Warning") }}</span>',
    "{% trans name=n %}Deactivate<span class=\"govuk-visually-hidden\"> {{ name }}</span>"
    "{% endtrans %}",
    "<title>{{ title }}</title>",
    '{{ govukPanel({"titleText": _("Sent")}) }}',
])
def test_the_scan_lets_translated_words_through(good: str) -> None:
    assert problems_in(good) == []
