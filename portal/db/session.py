"""The engine and the request-scoped session, without Flask-SQLAlchemy.

SQLite is the embedded default: it runs with WAL (readers never block the one
writer), foreign keys enforced, and ``synchronous=FULL`` so a submission a
child was told is saved survives a power cut.

SQLite has one writer at a time, and a transaction begun with a plain
(deferred) ``BEGIN`` takes the write lock only at its first write. If another
connection wrote meanwhile, that upgrade fails at once with "database is
locked", whatever the busy timeout (SQLite cannot wait: the transaction's
reads are already stale). Eight people pressing Send together got 500s that
way. So every transaction that may write begins with ``BEGIN IMMEDIATE``,
which takes the write lock first and *waits* for it (``busy_timeout``).

Reads need no write lock under WAL, and holding it for a whole page (a long
report, an export) would make every Send wait behind it. So a GET or HEAD
request begins deferred, and the moment it is about to do anything but a plain
SELECT (an audit row, a savepoint, a locking read) its read-only transaction is
ended and replaced by ``BEGIN IMMEDIATE`` before that statement runs: nothing
was written yet, so nothing is lost, and the write waits its turn like any
other. (What it read before may be older than what it then writes, as under
PostgreSQL's READ COMMITTED, which the portal is written for.) A POST view whose reads
before its first write are only settings, and whose writes never depend on rows it read
first, may say so with ``@writes_late``: Send on the public form does, so the write lock
is held from its first INSERT to its commit instead of for the whole request, and two
workers taking complaints at once overlap everything else.

One commit point (STYLE.md section 4, ``init_commit_point``): a request's work is
committed after its answer is made, when that answer is not a refusal or a failure
(a status below 400), and rolled back otherwise. Views do not commit; a view whose
refusal (4xx) must still keep what it wrote says so with ``keep_on_refusal``.
Commands and workers (``flask --app portal ...``) commit for themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, g, has_request_context, request, session
from flask.wrappers import Response
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from portal.db.dates import register_sqlite_functions

_View = TypeVar("_View", bound=Callable[..., Any])

#: How long a write waits for SQLite's one write lock before giving up. A submission
#: holds it for tens of milliseconds, so 15 s is dozens of people sending at once.
SQLITE_BUSY_TIMEOUT_SECONDS = 15
#: Requests that only read, by HTTP's own rules; they begin deferred (above).
_READING_METHODS = frozenset({"GET", "HEAD"})
#: Set on a connection's info while its transaction holds no write lock yet.
_DEFERRED = "portal.sqlite_deferred"
#: Set on ``g`` by ``keep_on_refusal``.
_KEEP_ON_REFUSAL = "portal_keep_on_refusal"
#: Set on ``g`` by ``reads_from_now``.
_READS_FROM_NOW = "portal_reads_from_now"
#: Set on a view function by ``writes_late``.
_WRITES_LATE = "portal_writes_late"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling ends transactions behind SQLAlchemy's
    # back (and breaks SAVEPOINT); let SQLAlchemy emit BEGIN itself instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()
    register_sqlite_functions(dbapi_connection)


def _reading_request() -> bool:
    if not has_request_context():
        return False
    if request.method in _READING_METHODS or g.get(_READS_FROM_NOW):
        return True
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return bool(getattr(view, _WRITES_LATE, False))


def writes_late(view: _View) -> _View:
    """Mark a view whose transactions on SQLite begin deferred, as a GET's do, and take
    the write lock at their first write (see above). Only for a view that reads nothing
    before its first write that the write depends on: the council's settings, a draft
    kept outside the database. Send on the public form is one: everything it writes is
    new rows, numbered and made unique by the database itself."""
    setattr(view, _WRITES_LATE, True)
    return view


def reads_from_now() -> None:
    """Say that the rest of this request only reads, though it came as a POST: its next
    transactions on SQLite begin deferred, as a GET's do, and take the write lock only if
    they do write after all. For a download streamed after its request's work is
    committed (the register export), which must not make every Send wait meanwhile."""
    g.setdefault(_READS_FROM_NOW, True)


def _sqlite_begin(connection: Any) -> None:
    connection.info[_DEFERRED] = False
    if _reading_request():
        connection.exec_driver_sql("BEGIN")
        connection.info[_DEFERRED] = True
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _only_reads(statement: str, context: Any) -> bool:
    if not statement.lstrip()[:6].upper() == "SELECT":
        return False
    # SQLite's compiler drops FOR UPDATE; the write lock is what stands in for it.
    compiled = getattr(context, "compiled", None)
    return getattr(getattr(compiled, "statement", None), "_for_update_arg", None) is None


def _sqlite_take_write_lock(connection: Any, cursor: Any, statement: str, _parameters: Any,
                            context: Any, _executemany: bool) -> None:
    if not connection.info.get(_DEFERRED) or _only_reads(statement, context):
        return
    # Nothing was written and no savepoint exists yet (a SAVEPOINT lands here too),
    # so ending the read transaction loses nothing; BEGIN IMMEDIATE then waits.
    connection.info[_DEFERRED] = False
    cursor.execute("COMMIT")
    cursor.execute("BEGIN IMMEDIATE")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the portal's connection settings."""
    if url.startswith("sqlite"):
        # pysqlite's own busy wait (its default is 5 s), set as it opens the file.
        kwargs.setdefault("connect_args", {}).setdefault("timeout",
                                                         SQLITE_BUSY_TIMEOUT_SECONDS)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "before_cursor_execute", _sqlite_take_write_lock)
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


def keep_on_refusal() -> None:
    """Keep what this request wrote although its answer is a refusal (a 4xx status).

    For a refusal that is itself part of the record: the audit row of a refused import
    or of a step the procedure refused, the view of a case re-shown with a form's errors.
    An exception, or an answer of 500 or more, still rolls everything back.
    """
    g.setdefault(_KEEP_ON_REFUSAL, True)


def init_commit_point(app: Flask, database: Database) -> None:
    """Commit each request's work in one place, after its answer is made (STYLE.md 4).

    A status below 400 commits; 400 or more rolls back, unless the view called
    ``keep_on_refusal`` (then a 4xx commits too); an exception rolls back (the 500 page,
    web/errors.py, and the teardown above). A commit that fails (a unique key taken
    meanwhile, a serialization failure, the database gone) is not swallowed: it is
    raised, so the person gets the 500 page and never the page that said it was done.
    The browser's session goes back to what the request brought with it, so no
    "Saved" message, tracking notice or sign-in set after the work survives its loss.

    A view that must commit earlier still may, and says why (a 5xx answer that keeps
    its audit row, SQLite's one write lock released before a long export or report,
    a draft marked sent only once the register holds the complaint).

    A streamed body (``stream_with_context``) is read after Flask has ended the
    request's contexts once, which removes its session: what the view wrote is
    committed here, before the first byte, and the body reads in a session of its own
    that keeps nothing. A download builds what it needs inside the view (the audit
    log's export spools its rows first).
    """
    if app.config.get("TESTING_SHARED_SESSION"):

        @app.before_request
        def _set_up_stands() -> None:
            # Tests share one session (``Database.init_app``): what a test set up before
            # this request is committed (a savepoint there) as the request begins, as
            # production's database would hold it, so the request's own rollback (a 4xx,
            # an error) undoes the request's work and not the test's set-up.
            database.session.commit()

    @app.after_request
    def _commit_point(response: Response) -> Response:
        status = response.status_code
        keep = status < 400 or (status < 500 and bool(g.get(_KEEP_ON_REFUSAL)))
        if not keep:
            database.session.rollback()
            return response
        try:
            database.session.commit()
        except Exception:
            database.session.rollback()
            _as_the_request_came(app)
            raise
        return response


def _as_the_request_came(app: Flask) -> None:
    """Put the browser's session back as the request brought it (its cookie)."""
    before = app.session_interface.open_session(app, request)
    session.clear()
    session.update(before or {})
