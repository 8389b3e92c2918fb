"""Configuration, read only from the environment into a frozen, typed object.

The portal refuses to start without a real ``SECRET_KEY`` outside development
and tests: a fallback secret would let anyone forge sessions and tracking
links. ``make run`` generates a local key into ``instance/secret_key``, which
git ignores.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = ROOT / "instance"

ENVIRONMENTS = ("production", "development", "test")
MIN_SECRET_LENGTH = 32


class ConfigError(Exception):
    """The environment does not describe a portal that can start safely.

    Its message is one sentence a person can act on; the CLI and the WSGI
    entry point print it instead of a traceback.
    """


@dataclass(frozen=True)
class Settings:
    """Everything the portal reads from its environment."""

    environment: str
    secret_key: str
    database_url: str
    rate_limit_storage_url: str = "memory://"
    draft_storage_url: str = ""
    mail_backend: str = "outbox"
    server_name: str | None = None
    session_idle_minutes: int = 30
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    def flask_config(self) -> dict[str, Any]:
        """The Flask config keys these settings stand for."""
        config: dict[str, Any] = {
            "SECRET_KEY": self.secret_key,
            "PORTAL_ENV": self.environment,
            "DATABASE_URL": self.database_url,
            "RATELIMIT_STORAGE_URI": self.rate_limit_storage_url,
            "DRAFT_STORAGE_URL": self.draft_storage_url,
            "MAIL_BACKEND": self.mail_backend,
            "SESSION_IDLE_MINUTES": self.session_idle_minutes,
            "TESTING": self.environment == "test",
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": self.is_production,
            "SESSION_COOKIE_NAME": "__Host-session" if self.is_production else "session",
            "PREFERRED_URL_SCHEME": "https" if self.is_production else "http",
            "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
            # Tied to the session instead, so a slow child loses nothing to a timeout.
            "WTF_CSRF_TIME_LIMIT": None,
        }
        if self.server_name:
            config["SERVER_NAME"] = self.server_name
        config.update(self.extra)
        return config


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'portal.db'}"


def _local_secret() -> str | None:
    path = INSTANCE_DIR / "secret_key"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip() or None
    return None


def check_database_url(url: str) -> str:
    """Refuse a DATABASE_URL SQLAlchemy cannot parse or the portal does not support."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(
            "DATABASE_URL is not a database URL: use sqlite:///path/to/portal.db or "
            "postgresql+psycopg://user@host:5432/name."
        ) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"DATABASE_URL names the {parsed.get_backend_name()!r} database, but the portal "
            "supports only sqlite and postgresql."
        )
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() != "psycopg":
        raise ConfigError(
            "DATABASE_URL for PostgreSQL must use the psycopg driver: postgresql+psycopg://..."
        )
    return url


def check_draft_storage_url(url: str) -> str:
    """Empty (drafts as files under the instance folder) or a Redis URL."""
    if url and not url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(
            "DRAFT_STORAGE_URL must be empty (drafts kept as files on this server) or a "
            "Redis URL such as redis://127.0.0.1:6379/0."
        )
    return url


def load_settings(
    environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Read settings from the environment (``os.environ`` unless given).

    ``overrides`` are extra Flask config keys (tests use them); keys that name a
    Settings field set that field instead.
    """
    env = dict(os.environ if environ is None else environ)
    overrides = dict(overrides or {})
    environment = overrides.pop("PORTAL_ENV", env.get("PORTAL_ENV", "production"))
    if environment not in ENVIRONMENTS:
        raise ConfigError(
            f"PORTAL_ENV is {environment!r}; it must be one of: {', '.join(ENVIRONMENTS)}."
        )

    secret = overrides.pop("SECRET_KEY", None) or env.get("SECRET_KEY")
    if not secret and environment != "production":
        # Only a local portal may use the key make run wrote; production's
        # comes from its environment, never from a file in the checkout.
        secret = _local_secret()
    if not secret:
        if environment == "production":
            raise ConfigError(
                "SECRET_KEY is not set: set it to a long random value (for example the output "
                "of: python -c 'import secrets; print(secrets.token_hex(32))'), or run make run "
                "for a local development portal."
            )
        secret = "development-only-not-secret-" + "x" * MIN_SECRET_LENGTH
    elif environment == "production" and len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(
            f"SECRET_KEY is too short: use at least {MIN_SECRET_LENGTH} random characters."
        )

    database_url = check_database_url(
        overrides.pop("DATABASE_URL", None) or env.get("DATABASE_URL") or default_database_url()
    )
    names = {f.name for f in fields(Settings)}
    known = {k.lower(): overrides.pop(k) for k in list(overrides) if k.lower() in names}
    return Settings(
        environment=environment,
        secret_key=secret,
        database_url=database_url,
        rate_limit_storage_url=known.pop(
            "rate_limit_storage_url", env.get("RATELIMIT_STORAGE_URL", "memory://")
        ),
        draft_storage_url=check_draft_storage_url(
            known.pop("draft_storage_url", env.get("DRAFT_STORAGE_URL", ""))
        ),
        mail_backend=known.pop("mail_backend", env.get("MAIL_BACKEND", "outbox")),
        server_name=known.pop("server_name", env.get("SERVER_NAME")),
        session_idle_minutes=int(
            known.pop("session_idle_minutes", env.get("SESSION_IDLE_MINUTES", "30"))
        ),
        extra=overrides,
    )
