"""The register and report commands: ``flask --app portal register|report ...``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import force_locale, gettext

from portal.common.clock import london_today
from portal.councils.services import council_calendar, council_settings, current_council
from portal.extensions import db
from portal.register.bulk import paused_gc
from portal.register.clocks import open_cases_message
from portal.register.csvio import (
    RegisterFileError,
    read_register,
    register_text,
    write_register,
)
from portal.register.formats import FORMATS, WORDED, renderer
from portal.register.narrative import load_narrative
from portal.register.pdf import PdfUnavailable
from portal.register.queries import register_rows
from portal.register.report import Period
from portal.register.report_db import database_reports, database_timeliness
from portal.register.services import (
    ReferenceTaken,
    import_register,
    withheld_message,
)
from portal.register.timescales import Timescales
from portal.vocab.register import Procedure

register_cli = AppGroup("register", help="Import and export the central register as CSV.")
report_cli = AppGroup("report", help="The statutory annual report.")

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: object) -> date | None:
    return None if value is None else value.date()  # type: ignore[attr-defined]


def _locale(lang: str = "en"):  # type: ignore[no-untyped-def]
    """A command has no request to choose a language from: it is named, or English."""
    return force_locale(lang)


@register_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def register_import(path: Path) -> None:
    """Import a register CSV: all or nothing, idempotent by reference."""
    with _locale():
        _import(path)


def _import(path: Path) -> None:
    try:
        with paused_gc():
            rows = read_register(path)
    except RegisterFileError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    session = db.session()
    council = current_council(session)
    try:
        result = import_register(session, council, rows)
    except ReferenceTaken as error:
        session.rollback()
        click.echo(gettext("Nothing was imported: another council's register already holds "
                           "these references: %(references)s",
                           references=", ".join(error.references)), err=True)
        sys.exit(1)
    except BaseException:
        session.rollback()
        raise
    session.commit()
    click.echo(gettext("%(created)d new, %(updated)d changed, %(unchanged)d unchanged.",
                       created=result.created, updated=result.updated,
                       unchanged=result.unchanged))
    if result.withheld:
        click.echo(withheld_message(result.withheld))
    click.echo(open_cases_message(result.open_cases, result.overdue))


@register_cli.command("export")
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--from", "received_from", type=DATE, help="First day received (YYYY-MM-DD).")
@click.option("--to", "received_to", type=DATE, help="Last day received (YYYY-MM-DD).")
def register_export(path: Path, received_from: object, received_to: object) -> None:
    """Export the register (or what was received between two dates) as CSV; - for stdout."""
    with _locale():
        _export(path, _day(received_from), _day(received_to))


def _export(path: Path, received_from: date | None, received_to: date | None) -> None:
    session = db.session()
    council = current_council(session)
    rows = register_rows(session, council_id=council.id, received_from=received_from,
                         received_to=received_to)
    if str(path) == "-":
        click.echo(register_text(rows), nl=False)
    else:
        with path.open("w", encoding="utf-8", newline="") as file:
            count = write_register(rows, file)
        click.echo(gettext("Exported %(count)d rows to %(path)s.", count=count, path=str(path)),
                   err=True)


@report_cli.command("annual")
@click.option("--from", "period_from", type=DATE, required=True, help="First day (YYYY-MM-DD).")
@click.option("--to", "period_to", type=DATE, required=True, help="Last day (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of standard output.")
@click.option("--lang", default="en", show_default=True,
              help="Language of the HTML, PDF, CSV and XLSX words (the JSON has none).")
def report_annual(period_from: object, period_to: object, fmt: str, output: Path | None,
                  lang: str) -> None:
    """The annual report for a period, both days included (REPORT.md)."""
    with _locale(lang):
        try:
            period = Period(_day(period_from), _day(period_to))  # type: ignore[arg-type]
        except ValueError:
            raise click.BadParameter(gettext("--to must not be before --from")) from None
        _annual(period, fmt, output)


def _annual(period: Period, fmt: str, output: Path | None) -> None:
    session = db.session()
    council = current_council(session)
    timescales = Timescales.from_mapping(council_settings(council).report_timescales)
    # Counted by the database (register/report_db.py), both years in one pass.
    report, previous = database_reports(
        session, council.id, period=period, timescales=timescales,
        calendar=council_calendar(council),
    )
    words: dict[str, object] = {}
    if fmt in WORDED:
        # The words saved for exactly this period, as the back office shows them.
        words = {"narrative": load_narrative(session, council.id, period),
                 "stage1_days": timescales.stage(Procedure.CHILDREN_STATUTORY, 1).base}
    try:
        data = renderer(fmt)(report, previous, **words)
    except PdfUnavailable:
        click.echo(gettext("PDFs cannot be made on this machine: WeasyPrint needs the Pango "
                           "library (run make system-deps, or install libpango-1.0-0)."),
                   err=True)
        sys.exit(1)
    if output is None:
        click.echo(data, nl=False)
    else:
        output.write_bytes(data)


@register_cli.command("api-token")
@click.argument("name")
def register_api_token(name: str) -> None:
    """Give another system a token for the read-only API (shown once)."""
    from portal.register.feed import add_api_client

    with _locale():
        session = db.session()
        token = add_api_client(session, current_council(session).id, name)
        session.commit()
        click.echo(gettext("Bearer token for %(name)s (shown once; keep it secret):", name=name),
                   err=True)
        click.echo(token)


@register_cli.command("endpoint")
@click.argument("name")
@click.argument("url")
def register_endpoint(name: str, url: str) -> None:
    """Push every new or changed entry to URL, signed with a new secret (shown once)."""
    from portal.register.feed import add_endpoint

    with _locale():
        session = db.session()
        try:
            secret = add_endpoint(session, current_council(session).id, name, url)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="URL") from None
        session.commit()
        click.echo(gettext("Signing secret for %(name)s (shown once):", name=name), err=True)
        click.echo(secret)


@register_cli.command("deliver")
@click.option("--once", is_flag=True, help="Deliver what is due, then stop.")
@click.option("--poll", default=5.0, show_default=True, help="Seconds between looks.")
def register_deliver(once: bool, poll: float) -> None:
    """Push outbox entries to their endpoints (at least once, signed, with back-off).

    Several workers may run at once on PostgreSQL; on SQLite run one.
    """
    import time

    from portal.register.feed import deliver_due

    with _locale():
        session = db.session()
        while True:
            result = deliver_due(session)
            if result.delivered or result.failed:
                click.echo(gettext("%(delivered)d delivered, %(failed)d to retry.",
                                   delivered=result.delivered, failed=result.failed), err=True)
            if once:
                return
            time.sleep(poll)


@report_cli.command("timeliness")
@click.option("--on", "on_day", type=DATE, help="The day to judge deadlines on (default today).")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json",
              show_default=True)
def report_timeliness(on_day: object, fmt: str) -> None:
    """Open cases per team: red (overdue), amber (due within 3 working days), green."""
    import csv
    import io
    import json

    today = _day(on_day)
    if today is None:
        # Deadlines are days in England and Wales, so "today" is London's.
        today = london_today()
    with _locale():
        session = db.session()
        council = current_council(session)
        result = database_timeliness(
            session, council.id, today=today,
            timescales=Timescales.from_mapping(council_settings(council).report_timescales),
            calendar=council_calendar(council),
        )
        if fmt == "json":
            click.echo(json.dumps(result, indent=2, ensure_ascii=False))
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["team", "red", "amber", "green"])
        for team, colours in result["teams"].items():
            writer.writerow([team, colours["red"], colours["amber"], colours["green"]])
        click.echo(buffer.getvalue(), nl=False)
