"""Benchmark: Tacitus throughput and peak memory next to the bare spaCy pipeline on the same texts.

``tacitus bench`` (or ``make bench``) generates a corpus of news-like articles from the templates
below (written for this benchmark; the incidents are invented), then runs, each in a fresh
process so that peak memory is measured per mode:

* ``bare``: ``spacy.load(model)`` and ``nlp.pipe`` over the cleaned story texts;
* ``tacitus``: the batch extractor (cleaning, the full pipeline, JSON records) on one process;
* ``workers``: the same on N processes (``--workers N``).

Throughput is measured after a warm-up (model load and first batch are excluded; load time is
reported on its own).
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from typing import Any

__all__ = ["generate_corpus", "run"]

_PLACES = [
    ("Ramadi", "Anbar"), ("Baqubah", "Diyala"), ("Kirkuk", "Kirkuk"), ("Mosul", "Nineveh"),
    ("Gao", "Gao"), ("Mopti", "Mopti"), ("Djibo", "Sahel"), ("Maiduguri", "Borno"),
    ("Kismayo", "Lower Juba"), ("Baidoa", "Bay"), ("Jalalabad", "Nangarhar"), ("Quetta", "Balochistan"),
    ("Peshawar", "Khyber Pakhtunkhwa"), ("Kharkiv", "Kharkiv"), ("Kherson", "Kherson"),
    ("Culiacan", "Sinaloa"), ("Taiz", "Taiz"), ("Idlib", "Idlib"), ("Beni", "North Kivu"),
]
_PERPS = ["Al Shabaab", "Islamic State", "the Taliban", "Boko Haram", "JNIM", "Houthi rebels",
          "Kataib Hezbollah", "gunmen", "suspected militants", "the Sinaloa Cartel"]
_TARGETS = ["a police checkpoint", "an army convoy", "a village market", "a military base",
            "a government office", "a bus carrying workers", "a mosque", "a camp for displaced families"]
_FEED_START = date(2024, 1, 1)
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_NUMS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "10", "12", "15", "at least 20"]

_LEAD = [
    "{perp} attacked {target} in {town} on {day}, killing {k} people and wounding {w} others, "
    "officials in {admin} province said.",
    "A car bomb exploded near {target} in the town of {town} on {day}, killing {k} and injuring {w}, "
    "according to local health workers.",
    "Drone strikes hit positions near {town} in {admin} on {day} night, killing {k} fighters, the "
    "defence ministry said in a statement.",
    "Armed men abducted {k} aid workers from {target} outside {town} on {day}, a spokesman for the "
    "regional governor told reporters.",
    "Hundreds of people marched through {town} on {day} to protest against rising fuel prices, and "
    "police fired tear gas when some of them threw stones.",
]
_BODY = [
    "Witnesses described a chaotic scene as ambulances rushed the wounded to the main hospital, "
    "where doctors appealed for blood donations.",
    "{perp} claimed responsibility for the attack in a statement posted online later that day.",
    "No group has claimed responsibility, but officials blamed {perp}, which has carried out similar "
    "raids in the area over the past year.",
    "A spokesman for {perp} denied any involvement and accused rival factions of spreading false reports.",
    "The attack came days after security forces announced a new operation to clear the roads around "
    "{town} of checkpoints set up by armed groups.",
    "Residents said the area had been calm for several weeks before the violence, and many shops in "
    "the centre of {town} stayed closed the following morning.",
    "Earlier this month, {k} soldiers were killed when their vehicle struck a roadside bomb on the "
    "highway linking {town} with the provincial capital.",
    "The United Nations said it was deeply concerned by the rising number of civilian casualties and "
    "called on all parties to respect international humanitarian law.",
    "Local leaders met on the following day to discuss security arrangements for the weekly market, "
    "which draws traders from several surrounding districts.",
]


def generate_corpus(n: int, seed: int = 7, per_day: int | None = None) -> list[dict[str, Any]]:
    """``n`` invented news articles (about 250-400 words each) as batch records.

    Publication dates fall at random in 2025, or with ``per_day`` they advance as a feed does
    (``per_day`` articles a day from 2024-01-01), so the number of stories per week stays the same
    however many articles there are.
    """
    rng = random.Random(seed)
    out = []
    for i in range(n):
        town, admin = rng.choice(_PLACES)
        slots = {"town": town, "admin": admin, "perp": rng.choice(_PERPS), "target": rng.choice(_TARGETS),
                 "day": rng.choice(_DAYS), "k": rng.choice(_NUMS), "w": rng.choice(_NUMS)}
        paras = [rng.choice(_LEAD)] + rng.sample(_BODY, k=rng.randint(5, 8))
        text = "\n\n".join(p.format(**slots) for p in paras)
        text = text[0].upper() + text[1:]
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        published = f"2025-{month:02d}-{day:02d}"
        if per_day:
            published = (_FEED_START + timedelta(days=i // per_day)).isoformat()
        out.append({"id": f"bench-{i:05d}", "text": text, "published": published})
    return out


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _vm_hwm_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def _child(mode: str, path: str, workers: int) -> dict[str, Any]:
    """Runs in a fresh process: measure one mode on the corpus at ``path``."""
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    records = [json.loads(ln) for ln in lines]
    words = sum(len(r["text"].split()) for r in records)
    warm = max(8, len(lines) // 10)
    t0 = time.perf_counter()
    result: dict[str, Any] = {"mode": mode, "articles": len(lines), "words": words}
    if mode == "bare":
        import spacy

        from . import settings
        from .extract import Record, prepare

        nlp = spacy.load(str(settings.get("model")))
        texts = [prepare(Record(r["id"], r["text"], r.get("published"))).text for r in records]
        result["load_s"] = time.perf_counter() - t0
        list(nlp.pipe(texts[:warm]))
        t1 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=int(settings.get("batch_size"))):
            pass
        result["seconds"] = time.perf_counter() - t1
    elif mode == "tacitus":
        from .extract import extract_batch
        from .nlp import get_pipeline

        get_pipeline()
        result["load_s"] = time.perf_counter() - t0
        list(extract_batch(lines[:warm]))
        t1 = time.perf_counter()
        errors = sum("error" in o for o in extract_batch(lines))
        result["seconds"] = time.perf_counter() - t1
        result["errors"] = errors
    else:
        import multiprocessing as mp

        from .extract import _worker_init, _worker_run

        chunk = 16
        chunks = [(lines[i:i + chunk], None, False) for i in range(0, len(lines), chunk)]
        with mp.get_context("forkserver").Pool(workers, initializer=_worker_init) as pool:
            pool.map(_worker_run, chunks[:workers], chunksize=1)  # every worker loads and warms up
            result["load_s"] = time.perf_counter() - t0
            t1 = time.perf_counter()
            errors = sum("error" in o for out in pool.imap(_worker_run, chunks) for o in out)
            result["seconds"] = time.perf_counter() - t1
            # pool workers are forkserver grandchildren: read their high-water marks from /proc
            result["children_peak_rss_mb"] = max(_vm_hwm_mb(p.pid) for p in pool._pool)  # type: ignore[attr-defined]
        result["errors"] = errors
        result["workers"] = workers
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


def _measure(mode: str, path: str, workers: int) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "tacitus.bench", mode, path, str(workers)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark mode {mode} failed: {proc.stderr.strip().splitlines()[-1:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def run(articles: int = 300, workers: int = 2) -> str:
    """Run all modes and return the results as a Markdown table with the targets checked."""
    corpus = generate_corpus(articles)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for rec in corpus:
            fh.write(json.dumps(rec) + "\n")
        path = fh.name
    try:
        rows = [_measure("bare", path, 1), _measure("tacitus", path, 1)]
        if workers > 1:
            rows.append(_measure("workers", path, workers))
    finally:
        os.unlink(path)
    bare, one = rows[0], rows[1]
    rate = {r["mode"]: r["articles"] / r["seconds"] for r in rows}
    lines = [
        f"Corpus: {articles} generated articles, {bare['words']:,} words; machine: {os.cpu_count()} cores; "
        f"Python {sys.version.split()[0]}.",
        "",
        "| mode | load s | articles/s | words/s | peak RSS MB |",
        "|---|---|---|---|---|",
    ]
    labels = {"bare": "bare spaCy (en_core_web_sm)", "tacitus": "tacitus extract, 1 worker",
              "workers": f"tacitus extract, {workers} workers"}
    for r in rows:
        rss = f"{r['peak_rss_mb']:.0f}"
        if r["mode"] == "workers":
            rss = f"{r['peak_rss_mb']:.0f} parent + {r['children_peak_rss_mb']:.0f} per worker"
        lines.append(f"| {labels[r['mode']]} | {r['load_s']:.1f} | {rate[r['mode']]:.1f} | "
                     f"{r['words'] / r['seconds']:,.0f} | {rss} |")
    ratio = rate["tacitus"] / rate["bare"]
    lines += ["", f"- Tacitus / bare spaCy throughput: {ratio:.2f} (target >= 0.80: {'met' if ratio >= 0.8 else 'NOT met'})",
              f"- Peak memory, one worker: {one['peak_rss_mb']:.0f} MB (target < 1024: "
              f"{'met' if one['peak_rss_mb'] < 1024 else 'NOT met'})"]
    if "workers" in rate:
        speedup = rate["workers"] / rate["tacitus"]
        lines.append(f"- {workers} workers / 1 worker: {speedup:.2f}x (target >= 1.6: {'met' if speedup >= 1.6 else 'NOT met'})")
    return "\n".join(lines)


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1], sys.argv[2], int(sys.argv[3]))))
