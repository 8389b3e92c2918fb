"""The engine and the request-scoped session, without Flask-SQLAlchemy.

SQLite is the embedded default: it runs with WAL (readers never block the one
writer), foreign keys enforced, and ``synchronous=FULL`` so a submission a
child was told is saved survives a power cut.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, scoped_session, sessionmaker


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling ends transactions behind SQLAlchemy's
    # back (and breaks SAVEPOINT); let SQLAlchemy emit BEGIN itself instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the portal's connection settings."""
    if url.startswith("sqlite"):
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    # psycopg prepares a statement on the server after five runs, and PostgreSQL then
    # plans it generically: a long `IN (...)` list becomes a linear search on every
    # row (a re-import of 100,000 rows took minutes instead of seconds). The portal's
    # queries gain nothing from server-side preparation.
    kwargs.setdefault("connect_args", {}).setdefault("prepare_threshold", None)
    return create_engine(url, **kwargs)


class Database:
    """One engine per app and one scoped session per request or CLI command."""

    def __init__(self) -> None:
        self.session: scoped_session[Session] = scoped_session(
            sessionmaker(expire_on_commit=False)
        )
        self.engine: Engine | None = None

    def init_app(self, app: Flask) -> None:
        engine = app.config.get("DATABASE_ENGINE") or make_engine(app.config["DATABASE_URL"])
        self.engine = engine
        self.session.configure(bind=engine)
        app.extensions["portal.db"] = self

        shared = bool(app.config.get("TESTING_SHARED_SESSION"))

        @app.teardown_appcontext
        def _remove_session(exc: BaseException | None) -> None:
            if not shared:
                self.session.remove()
            elif exc is not None:
                # Tests share one session inside a rolled-back transaction.
                self.session.rollback()
