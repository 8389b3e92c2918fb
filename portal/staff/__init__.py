"""Staff and advocate accounts, roles, and the audit log.

The blueprint serves /staff/: sign-in with two-factor, sign-out, password
reset, the dashboards and account administration. Its access hook (who is
signed in, idle timeout, ended sessions) is registered with it.
"""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.record_once
def _init(state) -> None:  # type: ignore[no-untyped-def]
    from portal.staff.access import init_access

    init_access(state.app)


from portal.staff import views  # noqa: E402,F401  (routes register on import)
