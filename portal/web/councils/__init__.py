"""The council: its settings, teams and categories, as data a council edits."""

from flask import Blueprint

bp = Blueprint("councils", __name__, url_prefix="/staff/admin")

from portal.web.councils import views  # noqa: E402,F401  (routes register on import)
