"""``flask --app portal cases close-windows``: close the windows to ask for the next
stage that have ended (cases/windows.py). Safe to run daily from cron: it prints only
references and counts, and a second run the same day changes nothing.
``flask --app portal cases refresh-deadlines``: store every case's next deadline again
(cases/due_dates.py)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.cases.windows import close_expired
from portal.common.clock import london_today
from portal.extensions import db

cases_cli = AppGroup("cases", help="The procedure's daily work.")


@cases_cli.command("close-windows")
def close_windows() -> None:
    """Close each case whose 20 working days to ask for the next stage have ended."""
    closed = close_expired(db.session(), today=london_today())
    db.session.commit()
    for reference in closed:
        click.echo(f"closed {reference}: the time to ask for the next stage ended")
    click.echo(f"{len(closed)} cases closed.")


@cases_cli.command("refresh-deadlines")
def refresh_deadlines() -> None:
    """Work every case's stored next deadline out again (cases/due_dates.py): after an
    upgrade that changes the bank holidays, or a change made outside the portal."""
    from portal.cases.due_dates import refresh_all

    written = refresh_all(db.session().connection())
    db.session.commit()
    click.echo(f"{written} cases' next deadline changed.")
