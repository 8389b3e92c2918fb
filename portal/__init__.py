"""The children's representations portal.

``create_app()`` builds the Flask application in small steps and has no side
effects: migrations, demo data and workers are CLI commands (portal/cli.py).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from flask import Flask, g
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from portal.config import INSTANCE_DIR, ROOT, ConfigError, load_settings


def create_app(settings: Mapping[str, Any] | None = None) -> Flask:
    """Build the portal. ``settings`` are config overrides (tests); the rest comes from
    the environment. A bad environment stops start-up with one clear sentence."""
    try:
        config = load_settings(overrides=settings)
    except ConfigError as error:
        if settings is not None:
            raise
        # Real start-up (flask, gunicorn): one sentence, no traceback.
        print(f"The portal cannot start: {error}", file=sys.stderr)
        raise SystemExit(1) from None

    app = Flask(
        "portal",
        root_path=str(ROOT / "portal"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        static_url_path="/assets",
        instance_path=str(INSTANCE_DIR),
    )
    app.config.update(config.flask_config())
    from portal.cli import pageless_command

    # ``flask --app portal report ...`` needs no page: it starts without them (README "Speed").
    pages = not pageless_command()
    with _collector_paused():
        _register_converters(app)
        _register_proxies(app)
        if pages:
            _register_assets(app)
            _register_templates(app)
        _register_extensions(app, pages=pages)
        _register_commit_point(app)
        if pages:
            _register_blueprints(app)
            _register_errors(app)
        _register_cli(app, pageless=not pages)
    return app


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Building the app imports some 900 modules and maps every model: hundreds of
    thousands of objects that live as long as the app, none of them garbage. The cyclic
    collector would walk them again and again as they are made, a tenth of start-up
    (benchmarks/bench_startup.py); it runs again as soon as the app is built."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _register_proxies(app: Flask) -> None:
    """Believe X-Forwarded-For and -Proto only from the PROXY_COUNT proxies in front.

    With none (the default) they are ignored: anyone can send them, and a forged
    X-Forwarded-For would give a tracking-code guesser a new rate-limit count per
    request. X-Forwarded-Host is never believed: links leave through PUBLIC_BASE_URL.
    """
    count = int(app.config.get("PROXY_COUNT", 0))
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=0, x_port=0, x_prefix=0)


def _register_assets(app: Flask) -> None:
    """/assets/ is answered by WhiteNoise before the app: fingerprinted, compressed, cached."""
    from portal.web.assets import init_assets

    init_assets(app)


def _register_converters(app: Flask) -> None:
    """``<int:...>`` is a record id: past what a database column holds, 404 (never a query
    PostgreSQL refuses with an error)."""
    from portal.common.ids import RecordIdConverter

    app.url_map.converters["int"] = RecordIdConverter


def _register_templates(app: Flask) -> None:
    from portal.common.attributes import govuk_attributes
    from portal.common.fragments import fragment
    from portal.common.templating import PortalEnvironment

    app.jinja_environment = PortalEnvironment  # before app.jinja_env is first made
    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(ROOT / "templates")),
        PrefixLoader({
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }),
    ])
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from portal.common.filters import init_filters

    init_filters(app)
    app.jinja_env.globals["fragment"] = fragment
    # templates/govuk_frontend_jinja/macros/attributes.html calls it for every component.
    app.jinja_env.globals["govuk_attributes"] = govuk_attributes
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions

    @app.before_request
    def _forget_council() -> None:
        # Settings may change between requests; look them up afresh for each one.
        g.pop("council", None)

    @app.context_processor
    def _council() -> dict[str, Any]:
        from portal.councils.services import NoCouncil, council_settings, current_council

        if "council" not in g:
            try:
                council = current_council()
                g.council, g.council_settings = council, council_settings(council)
            except NoCouncil:
                g.council, g.council_settings = None, None
        return {"council": g.council, "council_settings": g.council_settings}


def _register_extensions(app: Flask, *, pages: bool) -> None:
    from flask_babel import gettext

    import portal.models  # noqa: F401  (every mapper known before the first query)
    from portal.common import words
    from portal.extensions import db
    from portal.i18n import init_i18n, set_offer_reader
    from portal.register.capture import init_change_capture

    db.init_app(app)
    init_change_capture()
    if pages:
        # What guards pages (CSRF, rate limits); a pageless command never loads them.
        from portal.extensions import csrf, limiter

        csrf.init_app(app)
        limiter.init_app(app)
    init_i18n(app)

    def _offer():  # type: ignore[no-untyped-def]
        # Imported when first asked: the councils layer sits above this start-up code.
        from portal.councils.services import language_offer

        return language_offer()

    set_offer_reader(app, _offer)
    # Plain-data layers (portal.settings) speak through common.words: give it Babel.
    words.install(gettext)
    if pages:
        from govuk_frontend_wtf.main import WTFormsHelpers

        from portal.security.headers import init_security_headers

        init_security_headers(app)
        WTFormsHelpers(app)


def _register_commit_point(app: Flask) -> None:
    """Each request commits once, after its answer: below 400 commits, the rest rolls
    back (portal.db.session.init_commit_point). Views do not commit."""
    from portal.db.session import init_commit_point
    from portal.extensions import db

    init_commit_point(app, db)


def _register_blueprints(app: Flask) -> None:
    from portal.extensions import csrf
    from portal.web.advocacy import bp as advocacy_bp
    from portal.web.audit import bp as audit_bp
    from portal.web.cases import bp as cases_bp
    from portal.web.complaints import bp as complaints_bp
    from portal.web.councils import bp as councils_bp
    from portal.web.notifications.views import bp as notifications_bp
    from portal.web.public import bp as public_bp
    from portal.web.register.api import bp as register_api_bp
    from portal.web.register.backoffice import bp as register_office_bp
    from portal.web.retention.views import bp as retention_bp
    from portal.web.safety.views import bp as safety_bp
    from portal.web.staff.views import bp as staff_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(complaints_bp)
    app.register_blueprint(advocacy_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(cases_bp)
    app.register_blueprint(councils_bp)
    app.register_blueprint(register_office_bp)
    app.register_blueprint(retention_bp)
    app.register_blueprint(safety_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(notifications_bp)
    # Other council systems read the register with bearer tokens, never a session
    # or a form, so the read-only API needs no CSRF token.
    app.register_blueprint(register_api_bp)
    csrf.exempt(register_api_bp)


def _register_errors(app: Flask) -> None:
    from portal.councils.opening import init_opening
    from portal.web.errors import init_errors

    init_errors(app)
    init_opening(app)


def _register_cli(app: Flask, *, pageless: bool) -> None:
    from portal.cli import register_commands

    register_commands(app, pageless=pageless)
