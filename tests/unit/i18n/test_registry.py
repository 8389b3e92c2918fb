"""The language registry (translations/languages.toml) and what a council's settings offer."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.i18n import LOCALES, STAFF_LOCALES, Offer, offerable, read_registry
from portal.settings.council import CouncilSettings, CouncilSettingsError

ISSUE_LANGUAGES = {"pl", "ro", "pa", "ur", "ar", "pt", "bn", "ps", "fa_AF", "fa", "ti", "ckb",
                   "vi", "sq"}
RIGHT_TO_LEFT = {"ar", "ur", "ps", "fa_AF", "fa", "ckb"}


def test_the_registry_holds_english_welsh_and_the_fourteen_languages() -> None:
    assert set(LOCALES) == {"en", "cy"} | ISSUE_LANGUAGES
    assert {c for c, loc in LOCALES.items() if loc.dir == "rtl"} == RIGHT_TO_LEFT
    assert LOCALES["en"].state == "source"
    assert LOCALES["fa_AF"].tag == "fa-AF"
    assert LOCALES["ur"].name == "اردو"


def test_staff_pages_speak_english_and_welsh_only() -> None:
    assert set(STAFF_LOCALES) == {"en", "cy"}


def test_nothing_is_called_reviewed_without_a_date_and_a_reviewer(tmp_path: Path) -> None:
    path = tmp_path / "languages.toml"
    path.write_text('[en]\nname = "English"\nstate = "source"\nscope = "all"\n'
                    '[pl]\nname = "Polski"\nstate = "reviewed"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="reviewed"):
        read_registry(path)
    path.write_text('[en]\nname = "English"\nstate = "source"\nscope = "all"\n'
                    '[pl]\nname = "Polski"\nstate = "reviewed"\nreviewed = 2027-01-10\n'
                    'reviewed_by = "A. Translator"\n', encoding="utf-8")
    assert read_registry(path)["pl"].reviewed.isoformat() == "2027-01-10"  # type: ignore[union-attr]


def test_an_unknown_state_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "languages.toml"
    path.write_text('[en]\nname = "English"\nstate = "source"\nscope = "all"\n'
                    '[pl]\nname = "Polski"\nstate = "done"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="state"):
        read_registry(path)


def codes(offer: Offer, **kwargs: bool) -> list[str]:
    return [loc.code for loc in offerable(offer, **kwargs)]


def test_a_council_offers_what_it_lists_and_english_always() -> None:
    assert codes(Offer(codes=("pl", "ar"))) == ["en", "pl", "ar"]
    assert codes(Offer(codes=())) == ["en"]
    assert codes(Offer(codes=("en", "xx"))) == ["en"]


def test_a_draft_is_offered_only_where_the_council_allows_drafts() -> None:
    assert all(LOCALES[c].draft for c in ISSUE_LANGUAGES)
    assert codes(Offer(codes=("cy", "pl"), allow_drafts=False)) == ["en"]
    assert codes(Offer(codes=("cy", "pl"), allow_drafts=True)) == ["en", "cy", "pl"]


def test_a_staff_page_offers_only_the_staff_languages() -> None:
    assert codes(Offer(codes=("cy", "pl", "ar")), staff=True) == ["en", "cy"]


def test_council_settings_read_the_draft_choice() -> None:
    base = {"contacts": {"duty_line": "01234 567890"}}
    assert CouncilSettings.from_mapping(base).allow_draft_languages is True
    assert CouncilSettings.from_mapping({**base, "allow_draft_languages": False}
                                        ).allow_draft_languages is False
    with pytest.raises(CouncilSettingsError, match="allow_draft_languages"):
        CouncilSettings.from_mapping({**base, "allow_draft_languages": "yes"})
