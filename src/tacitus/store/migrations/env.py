"""Alembic environment for the Tacitus store.

The program passes an open connection in ``config.attributes["connection"]`` (see
``tacitus.store.db.migrate``); the ``alembic`` command line builds an engine from the
``TACITUS_DB`` URL (or ``sqlalchemy.url`` in the ini file) instead.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, create_engine

from tacitus.store.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    from tacitus.store.db import default_url

    return os.environ.get("TACITUS_DB") or config.get_main_option("sqlalchemy.url") or default_url()


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table instead
        compare_type=True,
    )


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(_url())
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
