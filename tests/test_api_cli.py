"""The public surface: importable API, CLI commands, documented settings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import tacitus
from tacitus import settings

from conftest import ROOT, run_cli


def test_public_api_is_pinned() -> None:
    assert sorted(tacitus.__all__) == sorted([
        "__version__", "extract_text", "extract_source", "extract_batch", "Article", "Event", "Actor", "Place",
        "Claim", "Evidence", "Result", "TacitusError"])


def test_readme_has_exactly_the_two_fresh_machine_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^    (python3 -m venv .*)$", readme, flags=re.M)
    assert len(commands) == 2
    assert "tacitus extract" in commands[0] and "examples/articles" in commands[0]
    assert "pytest" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_docs_mention_every_command_and_setting() -> None:
    docs = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    proc = run_cli("--help")
    commands = re.findall(r"^  (\w[\w-]*)\s", proc.stdout.split("Commands:")[1], flags=re.M)
    assert {"extract", "bench", "settings"} <= set(commands)
    for cmd in commands:
        assert f"tacitus {cmd}" in docs, cmd
    for s in settings.SETTINGS.values():
        assert s.env in docs, s.env


def test_output_contract_on_demo_article() -> None:
    proc = run_cli("extract", "examples/articles/02_somalia_wire.txt", "--with-text")
    assert proc.returncode == 0, proc.stderr
    rec = json.loads(proc.stdout)
    assert set(rec) == {"id", "article", "events", "claims"}
    assert set(rec["article"]) >= {"title", "author", "published", "section", "url", "language", "text_chars", "text"}
    ev = rec["events"][0]
    assert set(ev) >= {"id", "category", "subtype", "cameo", "date", "date_precision", "date_source", "location",
                       "actors", "weapons", "killed", "injured", "claimed", "evidence", "confidence"}
    assert set(ev["location"]) >= {"name", "admin1", "country", "lat", "lon", "precision", "geonames_id"}
    text = rec["article"]["text"]
    for e in ev["evidence"]:
        assert text[e["start"]:e["end"]] == e["text"]


def test_published_override_moves_relative_dates() -> None:
    a = json.loads(run_cli("extract", "examples/articles/02_somalia_wire.txt").stdout)
    b = json.loads(run_cli("extract", "examples/articles/02_somalia_wire.txt", "--published", "2025-03-11").stdout)
    assert a["article"]["published"] == "2025-03-04" and b["article"]["published"] == "2025-03-11"
    assert a["events"][0]["date"] == "2025-03-04"  # "on Tuesday", published on a Tuesday
    assert b["events"][0]["date"] == "2025-03-11"


def test_table_format_and_stdin() -> None:
    text = Path(ROOT / "examples/articles/04_kenya_protest.txt").read_bytes()
    proc = run_cli("extract", "-", "--format", "table", stdin=text)
    assert proc.returncode == 0, proc.stderr
    assert "protests" in proc.stdout and "Nairobi" in proc.stdout


def test_settings_command_lists_every_setting() -> None:
    out = run_cli("settings").stdout
    for s in settings.SETTINGS.values():
        assert s.env in out


def test_a_reader_that_closes_the_pipe_gets_no_error() -> None:
    import subprocess
    import sys

    # "tacitus extract ... | head -1": the reader stops after one line; the writer stops without a traceback
    proc = subprocess.Popen([sys.executable, "-m", "tacitus", "extract", "--format", "table",
                             *sorted(str(p) for p in (ROOT / "examples" / "articles").iterdir())],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=300)
    assert "error" not in err.lower(), err
