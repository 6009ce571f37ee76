"""Incremental fusion in the store: gather the block of mentions a change touches, ask
``tacitus.fusion`` to cluster it (analyst decisions as must/cannot links), and rewrite the
canonical events of that block: event rows, event actors, places, and the event links of
mentions and claims. Everything here runs inside the caller's transaction.

Analyst decisions (``merge_events``, ``split_event``) are rows of the ``decisions`` table keyed by
mention ids, which are deterministic ("<article id>:<local event id>"), so they hold through any
later re-fusion and through re-ingest of the same articles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from .. import fusion
from ..errors import UsageError
from .models import (ActorRow, ArticleRow, ClaimRow, Decision, EventActor, EventRow, EventTerm, MentionRow, PlaceRow,
                     Source, search_terms, utcnow)

__all__ = ["FuseStats", "event_id_for", "load_mentions", "window_candidates", "component", "refuse",
           "merge_events", "split_event", "decisions_within", "write_terms", "dissolve_events", "MAX_COMPONENT"]

MAX_COMPONENT = 5000  # a block bigger than this is a sign of a runaway window; it is cut (and said so)
# Stored mentions never change under their (id, published, source), so their features and pair
# scores carry over from one re-fusion of a block to the next (bounded; see fusion.ScoreCache).
_SCORES = fusion.ScoreCache()


@dataclass
class FuseStats:
    events_new: int = 0  # clusters made only of mentions added in this change
    mentions_merged: int = 0  # added mentions that joined a cluster with earlier mentions
    events: list[str] = field(default_factory=list)  # ids of the events written


def event_id_for(member_ids: Iterable[str]) -> str:
    """The shared rule: "ev_" + sha1(smallest member mention id)[:12]."""
    return "ev_" + hashlib.sha1(min(member_ids).encode("utf-8")).hexdigest()[:12]


def load_mentions(session: Session, ids: Iterable[str]) -> dict[str, fusion.Mention]:
    """``fusion.Mention`` objects for mention ids (with their claims, outlet and publication date)."""
    ids = sorted(set(ids))
    out: dict[str, fusion.Mention] = {}
    claims: dict[str, list[dict[str, Any]]] = {}
    for chunk in _chunks(ids):
        for mid, rec in session.execute(select(ClaimRow.mention_id, ClaimRow.record)
                                        .where(ClaimRow.mention_id.in_(chunk)).order_by(ClaimRow.id)):
            claims.setdefault(mid, []).append(dict(rec or {}))
        q = (select(MentionRow.id, MentionRow.article_id, MentionRow.record, ArticleRow.published, Source.name,
                    Source.host)
             .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
             .outerjoin(Source, Source.id == ArticleRow.source_id)
             .where(MentionRow.id.in_(chunk)))
        for mid, aid, rec, published, sname, shost in session.execute(q):
            out[mid] = fusion.Mention(id=mid, article_id=aid, event=dict(rec or {}), claims=claims.get(mid, []),
                                      source=sname or shost, published=published)
    return out


def window_candidates(session: Session, m: fusion.Mention) -> set[str]:
    """Ids of stored mentions that ``fusion.block_ranges(m)`` leaves in: a stored date in the range of
    its precision (or no date) and the same country (or unknown country; any country when ``m``'s is
    unknown)."""
    ranges, country = fusion.block_ranges(m)
    q = select(MentionRow.id)
    if ranges:
        named = [p for p, _, _ in ranges if p is not None]
        q = q.where(or_(MentionRow.date.is_(None), *(
            and_(MentionRow.date_precision == p if p is not None
                 else or_(MentionRow.date_precision.is_(None), MentionRow.date_precision.not_in(named)),
                 MentionRow.date >= lo, MentionRow.date <= hi) for p, lo, hi in ranges)))
    if country:
        q = q.where(or_(MentionRow.country.is_(None), MentionRow.country == country))
    return set(session.scalars(q))


def _chunks(seq: Sequence[str], n: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(seq), n):
        yield list(seq[i:i + n])


def component(session: Session, seeds: Iterable[str], windowed: Iterable[fusion.Mention] = ()) -> set[str]:
    """The block to re-cluster: the seeds, the window candidates of ``windowed`` mentions, and, to a
    fixed point, every other member of an event any of them is in and every mention a merge decision
    ties to one of them."""
    ids = set(seeds)
    for m in windowed:
        ids |= window_candidates(session, m)
    frontier = set(ids)
    while frontier and len(ids) < MAX_COMPONENT:
        found: set[str] = set()
        fl = sorted(frontier)
        for chunk in _chunks(fl):
            events = set(session.scalars(select(MentionRow.event_id).where(MentionRow.id.in_(chunk),
                                                                           MentionRow.event_id.is_not(None))))
            for ech in _chunks(sorted(e for e in events if e)):
                found |= set(session.scalars(select(MentionRow.id).where(MentionRow.event_id.in_(ech))))
            for a, b in session.execute(select(Decision.mention_a, Decision.mention_b).where(
                    Decision.kind == "merge", or_(Decision.mention_a.in_(chunk), Decision.mention_b.in_(chunk)))):
                found |= {a, b}
        frontier = found - ids
        ids |= found
    # a merge decision may name a mention that no longer exists (its article was removed): drop those
    existing: set[str] = set()
    for chunk in _chunks(sorted(ids)):
        existing |= set(session.scalars(select(MentionRow.id).where(MentionRow.id.in_(chunk))))
    return existing


def decisions_within(session: Session, ids: set[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(must_link, cannot_link) pairs among ``ids`` from the decisions table."""
    must: list[tuple[str, str]] = []
    cannot: list[tuple[str, str]] = []
    for chunk in _chunks(sorted(ids)):
        for kind, a, b in session.execute(select(Decision.kind, Decision.mention_a, Decision.mention_b)
                                          .where(Decision.mention_a.in_(chunk))):
            if b in ids:
                (must if kind == "merge" else cannot).append((a, b))
    return sorted(set(must)), sorted(set(cannot))


def _apply_must_links(clusters: list[list[str]], must: list[tuple[str, str]]) -> list[list[str]]:
    """Union clusters joined by a must link (the analyst wins even over a clusterer that ignores links)."""
    parent = {mid: i for i, c in enumerate(clusters) for mid in c}
    root = list(range(len(clusters)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for a, b in must:
        if a in parent and b in parent:
            ra, rb = find(parent[a]), find(parent[b])
            if ra != rb:
                root[max(ra, rb)] = min(ra, rb)
    merged: dict[int, list[str]] = {}
    for i, c in enumerate(clusters):
        merged.setdefault(find(i), []).extend(c)
    return sorted(sorted(c) for c in merged.values())


def _get_or_create(session: Session, model: Any, key_col: Any, key: str, values: dict[str, Any]) -> int:
    found = session.scalar(select(model.id).where(key_col == key))
    if found is not None:
        return int(found)
    return int(session.execute(insert(model).values(**values).returning(model.id)).scalar_one())


def _figure(figures: dict[str, Any], name: str, fallback: Any) -> tuple[Any, Any, Any]:
    f = figures.get(name)
    if isinstance(f, dict):
        return f.get("value"), f.get("low"), f.get("high")
    return fallback, fallback, fallback


def _write_event(session: Session, eid: str, members: list[fusion.Mention]) -> None:
    can = fusion.canonical(members)
    led = fusion.ledger(members)
    ev = dict(can.get("event") or {})
    loc = ev.get("location") or {}
    figures = can.get("figures") or {}
    killed, killed_low, killed_high = _figure(figures, "killed", ev.get("killed"))
    injured, _, _ = _figure(figures, "injured", ev.get("injured"))
    place_id = None
    if loc.get("name"):
        key = f"{loc['name']}|{loc.get('admin1') or ''}|{loc.get('country') or ''}"
        place_id = _get_or_create(session, PlaceRow, PlaceRow.key, key, {
            "key": key, "name": loc["name"], "admin1": loc.get("admin1"), "country": loc.get("country"),
            "lat": loc.get("lat"), "lon": loc.get("lon"), "geonames_id": loc.get("geonames_id")})
    ids = sorted(m.id for m in members)
    articles = sorted({m.article_id for m in members})
    claimed = led.get("claimed")
    session.execute(insert(EventRow).values(
        id=eid, category=ev.get("category"), subtype=ev.get("subtype"), date=ev.get("date"),
        date_precision=ev.get("date_precision"), country=loc.get("country"), admin1=loc.get("admin1"),
        place_name=loc.get("name"), place_id=place_id, lat=loc.get("lat"), lon=loc.get("lon"),
        killed=killed, killed_low=killed_low, killed_high=killed_high, injured=injured,
        claimed=None if claimed is None else bool(claimed), competing=bool(led.get("competing")),
        contested=bool(led.get("contested")), n_sources=len(articles),
        record={"event": ev, "provenance": can.get("provenance") or {}, "figures": figures, "ledger": led,
                "mentions": ids, "articles": articles},
        updated_at=utcnow()))
    for chunk in _chunks(ids):
        session.execute(update(MentionRow).where(MentionRow.id.in_(chunk)).values(event_id=eid))
        session.execute(update(ClaimRow).where(ClaimRow.mention_id.in_(chunk)).values(event_id=eid))
    seen: set[tuple[int, str]] = set()
    for a in ev.get("actors") or []:
        name, role = a.get("name"), a.get("role") or "participant"
        if not name:
            continue
        aid = _get_or_create(session, ActorRow, ActorRow.name, name, {"name": name, "type": a.get("type")})
        if (aid, role) not in seen:
            seen.add((aid, role))
            session.execute(insert(EventActor).values(event_id=eid, actor_id=aid, role=role))
    write_terms(session, eid, (str(e.get("text") or "") for m in members for e in m.event.get("evidence") or []
                               if isinstance(e, dict)))


def write_terms(session: Session, eid: str, texts: Iterable[str]) -> None:
    """Index the words of ``texts`` (evidence sentences) for ``eid`` in ``event_terms`` (``--text``)."""
    words = sorted(search_terms(texts))
    if words:
        session.execute(insert(EventTerm), [{"term": w, "event_id": eid} for w in words])


def dissolve_events(session: Session, event_ids: Iterable[str]) -> None:
    """Delete these canonical events with their actor links and text index rows; their mentions and
    claims are left without an event (for re-fusion to place)."""
    for chunk in _chunks(sorted(set(event_ids))):
        session.execute(update(MentionRow).where(MentionRow.event_id.in_(chunk)).values(event_id=None))
        session.execute(update(ClaimRow).where(ClaimRow.event_id.in_(chunk)).values(event_id=None))
        session.execute(delete(EventActor).where(EventActor.event_id.in_(chunk)))
        session.execute(delete(EventTerm).where(EventTerm.event_id.in_(chunk)))
        session.execute(delete(EventRow).where(EventRow.id.in_(chunk)))


def refuse(session: Session, seeds: Iterable[str], new: Iterable[str] = (), windowed: bool = True) -> FuseStats:
    """Re-cluster the block around ``seeds`` and rewrite its canonical events.

    ``new``: the mentions this change added (for the new/merged counts). With ``windowed`` the new
    mentions' date/country windows are searched for candidates too (ingest); decisions re-fuse only
    the events they touch.
    """
    seeds = set(seeds)
    new = set(new)
    windowed_m = list(load_mentions(session, new).values()) if windowed and new else []
    ids = component(session, seeds | new, windowed_m)
    mentions = load_mentions(session, ids)
    must, cannot = decisions_within(session, ids)
    old_of: dict[str, str | None] = {}
    for chunk in _chunks(sorted(ids)):
        for mid, eid in session.execute(select(MentionRow.id, MentionRow.event_id).where(MentionRow.id.in_(chunk))):
            old_of[mid] = eid
    # Only the mentions the change can reach are re-clustered (fusion.affected: ties at or above the
    # merge threshold, merge decisions, shared articles), together with every member of a stored event
    # one of them is in; the other events of the block are the clustering's result already. Profiled
    # on the bench-db feed: clustering whole blocks took 350 of 505 s for 800 articles.
    pool = sorted(mentions.values(), key=lambda m: m.id)
    focus = fusion.affected(pool, seeds | new, must, cache=_SCORES)
    while True:
        touched = {old_of[m] for m in focus if old_of.get(m)}
        extra = {m for m, e in old_of.items() if e in touched and m in mentions} - focus
        if not extra:
            break
        # focus is already closed under the ties, so only what the extra members reach is new
        focus |= fusion.affected(pool, extra, must, cache=_SCORES)
    clusters = fusion.cluster([m for m in pool if m.id in focus], must_link=must, cannot_link=cannot, cache=_SCORES)
    clusters = _apply_must_links([list(c) for c in clusters], must)  # (links to ids outside are skipped there)
    old_members: dict[str, set[str]] = {}
    for mid, eid in old_of.items():
        if eid and mid in focus:
            old_members.setdefault(eid, set()).add(mid)
    # A cluster that is exactly an event already stored (same members, none new) would be written
    # again unchanged: the canonical record depends only on the members. It is kept as it is, so an
    # article costs the events it touches, not every event of its block. (A block cut at
    # MAX_COMPONENT may miss members of its events: then everything is rewritten.)
    complete = len(ids) < MAX_COMPONENT
    kept: set[str] = set()
    to_write = []
    for cl in clusters:
        eid = old_of.get(cl[0]) if cl else None
        if (complete and eid and not new.intersection(cl) and old_members.get(eid) == set(cl)
                and eid == event_id_for(cl)):
            kept.add(eid)
        else:
            to_write.append(cl)
    dissolve_events(session, set(old_members) - kept)
    stats = FuseStats()
    for cl in to_write:
        members = [mentions[i] for i in cl if i in mentions]
        if not members:
            continue
        eid = event_id_for(m.id for m in members)
        _write_event(session, eid, members)
        stats.events.append(eid)
        fresh = [m.id for m in members if m.id in new]
        if fresh:
            if len(fresh) == len(members):
                stats.events_new += 1
                stats.mentions_merged += len(fresh) - 1
            else:
                stats.mentions_merged += len(fresh)
    return stats


# ---- analyst decisions ----------------------------------------------------------------------------

def _members(session: Session, ref: str) -> list[str]:
    """Mention ids of an event id, or [ref] for a mention id; UsageError if neither exists."""
    if ref.startswith("ev_"):
        ids = sorted(session.scalars(select(MentionRow.id).where(MentionRow.event_id == ref)))
        if not ids:
            raise UsageError(f"no event with id {ref!r}")
        return ids
    if session.get(MentionRow, ref) is None:
        raise UsageError(f"no event or mention with id {ref!r}")
    return [ref]


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _drop_decisions(session: Session, kind: str, left: Sequence[str], right: Sequence[str]) -> int:
    """Withdraw ``kind`` decisions between any mention of ``left`` and any of ``right``; how many."""
    pairs = {_pair(a, b) for a in left for b in right if a != b}
    n = 0
    for a, b in sorted(pairs):
        res = session.execute(delete(Decision).where(Decision.kind == kind, Decision.mention_a == a,
                                                     Decision.mention_b == b))
        n += int(getattr(res, "rowcount", 0) or 0)
    return n


def _add_decision(session: Session, kind: str, a: str, b: str, note: str | None) -> None:
    a, b = _pair(a, b)
    exists = session.scalar(select(Decision.id).where(and_(Decision.kind == kind, Decision.mention_a == a,
                                                           Decision.mention_b == b)))
    if exists is None:
        session.add(Decision(kind=kind, mention_a=a, mention_b=b, note=note))
        session.flush()


def merge_events(session: Session, a: str, b: str, note: str | None = None) -> str:
    """Record that ``a`` and ``b`` (event or mention ids) are one incident, re-fuse, and return the
    id of the event they are now in. Every member is tied to one anchor mention by a merge decision
    (a clusterer with vetoes would otherwise be free to part members the analyst put together).
    Earlier split decisions between the two sides are withdrawn."""
    left, right = _members(session, a), _members(session, b)
    if set(left) & set(right):
        raise UsageError(f"{a} and {b} are already one event")
    _drop_decisions(session, "split", left, right)
    everyone = sorted(set(left) | set(right))
    for m in everyone[1:]:
        _add_decision(session, "merge", everyone[0], m, note)
    refuse(session, everyone, windowed=False)
    eid = session.scalar(select(MentionRow.event_id).where(MentionRow.id == everyone[0]))
    return str(eid)


def split_event(session: Session, event_id: str, mention_ids: Sequence[str], note: str | None = None) -> list[str]:
    """Take ``mention_ids`` out of ``event_id`` into an event of their own: records a split (cannot
    link) between each of them and each remaining member, and a merge among them when there are
    several. Earlier merge decisions that contradict this are withdrawn. Returns the resulting event ids."""
    if not event_id.startswith("ev_"):
        raise UsageError(f"{event_id!r} is not an event id (they start with ev_)")
    members = _members(session, event_id)
    out = sorted(set(mention_ids))
    if not out:
        raise UsageError("name at least one mention to split off")
    stray = [m for m in out if m not in members]
    if stray:
        raise UsageError(f"not mentions of {event_id}: {', '.join(stray)} (its mentions: {', '.join(members)})")
    rest = [m for m in members if m not in out]
    if not rest:
        raise UsageError(f"that is every mention of {event_id}; leave at least one behind")
    dropped = _drop_decisions(session, "merge", out, rest)
    if dropped and len(rest) > 1:  # what stays was put together by an analyst too: keep it together
        for m in rest[1:]:
            _add_decision(session, "merge", rest[0], m, note)
    for m in out:
        for r in rest:
            _add_decision(session, "split", m, r, note)
    for m in out[1:]:
        _add_decision(session, "merge", out[0], m, note)
    refuse(session, members, windowed=False)
    return sorted({str(session.scalar(select(MentionRow.event_id).where(MentionRow.id == m))) for m in members})
