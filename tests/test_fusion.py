"""Fusion: clustering, canonical fields, claims ledger and explanations on hand-built mentions,
plus the quality gate on the fusion gold set (B-cubed floors in tests/fusion_floors.json)."""

from __future__ import annotations

import itertools
import json
import random
import time
from pathlib import Path
from typing import Any

import pytest

from tacitus.fusion import (BLOCKED, THRESHOLD, Mention, block_ranges, block_window, canonical, cluster, event_id, explain,
                            explain_cluster, ledger)
from tacitus.fusion_eval import bcubed

ROOT = Path(__file__).resolve().parent
GOLD = ROOT / "fusion_gold"
FLOORS = ROOT / "fusion_floors.json"

# Places used below (approximate real coordinates).
JURF = ("Jurf al-Sakhar", "Babil", "IQ", 32.882, 44.185)
MUSAYYIB = ("Musayyib", "Babil", "IQ", 32.779, 44.29)
MOSUL = ("Mosul", "Nineveh", "IQ", 36.335, 43.119)
BASRA = ("Basrah", "Basra", "IQ", 30.508, 47.783)


def ev(day: str | None, place: tuple[str, str, str, float, float] | None = JURF, *, sub: str = "air_drone_strike",
       cat: str = "explosions_remote_violence", prec: str | None = "day", source: str = "text",
       perps: tuple[str, ...] = (), targets: tuple[str, ...] = (), weapons: tuple[str, ...] = ("drone",),
       killed: int | None = None, injured: int | None = None, text: str = "A drone struck a vehicle",
       gprec: int = 1, fe: dict[str, Any] | None = None) -> dict[str, Any]:
    loc = None
    if place is not None:
        name, admin1, country, lat, lon = place
        loc = {"name": name, "admin1": admin1, "country": country, "lat": lat, "lon": lon, "precision": gprec,
               "geonames_id": None, "evidence": None}
    actors = [{"name": p, "text": p, "role": "perpetrator", "type": None, "basis": "text", "evidence": None}
              for p in perps]
    actors += [{"name": t, "text": t, "role": "target", "type": None, "basis": "text", "evidence": None} for t in targets]
    return {"id": "e1", "category": cat, "subtype": sub, "cameo": "195", "date": day, "date_precision": prec,
            "date_source": source, "location": loc, "actors": actors, "weapons": list(weapons), "killed": killed,
            "injured": injured, "killed_perpetrators": None, "claimed": None,
            "evidence": [{"start": 0, "end": len(text), "text": text}], "field_evidence": fe or {}, "confidence": 0.7}


def mention(art: str, event: dict[str, Any], claims: list[dict[str, Any]] | None = None,
            source: str | None = None) -> Mention:
    return Mention(id=f"{art}:e1", article_id=art, event=event, claims=claims or [], source=source,
                   published=event.get("date"))


def claim(stance: str, actor: str, start: int = 0, end: int = 10, by: str | None = None) -> dict[str, Any]:
    return {"stance": stance, "actor": actor, "text": f"{actor} {stance}", "by": by, "speaker": None, "date": None,
            "event": "e1", "evidence": {"start": start, "end": end, "text": "x" * (end - start)}}


def together(clusters: list[list[str]], a: str, b: str) -> bool:
    return any(a in c and b in c for c in clusters)


# ------------------------------------------------------------------------------------------
# Merge / no-merge
# ------------------------------------------------------------------------------------------

def test_three_reports_of_one_strike_merge() -> None:
    ms = [
        mention("a1", ev("2025-03-04", perps=("Kataib Hezbollah",), killed=4, text="A drone strike hit a car near Jurf al-Sakhar")),
        mention("a2", ev("2025-03-04", perps=("Kataib Hezbollah",), killed=5, text="Drone hit a vehicle at Jurf al-Sakhar, killing five")),
        mention("a3", ev("2025-03-04", MUSAYYIB, killed=4, text="An air strike on a car south of Baghdad")),
    ]
    out = cluster(ms)
    assert out == [["a1:e1", "a2:e1", "a3:e1"]]


def test_same_town_a_day_apart_with_other_figures_stays_apart() -> None:
    a = mention("a1", ev("2025-03-04", perps=("Kataib Hezbollah",), killed=4, text="drone strike on a convoy"))
    b = mention("b1", ev("2025-03-05", sub="armed_clash", cat="battles", weapons=("firearm",), killed=12,
                         text="gunmen attacked a checkpoint"))
    assert cluster([a, b]) == [["a1:e1"], ["b1:e1"]]
    score, why = explain(a, b)
    assert score < THRESHOLD
    assert any("one day apart" in w for w in why)


def test_same_group_elsewhere_stays_apart() -> None:
    a = mention("a1", ev("2025-03-04", perps=("Islamic State",), sub="remote_explosive_landmine_ied",
                         weapons=("ied",), killed=3, text="a roadside bomb hit a patrol"))
    b = mention("b1", ev("2025-03-04", MOSUL, perps=("Islamic State",), sub="remote_explosive_landmine_ied",
                         weapons=("ied",), killed=3, text="a roadside bomb hit a patrol"))
    assert cluster([a, b]) == [["a1:e1"], ["b1:e1"]]
    _, why = explain(a, b)
    assert any("km apart" in w for w in why)


def test_protest_and_explosion_never_merge() -> None:
    a = mention("a1", ev("2025-07-15", BASRA, sub="peaceful_protest", cat="protests", weapons=()))
    b = mention("b1", ev("2025-07-15", BASRA, weapons=("explosive",)))
    assert explain(a, b)[0] == BLOCKED
    assert "categories incompatible" in explain(a, b)[1][0]
    assert cluster([a, b]) == [["a1:e1"], ["b1:e1"]]


def test_battle_and_explosion_can_be_one_incident() -> None:
    a = mention("a1", ev("2025-03-04", perps=("Kataib Hezbollah",), weapons=("rocket",), text="rockets hit the base"))
    b = mention("b1", ev("2025-03-04", sub="armed_clash", cat="battles", perps=("Kataib Hezbollah",),
                         weapons=("rocket",), text="fighters fired rockets at the base"))
    assert explain(a, b)[0] >= THRESHOLD
    assert cluster([a, b]) == [["a1:e1", "b1:e1"]]


def test_dates_far_apart_are_blocked_and_week_precision_widens_the_window() -> None:
    a = mention("a1", ev("2025-03-04"))
    far = mention("b1", ev("2025-03-12"))
    assert explain(a, far)[0] == BLOCKED
    week = mention("c1", ev("2025-03-03", prec="week"))
    assert explain(a, week)[0] != BLOCKED
    month = mention("d1", ev("2025-03-01", prec="month"))
    assert explain(a, month)[0] != BLOCKED
    other_month = mention("e1", ev("2025-05-01", prec="month"))
    assert explain(a, other_month)[0] == BLOCKED


def test_different_countries_are_blocked() -> None:
    a = mention("a1", ev("2025-03-04"))
    b = mention("b1", ev("2025-03-04", ("Deir ez-Zor", "Deir ez-Zor", "SY", 35.33, 40.14)))
    assert explain(a, b)[0] == BLOCKED


def test_place_spelling_variants_are_one_place() -> None:
    a = mention("a1", ev("2025-02-16", ("Ain al-Asad Air Base", "Anbar", "IQ", 33.80, 42.44)))
    b = mention("b1", ev("2025-02-16", ("Al-Asad", "Al Anbar", "IQ", 33.50, 42.90)))
    score, why = explain(a, b)
    assert any(w.startswith("same place") for w in why)
    assert score >= THRESHOLD


def test_casualty_reasons_read_well() -> None:
    a = mention("a1", ev("2025-03-04", killed=4))
    b = mention("b1", ev("2025-03-04", MUSAYYIB, killed=5))
    _, why = explain(a, b)
    assert "killed figures compatible 4 vs 5" in why
    assert "same date 2025-03-04" in why
    assert any(w.startswith("places ") and "km apart" in w for w in why)


# ------------------------------------------------------------------------------------------
# Determinism, order independence, analyst decisions
# ------------------------------------------------------------------------------------------

def _mixed_set() -> list[Mention]:
    ms = []
    for i, k in enumerate((4, 5, 4)):
        ms.append(mention(f"a{i}", ev("2025-03-04", perps=("Kataib Hezbollah",), killed=k,
                                      text="drone strike on a car at Jurf al-Sakhar")))
    for i in range(2):
        ms.append(mention(f"b{i}", ev("2025-03-05", sub="armed_clash", cat="battles", weapons=("firearm",), killed=12,
                                      text="gunmen stormed a checkpoint")))
    for i in range(2):
        ms.append(mention(f"c{i}", ev("2025-03-04", MOSUL, perps=("Islamic State",), weapons=("ied",),
                                      sub="remote_explosive_landmine_ied", text="roadside bomb near Mosul")))
    ms.append(mention("d0", ev(None, None, sub="attack", cat="violence_against_civilians", weapons=())))
    return ms


def test_order_independent_over_all_permutations_of_a_small_set() -> None:
    ms = _mixed_set()[:6]
    ref = cluster(ms)
    for perm in itertools.permutations(ms):
        assert cluster(list(perm)) == ref


def test_order_independent_over_shuffles_and_expected_grouping() -> None:
    ms = _mixed_set()
    ref = cluster(ms)
    assert ["a0:e1", "a1:e1", "a2:e1"] in ref
    assert ["b0:e1", "b1:e1"] in ref
    assert ["c0:e1", "c1:e1"] in ref
    for seed in range(20):
        shuffled = list(ms)
        random.Random(seed).shuffle(shuffled)
        assert cluster(shuffled) == ref


def test_affected_holds_what_a_change_can_reach_and_clustering_it_alone_agrees() -> None:
    """fusion.affected: the mentions tied to the seeds (pair at or above the threshold, merge decision,
    same article); clustering only those gives their clusters in the whole set's clustering."""
    from tacitus.fusion import affected

    ms = _mixed_set()
    whole = cluster(ms)
    assert affected(ms, ["a0:e1"]) == {"a0:e1", "a1:e1", "a2:e1"}
    assert affected(ms, ["b1:e1"]) == {"b0:e1", "b1:e1"}
    assert affected(ms, ["d0:e1"]) == {"d0:e1"}
    assert affected(ms, ["a0:e1"], must_link=[("a2:e1", "c0:e1")]) == {"a0:e1", "a1:e1", "a2:e1", "c0:e1", "c1:e1"}
    # a second event of the same article is reached through the article
    second = ev("2025-03-09", MOSUL, sub="armed_clash", cat="battles", weapons=("firearm",), killed=1, text="clashes near Mosul")
    other = Mention(id="a0:e2", article_id="a0", event=second, published=second.get("date"))
    assert "a0:e2" in affected(ms + [other], ["a1:e1"])
    for seed in ("a0:e1", "b0:e1", "c1:e1", "d0:e1"):
        part = affected(ms, [seed])
        assert cluster([m for m in ms if m.id in part]) == [c for c in whole if set(c) <= part]
        assert all(set(c) <= part or not set(c) & part for c in whole)


def test_duplicates_and_empty_input() -> None:
    assert cluster([]) == []
    ms = _mixed_set()
    assert cluster(ms + ms[:3]) == cluster(ms)


def test_must_link_wins() -> None:
    ms = _mixed_set()
    out = cluster(ms, must_link=[("a0:e1", "c0:e1")])
    assert together(out, "a0:e1", "c0:e1")
    assert not together(cluster(ms), "a0:e1", "c0:e1")


def test_cannot_link_wins_and_blocks_transitive_merges() -> None:
    ms = _mixed_set()
    out = cluster(ms, cannot_link=[("a0:e1", "a2:e1")])
    assert not together(out, "a0:e1", "a2:e1")
    # a1 can join one of them, never both (that would put a0 and a2 together).
    assert not (together(out, "a1:e1", "a0:e1") and together(out, "a1:e1", "a2:e1"))
    # cannot_link beats a contradicting must_link.
    out = cluster(ms, must_link=[("a0:e1", "a2:e1")], cannot_link=[("a0:e1", "a2:e1")])
    assert not together(out, "a0:e1", "a2:e1")


def test_must_link_chain_does_not_break_cannot_link() -> None:
    ms = _mixed_set()
    out = cluster(ms, must_link=[("a0:e1", "b0:e1"), ("b0:e1", "c0:e1")], cannot_link=[("a0:e1", "c0:e1")])
    assert together(out, "a0:e1", "b0:e1")
    assert not together(out, "a0:e1", "c0:e1")


def test_event_id_is_from_smallest_member() -> None:
    assert event_id(["b:e1", "a:e2"]) == event_id(["a:e2"])
    assert event_id(["a:e2"]).startswith("ev_") and len(event_id(["a:e2"])) == 15
    assert event_id(["a:e2"]) != event_id(["a:e1"])


def test_block_window_respects_precision() -> None:
    day = block_window(mention("a", ev("2025-03-04")))
    assert day[2] == "IQ"
    assert day[0] is not None and day[1] is not None
    assert day[0] <= "2025-03-02" and day[1] >= "2025-03-06"
    month = block_window(mention("b", ev("2025-03-01", prec="month")))
    assert month[1] is not None and month[1] >= "2025-03-31"
    assert block_window(mention("c", ev(None))) == (None, None, "IQ")


def test_candidates_outside_the_window_are_blocked() -> None:
    """Whatever block_window leaves out must be incompatible (the store relies on it)."""
    base = mention("a", ev("2025-03-04"))
    lo, hi, _ = block_window(base)
    for delta in range(-60, 61):
        from datetime import date, timedelta

        for prec in ("day", "week", "month"):
            d = date(2025, 3, 4) + timedelta(days=delta)
            if prec == "month":
                d = d.replace(day=1)
            cand = mention("b", ev(d.isoformat(), prec=prec))
            if not (lo <= d.isoformat() <= hi):
                assert explain(base, cand)[0] == BLOCKED, (prec, d)


def test_candidates_outside_the_precision_ranges_are_blocked() -> None:
    """What block_ranges (the store's candidate query) leaves out must be incompatible, for a new
    mention of every precision against stored mentions of every precision."""
    from datetime import date, timedelta

    for new_prec in ("day", "week", "month", "year"):
        base = mention("a", ev("2025-03-04" if new_prec in ("day", "week") else
                               "2025-03-01" if new_prec == "month" else "2025-01-01", prec=new_prec))
        ranges, country = block_ranges(base)
        assert country == "IQ" and ranges
        by_prec = {p: (lo, hi) for p, lo, hi in ranges}
        for delta in range(-400, 401):
            for prec in ("day", "week", "month", "year"):
                d = date(2025, 3, 4) + timedelta(days=delta)
                d = d.replace(day=1) if prec == "month" else d.replace(month=1, day=1) if prec == "year" else d
                lo, hi = by_prec[prec]
                if not (lo <= d.isoformat() <= hi):
                    assert explain(base, mention("b", ev(d.isoformat(), prec=prec)))[0] == BLOCKED, (new_prec, prec, d)
    assert block_ranges(mention("c", ev(None))) == ([], "IQ")


def test_score_cache_gives_the_clusters_computed_afresh() -> None:
    """The store's cache of features and pair scores changes nothing: over growing blocks, and for a
    mention id seen again with another publication date (another store in the same process)."""
    from tacitus.fusion import ScoreCache

    rnd = random.Random(9)
    ms = [mention(f"c{i:03d}", ev(f"2025-03-{rnd.randint(1, 20):02d}", rnd.choice([JURF, MUSAYYIB, MOSUL]),
                                  killed=rnd.randint(0, 5), perps=(rnd.choice(["Kataib Hezbollah", "Islamic State"]),)))
          for i in range(80)]
    cache = ScoreCache(limit=150, feature_limit=30)  # small, so both tables start again empty on the way
    for n in (20, 50, 80):
        assert cluster(ms[:n], cache=cache) == cluster(ms[:n])
        assert len(cache.feats) <= 30 and len(cache.pairs) <= 150
    moved = [Mention(id=m.id, article_id=m.article_id, event=dict(m.event, date="2025-05-01"), claims=m.claims,
                     source=m.source, published="2025-05-02") for m in ms[:40]] + ms[40:]
    assert cluster(moved, cache=cache) == cluster(moved)


def test_cluster_is_fast_on_a_block_of_300() -> None:
    """Not a timing assertion: it checks the sparse path keeps all 300 mentions and is stable."""
    rnd = random.Random(5)
    ms = []
    for i in range(300):
        place = rnd.choice([JURF, MUSAYYIB, MOSUL, BASRA])
        ms.append(mention(f"x{i:03d}", ev(f"2025-03-{rnd.randint(1, 28):02d}", place, killed=rnd.randint(0, 9),
                                          perps=(rnd.choice(["Kataib Hezbollah", "Islamic State"]),))))
    t0 = time.perf_counter()
    out = cluster(ms)
    elapsed = time.perf_counter() - t0
    assert sorted(m for c in out for m in c) == sorted(m.id for m in ms)
    rnd.shuffle(ms)
    assert cluster(ms) == out
    print(f"cluster(300) took {elapsed:.3f}s")


# ------------------------------------------------------------------------------------------
# Canonical fields, provenance, ledger
# ------------------------------------------------------------------------------------------

def test_canonical_figures_lowest_credible_with_range_and_sources() -> None:
    ms = [
        mention("a1", ev("2025-03-04", killed=5, injured=2), source="Outlet A"),
        mention("a2", ev("2025-03-04", killed=4), source="Outlet B"),
        mention("a3", ev("2025-03-04", killed=9), source="Outlet C"),
    ]
    out = canonical(ms)
    k = out["figures"]["killed"]
    assert k["value"] == 4 and k["low"] == 4 and k["high"] == 9
    assert k["by_source"] == {"a1:e1": 5, "a2:e1": 4, "a3:e1": 9}
    assert out["provenance"]["killed"] == ["a2:e1"]
    assert out["event"]["killed"] == 4 and out["event"]["killed_high"] == 9
    assert out["event"]["injured"] == 2 and out["provenance"]["injured"] == ["a1:e1"]
    assert out["event"]["n_sources"] == 3
    assert out["event"]["id"] == event_id(["a1:e1", "a2:e1", "a3:e1"])


def test_perpetrator_claimed_figure_is_not_preferred() -> None:
    # a1's toll of 2 sits inside the group's own claim; a2's credible toll of 6 wins.
    fe = {"killed": {"start": 5, "end": 8, "text": "two"}}
    a1 = mention("a1", ev("2025-03-04", killed=2, fe=fe), claims=[claim("claim", "Kataib Hezbollah", 0, 40)])
    a2 = mention("a2", ev("2025-03-04", killed=6))
    k = canonical([a1, a2])["figures"]["killed"]
    assert k["value"] == 6
    assert k["perpetrator_claim"] == ["a1:e1"]
    assert k["low"] == 2 and k["by_source"]["a1:e1"] == 2
    # Only the claimed figure: used, but marked.
    only = canonical([a1])["figures"]["killed"]
    assert only["value"] == 2 and only["basis"] == "perpetrator claim only"


def test_unknown_figures_stay_null() -> None:
    out = canonical([mention("a1", ev("2025-03-04")), mention("a2", ev("2025-03-04"))])
    assert out["event"]["killed"] is None and out["figures"]["killed"]["by_source"] == {}
    assert out["event"]["injured"] is None


def test_canonical_date_and_place_rules() -> None:
    ms = [
        mention("a1", ev("2025-03-04")),
        mention("a2", ev("2025-03-04")),
        mention("a3", ev("2025-03-05")),
        mention("a4", ev("2025-03-03", prec="week")),
        mention("a5", ev("2025-03-06", source="published", prec=None, place=("Babil", "Babil", "IQ", 32.5, 44.4), gprec=3)),
    ]
    out = canonical(ms)
    assert out["event"]["date"] == "2025-03-04" and out["event"]["date_precision"] == "day"
    assert out["provenance"]["date"] == ["a1:e1", "a2:e1"]
    assert out["event"]["location"]["name"] == "Jurf al-Sakhar"
    assert out["provenance"]["location"] == ["a1:e1", "a2:e1", "a3:e1", "a4:e1"]
    # The most precise place wins even against more reports at region level.
    region = [mention(f"r{i}", ev("2025-03-04", ("Babil", "Babil", "IQ", 32.5, 44.4), gprec=3)) for i in range(3)]
    out2 = canonical(region + [mention("t1", ev("2025-03-04", MUSAYYIB))])
    assert out2["event"]["location"]["name"] == "Musayyib" and out2["provenance"]["location"] == ["t1:e1"]


def test_canonical_actors_and_weapons_keep_their_sources() -> None:
    ms = [mention("a1", ev("2025-03-04", perps=("Kataib Hezbollah",), weapons=("drone",))),
          mention("a2", ev("2025-03-04", perps=("Kataib Hezbollah",), targets=("Military Forces of Iraq",),
                           weapons=("drone", "rocket")))]
    out = canonical(ms)
    kh = next(a for a in out["event"]["actors"] if a["name"] == "Kataib Hezbollah")
    assert kh["mentions"] == ["a1:e1", "a2:e1"] and kh["role"] == "perpetrator"
    tgt = next(a for a in out["event"]["actors"] if a["role"] == "target")
    assert tgt["mentions"] == ["a2:e1"]
    assert out["event"]["weapon_sources"] == {"drone": ["a1:e1", "a2:e1"], "rocket": ["a2:e1"]}


def test_ledger_flags() -> None:
    plain = ledger([mention("a1", ev("2025-03-04"), claims=[claim("claim", "Islamic Resistance in Iraq")])])
    assert plain["claimed"] and not plain["competing"] and not plain["contested"]
    assert plain["entries"][0]["mention"] == "a1:e1" and plain["entries"][0]["article_id"] == "a1"

    competing = ledger([mention("a1", ev("2025-03-04"), claims=[claim("claim", "Islamic Resistance in Iraq")]),
                        mention("a2", ev("2025-03-04"), claims=[claim("claim", "Ashab al-Kahf")])])
    assert competing["competing"] and competing["claimed"]

    denied = ledger([mention("a1", ev("2025-03-04"), claims=[claim("claim", "Kataib Hezbollah")]),
                     mention("a2", ev("2025-03-04"), claims=[claim("denial", "Kataib Hezbollah")])])
    assert denied["contested"] and not denied["competing"]

    blamed = ledger([mention("a1", ev("2025-03-04"), claims=[claim("claim", "Islamic Resistance in Iraq")]),
                     mention("a2", ev("2025-03-04"), claims=[claim("attribution", "Kataib Hezbollah", by="Iraqi officials")])])
    assert blamed["contested"]

    none = ledger([mention("a1", ev("2025-03-04"))])
    assert none == {"entries": [], "competing": False, "contested": False, "claimed": False,
                    "claimed_by": [], "denied_by": [], "attributed_to": []}
    assert canonical([mention("a1", ev("2025-03-04"), claims=[claim("claim", "Kataib Hezbollah")])])["event"]["claimed"]


def test_explain_cluster_counts_sources() -> None:
    ms = [mention(f"a{i}", ev("2025-03-04", perps=("Kataib Hezbollah",))) for i in range(3)]
    out = explain_cluster(ms)
    assert "same date 2025-03-04 (3 sources)" in out["summary"]
    assert "actor Kataib Hezbollah in 3 reports" in out["summary"]
    assert [link["mention"] for link in out["links"]] == ["a1:e1", "a2:e1"]
    assert all(link["score"] >= THRESHOLD for link in out["links"])


def test_bcubed_known_values() -> None:
    gold = {"a": 1, "b": 1, "c": 2}
    assert bcubed({"a": "x", "b": "x", "c": "y"}, gold) == (1.0, 1.0, 1.0)
    p, r, _ = bcubed({"a": "x", "b": "x", "c": "x"}, gold)
    assert p == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3) and r == 1.0
    p, r, _ = bcubed({"a": "x", "b": "y", "c": "z"}, gold)
    assert p == 1.0 and r == pytest.approx((0.5 + 0.5 + 1) / 3)


# ------------------------------------------------------------------------------------------
# Quality gate on the fusion gold set
# ------------------------------------------------------------------------------------------

@pytest.mark.skipif(not (GOLD / "set_A.jsonl").exists(), reason="fusion gold set not present")
def test_fusion_gold_floors() -> None:
    from tacitus.fusion_eval import run_fusion_eval

    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    _, fig = run_fusion_eval(GOLD, failures=0)
    assert fig["order_independent"]
    for key in ("bcubed_precision", "bcubed_recall", "article_bcubed_precision", "article_bcubed_recall"):
        assert fig[key] >= floors[key], f"{key} {fig[key]} under its floor {floors[key]}"


# ------------------------------------------------------------------------------------------
# Rules added when the extractor's places and dates improved (docs/fusion.md, "Scoring a pair")
# ------------------------------------------------------------------------------------------

def test_exact_dates_two_days_apart_never_merge() -> None:
    a = mention("a1", ev("2025-03-04", killed=4, text="drone strike on a car at Jurf al-Sakhar"))
    b = mention("b1", ev("2025-03-06", killed=4, text="drone strike on a car at Jurf al-Sakhar"))
    score, why = explain(a, b)
    assert score < THRESHOLD and any("different days" in w for w in why)
    # A report whose date is only the publication day may sit between them, yet cannot chain them.
    mid = mention("c1", ev("2025-03-06", source="published", prec=None, killed=4,
                           text="drone strike on a car at Jurf al-Sakhar"))
    out = cluster([a, b, mid])
    assert not together(out, "a1:e1", "b1:e1")


def test_a_year_only_date_earns_no_date_credit() -> None:
    day = mention("a1", ev("2025-03-04", text="drone strike"))
    week = mention("b1", ev("2025-03-03", prec="week", text="drone strike"))
    year = mention("c1", ev("2025-01-01", prec="year", text="drone strike"))
    _, why_week = explain(day, week)
    _, why_year = explain(day, year)
    assert any("not both exact" in w for w in why_week)
    assert any("only within a month or year" in w for w in why_year)
    assert explain(day, year)[0] < explain(day, week)[0]


def test_region_spelled_one_letter_apart_is_one_region() -> None:
    a = mention("a1", ev("2024-10-03", ("Shwebo", "Sagain", "MM", 22.569, 95.698)))
    b = mention("b1", ev("2024-10-03", ("Sagaing", "Sagaing", "MM", 21.879, 95.980), gprec=3))
    _, why = explain(a, b)
    assert not any("place conflict" in w for w in why)
    c = mention("c1", ev("2024-10-03", ("Ye", "Mon", "MM", 15.246, 97.855)))
    _, why_c = explain(a, c)
    assert any("place conflict" in w for w in why_c)


def test_place_names_compare_without_spaces_but_shared_words_need_one_region() -> None:
    a = mention("a1", ev("2024-10-03", ("Nyaung Bin Wun", "Sagain", "MM", 22.767, 95.428), gprec=2))
    b = mention("b1", ev("2024-10-03", ("Nyaungbinwun", "Sagaing", "MM", 21.879, 95.980), gprec=3))
    assert any(w.startswith("same place") for w in explain(a, b)[1])
    ye_u = mention("c1", ev("2024-10-03", ("Ye U", "Sagain", "MM", 22.767, 95.428)))
    ye = mention("d1", ev("2024-10-03", ("Ye", "Mon", "MM", 15.246, 97.855)))
    score, why = explain(ye_u, ye)
    assert not any(w.startswith("same place") for w in why) and score < THRESHOLD
    # A region-level place named after its region says nothing finer than the region.
    region = mention("e1", ev("2024-10-03", ("Sagaing", "Sagaing", "MM", 21.879, 95.980), gprec=3))
    assert not any(w.startswith("same place") for w in explain(region, b)[1])


def _fragment_ev(day: str, place: tuple[str, str | None, str, float | None, float | None] | None) -> dict[str, Any]:
    e = ev(day, None, source="published", prec=None, sub="attack", cat="violence_against_civilians", weapons=(),
           text="a guard was shot dead while resisting them")
    if place is not None:
        e["location"] = {"name": place[0], "admin1": place[1], "country": place[2], "lat": place[3],
                         "lon": place[4], "precision": 3, "geonames_id": None, "evidence": None}
    return e


def test_a_fragment_joins_its_articles_only_incident() -> None:
    main = Mention(id="a1:e1", article_id="a1", event=ev("2025-03-04", killed=3, text="gunmen raided the village"))
    frag = Mention(id="a1:e2", article_id="a1", event=_fragment_ev("2025-03-05", ("Iraq", None, "IQ", None, None)))
    other = mention("b1", ev("2025-03-04", killed=3, text="gunmen raided the village at night"))
    out = cluster([main, frag, other])
    assert ["a1:e1", "a1:e2", "b1:e1"] in out
    assert explain(main, frag)[0] < THRESHOLD  # the pair alone would not merge
    # The same fragment in an article reporting two incidents (two clusters) stays alone.
    second = Mention(id="a1:e3", article_id="a1",
                     event=ev("2025-03-04", MOSUL, sub="remote_explosive_landmine_ied", weapons=("ied",),
                              text="a roadside bomb hit a patrol"))
    out2 = cluster([main, frag, other, second])
    assert ["a1:e2"] in out2
    # An analyst's separation holds.
    out3 = cluster([main, frag, other], cannot_link=[("a1:e2", "b1:e1")])
    assert ["a1:e2"] in out3


def test_a_date_of_the_report_stands_for_that_day_or_a_few_days_before() -> None:
    from tacitus.fusion import _interval

    reported = ev("2025-03-06", source="report", prec="day")
    told = ev("2025-03-06", source="text", prec="day")
    day, lo, hi, precise = _interval(reported)
    assert (str(lo), str(hi), precise) == ("2025-03-03", "2025-03-06", False)
    assert _interval(told)[3] is True
    # so a report dated two days after an exact-dated mention of the same strike can still join it
    a = mention("a1", ev("2025-03-04", killed=4, text="drone strike on a car at Jurf al-Sakhar"))
    b = mention("b1", ev("2025-03-06", source="report", prec="day", killed=4, text="drone strike on a car at Jurf al-Sakhar"))
    assert together(cluster([a, b]), "a1:e1", "b1:e1")


def test_fragments_that_met_each_other_still_join_their_articles_incident() -> None:
    """Two reports of one raid each tell a bare fragment ("a guard was shot dead"); the fragments
    agglomerate with each other first, and the pair still joins the one incident of both articles."""
    main = [mention(a, ev("2025-11-06", sub="abduction_forced_disappearance", cat="violence_against_civilians",
                          weapons=("firearm",), perps=("Unidentified Armed Group (Nigeria)",),
                          text="gunmen abducted 23 residents of Kasuwan Magani"))
            for a in ("k1", "k2")]
    frags = []
    for a in ("k1", "k2"):
        e = ev("2025-11-07", None, sub="attack", cat="violence_against_civilians", source="published", prec=None,
               weapons=(), killed=1, text="a vigilante was shot dead while trying to resist them")
        frags.append(Mention(id=f"{a}:e2", article_id=a, event=dict(e, id="e2"), published="2025-11-07"))
    assert explain(frags[0], frags[1])[0] >= THRESHOLD  # they do meet each other first
    out = cluster(main + frags)
    assert out == [["k1:e1", "k1:e2", "k2:e1", "k2:e2"]]
