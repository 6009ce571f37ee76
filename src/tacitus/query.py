"""Reading the event database: filtered event lists, one event's full record, actors and claims.

Every filter becomes a SQL condition on an indexed column of ``events`` (date, country, admin1,
category, subtype, claimed, lat/lon) or a sub-query on an indexed join table (``event_actors`` for
``--actor``, ``event_terms`` for ``--text``), so the database does the narrowing. ``--near`` is a
bounding box in SQL (the lat/lon index) refined by the great-circle distance in Python.
Rows are read in batches (``iter_events``), so a long listing or an export never sits in memory whole.

The functions take a ``Store`` (anything with an ``engine``) or a SQLAlchemy ``Engine``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Engine, Select, and_, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from .errors import UsageError
from .store.models import (ActorRow, ArticleRow, ClaimRow, Decision, EventActor, EventRow, EventTerm, MentionRow,
                           Source, search_terms)

__all__ = ["Filters", "parse_filters", "events_query", "iter_events", "list_events", "get_event", "why",
           "list_actors", "list_claims", "haversine_km", "EVENT_COLUMNS", "engine_of"]

EARTH_KM = 6371.0088
_TOP = "\U0010ffff"  # sorts after every character: [word, word + _TOP) holds the terms that start with word
# The columns of one event summary row, in output order (``--format csv`` header).
EVENT_COLUMNS = ["id", "date", "date_precision", "category", "subtype", "country", "admin1", "place",
                 "lat", "lon", "killed", "killed_low", "killed_high", "injured", "claimed", "competing",
                 "contested", "n_sources", "perpetrators", "targets"]
_STANCES = ("claim", "denial", "attribution")


def engine_of(store: Any) -> Engine:
    """The SQLAlchemy engine behind a Store (or the engine itself)."""
    eng = getattr(store, "engine", store)
    if not isinstance(eng, Engine):
        raise TypeError(f"expected a Store or an Engine, got {type(store).__name__}")
    return eng


@dataclass
class Filters:
    since: str | None = None
    until: str | None = None
    country: str | None = None  # ISO 3166 alpha-2, as the store keeps it
    admin1: str | None = None
    actor: str | None = None
    category: str | None = None
    subtype: str | None = None
    claimed: bool | None = None  # True: claimed; False: not claimed (false or unknown)
    near: tuple[float, float, float] | None = None  # lat, lon, km
    text: list[str] = field(default_factory=list)
    limit: int | None = None


def _check_day(value: str, opt: str) -> str:
    """A YYYY-MM-DD date, or YYYY / YYYY-MM (taken as the first day for --since and the last for --until)."""
    v = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            return date.fromisoformat(v).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}", v):
            y, m = int(v[:4]), int(v[5:])
            first = date(y, m, 1)
            if opt == "--until":
                nxt = date(y + (m == 12), m % 12 + 1, 1)
                return date.fromordinal(nxt.toordinal() - 1).isoformat()
            return first.isoformat()
        if re.fullmatch(r"\d{4}", v):
            return f"{v}-12-31" if opt == "--until" else f"{v}-01-01"
    except ValueError:
        pass
    raise UsageError(f"{opt}: expected a date YYYY-MM-DD (or YYYY-MM, YYYY), got {value!r}")


def _parse_near(value: str) -> tuple[float, float, float]:
    parts = [p.strip() for p in value.split(",")]
    try:
        if len(parts) != 3:
            raise ValueError
        lat, lon, km = (float(p) for p in parts)
    except ValueError:
        raise UsageError(f"--near: expected LAT,LON,KM (for example 33.3,44.4,25), got {value!r}") from None
    if not all(math.isfinite(x) for x in (lat, lon, km)):
        raise UsageError(f"--near: numbers must be finite, got {value!r}")
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise UsageError(f"--near: latitude must be in -90..90 and longitude in -180..180, got {value!r}")
    if km <= 0:
        raise UsageError(f"--near: the radius must be more than 0 km, got {value!r}")
    return lat, lon, km


def _country_code(value: str) -> str:
    """'IQ', 'iq', 'Iraq' or 'Iraqi' -> 'IQ' (the store keeps ISO alpha-2 codes)."""
    from .knowledge import fold, load

    v = value.strip()
    know = load()
    if v.upper() in know.countries:
        return v.upper()
    code = know.country_alias.get(fold(v)) or know.country_alias.get(v)
    if code:
        return code
    raise UsageError(f"--country: unknown country {value!r} (give an ISO code like IQ or a name like Iraq)")


def _lexicon_names() -> tuple[set[str], set[str]]:
    from .knowledge import load

    subs = load().lexicon["subtypes"]
    return {v["category"] for v in subs.values()}, set(subs)


def parse_filters(since: str | None = None, until: str | None = None, country: str | None = None,
                  admin1: str | None = None, actor: str | None = None, category: str | None = None,
                  subtype: str | None = None, claimed: bool | None = None, near: str | None = None,
                  text: str | None = None, limit: int | None = None) -> Filters:
    """Check raw option values and turn them into ``Filters``; a bad value raises ``UsageError``."""
    f = Filters(claimed=claimed, limit=limit)
    if since:
        f.since = _check_day(since, "--since")
    if until:
        f.until = _check_day(until, "--until")
    if f.since and f.until and f.since > f.until:
        raise UsageError(f"--since {f.since} is after --until {f.until}")
    if country:
        f.country = _country_code(country)
    if admin1:
        f.admin1 = admin1.strip()
    if actor:
        f.actor = actor.strip()
    cats, subs = _lexicon_names()
    if category:
        c = category.strip().lower().replace(" ", "_").replace("/", "_")
        if c not in cats:
            raise UsageError(f"--category: unknown category {category!r}; one of {', '.join(sorted(cats))}")
        f.category = c
    if subtype:
        s = subtype.strip().lower().replace(" ", "_").replace("/", "_")
        if s not in subs:
            raise UsageError(f"--subtype: unknown sub-type {subtype!r}; one of {', '.join(sorted(subs))}")
        f.subtype = s
    if near:
        f.near = _parse_near(near)
    if text:
        f.text = sorted(search_terms([text]))
        if not f.text:
            raise UsageError(f"--text: no word to look for in {text!r} (letters or digits)")
    if limit is not None and limit < 1:
        raise UsageError(f"--limit: must be 1 or more, got {limit}")
    return f


def _like_escape(word: str) -> str:
    return word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _actor_names(query: str) -> set[str]:
    """Registry names an --actor value stands for (an alias such as 'KH' or 'Kataib Hizballah')."""
    from .knowledge import fold, load

    know = load()
    names = {n for n in (know.actor_alias.get(fold(query)), know.exact_case_aliases.get(query)) if n}
    if query in know.actors:
        names.add(query)
    return names


def bbox(lat: float, lon: float, km: float) -> tuple[float, float, list[tuple[float, float]]]:
    """(lat_min, lat_max, [(lon_min, lon_max), ...]) enclosing the circle; two lon ranges across the antimeridian."""
    dlat = math.degrees(km / EARTH_KM)
    lat_min, lat_max = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    if lat_min <= -90.0 or lat_max >= 90.0:
        return lat_min, lat_max, [(-180.0, 180.0)]
    dlon = math.degrees(math.asin(min(1.0, math.sin(km / EARTH_KM) / math.cos(math.radians(lat)))))
    lo, hi = lon - dlon, lon + dlon
    if dlon >= 180 or hi - lo >= 360:
        return lat_min, lat_max, [(-180.0, 180.0)]
    if lo < -180:
        return lat_min, lat_max, [(lo + 360, 180.0), (-180.0, hi)]
    if hi > 180:
        return lat_min, lat_max, [(lo, 180.0), (-180.0, hi - 360)]
    return lat_min, lat_max, [(lo, hi)]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def events_query(f: Filters, columns: tuple[Any, ...] | None = None, dated: bool | None = None,
                 common: frozenset[str] = frozenset()) -> Select[Any]:
    """The SELECT over ``events`` for these filters, newest first (no limit: ``iter_events`` applies it).

    ``common``: text words held by so many events that a page is found sooner by walking the events
    newest first and asking each whether it has the word (``_common_terms``).

    ``dated`` True keeps events with a date, False those without, None both. The newest-first order
    is ``date DESC, id``, which a backward walk of the date index gives on both backends when the
    undated events are asked for separately (PostgreSQL would put NULL dates first, SQLite last).
    """
    E = EventRow
    q = select(*(columns or (E,)))
    cond: list[Any] = []
    if dated is True:
        cond.append(E.date.is_not(None))
    elif dated is False:
        cond.append(E.date.is_(None))
    if f.since:
        cond.append(E.date >= f.since)
    if f.until:
        cond.append(E.date <= f.until)
    if f.country:
        cond.append(E.country == f.country)
    if f.admin1:
        cond.append(E.admin1 == f.admin1)
    if f.category:
        cond.append(E.category == f.category)
    if f.subtype:
        cond.append(E.subtype == f.subtype)
    if f.claimed is True:
        cond.append(E.claimed.is_(True))
    elif f.claimed is False:
        cond.append(or_(E.claimed.is_(False), E.claimed.is_(None)))
    if f.near:
        lat_min, lat_max, lons = bbox(*f.near)
        cond.append(E.lat.between(lat_min, lat_max))
        cond.append(or_(*(E.lon.between(a, b) for a, b in lons)))
    if f.actor:
        names = _actor_names(f.actor)
        match: Any = func.lower(ActorRow.name).like(f"%{_like_escape(f.actor)}%", escape="\\")
        if names:
            match = or_(match, ActorRow.name.in_(sorted(names)))
        cond.append(E.id.in_(select(EventActor.event_id).join(ActorRow, ActorRow.id == EventActor.actor_id)
                             .where(match)))
    for term in f.text:
        # The text index (event_terms: each word of an event's evidence) read as a prefix range, so
        # "strike" finds "strikes". For most words: the events of the word's index range (cost: how
        # many events have it; a rare or absent word answers at once). For a common word: per event,
        # through the (event_id, term) index, so a page stops early (docs/benchmark-db.md).
        in_range = and_(EventTerm.term >= term, EventTerm.term < term + _TOP)
        if term in common:
            cond.append(select(EventTerm.event_id).where(EventTerm.event_id == E.id, in_range).exists())
        else:
            cond.append(E.id.in_(select(EventTerm.event_id).where(in_range)))
    if cond:
        q = q.where(and_(*cond))
    if dated is None:
        return q.order_by(E.date.desc().nulls_last(), E.id)
    return q.order_by(E.date.desc(), E.id)


def _summary(row: Any, actors: dict[str, dict[str, list[str]]]) -> dict[str, Any]:
    roles = actors.get(row.id, {})
    return {
        "id": row.id, "date": row.date, "date_precision": row.date_precision, "category": row.category,
        "subtype": row.subtype, "country": row.country, "admin1": row.admin1, "place": row.place_name,
        "lat": row.lat, "lon": row.lon, "killed": row.killed, "killed_low": row.killed_low,
        "killed_high": row.killed_high, "injured": row.injured, "claimed": row.claimed,
        "competing": bool(row.competing), "contested": bool(row.contested), "n_sources": row.n_sources,
        "perpetrators": sorted(roles.get("perpetrator", [])) + sorted(roles.get("unidentified_perpetrator", [])),
        "targets": sorted(roles.get("target", [])),
    }


def _actors_for(conn: Connection | Session, ids: list[str]) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    if not ids:
        return out
    rows = conn.execute(select(EventActor.event_id, EventActor.role, ActorRow.name)
                        .join(ActorRow, ActorRow.id == EventActor.actor_id).where(EventActor.event_id.in_(ids)))
    for eid, role, name in rows:
        out.setdefault(eid, {}).setdefault(role, []).append(name)
    return out


_SUMMARY_COLS = (EventRow.id, EventRow.date, EventRow.date_precision, EventRow.category, EventRow.subtype,
                 EventRow.country, EventRow.admin1, EventRow.place_name, EventRow.lat, EventRow.lon,
                 EventRow.killed, EventRow.killed_low, EventRow.killed_high, EventRow.injured, EventRow.claimed,
                 EventRow.competing, EventRow.contested, EventRow.n_sources)


# Above this many events a text word is "common" on SQLite. Walking events newest first costs about
# limit x events / matches index probes, collecting the word's events costs matches: they are equal
# near sqrt(100 x 100,000) ~ 3,000 for a page of 100 over 100,000 events (bench-db: a word in every
# event took 122 ms per page collected, 5 ms walked; a word in 1 of 8 events 34 ms collected).
COMMON_TERM = 3000


def _common_terms(conn: Connection, f: Filters) -> frozenset[str]:
    """The text words of a limited listing that more than COMMON_TERM events hold, on SQLite (whose
    planner has no statistics to choose by; PostgreSQL's planner makes the same choice from its own)."""
    if not f.text or not f.limit or conn.dialect.name != "sqlite":
        return frozenset()
    out = set()
    for term in f.text:
        hits = select(EventTerm.event_id).where(EventTerm.term >= term, EventTerm.term < term + _TOP)
        n = conn.scalar(select(func.count()).select_from(hits.limit(COMMON_TERM + 1).subquery()))
        if (n or 0) > COMMON_TERM:
            out.add(term)
    return frozenset(out)


def iter_events(store: Any, f: Filters, batch: int = 500, with_record: bool = False) -> Iterator[dict[str, Any]]:
    """Event summaries matching ``f``, newest first, read ``batch`` rows at a time.

    ``with_record`` adds the stored canonical record (``"record"``) to each summary, for exports.
    """
    cols = _SUMMARY_COLS + ((EventRow.record, EventRow.updated_at) if with_record else ())
    n = 0
    with engine_of(store).connect() as conn:
        common = _common_terms(conn, f)
        for dated in (True, False):  # dated events newest first, then the undated ones
            q = events_query(f, cols, dated=dated, common=common)
            if f.limit and not f.near:
                q = q.limit(f.limit - n)
            result = conn.execution_options(stream_results=True, yield_per=batch).execute(q)
            for part in result.partitions(batch):
                if f.near:
                    lat, lon, km = f.near
                    part = [r for r in part if r.lat is not None and r.lon is not None
                            and haversine_km(lat, lon, r.lat, r.lon) <= km]
                # The batch's actor names: one more query on the same connection while the cursor
                # stays open (a server-side cursor on PostgreSQL, a lazy cursor on SQLite).
                actors = _actors_for(conn, [r.id for r in part])
                for r in part:
                    out = _summary(r, actors)
                    if f.near:
                        out["distance_km"] = round(haversine_km(f.near[0], f.near[1], r.lat, r.lon), 3)
                    if with_record:
                        out["record"] = r.record
                        out["updated_at"] = r.updated_at
                    yield out
                    n += 1
                    if f.limit and n >= f.limit:
                        result.close()
                        return


def list_events(store: Any, f: Filters) -> list[dict[str, Any]]:
    return list(iter_events(store, f))


def _mention_rows(conn: Session, event_id: str) -> list[Any]:
    q = (select(MentionRow, ArticleRow.url, ArticleRow.title, ArticleRow.published, Source.name.label("outlet"),
                Source.host)
         .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
         .outerjoin(Source, Source.id == ArticleRow.source_id)
         .where(MentionRow.event_id == event_id).order_by(MentionRow.id))
    return list(conn.execute(q))


def get_event(store: Any, event_id: str) -> dict[str, Any]:
    """The full record of one canonical event: fields, sources with their evidence and figures, claims ledger."""
    with Session(engine_of(store)) as conn:
        row = conn.execute(select(EventRow).where(EventRow.id == event_id)).scalars().first()
        if row is None:
            raise UsageError(f"no event with id {event_id!r}")
        actors = _actors_for(conn, [event_id]).get(event_id, {})
        record = row.record or {}
        figures = record.get("figures") or {}
        sources = []
        for m in _mention_rows(conn, event_id):
            mr = m.MentionRow
            rec = mr.record or {}
            sources.append({
                "mention": mr.id, "article_id": mr.article_id, "outlet": m.outlet or m.host, "url": m.url,
                "title": m.title, "published": m.published,
                "reported": {"date": mr.date, "place": mr.place_name, "admin1": mr.admin1, "country": mr.country,
                             "subtype": mr.subtype, "killed": mr.killed, "injured": mr.injured},
                "evidence": [" ".join(str(e.get("text") or "").split()) for e in rec.get("evidence") or []],
            })
        claims = []
        q = (select(ClaimRow, ArticleRow.url, ArticleRow.published, Source.name.label("outlet"))
             .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
             .outerjoin(Source, Source.id == ArticleRow.source_id)
             .where(ClaimRow.event_id == event_id).order_by(ClaimRow.id))
        for c in conn.execute(q):
            cr = c.ClaimRow
            claims.append({"stance": cr.stance, "actor": cr.actor, "by": cr.by, "speaker": cr.speaker,
                           "date": cr.date, "quote": " ".join(cr.quote.split()) if cr.quote else None, "mention": cr.mention_id,
                           "article_id": cr.article_id, "outlet": c.outlet, "url": c.url, "published": c.published})
    return {
        "id": row.id, "category": row.category, "subtype": row.subtype, "date": row.date,
        "date_precision": row.date_precision,
        "location": {"name": row.place_name, "admin1": row.admin1, "country": row.country, "lat": row.lat,
                     "lon": row.lon},
        "actors": {role: sorted(names) for role, names in sorted(actors.items())},
        "weapons": (record.get("event") or {}).get("weapons") or [],
        "killed": row.killed, "killed_low": row.killed_low, "killed_high": row.killed_high, "injured": row.injured,
        "figures": figures, "claimed": row.claimed, "competing": bool(row.competing),
        "contested": bool(row.contested), "n_sources": row.n_sources,
        "provenance": record.get("provenance") or {},
        "sources": sources, "claims": claims,
    }


def why(store: Any, event_id: str) -> dict[str, Any]:
    """Why the mentions of an event were merged: fusion's score and reasons for each pair of members,
    and the analyst decisions that touch them."""
    from . import fusion

    with Session(engine_of(store)) as conn:
        if conn.execute(select(EventRow.id).where(EventRow.id == event_id)).first() is None:
            raise UsageError(f"no event with id {event_id!r}")
        rows = _mention_rows(conn, event_id)
        ids = [r.MentionRow.id for r in rows]
        claims: dict[str, list[dict[str, Any]]] = {}
        for c in conn.execute(select(ClaimRow).where(ClaimRow.event_id == event_id)).scalars():
            if c.mention_id:
                claims.setdefault(c.mention_id, []).append(
                    {"stance": c.stance, "actor": c.actor, "by": c.by, "speaker": c.speaker, "date": c.date,
                     "text": c.quote})
        decisions = [
            {"kind": d.kind, "a": d.mention_a, "b": d.mention_b, "note": d.note}
            for d in conn.execute(select(Decision).where(or_(Decision.mention_a.in_(ids),
                                                             Decision.mention_b.in_(ids)))
                                  .order_by(Decision.id)).scalars()
        ] if ids else []
    mentions = [fusion.Mention(id=r.MentionRow.id, article_id=r.MentionRow.article_id, event=r.MentionRow.record or {},
                               claims=claims.get(r.MentionRow.id, []), source=r.outlet or r.host,
                               published=r.published) for r in rows]
    pairs = []
    for i, a in enumerate(mentions):
        for b in mentions[i + 1:]:
            score, reasons = fusion.explain(a, b)
            pairs.append({"a": a.id, "b": b.id, "score": round(float(score), 4), "reasons": list(reasons)})
    return {"id": event_id, "mentions": ids, "pairs": pairs, "links": _strongest_links(ids, pairs),
            "decisions": decisions}


def _strongest_links(ids: list[str], pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pairs that tie every report to the others with the highest scores (a maximum spanning
    tree, built from the first report by id): the shortest answer to "why is this report here"."""
    if len(ids) < 2:
        return []
    joined = {ids[0]}
    links: list[dict[str, Any]] = []
    while len(joined) < len(ids):
        best = max((p for p in pairs if (p["a"] in joined) != (p["b"] in joined)),
                   key=lambda p: (p["score"], p["a"], p["b"]), default=None)
        if best is None:
            break
        links.append(best)
        joined |= {best["a"], best["b"]}
    return links


def list_actors(store: Any, country: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Actors with the number of events they appear in (any role), most events first."""
    code = _country_code(country) if country else None
    n = func.count(func.distinct(EventActor.event_id))
    q = (select(ActorRow.name, ActorRow.type, n.label("events"))
         .join(EventActor, EventActor.actor_id == ActorRow.id)
         .join(EventRow, EventRow.id == EventActor.event_id))
    if code:
        q = q.where(EventRow.country == code)
    q = q.group_by(ActorRow.id, ActorRow.name, ActorRow.type).order_by(n.desc(), ActorRow.name)
    if limit:
        q = q.limit(limit)
    with engine_of(store).connect() as conn:
        roles: dict[str, dict[str, int]] = {}
        rq = (select(ActorRow.name, EventActor.role, func.count(func.distinct(EventActor.event_id)))
              .join(EventActor, EventActor.actor_id == ActorRow.id)
              .join(EventRow, EventRow.id == EventActor.event_id))
        if code:
            rq = rq.where(EventRow.country == code)
        for name, role, cnt in conn.execute(rq.group_by(ActorRow.name, EventActor.role)):
            roles.setdefault(name, {})[role] = cnt
        return [{"actor": name, "type": typ, "events": cnt, "roles": dict(sorted(roles.get(name, {}).items()))}
                for name, typ, cnt in conn.execute(q)]


def list_claims(store: Any, stance: str | None = None, actor: str | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
    """Claims, denials and attributions in the ledger, with their event and source."""
    if stance and stance not in _STANCES:
        raise UsageError(f"--stance: expected one of {', '.join(_STANCES)}, got {stance!r}")
    q = (select(ClaimRow, EventRow.date.label("event_date"), EventRow.subtype, EventRow.place_name,
                EventRow.country, ArticleRow.url, ArticleRow.published, Source.name.label("outlet"))
         .outerjoin(EventRow, EventRow.id == ClaimRow.event_id)
         .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
         .outerjoin(Source, Source.id == ArticleRow.source_id))
    if stance:
        q = q.where(ClaimRow.stance == stance)
    if actor:
        names = _actor_names(actor.strip())
        match = or_(func.lower(ClaimRow.actor).like(f"%{_like_escape(actor.strip())}%", escape="\\"),
                    func.lower(ClaimRow.by).like(f"%{_like_escape(actor.strip())}%", escape="\\"))
        if names:
            match = or_(match, ClaimRow.actor.in_(sorted(names)), ClaimRow.by.in_(sorted(names)))
        q = q.where(match)
    q = q.order_by(EventRow.date.desc().nulls_last(), ClaimRow.id)
    if limit:
        q = q.limit(limit)
    with Session(engine_of(store)) as conn:
        return [{"stance": c.ClaimRow.stance, "actor": c.ClaimRow.actor, "by": c.ClaimRow.by,
                 "speaker": c.ClaimRow.speaker, "date": c.ClaimRow.date, "quote": c.ClaimRow.quote,
                 "event": c.ClaimRow.event_id, "event_date": c.event_date, "subtype": c.subtype,
                 "place": c.place_name, "country": c.country, "article_id": c.ClaimRow.article_id,
                 "outlet": c.outlet, "url": c.url, "published": c.published}
                for c in conn.execute(q)]
