"""SIGKILL in the middle of an ingest batch, then a re-run: no article lost, none stored twice, no
half-written event. The result must equal an uninterrupted run of the same batch."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from conftest import ROOT, run_cli
from tacitus.store import open_store
from tacitus.store.models import ArticleRow, ClaimRow, EventRow, MentionRow

TOWNS = [("Baqubah", "Diyala"), ("Samarra", "Salahuddin"), ("Ramadi", "Anbar"), ("Fallujah", "Anbar"),
         ("Tuz Khurmatu", "Salahuddin"), ("Tal Afar", "Nineveh"), ("Kirkuk", "Kirkuk"), ("Mosul", "Nineveh"),
         ("Hit", "Anbar"), ("Baiji", "Salahuddin"), ("Jalawla", "Diyala"), ("Sinjar", "Nineveh")]
WEAPONS = ["a roadside bomb", "a car bomb", "mortar fire", "a suicide bomber", "gunmen", "a rocket"]
VICTIMS = ["police officers", "soldiers", "shepherds", "members of a tribal militia", "civilians", "farm workers"]
AFTER = [
    "Ambulances carried the wounded to a hospital in the provincial capital.",
    "The authorities imposed a curfew on the district for the rest of the day.",
    "Residents said the area had been quiet for several months before the attack.",
    "Troops closed the main road while engineers checked it for more explosives.",
    "A local council member called on the government to send more forces to the area.",
    "Witnesses said the blast shattered windows in shops along the street.",
]
NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _articles(n: int) -> list[dict[str, Any]]:
    """``n`` distinct short reports of distinct incidents (own template text, varied)."""
    out = []
    for i in range(n):
        town, prov = TOWNS[i % len(TOWNS)]
        weapon, victims = WEAPONS[(i * 5) % len(WEAPONS)], VICTIMS[(i * 7) % len(VICTIMS)]
        killed, injured = NUMBERS[i % len(NUMBERS)], NUMBERS[(i * 3 + 1) % len(NUMBERS)]
        day = 1 + (i * 3) % 27
        weekday = DAYS[(day + 5) % 7]  # 1 March 2025 was a Saturday
        extra = " ".join(AFTER[(i + k) % len(AFTER)] for k in range(1 + i % 3))
        text = (f"{weapon[0].upper()}{weapon[1:]} killed {killed} {victims} and wounded {injured} others in "
                f"{town}, in {prov} province, on {weekday}, officials said. {extra} "
                f"Report number {i} from the {town} desk.")
        out.append({"id": f"k{i:03d}", "text": text, "published": f"2025-03-{day:02d}",
                    "url": f"https://desk{i % 4}.example.net/iraq/{town.lower().replace(' ', '-')}-{i}"})
    return out


def _rows(url: str) -> dict[str, Any]:
    store = open_store(url)
    try:
        with store.session() as s:
            return {
                "articles": sorted((a.id, a.status, a.canonical_url) for a in s.scalars(select(ArticleRow))),
                "mentions": sorted((m.id, m.event_id) for m in s.scalars(select(MentionRow))),
                "events": sorted((e.id, e.n_sources, tuple(e.record["mentions"])) for e in s.scalars(select(EventRow))),
                "claims": sorted((c.mention_id or "", c.event_id or "", c.stance) for c in s.scalars(select(ClaimRow))),
            }
    finally:
        store.close()


def _consistent(rows: dict[str, Any]) -> None:
    events = {e[0]: set(e[2]) for e in rows["events"]}
    for mid, eid in rows["mentions"]:
        assert eid in events, f"mention {mid} points at missing event {eid}"
        assert mid in events[eid], f"event {eid} does not list its mention {mid}"
    by_event: dict[str, set[str]] = {}
    for mid, eid in rows["mentions"]:
        by_event.setdefault(eid, set()).add(mid)
    for eid, members in events.items():
        assert members, f"event {eid} has no mention"
        assert by_event.get(eid) == members, f"event {eid} lists mentions that are not its own"
    article_ids = {a[0] for a in rows["articles"]}
    for mid, _ in rows["mentions"]:
        assert mid.split(":")[0] in article_ids
    assert len(article_ids) == len(rows["articles"])


def _stored(backend: Any) -> int:
    if backend.name == "sqlite":
        path = backend.url.split("///", 1)[1]
        if not Path(path).exists():
            return 0
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
        except sqlite3.OperationalError:  # schema not made yet
            return 0
        finally:
            con.close()
    import psycopg

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True) as con:
        try:
            return int(con.execute(f'SELECT count(*) FROM "{backend.schema}".articles').fetchone()[0])
        except psycopg.errors.UndefinedTable:
            return 0


def test_sigkill_mid_batch_then_rerun(backend: Any, tmp_path: Path) -> None:
    n = 60
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(a) + "\n" for a in _articles(n)))
    env = dict(os.environ, TACITUS_BATCH_SIZE="2")
    proc = subprocess.Popen([sys.executable, "-m", "tacitus", "ingest", "--quiet", "--db", backend.url, str(batch)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    seen = 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            seen = _stored(backend)
            if seen >= 4:
                break
            time.sleep(0.05)
        assert proc.poll() is None, f"ingest ended before it could be killed: {proc.stderr.read().decode()[-2000:]}"
        assert seen >= 4, "no article was committed in time"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    after_kill = _rows(backend.url)
    assert 4 <= len(after_kill["articles"]) < n, "the kill did not land mid-batch"
    _consistent(after_kill)  # what was committed is whole: no half-written article or event

    rerun = run_cli("ingest", "--json", "--db", backend.url, str(batch), env={"TACITUS_BATCH_SIZE": "2"})
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["articles"]["known"] == len(after_kill["articles"])
    assert summary["articles"]["failed"] == 0
    final = _rows(backend.url)
    _consistent(final)

    # an uninterrupted run of the same batch into a fresh database gives the very same rows
    clean_url = "sqlite:///" + str(tmp_path / "clean.db")
    clean = run_cli("ingest", "--json", "--db", clean_url, str(batch), env={"TACITUS_BATCH_SIZE": "2"})
    assert clean.returncode == 0, clean.stderr
    reference = _rows(clean_url)
    assert len(reference["articles"]) == n
    assert final == reference
