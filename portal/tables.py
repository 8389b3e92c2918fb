"""Tables written out from the portal's pinned data packages, for web workers to read.

``python -m portal.tables`` (``make tables``) writes:

- ``portal/common/bank_holidays.json``: each nation's bank holidays, FIRST_YEAR to
  LAST_YEAR, from the ``holidays`` package (``common/dates.py`` says why);
- ``portal/common/cldr_words.json``: month and weekday names and plural samples of every
  language in translations/languages.toml, from Babel's CLDR (``common/cldr.py``).

Run it after upgrading either package or adding a language: the tests that compare the
files with the packages say so when it is due. ``python -m portal.tables check`` exits 1
if a file differs from what the packages give now.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from portal.common import cldr
from portal.common.dates import (
    BANK_HOLIDAYS_FILE,
    FIRST_YEAR,
    LAST_YEAR,
    Nation,
    holidays_from_package,
)
from portal.i18n import LOCALES


def bank_holidays() -> dict[str, Any]:
    import holidays

    return {
        "source": f"holidays {holidays.__version__}",
        "years": [FIRST_YEAR, LAST_YEAR],
        "nations": {nation.value: [day.isoformat() for day in holidays_from_package(nation)]
                    for nation in Nation},
    }


def languages() -> list[str]:
    """The locales pages format dates in: each one offered, as ``filters.reader_locale``
    reads it ("fa_AF", Dari, beside "fa")."""
    return sorted(LOCALES)


def words() -> dict[str, cldr.Words]:
    return {language: cldr.words_from_babel(language) for language in languages()}


def _text(table: Any) -> str:
    return json.dumps(table, ensure_ascii=False, indent=1) + "\n"


TABLES = {BANK_HOLIDAYS_FILE: bank_holidays, cldr.WORDS_FILE: words}


def stale() -> list[Path]:
    """The files that differ from what the packages give now."""
    return [path for path, make in TABLES.items()
            if not path.exists() or path.read_text(encoding="utf-8") != _text(make())]


def main(argv: list[str]) -> int:
    if argv[1:] == ["check"]:
        differ = stale()
        for path in differ:
            print(f"{path.name} is not what the packages give: run `make tables`",
                  file=sys.stderr)
        return 1 if differ else 0
    for path, make in TABLES.items():
        path.write_text(_text(make()), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
