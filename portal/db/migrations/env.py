"""Alembic environment: runs against the URL the portal's config names.

The URL comes from the Alembic config's main option, which portal.db.migrate
sets from the app's DATABASE_URL; nothing here reads the environment itself.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from portal.db.migrate import include_name
from portal.db.session import make_engine
from portal.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # The full-text index of cases is the migrations' own (no model declares it).
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
