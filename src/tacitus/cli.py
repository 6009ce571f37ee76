"""The ``tacitus`` command: thin wrappers that check arguments and call importable functions."""

from __future__ import annotations

import json
import os
import sys
from typing import Any, NoReturn

import click

from . import __version__, settings
from .errors import TacitusError, UsageError

__all__ = ["main", "cli"]


def _fail(exc: BaseException) -> NoReturn:
    if isinstance(exc, BrokenPipeError):
        # the reader closed the pipe ("tacitus events ... | head"): stop quietly, as the Python docs advise,
        # with stdout pointed at /dev/null so that flushing it at exit raises nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    if isinstance(exc, TacitusError):
        click.echo(f"tacitus: error: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    if os.environ.get("TACITUS_DEBUG"):
        raise exc
    click.echo(f"tacitus: internal error: {type(exc).__name__}: {exc} (set TACITUS_DEBUG=1 for details)", err=True)
    sys.exit(70)


def _emit(obj: dict[str, Any], fmt: str) -> None:
    if fmt == "table":
        from .output import table

        click.echo(table(obj))
    else:
        click.echo(json.dumps(obj, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tacitus")
def cli() -> None:
    """Tacitus: evidence-linked political-violence events, claims and denials from news articles."""


@cli.command()
@click.argument("sources", nargs=-1)
@click.option("--jsonl", "jsonl", metavar="FILE|-", help="Batch: one JSON object per line with id, text or html, "
              "and optional published, url, title.")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True)
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date (overrides the page's own).")
@click.option("--with-text", is_flag=True, help="Add the cleaned story text as article.text.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes for --jsonl.")
def extract(sources: tuple[str, ...], jsonl: str | None, fmt: str, published: str | None, with_text: bool, workers: int) -> None:
    """Extract events and claims from SOURCES (files, http(s) URLs or - for stdin).

    One source prints one JSON object; several print one object per line, in order, and a source
    that fails gets an error line while the rest go on.
    """
    from .extract import _check_date, extract_batch_parallel, extract_source

    try:
        if published:
            published = _check_date(published, "--published")
        if bool(sources) == (jsonl is not None):
            raise UsageError("give SOURCE... or --jsonl FILE|-, not both and not neither")
        if len(sources) == 1:
            result = extract_source(sources[0], published)
            _emit(result.as_dict(with_text=with_text), fmt)
            return
        if sources:
            failed = 0
            for src in sources:
                try:
                    obj = extract_source(src, published).as_dict(with_text=with_text)
                except TacitusError as exc:
                    obj = {"id": src, "error": exc.as_record()}
                    failed += 1
                except FileNotFoundError:
                    obj = {"id": src, "error": UsageError(f"{src}: no such file").as_record()}
                    failed += 1
                except Exception as exc:  # one source's fault must not stop the others
                    obj = {"id": src, "error": {"code": "internal", "message": f"{type(exc).__name__}: {exc}"}}
                    failed += 1
                _emit(obj, fmt)
                if fmt == "table":
                    click.echo("")
            if failed:
                raise TacitusError(f"{failed} of {len(sources)} sources failed; see their error lines")
            return
        assert jsonl is not None  # no SOURCE was given, so the check above made --jsonl present
        stream = sys.stdin if jsonl == "-" else open(jsonl, encoding="utf-8", errors="replace")
        failed = 0
        with stream:
            for obj in extract_batch_parallel(stream, workers, published, with_text):
                failed += "error" in obj
                _emit(obj, fmt)
                sys.stdout.flush()
        if failed:
            click.echo(f"tacitus: {failed} record(s) failed; see their error lines", err=True)
    except (Exception, KeyboardInterrupt) as exc:  # the one place errors become messages
        if isinstance(exc, FileNotFoundError):
            _fail(UsageError(f"{exc.filename}: no such file"))
        _fail(exc)


@cli.command()
@click.option("--articles", type=int, default=300, show_default=True, help="Generated articles in the corpus.")
@click.option("--workers", type=int, default=2, show_default=True, help="Also measure this many processes.")
@click.option("--out", type=click.Path(), help="Write the table as Markdown to this file too.")
def bench(articles: int, workers: int, out: str | None) -> None:
    """Measure throughput and peak memory against the bare spaCy pipeline."""
    from .bench import run

    try:
        table = run(articles, workers)
        click.echo(table)
        if out:
            with open(out, "w", encoding="utf-8") as fh:
                fh.write(table + "\n")
    except Exception as exc:
        _fail(exc)


@cli.command("eval")
@click.argument("gold", nargs=-1, required=True)
@click.option("--limit", type=int, help="Score only the first N records of each set.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True)
@click.option("--failures", type=int, default=5, show_default=True, help="Failure samples shown per field.")
@click.option("--json", "as_json", is_flag=True, help="Print the rates as JSON instead of the report.")
def evaluate(gold: tuple[str, ...], limit: int | None, workers: int, failures: int, as_json: bool) -> None:
    """Score extraction against GOLD sets: dev-format .jsonl files or folders of own gold articles."""
    from .evaluate import run_eval

    try:
        for g in gold:
            if not os.path.exists(g):
                raise UsageError(f"{g}: no such file or folder")
        report, rates = run_eval(list(gold), limit, workers, failures)
        click.echo(json.dumps(rates, indent=1) if as_json else report)
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)


@cli.command("settings")
def show_settings() -> None:
    """List every setting, its environment variable and current value."""
    for s in settings.SETTINGS.values():
        click.echo(f"{s.name:<15} {s.env:<24} {settings.get(s.name)!s:<40} {s.help}")


def main() -> None:
    from . import cli_db, cli_fusion, cli_query  # noqa: F401  (they register their commands on ``cli``)

    cli()
