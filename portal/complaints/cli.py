"""``flask --app portal drafts purge-saved``: delete saved forms past their days;
``drafts purge-files``: delete the files of unsent drafts that were forgotten.

The retention purge does the same every time it runs; this command is for running it
more often (hourly from cron, say). Prints a count, never anything from a form.
"""

from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import AppGroup

from portal.complaints.drafts import draft_store
from portal.complaints.saved import purge_expired
from portal.db.types import utcnow
from portal.extensions import db
from portal.files.services import delete_unsent_of_gone_drafts

drafts_cli = AppGroup("drafts", help="Forms children saved to come back to later, and the "
                      "files of unsent forms.")


@drafts_cli.command("purge-saved")
@click.option("--dry-run", is_flag=True, help="Count what is due; delete nothing.")
def purge_saved(dry_run: bool) -> None:
    """Delete every saved form kept longer than its council's saved_draft_days."""
    count = purge_expired(db.session(), now=utcnow(), dry_run=dry_run)
    verb = "to delete" if dry_run else "deleted"
    click.echo(f"Saved forms past their days {verb}: {count}.")


@drafts_cli.command("purge-files")
@click.option("--dry-run", is_flag=True, help="Count what is due; delete nothing.")
def purge_files(dry_run: bool) -> None:
    """Delete the photos, documents and voice notes of unsent drafts that are gone.

    A draft is forgotten after SESSION_IDLE_MINUTES without use (Redis forgets it by
    itself); its files are rows in the database, so this sweep (also run by the retention
    purge for the file store) deletes every unsent file older than the idle time whose
    draft no longer exists. Run it as often as the retention purge, or more."""
    store = draft_store()
    count = delete_unsent_of_gone_drafts(
        db.session(), before=utcnow() - timedelta(seconds=store.idle_seconds),
        live_tokens=store.live_tokens(), dry_run=dry_run)
    db.session.commit()
    verb = "to delete" if dry_run else "deleted"
    click.echo(f"Files of forgotten drafts {verb}: {count}.")
