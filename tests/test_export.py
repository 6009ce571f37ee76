"""Export tests on both real stores: every format parses back with its own reader and carries the
events the filters select; ACLED columns have ACLED's names and types; PLOVER records follow the
documented mapping."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from test_query import EVENTS, populate

from tacitus.export import ACLED_COLUMNS, PLOVER_FIELDS, export, plover_type, to_string
from tacitus.knowledge import load
from tacitus.query import parse_filters

ALL_IDS = ["ev_d", "ev_c", "ev_g", "ev_a", "ev_b", "ev_e", "ev_f"]


@pytest.fixture
def pstore(store: Any) -> Any:
    populate(store)
    return store


def test_csv_parses_back_with_every_event_and_filters_apply(pstore: Any) -> None:
    rows = list(csv.DictReader(io.StringIO(to_string(pstore, "csv"))))
    assert [r["id"] for r in rows] == ALL_IDS
    c = {r["id"]: r for r in rows}["ev_c"]
    assert (c["killed"], c["killed_high"], c["country"], c["perpetrators"]) == ("5", "8", "NG",
                                                                                "Islamic State (West Africa)")
    assert c["claimed"] == "True" and {r["id"]: r for r in rows}["ev_d"]["killed"] == ""
    only_iq = list(csv.DictReader(io.StringIO(to_string(pstore, "csv", parse_filters(country="IQ")))))
    assert [r["id"] for r in only_iq] == ["ev_g", "ev_a", "ev_b"]


def test_json_is_one_array_with_records_and_sources(pstore: Any) -> None:
    data = json.loads(to_string(pstore, "json"))
    assert [e["id"] for e in data] == ALL_IDS
    a = {e["id"]: e for e in data}["ev_a"]
    assert sorted(s["outlet"] for s in a["sources"]) == ["Gulf Desk", "Tigris Wire"]
    assert a["record"]["figures"]["killed"]["value"] == 0
    assert json.loads(to_string(pstore, "json", parse_filters(country="SE"))) == []


def test_geojson_structure_and_coordinates_order(pstore: Any) -> None:
    doc = json.loads(to_string(pstore, "geojson"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == len(ALL_IDS)
    feats = {f["id"]: f for f in doc["features"]}
    assert all(f["type"] == "Feature" for f in doc["features"])
    assert feats["ev_a"]["geometry"] == {"type": "Point", "coordinates": [44.22, 33.29]}  # lon, lat
    assert feats["ev_e"]["geometry"] is None  # no coordinates known
    assert feats["ev_c"]["properties"]["evidence"][0].startswith("A suicide bomber")
    assert feats["ev_c"]["properties"]["weapons"] == ["suicide_explosive"]


def test_parquet_reads_back_with_types(pstore: Any, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "ev.parquet"
    counts = export(pstore, "parquet", str(out))
    assert counts == {"events": len(ALL_IDS), "skipped": 0}
    t = pq.read_table(out)
    assert t.column("id").to_pylist() == ALL_IDS
    assert str(t.schema.field("killed").type) == "int64" and str(t.schema.field("lat").type) == "double"
    rows = {r["id"]: r for r in t.to_pylist()}
    assert rows["ev_d"]["killed"] is None and rows["ev_c"]["killed_high"] == 8
    assert rows["ev_a"]["perpetrators"] == ["Kataib Hezbollah"]
    assert sorted(rows["ev_c"]["outlets"]) == ["Lake Chad Radio", "Sahel Post"]


def _typed(value: str, typ: type) -> Any:
    return None if value == "" else typ(value)


def test_acled_columns_names_order_and_types(pstore: Any) -> None:
    reader = csv.DictReader(io.StringIO(to_string(pstore, "acled")))
    assert reader.fieldnames == [c for c, _ in ACLED_COLUMNS]
    assert reader.fieldnames[:4] == ["event_id_cnty", "event_date", "year", "time_precision"]
    rows = list(reader)
    assert len(rows) == len(ALL_IDS)
    for r in rows:
        for col, typ in ACLED_COLUMNS:
            _typed(r[col], typ)  # raises if an int or float column holds something else
    by_loc = {r["location"]: r for r in rows}
    a = by_loc["Victory Base"]
    assert a["event_id_cnty"].startswith("IRQ") and a["event_date"] == "2025-01-13" and a["year"] == "2025"
    assert a["time_precision"] == "1" and a["disorder_type"] == "Political violence"
    assert a["event_type"] == "Explosions/Remote violence"
    assert a["sub_event_type"] == "Shelling/artillery/missile attack"
    assert (a["actor1"], a["inter1"], a["actor2"], a["inter2"], a["interaction"]) == \
        ("Kataib Hezbollah", "3", "Military Forces of the United States", "1", "13")
    assert a["iso"] == "368" and a["country"] == "Iraq" and a["admin1"] == "Baghdad"
    assert float(a["latitude"]) == 33.29 and float(a["longitude"]) == 44.22 and a["geo_precision"] == "1"
    assert a["source"] == "Tigris Wire; Gulf Desk" and a["fatalities"] == "0"
    assert "claim contested" in a["tags"] and int(a["timestamp"]) > 1_600_000_000
    c = by_loc["Maiduguri"]
    assert c["civilian_targeting"] == "Civilian targeting" and c["inter2"] == "7" and c["fatalities"] == "5"
    assert "fatalities reported 5-8" in c["tags"]
    d = by_loc["Mogadishu"]
    assert d["fatalities"] == "" and d["actor2"] == "" and d["interaction"] == "20"  # unknown stays empty
    e = by_loc["Kharkiv"]
    assert e["disorder_type"] == "Demonstrations" and e["actor1"] == "Protesters (Ukraine)" and e["interaction"] == "60"
    assert e["latitude"] == "" and e["longitude"] == ""


def test_plover_jsonl_fields_and_mapping(pstore: Any) -> None:
    lines = to_string(pstore, "plover").splitlines()
    recs = {r["id"]: r for r in map(json.loads, lines)}
    assert sorted(recs) == sorted(ALL_IDS)
    for r in recs.values():
        assert list(r) == PLOVER_FIELDS
    assert (recs["ev_a"]["event_type"], recs["ev_a"]["mode"]) == ("ASSAULT", "heavy-weapons")
    assert (recs["ev_b"]["event_type"], recs["ev_b"]["mode"]) == ("ASSAULT", "aerial")
    assert (recs["ev_c"]["event_type"], recs["ev_c"]["mode"]) == ("ASSAULT", "suicide-attack")
    assert (recs["ev_d"]["event_type"], recs["ev_d"]["mode"]) == ("ASSAULT", "firearms")  # from the weapon
    assert (recs["ev_e"]["event_type"], recs["ev_e"]["mode"]) == ("PROTEST", "demo")
    assert (recs["ev_f"]["event_type"], recs["ev_f"]["mode"]) == ("PROTEST", "riot")
    assert recs["ev_c"]["source_actor"] == ["Islamic State (West Africa)"]
    assert recs["ev_c"]["target_actor"] == ["Civilians (Nigeria)"]
    assert recs["ev_c"]["dead"] == 5 and recs["ev_c"]["country_iso3"] == "NGA" and recs["ev_c"]["cameo"] == "1831"


def test_plover_mapping_covers_every_subtype_and_falls_back_on_cameo() -> None:
    subs = load().lexicon["subtypes"]
    for st, info in subs.items():
        pt = plover_type(st, info["cameo"])
        assert set(pt) == {"event_type", "mode", "context"}
    assert plover_type("attack", "180")["mode"] is None  # no weapon: unknown stays null
    assert plover_type("attack", "180", ["melee"])["mode"] == "primitive"
    assert plover_type("other", "0")["event_type"] is None
    assert plover_type(None, "1711")["event_type"] == "COERCE"  # root 17
    assert plover_type(None, "0841")["event_type"] == "RETREAT"  # YIELD split
    assert plover_type(None, "081")["event_type"] == "CONCEDE"
    assert plover_type(None, "183") == {"event_type": "ASSAULT", "mode": "explosives", "context": None}


def test_cli_export_files_and_errors(tmp_path: Path, backend: Any) -> None:
    s = backend.open()
    try:
        populate(s)
    finally:
        s.close()
    out = tmp_path / "e.geojson"
    p = run_cli("export", "--db", backend.url, "--format", "geojson", "--out", str(out), "--claimed")
    assert p.returncode == 0, p.stderr
    assert [f["id"] for f in json.loads(out.read_text())["features"]] == ["ev_c"]
    assert "exported 1 event" in p.stderr
    p = run_cli("export", "--db", backend.url, "--format", "acled", "--subtype", "air_drone_strike")
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert [r["location"] for r in rows] == ["Jurf al-Sakhar"]
    p = run_cli("export", "--db", backend.url, "--format", "parquet")
    assert p.returncode == 2 and "--out" in p.stderr
    p = run_cli("export", "--db", backend.url, "--format", "csv", "--since", "13/01/2025")
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "--since" in p.stderr


def test_export_streams_in_batches(pstore: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a batch of 2 rows the writer still sees every event once, in order (several batches)."""
    import tacitus.export as ex

    monkeypatch.setattr(ex, "BATCH", 2)
    seen: list[int] = []
    real = ex._attach

    def spy(store: Any, part: list[dict[str, Any]], with_sources: bool) -> list[dict[str, Any]]:
        seen.append(len(part))
        return real(store, part, with_sources)

    monkeypatch.setattr(ex, "_attach", spy)
    lines = to_string(pstore, "plover").splitlines()
    assert [json.loads(x)["id"] for x in lines] == ALL_IDS
    assert seen == [2, 2, 2, 1]
    assert len(EVENTS) == 7
