"""Public pages every visitor shares: home, language switch, exit, footer pages."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from portal.web.public import views  # noqa: E402,F401  (routes register on import)
