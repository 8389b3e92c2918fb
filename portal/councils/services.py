"""Finding the current council and its settings, and loading a council from JSON."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app, g, has_request_context, request
from sqlalchemy import Connection, event, select
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session, make_transient_to_detached

from portal.common.dates import Nation, WorkingCalendar, calendar_for
from portal.extensions import db
from portal.i18n import Offer
from portal.models.councils import Category, Council, Team
from portal.settings.council import CouncilSettings
from portal.settings.routing import ENGLAND_DEFAULTS, WALES_PROFILE, RoutingSettings
from portal.vocab.cases import ROUTE_PROCEDURE, Procedure

DEMO_COUNCIL = Path(__file__).resolve().parent / "demo.json"


class NoCouncil(LookupError):
    """No council is configured: run `flask --app portal council load` (make run does)."""


def current_council(session: Session | None = None) -> Council:
    """The council this portal serves: COUNCIL_SLUG if set, else the only (first) one.

    Within a request that already looked it up (councils/opening.py does, before every
    journey page), the same object again, with no second query."""
    if session is None and has_request_context() and g.get("council") is not None:
        cached: Council = g.council
        return cached
    session = session or db.session()
    slug = current_app.config.get("COUNCIL_SLUG")
    query = select(Council).order_by(Council.id)
    if slug:
        query = query.where(Council.slug == slug)
    council = session.scalars(query.limit(1)).first()
    if council is None:
        # The commands named here are tested to exist (tests/integration/web/test_not_open.py).
        if slug:
            raise NoCouncil(
                f"No council with COUNCIL_SLUG {slug!r} is in the database: load it with "
                "flask --app portal council load PATH.json, or correct COUNCIL_SLUG."
            )
        raise NoCouncil(
            "No council is set up in the database: load yours with "
            "flask --app portal council load PATH.json, or the demo council with "
            "flask --app portal demo load."
        )
    return council


#: The council last read for the public pages, by (database, COUNCIL_SLUG): when, and a
#: copy detached from its session.
_RECENT: dict[tuple[str, str | None], tuple[float, Council]] = {}


def public_council() -> Council:
    """The council, for a public page that only reads: as this worker last read it, if
    that was under ``PUBLIC_COUNCIL_SECONDS`` ago, else from the database.

    Every journey page needs the council (its name, languages, settings) and nothing else
    from the database: reading it for each GET was a quarter of a question page's time
    (benchmarks/bench_http.py). A change made in this worker is seen at once (``forget_
    recent_councils`` runs on every flush of a council); one made in another worker within
    the seconds allowed, 5 by default. What writes (Send, the staff pages) always reads the
    council afresh with :func:`current_council`."""
    seconds = float(current_app.config.get("PUBLIC_COUNCIL_SECONDS", 0))
    if seconds <= 0 or request.method not in ("GET", "HEAD"):
        return current_council()
    session = db.session()
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    key = (str(engine.url), current_app.config.get("COUNCIL_SLUG"))
    now = time.monotonic()
    found = _RECENT.get(key)
    if found is not None and now - found[0] < seconds:
        # Into this request's session without a query: the copy is clean and complete.
        merged = session.merge(found[1], load=False)
        if merged.settings is found[1].settings:  # its settings, read once (_read)
            setattr(merged, _READ, getattr(found[1], _READ, None))
        return merged
    council = current_council(session)
    copy = Council(**{column.key: getattr(council, column.key)
                      for column in Council.__table__.columns})
    make_transient_to_detached(copy)
    _read(copy)
    _RECENT[key] = (now, copy)
    return council


def forget_recent_councils(*_args: Any) -> None:
    _RECENT.clear()


for _change in ("after_insert", "after_update", "after_delete"):
    event.listen(Council, _change, forget_recent_councils)


@dataclass(frozen=True)
class _Read:
    """A council's settings as read from one version of its stored mapping."""

    source: Any  # the mapping they were read from, compared by identity
    nation: str
    council: CouncilSettings
    routing: RoutingSettings


_READ = "_settings_read"


def _read(council: Council) -> _Read:
    # Every page and most services ask for the settings, many times a request; they are
    # read once per version of the stored mapping. A change assigns a new mapping (a JSON
    # column notices nothing else), and a commit reloads it, so a stale reading is never
    # returned.
    found: _Read | None = getattr(council, _READ, None)
    if found is not None and found.source is council.settings and found.nation == council.nation:
        return found
    own = CouncilSettings.from_mapping(council.settings)
    base = WALES_PROFILE if council.nation == Nation.WALES else ENGLAND_DEFAULTS
    routing = (RoutingSettings.from_mapping({**base.to_mapping(), **own.routing})
               if own.routing else base)
    found = _Read(council.settings, council.nation, own, routing)
    setattr(council, _READ, found)
    return found


def council_settings(council: Council) -> CouncilSettings:
    """The council's settings (contact numbers, hours, texting, retention...)."""
    return _read(council).council


def language_offer() -> Offer:
    """The languages the current council offers (portal.i18n reads it through a hook).
    Before a council is loaded (the not-open page), English and Welsh."""
    try:
        own = council_settings(current_council())
    except NoCouncil:
        return Offer()
    return Offer(codes=own.languages, allow_drafts=own.allow_draft_languages)


def council_calendar(council: Council) -> WorkingCalendar:
    return calendar_for(council.nation)


def routing_settings_for(council: Council) -> RoutingSettings:
    """The council's routing settings: its nation's profile with its own changes."""
    return _read(council).routing


def current_routing_settings() -> RoutingSettings | None:
    """Routing settings of the current council (used by `flask --app portal route`), or
    None with no database or no council yet (a fresh clone): the command then says so and
    routes with the England defaults."""
    try:
        return routing_settings_for(current_council())
    except (NoCouncil, OperationalError, ProgrammingError):
        db.session.rollback()
        return None


def load_council(session: Session, data: dict[str, Any]) -> Council:
    """Create or update a council, its teams and categories from a JSON mapping.

    Idempotent: loading the same file twice changes nothing.
    """
    CouncilSettings.from_mapping(data["settings"])  # refuse bad settings before writing
    council = session.scalars(select(Council).where(Council.slug == data["slug"])).first()
    if council is None:
        council = Council(slug=data["slug"], name=data["name"], nation=Nation(data["nation"]))
        session.add(council)
    council.name = data["name"]
    council.nation = Nation(data["nation"])
    council.settings = data["settings"]
    session.flush()
    teams = {t.name: t for t in council.teams}
    for team in data.get("teams", []):
        existing = teams.get(team["name"])
        if existing is None:
            session.add(Team(council=council, name=team["name"],
                             social_care=team.get("social_care", True)))
        else:
            existing.social_care = team.get("social_care", True)
    categories = {c.name for c in council.categories}
    for name in data.get("categories", []):
        if name not in categories:
            session.add(Category(council=council, name=name))
    session.flush()
    return council


def load_demo_council(session: Session) -> Council:
    return load_council(session, json.loads(DEMO_COUNCIL.read_text(encoding="utf-8")))


def update_settings(council: Council, *, name: str, contacts: dict[str, str | None],
                    languages: list[str], reference_prefix: str,
                    allow_draft_languages: bool | None = None,
                    advocacy_target_working_days: int, exit_url: str,
                    officers_see_own_teams: bool = False,
                    sms_from: str | None = None, sms_until: str | None = None
                    ) -> dict[str, Any]:
    """Apply an administrator's changes; returns what changed (for the audit log).

    The routing and report parts of the settings are kept as they are: they
    change only through `council load`, where a whole profile is reviewed.
    """
    before = {"name": council.name, **council.settings}
    data = dict(council.settings)
    data["contacts"] = {**(data.get("contacts") or {}),
                        **{k: v for k, v in contacts.items() if v is not None}}
    for key, value in contacts.items():
        if value is None:
            data["contacts"].pop(key, None)
    data["languages"] = ["en", *[code for code in languages if code != "en"]]
    if allow_draft_languages is not None and (
            "allow_draft_languages" in data or not allow_draft_languages):
        # Written once changed: a council that never chose keeps its JSON as it was.
        data["allow_draft_languages"] = allow_draft_languages
    data["reference_prefix"] = reference_prefix.upper()
    data["advocacy_target_working_days"] = advocacy_target_working_days
    data["exit_url"] = exit_url
    # Texting hours (portal/settings/texting.py): written once they differ from the defaults, so
    # a council that never changed them keeps its JSON as it was.
    for key, value in (("sms_from", sms_from), ("sms_until", sms_until)):
        if value and (key in data or value != getattr(CouncilSettings, key)):
            data[key] = value
    if officers_see_own_teams or "officers_see_own_teams" in data:
        # Written once chosen: a council that never switched it on keeps its JSON as it was.
        data["officers_see_own_teams"] = officers_see_own_teams
    CouncilSettings.from_mapping(data)  # refuse before writing
    council.name = name
    council.settings = data
    after = {"name": name, **data}
    return {k: {"from": before.get(k), "to": after[k]} for k in after if before.get(k) != after[k]}


def add_team(session: Session, council: Council, name: str, *, social_care: bool) -> Team | None:
    """A new team, or None when the council already has one of that name."""
    name = name.strip()
    if any(t.name.casefold() == name.casefold() for t in council.teams):
        return None
    team = Team(council=council, name=name, social_care=social_care)
    session.add(team)
    session.flush()
    return team


def add_category(session: Session, council: Council, name: str) -> Category | None:
    """A new category, or None when the council already has one of that name."""
    name = name.strip()
    if any(c.name.casefold() == name.casefold() for c in council.categories):
        return None
    category = Category(council=council, name=name)
    session.add(category)
    session.flush()
    return category


def stage2_acknowledgements(council: Council) -> dict[Procedure, int]:
    """Working days to acknowledge stage 2, per procedure that has a separate stage 2
    acknowledgement in this council (England's corporate procedure: 5, LGSCO Code)."""
    if Nation(council.nation) is Nation.WALES:
        return {}
    return {Procedure(route.value): timescale.acknowledge
            for route, timescale in routing_settings_for(council).stage2_timescales.items()
            if timescale.acknowledge is not None and route in ROUTE_PROCEDURE}
