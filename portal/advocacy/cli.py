"""``flask --app portal advocacy ...``: the advocacy service's daily and set-up commands."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.advocacy.notices import tell_advocates
from portal.advocacy.services import load_demo_advocacy
from portal.councils.services import current_council
from portal.extensions import db

advocacy_cli = AppGroup("advocacy", help="Advocacy: tell advocates their news; demo provider.")


@advocacy_cli.command("tell-advocates")
def tell_advocates_command() -> None:
    """Queue an e-mail to each advocate with news on their children's cases."""
    session = db.session()
    queued = tell_advocates(session)
    session.commit()
    click.echo(f"{queued} advocate e-mails queued.")


@advocacy_cli.command("load-demo")
def load_demo_command() -> None:
    """Tie the demo coordinator and advocate (flask demo load) to a demo provider, with the
    advocate's languages and capacity, so matching has someone to suggest."""
    session = db.session()
    provider = load_demo_advocacy(session, current_council(session))
    session.commit()
    click.echo(f"Demo advocacy provider: {provider.name}")
