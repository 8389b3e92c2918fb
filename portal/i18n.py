"""Languages: which are offered, how one is chosen, and Babel's set-up.

Precedence: ``?lang=``, the language cookie, the browser's Accept-Language,
then English. A locale is listed here only when its catalogue is complete
(tests/unit/i18n/test_translations.py fails otherwise): Welsh is never partial.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, current_app, has_request_context, request
from flask_babel import get_locale, refresh

from portal.extensions import babel

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
LANGUAGE_COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class Locale:
    code: str
    name: str  # in its own language, as a switcher shows it
    dir: str = "ltr"


LOCALES: dict[str, Locale] = {
    "en": Locale("en", "English"),
    "cy": Locale("cy", "Cymraeg"),
}


def offered_locales() -> list[Locale]:
    """Locales this council offers that the portal has complete catalogues for."""
    wanted = current_app.config.get("PORTAL_LANGUAGES") or list(LOCALES)
    return [LOCALES[c] for c in wanted if c in LOCALES]


def select_locale() -> str:
    if not has_request_context():
        # Command-line work (letters, reports, mail) sets its language with force_locale.
        return "en"
    codes = [loc.code for loc in offered_locales()]
    asked = request.args.get("lang")
    if asked in codes:
        return asked
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in codes:
        return cookie
    return request.accept_languages.best_match(codes) or "en"


def current_locale() -> Locale:
    return LOCALES.get(str(get_locale()), LOCALES["en"])


def remember_asked_locale(response: Response) -> Response:
    """Keep a language chosen by ``?lang=`` for the pages after it.

    A child who follows a Welsh link must not be switched back to English on
    the next page of the form.
    """
    if not has_request_context():
        return response
    asked = request.args.get("lang")
    if asked and asked != request.cookies.get(LANGUAGE_COOKIE) and asked in {
            loc.code for loc in offered_locales()}:
        response.set_cookie(LANGUAGE_COOKIE, asked, max_age=ONE_YEAR, samesite="Lax",
                            secure=request.is_secure, httponly=True)
    return response


def init_i18n(app: Flask) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    # Times are shown on the council's clock (an alert raised at 00:30 BST says 00:30).
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/London")
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(remember_asked_locale)
    # flask-babel caches the locale on the app context; choose afresh for every
    # request (tests and CLI commands keep one app context across requests).
    app.before_request(refresh)
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals.update(get_locale=get_locale, current_locale=current_locale,
                                 offered_locales=offered_locales)
    # flask-babel resolves relative directories against the package, which
    # silently leaves every page English; insist on the absolute path.
    with app.app_context():
        dirs = list(babel.domain_instance.translation_directories)
    assert dirs == [str(TRANSLATIONS)], dirs
