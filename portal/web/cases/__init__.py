"""The back office's case pages (/staff/cases/): lists, search, the case file and its
actions, the timeline, letters, and logging a case that came by phone, letter or visit."""

from flask import Blueprint

bp = Blueprint("cases", __name__, url_prefix="/staff/cases")

from portal.web.cases import documents, files, letter_views, search_views, views  # noqa: E402,F401  (routes register on import)
