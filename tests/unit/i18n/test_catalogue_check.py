"""make translations-check: what fails a catalogue, by its state (portal/catalogues.py)."""

from __future__ import annotations

from datetime import date

from babel.messages.catalog import Catalog

from portal.catalogues import check_catalogue
from portal.i18n import Locale

TEMPLATE = {(None, "Continue"), (None, "Your reference is %(reference)s"),
            (None, "Read <a href=\"%(url)s\">this</a>")}


def catalogue(strings: dict[str, str], fuzzy: tuple[str, ...] = ()) -> Catalog:
    found = Catalog(locale="pl")
    for msgid, text in strings.items():
        found.add(msgid, text, flags=("fuzzy",) if msgid in fuzzy else ())
    return found


DRAFT = Locale("pl", "Polski", state="draft", scope="public")
REVIEWED = Locale("pl", "Polski", state="reviewed", scope="public",
                  reviewed=date(2027, 1, 10), reviewed_by="A. Translator")


def test_a_draft_may_lack_strings_but_says_how_much_is_done() -> None:
    report = check_catalogue(DRAFT, TEMPLATE, catalogue({"Continue": "Dalej"}))
    assert (report.translated, report.total) == (1, 3)
    assert report.failures == []


def test_a_reviewed_catalogue_fails_on_a_missing_or_fuzzy_string() -> None:
    report = check_catalogue(REVIEWED, TEMPLATE, catalogue(
        {"Continue": "Dalej", "Your reference is %(reference)s": "Numer: %(reference)s"},
        fuzzy=("Continue",)))
    assert report.fuzzy == ["Continue"]
    assert len(report.missing) == 1
    assert len(report.failures) == 2


def test_any_catalogue_fails_on_a_translation_that_would_break_the_page() -> None:
    report = check_catalogue(DRAFT, TEMPLATE, catalogue({
        "Your reference is %(reference)s": "Numer: %(ref)s",  # KeyError at run time
        "Read <a href=\"%(url)s\">this</a>": "Przeczytaj to: %(url)s",  # the link is gone
    }))
    assert sorted(report.broken) == ["Read <a href=\"%(url)s\">this</a>",
                                     "Your reference is %(reference)s"]
    assert len(report.failures) == 2


def test_welsh_is_always_held_to_completeness() -> None:
    welsh = Locale("cy", "Cymraeg", state="draft", scope="all")
    report = check_catalogue(welsh, TEMPLATE, catalogue({"Continue": "Parhau"}))
    assert len(report.failures) == 2
