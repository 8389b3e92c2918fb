"""Extension objects, created unbound here and bound to an app in create_app."""

from __future__ import annotations

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

from portal.db.session import Database

db = Database()
babel = Babel()
csrf = CSRFProtect()
# Storage comes from RATELIMIT_STORAGE_URI: memory for the embedded default,
# Redis in production so every worker shares one count (config.py refuses memory
# in production unless SINGLE_PROCESS=1). The key is request.remote_addr: the
# socket's peer, or the client named by the trusted proxies once ProxyFix has run
# (PROXY_COUNT, portal/__init__.py), never an X-Forwarded-For anyone could send.
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)


#: What every limit in the portal counts: a form sent (signing in, tracking, saving,
#: sending a code). tests/integration/web/test_rate_limits.py checks no limit counts a read.
LIMITED_METHODS = frozenset({"POST"})


@limiter.request_filter
def _only_writes_are_limited() -> bool:
    """A page that only reads is exempt without the limiter looking at its rules: every
    limit is on a POST, and the look cost a twentieth of a question page's time
    (benchmarks/bench_http.py)."""
    return request.method not in LIMITED_METHODS
