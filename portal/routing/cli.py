"""``flask --app portal route``: route submissions without the web server (ROUTING.md).

Reads one JSON object, or a JSON list of them, on standard input and writes
the decision (or the list of decisions, in the same order) on standard
output. Every submission is parsed and routed before anything is written, so
a malformed one gives an error on standard error, exit status 2 and no
output at all.
"""

from __future__ import annotations

import json
import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale, gettext

from portal.common.dates import CalendarRangeError, WorkingCalendar, calendar_for
from portal.routing.reasons import decision_json
from portal.routing.rules import route
from portal.routing.submission import Submission, SubmissionError, parse_submission
from portal.settings.routing import ENGLAND_DEFAULTS, RoutingSettings, RoutingSettingsError

#: Exit status for bad input, as click uses for usage errors.
EXIT_BAD_INPUT = 2


class _BadInput(Exception):
    """Input that cannot be routed; the message is for standard error."""


@click.command("route")
@click.option(
    "--settings",
    "settings_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSON routing settings to use instead of the council's stored ones.",
)
@with_appcontext
def route_command(settings_path: Path | None) -> None:
    """Route submissions read as JSON on standard input; write decisions as JSON."""
    # A command has no request to pick a language from: messages and reasons
    # are English, as the JSON contract's reasons are.
    with _english():
        try:
            settings = _load_settings(settings_path)
            document = _read_stdin()
            output = _decide(document, settings)
        except _BadInput as error:
            click.echo(str(error), err=True)
            raise SystemExit(EXIT_BAD_INPUT) from None
    click.echo(json.dumps(output, ensure_ascii=False, indent=2))


def _english() -> AbstractContextManager[None]:
    if "babel" in current_app.extensions:
        return force_locale("en")
    return nullcontext()


def _load_settings(path: Path | None) -> RoutingSettings:
    if path is None:
        # Imported here: the council's stored settings need the database, and
        # this module must import without it.
        from portal.councils.services import current_routing_settings

        found = current_routing_settings()
        if found is None:
            click.echo("No council is set up in the database: routing with the England "
                       "defaults.", err=True)
            return ENGLAND_DEFAULTS
        return found
    try:
        return RoutingSettings.from_mapping(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, UnicodeDecodeError, RoutingSettingsError) as error:
        raise _BadInput(
            gettext("settings %(path)s: %(error)s", path=str(path), error=str(error))
        ) from None


def _read_stdin() -> Any:
    text = sys.stdin.read()
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _BadInput(
            gettext(
                "standard input is not JSON: %(error)s (line %(line)d, column %(column)d)",
                error=error.msg,
                line=error.lineno,
                column=error.colno,
            )
        ) from None


def _decide(document: Any, settings: RoutingSettings) -> Any:
    """Parse every submission first, then route them all: all or nothing."""
    calendar = calendar_for(settings.nation)
    single = not isinstance(document, list)
    items = [document] if single else document
    submissions = [_parse(i, item, single=single) for i, item in enumerate(items)]
    decisions = [
        _route_one(i, submission, settings, calendar, single=single)
        for i, submission in enumerate(submissions)
    ]
    return decisions[0] if single else decisions


def _where(index: int, single: bool) -> str:
    return gettext("submission") if single else gettext("item %(index)d", index=index)


def _parse(index: int, item: Any, *, single: bool) -> Submission:
    try:
        return parse_submission(item)
    except SubmissionError as error:
        raise _BadInput(
            gettext("%(where)s: %(error)s", where=_where(index, single), error=str(error))
        ) from None


def _route_one(
    index: int,
    submission: Submission,
    settings: RoutingSettings,
    calendar: WorkingCalendar,
    *,
    single: bool,
) -> dict[str, Any]:
    try:
        return decision_json(route(submission, settings=settings, calendar=calendar))
    except CalendarRangeError as error:
        # A deadline beyond the holiday calendar's years cannot be computed.
        raise _BadInput(
            gettext(
                "%(where)s: received_on: %(value)s: %(error)s",
                where=_where(index, single),
                value=submission.received_on.isoformat(),
                error=str(error),
            )
        ) from None
