"""``flask --app portal drafts purge-saved``: delete saved forms past their days.

The retention purge does the same every time it runs; this command is for running it
more often (hourly from cron, say). Prints a count, never anything from a form.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.complaints.saved import purge_expired
from portal.db.types import utcnow
from portal.extensions import db

drafts_cli = AppGroup("drafts", help="Forms children saved to come back to later.")


@drafts_cli.command("purge-saved")
@click.option("--dry-run", is_flag=True, help="Count what is due; delete nothing.")
def purge_saved(dry_run: bool) -> None:
    """Delete every saved form kept longer than its council's saved_draft_days."""
    count = purge_expired(db.session(), now=utcnow(), dry_run=dry_run)
    verb = "to delete" if dry_run else "deleted"
    click.echo(f"Saved forms past their days {verb}: {count}.")
