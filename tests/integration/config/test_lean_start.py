"""A web worker loads only what serving pages needs: the spreadsheet, migration and PDF
libraries load when first used (README, "Speed"), so a worker starts quickly and small."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.startup import run

#: Loaded by an export, a migration, a PDF or an enrolment QR code, never by start-up; and
#: PostgreSQL's dialect, never on SQLite (as here).
HEAVY = ("openpyxl", "numpy", "alembic", "weasyprint", "pikepdf", "segno",
         "sqlalchemy.dialects.postgresql")


def test_create_app_does_not_load_the_heavy_libraries(tmp_path: Path) -> None:
    script = ("import json, sys\nfrom portal import create_app\ncreate_app()\n"
              f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    result = run({"PORTAL_ENV": "test", "SECRET_KEY": "s" * 40,
                  "DATABASE_URL": f"sqlite:///{tmp_path}/portal.db"}, "-c", script)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []


def test_importing_the_sign_in_code_hashes_nothing(tmp_path: Path) -> None:
    # The dummy hash that makes an unknown email as slow as a wrong password is made on
    # the first sign-in, not when the module loads (argon2 takes a fraction of a second).
    script = ("import argon2\ncalls = []\nreal = argon2.PasswordHasher.hash\n"
              "def counted(self, *a, **k):\n    calls.append(1)\n    return real(self, *a, **k)\n"
              "argon2.PasswordHasher.hash = counted\n"
              "import portal.staff.auth\nprint(len(calls))")
    result = run({"PORTAL_ENV": "test", "SECRET_KEY": "s" * 40,
                  "DATABASE_URL": f"sqlite:///{tmp_path}/portal.db"}, "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "0"
