"""Links that leave the portal: in an email, a letter, a text message or a push.

Every one is built here, from the configured ``PUBLIC_BASE_URL``, and never from
the request. ``url_for(..., _external=True)`` takes the host from the request's
Host header (or X-Forwarded-Host), which whoever sends the request chooses: a
password reset asked for with ``Host: evil.example`` would email the account's
owner a working reset token pointing at evil.example (issue 13, part 3).
Pages keep using ``url_for`` for links within the page, which stay relative.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute address of ``endpoint`` under PUBLIC_BASE_URL, for a link that leaves
    the portal. Needs only an application context, so workers and commands can use it.

    ``endpoint`` is the full name (``"staff.password_reset"``); extra ``values`` become
    the query string, as with ``url_for``.
    """
    base = urlsplit(str(current_app.config["PUBLIC_BASE_URL"]))
    values = dict(values)
    current_app.inject_url_defaults(endpoint, values)
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)
