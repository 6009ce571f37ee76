"""Benchmark of the event database (``tacitus bench-db``).

Part A, ingest: N generated articles (``bench.generate_corpus``) are written to a JSONL batch and
ingested into a fresh SQLite file by ``tacitus.ingest.ingest`` (extraction, storage and
incremental fusion, one transaction per article) in a child process. The time of each 1,000-article
window is recorded, so growth of the fusion cost with the database size shows as a rising time
per 1,000; the resident memory (VmRSS) is read at the same points, with the high-water mark.

Part B, queries: M synthetic canonical events (with their actors, one article and one mention each,
so ``--actor`` and ``--text`` have their join tables) are bulk-inserted into a fresh SQLite file and
into a fresh PostgreSQL schema, the planner statistics are refreshed, and then each filter kind of
``tacitus events`` runs R times with random values through ``query.iter_events``; the table gives
the median and 95th-percentile wall time per kind for the first page (``--limit 100``) and for
reading every matching row.

Nothing here asserts: it measures and prints. The synthetic events are invented.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

__all__ = ["run", "synthetic_events", "bulk_insert", "query_bench"]

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CHECKPOINTS = (1000, 5000, 10000)
# The generated articles arrive as a feed: 10 a day (10,000 span 1,000 days), spread over the
# generator's 19 towns in 12 countries. With dates at random in one year instead, every extra 1,000
# articles would crowd the same weeks and places, and the time per 1,000 would grow because the
# corpus got denser, not because the database got bigger. Fusion work per article follows the number
# of stories per country within a month (a month-precision report reaches a whole month): at 25 a
# day the 300 articles after the first 300 took 0.5 s each (docs/benchmark-db.md).
FEED_PER_DAY = 10
_WORDS = ["market", "checkpoint", "convoy", "village", "bridge", "mosque", "school", "hospital", "camp", "border",
          "airport", "highway", "police", "soldiers", "rebels", "drone", "rocket", "mortar", "grenade", "ambush",
          "raid", "curfew", "protesters", "students", "farmers", "traders", "miners", "refugees", "clinic", "station"]


def _rss_mb() -> tuple[float, float]:
    cur = hwm = float("nan")
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    cur = int(line.split()[1]) / 1024.0
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return cur, hwm


# ---- part A: ingest --------------------------------------------------------------------------------

def _ingest_child(corpus: str, db: str) -> dict[str, Any]:
    """Runs in a fresh process: ingest the batch file into ``db`` (a database URL), timing each
    1,000-article window."""
    from .ingest import ingest
    from .nlp import get_pipeline
    from .store import open_store

    t0 = time.perf_counter()
    get_pipeline()
    store = open_store(db)
    load_s = time.perf_counter() - t0
    marks: list[dict[str, Any]] = []
    state = {"next": 1000, "t": time.perf_counter()}

    def progress(summary: Any) -> None:
        seen = summary.articles_seen
        if seen >= state["next"]:
            now = time.perf_counter()
            cur, hwm = _rss_mb()
            mark = {"articles": seen, "window_s": now - state["t"], "rss_mb": cur, "hwm_mb": hwm}
            marks.append(mark)
            print(json.dumps(mark), file=sys.stderr, flush=True)  # a cut run still leaves its figures
            state["t"], state["next"] = now, state["next"] + 1000

    t1 = time.perf_counter()
    summary = ingest(store, [corpus], progress=progress)
    total = time.perf_counter() - t1
    store.close()
    return {"load_s": load_s, "seconds": total, "marks": marks, "summary": summary.as_dict()}


def _ingest_part(n: int, echo: Callable[[str], None], pg_url: str | None = None) -> list[str]:
    """Ingest ``n`` generated articles into a fresh SQLite file, or with ``pg_url`` into a fresh
    schema of that PostgreSQL database (dropped afterwards)."""
    from .bench import generate_corpus

    tmp = tempfile.mkdtemp(prefix="tacitus-bench-db-")
    corpus, db = os.path.join(tmp, "corpus.jsonl"), os.path.join(tmp, "bench.db")
    with open(corpus, "w", encoding="utf-8") as fh:
        for rec in generate_corpus(n, per_day=FEED_PER_DAY):
            fh.write(json.dumps(rec) + "\n")
    schema = None
    if pg_url is None:
        url, where = "sqlite:///" + db, db
    else:
        import urllib.parse

        import psycopg

        base = pg_url or PG_DEFAULT
        schema = "tacitus_bench_" + secrets.token_hex(4)
        with psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as admin:
            admin.execute(f'CREATE SCHEMA "{schema}"')
        sep = "&" if "?" in base else "?"
        url, where = f"{base}{sep}options={urllib.parse.quote('-csearch_path=' + schema)}", f"PostgreSQL schema {schema}"
    store_name = "SQLite" if pg_url is None else "PostgreSQL"
    try:
        echo(f"bench-db: ingesting {n:,} generated articles into {where} ...")
        proc = subprocess.Popen([sys.executable, "-m", "tacitus.bench_store", "ingest", corpus, url],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        tail: list[str] = []
        assert proc.stderr is not None and proc.stdout is not None
        for line in proc.stderr:  # progress marks as they come
            tail = (tail + [line.rstrip()])[-3:]
            if line.startswith("{"):
                m = json.loads(line)
                echo(f"bench-db: {m['articles']:,} articles, last 1,000 in {m['window_s']:.1f} s, "
                     f"RSS {m['rss_mb']:.0f} MB")
        out = proc.stdout.read()
        if proc.wait() != 0:
            raise RuntimeError(f"ingest benchmark failed: {tail}")
        res = json.loads(out.strip().splitlines()[-1])
        size = f"database file {os.path.getsize(db) / 1e6:.0f} MB" if pg_url is None else "PostgreSQL on this machine"
    finally:
        for f in (corpus, db, db + "-wal", db + "-shm"):
            if os.path.exists(f):
                os.unlink(f)
        os.rmdir(tmp)
        if schema is not None:
            import psycopg

            with psycopg.connect((pg_url or PG_DEFAULT).replace("postgresql+psycopg://", "postgresql://"),
                                 autocommit=True) as admin:
                admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    s = res["summary"]
    lines = [
        f"### Ingest into {store_name} ({n:,} generated articles, one process)",
        "",
        f"Articles: {s['articles']['new']:,} new, {s['articles']['duplicate']:,} near-copies linked, "
        f"{s['articles']['failed']:,} failed; events: {s['events']['total']:,} canonical from "
        f"{s['events']['new'] + s['events']['merged']:,} reports ({s['events']['merged']:,} merged into existing "
        f"events). Total {res['seconds']:.0f} s ({n / res['seconds']:.1f} articles/s) after {res['load_s']:.1f} s "
        f"loading; {size}.",
        "",
        "| articles stored | seconds for the last 1,000 | articles/s in that window | RSS MB | peak RSS MB |",
        "|---|---|---|---|---|",
    ]
    for m in res["marks"]:
        if m["articles"] in CHECKPOINTS or m["articles"] == n or len(res["marks"]) <= 12:
            lines.append(f"| {m['articles']:,} | {m['window_s']:.1f} | {1000 / m['window_s']:.1f} | "
                         f"{m['rss_mb']:.0f} | {m['hwm_mb']:.0f} |")
    marks = {m["articles"]: m for m in res["marks"]}
    if 1000 in marks and n in marks and n > 1000:
        ratio = marks[n]["window_s"] / marks[1000]["window_s"]
        lines += ["", f"- Time per 1,000 at {n:,} / at 1,000: {ratio:.2f}x (1.0 = perfectly linear total cost)."]
        lines.append(f"- RSS at 1,000: {marks[1000]['rss_mb']:.0f} MB; at {n:,}: {marks[n]['rss_mb']:.0f} MB.")
    return lines


# ---- part B: queries -------------------------------------------------------------------------------

def synthetic_events(n: int, seed: int = 11) -> Any:
    """Yield ``n`` invented canonical events as plain dicts (with actors and an evidence sentence)."""
    from .knowledge import load

    rng = random.Random(seed)
    know = load()
    subs = know.lexicon["subtypes"]
    subtypes = sorted(subs)
    countries = sorted(know.countries)[:60]
    centre = {c: (rng.uniform(-35, 55), rng.uniform(-110, 140)) for c in countries}
    admins = {c: [f"{c} Province {i}" for i in range(12)] for c in countries}
    actors = [f"Armed Group {i:04d}" for i in range(1500)] + [f"Military Forces of {c}" for c in countries]
    for i in range(n):
        c = rng.choice(countries)
        lat0, lon0 = centre[c]
        st = rng.choice(subtypes)
        day = 16436 + rng.randrange(3650)  # 2015-01-01 + up to ten years
        k = rng.choice([None, 0, 1, 2, 3, 5, 8, 12, 20])
        words = rng.sample(_WORDS, 4)
        yield {
            "id": f"ev_{i:012x}", "category": subs[st]["category"], "subtype": st,
            "date": time.strftime("%Y-%m-%d", time.gmtime(day * 86400)), "date_precision": "day",
            "country": c, "admin1": rng.choice(admins[c]), "place_name": f"Town {rng.randrange(400)}",
            "lat": round(lat0 + rng.uniform(-4, 4), 5), "lon": round(lon0 + rng.uniform(-4, 4), 5),
            "killed": k, "killed_low": k, "killed_high": None if k is None else k + rng.choice([0, 0, 1, 3]),
            "injured": rng.choice([None, 0, 1, 4, 9]), "claimed": rng.choice([True, False, None, None]),
            "n_sources": rng.randint(1, 4),
            "actors": sorted({rng.choice(actors) for _ in range(rng.randint(1, 2))}),
            "evidence": f"Reports said the {words[0]} near the {words[1]} was hit while {words[2]} and {words[3]} "
                        f"were nearby.",
        }


def bulk_insert(store: Any, n: int, chunk: int = 5000) -> float:
    """Insert ``n`` synthetic events (with actors, articles, mentions) in chunks; returns seconds."""
    from sqlalchemy import insert, text

    from .store.models import ActorRow, ArticleRow, EventActor, EventRow, EventTerm, MentionRow, search_terms

    t0 = time.perf_counter()
    actor_ids: dict[str, int] = {}
    buf: list[dict[str, Any]] = []

    def flush() -> None:
        with store.engine.begin() as conn:
            new = sorted({a for e in buf for a in e["actors"] if a not in actor_ids})
            if new:
                conn.execute(insert(ActorRow), [{"name": a, "type": None} for a in new])
                for aid, name in conn.execute(text("SELECT id, name FROM actors")):
                    actor_ids[name] = aid
            conn.execute(insert(EventRow), [
                {k: e[k] for k in ("id", "category", "subtype", "date", "date_precision", "country", "admin1",
                                   "place_name", "lat", "lon", "killed", "killed_low", "killed_high", "injured",
                                   "claimed", "n_sources")}
                | {"competing": False, "contested": False,
                   "record": {"event": {"subtype": e["subtype"], "evidence": [{"text": e["evidence"]}]}}}
                for e in buf])
            conn.execute(insert(ArticleRow), [
                {"id": "art_" + e["id"][3:], "content_hash": e["id"], "published": e["date"], "status": "ok",
                 "text": e["evidence"]} for e in buf])
            conn.execute(insert(MentionRow), [
                {"id": f"art_{e['id'][3:]}:e0", "article_id": "art_" + e["id"][3:], "event_local_id": "e0",
                 "category": e["category"], "subtype": e["subtype"], "date": e["date"], "country": e["country"],
                 "admin1": e["admin1"], "place_name": e["place_name"], "lat": e["lat"], "lon": e["lon"],
                 "killed": e["killed"], "injured": e["injured"], "event_id": e["id"],
                 "record": {"evidence": [{"start": 0, "end": len(e["evidence"]), "text": e["evidence"]}]}}
                for e in buf])
            conn.execute(insert(EventTerm), [{"term": w, "event_id": e["id"]} for e in buf
                                             for w in sorted(search_terms([e["evidence"]]))])
            conn.execute(insert(EventActor), [
                {"event_id": e["id"], "actor_id": actor_ids[a], "role": "perpetrator" if j == 0 else "target"}
                for e in buf for j, a in enumerate(e["actors"])])
        buf.clear()

    for e in synthetic_events(n):
        buf.append(e)
        if len(buf) >= chunk:
            flush()
    if buf:
        flush()
    with store.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return time.perf_counter() - t0


def _random_filters(kind: str, rng: random.Random, sample: list[dict[str, Any]]) -> dict[str, Any]:
    e = rng.choice(sample)
    if kind == "since/until":
        d = e["date"]
        y, m = int(d[:4]), int(d[5:7])
        return {"since": d, "until": f"{y + (m == 12)}-{m % 12 + 1:02d}-{d[8:10] if d[8:10] <= '28' else '28'}"}
    if kind == "country":
        return {"country": e["country"]}
    if kind == "admin1":
        return {"admin1": e["admin1"]}
    if kind == "actor":
        return {"actor": rng.choice(e["actors"])}
    if kind == "category":
        return {"category": e["category"]}
    if kind == "subtype":
        return {"subtype": e["subtype"]}
    if kind == "claimed":
        return {"claimed": rng.choice([True, False])}
    if kind == "near":
        return {"near": f"{e['lat']},{e['lon']},{rng.choice([10, 25, 50, 100])}"}
    if kind == "text":
        return {"text": " ".join(rng.sample(_WORDS, rng.choice([1, 2])))}
    if kind == "text, no match":
        return {"text": f"zq{rng.randrange(10**6)}"}  # occurs in no event
    if kind == "text, every event":
        return {"text": rng.choice(["reports", "said nearby", "near", "were"])}  # words every event holds
    if kind == "combined":
        return {"country": e["country"], "since": f"{e['date'][:4]}-01-01", "category": e["category"],
                "claimed": rng.choice([True, False, None])}
    raise ValueError(kind)


KINDS = ["since/until", "country", "admin1", "actor", "category", "subtype", "claimed", "near", "text", "combined",
         "text, no match", "text, every event"]
SLOW_KINDS: dict[str, int] = {}  # a kind that reads a whole table may be given fewer queries (none needs it)


def query_bench(store: Any, n_events: int, queries: int, seed: int = 5,
                full_queries: int = 20) -> dict[str, dict[str, float]]:
    """p50/p95 milliseconds per filter kind: the first 100 rows (``queries`` random filters) and all
    matching rows (the first ``full_queries`` of them)."""
    from .query import iter_events, parse_filters

    rng = random.Random(seed)
    sample = [e for i, e in enumerate(synthetic_events(n_events)) if i % max(1, n_events // 2000) == 0]
    out: dict[str, dict[str, float]] = {}
    # warm the connection pool and caches once
    list(iter_events(store, parse_filters(limit=10)))
    for kind in KINDS:
        page: list[float] = []
        full: list[float] = []
        rows: list[int] = []
        for q in range(min(queries, SLOW_KINDS.get(kind, queries))):
            kw = _random_filters(kind, rng, sample)
            t = time.perf_counter()
            list(iter_events(store, parse_filters(**kw, limit=100)))
            page.append((time.perf_counter() - t) * 1000)
            if q < full_queries:  # reading every row of a broad filter takes long: fewer of those
                t = time.perf_counter()
                got = sum(1 for _ in iter_events(store, parse_filters(**kw)))
                full.append((time.perf_counter() - t) * 1000)
                rows.append(got)
        out[kind] = {"p50_page": statistics.median(page), "p95_page": _p95(page),
                     "p50_full": statistics.median(full), "p95_full": _p95(full),
                     "rows_median": statistics.median(rows)}
    return out


def _p95(xs: list[float]) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


def _query_part(n: int, queries: int, pg_url: str | None, echo: Callable[[str], None]) -> list[str]:
    from sqlalchemy import text

    from .store import open_store

    results: dict[str, dict[str, dict[str, float]]] = {}
    load: dict[str, float] = {}
    tmp = tempfile.mkdtemp(prefix="tacitus-bench-q-")
    path = os.path.join(tmp, "q.db")
    store = open_store("sqlite:///" + path)
    echo(f"bench-db: inserting {n:,} synthetic events into SQLite ...")
    load["SQLite"] = bulk_insert(store, n)
    echo(f"bench-db: {queries} queries x {len(KINDS)} kinds on SQLite ...")
    results["SQLite"] = query_bench(store, n, queries)
    store.close()
    for f in (path, path + "-wal", path + "-shm"):
        if os.path.exists(f):
            os.unlink(f)
    os.rmdir(tmp)
    if pg_url is not None:
        import urllib.parse

        import psycopg

        base = pg_url or PG_DEFAULT
        schema = "tacitus_bench_" + secrets.token_hex(4)
        dsn = base.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            sep = "&" if "?" in base else "?"
            pg = open_store(f"{base}{sep}options={urllib.parse.quote('-csearch_path=' + schema)}")
            echo(f"bench-db: inserting {n:,} synthetic events into PostgreSQL (schema {schema}) ...")
            load["PostgreSQL"] = bulk_insert(pg, n)
            with pg.engine.connect() as conn:
                version = str(conn.execute(text("SHOW server_version")).scalar())
            echo(f"bench-db: {queries} queries x {len(KINDS)} kinds on PostgreSQL {version} ...")
            results["PostgreSQL"] = query_bench(pg, n, queries)
            pg.close()
        finally:
            with psycopg.connect(dsn, autocommit=True) as admin:
                admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    lines = [f"### `tacitus events` filters over {n:,} events ({queries} random queries per kind)", ""]
    lines.append("Bulk insert: " + "; ".join(f"{k} {v:.0f} s" for k, v in load.items()) + ".")
    lines += ["", "p95 = 95th percentile of wall time in ms through `query.iter_events` (SQL + Python row "
              "handling); \"page\" reads the first 100 rows (`--limit 100`) for every query, \"all\" reads every "
              "matching row for the first 20 queries of each kind (median rows: of those 20). 'text, no match' "
              "looks for a word that occurs nowhere, 'text, every event' for words every event holds.", ""]
    stores = list(results)
    head = "| filter | median rows | " + " | ".join(f"{s} p95 page | {s} p95 all" for s in stores) + " |"
    lines += [head, "|---|---|" + "---|---|" * len(stores)]
    for kind in KINDS:
        first = results[stores[0]][kind]
        cells = " | ".join(f"{results[s][kind]['p95_page']:.1f} | {results[s][kind]['p95_full']:.1f}" for s in stores)
        lines.append(f"| {kind} | {first['rows_median']:.0f} | {cells} |")
    lines.append("")
    for s in stores:
        for label, kinds in (("every filter", KINDS),):
            worst_kind = max(kinds, key=lambda k: results[s][k]["p95_page"])
            worst = results[s][worst_kind]["p95_page"]
            lines.append(f"- {s}, {label}: slowest p95 (first page) {worst:.1f} ms ({worst_kind}); "
                         f"target < 100 ms: {'met' if worst < 100 else 'NOT met'}.")
    return lines


def run(articles: int = 10000, events: int = 100000, queries: int = 200, pg_url: str | None = "",
        echo: Callable[[str], None] = lambda s: None, pg_articles: int = 0) -> str:
    """Both parts; returns Markdown. ``pg_url`` None skips PostgreSQL; "" uses the local test database.
    ``pg_articles``: also ingest that many generated articles into PostgreSQL."""
    lines = [f"Machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}.", ""]
    if articles:
        lines += _ingest_part(articles, echo) + [""]
    if pg_articles and pg_url is not None:
        lines += _ingest_part(pg_articles, echo, pg_url) + [""]
    if events:
        lines += _query_part(events, queries, pg_url, echo)
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1] == "ingest":
        print(json.dumps(_ingest_child(sys.argv[2], sys.argv[3])))
