"""Store: migrations, engine settings and the decision API, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select, text

from tacitus.store.models import ArticleRow, Base, EventRow, MentionRow

TABLES = {"sources", "articles", "mentions", "events", "actors", "event_actors", "places", "claims", "decisions", "minhash_bands"}


def test_migrations_create_every_table_and_index(store: Any) -> None:
    insp = inspect(store.engine)
    names = set(insp.get_table_names())
    assert TABLES <= names
    assert "alembic_version" in names
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
    # every column the models declare exists in the migrated schema
    for table in Base.metadata.sorted_tables:
        have = {c["name"] for c in insp.get_columns(table.name)}
        assert {c.name for c in table.columns} == have, table.name
    indexed = {tuple(ix["column_names"]) for ix in insp.get_indexes("events")}
    for col in ("date", "country", "admin1", "category", "subtype", "claimed"):
        assert (col,) in indexed
    assert ("lat", "lon") in indexed


def test_reopen_is_a_noop_migration(backend: Any) -> None:
    first = backend.open()
    with first.session() as s:
        s.add(ArticleRow(id="art_0000000000000001", content_hash="h1", status="ok", text="x"))
    first.close()
    again = backend.open()  # upgrade head on an up-to-date schema keeps the data
    with again.session() as s:
        assert s.scalar(select(ArticleRow.text).where(ArticleRow.id == "art_0000000000000001")) == "x"
    again.close()


def test_foreign_keys_are_enforced(store: Any) -> None:
    import sqlalchemy.exc
    import pytest

    with pytest.raises(sqlalchemy.exc.IntegrityError):
        with store.session() as s:
            s.add(MentionRow(id="art_nope:e1", article_id="art_nope", event_local_id="e1", record={}))


def test_deleting_an_article_removes_its_mentions(store: Any) -> None:
    with store.session() as s:
        s.add(ArticleRow(id="art_a", content_hash="ha", status="ok", text="t"))
        s.add(EventRow(id="ev_a", record={}, n_sources=1))
        s.flush()
        s.add(MentionRow(id="art_a:e1", article_id="art_a", event_local_id="e1", record={"k": [1, 2]}, event_id="ev_a"))
    with store.session() as s:
        assert s.get(MentionRow, "art_a:e1").record == {"k": [1, 2]}
        s.delete(s.get(ArticleRow, "art_a"))
    with store.session() as s:
        assert s.get(MentionRow, "art_a:e1") is None
        assert s.get(EventRow, "ev_a") is not None


def test_sqlite_uses_wal(backend: Any) -> None:
    if backend.name != "sqlite":
        s = backend.open()
        assert s.dialect == "postgresql"
        s.close()
        return
    s = backend.open()
    with s.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    s.close()
