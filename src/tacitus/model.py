"""Typed records: what an article is and what Tacitus extracts from it.

All offsets index ``Article.text`` (the cleaned story text), end-exclusive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = ["Evidence", "Article", "Place", "Actor", "Claim", "Event", "Result"]

Stance = Literal["claim", "denial", "attribution"]
# "perpetrator" is an actor the article names as responsible; an attacker the article cannot name ("gunmen",
# "unknown assailants") is "unidentified_perpetrator", so that an unknown perpetrator never reads as a known one.
Role = Literal["perpetrator", "unidentified_perpetrator", "target", "participant"]


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str


@dataclass
class Article:
    id: str | None
    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD
    section: str | None = None
    url: str | None = None
    language: str | None = None
    published_source: str | None = None  # "override" | "input" | "metadata" | None

    def meta(self) -> dict[str, Any]:
        return {
            "title": self.title, "author": self.author, "published": self.published,
            "section": self.section, "url": self.url, "language": self.language,
            "text_chars": len(self.text),
        }


@dataclass
class Place:
    name: str
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    precision: int  # ACLED geo precision: 1 town/site, 2 near / part of region, 3 region only
    geonames_id: int | None = None
    kind: str = "town"
    evidence: Evidence | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "admin1": self.admin1, "country": self.country,
            "lat": None if self.lat is None else round(self.lat, 5),
            "lon": None if self.lon is None else round(self.lon, 5),
            "precision": self.precision, "geonames_id": self.geonames_id,
            "evidence": None if self.evidence is None else asdict(self.evidence),
        }


@dataclass
class Actor:
    name: str  # canonical
    text: str  # as written
    role: Role
    type: str | None = None
    basis: str = "text"  # "text" | "claim" | "attribution"
    evidence: Evidence | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "text": self.text, "role": self.role, "type": self.type,
            "basis": self.basis, "evidence": None if self.evidence is None else asdict(self.evidence),
        }


@dataclass
class Claim:
    stance: Stance
    actor: str
    text: str
    evidence: Evidence
    by: str | None = None
    speaker: str | None = None
    date: str | None = None
    event: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "stance": self.stance, "actor": self.actor, "text": self.text, "by": self.by,
            "speaker": self.speaker, "date": self.date, "event": self.event,
            "evidence": asdict(self.evidence),
        }


@dataclass
class Event:
    id: str
    category: str
    subtype: str
    cameo: str
    date: str | None = None
    date_precision: str | None = None
    date_source: str | None = None  # "text" | "report" (the date of a report or statement about it) | "published"
    location: Place | None = None
    actors: list[Actor] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    killed: int | None = None
    injured: int | None = None
    killed_perpetrators: int | None = None
    claimed: bool | None = None
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.0
    field_evidence: dict[str, Evidence] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "category": self.category, "subtype": self.subtype, "cameo": self.cameo,
            "date": self.date, "date_precision": self.date_precision, "date_source": self.date_source,
            "location": None if self.location is None else self.location.as_dict(),
            "actors": [a.as_dict() for a in self.actors],
            "weapons": list(self.weapons), "killed": self.killed, "injured": self.injured,
            "killed_perpetrators": self.killed_perpetrators, "claimed": self.claimed,
            "evidence": [asdict(e) for e in self.evidence],
            "field_evidence": {k: asdict(v) for k, v in sorted(self.field_evidence.items())},
            "confidence": round(self.confidence, 3),
        }


@dataclass
class Result:
    id: str | None
    article: Article
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def as_dict(self, with_text: bool = False) -> dict[str, Any]:
        meta = self.article.meta()
        if with_text:
            meta["text"] = self.article.text
        return {
            "id": self.id, "article": meta,
            "events": [e.as_dict() for e in self.events],
            "claims": [c.as_dict() for c in self.claims],
        }
