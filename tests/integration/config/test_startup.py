"""Start-up refuses a bad environment with one clear sentence, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.config import ConfigError, load_settings
from tests.support.startup import PRODUCTION, assert_one_sentence, run_portal, run_wsgi


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
