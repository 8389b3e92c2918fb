"""Strict security headers and a nonce-based Content Security Policy on every response.

Pages are never cached: a child on a shared device presses Exit this page and
the next person must not find their answers with the back button. Assets (CSS, JS,
images) are served before Flask sees the request (portal/web/assets.py) and carry
``asset_headers()``: the same protections, a policy with no nonce, and their own caching.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, has_request_context, request


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


def _policy(nonce: str) -> str:
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self'",
        "img-src 'self' data:",
        # Voice notes play from the portal itself (cases.file), or, before one is sent,
        # from the page's own recording (a blob: address); nothing from elsewhere. One
        # directive: a browser obeys the first of two and ignores the second.
        "media-src 'self' blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


#: What every answer carries, a page or an asset.
_EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
#: An asset opened on its own (an SVG is a document that could hold a script) runs nothing.
_ASSET_POLICY = "; ".join([
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
])
_HSTS = "max-age=63072000; includeSubDomains"


#: The Permissions-Policy of a page that may record a voice note: this origin's microphone
#: (still asked of the person by the browser), nothing else.
_MICROPHONE_POLICY = "camera=(), microphone=(self), geolocation=(), payment=()"
_MICROPHONE_KEY = "portal.allow_microphone"


def allow_microphone() -> None:
    """Let this page (a question a voice note may answer) ask for the microphone; every
    other page keeps ``microphone=()``."""
    # On the request, not ``g``: an app context (so ``g``) may outlive one request.
    request.environ[_MICROPHONE_KEY] = True


def asset_headers(*, production: bool) -> dict[str, str]:
    """The security headers of a static asset (its caching is portal/web/assets.py's)."""
    headers = {**_EVERY_RESPONSE, "Content-Security-Policy": _ASSET_POLICY}
    if production:
        headers["Strict-Transport-Security"] = _HSTS
    return headers


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    # A response that brings a stricter policy of its own keeps it: a stored file is
    # served sandboxed (portal/web/cases/files.py), never with the pages' nonce.
    if "Content-Security-Policy" not in headers:
        headers["Content-Security-Policy"] = _policy(csp_nonce())
    headers.update(_EVERY_RESPONSE)
    if has_request_context() and request.environ.get(_MICROPHONE_KEY):
        headers["Permissions-Policy"] = _MICROPHONE_POLICY
    mimetype = response.mimetype or ""
    if mimetype != "text/css" and not mimetype.startswith(("image/", "font/")) \
            and mimetype not in ("application/javascript", "text/javascript"):
        headers["Cache-Control"] = "no-store"
    return response


def init_security_headers(app: Flask) -> None:
    app.after_request(set_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    if app.config.get("PORTAL_ENV") == "production":
        @app.after_request
        def _hsts(response: Response) -> Response:
            response.headers["Strict-Transport-Security"] = _HSTS
            return response
