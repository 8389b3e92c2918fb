"""Every user-visible string is translated where it must be, and the templates are fresh.

Welsh is never second-class: its catalogue is complete. A reviewed catalogue is complete
too; a draft may lack strings (they fall back to English) but never breaks a page
(portal/catalogues.py, translations/languages.toml).
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from portal.catalogues import ALWAYS_COMPLETE
from portal.i18n import LOCALES
from tests.conftest import ROOT

TRANSLATIONS = ROOT / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*(\w+)\s*\}\}")


def extract(tmp_path: Path, config: str = "babel.cfg") -> set[str]:
    out = tmp_path / "fresh.pot"
    subprocess.run(  # noqa: S603 - a fixed argv of this interpreter, no shell
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
         str(TRANSLATIONS / config), "--no-wrap", "--add-location=never", "--omit-header",
         "-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2", "-k", "lazy_pgettext:1c,2",
         "-o", str(out), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    return ids(out)


def ids(path: Path) -> set[tuple[str | None, str]]:
    """(context, msgid) of every message: a "Yes" for one question and a "Yes" for
    another are different messages (pgettext), each with its own Welsh."""
    with path.open("rb") as f:
        return {(m.context, m.id if isinstance(m.id, str) else m.id[0])
                for m in read_po(f) if m.id}


def test_messages_pot_is_fresh(tmp_path: Path) -> None:
    fresh = extract(tmp_path)
    committed = ids(TRANSLATIONS / "messages.pot")
    assert fresh - committed == set(), "new strings: run make translations"
    assert committed - fresh == set(), "strings gone from the code: run make translations"


def test_public_pot_is_fresh(tmp_path: Path) -> None:
    fresh = extract(tmp_path, "public.cfg")
    committed = ids(TRANSLATIONS / "public.pot")
    assert fresh == committed, "run make translations"


def test_public_messages_are_among_all_messages() -> None:
    assert ids(TRANSLATIONS / "public.pot") <= ids(TRANSLATIONS / "messages.pot")


MUST_BE_COMPLETE = [c for c, loc in LOCALES.items()
                    if c in ALWAYS_COMPLETE or loc.state == "reviewed"]


def test_welsh_must_be_complete() -> None:
    assert "cy" in MUST_BE_COMPLETE


@pytest.mark.parametrize("code", MUST_BE_COMPLETE)
def test_catalogue_is_complete(code: str) -> None:
    pot = "messages.pot" if LOCALES[code].for_staff else "public.pot"
    template = ids(TRANSLATIONS / pot)
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalogue = read_po(f, locale=code)
    missing, fuzzy, wrong = [], [], []
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(key)
        if message.fuzzy:
            fuzzy.append(key)
        source = message.id if isinstance(message.id, str) else message.id[-1]
        wanted = {m[0] or m[1] for m in PLACEHOLDER.findall(source)}
        for s in strings:
            if s and {m[0] or m[1] for m in PLACEHOLDER.findall(s)} != wanted:
                wrong.append(key)
    present = {(m.context, m.id if isinstance(m.id, str) else m.id[0])
               for m in catalogue if m.id}
    assert template - present == set(), "run make translations"
    assert missing == [], f"{len(missing)} untranslated, e.g. {missing[:5]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    assert wrong == [], f"placeholders differ in {wrong[:5]}"


# --- what a translation must carry over, and Welsh's own house style ---------------------

HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
ANY_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|\{\{\s*\w+\s*\}\}")
# Things a reader copies or dials, and data the code reads: never translated.
KEPT_AS_WRITTEN = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # email addresses
    r"|https?://\S*"  # web addresses
    r"|--[a-z][\w-]*"  # command-line options
    r"|\b[a-z]+(?:_[a-z]+)+\b"  # JSON and CSV field names
    r"|\d(?:[\d.:/-]*\d)?"  # numbers, phone numbers, dates, versions, section 26A
)


def catalogue(code: str) -> Catalog:
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=code)


@pytest.mark.parametrize("code", [c for c in LOCALES if c != "en"])
def test_every_language_has_a_catalogue_of_its_scope(code: str) -> None:
    pot = "messages.pot" if LOCALES[code].for_staff else "public.pot"
    assert ids(TRANSLATIONS / pot) <= {
        (m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalogue(code) if m.id
    }, "run make translations"


def translated_pairs(code: str) -> list[tuple[str, str]]:
    """(source, translation) for every translated form; plural forms pair with the plural msgid."""
    pairs = []
    for message in catalogue(code):
        if not message.id:
            continue
        if isinstance(message.id, str):
            pairs.append((message.id, message.string))
        else:
            pairs += [(message.id[-1], s) for s in message.string]
    return [(source, text) for source, text in pairs if text]


def kept(text: str) -> list[str]:
    return sorted(KEPT_AS_WRITTEN.findall(ANY_PLACEHOLDER.sub(" ", text)))


TRANSLATED = [c for c in LOCALES if c != "en"]


@pytest.mark.parametrize("code", TRANSLATED)
def test_html_tags_are_kept_exactly(code: str) -> None:
    # A tag dropped or altered breaks the page (an unclosed <strong>) or its styling.
    wrong = [s for s, t in translated_pairs(code)
             if sorted(HTML_TAG.findall(s)) != sorted(HTML_TAG.findall(t))]
    assert wrong == [], f"HTML tags differ in {wrong[:5]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_numbers_addresses_and_field_names_are_kept(code: str) -> None:
    # 999, 0800 1111, name@example.com, received_on, --from: a reader dials or types them,
    # the code reads them; a translator must never change one.
    wrong = [(s, t) for s, t in translated_pairs(code) if not set(kept(s)) <= set(kept(t))]
    assert wrong == [], f"not kept as written: {wrong[:3]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_no_stray_percent_sign(code: str) -> None:
    # Every string is %-formatted (reasons, {% trans %}); a bare % raises at run time.
    def stray(text: str) -> int:
        return ANY_PLACEHOLDER.sub("", text).count("%")
    wrong = [s for s, t in translated_pairs(code) if stray(t) != stray(s)]
    assert wrong == [], f"stray % in {wrong[:5]}"


def test_welsh_catalogue_has_all_five_plural_forms() -> None:
    # Welsh counts 0/other, 1, 2, 3 and 6 differently (dau blentyn, tri phlentyn, chwe
    # phlentyn); a missing form would show the English plural for that number.
    welsh = catalogue("cy")
    assert welsh.num_plurals == 5
    short = [m.id[0] for m in welsh if isinstance(m.id, tuple) and len(m.string) != 5]
    assert short == []


# Welsh uses "chi" throughout, as GOV.UK's Welsh does; "ti" forms would mix registers.
TI_FORMS = re.compile(
    r"(?<![\w'’-])(ti|dy|wyt|dwyt|arnat|gennyt|atat|iti|amdanat|dewisa|ysgrifenna|gwasga"
    r"|ffonia|dyweda|gofynna|cysyllta|rho)(?![\w'’-])",
    re.IGNORECASE,
)


def test_welsh_says_chi_never_ti() -> None:
    wrong = [t for _, t in translated_pairs("cy") if TI_FORMS.search(t)]
    assert wrong == [], f"ti forms in {wrong[:5]}"


# The established Welsh term wherever the English uses it; mutations allowed
# (cwyn, gŵyn, nghwyn, chwyn; diwrnod, ddiwrnod, niwrnod).
GLOSSARY = [
    # GOV.UK Frontend's own Welsh for the quick exit and the skip link
    (r"\bExit this page\b", r"(?i)g?adael y dudalen hon"),
    (r"\bSkip to main content\b", r"Neidio i'r prif gynnwys"),
    # complaint, compliment, comment
    (r"(?i)\bcomplaints?\b", r"(?i)(c|g|ngh|ch)[wŵ]yn|achwyn"),
    (r"(?i)\bcompliments?\b", r"(?i)(c|g|ngh|ch)anmol"),
    (r"(?i)\bcomments?\b", r"(?i)sylw"),
    # advocate, advocacy (Children Act 1989 s.26A)
    (r"(?i)\badvoca(te|tes|cy)\b", r"(?i)eiriol"),
    (r"(?i)\bsocial workers?\b", r"(?i)weithiwr cymdeithasol|weithwyr cymdeithasol"),
    (r"(?i)\bchildren's services\b", r"(?i)wasanaethau plant"),
    (r"\bOmbudsman\b", r"Ombwdsmon"),
    (r"(?i)\bworking days?\b", r"(?i)(d|dd|n)iwrnod(au)? gwaith"),
]


@pytest.mark.parametrize(("english", "welsh"), GLOSSARY)
def test_welsh_uses_the_established_terms(english: str, welsh: str) -> None:
    pairs = [(s, t) for s, t in translated_pairs("cy") if re.search(english, s)]
    assert pairs, f"no message uses {english}: the glossary row tests nothing"
    wrong = [s for s, t in pairs if not re.search(welsh, t)]
    assert wrong == [], f"{welsh} missing from {wrong[:5]}"


# A letter of another script in a translation is a slip (a Devanagari letter in Bengali
# looks alike and reads as nothing); Latin is allowed everywhere (Childline, 999, GDPR).
SCRIPT_NAMES = {"Latn": ("LATIN",), "Arab": ("ARABIC",), "Arab-Nastaliq": ("ARABIC",),
                "Guru": ("GURMUKHI",), "Beng": ("BENGALI",),
                "Ethi": ("ETHIOPIC",)}


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_are_written_in_their_own_script(code: str) -> None:
    allowed = ("LATIN", *SCRIPT_NAMES[LOCALES[code].script])
    strays = sorted({ch for _, text in translated_pairs(code) for ch in text
                     if ch.isalpha() and not unicodedata.name(ch, "").startswith(allowed)})
    assert strays == [], [unicodedata.name(ch, ch) for ch in strays[:5]]


# Each translation keeps the plain style of the English (tests/integration/complaints/
# test_readability.py: no sentence over 20 words). Counted by spaces, a language's words are
# not the same size: Urdu, Panjabi and Pashto write case endings as words of their own
# (کو, ਨੂੰ, ته), Vietnamese a word per syllable; and a translation may explain an
# organisation's English name in brackets, which is not counted.
LONGEST_SENTENCE = {"default": 25, "ur": 30, "pa": 30, "ps": 30, "vi": 35}
SENTENCE_END = re.compile(r"(?<=[.!?:;؟።۔।])\s+|\n")
NOT_COUNTED = re.compile(r"<[^>]+>|%\(\w+\)[sd]|\{\{[^}]+\}\}|\([^)]*\)")


@pytest.mark.parametrize("code", [c for c in TRANSLATED if not LOCALES[c].for_staff])
def test_translations_keep_sentences_short(code: str) -> None:
    limit = LONGEST_SENTENCE.get(code, LONGEST_SENTENCE["default"])
    long = [sentence for _, text in translated_pairs(code)
            for sentence in SENTENCE_END.split(NOT_COUNTED.sub("X", text))
            if len(sentence.split()) > limit]
    assert long == [], f"{len(long)} sentences over {limit} words, e.g. {long[:2]}"
