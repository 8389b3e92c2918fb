"""The read-only register API for other council systems: ``/api/v1/register``.

Each system has its own bearer token (``flask --app portal register api-token
NAME``), stored only as a hash. ``GET /api/v1/register`` is the change feed:
entries in change-sequence order, a page at a time; a system keeps the last
``cursor`` it saw and asks for ``?after=<cursor>`` to get only what changed
since. ``GET /api/v1/register/<reference>`` is one entry as it stands now.
Entries are the register's CSV summary: no names, addresses or free text.

Each change item says what happened in ``change``: ``changed`` (the entry is
new or changed), or ``personal_data_destroyed`` (the retention schedule
destroyed the case's personal data; the entry that follows is the bare
statistical one the register keeps, its equality monitoring empty). A system
that receives ``personal_data_destroyed`` deletes whatever personal data it
holds for that reference. The push feed carries the same items.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, g, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from portal.extensions import db
from portal.register.feed import api_client_for, entry_of
from portal.register.queries import changes_after, entry_id, register_rows
from portal.staff.access import PERMISSION_ATTRIBUTE
from portal.staff.permissions import Permission

bp = Blueprint("register_api", __name__, url_prefix="/api/v1/register")

DEFAULT_PAGE = 100
LARGEST_PAGE = 1000


@bp.before_request
def _authenticate() -> ResponseReturnValue | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    client = api_client_for(db.session(), token.strip()) if scheme.lower() == "bearer" else None
    if client is None:
        response = jsonify(error="a valid bearer token is needed")
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="register"'
        return response
    g.api_client = client
    return None


def _systems_only(view: Callable[..., ResponseReturnValue]
                  ) -> Callable[..., ResponseReturnValue]:
    """Mark a view as needing ``Permission.READ_REGISTER_FEED``, which only a system's
    bearer token gives (``_authenticate``, before every view here), never a person's
    session. Looked at again here, so the view stays shut without that hook."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if g.get("api_client") is None:
            abort(401, description="a valid bearer token is needed")
        return view(*args, **kwargs)

    setattr(wrapped, PERMISSION_ATTRIBUTE, Permission.READ_REGISTER_FEED)
    return wrapped


@bp.errorhandler(HTTPException)
def _json_error(error: HTTPException) -> ResponseReturnValue:
    return jsonify(error=error.description), error.code or 500


def _int_arg(name: str, default: int, lowest: int, highest: int | None = None) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < lowest or (highest is not None and int(raw) > highest):
        abort(400, description=f"{name} must be a whole number from {lowest}"
                               + (f" to {highest}" if highest is not None else ""))
    return int(raw)


@bp.get("")
@_systems_only
def changes() -> ResponseReturnValue:
    """Changes after a cursor, oldest first; ``next`` is absent on the last page."""
    after = _int_arg("after", 0, 0)
    limit = _int_arg("limit", DEFAULT_PAGE, 1, LARGEST_PAGE)
    found = changes_after(db.session(), g.api_client.council_id, after=after, limit=limit + 1)
    page, more = found[:limit], len(found) > limit
    cursor = page[-1].id if page else after
    body: dict[str, Any] = {
        "data": [
            {"sequence": c.id, "reference": c.reference,
             "changed_at": c.changed_at.isoformat(), "entry": c.entry, "change": c.change}
            for c in page
        ],
        "cursor": cursor,
        "next": url_for(".changes", after=cursor, limit=limit) if more else None,
    }
    return jsonify(body)


@bp.get("/<reference>")
@_systems_only
def entry(reference: str) -> ResponseReturnValue:
    """One register entry as it stands now."""
    rep_id = entry_id(db.session(), g.api_client.council_id, reference)
    if rep_id is None:
        abort(404, description="no register entry has that reference")
    (row,) = register_rows(db.session(), ids=[rep_id])
    return jsonify(entry_of(row))
