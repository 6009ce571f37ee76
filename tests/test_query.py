"""Query tests on both real stores (SQLite file, PostgreSQL schema): every filter narrows a small
hand-built store to exactly the events it should, bad filter values are one-line usage errors, and
the event record carries its sources, evidence, figures and claims ledger."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from conftest import run_cli

from tacitus.errors import UsageError
from tacitus.query import (Filters, bbox, get_event, haversine_km, iter_events, list_actors, list_claims,
                           parse_filters, why)
from tacitus.store.fuse import write_terms
from tacitus.store.models import (ActorRow, ArticleRow, ClaimRow, Decision, EventActor, EventRow, MentionRow,
                                  Source)

# (id, date, country, admin1, place, lat, lon, category, subtype, killed, low, high, injured, claimed,
#  actors [(name, role)], evidence sentences per report, outlets)
EVENTS: list[dict[str, Any]] = [
    dict(id="ev_a", date="2025-01-13", country="IQ", admin1="Baghdad", place="Victory Base", lat=33.29, lon=44.22,
         category="explosions_remote_violence", subtype="shelling_artillery_missile_attack", killed=0, low=0, high=0,
         injured=2, claimed=False, weapons=["rocket"],
         actors=[("Kataib Hezbollah", "perpetrator"), ("Military Forces of the United States", "target")],
         reports=[("Tigris Wire", "https://tigris.example/a1", "2025-01-14",
                   ["Three Katyusha rockets struck the base near the airport on Monday night."], 0, 2),
                  ("Gulf Desk", "https://gulfdesk.example/n/77", "2025-01-15",
                   ["Rockets landed inside the compound, wounding two contractors."], None, 2)]),
    dict(id="ev_b", date="2025-01-07", country="IQ", admin1="Babil", place="Jurf al-Sakhar", lat=32.87, lon=44.13,
         category="explosions_remote_violence", subtype="air_drone_strike", killed=2, low=2, high=2, injured=None,
         claimed=None, weapons=["drone"], actors=[("Kataib Hezbollah", "target")],
         reports=[("Tigris Wire", "https://tigris.example/a2", "2025-01-08",
                   ["A drone hit a vehicle outside the town, killing two fighters."], 2, None)]),
    dict(id="ev_c", date="2025-02-10", country="NG", admin1="Borno", place="Maiduguri", lat=11.85, lon=13.16,
         category="explosions_remote_violence", subtype="suicide_bomb", killed=5, low=5, high=8, injured=14,
         claimed=True, weapons=["suicide_explosive"],
         actors=[("Islamic State (West Africa)", "perpetrator"), ("Civilians (Nigeria)", "target")],
         reports=[("Sahel Post", "https://sahelpost.example/x", "2025-02-10",
                   ["A suicide bomber blew himself up at a crowded market."], 5, 14),
                  ("Lake Chad Radio", "https://lcr.example/y", "2025-02-11",
                   ["Eight people died in the market blast, residents said."], 8, None)]),
    dict(id="ev_d", date="2025-03-01", country="SO", admin1="Banadir", place="Mogadishu", lat=2.04, lon=45.34,
         category="violence_against_civilians", subtype="attack", killed=None, low=None, high=None, injured=None,
         claimed=None, weapons=["firearm"], actors=[("Al Shabaab", "perpetrator")],
         reports=[("Horn Daily", None, "2025-03-02", ["Gunmen stormed a seaside hotel late on Saturday."], None, None)]),
    dict(id="ev_e", date="2024-12-20", country="UA", admin1="Kharkiv", place="Kharkiv", lat=None, lon=None,
         category="protests", subtype="peaceful_protest", killed=None, low=None, high=None, injured=None,
         claimed=None, weapons=[], actors=[("Protesters (Ukraine)", "participant")],
         reports=[("Kyiv Ledger", "https://ledger.example/p", "2024-12-21",
                   ["Hundreds marched through the city centre against the power cuts."], None, None)]),
    dict(id="ev_f", date="2024-11-05", country="FJ", admin1="Northern", place="Labasa", lat=-16.43, lon=179.96,
         category="riots", subtype="mob_violence", killed=None, low=None, high=None, injured=3, claimed=None,
         weapons=[], actors=[("Rioters (Fiji)", "participant")],
         reports=[("Pacific Note", "https://pn.example/r", "2024-11-06",
                   ["A crowd attacked a shop after a dispute over land."], None, 3)]),
    dict(id="ev_g", date="2025-01-20", country="IQ", admin1="Baghdad", place="Husseiniya", lat=33.55, lon=44.70,
         category="battles", subtype="armed_clash", killed=1, low=1, high=1, injured=None, claimed=None,
         weapons=["firearm"], actors=[("Military Forces of Iraq", "participant")],
         reports=[("Tigris Wire", "https://tigris.example/a3", "2025-01-21",
                   ["Soldiers exchanged fire with gunmen at a farm on Monday."], 1, None)]),
]


def populate(store: Any) -> None:
    """Write EVENTS through the store's ORM session: sources, articles, mentions, events, actors, claims."""
    with store.session() as s:
        outlets: dict[str, Source] = {}
        actors: dict[str, ActorRow] = {}
        for e in EVENTS:
            for name, _role in e["actors"]:
                if name not in actors:
                    actors[name] = ActorRow(name=name, type=None)
                    s.add(actors[name])
            for outlet, *_ in e["reports"]:
                if outlet not in outlets:
                    host = outlet.lower().replace(" ", "") + ".example"
                    outlets[outlet] = Source(name=outlet, host=host)
                    s.add(outlets[outlet])
        s.flush()
        for e in EVENTS:
            members = []
            for i, (outlet, url, published, evidence, killed, injured) in enumerate(e["reports"]):
                text = f"{e['id']} report {i}: " + " ".join(evidence)
                h = hashlib.sha1(text.encode()).hexdigest()
                aid = "art_" + h[:16]
                s.add(ArticleRow(id=aid, url=url, canonical_url=url, content_hash=h, source_id=outlets[outlet].id,
                                 title=f"{e['place']} report {i}", published=published, text=text, status="ok"))
                mid = f"{aid}:e0"
                members.append(mid)
                rec = {"id": "e0", "category": e["category"], "subtype": e["subtype"], "date": e["date"],
                       "date_precision": "day",
                       "location": {"name": e["place"], "admin1": e["admin1"], "country": e["country"],
                                    "lat": e["lat"], "lon": e["lon"], "precision": 1},
                       "actors": [{"name": n, "text": n, "role": r} for n, r in e["actors"]],
                       "weapons": e["weapons"], "killed": killed, "injured": injured,
                       "evidence": [{"start": 0, "end": len(t), "text": t} for t in evidence]}
                s.add(MentionRow(id=mid, article_id=aid, event_local_id="e0", category=e["category"],
                                 subtype=e["subtype"], date=e["date"], date_precision="day", country=e["country"],
                                 admin1=e["admin1"], place_name=e["place"], lat=e["lat"], lon=e["lon"],
                                 killed=killed, injured=injured, record=rec, event_id=None))
            canon = {"event": {"category": e["category"], "subtype": e["subtype"], "date": e["date"],
                               "weapons": e["weapons"], "cameo": None,
                               "location": {"name": e["place"], "precision": 1},
                               "actors": [{"name": n, "role": r} for n, r in e["actors"]],
                               "evidence": [{"text": t} for r in e["reports"] for t in r[3]]},
                     "provenance": {"killed": members[:1]},
                     "figures": {"killed": {"value": e["killed"], "low": e["low"], "high": e["high"],
                                            "by_source": {m: r[4] for m, r in zip(members, e["reports"])}}}}
            s.add(EventRow(id=e["id"], category=e["category"], subtype=e["subtype"], date=e["date"],
                           date_precision="day", country=e["country"], admin1=e["admin1"], place_name=e["place"],
                           lat=e["lat"], lon=e["lon"], killed=e["killed"], killed_low=e["low"], killed_high=e["high"],
                           injured=e["injured"], claimed=e["claimed"], competing=False,
                           contested=e["id"] == "ev_a", n_sources=len(members), record=canon))
            s.flush()
            for mid in members:
                s.get(MentionRow, mid).event_id = e["id"]
            for name, role in e["actors"]:
                s.add(EventActor(event_id=e["id"], actor_id=actors[name].id, role=role))
            write_terms(s, e["id"], [t for r in e["reports"] for t in r[3]])  # the text index, as fusion writes it
            e["_members"] = members
        a1, a2 = EVENTS[0]["_members"]
        c1 = EVENTS[2]["_members"][0]
        s.add_all([
            ClaimRow(event_id="ev_a", mention_id=a1, article_id=a1.split(":")[0], stance="denial",
                     actor="Kataib Hezbollah", speaker="Abu Hussein", date="2025-01-14",
                     quote="The group rejected accusations that its men fired the rockets."),
            ClaimRow(event_id="ev_a", mention_id=a2, article_id=a2.split(":")[0], stance="attribution",
                     actor="Kataib Hezbollah", by="Iraqi security officials", quote="Officials blamed the group."),
            ClaimRow(event_id="ev_c", mention_id=c1, article_id=c1.split(":")[0], stance="claim",
                     actor="Islamic State (West Africa)", date="2025-02-11", quote="The group said its fighter did it."),
            Decision(kind="merge", mention_a=a1, mention_b=a2, note="same rocket attack, analyst checked"),
        ])


@pytest.fixture
def pstore(store: Any) -> Any:
    populate(store)
    return store


def ids(store: Any, **kw: Any) -> list[str]:
    return [e["id"] for e in iter_events(store, parse_filters(**kw))]


# -- filters -----------------------------------------------------------------------------------------

def test_no_filter_lists_every_event_newest_first(pstore: Any) -> None:
    assert ids(pstore) == ["ev_d", "ev_c", "ev_g", "ev_a", "ev_b", "ev_e", "ev_f"]


def test_date_range(pstore: Any) -> None:
    assert ids(pstore, since="2025-01-10") == ["ev_d", "ev_c", "ev_g", "ev_a"]
    assert ids(pstore, until="2025-01-07") == ["ev_b", "ev_e", "ev_f"]
    assert ids(pstore, since="2025-01-13", until="2025-01-20") == ["ev_g", "ev_a"]
    assert ids(pstore, since="2025-02") == ["ev_d", "ev_c"]
    assert ids(pstore, until="2024") == ["ev_e", "ev_f"]


def test_country_by_code_or_name_and_admin1(pstore: Any) -> None:
    assert ids(pstore, country="IQ") == ["ev_g", "ev_a", "ev_b"]
    assert ids(pstore, country="iraq") == ["ev_g", "ev_a", "ev_b"]
    assert ids(pstore, country="Nigeria") == ["ev_c"]
    assert ids(pstore, admin1="Baghdad") == ["ev_g", "ev_a"]
    assert ids(pstore, admin1="Borno") == ["ev_c"]


def test_actor_by_part_of_name_or_alias_any_role(pstore: Any) -> None:
    assert ids(pstore, actor="kataib") == ["ev_a", "ev_b"]
    assert ids(pstore, actor="KH") == ["ev_a", "ev_b"]  # registry alias
    assert ids(pstore, actor="West Africa") == ["ev_c"]
    assert ids(pstore, actor="Protesters") == ["ev_e"]
    assert ids(pstore, actor="100%") == []  # LIKE wildcards are literal


def test_category_and_subtype(pstore: Any) -> None:
    assert ids(pstore, category="explosions_remote_violence") == ["ev_c", "ev_a", "ev_b"]
    assert ids(pstore, category="Battles") == ["ev_g"]
    assert ids(pstore, subtype="air_drone_strike") == ["ev_b"]
    assert ids(pstore, subtype="mob violence") == ["ev_f"]


def test_claimed_and_unclaimed(pstore: Any) -> None:
    assert ids(pstore, claimed=True) == ["ev_c"]
    assert ids(pstore, claimed=False) == ["ev_d", "ev_g", "ev_a", "ev_b", "ev_e", "ev_f"]


def test_near_uses_true_distance_not_just_the_box(pstore: Any) -> None:
    # ev_g lies inside the bounding box of a 30 km circle around (33.3, 44.4) but 38 km away.
    lat_min, lat_max, lons = bbox(33.3, 44.4, 30)
    assert lat_min <= 33.55 <= lat_max and any(a <= 44.70 <= b for a, b in lons)
    assert haversine_km(33.3, 44.4, 33.55, 44.70) > 30
    got = list(iter_events(pstore, parse_filters(near="33.3,44.4,30")))
    assert [e["id"] for e in got] == ["ev_a"]
    assert 0 < got[0]["distance_km"] < 30
    assert ids(pstore, near="33.3,44.4,45") == ["ev_g", "ev_a"]
    assert ids(pstore, near="33.3,44.4,80") == ["ev_g", "ev_a", "ev_b"]
    assert ids(pstore, near="11.8,13.1,10") == ["ev_c"]


def test_near_across_the_antimeridian(pstore: Any) -> None:
    # Labasa is at lon 179.96; a point at lon -179.9 is about 15 km east of it.
    assert ids(pstore, near="-16.43,-179.9,40") == ["ev_f"]
    assert ids(pstore, near="-16.43,-179.0,40") == []


def test_text_words_all_in_evidence_case_insensitive(pstore: Any) -> None:
    assert ids(pstore, text="katyusha") == ["ev_a"]
    assert ids(pstore, text="MARKET") == ["ev_c"]
    assert ids(pstore, text="market residents") == ["ev_c"]  # words from different reports of one event
    assert ids(pstore, text="katyusha market") == []
    assert ids(pstore, text="monday") == ["ev_g", "ev_a"]


def test_text_matches_the_start_of_words_not_their_middle(pstore: Any) -> None:
    assert ids(pstore, text="rocket") == ["ev_a"]  # "rockets"
    assert ids(pstore, text="contract") == ["ev_a"]  # "contractors"
    assert ids(pstore, text="march") == ["ev_e"]  # "marched"
    assert ids(pstore, text="arch") == []  # inside "marched", "searched" would be noise
    assert ids(pstore, text="rockets market") == []


def test_text_common_word_walk_gives_the_same_events(pstore: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # every word counts as common: on SQLite the listing walks events and probes (event_id, term)
    import tacitus.query

    want = {t: ids(pstore, text=t, limit=10) for t in ("rocket", "monday", "market residents", "arch")}
    monkeypatch.setattr(tacitus.query, "COMMON_TERM", 0)
    assert {t: ids(pstore, text=t, limit=10) for t in want} == want
    assert want["monday"] == ["ev_g", "ev_a"] and want["arch"] == []


def test_text_folds_accents_and_punctuation(pstore: Any) -> None:
    assert ids(pstore, text="Katyúsha") == ["ev_a"]
    assert ids(pstore, text="power-cuts") == ["ev_e"]  # two words, both in "against the power cuts"
    with pytest.raises(UsageError):
        parse_filters(text=" -- ")


def test_limit_and_combined_filters(pstore: Any) -> None:
    assert ids(pstore, limit=2) == ["ev_d", "ev_c"]
    assert ids(pstore, country="IQ", claimed=False, category="explosions_remote_violence") == ["ev_a", "ev_b"]
    assert ids(pstore, country="IQ", since="2025-01-10", near="33.3,44.4,80", limit=1) == ["ev_g"]


def test_summary_row_carries_actors_and_figures(pstore: Any) -> None:
    row = next(iter_events(pstore, parse_filters(subtype="suicide_bomb")))
    assert row["perpetrators"] == ["Islamic State (West Africa)"]
    assert row["targets"] == ["Civilians (Nigeria)"]
    assert (row["killed"], row["killed_low"], row["killed_high"], row["injured"]) == (5, 5, 8, 14)
    assert row["claimed"] is True and row["n_sources"] == 2


@pytest.mark.parametrize("kw, words", [
    ({"since": "2025-13-01"}, "--since"),
    ({"until": "yesterday"}, "--until"),
    ({"since": "2025-02-01", "until": "2025-01-01"}, "after --until"),
    ({"near": "33.3,44.4"}, "LAT,LON,KM"),
    ({"near": "a,b,c"}, "LAT,LON,KM"),
    ({"near": "95,44,10"}, "latitude"),
    ({"near": "33,44,0"}, "radius"),
    ({"near": "33,44,nan"}, "finite"),
    ({"country": "Atlantis"}, "--country"),
    ({"category": "fights"}, "--category"),
    ({"subtype": "meteor"}, "--subtype"),
    ({"limit": 0}, "--limit"),
])
def test_bad_filter_values_are_usage_errors(kw: dict[str, Any], words: str) -> None:
    with pytest.raises(UsageError) as exc:
        parse_filters(**kw)
    assert words in exc.value.message
    assert "\n" not in exc.value.message


def test_filters_object_without_parse(pstore: Any) -> None:
    assert [e["id"] for e in iter_events(pstore, Filters(country="NG"))] == ["ev_c"]


# -- one event, actors, claims ----------------------------------------------------------------------

def test_event_record_has_sources_evidence_figures_and_ledger(pstore: Any) -> None:
    ev = get_event(pstore, "ev_a")
    assert ev["subtype"] == "shelling_artillery_missile_attack" and ev["n_sources"] == 2
    outlets = sorted(s["outlet"] for s in ev["sources"])
    assert outlets == ["Gulf Desk", "Tigris Wire"]
    by_outlet = {s["outlet"]: s for s in ev["sources"]}
    assert by_outlet["Gulf Desk"]["url"] == "https://gulfdesk.example/n/77"
    assert by_outlet["Gulf Desk"]["published"] == "2025-01-15"
    assert by_outlet["Tigris Wire"]["evidence"] == ["Three Katyusha rockets struck the base near the airport on Monday night."]
    assert by_outlet["Tigris Wire"]["reported"]["killed"] == 0
    assert by_outlet["Gulf Desk"]["reported"]["killed"] is None
    assert ev["figures"]["killed"]["value"] == 0
    assert ev["actors"] == {"perpetrator": ["Kataib Hezbollah"], "target": ["Military Forces of the United States"]}
    stances = sorted((c["stance"], c["actor"], c["outlet"]) for c in ev["claims"])
    assert stances == [("attribution", "Kataib Hezbollah", "Gulf Desk"), ("denial", "Kataib Hezbollah", "Tigris Wire")]
    assert ev["contested"] is True and ev["claimed"] is False


def test_unknown_event_id_is_a_usage_error(pstore: Any) -> None:
    with pytest.raises(UsageError):
        get_event(pstore, "ev_nope")
    with pytest.raises(UsageError):
        why(pstore, "ev_nope")


def test_why_explains_each_pair_with_fusion_and_lists_decisions(pstore: Any) -> None:
    from tacitus import fusion

    w = why(pstore, "ev_a")
    a1, a2 = EVENTS[0]["_members"]
    assert sorted(w["mentions"]) == sorted([a1, a2]) and len(w["pairs"]) == 1
    p = w["pairs"][0]
    with pstore.session() as s:
        recs = {m: s.get(MentionRow, m).record for m in (p["a"], p["b"])}
    expected = fusion.explain(fusion.Mention(p["a"], p["a"].split(":")[0], recs[p["a"]]),
                              fusion.Mention(p["b"], p["b"].split(":")[0], recs[p["b"]]))
    assert p["score"] == round(float(expected[0]), 4) and p["reasons"] == list(expected[1])
    assert p["reasons"]  # same date and place at least
    assert w["links"] == [p]  # two reports: the one pair is the link
    assert w["decisions"] == [{"kind": "merge", "a": a1, "b": a2, "note": "same rocket attack, analyst checked"}]
    single = why(pstore, "ev_b")
    assert single["pairs"] == [] and single["decisions"] == []


def test_strongest_links_tie_every_report_by_the_best_scores() -> None:
    from tacitus.query import _strongest_links

    pairs = [{"a": "m1", "b": "m2", "score": 0.5}, {"a": "m1", "b": "m3", "score": 3.0},
             {"a": "m2", "b": "m3", "score": 2.0}, {"a": "m3", "b": "m4", "score": 1.0},
             {"a": "m2", "b": "m4", "score": 0.1}, {"a": "m1", "b": "m4", "score": 0.2}]
    links = _strongest_links(["m1", "m2", "m3", "m4"], pairs)
    assert [(x["a"], x["b"]) for x in links] == [("m1", "m3"), ("m2", "m3"), ("m3", "m4")]
    assert _strongest_links(["m1"], []) == []


def test_actors_with_event_counts(pstore: Any) -> None:
    rows = {r["actor"]: r for r in list_actors(pstore)}
    assert rows["Kataib Hezbollah"]["events"] == 2
    assert rows["Kataib Hezbollah"]["roles"] == {"perpetrator": 1, "target": 1}
    assert rows["Al Shabaab"]["events"] == 1
    assert list_actors(pstore)[0]["actor"] == "Kataib Hezbollah"
    assert [r["actor"] for r in list_actors(pstore, country="NG")] == ["Civilians (Nigeria)", "Islamic State (West Africa)"]


def test_claims_by_stance_and_actor(pstore: Any) -> None:
    assert [c["stance"] for c in list_claims(pstore)] == ["claim", "denial", "attribution"]
    claims = list_claims(pstore, stance="claim")
    assert [(c["actor"], c["event"], c["outlet"]) for c in claims] == [("Islamic State (West Africa)", "ev_c", "Sahel Post")]
    assert sorted(c["stance"] for c in list_claims(pstore, actor="KH")) == ["attribution", "denial"]
    assert [c["stance"] for c in list_claims(pstore, actor="security officials")] == ["attribution"]
    with pytest.raises(UsageError):
        list_claims(pstore, stance="boast")


# -- command line --------------------------------------------------------------------------------------

@pytest.fixture
def db_url(backend: Any) -> str:
    s = backend.open()
    try:
        populate(s)
    finally:
        s.close()
    return str(backend.url)


def test_cli_events_json_csv_and_table(db_url: str) -> None:
    p = run_cli("events", "--db", db_url, "--country", "IQ", "--unclaimed", "--format", "json")
    assert p.returncode == 0, p.stderr
    assert [json.loads(x)["id"] for x in p.stdout.splitlines()] == ["ev_g", "ev_a", "ev_b"]
    p = run_cli("events", "--db", db_url, "--near", "33.3,44.4,30", "--format", "csv")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0].startswith("id,date,") and lines[0].endswith(",distance_km")
    assert [ln.split(",")[0] for ln in lines[1:]] == ["ev_a"]
    p = run_cli("events", "--db", db_url, "--text", "drone")
    assert p.returncode == 0, p.stderr
    assert "ev_b" in p.stdout and "ev_a" not in p.stdout


@pytest.mark.parametrize("args, words", [
    (["--since", "2025-02-30"], "--since"),
    (["--near", "33.3;44.4;10"], "--near"),
    (["--near", "33.3,44.4,-5"], "--near"),
])
def test_cli_bad_filters_exit_2_with_one_line(db_url: str, args: list[str], words: str) -> None:
    p = run_cli("events", "--db", db_url, *args)
    assert p.returncode == 2
    assert p.stdout == ""
    err = p.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("tacitus: error:") and words in err[0]


def test_cli_event_why_and_unknown_id(db_url: str) -> None:
    p = run_cli("event", "ev_a", "--db", db_url, "--why")
    assert p.returncode == 0, p.stderr
    assert "Tigris Wire" in p.stdout and "Gulf Desk" in p.stdout
    assert "Three Katyusha rockets" in p.stdout
    assert "denial" in p.stdout and "why merged" in p.stdout and "analyst merge" in p.stdout
    p = run_cli("event", "ev_a", "--db", db_url, "--format", "json")
    assert json.loads(p.stdout)["n_sources"] == 2
    p = run_cli("event", "ev_zzz", "--db", db_url)
    assert p.returncode == 2 and "no event with id" in p.stderr


def test_cli_actors_and_claims(db_url: str) -> None:
    p = run_cli("actors", "--db", db_url, "--format", "json")
    assert p.returncode == 0, p.stderr
    first = json.loads(p.stdout.splitlines()[0])
    assert first["actor"] == "Kataib Hezbollah" and first["events"] == 2
    p = run_cli("claims", "--db", db_url, "--stance", "denial", "--format", "json")
    assert p.returncode == 0, p.stderr
    assert [json.loads(x)["actor"] for x in p.stdout.splitlines()] == ["Kataib Hezbollah"]
    p = run_cli("claims", "--db", db_url, "--stance", "boast")
    assert p.returncode == 2


def test_undated_events_come_last_on_both_stores_and_count_toward_limit(pstore: Any) -> None:
    with pstore.session() as s:
        s.add(EventRow(id="ev_0undated", category="protests", subtype="peaceful_protest", date=None, country="IQ",
                       admin1="Basra", place_name="Basra", claimed=None, competing=False, contested=False,
                       n_sources=1, record={"event": {}}))
    assert ids(pstore) == ALL_DATED + ["ev_0undated"]
    assert ids(pstore, country="IQ") == ["ev_g", "ev_a", "ev_b", "ev_0undated"]
    assert ids(pstore, country="IQ", limit=3) == ["ev_g", "ev_a", "ev_b"]
    assert ids(pstore, country="IQ", limit=4) == ["ev_g", "ev_a", "ev_b", "ev_0undated"]
    assert ids(pstore, since="2025-01-01", country="IQ") == ["ev_g", "ev_a", "ev_b"]  # no date: not in a range


ALL_DATED = ["ev_d", "ev_c", "ev_g", "ev_a", "ev_b", "ev_e", "ev_f"]
