"""Pytest plugin: the ``store`` fixture, parametrized over both real backends.

- ``sqlite``: a fresh database file in the test's tmp_path.
- ``postgresql``: a fresh schema ``tacitus_test_<random>`` in database ``test`` on
  127.0.0.1:5432 (user postgres), selected through the connection's search_path and dropped
  after the test. If the server cannot be reached the test FAILS (it is never skipped).

``store_url`` gives the URL plus connect options as one string a subprocess can use
(``tacitus ingest --db URL``): for PostgreSQL the schema rides in the URL's ``options``.
"""

from __future__ import annotations

import secrets
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", "postgresql"]


def _pg_admin() -> Any:
    import psycopg

    try:
        return psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:  # a missing server is a failure of the suite, not a skip
        pytest.fail(f"PostgreSQL at 127.0.0.1:5432 (database test, user postgres) is not reachable: {exc}")


class Backend:
    """A database made for one test: ``url`` (self-contained, usable by a subprocess) and ``name``."""

    def __init__(self, name: str, url: str, schema: str | None = None) -> None:
        self.name = name
        self.url = url
        self.schema = schema

    def open(self) -> Any:
        from tacitus.store import open_store

        return open_store(self.url)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "sqlite":
        yield Backend("sqlite", "sqlite:///" + str(tmp_path / "tacitus.db"))
        return
    schema = "tacitus_test_" + secrets.token_hex(6)
    admin = _pg_admin()
    try:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        options = urllib.parse.quote(f"-csearch_path={schema}")
        yield Backend("postgresql", f"{PG_URL}?options={options}", schema)
    finally:
        admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.close()


@pytest.fixture
def store(backend: Backend) -> Iterator[Any]:
    """An open, migrated ``tacitus.store.Store`` on a fresh database of each backend."""
    s = backend.open()
    try:
        yield s
    finally:
        s.close()
