"""Who may see what: the signed-in account, roles, case access, and the public list.

Least privilege (DOMAIN.md, "People and roles", "Data protection"): complaints
managers, complaints officers and children's rights officers work on every
case (unless the council limits officers to their own teams' cases: ``case_scope``);
a responding manager, investigating officer, independent person, panel
member or adjudicating officer sees only the cases given to them
(CaseAssignment); an administrator runs accounts, not cases; advocates and
advocacy coordinators have their own area and never the back office.

``PUBLIC_ENDPOINTS`` is THE list of endpoints anyone may open without signing
in. tests/integration/staff/test_access_matrix.py fails when a route is neither on
it nor in its role matrix: a new public page must be added here, on purpose.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, NoReturn, TypeVar

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from sqlalchemy import select

from portal.councils.services import council_settings
from portal.extensions import db
from portal.models.advocacy import AdvocacyCase
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.staff import CaseAssignment, Role, User
from portal.procedure.advocacy import WITH_AN_ADVOCATE
from portal.settings.council import CouncilSettings
from portal.staff.belonging import of_this_council
from portal.staff.permissions import (
    ALL_CASES_ROLES,
    ASSIGNED_ROLES,
    TEAM_LIMITED_ROLES,
    Permission,
    may,
)

#: Endpoints open to anyone, signed in or not. Keep sorted, one per line, with why.
PUBLIC_ENDPOINTS: frozenset[str] = frozenset({
    "static",  # CSS, JS, images
    # The public site (portal/web/public): home, language, exit, footer pages, health check.
    "public.index",
    "public.switch_language",
    "public.exit_page",
    "public.privacy",
    "public.accessibility",
    "public.cookies",
    "public.healthz",
    # The intake journey (portal/complaints): anyone may complain, without an account.
    "complaints.start",
    "complaints.question",
    # Photos and documents for the form, held by the journey's own draft (issue 19).
    "complaints.add_files",
    "complaints.get_help_now",
    "complaints.check_answers",
    "complaints.sent",
    "complaints.keep_alive",
    # Saving a form to come back later, and coming back with its code (portal/complaints/
    # saved.py): guarded by the code, rate-limited, not by an account; sending the tracking
    # code to the child's own email or phone, from the confirmation page's draft.
    "complaints.saved",
    "complaints.come_back",
    "complaints.send_code",
    # Tracking: guarded by the reference and its secret code, not by an account.
    "complaints.track",
    "complaints.track_case",
    "complaints.track_leave",
    "complaints.track_reply",
    # A document the council sent to the complainant: the same tracking guard (404
    # without it, or for a file not sent to them).
    "complaints.track_document",
    "complaints.take_it_further",
    "complaints.withdraw",
    # A child turning down their advocate, in their own words (the same tracking guard).
    "complaints.new_advocate",
    "complaints.new_advocate_why",
    "complaints.new_advocate_done",
    # Signing in and recovering an account cannot need an account.
    "staff.sign_in",
    "staff.two_factor",
    "staff.enrol",
    "staff.signed_out",
    "staff.password_reset_request",
    "staff.password_reset",
})

SESSION_KEYS = ("staff_uid", "staff_ver", "staff_seen")

F = TypeVar("F", bound=Callable[..., Any])


def current_user() -> User | None:
    return g.get("staff_user")


def signed_in_user() -> User:
    """The signed-in user, in a view that ``requires`` a permission (or the like)."""
    user = current_user()
    assert user is not None, "the view's guard lets no anonymous visitor through"
    return user


def sign_in_session(user: User) -> None:
    """Start a fresh session for ``user`` (a new session id stops fixation)."""
    session.clear()
    session["staff_uid"] = user.id
    session["staff_ver"] = user.session_version
    session["staff_seen"] = int(time.time())
    session.permanent = False


def end_session() -> None:
    for key in list(session.keys()):
        if key.startswith("staff_"):
            session.pop(key)


def _load_user() -> None:
    """Before each request: the signed-in account, if its session is still good.

    A session ends when the account's session_version moved on (sign-out
    elsewhere, password change, deactivation) or after SESSION_IDLE_MINUTES
    without a request.
    """
    g.staff_user = None
    uid = session.get("staff_uid")
    if uid is None or request.endpoint == "static":
        return
    user = db.session.get(User, uid)
    idle = int(g.get("idle_minutes_override") or _idle_minutes()) * 60
    seen = int(session.get("staff_seen", 0))
    now = int(time.time())
    if (user is None or not user.active or user.session_version != session.get("staff_ver")
            or not of_this_council(user)):
        end_session()
        return
    if now - seen > idle:
        end_session()
        g.staff_timed_out = True
        return
    session["staff_seen"] = now
    g.staff_user = user


def _idle_minutes() -> int:
    from flask import current_app

    return int(current_app.config.get("SESSION_IDLE_MINUTES", 30))


#: The attribute ``requires`` puts on a view: the permission it needs. A test walks every
#: route and fails on one with neither this nor a place on PUBLIC_ENDPOINTS.
PERMISSION_ATTRIBUTE = "permission"


def permission_of(view: Callable[..., Any]) -> Permission | None:
    """The permission ``view`` requires (``requires``), or None for an unguarded view."""
    found = getattr(view, PERMISSION_ATTRIBUTE, None)
    return found if isinstance(found, Permission) else None


def may_open(endpoint: str) -> bool:
    """Whether the signed-in person may open the page ``endpoint`` (its view's own
    permission), so a menu offers a link only to whoever may follow it."""
    view = current_app.view_functions.get(endpoint)
    needed = permission_of(view) if view is not None else None
    return needed is not None and may(current_user(), needed)


def requires(permission: Permission, *, signed_out_not_found: bool = False
             ) -> Callable[[F], F]:
    """Guard a view: only someone signed in who holds ``permission`` (``GRANTS``).

    Not signed in: to the sign-in page, coming back here after (for a GET); or, with
    ``signed_out_not_found`` (a file's address: nothing of a child's is even hinted at to
    someone not signed in here, or signed in to another council), 404. Signed in
    without the permission: refused by the refusal rule (``deny``), so a page about a
    case the person may not see answers 404, as for a case that does not exist, and
    every other refusal 403; either way the refusal is in the audit log.
    """

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                if signed_out_not_found:
                    abort(404)
                reason = "idle" if g.get("staff_timed_out") else None
                return redirect(url_for("staff.sign_in", next=request.full_path.rstrip("?")
                                        if request.method == "GET" else None, reason=reason))
            if not may(user, permission):
                _refuse(user)
            return view(*args, **kwargs)

        setattr(wrapped, PERMISSION_ATTRIBUTE, permission)
        return wrapped  # type: ignore[return-value]

    return decorator


def _refuse(user: User) -> NoReturn:
    """Refuse a request this person's role may not make, by the refusal rule: when its
    address names a case (``<reference>``), the answer depends on whether they may see
    that case at all; otherwise it is 403."""
    reference = (request.view_args or {}).get("reference")
    if reference is None:
        deny(user)
    representation_id = db.session.scalar(select(Representation.id).where(
        Representation.council_id == user.council_id,
        Representation.reference == str(reference)))
    deny(user, representation_id=representation_id,
         unseen=representation_id is None or not may_see(user, representation_id))


def record_refusal(user: User | None, *, representation_id: int | None = None,
                   unseen: bool = False, reason: str | None = None) -> int:
    """Record a refused access and return its status by the refusal rule (``deny``). The
    audit row is committed on its own: the request's own work is rolled back on an
    error, the record of the refusal is not."""
    from portal.staff.services import audit

    audit(user, "denied", representation_id=representation_id, allowed=False,
          detail={"reason": reason} if reason else None)
    db.session.commit()
    return 404 if unseen else 403


def deny(user: User | None, *, representation_id: int | None = None,
         unseen: bool = False) -> NoReturn:
    """Refuse, record the refusal in the audit log, and stop. THE refusal rule:

    A request about a particular case (an address with the case's reference, a child's
    advocacy, an alert on a case) that the person may not see (``may_see``) gets 404,
    the same answer as for a case that does not exist, so a reference cannot be probed
    for whether its case exists: pass ``unseen=True`` (also for a case, or any other
    record asked for, that does not exist). Every other refusal is 403: the person may
    see the case but not do this, or the page is not about a case at all. Both are
    recorded (action "denied", against the case when there is one), so who tried what
    stays known (DOMAIN.md, "Data protection").
    """
    abort(record_refusal(user, representation_id=representation_id, unseen=unseen))


def is_assigned(user: User, representation_id: int) -> bool:
    return db.session.scalars(
        select(CaseAssignment.id).where(
            CaseAssignment.representation_id == representation_id,
            CaseAssignment.user_id == user.id,
            CaseAssignment.ended_at.is_(None),
        )
    ).first() is not None


@dataclass(frozen=True)
class OwnTeam:
    """A limited view: the cases of ``team_id`` (None when the officer has no team yet),
    every case with no team yet, and the cases given to the officer by name."""

    team_id: int | None


def case_scope(user: User, settings: CouncilSettings) -> OwnTeam | None:
    """Which cases a whole-view role sees: None for all, or only its own team's.

    Need to know (UK GDPR Article 5(1)(c), data minimisation; DOMAIN.md, "Data
    protection": staff see only what their role and assignment allow). A council
    may switch on ``officers_see_own_teams``: a complaints officer then works on
    their own team's cases only. The complaints manager and the children's rights
    officer keep the whole view (WHOLE_VIEW_ROLES). A case with no team yet stays
    visible to every officer, so triage (which sets the team) still works; and a
    case given to an officer by name (CaseAssignment) stays theirs, whatever its
    team (see ``in_scope`` and ``can_see_case``). Roles that see only the cases
    given to them are unaffected: their view is already limited.
    """
    if user.role not in TEAM_LIMITED_ROLES or not settings.officers_see_own_teams:
        return None
    return OwnTeam(user.team_id)


def in_scope(scope: OwnTeam | None, case_team_id: int | None) -> bool:
    """Whether a case of team ``case_team_id`` is within ``scope`` (see ``case_scope``):
    every case for no scope; else the officer's own team's, and any case with no team."""
    if scope is None or case_team_id is None:
        return True
    return case_team_id == scope.team_id


def scope_of(user: User) -> OwnTeam | None:
    """``case_scope`` for the signed-in person under their council's settings now."""
    if user.role not in TEAM_LIMITED_ROLES:
        return None  # no need to read the settings
    council = db.session.get(Council, user.council_id)
    if council is None:
        return None
    return case_scope(user, council_settings(council))


def can_see_case(user: User, representation_id: int) -> bool:
    """Every case for the complaints team (but see ``case_scope``: a council may limit
    officers to their own teams' cases); only given cases for everyone else in the back
    office; none for administrators and advocates here (DOMAIN.md, "Data protection")."""
    if user.role in ALL_CASES_ROLES:
        scope = scope_of(user)
        if scope is None:
            return True
        team_id = db.session.scalar(select(Representation.team_id).where(
            Representation.id == representation_id))
        return in_scope(scope, team_id) or is_assigned(user, representation_id)
    if user.role in ASSIGNED_ROLES:
        return is_assigned(user, representation_id)
    return False


def may_see(user: User, representation_id: int) -> bool:
    """Whether the case is this person's to see at all, in any area: in the back office
    (``can_see_case``), or as the child's advocacy, for the advocate assigned to the
    child now and for the coordinators of the provider it was referred to. The refusal
    rule (``deny``) asks this: a refusal about a case someone may not see must not tell
    them it exists."""
    if user.role is Role.ADVOCATE:
        return db.session.scalar(select(AdvocacyCase.id).where(
            AdvocacyCase.representation_id == representation_id,
            AdvocacyCase.advocate_user_id == user.id,
            AdvocacyCase.status.in_(WITH_AN_ADVOCATE)).limit(1)) is not None
    if user.role is Role.ADVOCACY_COORDINATOR:
        # A coordinator with no provider sees nothing rather than everything.
        return user.provider_id is not None and db.session.scalar(
            select(AdvocacyCase.id).where(
                AdvocacyCase.representation_id == representation_id,
                AdvocacyCase.provider_id == user.provider_id).limit(1)) is not None
    return can_see_case(user, representation_id)


def init_access(app: Flask) -> None:
    from portal.staff.labels import init_labels

    app.before_request(_load_user)
    app.jinja_env.globals["current_staff_user"] = current_user
    # For a page that shows a link only to whoever may follow it.
    app.jinja_env.globals.update(may=may, may_open=may_open, Permission=Permission)
    init_labels(app)
