"""The portal started as a process of its own, with only the environment a test gives it,
and its refusal to start read as one sentence."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT, without_faketime

#: What production needs besides the secret and the database
#: (tests/integration/common/test_public_links.py tests each refusal).
PRODUCTION = {"PORTAL_ENV": "production", "PUBLIC_BASE_URL": "https://complaints.example.gov.uk",
              "SINGLE_PROCESS": "1"}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run Python with only ``env`` describing the portal (none of the caller's settings)."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("SECRET_KEY", "DATABASE_URL", "PORTAL_ENV", "PUBLIC_BASE_URL",
                         "RATELIMIT_STORAGE_URL", "SINGLE_PROCESS", "PROXY_COUNT")}
    return subprocess.run([sys.executable, *args], env=without_faketime({**base, **env}),
                          capture_output=True,
                          text=True, timeout=60, cwd=ROOT, check=False)


def run_portal(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run(env, "-m", "flask", "--app", "portal", *args)


def run_wsgi(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run(env, "-c", "import portal.wsgi")


def assert_one_sentence(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]
