"""Commands registered on the ``tacitus`` group (fusion commands); thin wrappers over importable functions."""

from __future__ import annotations

import json
import os

import click

from .cli import _fail, cli
from .errors import UsageError


@cli.command("fusion-eval")
@click.argument("folder", required=False, default="tests/fusion_gold")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON instead of the report.")
@click.option("--failures", type=int, default=5, show_default=True,
              help="Wrongly merged and wrongly split pairs shown, each with its reasons.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Extraction processes.")
def fusion_eval(folder: str, as_json: bool, failures: int, workers: int) -> None:
    """Score fusion on a fusion gold FOLDER (default tests/fusion_gold) with B-cubed figures.

    Every article is extracted, its events aligned to the gold incidents, all of them clustered
    together, and B-cubed precision, recall and F1 printed with article-level figures, order
    independence and the failures with the reasons fusion gave.
    """
    from .fusion_eval import run_fusion_eval

    try:
        if not os.path.isdir(folder):
            raise UsageError(f"{folder}: no such folder")
        report, fig = run_fusion_eval(folder, failures=failures, workers=workers)
        click.echo(json.dumps(fig, indent=1, ensure_ascii=False) if as_json else report)
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)
