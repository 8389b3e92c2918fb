"""The words of a search for a case, as each database's full-text query (issue 15, part 2).

Pure but for ``said``, which names the index: a search is folded (lower case, no
accents) and cut into words as both databases' tokenizers cut text (SQLite FTS5's
unicode61 with ``remove_diacritics 2``; PostgreSQL's ``simple`` configuration over the
same folding, migration 0020_case_search); each word must be there, and one of
``PREFIX_FROM`` letters or more may begin a longer word.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import column, func, literal_column, select, table

#: A word searched of this many letters or more also finds the words it begins ("bruis"
#: finds "bruised", "Ale" finds "Aled"); shorter ones only themselves ("Jo" is not "John").
PREFIX_FROM = 3


def _fold_table() -> tuple[str, str]:
    """Every accented Latin letter that is a plain letter and accents (NFD), and that
    letter in lower case: the same pairs the migration 0020_case_search gives
    PostgreSQL's ``translate``."""
    source, target = [], []
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        letter = chr(code)
        parts = unicodedata.normalize("NFD", letter)
        if (len(parts) > 1 and parts[0].isascii() and parts[0].isalpha()
                and all(unicodedata.combining(mark) for mark in parts[1:])):
            source.append(letter)
            target.append(parts[0].lower())
    return "".join(source), "".join(target)


FOLD_FROM, FOLD_TO = _fold_table()
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)
#: A word: letters and digits (an apostrophe, a hyphen or an underscore parts words, as
#: in both databases' tokenizers).
_WORD = re.compile(r"[^\W_]+")
_REFERENCE = re.compile(r"[A-Z0-9][A-Z0-9-]{1,39}")


def fold(text: str) -> str:
    """Lower case without accents: "Siân" is "sian", "Tŷ" is "ty"."""
    return text.translate(_FOLD).lower()


def terms(q: str) -> tuple[str, ...]:
    """The words of a search, folded, each once, in order."""
    return tuple(dict.fromkeys(_WORD.findall(fold(q))))


def reference_like(q: str) -> str | None:
    """The search as part of a reference (upper case), if it could be one: one token of
    letters, digits and dashes with a digit in it ("CMP-2026-000123", "000123")."""
    token = q.strip().upper()
    if _REFERENCE.fullmatch(token) and any(ch.isdigit() for ch in token):
        return token
    return None


def fts5_query(words: tuple[str, ...]) -> str:
    """SQLite FTS5: every word, each a prefix when long enough (``PREFIX_FROM``)."""
    return " ".join(f'"{w}"*' if len(w) >= PREFIX_FROM else f'"{w}"' for w in words)


def tsquery(words: tuple[str, ...]) -> str:
    """PostgreSQL ``to_tsquery``: the same rule as ``fts5_query``."""
    return " & ".join(f"'{w}':*" if len(w) >= PREFIX_FROM else f"'{w}'" for w in words)


def said(dialect: str, words: tuple[str, ...]) -> Any:
    """The ids of the cases whose people's names and words hold every one of ``words``."""
    if dialect == "postgresql":
        index = table("case_search", column("representation_id"), column("document"))
        query = func.to_tsquery(literal_column("'simple'::regconfig"), tsquery(words))
        return select(index.c.representation_id).where(
            index.c.document.op("@@", is_comparison=True)(query))
    fts = table("case_search", column("rowid"))
    return select(fts.c.rowid).where(
        literal_column("case_search").op("MATCH", is_comparison=True)(fts5_query(words)))
