"""The back office's cases: triage, the procedure stage by stage, dashboards.

The blueprint serves /staff/cases/. The register's models and vocabularies
live beside it (models.py, vocab.py); the procedure's rules in rules.py.
"""

from flask import Blueprint

bp = Blueprint("cases", __name__, url_prefix="/staff/cases")

from portal.cases import views  # noqa: E402,F401  (routes register on import)
