"""The public journey: make a complaint, compliment or comment, and follow it afterwards."""

from flask import Blueprint

from portal.extensions import csrf

bp = Blueprint("complaints", __name__)
# CSRF is checked by the views themselves: an expired token must re-show the page with
# what the child typed, not throw it away on an error page (views.csrf_problem).
csrf.exempt(bp)

from portal.web.complaints import (  # noqa: E402,F401  (routes register on import)
    new_advocate,
    saving,
    sending_code,
    tracking,
    uploads,
    views,
)
