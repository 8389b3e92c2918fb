"""``flask --app portal mail send``: deliver queued mail through MAIL_BACKEND."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup

from portal.extensions import db
from portal.mail.services import backend_named, send_due

mail_cli = AppGroup("mail", help="Send the outgoing mail queue.")


@mail_cli.command("send")
@click.option("--limit", default=100, show_default=True, help="Most mails to send per round.")
@click.option("--loop", is_flag=True, help="Keep running, one round every --every seconds.")
@click.option("--every", default=30, show_default=True, help="Seconds between rounds.")
def mail_send(limit: int, loop: bool, every: int) -> None:
    """Send queued mail and texts that are due; failures are kept and retried with back-off,
    and a text waits for its safe hours."""
    try:
        backend = backend_named(str(current_app.config.get("MAIL_BACKEND", "outbox")),
                                current_app.config)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    while True:
        report = send_due(db.session(), backend, limit=limit)
        click.echo(f"Sent {report.sent}, failed {report.failed} (will retry), "
                   f"given up {report.given_up}, texts held for a safe time {report.held}.")
        if not loop:
            return
        time.sleep(every)
