"""Configuration, read only from the environment into a frozen, typed object.

The portal refuses to start without a real ``SECRET_KEY`` outside development
and tests: a fallback secret would let anyone forge sessions and tracking
links. ``make run`` generates a local key into ``instance/secret_key``, which
git ignores.

Production also refuses to start without ``PUBLIC_BASE_URL`` (every link that
leaves by email or letter is built from it, never from the request's forgeable
Host header) and with per-process rate-limit counts (``memory://``) unless told
it runs as a single process: with several workers each would count alone, and
guessing tracking codes would get a fresh allowance from every worker.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = ROOT / "instance"

ENVIRONMENTS = ("production", "development", "test")
MIN_SECRET_LENGTH = 32
#: Where ``make run`` serves the portal: the base of emailed links outside production.
LOCAL_BASE_URL = "http://127.0.0.1:5000"
#: Rate-limit storage that lives inside one process, so each worker counts alone.
PER_PROCESS_STORAGE = ("memory://",)


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
    public_base_url: str = LOCAL_BASE_URL
    proxy_count: int = 0
    single_process: bool = False
    #: The virus scanner for uploaded files (portal/files/scan.py): clamd's Unix socket, or
    #: its host and port. Neither: development and tests keep files marked "not scanned";
    #: production refuses every upload.
    clamd_socket: str = ""
    clamd_host: str = ""
    clamd_port: int = 3310
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
            "PUBLIC_BASE_URL": self.public_base_url,
            "PROXY_COUNT": self.proxy_count,
            "SINGLE_PROCESS": self.single_process,
            "CLAMD_SOCKET": self.clamd_socket,
            "CLAMD_HOST": self.clamd_host,
            "CLAMD_PORT": self.clamd_port,
            "TESTING": self.environment == "test",
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": self.is_production,
            "SESSION_COOKIE_NAME": "__Host-session" if self.is_production else "session",
            "PREFERRED_URL_SCHEME": "https" if self.is_production else "http",
            "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
            # The public pages' GETs may read the council as this worker last found it, this
            # many seconds old at most (councils/services.py, public_council). Tests change
            # the database under one worker within an instant, so they read it every time.
            "PUBLIC_COUNCIL_SECONDS": 0.0 if self.environment == "test" else 5.0,
            # Tied to the session instead, so a slow child loses nothing to a timeout.
            "WTF_CSRF_TIME_LIMIT": None,
            # Every page says Referrer-Policy: no-referrer (security/headers.py), so a
            # browser sends no Referer: Flask-WTF's HTTPS Referer check would refuse every
            # back-office form. The token is the check; its secret lives in the signed,
            # Secure, __Host- session cookie, which no other site or subdomain can set.
            "WTF_CSRF_SSL_STRICT": False,
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


def check_public_base_url(url: str, *, production: bool) -> str:
    """The one address every emailed or posted link starts with, without a trailing slash.

    Absolute http(s) with a host, and no user name, query or fragment, which would
    ride into every link; https in production, where a reset token must not cross
    the network in the clear.
    """
    parts = urlsplit(url.strip())
    example = ("set PUBLIC_BASE_URL to the address people use, such as "
               "https://complaints.council.gov.uk")
    try:
        parts.port  # noqa: B018  (a port that is not a number raises here)
    except ValueError:
        raise ConfigError(f"PUBLIC_BASE_URL has a port that is not a number: {example}.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in parts.netloc:
        raise ConfigError(f"PUBLIC_BASE_URL is not an absolute web address: {example}.")
    if parts.username is not None or parts.password is not None:
        raise ConfigError(f"PUBLIC_BASE_URL must not hold a user name or password: {example}.")
    if parts.query or parts.fragment or url.strip().endswith(("?", "#")):
        raise ConfigError(
            f"PUBLIC_BASE_URL must not have a query (?) or a fragment (#): {example}."
        )
    if production and parts.scheme != "https":
        raise ConfigError(f"PUBLIC_BASE_URL must start with https:// in production: {example}.")
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def check_proxy_count(value: object) -> int:
    """How many reverse proxies stand in front: their X-Forwarded-For and -Proto are believed."""
    try:
        count = int(str(value).strip() or "0")
    except ValueError:
        count = -1
    if count < 0:
        raise ConfigError(
            "PROXY_COUNT must be a whole number: how many reverse proxies are in front of the "
            "portal (0 when browsers reach it directly)."
        )
    return count


def check_flag(name: str, value: object) -> bool:
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("", "0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1 (yes) or 0 (no).")


def check_rate_limit_storage(url: str, *, production: bool, single_process: bool) -> str:
    """Refuse per-process counts in production unless the portal is declared one process."""
    if production and url.startswith(PER_PROCESS_STORAGE) and not single_process:
        raise ConfigError(
            "RATELIMIT_STORAGE_URL is memory://, so each worker would count tracking-code "
            "guesses and sign-ins alone: set it to Redis (redis://127.0.0.1:6379/0), or set "
            "SINGLE_PROCESS=1 if the portal really runs as one process."
        )
    return url


def check_clamd(socket_path: object, host: object, port: object) -> tuple[str, str, int]:
    """clamd's Unix socket, or its host and port (a whole number from 1 to 65535); not both."""
    path, name = str(socket_path or "").strip(), str(host or "").strip()
    if path and name:
        raise ConfigError(
            "CLAMD_SOCKET and CLAMD_HOST are both set: set one, the socket of a clamd on this "
            "machine (such as /run/clamav/clamd.ctl) or the host of one on the network.")
    try:
        number = int(str(port or "3310").strip())
    except ValueError:
        number = 0
    if not 0 < number < 65536:
        raise ConfigError("CLAMD_PORT must be a port number, such as 3310.")
    return path, name, number


#: Notify's key: a name, then the service id and the secret, both UUIDs.
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
KEY_PATTERN = re.compile(rf"^.*?-?({_UUID})-({_UUID})$", re.IGNORECASE)


def key_problem(api_key: str) -> str | None:
    """Why this is not a Notify API key, or None. Never repeats the key."""
    if not api_key:
        return "NOTIFY_API_KEY is not set"
    if not KEY_PATTERN.match(api_key.strip()):
        return ("NOTIFY_API_KEY does not look like a GOV.UK Notify API key (a name followed by "
                "two long codes): copy the whole key from Notify's API integration page")
    return None


def check_mail_backend(name: str, env: Mapping[str, Any], *, production: bool) -> str:
    """GOV.UK Notify needs its API key (a secret, so from the environment) and the email
    template; production refuses to start without them rather than queue mail that can
    never leave. The key's shape is checked, never repeated."""
    if name != "notify":
        return name
    problem = key_problem(str(env.get("NOTIFY_API_KEY") or ""))
    if problem and (production or env.get("NOTIFY_API_KEY")):
        raise ConfigError(f"MAIL_BACKEND is notify but {problem}.")
    if production and not env.get("NOTIFY_EMAIL_TEMPLATE_ID"):
        raise ConfigError(
            "MAIL_BACKEND is notify but NOTIFY_EMAIL_TEMPLATE_ID is not set: make an email "
            "template in GOV.UK Notify with ((subject)) and ((body)) and set its id."
        )
    return name


def _environment(env: Mapping[str, str], overrides: dict[str, Any]) -> str:
    environment = overrides.pop("PORTAL_ENV", env.get("PORTAL_ENV", "production"))
    if environment not in ENVIRONMENTS:
        raise ConfigError(
            f"PORTAL_ENV is {environment!r}; it must be one of: {', '.join(ENVIRONMENTS)}."
        )
    return environment


def _secret_key(env: Mapping[str, str], overrides: dict[str, Any], environment: str) -> str:
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
    return secret


def _public_base_url(public_base_url: Any, server_name: Any, *, production: bool) -> Any:
    if not public_base_url:
        if production:
            raise ConfigError(
                "PUBLIC_BASE_URL is not set: set it to the address people use to reach the "
                "portal, such as https://complaints.council.gov.uk, so emailed links never "
                "follow a request's Host header."
            )
        public_base_url = f"http://{server_name}" if server_name else LOCAL_BASE_URL
    return public_base_url


def load_settings(
    environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Read settings from the environment (``os.environ`` unless given).

    ``overrides`` are extra Flask config keys (tests use them); keys that name a
    Settings field set that field instead.
    """
    env = dict(os.environ if environ is None else environ)
    overrides = dict(overrides or {})
    environment = _environment(env, overrides)
    secret = _secret_key(env, overrides, environment)
    database_url = check_database_url(
        overrides.pop("DATABASE_URL", None) or env.get("DATABASE_URL") or default_database_url()
    )
    names = {f.name for f in fields(Settings)}
    known = {k.lower(): overrides.pop(k) for k in list(overrides) if k.lower() in names}
    production = environment == "production"
    server_name = known.pop("server_name", env.get("SERVER_NAME"))
    public_base_url = _public_base_url(
        known.pop("public_base_url", env.get("PUBLIC_BASE_URL")), server_name,
        production=production)
    single_process = check_flag(
        "SINGLE_PROCESS", known.pop("single_process", env.get("SINGLE_PROCESS", "")))
    rate_limit_storage_url = str(known.pop(
        "rate_limit_storage_url", env.get("RATELIMIT_STORAGE_URL") or "memory://"))
    # Tests may set Flask-Limiter's own key directly; it is what the limiter uses.
    check_rate_limit_storage(str(overrides.get("RATELIMIT_STORAGE_URI", rate_limit_storage_url)),
                             production=production, single_process=single_process)
    clamd_socket, clamd_host, clamd_port = check_clamd(
        known.pop("clamd_socket", env.get("CLAMD_SOCKET")),
        known.pop("clamd_host", env.get("CLAMD_HOST")),
        known.pop("clamd_port", env.get("CLAMD_PORT")))
    return Settings(
        environment=environment,
        secret_key=secret,
        database_url=database_url,
        rate_limit_storage_url=rate_limit_storage_url,
        draft_storage_url=check_draft_storage_url(
            known.pop("draft_storage_url", env.get("DRAFT_STORAGE_URL", ""))
        ),
        mail_backend=check_mail_backend(
            str(known.pop("mail_backend", env.get("MAIL_BACKEND", "outbox"))),
            {**env, **overrides}, production=production),
        server_name=server_name,
        session_idle_minutes=int(
            known.pop("session_idle_minutes", env.get("SESSION_IDLE_MINUTES", "30"))
        ),
        public_base_url=check_public_base_url(str(public_base_url), production=production),
        proxy_count=check_proxy_count(known.pop("proxy_count", env.get("PROXY_COUNT", "0"))),
        single_process=single_process,
        clamd_socket=clamd_socket,
        clamd_host=clamd_host,
        clamd_port=clamd_port,
        extra=overrides,
    )
