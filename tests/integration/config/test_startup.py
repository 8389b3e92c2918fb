"""Start-up refuses a bad environment with one clear sentence, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.config import ConfigError, load_settings
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


def test_production_without_secret_key_stops(tmp_path: Path) -> None:
    result = run_wsgi({"PORTAL_ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
    assert_one_sentence(result, "SECRET_KEY")


def test_missing_secret_key_refused_in_production_even_with_a_local_key_file() -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        load_settings({"PORTAL_ENV": "production"})


def test_short_secret_key_refused_in_production() -> None:
    with pytest.raises(ConfigError, match="too short"):
        load_settings({"PORTAL_ENV": "production", "SECRET_KEY": "short"})


@pytest.mark.parametrize("url", [
    "not a url",  # no scheme at all
    "mysql://root@localhost/portal",  # a database the portal does not support
    "postgresql+psycopg2://postgres@127.0.0.1/test",  # a driver the portal does not install
])
def test_malformed_database_url_is_one_sentence(url: str) -> None:
    result = run_portal({"PORTAL_ENV": "production", "SECRET_KEY": "s" * 40,
                         "DATABASE_URL": url}, "db", "upgrade")
    assert_one_sentence(result, "DATABASE_URL")


def test_unreachable_database_is_one_sentence_for_migrations() -> None:
    # Port 1 on loopback: nothing listens there.
    url = "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2"
    result = run_portal({**PRODUCTION, "SECRET_KEY": "s" * 40,
                         "DATABASE_URL": url}, "db", "upgrade")
    assert_one_sentence(result, "cannot be reached")


def test_unreachable_database_stops_the_wsgi_app() -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2"
    result = run_wsgi({**PRODUCTION, "SECRET_KEY": "s" * 40, "DATABASE_URL": url})
    assert_one_sentence(result, "cannot be reached")


def test_unknown_environment_is_refused() -> None:
    with pytest.raises(ConfigError, match="PORTAL_ENV"):
        load_settings({"PORTAL_ENV": "staging", "SECRET_KEY": "s" * 40})


def test_development_runs_without_secret_key_but_production_settings_are_strict() -> None:
    dev = load_settings({"PORTAL_ENV": "development"})
    assert dev.secret_key
    prod = load_settings({**PRODUCTION, "SECRET_KEY": "s" * 40})
    config = prod.flask_config()
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_NAME"].startswith("__Host-")
