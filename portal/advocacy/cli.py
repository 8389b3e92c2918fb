"""``flask --app portal advocacy ...``: the advocacy service's daily and set-up commands.

``advocacy load-demo`` is attached to this group by portal/cli.py, beside the demo data
it loads (advocacy may not import portal.demo, the layer above it).
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.advocacy.notices import tell_advocates
from portal.extensions import db

advocacy_cli = AppGroup("advocacy", help="Advocacy: tell advocates their news; demo provider.")


@advocacy_cli.command("tell-advocates")
def tell_advocates_command() -> None:
    """Queue an e-mail to each advocate with news on their children's cases."""
    session = db.session()
    queued = tell_advocates(session)
    session.commit()
    click.echo(f"{queued} advocate e-mails queued.")

