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

import re

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .knowledge import fold, load

__all__ = ["GoldArticle", "load_gold_dir", "score_articles", "Scores", "DevScores", "score_dev_record", "run_eval", "same_name", "norm_name"]

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
    """An actor's registry name, folded; a generic actor's country ("Civilians (Somalia)") is dropped, as
    the gold files name generic actors without it."""
    if not name:
        return ""
    know = load()
    canon = know.actor_alias.get(fold(name)) or know.exact_case_aliases.get(name) or name
    return fold(re.sub(r"\s*\([^)]*\)\s*$", "", canon))


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
            # names compare as the dev scorer compares them: transliteration variants (Haditha / Hadithah) agree
            sc.field("place", same_name(gl.get("name"), pl.get("name")))
            sc.field("admin1", same_name(gl.get("admin1"), pl.get("admin1")))
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
            claim_pi = pred_ids.get(c.get("event") or "")
            claim_gi = next((g for g, p in g_used.items() if p == claim_pi), None) if claim_pi is not None else None
            pred_claims.add((c["stance"], _canon(c["actor"]), claim_gi))
        # a claim counts when stance, actor and the event it concerns all agree
        sc.claims[0] += len(gold_claims & pred_claims)
        sc.claims[1] += len(pred_claims - gold_claims)
        sc.claims[2] += len(gold_claims - pred_claims)
        for c in sorted(gold_claims - pred_claims, key=str):
            sc.failures.append(f"{art.id}: missed {c[0]} by {c[1]} (event {c[2]})")
    return sc


# ---- the dev-set format (../shared/data/dev): one coded incident per record ------------------------
# The rules below follow the project's verification scorer (shared/eval/score.py, described in
# shared/data/README.md) so that both print the same figures; they are implemented here, not copied.

GTD_KIND = {
    "remote_explosive_landmine_ied": "explosion", "suicide_bomb": "explosion", "grenade": "explosion",
    "shelling_artillery_missile_attack": "explosion", "air_drone_strike": "explosion", "chemical_weapon": "explosion",
    "armed_clash": "armed_attack", "attack": "armed_attack", "sexual_violence": "armed_attack",
    "abduction_forced_disappearance": "abduction", "looting_property_destruction": "property",
}
ACLED_TYPES = {"Battles": "battles", "Explosions/Remote violence": "explosions_remote_violence",
               "Violence against civilians": "violence_against_civilians", "Protests": "protests", "Riots": "riots",
               "Strategic developments": "strategic_developments"}
_STOP = {"the", "of", "al", "el", "province", "governorate", "district", "city", "town", "village", "state", "region"}


def norm_name(s: str | None) -> str:
    """Lower-case ASCII words with parentheses, punctuation and generic words dropped."""
    import re
    import unicodedata

    t = unicodedata.normalize("NFKD", s or "").encode("ascii", "ignore").decode().lower()
    t = re.sub(r"\(.*?\)", " ", t)
    t = re.sub(r"[^a-z0-9 ]+", " ", t)
    return " ".join(w for w in t.split() if w not in _STOP)


def same_name(a: str | None, b: str | None) -> bool:
    """Loose name equality: equal, or (for names of two or more words) contained / mostly shared,
    or a close character match."""
    from difflib import SequenceMatcher

    x, y = norm_name(a), norm_name(b)
    if not x or not y:
        return False
    if x == y:
        return True
    wx, wy = set(x.split()), set(y.split())
    if min(len(wx), len(wy)) >= 2:
        if f" {x} " in f" {y} " or f" {y} " in f" {x} ":
            return True
        if len(wx & wy) / min(len(wx), len(wy)) >= 0.6:
            return True
    return SequenceMatcher(None, x, y).ratio() >= 0.85


def _names(ev: dict[str, Any], roles: set[str] | None = None) -> list[str]:
    return [str(a.get("name") or a.get("text")) for a in ev.get("actors") or [] if roles is None or a.get("role") in roles]


@dataclass
class DevScores:
    """Per-field [right, total] over dev records, plus a sub-type confusion table and failures."""

    fields: dict[str, list[int]] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    failures: dict[str, list[str]] = field(default_factory=dict)
    errors: int = 0

    def add(self, name: str, ok: bool, why: str | None = None) -> None:
        right, total = self.fields.setdefault(name, [0, 0])
        self.fields[name] = [right + int(ok), total + 1]
        if not ok and why is not None:
            self.failures.setdefault(name, []).append(why)

    def rates(self) -> dict[str, float]:
        return {k: round(r / t, 3) for k, (r, t) in sorted(self.fields.items()) if t}


def _evidence(ev: dict[str, Any]) -> str:
    ev_list = ev.get("evidence") or []
    return ev_list[0]["text"][:160].replace("\n", " ") if ev_list else ""


def score_dev_record(rec: dict[str, Any], pred: dict[str, Any] | None, sc: DevScores) -> None:
    g = rec["gold"]["events"][0]
    evs = (pred or {}).get("events") or []
    if pred is None or pred.get("error"):
        sc.errors += 1
    rid = rec["id"]
    if rec.get("source") == "gtd":
        def fit(e: dict[str, Any]) -> int:
            loc = e.get("location") or {}
            return (int(GTD_KIND.get(e.get("subtype") or "") == g.get("kind")) + int(loc.get("country") == g["location"]["country"])
                    + int(any(same_name(p, q) for p in _names(e, {"perpetrator"}) for q in g["perpetrators"]))
                    + int(e.get("killed") == g["killed"]))
    else:
        cat, sub = ACLED_TYPES.get(g["acled_event_type"]), _slug(g["acled_sub_event_type"])

        def fit(e: dict[str, Any]) -> int:
            return int(e.get("category") == cat) + int(e.get("subtype") == sub) + int(e.get("date") == g["date"])
    best = max(evs, key=fit) if evs else None  # max() keeps the first of equally fitting events
    e = best or {}
    loc = e.get("location") or {}
    gl = g["location"]
    tag = f"{rid}: {rec['text'][:140]!r} -> {e.get('subtype')} {loc.get('name')}/{loc.get('admin1')}/{loc.get('country')} {_evidence(e)!r}"
    sc.add("detected", best is not None, f"{rid}: no event in {rec['text'][:160]!r}")
    sc.add("country", loc.get("country") == gl["country"], f"{tag} [gold {gl['country']}]")
    if gl.get("admin1"):
        sc.add("admin1", same_name(loc.get("admin1"), gl["admin1"]), f"{tag} [gold admin1 {gl['admin1']}]")
    if rec.get("source") == "gtd":
        if g.get("kind"):
            sc.add("kind", GTD_KIND.get(e.get("subtype") or "") == g["kind"], f"{tag} [gold {g['kind']}]")
        if gl.get("name") and gl["name"] != "Unknown":
            sc.add("place", same_name(loc.get("name"), gl["name"]), f"{tag} [gold place {gl['name']}]")
        perps = _names(e, {"perpetrator"})
        if g["perpetrators"]:
            sc.add("perpetrator", any(same_name(p, q) for p in perps for q in g["perpetrators"]),
                   f"{tag} [gold {g['perpetrators']} got {perps}]")
        else:
            sc.add("no_false_perpetrator", not perps or all(norm_name(p) in ("unknown", "unidentified", "") for p in perps),
                   f"{tag} [named {perps}]")
        for fld, perp_fld in (("killed", "killed_perpetrators"), ("injured", "injured_perpetrators")):
            gv = g.get(fld)
            if gv is None:
                continue
            ok = {gv} | ({gv - g[perp_fld]} if g.get(perp_fld) else set())
            sc.add(fld, (e.get(fld) or 0) in ok, f"{tag} [gold {fld} {gv} got {e.get(fld)}]")
        if g.get("claimed") is not None:
            sc.add("claimed", bool(e.get("claimed")) == g["claimed"], f"{tag} [gold claimed {g['claimed']}]")
        return
    cat, sub = ACLED_TYPES.get(g["acled_event_type"]), _slug(g["acled_sub_event_type"])
    sc.confusion[(sub, str(e.get("subtype")))] += 1
    sc.add("category", e.get("category") == cat, f"{tag} [gold {cat}]")
    sc.add("subtype", e.get("subtype") == sub, f"{tag} [gold {sub}]")
    sc.add("date", e.get("date") == g["date"], f"{tag} [gold {g['date']} got {e.get('date')}]")
    if gl.get("name"):
        sc.add("place", same_name(loc.get("name"), gl["name"]) or same_name(loc.get("name"), gl.get("admin2")),
               f"{tag} [gold place {gl['name']}]")
    if gl.get("lat") is not None:
        near = loc.get("lat") is not None and abs(loc["lat"] - gl["lat"]) < 0.45 and abs(loc["lon"] - gl["lon"]) < 0.45
        sc.add("within_50km", near, f"{tag} [gold {gl['lat']},{gl['lon']}]")
    if g.get("actor1"):
        sc.add("actor1", any(same_name(n, g["actor1"]) for n in _names(e)), f"{tag} [gold {g['actor1']} got {_names(e)}]")
    if g.get("killed") is not None:
        sc.add("killed", (e.get("killed") or 0) == g["killed"], f"{tag} [gold killed {g['killed']} got {e.get('killed')}]")


def _slug(s: str | None) -> str:
    return (s or "").lower().replace("/", "_").replace(" ", "_").replace("-", "_")


def _report(title: str, rates: dict[str, float], counts: dict[str, int], confusion: Counter[tuple[str, str]],
            failures: dict[str, list[str]], n_fail: int) -> list[str]:
    out = [f"== {title}", f"{'field':<22}{'rate':>7}{'n':>7}"]
    for k, v in rates.items():
        out.append(f"{k:<22}{v:>7.3f}{counts.get(k, 0):>7}")
    wrong = Counter({k: v for k, v in confusion.items() if k[0] != k[1]})
    if wrong:
        out.append("-- sub-type confusion (gold -> extracted), most frequent errors")
        out += [f"   {g:<36} -> {p:<36} {n}" for (g, p), n in wrong.most_common(12)]
    if n_fail:
        for k, items in sorted(failures.items()):
            out.append(f"-- failures: {k} ({len(items)})")
            out += ["   " + x[:400] for x in items[:n_fail]]
    out.append("SUMMARY " + " ".join(f"{k}={v}" for k, v in rates.items()))
    return out


def run_eval(paths: list[str], limit: int | None = None, workers: int = 1, failures: int = 5) -> tuple[str, dict[str, dict[str, float]]]:
    """Score the extractor on each gold path (a dev-format .jsonl file or a folder of own gold
    articles). Returns the printable report and the rates per path."""
    from .extract import extract_batch_parallel

    lines_out: list[str] = []
    all_rates: dict[str, dict[str, float]] = {}
    for path in paths:
        p = Path(path)
        if p.is_dir():
            arts = load_gold_dir(p)[:limit]
            batch = [json.dumps({"id": a.id, "text": a.text, "published": a.gold.get("published")}) for a in arts]
            preds = {o.get("id"): o for o in extract_batch_parallel(batch, workers)}
            own = score_articles([(a, preds.get(a.id) or {}) for a in arts])
            rates = own.rates()
            counts = {k: v[1] for k, v in own.fields.items()}
            counts.update(event_precision=own.tp + own.fp, event_recall=own.tp + own.fn, negatives_clean=own.negatives[1],
                          claims_precision=own.claims[0] + own.claims[1], claims_recall=own.claims[0] + own.claims[2])
            fails = {"events and claims": own.failures}
            lines_out += _report(f"{path} ({len(arts)} articles)", rates, counts, own.confusion, fails, failures * 6)
        else:
            with p.open(encoding="utf-8") as fh:
                recs = [json.loads(ln) for ln in fh if ln.strip()][:limit]
            batch = [json.dumps({"id": r["id"], "text": r["text"], "published": r.get("published")}) for r in recs]
            preds = {o.get("id"): o for o in extract_batch_parallel(batch, workers)}
            dev = DevScores()
            for r in recs:
                score_dev_record(r, preds.get(r["id"]), dev)
            rates = dev.rates()
            counts = {k: v[1] for k, v in dev.fields.items()}
            lines_out += _report(f"{path} ({len(recs)} records, {dev.errors} errors)", rates, counts, dev.confusion,
                                 dev.failures, failures)
        all_rates[path] = rates
        lines_out.append("")
    return "\n".join(lines_out), all_rates
