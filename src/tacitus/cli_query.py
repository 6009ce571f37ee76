"""Commands registered on the ``tacitus`` group (query and export commands); thin wrappers over importable functions."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable
from typing import Any

import click

from .cli import _fail, cli
from .errors import UsageError

_DB_HELP = "Database URL (sqlite:///FILE, a file path, or postgresql+psycopg://...); default: the db setting."


def _open(db: str | None) -> Any:
    from .store import open_store

    return open_store(db)


def _filter_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The event filters shared by ``tacitus events`` and ``tacitus export``."""
    opts = [
        click.option("--since", metavar="YYYY-MM-DD", help="Events on or after this date."),
        click.option("--until", metavar="YYYY-MM-DD", help="Events on or before this date."),
        click.option("--country", help="ISO code or name (IQ, Iraq)."),
        click.option("--admin1", help="First-level region, as stored (Anbar, Borno)."),
        click.option("--actor", help="An actor's name or alias, any role (part of a name matches)."),
        click.option("--category", help="ACLED category, e.g. battles, explosions_remote_violence."),
        click.option("--subtype", help="ACLED sub-type, e.g. air_drone_strike."),
        click.option("--claimed/--unclaimed", default=None,
                     help="Only events a group claimed / only events nobody is known to have claimed."),
        click.option("--near", metavar="LAT,LON,KM", help="Within KM kilometres of a point."),
        click.option("--text", metavar="WORDS", help="Every word must begin a word of the evidence sentences (case and accents ignored)."),
        click.option("--limit", type=int, help="At most N events (newest first)."),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def _filters(kw: dict[str, Any]) -> Any:
    from .query import parse_filters

    return parse_filters(since=kw["since"], until=kw["until"], country=kw["country"], admin1=kw["admin1"],
                         actor=kw["actor"], category=kw["category"], subtype=kw["subtype"],
                         claimed=kw["claimed"], near=kw["near"], text=kw["text"], limit=kw["limit"])


def _cell(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, list):
        return "; ".join(str(x) for x in v) or "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)


def _table(rows: Iterable[dict[str, Any]], cols: list[str], widths: dict[str, int]) -> None:
    click.echo("  ".join(c.ljust(widths.get(c, 12)) for c in cols).rstrip())
    for r in rows:
        cells = []
        for c in cols:
            w = widths.get(c, 12)
            s = _cell(r.get(c))
            cells.append((s[: w - 1] + "~" if len(s) > w else s).ljust(w))
        click.echo("  ".join(cells).rstrip())


@cli.command("events")
@click.option("--db", help=_DB_HELP)
@_filter_options
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def events_cmd(db: str | None, fmt: str, **kw: Any) -> None:
    """List canonical events matching the filters, newest first."""
    from .query import EVENT_COLUMNS, iter_events

    try:
        f = _filters(kw)
        store = _open(db)
        rows = iter_events(store, f)
        if fmt == "json":
            for r in rows:
                click.echo(json.dumps(r, ensure_ascii=False))
        elif fmt == "csv":
            cols = EVENT_COLUMNS + (["distance_km"] if f.near else [])
            w = csv.DictWriter(sys.stdout, fieldnames=cols, lineterminator="\n")
            w.writeheader()
            for r in rows:
                w.writerow({k: ("; ".join(r[k]) if isinstance(r[k], list) else r[k]) for k in cols})
        else:
            cols = ["id", "date", "subtype", "country", "admin1", "place", "killed", "injured", "claimed",
                    "n_sources", "perpetrators"] + (["distance_km"] if f.near else [])
            widths = {"id": 15, "date": 10, "subtype": 22, "country": 7, "admin1": 14, "place": 16, "killed": 6,
                      "injured": 7, "claimed": 7, "n_sources": 9, "perpetrators": 30, "distance_km": 11}
            _table(rows, cols, widths)
        store.close()
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)


def _print_event(ev: dict[str, Any]) -> None:
    loc = ev["location"]
    where = ", ".join(x for x in (loc["name"], loc["admin1"], loc["country"]) if x) or "?"
    click.echo(f"== {ev['id']}  {ev['category']} / {ev['subtype']}")
    click.echo(f"   when    {ev['date'] or '?'} ({ev['date_precision'] or '?'} precision)")
    click.echo(f"   where   {where}" + (f" ({loc['lat']}, {loc['lon']})" if loc["lat"] is not None else ""))
    for role, names in ev["actors"].items():
        click.echo(f"   {role:<7} {'; '.join(names)}")
    if ev["weapons"]:
        click.echo(f"   weapons {', '.join(ev['weapons'])}")
    k = "?" if ev["killed"] is None else str(ev["killed"])
    if ev["killed_low"] is not None and ev["killed_high"] is not None and ev["killed_low"] != ev["killed_high"]:
        k += f" (reported {ev['killed_low']}-{ev['killed_high']})"
    click.echo(f"   killed  {k}; injured {'?' if ev['injured'] is None else ev['injured']}")
    flags = [x for x, on in (("competing claims", ev["competing"]), ("contested", ev["contested"])) if on]
    claimed = {True: "yes", False: "no", None: "not known"}[ev["claimed"]]
    click.echo(f"   claimed {claimed}" + (f" [{', '.join(flags)}]" if flags else ""))
    click.echo(f"-- sources ({ev['n_sources']})")
    last = None
    for s in ev["sources"]:
        rep = s["reported"]
        if s["article_id"] != last:  # an article that reports the event twice is listed once
            click.echo(f"   {s['published'] or '?'}  {s['outlet'] or '?'}  {s['url'] or s['article_id']}")
        last = s["article_id"]
        click.echo(f"      reports: {rep['date'] or '?'}, {rep['place'] or '?'}, killed "
                   f"{'?' if rep['killed'] is None else rep['killed']}, injured "
                   f"{'?' if rep['injured'] is None else rep['injured']}")
        for e in s["evidence"]:
            click.echo(f"      \"{e}\"")
    if ev["claims"]:
        click.echo("-- claims ledger")
        for c in ev["claims"]:
            who = c["actor"] or "?"
            extra = [x for x in (f"by {c['by']}" if c["by"] else "", f"speaker {c['speaker']}" if c["speaker"] else "",
                                 c["date"] or "", c["outlet"] or "") if x]
            click.echo(f"   {c['stance']:<11} {who}" + (f"  ({'; '.join(extra)})" if extra else ""))
            if c["quote"]:
                click.echo(f"      \"{c['quote']}\"")


@cli.command("event")
@click.argument("event_id")
@click.option("--db", help=_DB_HELP)
@click.option("--why", "show_why", is_flag=True, help="Also explain why its reports were merged (the strongest "
              "link of each report; --format json has every pair).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def event_cmd(event_id: str, db: str | None, show_why: bool, fmt: str) -> None:
    """The full record of one event: sources, evidence, figures per source, claims ledger."""
    from .query import get_event, why

    try:
        store = _open(db)
        ev = get_event(store, event_id)
        expl = why(store, event_id) if show_why else None
        store.close()
        if fmt == "json":
            if expl is not None:
                ev["why"] = expl
            click.echo(json.dumps(ev, ensure_ascii=False, indent=1))
            return
        _print_event(ev)
        if expl is not None:
            click.echo("-- why merged")
            if len(expl["mentions"]) < 2:
                click.echo("   one report only: nothing was merged")
            for p in expl["links"]:
                click.echo(f"   {p['a']} + {p['b']}: score {p['score']}")
                for r in p["reasons"]:
                    click.echo(f"      {r}")
            for d in expl["decisions"]:
                click.echo(f"   analyst {d['kind']}: {d['a']} / {d['b']}" + (f" ({d['note']})" if d["note"] else ""))
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)


@cli.command("actors")
@click.option("--db", help=_DB_HELP)
@click.option("--country", help="Only events in this country (ISO code or name).")
@click.option("--limit", type=click.IntRange(1), help="At most N actors.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def actors_cmd(db: str | None, country: str | None, limit: int | None, fmt: str) -> None:
    """Actors with the number of events they appear in, most first."""
    from .query import list_actors

    try:
        store = _open(db)
        rows = list_actors(store, country, limit)
        store.close()
        if fmt == "json":
            for r in rows:
                click.echo(json.dumps(r, ensure_ascii=False))
            return
        for r in rows:
            r["roles_"] = ", ".join(f"{k} {v}" for k, v in r["roles"].items())
        _table(rows, ["events", "actor", "type", "roles_"], {"events": 6, "actor": 44, "type": 14, "roles_": 40})
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)


@cli.command("claims")
@click.option("--db", help=_DB_HELP)
@click.option("--stance", type=click.Choice(["claim", "denial", "attribution"]))
@click.option("--actor", help="The claiming, denying or blamed actor, or who blames (part of a name matches).")
@click.option("--limit", type=click.IntRange(1), help="At most N rows.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def claims_cmd(db: str | None, stance: str | None, actor: str | None, limit: int | None, fmt: str) -> None:
    """Claims, denials and attributions in the ledger, newest event first."""
    from .query import list_claims

    try:
        store = _open(db)
        rows = list_claims(store, stance, actor, limit)
        store.close()
        if fmt == "json":
            for r in rows:
                click.echo(json.dumps(r, ensure_ascii=False))
            return
        _table(rows, ["event_date", "stance", "actor", "by", "speaker", "place", "event", "outlet"],
               {"event_date": 10, "stance": 11, "actor": 28, "by": 24, "speaker": 20, "place": 16, "event": 15,
                "outlet": 18})
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)


@cli.command("export")
@click.option("--db", help=_DB_HELP)
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "geojson", "parquet", "acled", "plover"]),
              required=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Write to FILE (required for parquet); default stdout.")
@_filter_options
def export_cmd(db: str | None, fmt: str, out: str | None, **kw: Any) -> None:
    """Export events: csv, json, geojson, parquet, ACLED columns (acled) or PLOVER JSONL (plover)."""
    from .export import export

    try:
        f = _filters(kw)
        if fmt == "parquet" and not out:
            raise UsageError("--format parquet needs --out FILE (it is a binary file)")
        store = _open(db)
        counts = export(store, fmt, out if out else sys.stdout, f)
        store.close()
        msg = f"tacitus: exported {counts['events']} event(s)"
        if counts["skipped"]:
            msg += f"; {counts['skipped']} left out (no PLOVER event type for their sub-type)"
        click.echo(msg + (f" to {out}" if out else ""), err=True)
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)


@cli.command("bench-db")
@click.option("--db", help="PostgreSQL URL for the query benchmark (default: the test database on 127.0.0.1).")
@click.option("--articles", type=click.IntRange(0), default=10000, show_default=True,
              help="Generated articles to ingest into SQLite (0: skip the ingest part).")
@click.option("--events", type=click.IntRange(0), default=100000, show_default=True,
              help="Synthetic events for the query part (0: skip it).")
@click.option("--queries", type=click.IntRange(1), default=200, show_default=True, help="Queries per filter kind.")
@click.option("--pg-articles", type=click.IntRange(0), default=0, show_default=True,
              help="Also ingest this many generated articles into a fresh PostgreSQL schema.")
@click.option("--no-postgres", is_flag=True, help="Query (and --pg-articles ingest) benchmark on SQLite only.")
@click.option("--out", type=click.Path(dir_okay=False), help="Also write the tables as Markdown to FILE.")
def bench_db_cmd(db: str | None, articles: int, events: int, queries: int, pg_articles: int, no_postgres: bool,
                 out: str | None) -> None:
    """Benchmark the event database: ingest cost per 1,000 articles, and p95 query latency per store."""
    from .bench_store import run

    try:
        text = run(articles=articles, events=events, queries=queries, pg_url=None if no_postgres else (db or ""),
                   echo=lambda s: click.echo(s, err=True), pg_articles=pg_articles)
        click.echo(text)
        if out:
            with open(out, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)
