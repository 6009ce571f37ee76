"""Scoring extracted records against hand-coded gold in the project's own format (``tests/gold``).

A gold file pair is ``NAME.txt`` (the article) and ``NAME.json``::

    {"id", "published", "article": {"title", "author", "section"},
     "events": [{"category", "subtype", "date", "date_precision", "location": {"name", "admin1", "country"},
                 "actors": [{"name", "role"}], "killed", "injured", "weapons", "claimed", "trigger"}],
     "claims": [{"stance", "actor", "by", "speaker", "date", "event": index, "quote"}]}

Predicted events are aligned to gold events one to one (greedy on a similarity of category, date,
place and casualties); unaligned predictions are false positives, unaligned gold events misses.
Field accuracies are computed over aligned pairs. Names are compared after registry resolution
(an alias and its canonical name are equal) and folding (case, accents, punctuation).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .knowledge import fold, load

__all__ = ["GoldArticle", "load_gold_dir", "score_articles", "Scores"]

VIOLENT = {"battles", "explosions_remote_violence", "violence_against_civilians", "riots"}
_GENERIC_WORDS = {"province", "governorate", "city", "district", "the", "al", "region", "state", "town", "village"}


@dataclass
class GoldArticle:
    id: str
    text: str
    gold: dict[str, Any]


def load_gold_dir(path: str | Path) -> list[GoldArticle]:
    """Every ``*.json`` gold file with its ``.txt`` article in ``path``, sorted by name."""
    out = []
    for js in sorted(Path(path).glob("*.json")):
        txt = js.with_suffix(".txt")
        out.append(GoldArticle(js.stem, txt.read_text(encoding="utf-8"), json.loads(js.read_text(encoding="utf-8"))))
    return out


def _canon(name: str | None) -> str:
    if not name:
        return ""
    know = load()
    canon = know.actor_alias.get(fold(name)) or know.exact_case_aliases.get(name) or name
    return fold(canon)


def _place(name: str | None) -> str:
    return " ".join(w for w in fold(name or "").split() if w not in _GENERIC_WORDS)


def _similarity(g: dict[str, Any], p: dict[str, Any]) -> float:
    s = 0.0
    if g.get("category") == p.get("category"):
        s += 2
    if g.get("subtype") == p.get("subtype"):
        s += 1
    if g.get("date") and g.get("date") == p.get("date"):
        s += 2
    gl, pl = g.get("location") or {}, p.get("location") or {}
    if gl.get("name") and _place(gl.get("name")) == _place(pl.get("name")):
        s += 2
    if g.get("killed") is not None and g.get("killed") == p.get("killed"):
        s += 1
    return s


@dataclass
class Scores:
    """Counts behind every rate; ``rates()`` turns them into the printed figures."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    fields: dict[str, list[int]] = field(default_factory=dict)  # field -> [right, total]
    claims: list[int] = field(default_factory=lambda: [0, 0, 0])  # tp, fp, fn (stance + actor + event)
    negatives: list[int] = field(default_factory=lambda: [0, 0])  # clean negatives, negatives
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def field(self, name: str, ok: bool) -> None:
        right, total = self.fields.setdefault(name, [0, 0])
        self.fields[name] = [right + int(ok), total + 1]

    def rates(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        out = {"event_precision": ratio(self.tp, self.tp + self.fp), "event_recall": ratio(self.tp, self.tp + self.fn)}
        for name, (right, total) in sorted(self.fields.items()):
            out[name] = ratio(right, total)
        tp, fp, fn = self.claims
        out["claims_precision"] = ratio(tp, tp + fp)
        out["claims_recall"] = ratio(tp, tp + fn)
        out["negatives_clean"] = ratio(*self.negatives)
        return out


def _actors(ev: dict[str, Any], role: str) -> set[str]:
    return {_canon(a["name"]) for a in ev.get("actors") or [] if a.get("role") == role}


def score_articles(pairs: list[tuple[GoldArticle, dict[str, Any]]]) -> Scores:
    """Scores of predicted records (``tacitus extract`` output objects) against their gold articles."""
    sc = Scores()
    for art, pred in pairs:
        gold_events = art.gold.get("events") or []
        pred_events = pred.get("events") or []
        if not gold_events:
            sc.negatives[1] += 1
            violent = [p for p in pred_events if p.get("category") in VIOLENT]
            sc.negatives[0] += not violent
            for p in violent:
                sc.failures.append(f"{art.id}: violent event in a negative article: {p['subtype']} "
                                   f"\"{(p.get('evidence') or [{}])[0].get('text', '')[:100]}\"")
        cand = sorted(((_similarity(g, p), gi, pi) for gi, g in enumerate(gold_events) for pi, p in enumerate(pred_events)),
                      reverse=True)
        g_used: dict[int, int] = {}
        p_used: set[int] = set()
        for s, gi, pi in cand:
            # at least a shared category and one more fact (date, place or subtype) to align
            if s < 3 or gi in g_used or pi in p_used:
                continue
            g_used[gi] = pi
            p_used.add(pi)
        sc.tp += len(g_used)
        sc.fn += len(gold_events) - len(g_used)
        sc.fp += len(pred_events) - len(p_used)
        for gi, g in enumerate(gold_events):
            if gi not in g_used:
                sc.failures.append(f"{art.id}: missed {g.get('subtype')} on {g.get('date')} at "
                                   f"{(g.get('location') or {}).get('name')} (\"{g.get('trigger')}\")")
        for pi, p in enumerate(pred_events):
            if pi not in p_used and gold_events:
                sc.failures.append(f"{art.id}: extra {p.get('subtype')} on {p.get('date')} "
                                   f"\"{(p.get('evidence') or [{}])[0].get('text', '')[:100]}\"")
        for gi, pi in g_used.items():
            g, p = gold_events[gi], pred_events[pi]
            gl, pl = g.get("location") or {}, p.get("location") or {}
            sc.confusion[(str(g.get("subtype")), str(p.get("subtype")))] += 1
            sc.field("category", g.get("category") == p.get("category"))
            sc.field("subtype", g.get("subtype") == p.get("subtype"))
            sc.field("date", g.get("date") == p.get("date"))
            sc.field("place", _place(gl.get("name")) == _place(pl.get("name")))
            sc.field("admin1", _place(gl.get("admin1")) == _place(pl.get("admin1")))
            sc.field("country", gl.get("country") == pl.get("country"))
            sc.field("killed", g.get("killed") == p.get("killed"))
            sc.field("injured", g.get("injured") == p.get("injured"))
            sc.field("claimed", bool(g.get("claimed")) == bool(p.get("claimed")))
            sc.field("weapons", set(g.get("weapons") or []) <= set(p.get("weapons") or []))
            gp, pp = _actors(g, "perpetrator"), _actors(p, "perpetrator")
            if gp:
                sc.field("perpetrator", bool(gp & pp))
            gt, pt = _actors(g, "target"), _actors(p, "target")
            if gt:
                sc.field("target", bool(gt & pt))
        pred_ids = {p["id"]: pi for pi, p in enumerate(pred_events)}
        gold_claims = {(c["stance"], _canon(c["actor"]), c.get("event")) for c in art.gold.get("claims") or []}
        pred_claims = set()
        for c in pred.get("claims") or []:
            pi = pred_ids.get(c.get("event") or "")
            gi = next((g for g, p in g_used.items() if p == pi), None) if pi is not None else None
            pred_claims.add((c["stance"], _canon(c["actor"]), gi))
        # a claim counts when stance, actor and the event it concerns all agree
        sc.claims[0] += len(gold_claims & pred_claims)
        sc.claims[1] += len(pred_claims - gold_claims)
        sc.claims[2] += len(gold_claims - pred_claims)
        for c in sorted(gold_claims - pred_claims, key=str):
            sc.failures.append(f"{art.id}: missed {c[0]} by {c[1]} (event {c[2]})")
    return sc
