"""Opening a store: engine set-up per backend, Alembic ``upgrade head`` on open, sessions.

URLs: ``sqlite:///path/to/file.db`` (WAL journal, foreign keys on, a busy timeout so a reader
and the ingest writer can share the file) or ``postgresql+psycopg://user@host:port/db``. A URL
without a scheme is taken as a SQLite file path.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from .. import settings
from ..errors import UsageError

__all__ = ["Store", "open_store", "default_url", "normalize_url", "migrate", "HERE"]

HERE = Path(__file__).resolve().parent


def default_url() -> str:
    """The ``db`` setting (``TACITUS_DB``), else a SQLite file in the user's data directory."""
    configured = str(settings.get("db") or "")
    if configured:
        return normalize_url(configured)
    from platformdirs import user_data_dir

    return "sqlite:///" + str(Path(user_data_dir("tacitus", appauthor=False)) / "tacitus.db")


def normalize_url(url: str) -> str:
    """Accept a bare file path as SQLite and ``postgresql://`` as the psycopg 3 driver."""
    if "://" not in url:
        return "sqlite:///" + str(Path(url).expanduser().resolve())
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a crash loses at most the last commits, never corrupts
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str, connect_args: dict[str, Any] | None = None) -> Engine:
    url = normalize_url(url)
    args = dict(connect_args or {})
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        args.setdefault("timeout", 30)
        engine = create_engine(url, connect_args=args)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql"):
        return create_engine(url, connect_args=args, pool_pre_ping=True)
    raise UsageError(f"unsupported database URL '{url}': use sqlite:///FILE or postgresql+psycopg://...")


def alembic_config(connection: Any = None) -> Any:
    from alembic.config import Config

    cfg = Config(str(HERE / "alembic.ini"))
    cfg.set_main_option("script_location", str(HERE / "migrations"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (Alembic ``upgrade``) in one transaction."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


class Store:
    """An open database: ``session()`` gives a transaction scope; ``engine`` is the SQLAlchemy engine."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self._sessions() as s, s.begin():
            yield s

    def new_session(self) -> Session:
        return self._sessions()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"


def open_store(url: str | None = None, *, connect_args: dict[str, Any] | None = None, upgrade: bool = True) -> Store:
    """Open the database at ``url`` (default: ``default_url()``) and migrate it to the newest schema."""
    url = normalize_url(url) if url else default_url()
    engine = make_engine(url, connect_args)
    if upgrade:
        migrate(engine)
    return Store(engine, url)
