"""Extension objects, created unbound here and bound to an app in create_app."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

from portal.db.session import Database

db = Database()
babel = Babel()
csrf = CSRFProtect()
# Storage comes from RATELIMIT_STORAGE_URI: memory for the embedded default,
# Redis in production so every worker shares one count.
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)
