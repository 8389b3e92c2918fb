"""The WSGI entry point for production: ``gunicorn 'portal.wsgi:app'``.

Unlike create_app(), this checks once that the database answers, so a wrong
DATABASE_URL or a server that is down stops start-up with one sentence instead
of failing the first child who presses Send.
"""

from __future__ import annotations

import gc
import sys

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from portal import create_app
from portal.extensions import db


def check_database() -> None:
    assert db.engine is not None
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else "no answer"
        print(f"The portal cannot start: the database named by DATABASE_URL cannot be reached "
              f"({reason}).", file=sys.stderr)
        raise SystemExit(1) from None


app = create_app()
check_database()
# What start-up made lives as long as the worker: the collector need never walk it again
# (each collection during a request then looks only at what requests made).
gc.freeze()
