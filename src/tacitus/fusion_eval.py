"""Measuring fusion on the fusion gold set (``tests/fusion_gold``) with B-cubed scores.

The gold set is a folder of article sets. ``set_X.jsonl`` has one line per article::

    {"id", "file", "published", "source", "url", "incident", "also"}

(``incident``: the gold incident the article reports; ``also``: other incidents it mentions) and
``set_X_incidents.jsonl`` one line per incident::

    {"incident", "summary", "date", "place", "admin1", "country", "category", "subtype", ...}

Steps: every article is extracted (the real extractor, batch API); each extracted event becomes a
``fusion.Mention``; a mention is aligned to one gold incident of its article (``incident`` or one
of ``also``) when its date interval reaches the incident's date and its place, admin1 or country
agrees; all mentions are clustered together with ``fusion.cluster``; B-cubed precision and recall
are computed over the aligned mentions (unaligned ones are clustered too but left out of the
scores and counted). Article-level figures and order independence (three shuffles with fixed
seeds) are reported alongside, and failures (wrongly merged / wrongly split pairs) come with the
``explain`` reasons.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .fusion import _COMPAT, Mention, _interval, _region_key, cluster, explain

__all__ = ["GoldSet", "load_fusion_gold", "extract_gold", "mentions_from_results", "align", "bcubed",
           "evaluate", "run_fusion_eval"]

SHUFFLE_SEEDS = (11, 23, 37)
_GENERIC = {"province", "governorate", "city", "district", "the", "al", "region", "state", "town", "village",
            "county", "area", "camp", "base"}


@dataclass
class GoldSet:
    articles: list[dict[str, Any]] = field(default_factory=list)  # set lines, each with "key" and "path"
    incidents: dict[str, dict[str, Any]] = field(default_factory=dict)  # "<set>:<incident>" -> incident line


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not valid JSON ({exc.msg})") from None
    return out


def _as_list(v: Any) -> list[str]:
    if v is None or v == "":
        return []
    if isinstance(v, (list, tuple)):
        return [str(x) for x in v if x is not None and x != ""]
    return [str(v)]


def load_fusion_gold(folder: str | Path) -> GoldSet:
    """Every ``set_*.jsonl`` with its ``set_*_incidents.jsonl`` in ``folder``."""
    root = Path(folder)
    gold = GoldSet()
    sets = sorted(p for p in root.glob("set_*.jsonl") if not p.stem.endswith("_incidents"))
    if not sets:
        raise FileNotFoundError(f"{root}: no set_*.jsonl files")
    for sp in sets:
        name = sp.stem[len("set_"):]
        ip = sp.with_name(f"{sp.stem}_incidents.jsonl")
        incidents = _read_jsonl(ip) if ip.exists() else []
        for inc in incidents:
            gold.incidents[f"{name}:{inc['incident']}"] = inc
        for art in _read_jsonl(sp):
            a = dict(art)
            a["set"] = name
            a["key"] = f"{name}:{art['id']}"
            f = Path(str(art.get("file") or f"articles/{art['id']}.txt"))
            a["path"] = str(f if f.is_absolute() else (root / f if (root / f).exists() else root / "articles" / f.name))
            a["incidents"] = [f"{name}:{i}" for i in _as_list(art.get("incident")) + _as_list(art.get("also"))]
            gold.articles.append(a)
    return gold


def extract_gold(gold: GoldSet, workers: int = 1) -> dict[str, dict[str, Any]]:
    """Extraction results (``Result.as_dict``) per article key, via the batch API."""
    from .extract import extract_batch_parallel

    lines = []
    for a in gold.articles:
        text = Path(a["path"]).read_text(encoding="utf-8")
        lines.append(json.dumps({"id": a["key"], "text": text, "published": a.get("published"), "url": a.get("url")}))
    out: dict[str, dict[str, Any]] = {}
    for rec in extract_batch_parallel(lines, workers):
        out[str(rec.get("id"))] = rec
    return out


def mentions_from_results(gold: GoldSet, results: dict[str, dict[str, Any]]) -> list[Mention]:
    """One Mention per extracted event, with the claims linked to that event."""
    ms = []
    for a in gold.articles:
        rec = results.get(a["key"]) or {}
        for ev in rec.get("events") or ():
            claims = [c for c in rec.get("claims") or () if c.get("event") == ev.get("id")]
            ms.append(Mention(id=f"{a['key']}:{ev['id']}", article_id=a["key"], event=ev, claims=claims,
                              source=a.get("source"), published=a.get("published")))
    return ms


def _fold(s: Any) -> str:
    from .knowledge import fold

    return fold(str(s)) if s else ""


def _place_key(s: Any) -> str:
    return " ".join(w for w in _fold(s).replace("-", " ").split() if w not in _GENERIC)


def _country(s: Any) -> str | None:
    if not s:
        return None
    from .knowledge import load

    know = load()
    s = str(s)
    if s in know.countries:
        return str(s)
    code = know.country_alias.get(s) or know.country_alias.get(_fold(s))
    return str(code) if code else None


def _align_one(m: Mention, incs: list[tuple[str, dict[str, Any]]]) -> str | None:
    day, lo, hi, _ = _interval(m.event)
    loc = m.event.get("location") or {}
    best: tuple[tuple[int, int, int], str] | None = None
    for pos, (key, inc) in enumerate(incs):
        gcat = inc.get("category")
        if gcat and m.event.get("category") not in _COMPAT.get(gcat, {gcat}):
            continue  # an arrest or a protest in the story is not a report of the attack
        gd = None
        try:
            gd = date.fromisoformat(str(inc.get("date"))[:10]) if inc.get("date") else None
        except ValueError:
            gd = None
        dist = 0
        if gd is not None and lo is not None and hi is not None and day is not None:
            if not (lo - timedelta(days=1) <= gd <= hi + timedelta(days=1)):
                continue
            dist = abs((day - gd).days)
        gplace, mplace = _place_key(inc.get("place")), _place_key(loc.get("name"))
        gadm, madm = _region_key(inc.get("admin1")), _region_key(loc.get("admin1"))
        gc, mc = _country(inc.get("country")), loc.get("country")
        if gplace and mplace and (gplace == mplace or gplace in mplace.split() or mplace in gplace.split()):
            rank = 0
        elif gadm and madm and gadm == madm:
            rank = 1
        elif gc and mc and gc == mc:
            rank = 2
        else:
            continue
        # on a tie, the incident the article is about comes before those it mentions in passing
        cand = ((rank, dist, pos), key)
        if best is None or cand[0] < best[0]:
            best = cand
    return None if best is None else best[1]


def align(gold: GoldSet, mentions: Iterable[Mention]) -> dict[str, str | None]:
    """Gold incident key per mention id (None: the mention matches none of its article's incidents)."""
    art = {a["key"]: a for a in gold.articles}
    out: dict[str, str | None] = {}
    for m in mentions:
        a = art.get(m.article_id)
        incs = [(k, gold.incidents[k]) for k in (a or {}).get("incidents", []) if k in gold.incidents]
        out[m.id] = _align_one(m, incs)
    return out


def bcubed(pred: dict[str, Any], gold: dict[str, Any]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of predicted labels against gold labels (same items)."""
    items = sorted(gold)
    if not items:
        return 0.0, 0.0, 0.0
    by_pred: dict[Any, set[str]] = defaultdict(set)
    by_gold: dict[Any, set[str]] = defaultdict(set)
    for i in items:
        by_pred[pred[i]].add(i)
        by_gold[gold[i]].add(i)
    p = r = 0.0
    for i in items:
        both = len(by_pred[pred[i]] & by_gold[gold[i]])
        p += both / len(by_pred[pred[i]])
        r += both / len(by_gold[gold[i]])
    p, r = p / len(items), r / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(gold: GoldSet, mentions: list[Mention], failures: int = 5) -> dict[str, Any]:
    """All figures for one set of mentions (already extracted)."""
    labels = align(gold, mentions)
    clusters = cluster(mentions)
    cid = {mid: k for k, c in enumerate(clusters) for mid in c}
    aligned = {mid: g for mid, g in labels.items() if g is not None}
    p, r, f1 = bcubed({mid: cid[mid] for mid in aligned}, aligned)

    # Article level: one item per (article, incident) with an aligned mention, predicted label the
    # cluster holding most of that article's mentions of the incident (ties: the smallest).
    per_item: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    byid = {m.id: m for m in mentions}
    for mid, g in aligned.items():
        per_item[(byid[mid].article_id, g)][cid[mid]] += 1
    item_pred = {f"{a}|{g}": min(c, key=lambda k: (-c[k], k)) for (a, g), c in per_item.items()}
    item_gold = {f"{a}|{g}": g for (a, g) in per_item}
    ap, ar, af = bcubed(item_pred, item_gold)
    gold_items = {(a["key"], g) for a in gold.articles for g in a["incidents"][:1]}
    covered = sum(1 for it in gold_items if it in per_item)

    incidents_seen = sorted(set(aligned.values()))
    whole = sum(1 for g in incidents_seen if len({cid[m] for m, x in aligned.items() if x == g}) == 1)
    pure_clusters = [c for c in clusters if any(m in aligned for m in c)]
    mixed = sum(1 for c in pure_clusters if len({aligned[m] for m in c if m in aligned}) > 1)

    # Order independence: the same set shuffled must cluster identically.
    stable = True
    for seed in SHUFFLE_SEEDS:
        shuffled = list(mentions)
        random.Random(seed).shuffle(shuffled)
        if cluster(shuffled) != clusters:
            stable = False

    # Failures: wrongly merged and wrongly split pairs, with reasons.
    merged, split = [], []
    ids = sorted(aligned)
    for i, x in enumerate(ids):
        for y in ids[i + 1:]:
            same_pred, same_gold = cid[x] == cid[y], aligned[x] == aligned[y]
            if same_pred and not same_gold:
                merged.append((x, y))
            elif same_gold and not same_pred:
                split.append((x, y))

    def show(pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for x, y in pairs:
            score, why = explain(byid[x], byid[y])
            rows.append({"a": x, "b": y, "gold_a": aligned[x], "gold_b": aligned[y], "score": score, "reasons": why})
        rows.sort(key=lambda r: (-r["score"], r["a"], r["b"]))
        return rows[:failures]

    return {
        "articles": len(gold.articles), "incidents_gold": len(gold.incidents), "mentions": len(mentions),
        "mentions_aligned": len(aligned), "mentions_unaligned": len(mentions) - len(aligned),
        "bcubed_precision": round(p, 4), "bcubed_recall": round(r, 4), "bcubed_f1": round(f1, 4),
        "article_bcubed_precision": round(ap, 4), "article_bcubed_recall": round(ar, 4),
        "article_bcubed_f1": round(af, 4),
        "article_coverage": round(covered / len(gold_items), 4) if gold_items else 0.0,
        "incidents_found": len(incidents_seen), "incidents_whole": whole,
        "clusters": len(clusters), "clusters_with_gold": len(pure_clusters), "clusters_mixed": mixed,
        "wrong_merge_pairs": len(merged), "wrong_split_pairs": len(split),
        "order_independent": stable, "shuffle_seeds": list(SHUFFLE_SEEDS),
        "failures": {"merged": show(merged), "split": show(split)},
        "unaligned": sorted(m for m, g in labels.items() if g is None)[:failures],
    }


def report_text(fig: dict[str, Any]) -> str:
    lines = [
        f"fusion gold: {fig['articles']} articles, {fig['incidents_gold']} incidents; "
        f"{fig['mentions']} extracted mentions, {fig['mentions_aligned']} aligned, "
        f"{fig['mentions_unaligned']} unaligned (left out of B-cubed)",
        f"B-cubed (mentions):  precision {fig['bcubed_precision']:.4f}  recall {fig['bcubed_recall']:.4f}  "
        f"F1 {fig['bcubed_f1']:.4f}",
        f"B-cubed (articles):  precision {fig['article_bcubed_precision']:.4f}  recall "
        f"{fig['article_bcubed_recall']:.4f}  F1 {fig['article_bcubed_f1']:.4f}  "
        f"(articles with their incident found: {fig['article_coverage']:.4f})",
        f"incidents: {fig['incidents_found']} found, {fig['incidents_whole']} in one cluster; "
        f"clusters: {fig['clusters']} ({fig['clusters_with_gold']} with gold mentions, {fig['clusters_mixed']} mixing incidents)",
        f"pairs wrongly merged {fig['wrong_merge_pairs']}, wrongly split {fig['wrong_split_pairs']}",
        f"order independent over {len(fig['shuffle_seeds'])} shuffles (seeds {', '.join(map(str, fig['shuffle_seeds']))}): "
        f"{'yes' if fig['order_independent'] else 'NO'}",
    ]
    for kind, title in (("merged", "wrongly merged"), ("split", "wrongly split")):
        rows = fig["failures"][kind]
        if rows:
            lines.append(f"\n{title} (top {len(rows)} by score):")
            for row in rows:
                lines.append(f"  {row['a']} [{row['gold_a']}]  ~  {row['b']} [{row['gold_b']}]  score {row['score']:.2f}")
                for why in row["reasons"]:
                    lines.append(f"      - {why}")
    if fig["unaligned"]:
        lines.append("\nunaligned mentions (sample): " + ", ".join(fig["unaligned"]))
    return "\n".join(lines)


def run_fusion_eval(folder: str | Path = "tests/fusion_gold", failures: int = 5, workers: int = 1,
                    results: dict[str, dict[str, Any]] | None = None) -> tuple[str, dict[str, Any]]:
    """(report text, figures) for the gold set in ``folder``; ``results`` reuses an extraction."""
    gold = load_fusion_gold(folder)
    if results is None:
        results = extract_gold(gold, workers)
    fig = evaluate(gold, mentions_from_results(gold, results), failures)
    return report_text(fig), fig
