"""The case's language: its name for staff, whether an interpreter is needed, whether a
reply must be translated, and writing to the complainant in it.

A case keeps the language the child (or the adult for them) used the portal in
(``Representation.language``, a code of up to 10 characters: "pl", "prs", "ckb").
Everything the complainant is sent is written in it (``in_language``), the portal's
words falling back to English where that language has no translation yet. Staff
write their own words in English (or Welsh), and the portal does not machine-translate
them: ``reply_needs_translation`` says when a person must translate a reply before it
goes (DOMAIN.md, "Accessibility and children": in their own language).

The pure helpers take codes and return words or yes/no; only ``in_language`` touches
flask-babel.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache

from babel import Locale, UnknownLocaleError
from flask_babel import force_locale

ENGLISH = "en"
WELSH = "cy"
#: Languages the council's staff write in: a case in one of them needs no interpreter.
STAFF_LANGUAGES = frozenset({ENGLISH, WELSH})

#: The portal's codes are Babel's: Dari is "fa_AF" (Persian as written in Afghanistan,
#: CLDR's "Dari"). "prs", its ISO 639-3 code, which Babel does not know, is read as it.
ALIASES = {"prs": "fa_AF"}
#: English names staff book interpreters by, where CLDR's differ: "fa_AF" would be
#: "Persian (Afghanistan)", "ckb" "Central Kurdish", "pa" "Punjabi".
ENGLISH_NAMES = {"fa_af": "Dari", "ckb": "Kurdish (Sorani)", "pa": "Panjabi"}


def primary(code: str | None) -> str:
    """``"pt-BR"`` -> ``"pt"``: the language, without region or script, lower case."""
    return (code or "").strip().replace("-", "_").split("_")[0].lower()


def _parses(code: str) -> bool:
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return False
    return True


@cache
def babel_code(code: str | None) -> str:
    """The code as flask-babel's ``force_locale`` takes it: itself when Babel knows it
    ("pl", "ckb", "fa_AF"), "prs" as "fa_AF", else English, so an unknown code writes an
    English letter rather than none."""
    given = (code or "").strip().replace("-", "_")
    if not given:
        return ENGLISH
    if _parses(given):
        return given
    alias = ALIASES.get(given.lower())
    return alias if alias and _parses(alias) else ENGLISH


def display_name(code: str | None, reader: str | None = ENGLISH) -> str:
    """The language's name in the reader's language ("pl" -> "Polish" in English,
    "Pwyleg" in Welsh; "fa_AF" -> "Dari", "ckb" -> "Kurdish (Sorani)" in English), else
    the code itself when Babel does not know it (never hidden)."""
    if not code:
        return ""
    locale = babel_code(code)
    if locale == ENGLISH and primary(code) != ENGLISH:
        return code  # unknown to Babel
    if primary(reader or ENGLISH) == ENGLISH and locale.lower() in ENGLISH_NAMES:
        return ENGLISH_NAMES[locale.lower()]
    reading = babel_code(reader)
    # CLDR names a regional variant of its own ("fa_AF": "Dari") before "Persian (...)".
    return str(Locale.parse(reading).languages.get(locale)
               or Locale.parse(locale).get_display_name(reading) or code)


def english_name(code: str | None) -> str:
    """The language's name in English, as staff book an interpreter by it: "pl" ->
    "Polish", "fa_AF" -> "Dari", "ckb" -> "Kurdish (Sorani)", "pa" -> "Panjabi"; the code
    itself when Babel does not know it."""
    return display_name(code, ENGLISH)


def own_name(code: str | None) -> str:
    """The language's name in itself, as a language choice shows it: "Cymraeg",
    "Polski", "دری" (Dari); the code itself when Babel does not know it."""
    if not code:
        return ""
    locale = babel_code(code)
    if locale == ENGLISH and primary(code) != ENGLISH:
        return code
    parsed = Locale.parse(locale)
    name = parsed.languages.get(locale) or parsed.get_display_name(locale)
    return (name[:1].upper() + name[1:]) if name else code


def html_lang(code: str | None) -> str:
    """The code as an HTML ``lang`` attribute (BCP 47): "fa_AF" -> "fa-AF"."""
    return (code or ENGLISH).strip().replace("_", "-") or ENGLISH


def asked_for_interpreter(needs: Iterable[str] | None) -> bool:
    """Whether a need as intake stores it is an interpreter ("interpreter" or
    "interpreter:<the language they typed>")."""
    return any(need.partition(":")[0] == "interpreter" for need in needs or ())


def interpreter_needed(language: str | None, needs: Iterable[str] | None = ()) -> bool:
    """An interpreter is needed when the case is in a language other than English or
    Welsh, or when someone in the case asked for one."""
    return primary(language or ENGLISH) not in STAFF_LANGUAGES or asked_for_interpreter(needs)


def reply_needs_translation(case_language: str | None, writer_language: str | None) -> bool:
    """Whether what an officer writes must be translated before the complainant gets it:
    the case is not in English, nor in the language the officer is writing in (Welsh
    when their pages are in Welsh). The portal never machine-translates."""
    case = primary(case_language or ENGLISH)
    return case != ENGLISH and case != primary(writer_language or ENGLISH)


@contextmanager
def in_language(code: str | None) -> Iterator[str]:
    """Write in the case's language: ``force_locale`` for any code, the portal's words in
    English where the language has no catalogue (flask-babel falls back to the msgid).
    Yields the code given (or English), as recorded on the letter."""
    with force_locale(babel_code(code)):
        yield (code or ENGLISH).strip() or ENGLISH
