"""Languages: which the portal has, which a council offers, how one is chosen, Babel's set-up.

What the portal has, and how far each translation can be trusted, is read from
translations/languages.toml, the one place it is written. A council offers the languages
its settings list (portal/settings/council.py ``languages``); a draft translation only
where the council allows drafts (``allow_draft_languages``), and every page in it then
says so. Staff pages speak only the languages whose scope is "all" (English and Welsh).

Precedence: ``?lang=``, the language cookie, the browser's Accept-Language, then English.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, g, has_request_context, request
from flask_babel import force_locale, get_locale, get_translations, gettext, refresh

from portal.extensions import babel

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
REGISTRY = TRANSLATIONS / "languages.toml"
LANGUAGE_COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600
#: Blueprints whose pages a child or family member reads; every other page is staff's.
PUBLIC_BLUEPRINTS = frozenset({"public", "complaints"})
STATES = ("source", "draft", "reviewed")
SCOPES = ("all", "public")


@dataclass(frozen=True)
class Locale:
    """One language the portal has a catalogue for (translations/languages.toml)."""

    code: str  # Babel's locale code: the catalogue's folder, ?lang=, Case.language
    name: str  # in its own language, as a switcher shows it
    english: str = ""
    dir: str = "ltr"
    state: str = "source"
    scope: str = "all"
    script: str = "Latn"
    reviewed: date | None = None
    reviewed_by: str = ""

    @property
    def tag(self) -> str:
        """The BCP 47 tag a page's ``lang`` attribute says (fa_AF -> fa-AF)."""
        return self.code.replace("_", "-")

    @property
    def draft(self) -> bool:
        return self.state == "draft"

    @property
    def for_staff(self) -> bool:
        return self.scope == "all"


def read_registry(path: Path = REGISTRY) -> dict[str, Locale]:
    """Every language in the registry, in its order, checked: a typo fails at start-up."""
    with path.open("rb") as f:
        data = tomllib.load(f)
    found: dict[str, Locale] = {}
    for code, entry in data.items():
        state, scope = entry.get("state", "draft"), entry.get("scope", "public")
        if state not in STATES or scope not in SCOPES:
            raise ValueError(f"{path.name}: {code} has state {state!r}, scope {scope!r}")
        reviewed = entry.get("reviewed")
        if state == "reviewed" and not (isinstance(reviewed, date) and entry.get("reviewed_by")):
            raise ValueError(f"{path.name}: {code} is reviewed: give reviewed (a date) and "
                             "reviewed_by")
        if entry.get("dir", "ltr") not in ("ltr", "rtl"):
            raise ValueError(f"{path.name}: {code} has dir {entry['dir']!r}")
        found[code] = Locale(code=code, name=entry["name"], english=entry.get("english", code),
                             dir=entry.get("dir", "ltr"), state=state, scope=scope,
                             script=entry.get("script", "Latn"),
                             reviewed=reviewed if isinstance(reviewed, date) else None,
                             reviewed_by=entry.get("reviewed_by", ""))
    if found.get("en", Locale("", "")).state != "source":
        raise ValueError(f"{path.name}: English must be listed, as the source")
    return found


LOCALES: dict[str, Locale] = read_registry()
#: The languages staff pages and staff emails may be in.
STAFF_LOCALES: dict[str, Locale] = {c: loc for c, loc in LOCALES.items() if loc.for_staff}


def catalogue_path(code: str) -> Path:
    return TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"


@dataclass(frozen=True)
class Offer:
    """What a council offers: the codes it lists, and whether it accepts draft translations."""

    codes: tuple[str, ...] = ("en", "cy")
    allow_drafts: bool = True


#: Set by the app (portal/web): reads the current council's settings. Kept as a hook so
#: this bottom layer needs no knowledge of councils.
OfferReader = Callable[[], Offer]


def offerable(offer: Offer, registry: dict[str, Locale] = LOCALES,
              staff: bool = False) -> list[Locale]:
    """The languages to offer, in the registry's order: listed by the council, known here,
    reviewed (or a draft the council accepts), and for staff pages only those staff read."""
    chosen = []
    for code, loc in registry.items():
        if code != "en" and code not in offer.codes:
            continue
        if loc.draft and not offer.allow_drafts:
            continue
        if staff and not loc.for_staff:
            continue
        chosen.append(loc)
    return chosen


def _is_staff_page() -> bool:
    blueprint = request.blueprint
    return blueprint is not None and blueprint not in PUBLIC_BLUEPRINTS


def offered_locales() -> list[Locale]:
    """Languages this page may be read in: the council's offer, narrowed on staff pages."""
    staff = has_request_context() and _is_staff_page()
    reader: OfferReader | None = current_app.extensions.get("portal_language_offer")
    return offerable(reader() if reader is not None else Offer(), staff=staff)


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
    # Accept-Language says fa-AF; the catalogues are fa_AF.
    return request.accept_languages.best_match([c.replace("_", "-") for c in codes],
                                               "en").replace("-", "_")


def current_locale() -> Locale:
    return LOCALES.get(str(get_locale()), LOCALES["en"])


def _draft_line() -> str:
    return gettext("A qualified translator has not checked this translation yet. "
                   "If something is not clear, ask someone to help you or read it in English.")


def draft_notice() -> tuple[str, str]:
    """The line at the top of every page in a draft translation: in that language, and
    in English (the reader may trust neither fully; a carer may read the English)."""
    said = _draft_line()
    with force_locale("en"):
        return said, _draft_line()


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


def set_offer_reader(app: Flask, reader: OfferReader) -> None:
    app.extensions["portal_language_offer"] = reader


def names(codes: Iterable[str]) -> list[str]:
    """English names of language codes, for staff: an unknown code is shown as it is."""
    return [LOCALES[c].english if c in LOCALES else c for c in codes]


def _translations() -> Any:
    """The catalogue for the language in force, as ``flask_babel.get_translations()``
    finds it, kept beside the locale it was found for.

    A template calls ``_()`` some forty times a page, and flask-babel looks up the request's
    context, its locale and the locale's name for each (a twentieth of a question page's
    time). The locale object is made afresh whenever the language changes (each request,
    and ``force_locale`` for a letter in the complainant's language), so one identity test
    says whether the kept catalogue is still the one in force."""
    try:
        context = g._flask_babel  # noqa: SLF001 - flask-babel's per-request namespace
    except (AttributeError, RuntimeError):  # no request yet, or none at all
        return get_translations()
    locale = getattr(context, "babel_locale", None)
    kept = getattr(context, "portal_translations", None)
    if locale is not None and kept is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()  # chooses the locale first if none is chosen yet
    context.portal_translations = (getattr(context, "babel_locale", None), translations)
    return translations


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
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True)
    app.jinja_env.globals.update(get_locale=get_locale, current_locale=current_locale,
                                 offered_locales=offered_locales, draft_notice=draft_notice)
    # flask-babel resolves relative directories against the package, which
    # silently leaves every page English; insist on the absolute path.
    with app.app_context():
        dirs = list(babel.domain_instance.translation_directories)
    assert dirs == [str(TRANSLATIONS)], dirs
