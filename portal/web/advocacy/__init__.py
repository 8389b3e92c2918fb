"""Advocacy: providers, advocates and each child's advocacy from offer to closure.

The blueprint serves two areas: /advocacy/ for advocacy coordinators and the
council's children's rights and complaints staff (referrals, matching,
assignment), and /advocate/ for advocates (only the children assigned to them).
Both use the back office's sign-in and two-factor (portal/staff).
"""

from flask import Blueprint

bp = Blueprint("advocacy", __name__)

# Routes register on import.
from portal.web.advocacy import (  # noqa: E402,F401  (routes register on import)
    advocate_views,
    provider_views,
    views,
)
