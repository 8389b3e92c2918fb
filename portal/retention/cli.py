"""``flask --app portal retention purge``: destroy what the retention schedule says is due.

Safe to run daily from cron: each case is its own transaction, a destroyed
case is never destroyed twice, a held case is never touched, and the output
is counts (a dry run lists references and dates), never personal data.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from portal.common.clock import london_today
from portal.extensions import db
from portal.retention.purge import purge, ran_by_command

retention_cli = AppGroup("retention", help="The retention schedule: purge what is due.")


@retention_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="List what is due; change nothing.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Act as if it were this day (YYYY-MM-DD); later than today only with "
                   "--dry-run.")
def retention_purge(dry_run: bool, today: datetime | None) -> None:
    """Destroy the personal data of every closed case past its retention date (one
    transaction per case), and sweep expired drafts and old mail."""
    real = london_today()
    day = today.date() if today is not None else real
    if day > real and not dry_run:
        # A mistyped year must not destroy years of records early.
        click.echo(f"--today {day.isoformat()} is in the future: use it with --dry-run only.",
                   err=True)
        sys.exit(2)
    draft_dir = None
    if not current_app.config.get("DRAFT_STORAGE_URL"):  # Redis expires drafts itself
        draft_dir = Path(current_app.config.get("DRAFT_DIR")
                         or Path(current_app.instance_path) / "drafts")
    idle = int(current_app.config.get("SESSION_IDLE_MINUTES", 30)) * 60
    report = purge(db.session(), today=day, dry_run=dry_run, ran_by=ran_by_command(),
                   draft_dir=draft_dir, draft_idle_seconds=idle)
    if dry_run:
        for reference, due_on, rule in report.listed:
            click.echo(f"would destroy {reference} (due {due_on.isoformat()}, rule {rule})")
        click.echo(f"Dry run for {day.isoformat()}: {report.due} cases due, nothing changed.")
    else:
        click.echo(f"Retention for {day.isoformat()}: {report.destroyed} cases destroyed, "
                   f"{report.failed} failed.")
    click.echo(f"Kept past their date: {report.kept_on_hold} on legal hold, "
               f"{report.kept_for_ombudsman} awaiting the Ombudsman.")
    verb = "to expire" if dry_run else "expired"
    click.echo(f"Drafts {verb}: {report.drafts_expired}. Old mail {verb}: "
               f"{report.mail_removed}. Saved forms {verb}: {report.saved_drafts_removed}. "
               f"Unsent files {verb}: {report.unsent_files_removed}.")
    if report.failed:
        sys.exit(1)  # cron mails the owner; the next run tries again
