"""Connection settings the portal relies on, on each database."""

from __future__ import annotations

from sqlalchemy import Engine, text


def test_connection_settings(engine: Engine) -> None:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # Readers never block the writer; foreign keys hold; a saved submission
            # survives a power cut.
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        else:
            # No server-side prepared statements: their generic plans turned a re-import
            # of 100,000 rows from seconds into minutes.
            assert connection.connection.driver_connection.prepare_threshold is None


def test_savepoints_really_roll_back(engine: Engine) -> None:
    """A released savepoint must not commit the outer transaction (pysqlite's own
    transaction handling did, which leaked rows between tests)."""
    with engine.connect() as connection:
        connection.execute(text("CREATE TEMPORARY TABLE probe (n INTEGER)"))
        connection.commit()
        outer = connection.begin()
        nested = connection.begin_nested()
        connection.execute(text("INSERT INTO probe VALUES (1)"))
        nested.commit()
        outer.rollback()
        assert connection.execute(text("SELECT count(*) FROM probe")).scalar() == 0
