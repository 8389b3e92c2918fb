"""Every user-visible string is translated, and the template is fresh.

A language is offered (portal/i18n.py LOCALES) only when its catalogue is
complete: Welsh is never second-class.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.i18n import LOCALES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*(\w+)\s*\}\}")


def extract(tmp_path: Path) -> set[str]:
    out = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
         str(TRANSLATIONS / "babel.cfg"), "--no-wrap", "--add-location=never", "--omit-header",
         "-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2", "-k", "lazy_pgettext:1c,2",
         "-o", str(out), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    return ids(out)


def ids(path: Path) -> set[str]:
    with path.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


def test_messages_pot_is_fresh(tmp_path: Path) -> None:
    fresh = extract(tmp_path)
    committed = ids(TRANSLATIONS / "messages.pot")
    assert fresh - committed == set(), "new strings: run make translations"
    assert committed - fresh == set(), "strings gone from the code: run make translations"


@pytest.mark.parametrize("code", [c for c in LOCALES if c != "en"])
def test_catalogue_is_complete(code: str) -> None:
    template = ids(TRANSLATIONS / "messages.pot")
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
    present = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}
    assert template - present == set(), "run make translations"
    assert missing == [], f"{len(missing)} untranslated, e.g. {missing[:5]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    assert wrong == [], f"placeholders differ in {wrong[:5]}"
