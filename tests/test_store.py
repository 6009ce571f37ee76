"""Store: migrations, engine settings and the decision API, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select, text

from tacitus.store.models import ArticleRow, Base, EventRow, MentionRow

TABLES = {"sources", "articles", "mentions", "events", "actors", "event_actors", "places", "claims", "decisions", "minhash_bands",
          "event_terms"}


def test_migrations_create_every_table_and_index(store: Any) -> None:
    insp = inspect(store.engine)
    names = set(insp.get_table_names())
    assert TABLES <= names
    assert "alembic_version" in names
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
    # every column the models declare exists in the migrated schema
    for table in Base.metadata.sorted_tables:
        have = {c["name"] for c in insp.get_columns(table.name)}
        assert {c.name for c in table.columns} == have, table.name
    indexed = {tuple(ix["column_names"]) for ix in insp.get_indexes("events")}
    for col in ("date", "country", "admin1", "category", "subtype", "claimed"):
        assert (col,) in indexed
    assert ("lat", "lon") in indexed
    assert ("event_id", "term") in {tuple(ix["column_names"]) for ix in insp.get_indexes("event_terms")}


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


def test_migration_0002_indexes_the_words_of_events_already_stored(backend: Any) -> None:
    """A database made before the text index (revision 0001) gets its events' words on upgrade."""
    from tacitus.query import iter_events, parse_filters
    from tacitus.store.db import migrate
    from tacitus.store import open_store

    old = open_store(backend.url, upgrade=False)
    migrate(old.engine, "0001")
    with old.engine.begin() as conn:
        conn.execute(text("INSERT INTO articles (id, content_hash, status, text, ingested_at) "
                          "VALUES ('art_1', 'h1', 'ok', 't', '2025-01-01 00:00:00')"))
        conn.execute(text("INSERT INTO events (id, n_sources, competing, contested, record, updated_at) "
                          "VALUES ('ev_1', 1, false, false, '{}', '2025-01-01 00:00:00'), "
                          "('ev_2', 1, false, false, '{}', '2025-01-01 00:00:00')"))
        conn.execute(text("INSERT INTO mentions (id, article_id, event_local_id, record, event_id) VALUES "
                          "('art_1:e1', 'art_1', 'e1', :r1, 'ev_1'), ('art_1:e2', 'art_1', 'e2', :r2, 'ev_2')"),
                     {"r1": '{"evidence": [{"text": "Shells hit Ḩadīthah at dawn."}]}',
                      "r2": '{"evidence": [{"text": "A convoy was ambushed."}, {"text": "Two died."}]}'})
    old.close()
    new = backend.open()  # upgrade head: 0001 -> 0002
    try:
        with new.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
        assert [e["id"] for e in iter_events(new, parse_filters(text="hadithah"))] == ["ev_1"]
        assert [e["id"] for e in iter_events(new, parse_filters(text="ambush died"))] == ["ev_2"]
        assert [e["id"] for e in iter_events(new, parse_filters(text="convoy shells"))] == []
    finally:
        new.close()
