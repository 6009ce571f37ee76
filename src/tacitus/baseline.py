"""A naive keyword-and-first-entity extractor, kept as the floor Tacitus must beat.

For each article: an event exists if any event keyword occurs; its sub-type is the first keyword's;
its place is the first GPE/LOC entity looked up in the same gazetteer (most populous match); its
perpetrator is the first ORG or NORP entity; killed is the first number in the text; the date is
the publication date. Same JSONL contract as ``tacitus extract --jsonl -``::

    python ../shared/eval/score.py GOLD.jsonl --cmd ".venv/bin/python -m tacitus.baseline"
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import spacy

from . import settings
from .gazetteer import open_gazetteer
from .numbers import parse_count

__all__ = ["baseline_record", "main"]

_KEYWORDS = [
    ("suicide", "explosions_remote_violence", "suicide_bomb"),
    ("bomb", "explosions_remote_violence", "remote_explosive_landmine_ied"),
    ("explo", "explosions_remote_violence", "remote_explosive_landmine_ied"),
    ("airstrike", "explosions_remote_violence", "air_drone_strike"),
    ("shell", "explosions_remote_violence", "shelling_artillery_missile_attack"),
    ("clash", "battles", "armed_clash"),
    ("kidnap", "violence_against_civilians", "abduction_forced_disappearance"),
    ("abduct", "violence_against_civilians", "abduction_forced_disappearance"),
    ("protest", "protests", "peaceful_protest"),
    ("riot", "riots", "violent_demonstration"),
    ("attack", "violence_against_civilians", "attack"),
    ("kill", "violence_against_civilians", "attack"),
    ("shot", "violence_against_civilians", "attack"),
]


def baseline_record(nlp: Any, gaz: Any, rec: dict[str, Any]) -> dict[str, Any]:
    text = str(rec.get("text") or "")
    low = text.lower()
    hits = [(low.find(k), cat, sub) for k, cat, sub in _KEYWORDS if k in low]
    out: dict[str, Any] = {"id": rec.get("id"), "article": {"published": rec.get("published")}, "events": [], "claims": []}
    if not hits:
        return out
    _, cat, sub = min(hits)
    doc = nlp(text)
    loc = None
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC"):
            entries = [e for e in gaz.lookup(ent.text) if e.kind != "country"]
            if entries:
                e = max(entries, key=lambda x: x.population)
                loc = {"name": e.name, "admin1": e.admin1, "country": e.country, "lat": e.lat, "lon": e.lon}
            break
    perp = next((e.text for e in doc.ents if e.label_ in ("ORG", "NORP")), None)
    num = next((parse_count(e.text) for e in doc.ents if e.label_ == "CARDINAL"), None)
    out["events"].append({
        "id": "e1", "category": cat, "subtype": sub, "date": rec.get("published"), "location": loc,
        "actors": [{"name": perp, "text": perp, "role": "perpetrator"}] if perp else [],
        "killed": num, "injured": None, "claimed": bool(re.search(r"claimed responsibility", low)), "weapons": [],
    })
    return out


def main() -> None:
    nlp = spacy.load(str(settings.get("model")), disable=["parser", "lemmatizer"])
    gaz = open_gazetteer()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            print(json.dumps(baseline_record(nlp, gaz, rec)), flush=True)
        except (json.JSONDecodeError, AttributeError) as exc:
            print(json.dumps({"id": None, "error": {"code": "malformed", "message": str(exc)}}), flush=True)


if __name__ == "__main__":
    main()
