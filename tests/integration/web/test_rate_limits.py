"""Every rate limit counts forms sent, never pages read (issue 17, part 2).

The limiter skips a request whose method no limit counts (``portal.extensions``,
``LIMITED_METHODS``) without looking at its rules, which a question page paid for on every
view. That is safe only while no limit counts a GET: this test reads every route's limits
from the limiter itself, so a limit added tomorrow on a page that reads fails here.
"""

from __future__ import annotations

from flask import Flask
from flask_limiter.util import get_qualified_name

from portal.extensions import LIMITED_METHODS, limiter

IGNORED = {"HEAD", "OPTIONS"}


def limited_routes(app: Flask) -> dict[str, set[str]]:
    """Each limited endpoint and the methods its limits count."""
    found: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        name = get_qualified_name(app.view_functions[rule.endpoint])
        for limit in limiter.limit_manager.decorated_limits(name):
            routed = set(rule.methods or ()) - IGNORED
            counted = {m.upper() for m in limit.methods} if limit.methods else routed
            found.setdefault(rule.endpoint, set()).update(counted & routed)
    return found


def test_every_limit_counts_only_methods_the_limiter_looks_at(app: Flask) -> None:
    with app.app_context():  # a limit's rate is read from the app's config
        limited = limited_routes(app)
    # The limits the portal has (the test would pass vacuously if it found none).
    assert {"staff.sign_in", "complaints.track", "complaints.send_code"} <= set(limited)
    for endpoint, methods in limited.items():
        assert methods <= LIMITED_METHODS, f"{endpoint} limits {sorted(methods)}"

