"""The curated data files: they load, they are consistent, and a user's broken copy is reported."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tacitus.errors import DataFileError
from tacitus.knowledge import data_path, fold, load, place_key

TYPES = {"state_forces", "rebel_group", "political_militia", "identity_militia", "protesters", "rioters", "civilians",
         "external", "person", "political_party", "government", "criminal_group"}


def test_actor_registry_is_consistent() -> None:
    know = load()
    assert len(know.actors) >= 200
    names = set(know.actors)
    seen: dict[str, str] = {}
    for line in data_path("actors.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        assert d["type"] in TYPES, d["name"]
        assert d.get("inter") in range(1, 9), d["name"]
        if d.get("country") is not None:
            assert d["country"] in know.countries, (d["name"], d["country"])
        for ref in [d.get("parent"), d.get("member_of")] + [a["with"] for a in d.get("affiliations") or []]:
            assert ref is None or ref in names, (d["name"], ref)
        for a in d.get("affiliations") or []:
            assert str(a["from"])[:4].isdigit()
        for p in d.get("period_names") or []:
            assert p["from"] <= p["to"], (d["name"], p)
            # a period name must be a known form of the same group, so that text using it resolves here
            assert fold(p["name"]) in {fold(f) for f in [d["name"], *d.get("aliases", [])]}, (d["name"], p["name"])
        for form in [d["name"], *d.get("aliases", [])]:
            key = form if (len(form) <= 4 and form.isupper()) else fold(form)
            assert seen.setdefault(key, d["name"]) == d["name"], f"alias {form!r} on {seen[key]} and {d['name']}"


@pytest.mark.parametrize("alias,canonical", [
    ("Kata'ib Hizballah", "Kataib Hezbollah"),
    ("al-Shabab", "Al Shabaab"),
    ("the Pentagon", "Military Forces of the United States"),
    ("ISWAP", "Islamic State (West Africa)"),
])
def test_registry_aliases(alias: str, canonical: str) -> None:
    know = load()
    assert (know.exact_case_aliases.get(alias) or know.actor_alias.get(fold(alias))) == canonical


def test_period_names_follow_the_event_date() -> None:
    hts = load().actors["Hay'at Tahrir al-Sham"]
    assert hts.name_on("2013-05-10") == "Al-Nusrah Front"
    assert hts.name_on("2016-09-01") == "Jabhat Fateh al-Sham"
    assert hts.name_on("2020-01-01") == "Hay'at Tahrir al-Sham"
    assert hts.name_on(None) == "Hay'at Tahrir al-Sham"


def test_persons_are_linked_to_their_group() -> None:
    know = load()
    persons = [a for a in know.actors.values() if a.is_person]
    assert persons
    assert all(p.member_of in know.actors for p in persons)


def test_sites_file_is_valid() -> None:
    with data_path("sites.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"))
    assert len(rows) >= 100
    know = load()
    for r in rows:
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r["name"]
        assert r["country"] in know.countries, r["name"]


def test_lexicon_covers_every_acled_subtype() -> None:
    subtypes = load().lexicon["subtypes"]
    assert len(subtypes) == 25
    assert {v["category"] for v in subtypes.values()} == {
        "battles", "explosions_remote_violence", "violence_against_civilians", "protests", "riots", "strategic_developments"}


def test_weapon_vocabulary_is_the_fixed_one() -> None:
    assert set(load().weapons["classes"]) == {
        "firearm", "explosive", "ied", "vehicle_bomb", "suicide_explosive", "rocket", "missile", "mortar", "artillery",
        "drone", "aircraft", "grenade", "melee", "arson", "chemical", "landmine"}


def test_place_key_meets_transliteration_variants() -> None:
    assert place_key("Haditha") == place_key("Hadithah") == place_key("Ḩadīthah") == place_key("Al Hadithah")
    assert place_key("Ain al-Asad") == place_key("Ayn al Asad")
    assert place_key("Mosul") != place_key("Basra")


def test_user_data_dir_with_broken_file_names_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "actors.jsonl").write_text('{"name": "A", "type": "rebel_group", "inter": 2}\n{broken\n', encoding="utf-8")
    monkeypatch.setenv("TACITUS_DATA_DIR", str(tmp_path))
    load.cache_clear()
    try:
        with pytest.raises(DataFileError, match=r"actors.jsonl:2"):
            load()
    finally:
        monkeypatch.delenv("TACITUS_DATA_DIR")
        load.cache_clear()


def test_user_data_dir_extends_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = data_path("actors.jsonl").read_text(encoding="utf-8")
    extra = json.dumps({"name": "Brigade of the Northern Hills", "aliases": ["Northern Hills Brigade"],
                        "type": "rebel_group", "inter": 2, "country": "SD"})
    (tmp_path / "actors.jsonl").write_text(shipped + "\n" + extra + "\n", encoding="utf-8")
    monkeypatch.setenv("TACITUS_DATA_DIR", str(tmp_path))
    load.cache_clear()
    try:
        assert load().actor_alias[fold("Northern Hills Brigade")] == "Brigade of the Northern Hills"
    finally:
        monkeypatch.delenv("TACITUS_DATA_DIR")
        load.cache_clear()


def test_a_group_that_acts_in_several_countries_has_no_one_country() -> None:
    know = load()
    shabaab = know.actors["Al Shabaab"]
    assert shabaab.country == "SO" and {"SO", "KE"} <= set(shabaab.active_in) and shabaab.one_country is None
    assert know.actors["Imbonerakure"].one_country == "BI"
    for entry in know.actors.values():  # every country a group acts in is a country the registry knows
        assert set(entry.active_in) <= set(know.countries), entry.name
