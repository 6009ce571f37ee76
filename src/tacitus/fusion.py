"""Fusion: reports of one incident (mentions) become one canonical event.

This module is store-agnostic: it works on ``Mention`` records and returns clusters,
canonical fields, a claims ledger and explanations. The store (``tacitus.store``) fetches the
candidate mentions of a block from the database and calls these functions.

INTERFACE (kept stable; the internals are being built out):
- ``Mention``: one event as one article reports it.
- ``block_window(m)``: the date range and country a candidate query uses.
- ``cluster(mentions, must_link, cannot_link)``: deterministic, order-independent clustering.
- ``canonical(mentions)``: canonical fields, each with the mention ids it came from.
- ``ledger(mentions)``: the claims ledger with competing / contested flags and ``claimed``.
- ``explain(a, b)``: the score of a pair and the reasons, for ``tacitus event ID --why``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

__all__ = ["Mention", "block_window", "cluster", "canonical", "ledger", "explain"]


@dataclass
class Mention:
    id: str  # "<article_id>:<event_id>", unique in the store
    article_id: str
    event: dict[str, Any]  # tacitus.model.Event.as_dict()
    claims: list[dict[str, Any]] = field(default_factory=list)  # Claim.as_dict() linked to this event
    source: str | None = None  # outlet or URL host
    published: str | None = None  # YYYY-MM-DD of the article


def block_window(m: Mention) -> tuple[str | None, str | None, str | None]:
    """(date_from, date_to, country) that candidate mentions must fall in."""
    d = m.event.get("date")
    country = (m.event.get("location") or {}).get("country")
    if not d:
        return None, None, country
    day = date.fromisoformat(d)
    return (day - timedelta(days=3)).isoformat(), (day + timedelta(days=3)).isoformat(), country


def explain(a: Mention, b: Mention) -> tuple[float, list[str]]:
    ea, eb = a.event, b.event
    reasons: list[str] = []
    score = 0.0
    if ea.get("date") and ea.get("date") == eb.get("date"):
        score += 1
        reasons.append(f"same date {ea['date']}")
    la, lb = ea.get("location") or {}, eb.get("location") or {}
    if la.get("name") and la.get("name") == lb.get("name"):
        score += 1
        reasons.append(f"same place {la['name']}")
    if ea.get("category") == eb.get("category"):
        score += 0.5
        reasons.append(f"same category {ea.get('category')}")
    return score, reasons


def cluster(mentions: Sequence[Mention], must_link: Iterable[tuple[str, str]] = (),
            cannot_link: Iterable[tuple[str, str]] = ()) -> list[list[str]]:
    """Clusters of mention ids, each sorted, sorted by first id (order-independent)."""
    return sorted([[m.id] for m in mentions])


def canonical(mentions: Sequence[Mention]) -> dict[str, Any]:
    first = sorted(mentions, key=lambda m: m.id)[0]
    return {"event": dict(first.event), "provenance": {}}


def ledger(mentions: Sequence[Mention]) -> dict[str, Any]:
    entries = [dict(c, mention=m.id, article_id=m.article_id) for m in mentions for c in m.claims]
    return {"entries": entries, "competing": False, "contested": False,
            "claimed": any(e.get("stance") == "claim" for e in entries)}
