"""``flask --app portal notify deadlines`` and ``notify digest``: run once a day by cron,
deadlines first so that their reminders join the day's summaries (README,
"Notifications for staff"). Both are safe to run again: nobody is told twice."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.common.clock import london_today
from portal.extensions import db
from portal.notifications import services

notify_cli = AppGroup("notify", help="Email staff what needs them: deadlines and daily summaries.")


@notify_cli.command("deadlines")
def deadlines() -> None:
    """Tell staff of deadlines 3 working days away, and of missed ones the day after."""
    session = db.session()
    told = services.tell_deadlines(session, today=london_today())
    session.commit()
    click.echo(f"{told} deadline notices.")


@notify_cli.command("digest")
def digest() -> None:
    """Send each person who chose one email a day the notices waiting for them."""
    session = db.session()
    sent = services.send_digests(session)
    session.commit()
    click.echo(f"{sent} daily summaries queued.")
