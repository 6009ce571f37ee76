"""Commands registered on the ``tacitus`` group (db commands); thin wrappers over importable functions."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from .cli import _fail, cli  # noqa: F401  (commands below use them)

DB_HELP = "Database URL: sqlite:///FILE, a file path, or postgresql+psycopg://USER@HOST:PORT/DB (default: TACITUS_DB, else tacitus.db in the user's data folder)."


def _open(db: str | None) -> Any:
    from .store import open_store

    return open_store(db or None)


class _Counter:
    """A one-line progress counter on standard error, redrawn in place when it is a terminal."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = 0

    def __call__(self, s: Any) -> None:
        n = s.articles_seen
        if self.tty:
            click.echo(f"\ringest: {n} articles ({s.articles_new} new, {s.articles_duplicate} near-copies, "
                       f"{s.articles_known} known, {s.articles_failed} failed)", err=True, nl=False)
        elif n - self.last >= 100:
            self.last = n
            click.echo(f"ingest: {n} articles", err=True)

    def close(self) -> None:
        if self.tty:
            click.echo("", err=True)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--db", metavar="URL", help=DB_HELP)
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date for articles that do not give one.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No progress counter.")
def ingest(sources: tuple[str, ...], db: str | None, published: str | None, as_json: bool, quiet: bool) -> None:
    """Store and fuse the articles of SOURCES: files, folders (recursive: .html .htm .txt .json .jsonl),
    http(s) URLs of pages or RSS/Atom feeds, and JSONL batches (the `extract --jsonl` line format).

    Articles already stored are skipped, so running it again is safe; an article that fails is
    recorded with its error and the rest go on.
    """
    from .extract import _check_date
    from .ingest import ingest as run

    try:
        if published:
            published = _check_date(published, "--published")
        store = _open(db)
        counter = None if quiet else _Counter()
        try:
            summary = run(store, sources, published=published, progress=counter)
        finally:
            if counter:
                counter.close()
            store.close()
        if as_json:
            click.echo(json.dumps(summary.as_dict()))
        else:
            for origin, message in summary.failures[:20]:
                click.echo(f"failed: {message}" if message.startswith(origin) else f"failed: {origin}: {message}",
                           err=True)
            if len(summary.failures) > 20:
                click.echo(f"failed: ... and {len(summary.failures) - 20} more", err=True)
            for line in summary.lines():
                click.echo(line)
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--db", metavar="URL", help=DB_HELP)
@click.option("--note", help="Why (kept with the decision).")
def merge(a: str, b: str, db: str | None, note: str | None) -> None:
    """Merge two events (or mentions) into one incident. The decision is kept and holds through later
    re-fusion and re-ingest; prints the id of the merged event."""
    from .store.fuse import merge_events

    try:
        store = _open(db)
        try:
            with store.session() as s:
                eid = merge_events(s, a, b, note)
        finally:
            store.close()
        click.echo(eid)
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)


@cli.command()
@click.argument("event_id")
@click.argument("mention_ids", nargs=-1, required=True)
@click.option("--db", metavar="URL", help=DB_HELP)
@click.option("--note", help="Why (kept with the decision).")
def split(event_id: str, mention_ids: tuple[str, ...], db: str | None, note: str | None) -> None:
    """Take MENTION_IDS out of EVENT_ID into an event of their own (`tacitus event ID` lists the
    mentions). The decision is kept; prints the resulting event ids."""
    from .store.fuse import split_event

    try:
        store = _open(db)
        try:
            with store.session() as s:
                ids = split_event(s, event_id, list(mention_ids), note)
        finally:
            store.close()
        for eid in ids:
            click.echo(eid)
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)
