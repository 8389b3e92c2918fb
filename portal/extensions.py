"""Extension objects, created unbound here and bound to an app in create_app.

The rate limiter and the CSRF protection guard pages only, and their libraries
(flask-limiter brings ``limits`` and ``rich``; flask-wtf brings WTForms) take a
fifth of a second to import: each is made when first imported from here
(``__getattr__``), so a command that serves no page never loads them (README "Speed").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import request
from flask_babel import Babel

from portal.db.session import Database

if TYPE_CHECKING:
    from flask_limiter import Limiter
    from flask_wtf.csrf import CSRFProtect

    limiter: Limiter
    csrf: CSRFProtect

db = Database()
babel = Babel()


#: What every limit in the portal counts: a form sent (signing in, tracking, saving,
#: sending a code). tests/integration/web/test_rate_limits.py checks no limit counts a read.
LIMITED_METHODS = frozenset({"POST"})


def _only_writes_are_limited() -> bool:
    """A page that only reads is exempt without the limiter looking at its rules: every
    limit is on a POST, and the look cost a twentieth of a question page's time
    (benchmarks/bench_http.py)."""
    return request.method not in LIMITED_METHODS


def _limiter() -> Any:
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    # Storage comes from RATELIMIT_STORAGE_URI: memory for the embedded default,
    # Redis in production so every worker shares one count (config.py refuses memory
    # in production unless SINGLE_PROCESS=1). The key is request.remote_addr: the
    # socket's peer, or the client named by the trusted proxies once ProxyFix has run
    # (PROXY_COUNT, portal/__init__.py), never an X-Forwarded-For anyone could send.
    limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)
    limiter.request_filter(_only_writes_are_limited)
    return limiter


def _csrf() -> Any:
    from flask_wtf.csrf import CSRFProtect

    return CSRFProtect()


_MADE_WHEN_FIRST_IMPORTED = {"limiter": _limiter, "csrf": _csrf}


def __getattr__(name: str) -> Any:
    # Module-level __getattr__ (PEP 562): called once per name, then the object is a
    # plain attribute of the module like the others.
    make = _MADE_WHEN_FIRST_IMPORTED.get(name)
    if make is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    made = globals()[name] = make()
    return made
