"""The translation catalogues: extracting, updating and checking them.

``python -m portal.catalogues update`` (``make translations``) extracts every message into
translations/messages.pot and what a child, family or advocate reads into
translations/public.pot (translations/public.cfg), then brings each catalogue of
translations/languages.toml up to date with its template: English and Welsh hold every
message, the other languages the public ones (staff pages stay English and Welsh).

``python -m portal.catalogues check`` (``make translations-check``) fails on:

- a missing or fuzzy string in a reviewed catalogue (and in Welsh, which is kept complete);
- in any catalogue, a translation whose placeholders (``%(name)s``, ``{{ name }}``) or
  HTML tags differ from its English: such a string breaks the page it is on;

and lists, for each reviewed catalogue, the English that changed since its review, and
for each draft how much of it is translated. The catalogues stay plain gettext ``.po``
files, so a council can use any translation platform.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from portal.i18n import LOCALES, TRANSLATIONS, Locale, catalogue_path

ROOT = TRANSLATIONS.parent
ALL_POT = TRANSLATIONS / "messages.pot"
PUBLIC_POT = TRANSLATIONS / "public.pot"
KEYWORDS = ("-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2", "-k",
            "lazy_pgettext:1c,2")
#: Welsh is never partial (Welsh Language Standards): checked as if reviewed.
ALWAYS_COMPLETE = frozenset({"cy"})

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*(\w+)\s*\}\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")

Key = tuple[str | None, str]


def template_for(locale: Locale) -> Path:
    return ALL_POT if locale.for_staff else PUBLIC_POT


def _babel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(config: Path, output: Path) -> None:
    _babel("extract", "-F", str(config), "--no-wrap", "--add-location=never",
           "--add-comments=Translators:", "--omit-header", "--sort-output", *KEYWORDS,
           "-o", str(output), str(ROOT))


def update() -> None:
    """Extract both templates, then bring every catalogue up to date with its own."""
    extract(TRANSLATIONS / "babel.cfg", ALL_POT)
    extract(TRANSLATIONS / "public.cfg", PUBLIC_POT)
    for code, locale in LOCALES.items():
        if code == "en":
            continue
        pot = str(template_for(locale))
        if catalogue_path(code).exists():
            _babel("update", "-i", pot, "-d", str(TRANSLATIONS), "-l", code, "--no-wrap",
                   "--ignore-obsolete", "--no-fuzzy-matching")
        else:
            _babel("init", "-i", pot, "-d", str(TRANSLATIONS), "-l", code, "--no-wrap")
            _name_project(catalogue_path(code))


def _name_project(path: Path) -> None:
    """Babel's new catalogue says PROJECT where a translator looks for what it is."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("for PROJECT.", "for the portal.").replace("PROJECT VERSION", "portal")
    path.write_text(text, encoding="utf-8")


def key(message: Message) -> Key:
    return (message.context, message.id if isinstance(message.id, str) else message.id[0])


def read(path: Path | bytes, code: str | None = None) -> Catalog:
    if isinstance(path, bytes):
        return read_po(io.BytesIO(path), locale=code)
    with path.open("rb") as f:
        return read_po(f, locale=code)


def keys(catalog: Catalog) -> set[Key]:
    return {key(m) for m in catalog if m.id}


def _strings(message: Message) -> tuple[str, ...]:
    string = message.string
    if isinstance(string, (tuple, list)):
        return tuple(str(s or "") for s in string)
    return (str(string or ""),)


def _sources(message: Message) -> Iterator[tuple[str, str]]:
    """(English, translation) for each translated form; every plural form pairs with the
    plural msgid (a language's "one" form may cover 0 and 1 and need the number)."""
    source = message.id if isinstance(message.id, str) else message.id[-1]
    for text in _strings(message):
        if text:
            yield source, text


def _names(text: str) -> set[str]:
    return {m[0] or m[1] for m in PLACEHOLDER.findall(text)}


def breaks_page(message: Message, source: str, text: str) -> bool:
    """A translation that would fail at run time or break the markup: a placeholder the
    English lacks (KeyError), one it drops (singular messages), or different HTML tags."""
    wanted, given = _names(source), _names(text)
    if not given <= wanted or (isinstance(message.id, str) and given != wanted):
        return True
    return sorted(HTML_TAG.findall(source)) != sorted(HTML_TAG.findall(text))


@dataclass
class Report:
    """What the check found in one catalogue."""

    locale: Locale
    total: int = 0
    translated: int = 0
    missing: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # placeholders or tags differ
    changed_since_review: list[str] = field(default_factory=list)

    @property
    def must_be_complete(self) -> bool:
        return self.locale.state == "reviewed" or self.locale.code in ALWAYS_COMPLETE

    @property
    def failures(self) -> list[str]:
        found = [f"{self.locale.code}: translation breaks the page: {m!r}" for m in self.broken]
        if self.must_be_complete:
            found += [f"{self.locale.code}: not translated: {m!r}" for m in self.missing]
            found += [f"{self.locale.code}: fuzzy: {m!r}" for m in self.fuzzy]
        return found


def check_catalogue(locale: Locale, template: set[Key], catalog: Catalog) -> Report:
    """Compare one catalogue with its template (pure: no files read)."""
    report = Report(locale, total=len(template))
    present: dict[Key, Message] = {key(m): m for m in catalog if m.id}
    for wanted in sorted(template, key=lambda k: (k[1], k[0] or "")):
        found = present.get(wanted)
        if found is None or not all(_strings(found)):
            report.missing.append(wanted[1])
        elif found.fuzzy:
            report.fuzzy.append(wanted[1])
        else:
            report.translated += 1
    for message in present.values():
        if any(breaks_page(message, source, text) for source, text in _sources(message)):
            report.broken.append(key(message)[1])
    return report


def template_at(path: Path, when: date) -> set[Key] | None:
    """The template's messages as they stood at the end of ``when`` (from git), or None
    where git cannot tell (no repository, or the file did not exist then)."""
    relative = path.relative_to(ROOT).as_posix()
    git = shutil.which("git")
    if git is None:
        return None
    try:
        commit = subprocess.run(  # noqa: S603 - fixed argv, no shell
            [git, "rev-list", "-1", f"--before={when.isoformat()} 23:59:59", "HEAD", "--",
             relative], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
        if not commit:
            return None
        text = subprocess.run(  # noqa: S603 - fixed argv, no shell
            [git, "show", f"{commit}:{relative}"], cwd=ROOT, check=True,
            capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return keys(read(text))


def check(locales: Iterable[Locale] = LOCALES.values()) -> list[Report]:
    reports = []
    templates = {path: keys(read(path)) for path in (ALL_POT, PUBLIC_POT)}
    for locale in locales:
        if locale.code == "en":
            continue
        path = template_for(locale)
        source = catalogue_path(locale.code)
        catalog = read(source, locale.code) if source.exists() else Catalog(locale=locale.code)
        report = check_catalogue(locale, templates[path], catalog)
        if locale.state == "reviewed" and locale.reviewed is not None:
            then = template_at(path, locale.reviewed)
            now = templates[path]
            report.changed_since_review = (
                ["(git cannot tell what the English was on the review date)"] if then is None
                else sorted(f"new: {k[1]!r}" for k in now - then)
                + sorted(f"gone: {k[1]!r}" for k in then - now))
        reports.append(report)
    return reports


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        update()
        return 0
    if command != "check":
        print("usage: python -m portal.catalogues [update|check]", file=sys.stderr)
        return 2
    failures = []
    for report in check():
        loc = report.locale
        state = (f"reviewed {loc.reviewed} by {loc.reviewed_by}" if loc.state == "reviewed"
                 else loc.state)
        print(f"{loc.code:6} {loc.english:20} {state:30} "
              f"{report.translated}/{report.total} translated, {len(report.fuzzy)} fuzzy")
        for line in report.changed_since_review:
            print(f"       changed since review: {line}")
        failures += report.failures
    for line in failures:
        print(line, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
