"""The audit log, searched and exported: who looked at or changed what, and when.

DOMAIN.md, "Data protection": every view of a case is recorded. The complaints
manager (portal.staff.permissions.TIMELINE_ROLES) reads one case's history on its
timeline; here they search the whole log by person, case, action, outcome and
date range, and export what they found.
"""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/staff")

from portal.web.audit import views  # noqa: E402,F401  (routes register on import)
