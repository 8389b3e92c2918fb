"""Alembic, driven from the portal's own config: no alembic.ini to keep in step.

Alembic is imported inside each function: the CLI registers its commands in every
web worker, which never migrates and need not load it (README, "Speed").
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Tables the migrations make that no model declares, kept in step by database triggers:
#: the cases' full-text index (0020_case_search; on SQLite an FTS5 table, whose own
#: tables are named after it: case_search_data, case_search_idx...).
MIGRATION_ONLY_TABLES = ("case_search",)


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str, revision: str = "heads", connection: Connection | None = None) -> None:
    from alembic import command

    command.upgrade(alembic_config(url, connection), revision)


def downgrade(url: str, revision: str = "base", connection: Connection | None = None) -> None:
    from alembic import command

    command.downgrade(alembic_config(url, connection), revision)


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """Whether autogenerate (and tests/integration/db/test_migrations.py) compares a database
    object with the models: not the tables of ``MIGRATION_ONLY_TABLES``."""
    if type_ != "table" or name is None:
        return True
    return not any(name == table or name.startswith(f"{table}_")
                   for table in MIGRATION_ONLY_TABLES)
