"""Home, the language switch, Exit this page, and the footer pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, redirect, render_template, request, session
from werkzeug.wrappers import Response

from portal.councils.services import NoCouncil, council_settings, current_council
from portal.i18n import LANGUAGE_COOKIE, ONE_YEAR, offered_locales
from portal.settings.council import CouncilSettings
from portal.web.public import bp


def _local_path(target: str | None) -> str:
    """Only ever redirect within the portal: an open redirect could send a child anywhere."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@bp.get("/")
def index() -> str:
    return render_template("public/index.html")


@bp.get("/language/<code>")
def switch_language(code: str) -> Response:
    if code not in {loc.code for loc in offered_locales()}:
        abort(404)
    response = redirect(_local_path(request.args.get("next")))
    response.set_cookie(LANGUAGE_COOKIE, code, max_age=ONE_YEAR, samesite="Lax",
                        secure=request.is_secure, httponly=True)
    return response


@bp.route("/exit", methods=["GET", "POST"])
def exit_page() -> Response:
    """Exit this page without JavaScript: forget the session's answers, leave for a neutral site."""
    session.clear()
    try:
        exit_url = council_settings(current_council()).exit_url
    except NoCouncil:
        # Not open yet (portal/councils/opening.py): the way out must still work.
        exit_url = CouncilSettings.exit_url
    response = redirect(exit_url)
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    response.delete_cookie("session")
    return response


@bp.get("/privacy")
def privacy() -> str:
    return render_template("public/privacy.html")


@bp.get("/accessibility")
def accessibility() -> str:
    return render_template("public/accessibility.html")


@bp.get("/cookies")
def cookies() -> str:
    return render_template("public/cookies.html")


@bp.get("/healthz")
def healthz() -> tuple[str, int]:
    return "ok", 200
