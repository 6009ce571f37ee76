"""The event database schema (SQLAlchemy 2 typed declarative).

Dates are stored as ``YYYY-MM-DD`` strings (they sort and compare as text on both SQLite and
PostgreSQL); JSON columns hold the full records the extractor and fusion produce, and the plain
columns beside them are copies of the fields the query filters use.

Tables: sources, articles, mentions (an event as one article reports it), events (canonical,
one per fused incident), actors + event_actors, places, claims (the ledger rows), decisions
(analyst merge/split decisions, kept across re-fusion and re-ingest).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Text,
                        UniqueConstraint)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["Base", "Source", "ArticleRow", "MentionRow", "EventRow", "ActorRow", "EventActor", "PlaceRow",
           "ClaimRow", "MinhashBand", "Decision", "EventTerm", "JSONType", "utcnow", "search_terms",
           "TERM_LEN", "TermType"]

# One naming rule for constraints and indexes, so Alembic migrations name them the same on every backend.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONType = JSON().with_variant(JSONB(), "postgresql")

TERM_LEN = 64
# Byte order ("C" collation) on PostgreSQL, as SQLite's default BINARY, so a prefix is an index range.
TermType = String(TERM_LEN).with_variant(String(TERM_LEN, collation="C"), "postgresql")
_WORD = re.compile(r"\w+")


def search_terms(texts: Iterable[str]) -> set[str]:
    """The words ``tacitus events --text`` can find: lower case, accents dropped ("Ḩadīthah" ->
    "hadithah"), split at anything that is not a letter or digit, cut to ``TERM_LEN`` characters."""
    out: set[str] = set()
    for text in texts:
        folded = "".join(c for c in unicodedata.normalize("NFKD", text or "") if not unicodedata.combining(c))
        out.update(w[:TERM_LEN] for w in _WORD.findall(folded.casefold()))
    return out


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Source(Base):
    """An outlet, known by the host of its URLs (or a name given in a batch)."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    host: Mapped[str | None] = mapped_column(String(200), unique=True)


class ArticleRow(Base):
    """One ingested article. ``status``: 'ok', 'failed' (``error`` says why) or 'duplicate'
    (a syndicated near-copy of ``duplicate_of``; its events are not counted again)."""

    __tablename__ = "articles"
    id: Mapped[str] = mapped_column(String(24), primary_key=True)  # "art_" + sha1(cleaned text)[:16]
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(String(2000), unique=True)
    content_hash: Mapped[str] = mapped_column(String(40), unique=True)
    minhash: Mapped[Any | None] = mapped_column(JSONType)
    duplicate_of: Mapped[str | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10), index=True)
    section: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="ok", index=True)
    error: Mapped[Any | None] = mapped_column(JSONType)  # {"code", "message"} when failed
    origin: Mapped[str | None] = mapped_column(Text)  # the path, URL or batch line it came from
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class EventRow(Base):
    """A canonical event: one incident, fused from one or more mentions."""

    __tablename__ = "events"
    id: Mapped[str] = mapped_column(String(24), primary_key=True)  # "ev_" + sha1(min member mention id)[:12]
    category: Mapped[str | None] = mapped_column(String(60), index=True)
    subtype: Mapped[str | None] = mapped_column(String(80), index=True)
    date: Mapped[str | None] = mapped_column(String(10), index=True)
    date_precision: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(80), index=True)
    admin1: Mapped[str | None] = mapped_column(String(120), index=True)
    place_name: Mapped[str | None] = mapped_column(String(200))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    killed: Mapped[int | None] = mapped_column(Integer)
    killed_low: Mapped[int | None] = mapped_column(Integer)
    killed_high: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    claimed: Mapped[bool | None] = mapped_column(Boolean, index=True)
    competing: Mapped[bool] = mapped_column(Boolean, default=False)
    contested: Mapped[bool] = mapped_column(Boolean, default=False)
    n_sources: Mapped[int] = mapped_column(Integer, default=1)
    record: Mapped[Any] = mapped_column(JSONType)  # {"event", "provenance", "figures", "ledger", "mentions"}
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_events_lat_lon", "lat", "lon"),)


class MentionRow(Base):
    """One event as one article reports it; ``record`` is the extractor's Event.as_dict() with evidence."""

    __tablename__ = "mentions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # "<article id>:<local event id>"
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    event_local_id: Mapped[str] = mapped_column(String(32))
    category: Mapped[str | None] = mapped_column(String(60))
    subtype: Mapped[str | None] = mapped_column(String(80))
    date: Mapped[str | None] = mapped_column(String(10), index=True)
    date_precision: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(80), index=True)
    admin1: Mapped[str | None] = mapped_column(String(120))
    place_name: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    killed: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    record: Mapped[Any] = mapped_column(JSONType)
    event_id: Mapped[str | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)


class ActorRow(Base):
    __tablename__ = "actors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    type: Mapped[str | None] = mapped_column(String(60))


class EventActor(Base):
    __tablename__ = "event_actors"
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(40), primary_key=True)


class PlaceRow(Base):
    """A place events happened at; ``key`` is "name|admin1|country" (unique, NULL-safe on every backend)."""

    __tablename__ = "places"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(500), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    admin1: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(80))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonames_id: Mapped[int | None] = mapped_column(Integer)


class ClaimRow(Base):
    """One claim, denial or attribution as one article reports it. ``event_id`` follows the mention
    into whatever canonical event re-fusion puts it in; a claim the extractor tied to no event keeps
    ``event_id`` and ``mention_id`` NULL."""

    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    mention_id: Mapped[str | None] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    stance: Mapped[str] = mapped_column(String(16), index=True)
    actor: Mapped[str | None] = mapped_column(String(300), index=True)
    by: Mapped[str | None] = mapped_column(String(300))
    speaker: Mapped[str | None] = mapped_column(String(300))
    date: Mapped[str | None] = mapped_column(String(10))
    evidence_start: Mapped[int | None] = mapped_column(Integer)
    evidence_end: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str | None] = mapped_column(Text)  # the evidence sentence
    record: Mapped[Any | None] = mapped_column(JSONType)  # the extractor's Claim.as_dict()


class EventTerm(Base):
    """The text index: each word of the evidence sentences of an event's mentions, once per event.
    Rewritten with the event on every re-fusion; ``--text`` reads it as a prefix range on ``term``."""

    __tablename__ = "event_terms"
    term: Mapped[str] = mapped_column(TermType, primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)

    # (term, event_id), the key, finds the events of a word; (event_id, term) whether one event has a word
    __table_args__ = (Index("ix_event_terms_event_id_term", "event_id", "term"),)


class MinhashBand(Base):
    """Locality-sensitive hashing bands of an article's MinHash signature: articles sharing a band
    are candidate near-copies (checked against the full signature)."""

    __tablename__ = "minhash_bands"
    band: Mapped[str] = mapped_column(String(24), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True)


class Decision(Base):
    """An analyst's decision about two mentions: 'merge' (must be together) or 'split' (must not be).
    Mention ids are deterministic, so decisions outlive re-fusion and re-ingest."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(8))
    mention_a: Mapped[str] = mapped_column(String(64), index=True)
    mention_b: Mapped[str] = mapped_column(String(64), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("kind", "mention_a", "mention_b"),)
