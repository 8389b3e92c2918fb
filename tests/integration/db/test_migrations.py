"""Migrations build an empty database and take it down again, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from portal.db import migrate
from portal.db.session import make_engine
from portal.models import Base
from tests.conftest import _fresh_postgres, postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    url, admin, schema = _fresh_postgres(postgres_url())
    yield url
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_then_downgrade_then_upgrade(empty_database: str) -> None:
    migrate.upgrade(empty_database)
    assert tables(empty_database) >= set(Base.metadata.tables)
    migrate.downgrade(empty_database, "base")
    assert tables(empty_database) == set()
    migrate.upgrade(empty_database)
    assert tables(empty_database) >= set(Base.metadata.tables)


def test_models_and_migrations_agree(empty_database: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    migrate.upgrade(empty_database)
    engine = make_engine(empty_database)
    try:
        with engine.connect() as conn:
            # Tables only the migrations make (the full-text index) are left out.
            context = MigrationContext.configure(
                conn, opts={"include_name": migrate.include_name})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == [], diff
