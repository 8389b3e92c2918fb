"""Sign-in with two factors, sign-out, password reset, keep-alive, home and accounts."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from werkzeug.wrappers import Response

from portal.common.links import public_url
from portal.db.session import keep_on_refusal
from portal.extensions import db, limiter
from portal.i18n import offered_locales
from portal.models.staff import Role, User
from portal.staff import queries as staff_queries
from portal.staff.access import current_user, end_session, requires, sign_in_session
from portal.staff.auth import (
    check_password,
    complete_password_reset,
    find_reset,
    invite,
    is_locked,
    new_totp_secret,
    provisioning_uri,
    qr_svg,
    record_failure,
    record_success,
    start_password_reset,
    verify_totp,
)
from portal.staff.labels import label
from portal.staff.permissions import Permission, may
from portal.staff.services import (
    AccountExists,
    audit,
    create_user,
    deactivate,
    forget_two_factor,
)
from portal.web.staff.forms import (
    NO_PREFERENCE,
    CodeForm,
    LanguageForm,
    NewAccountForm,
    NewPasswordForm,
    ResetRequestForm,
    SignInForm,
    SignOutForm,
)

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.record_once
def _init(state: object) -> None:
    from portal.staff.access import init_access

    app: Flask = state.app  # type: ignore[attr-defined]
    init_access(app)


#: A password accepted but no code yet: the half-signed-in state lasts this long.
PENDING_SECONDS = 300


def _now() -> datetime:
    return datetime.now(UTC)


def _sign_in_limit() -> str:
    # Per address, on top of the per-account lock (auth.MAX_FAILURES).
    return str(current_app.config.get("STAFF_SIGN_IN_LIMIT", "20 per minute"))


#: Where a sign-in may return to: the signed-in areas (back office, advocacy).
SIGNED_IN_AREAS = ("/staff/", "/advocacy/", "/advocate/")


def _local_next(target: str | None) -> str | None:
    """Only paths inside the signed-in areas: never an open redirect."""
    if not target:
        return None
    parts = urlsplit(target)
    if (parts.scheme or parts.netloc or "//" in target or "\\" in target
            or not target.startswith(SIGNED_IN_AREAS)):
        return None
    return target


def _pending_user() -> User | None:
    uid = session.get("staff_pending")
    started = int(session.get("staff_pending_at", 0))
    if uid is None or time.time() - started > PENDING_SECONDS:
        return None
    user = db.session.get(User, uid)
    if user is None or not user.active or is_locked(user, _now()):
        return None
    return user


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in() -> Response | str:
    if current_user() is not None:
        return redirect(url_for("staff.home"))
    form = SignInForm()
    problem = None
    if form.validate_on_submit():
        result = check_password(db.session(), form.email.data or "", form.password.data or "",
                                now=_now())
        # A wrong password counts towards the lock whatever the page's status.
        keep_on_refusal()
        if result.user is not None:
            end_session()
            session["staff_pending"] = result.user.id
            session["staff_pending_at"] = int(time.time())
            session["staff_next"] = _local_next(request.args.get("next"))
            if result.user.totp_secret:
                return redirect(url_for("staff.two_factor"))
            return redirect(url_for("staff.enrol"))
        # One message whatever was wrong: it must not tell which emails have accounts.
        problem = gettext("The email address or password is wrong, or the account is locked "
                          "for 15 minutes after too many tries.")
    return render_template("staff/sign-in.html", form=form, problem=problem,
                           reason=request.args.get("reason"))


def _finish_sign_in(user: User) -> Response:
    record_success(user, now=_now())
    target = session.get("staff_next")
    sign_in_session(user)
    audit(user, "sign_in")
    return redirect(target or url_for("staff.home"))


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def two_factor() -> Response | str:
    user = _pending_user()
    if user is None:
        return redirect(url_for("staff.sign_in"))
    if not user.totp_secret:
        return redirect(url_for("staff.enrol"))
    form = CodeForm()
    problem = None
    if form.validate_on_submit():
        if verify_totp(user, form.code.data or "", now=_now()):
            return _finish_sign_in(user)
        record_failure(user, now=_now())
        keep_on_refusal()  # a wrong code counts towards the lock whatever the page's status
        if is_locked(user, _now()):
            end_session()
            return redirect(url_for("staff.sign_in"))
        problem = gettext("That code is wrong or was already used. Enter the code the app "
                          "shows now.")
    return render_template("staff/two-factor.html", form=form, problem=problem)


@bp.route("/sign-in/set-up-app", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def enrol() -> Response | str:
    """First sign-in of an account without a two-factor key: scan, then prove it works."""
    user = _pending_user()
    if user is None:
        return redirect(url_for("staff.sign_in"))
    if user.totp_secret:
        return redirect(url_for("staff.two_factor"))
    secret = session.get("staff_enrol_secret") or new_totp_secret()
    session["staff_enrol_secret"] = secret
    form = CodeForm()
    problem = None
    if form.validate_on_submit():
        if verify_totp(user, form.code.data or "", now=_now(), secret=secret):
            user.totp_secret = secret
            session.pop("staff_enrol_secret", None)
            audit(user, "two_factor_enrolled")
            return _finish_sign_in(user)
        record_failure(user, now=_now())
        keep_on_refusal()  # a wrong code counts towards the lock whatever the page's status
        problem = gettext("That code is wrong. Check the app was set up with this key and "
                          "enter the code it shows now.")
    uri = provisioning_uri(user, secret, issuer=_issuer())
    return render_template("staff/enrol.html", form=form, problem=problem, secret=secret,
                           qr=qr_svg(uri))


def _issuer() -> str:
    council = g.get("council")
    return council.name if council else "Portal"


@bp.post("/sign-out")
@requires(Permission.SIGNED_IN)
def sign_out() -> Response:
    """End the session here and everywhere: the version check refuses every old cookie."""
    user = current_user()
    assert user is not None
    form = SignOutForm()
    if not form.validate_on_submit():
        return redirect(url_for("staff.home"))
    user.session_version += 1
    audit(user, "sign_out")
    session.clear()
    return redirect(url_for("staff.signed_out"))


@bp.get("/signed-out")
def signed_out() -> str:
    # The idle warning's script comes here when time runs out: end the session too.
    end_session()
    g.staff_user = None
    return render_template("staff/signed-out.html", reason=request.args.get("reason"))


@bp.post("/keep-alive")
@requires(Permission.SIGNED_IN)
def keep_alive() -> tuple[str, int]:
    """The idle warning's "Stay signed in": any request resets the idle clock."""
    return "", 204


@bp.route("/password-reset", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def password_reset_request() -> Response | str:
    form = ResetRequestForm()
    if form.validate_on_submit():
        start_password_reset(
            db.session(), form.email.data or "", now=_now(),
            link_for=lambda token: public_url("staff.password_reset", token=token),
        )
        # The same page whether or not the email has an account.
        return render_template("staff/password-reset-sent.html")
    return render_template("staff/password-reset-request.html", form=form)


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def password_reset(token: str) -> Response | str:
    reset = find_reset(db.session(), token, now=_now())
    if reset is None:
        return render_template("staff/password-reset-invalid.html"), 404  # type: ignore[return-value]
    form = NewPasswordForm()
    if form.validate_on_submit():
        user = complete_password_reset(db.session(), reset, form.password.data or "", now=_now())
        audit(user, "password_reset")
        end_session()
        return redirect(url_for("staff.sign_in", reason="reset"))
    return render_template("staff/password-reset.html", form=form)


@bp.get("/")
@requires(Permission.SIGNED_IN)
def home() -> Response | str:
    user = current_user()
    assert user is not None
    if may(user, Permission.SEE_CASES):
        return redirect(url_for("cases.my_cases"))
    if may(user, Permission.MANAGE_ACCOUNTS):
        return redirect(url_for("staff.accounts"))
    # Advocates and coordinators have their own area when it is installed.
    if "advocacy.home" in current_app.view_functions:
        return redirect(url_for("advocacy.home"))
    return render_template("staff/home.html")


@bp.get("/accounts")
@requires(Permission.MANAGE_ACCOUNTS)
def accounts() -> str:
    admin = current_user()
    assert admin is not None
    users = staff_queries.accounts(db.session(), admin.council_id)
    return render_template("staff/accounts.html", users=users, now=_now())


@bp.route("/accounts/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_ACCOUNTS)
def new_account() -> Response | str:
    """Make an account and email its owner a link to choose their own password."""
    admin = current_user()
    assert admin is not None
    form = NewAccountForm(roles=[(role.value, label(role)) for role in Role],
                          languages=_language_choices())
    if form.validate_on_submit():
        from portal.councils.services import current_council

        session = db.session()
        try:
            user, _secret = create_user(
                session, current_council(session), email=form.email.data,
                role=Role(form.role.data), name=form.name.data.strip(),
                password=secrets.token_urlsafe(32))
        except AccountExists:
            form.email.errors = [gettext("There is already an account with that email address")]
        else:
            user.totp_secret = None  # its owner sets up their own app at first sign-in
            user.language = _chosen_language(form.language.data)
            invite(session, user, now=_now(), link_for=lambda token: public_url(
                "staff.password_reset", token=token))
            audit(admin, "account_created", detail={"user_id": user.id, "role": user.role.value})
            flash(gettext("Account made. %(name)s has been emailed a link to choose a password.",
                          name=user.name))
            return redirect(url_for("staff.accounts"))
    return render_template("staff/account-new.html", form=form,
                           language_items=_language_items())


def _language_choices() -> list[tuple[str, str]]:
    """Each language the portal offers, by its own name, then no preference: in a Welsh
    council, Welsh and English, Welsh first (Welsh Language Standards)."""
    from portal.common.dates import Nation
    from portal.councils.services import current_council

    wales = current_council(db.session()).nation is Nation.WALES
    return [(loc.code, loc.name) for loc in offered_locales()] + [(NO_PREFERENCE, gettext(
        "Both: Welsh first, then English") if wales else gettext("No preference"))]


def _language_items() -> list[dict[str, Any]]:
    """Radio parameters marking each language's name with its language, so a screen reader
    says "Cymraeg" in Welsh (WCAG 3.1.2); the last choice is in the page's language."""
    return [{"label": {"attributes": {"lang": loc.code}}} for loc in offered_locales()]


def _chosen_language(value: str | None) -> str | None:
    return None if not value or value == NO_PREFERENCE else value


@bp.route("/email-language", methods=["GET", "POST"])
@requires(Permission.SIGNED_IN)
def email_language() -> Response | str:
    """The language a person's emails are written in: password resets, and for advocates
    and coordinators the news of their children's cases."""
    user = current_user()
    assert user is not None
    form = LanguageForm(languages=_language_choices(),
                        data={"language": user.language or NO_PREFERENCE})
    if form.validate_on_submit():
        user.language = _chosen_language(form.language.data)
        audit(user, "email_language_changed", detail={"language": user.language})
        flash(gettext("Saved. We will email you in the language you chose."))
        return redirect(url_for("staff.email_language"))
    return render_template("staff/email-language.html", form=form,
                           language_items=_language_items())


@bp.post("/accounts/<int:user_id>/deactivate")
@requires(Permission.MANAGE_ACCOUNTS)
def deactivate_account(user_id: int) -> Response:
    """Stop an account signing in; its open sessions end at once (session_version)."""
    return _account_action(user_id, deactivate)


@bp.post("/accounts/<int:user_id>/reset-two-factor")
@requires(Permission.MANAGE_ACCOUNTS)
def reset_two_factor(user_id: int) -> Response:
    """A lost phone: the account sets up its app again at its next sign-in."""
    return _account_action(user_id, forget_two_factor)


def _account_action(user_id: int, action: Callable[[User, User], str]) -> Response:
    admin = current_user()
    assert admin is not None
    target = db.session.get(User, user_id)
    if target is None or target.council_id != admin.council_id:
        abort(404)
    if not SignOutForm().validate_on_submit():
        abort(400)
    if target.id == admin.id:
        flash(gettext("You cannot change your own account here."))
        return redirect(url_for("staff.accounts"))
    flash(action(admin, target))
    return redirect(url_for("staff.accounts"))
