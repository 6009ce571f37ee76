"""The project's own hand-annotated gold articles (tests/gold): floors the extractor must hold.

The floors are in tests/gold_floors.json; each was set from a measured run (see the commit that
changed it). A drop below a floor fails the suite.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tacitus import extract_text
from tacitus.evaluate import Scores, load_gold_dir, score_articles

from conftest import GOLD

FLOORS = json.loads((Path(__file__).parent / "gold_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scores() -> Scores:
    arts = load_gold_dir(GOLD)
    assert len(arts) >= 16
    pairs = [(a, extract_text(a.text, id=a.id, published=a.gold.get("published")).as_dict()) for a in arts]
    return score_articles(pairs)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_gold_floor(scores: Scores, name: str) -> None:
    rates: dict[str, Any] = scores.rates()
    assert rates[name] >= FLOORS[name], f"{name} {rates[name]} < floor {FLOORS[name]}\n" + "\n".join(scores.failures[:30])


def test_gold_files_are_well_formed() -> None:
    for art in load_gold_dir(GOLD):
        g = art.gold
        assert g["id"] == art.id and len(art.text) > 200
        for ev in g["events"]:
            assert ev["category"] and ev["subtype"]
            assert ev["date"] is None or len(ev["date"]) == 10
        for c in g["claims"]:
            assert c["stance"] in ("claim", "denial", "attribution")
            assert c["event"] is None or 0 <= c["event"] < len(g["events"])
