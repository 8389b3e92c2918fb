"""Kind error pages. Nothing in them names a person or echoes what was typed."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

_TEMPLATES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    405: "errors/404.html",
    413: "errors/400.html",
    429: "errors/429.html",
}


def init_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError) -> tuple[str, int]:
        return render_template("errors/session-expired.html"), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[str, int] | HTTPException:
        code = error.code or 500
        template = _TEMPLATES.get(code)
        if template is None:
            return error
        return render_template(template), code

    @app.errorhandler(500)
    def _server_error(_error: Exception) -> tuple[str, int]:
        # The exception is logged by Flask with its traceback; no request data here.
        return render_template("errors/500.html"), 500
