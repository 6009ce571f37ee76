"""The event database: SQLAlchemy models, Alembic migrations and the ``Store`` handle.

``open_store(url)`` opens (and migrates to the newest schema) a SQLite file or a PostgreSQL
database; see docs/database.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["open_store", "Store", "default_url"]

if TYPE_CHECKING:
    from .db import Store


def __getattr__(name: str) -> Any:  # lazy, so importing the models does not pull in Alembic
    if name in ("open_store", "Store", "default_url"):
        from . import db

        return getattr(db, name)
    raise AttributeError(name)
