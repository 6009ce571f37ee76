"""Fusion: reports of one incident (mentions) become one canonical event.

This module is store-agnostic: it works on ``Mention`` records and returns clusters,
canonical fields, a claims ledger and explanations. The store (``tacitus.store``) fetches the
candidate mentions of a block from the database and calls these functions.

INTERFACE (kept stable):
- ``Mention``: one event as one article reports it.
- ``block_window(m)``: the date range and country a candidate query uses.
- ``cluster(mentions, must_link, cannot_link)``: deterministic, order-independent clustering.
- ``canonical(mentions)``: canonical fields, each with the mention ids it came from.
- ``ledger(mentions)``: the claims ledger with competing / contested flags and ``claimed``.
- ``explain(a, b)``: the score of a pair and the reasons, for ``tacitus event ID --why``.
- ``explain_cluster(mentions)``: why the members of one cluster belong together (pair links).
- ``event_id(member_ids)``: the canonical event id of a cluster.

How it works (docs/fusion.md has the full rules):
1. Every mention is reduced once to comparable features: a date interval that honours the
   date precision, a place with coordinates and geo precision, category and sub-type, actor
   names by role, weapon groups, casualty figures and the content words of its evidence.
2. A pair first passes the blocking tests (dates within reach, same country, places close
   enough for their precision, categories that can describe one incident). A pair that fails
   gets the fixed score ``BLOCKED``; a pair that passes is scored by adding evidence weights.
3. Clusters grow by single-link agglomeration with a veto: the two clusters with the best cross
   pair merge while that pair scores at least ``THRESHOLD`` and no cross pair is blocked or
   under ``VETO``. Ties go to the pair of clusters whose smallest mention ids sort first, so the
   same set of mentions gives the same clusters whatever order it arrives in. Analyst decisions
   win: ``must_link`` pairs start in one cluster and ``cannot_link`` pairs never end up together,
   however clusters grow.
4. A fragment left alone (no text date, no place below the country, no named group) joins its
   article's incident when the article's other compatible events all sit in one cluster.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

__all__ = ["Mention", "ScoreCache", "affected", "block_window", "block_ranges", "cluster", "canonical", "ledger", "explain", "explain_cluster",
           "event_id", "THRESHOLD", "BLOCKED"]


@dataclass
class Mention:
    id: str  # "<article_id>:<event_id>", unique in the store
    article_id: str
    event: dict[str, Any]  # tacitus.model.Event.as_dict()
    claims: list[dict[str, Any]] = field(default_factory=list)  # Claim.as_dict() linked to this event
    source: str | None = None  # outlet or URL host
    published: str | None = None  # YYYY-MM-DD of the article


# ---------------------------------------------------------------------------------------------
# Thresholds and weights. Each carries the measurement that set it (fusion gold set, see
# docs/fusion.md and ``tacitus fusion-eval``).
# ---------------------------------------------------------------------------------------------

# Merge threshold on the linkage score of two clusters. Set by a sweep on the fusion gold set
# (tests/fusion_gold, 66 articles, 22 incidents; docs/fusion.md "Thresholds"): with single
# linkage and VETO -2.0, threshold 1.0 gave B-cubed P 0.933 / R 0.826, 1.2 gave 0.964 / 0.746,
# 0.8 gave 0.933 / 0.831 with more merges on smaller margins; 1.0 is the highest F1 with
# precision above 0.90 that does not rest on pairs scoring under one "same date" alone.
THRESHOLD = 1.0

# Score of a pair that fails blocking. Strongly negative so that one incompatible pair pulls the
# average of two clusters far below THRESHOLD (no chaining through a mention with unknown place),
# yet not absolute: an analyst's must_link may still hold such a pair together.
BLOCKED = -4.0

# Days a day-precision date may differ between two reports of one incident and still block
# together ("late Monday" / "overnight" / time zones shift a report by a day; more is rare).
DATE_SLACK_DAYS = 2

# How far apart two coordinates may be (km) for the worse geo precision of the pair
# (1: the town or site itself, 2: near a town / part of a region, 3: region only).
# Precision 1 allows neighbouring towns and districts of one city; region-only places are
# compared on admin1 instead.
PLACE_LIMIT_KM = {1: 40.0, 2: 80.0, 3: 250.0}

# Linkage between clusters: "single" with a veto (the best cross pair decides, but no cluster
# may hold a blocked pair or a pair scoring below VETO), "average" (mean over all cross pairs)
# or "average_veto". Chosen on the fusion gold set (docs/fusion.md, "Thresholds"): average
# linkage at its best threshold (0.8) measured P 0.949 / R 0.814, and at 1.0 P 0.950 / R 0.749;
# single with the veto at 1.0 measured P 0.933 / R 0.826. VETO -0.5 instead of -2.0 gave
# P 0.949 / R 0.809 (a near tie); -2.0 lets a report with one contradicting figure still join.
LINKAGE = "single"
VETO = -2.0

# Place conflicts (different admin1 and farther apart than PLACE_LIMIT_KM) are scored, not
# blocked: the extractor sometimes places an event at the dateline city ("MOGADISHU -"), and a
# hard block there split whole incidents on the gold set (a18, a21, a26, a33 of set A). A
# conflict between two places read from the story caps the pair at PLACE_CONFLICT, below VETO
# (so it never merges); a
# conflict where one place is only the dateline costs PLACE_CONFLICT_DATELINE.
HARD_PLACE_BLOCK = False

# Two exact (day-precision, read from the text) dates this many days apart are two different days,
# so the pair is capped like a place conflict (never merges). One day apart stays possible
# (overnight raids, time zones, "late Monday"). Set on the fusion gold set: the Nikopol market
# shelling (11 March) and the drone strike on a utility truck two days later in the same town
# chained into one cluster through reports whose dates are only a year or the publication day
# (B-cubed precision 0.913 -> 0.937); no gold incident has two exact dates 2+ days apart.
DAY_CONFLICT_DAYS = 2

# Credit for two compatible dates that are not both exact, by the widest interval of the pair
# (days): a publication-date fallback (3) or a week (9) still places the incident within days;
# a month says little and a year nothing ("one of dozens of drone strikes this year" must not join
# a strike through its date). Set on the fusion gold set: the flat +0.3 let a year-only report
# tie the Nikopol shelling to the drone strike two days later (precision 0.937 -> 0.953).
VAGUE_DATE_CREDIT = ((9, 0.3), (31, 0.1), (10_000, 0.0))

# Two admin1 keys (see _region_key) of at least this many letters that differ by one letter are one
# region spelled two ways. Set on the fusion gold set, where the gazetteer's "Sagain" and the text's
# "Sagaing Region" made two reports of one township conflict on region (B-cubed recall
# 0.838 -> 0.857, precision 0.953 -> 0.952); shorter keys are left strict (short names one letter
# apart are too often different regions).
REGION_FUZZY_MIN = 5

# A fragment (an event with no text date, no place below the country and no named group: a piece
# of a story the extractor split off) left alone after clustering joins the cluster holding its
# article's other compatible events, when they all sit in one cluster (see _attach_fragments).
# Measured on the fusion gold set: the two fragments it moves ("a vigilante was shot dead" in a
# Kaduna raid report, "police arrested five people" in a Basra riot report) are gold members of
# those incidents (B-cubed recall +0.035, precision unchanged).
FRAGMENTS_JOIN_ARTICLE = True
PLACE_CONFLICT = -3.0
PLACE_CONFLICT_DATELINE = -0.5

# Categories that can describe the same incident reported differently. Violent categories mix
# (an ambush may be a clash in one report and an attack on civilians in another; a rocket attack
# on a base may be called a clash). Unrest mixes with itself and with violence against civilians
# (security forces firing on a crowd). Protests never mix with explosions or battles; strategic
# developments only with themselves.
_COMPAT: dict[str, set[str]] = {
    "battles": {"battles", "explosions_remote_violence", "violence_against_civilians", "riots"},
    "explosions_remote_violence": {"explosions_remote_violence", "battles", "violence_against_civilians"},
    "violence_against_civilians": {"violence_against_civilians", "battles", "explosions_remote_violence",
                                   "riots", "protests"},
    "riots": {"riots", "protests", "battles", "violence_against_civilians"},
    "protests": {"protests", "riots", "violence_against_civilians"},
    "strategic_developments": {"strategic_developments"},
}

_PREC_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_STOP = frozenset("""
a an the and or but of in on at to for from by with without into onto over under after before
about as is are was were be been being has have had this that these those it its their his her
they them he she we our you your said says saying told according also while when where which who
whom whose than then there here not no more most least other some such only one two three four
five six seven eight nine ten first second last late early near were would could should will may
might including including least many several dozen people monday tuesday wednesday thursday friday
saturday sunday yesterday today night morning evening afternoon week month year officials official
reported report reports news statement added local sources source police security forces attack
attacks killed wounded injured dead people least
""".split())


# ---------------------------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Feat:
    id: str
    article: str
    day: date | None  # the reported (point) date
    lo: date | None  # the interval the incident may fall in, from the date precision
    hi: date | None
    precise: bool  # a day-precision date read from the text
    country: str | None
    admin1: str | None
    place: str | None  # folded place name
    place_label: str | None
    gid: int | None
    lat: float | None
    lon: float | None
    gprec: int
    dateline: bool  # the place is only the story's dateline ("MOSUL, Iraq -")
    bare: bool  # no date of its own (publication-date fallback or none), no place below the country
    ptoks: frozenset[str]  # distinctive words of the place name
    category: str
    subtype: str
    perps: frozenset[str]  # perpetrators named in the text (canonical names)
    named: frozenset[str]  # every named perpetrator incl. claimed / attributed and claim actors
    targets: frozenset[str]
    weapons: frozenset[str]  # weapon groups
    wlabels: frozenset[str]  # weapon classes
    killed: int | None
    injured: int | None
    words: frozenset[str]


def _fold(s: str | None) -> str:
    if not s:
        return ""
    from .knowledge import fold

    return fold(s)


def _parse_day(s: Any) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat(str(s)[:10])
    except ValueError:
        return None


# date sources that say the text gave no date of the event itself (model.Event.date_source)
NO_OWN_DATE = ("published", "report")


def _interval(ev: dict[str, Any]) -> tuple[date | None, date | None, date | None, bool]:
    """(day, lo, hi, precise): the span of days the reported date stands for."""
    d = _parse_day(ev.get("date"))
    if d is None:
        return None, None, None, False
    prec = ev.get("date_precision")
    if ev.get("date_source") in NO_OWN_DATE or prec is None:
        # No date of the event in the text: the extractor fell back on the date of the report or
        # the publication; the incident is usually that day or up to a few days before it.
        return d, d - timedelta(days=3), d, False
    if prec == "day":
        return d, d, d, True
    if prec == "week":
        return d, d - timedelta(days=3), d + timedelta(days=6), False
    if prec == "month":
        nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return d, date(d.year, d.month, 1), nxt - timedelta(days=1), False
    return d, date(d.year, 1, 1), date(d.year, 12, 31), False


@lru_cache(maxsize=4096)
def _actor_info(name: str) -> tuple[str, float, str | None]:
    """(root name, weight, parent) of a canonical actor name.

    Weight says how much sharing this actor tells about two reports: a named non-state group a
    lot, state forces a little, generic actors ("Civilians (Iraq)", "Unidentified Armed Group")
    nothing.
    """
    from .knowledge import load

    know = load()
    entry = know.actors.get(name)
    if entry is None:
        canon = know.actor_alias.get(_fold(name))
        entry = know.actors.get(canon) if canon else None
    if entry is None:
        if re.match(r"(Unidentified|Civilians|Protesters|Rioters|Military Forces of|Police Forces of)", name):
            w = 0.25 if name.startswith(("Military", "Police")) else 0.0
            return name, w, None
        return name, 1.0, None  # a named group the registry does not know
    parent = entry.parent
    if entry.type in ("state_forces", "state", "government", "external_force"):
        return entry.name, 0.25, parent
    if entry.type in ("civilians", "protesters", "rioters"):
        return entry.name, 0.0, parent
    return entry.name, 1.0, parent


def _root(name: str) -> str:
    """The top of an actor's parent chain ("ISWAP" -> "Islamic State")."""
    seen = set()
    cur = name
    while cur not in seen:
        seen.add(cur)
        parent = _actor_info(cur)[2]
        if not parent:
            break
        cur = parent
    return cur


_PLACE_GENERIC = frozenset("al el ad ar as ash at az an ain air base airbase camp city town village district "
                           "province governorate region county area the of new old upper lower".split())


def _place_tokens(name: str | None) -> frozenset[str]:
    if not name:
        return frozenset()
    return frozenset(t for t in re.split(r"[\s\-'’]+", name) if t and t not in _PLACE_GENERIC)


def _region_key(name: str | None) -> str | None:
    """A spelling-tolerant key for an admin1 name: folded, generic words and the article dropped,
    doubled letters collapsed ("Al-Hasakah" / "Hasakah", "Hiiraan" / "Hiraan")."""
    toks = _place_tokens(_fold(name))
    if not toks:
        return None
    return re.sub(r"(.)\1+", r"\1", "".join(sorted(toks))).replace("h", "") or None


def _one_edit(x: str, y: str) -> bool:
    """True when x and y differ by at most one inserted, deleted or replaced letter."""
    if abs(len(x) - len(y)) > 1:
        return False
    if len(x) > len(y):
        x, y = y, x
    i = 0
    while i < len(x) and x[i] == y[i]:
        i += 1
    return x[i + (len(x) == len(y)):] == y[i + 1:]


def _same_region(a: _Feat, b: _Feat) -> bool:
    """One first-level region: equal spelling-tolerant keys, or keys of at least REGION_FUZZY_MIN
    letters one letter apart ("Sagain" / "Sagaing": gazetteer and text transliterate differently).
    Only ever asked for two places of one country (other countries are blocked)."""
    if not a.admin1 or not b.admin1:
        return False
    if a.admin1 == b.admin1:
        return True
    return min(len(a.admin1), len(b.admin1)) >= REGION_FUZZY_MIN and _one_edit(a.admin1, b.admin1)


def _same_place(a: _Feat, b: _Feat) -> bool:
    """One place under two spellings or namings: same gazetteer id, same name, or the distinctive
    words of one name all inside the other ("Al-Asad" / "Ain al-Asad Air Base")."""
    if a.place is None or b.place is None:
        return False
    if a.place == b.place or (a.gid is not None and a.gid == b.gid):
        return True
    if _compact(a.place) == _compact(b.place):
        return True  # "Nyaung Bin Wun" / "Nyaungbinwun", "Beled Weyne" / "Beledweyne"
    if a.admin1 and b.admin1 and not _same_region(a, b):
        # A shared word is no match across regions: "Ye" (Mon) is not "Ye U" (Sagaing).
        return False
    return bool(a.ptoks and b.ptoks and (a.ptoks <= b.ptoks or b.ptoks <= a.ptoks))


def _compact(name: str) -> str:
    """A folded place name without spaces, hyphens and apostrophes."""
    return re.sub(r"[\s\-'’]+", "", name)


_WORD = re.compile(r"[a-z][a-z'\-]{3,}")


def _weapon_group(cls: str) -> str:
    from .knowledge import load

    info = load().weapons.get("classes", {}).get(cls)
    return str(info.get("group", cls)) if isinstance(info, dict) else cls


def _features(m: Mention) -> _Feat:
    ev = m.event
    day, lo, hi, precise = _interval(ev)
    loc = ev.get("location") or {}
    perps: set[str] = set()
    named: set[str] = set()
    targets: set[str] = set()
    for a in ev.get("actors") or ():
        name = a.get("name")
        if not name:
            continue
        if a.get("role") == "perpetrator":
            named.add(name)
            if a.get("basis", "text") == "text":
                perps.add(name)
        elif a.get("role") == "target":
            targets.add(name)
    for c in m.claims:
        if c.get("actor"):
            named.add(c["actor"])
    text = " ".join(e.get("text", "") for e in ev.get("evidence") or ())
    words = frozenset(w for w in _WORD.findall(_fold(text)) if w not in _STOP)
    weapons = [w for w in ev.get("weapons") or () if w]
    lat, lon = loc.get("lat"), loc.get("lon")
    gprec = int(loc.get("precision") or 3)
    name = _fold(loc.get("name")) or None
    gid = loc.get("geonames_id")
    if gprec >= 3:
        # Region-only or country-only places say nothing finer than their admin1 / country:
        # their coordinates are a centroid, so only admin1 and country are compared. A named
        # settlement the gazetteer lacks, placed only by its region ("Nyaungbinwun village" in
        # Sagaing), keeps its name for name matching (never its centroid coordinates).
        lat, lon, gid = None, None, None
        key = _region_key(loc.get("admin1"))
        if not key or not name or _region_key(name) == key:
            name = None
    return _Feat(
        id=m.id, article=m.article_id, day=day, lo=lo, hi=hi, precise=precise,
        country=loc.get("country") or None, admin1=_region_key(loc.get("admin1")),
        place=name, place_label=loc.get("name"), gid=gid if name else None,
        lat=None if lat is None else float(lat), lon=None if lon is None else float(lon),
        gprec=gprec, ptoks=_place_tokens(name), dateline=_is_dateline(loc.get("evidence")),
        bare=(ev.get("date_source") in NO_OWN_DATE or not ev.get("date")) and name is None
        and not _region_key(loc.get("admin1")),
        category=str(ev.get("category") or ""),
        subtype=str(ev.get("subtype") or ""), perps=frozenset(perps), named=frozenset(named),
        targets=frozenset(targets), weapons=frozenset(_weapon_group(w) for w in weapons),
        wlabels=frozenset(weapons), killed=ev.get("killed"), injured=ev.get("injured"), words=words,
    )


def _is_dateline(evidence: dict[str, Any] | None) -> bool:
    """The place was read from the dateline: at the very start of the story, in capitals."""
    if not evidence:
        return False
    text = str(evidence.get("text") or "")
    return int(evidence.get("start") or 0) <= 2 and text.isupper()


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _figures_compatible(a: int, b: int) -> bool:
    """Two tolls can be one incident's: close in absolute terms or within a factor of two
    (early and later counts of one incident differ like that; 2 vs 40 does not)."""
    lo, hi = min(a, b), max(a, b)
    return hi - lo <= 3 or lo * 2 >= hi


# ---------------------------------------------------------------------------------------------
# Pair scoring
# ---------------------------------------------------------------------------------------------

def _block_reason(a: _Feat, b: _Feat) -> str | None:
    """Why a pair cannot be one incident, or None if it passes blocking."""
    if a.category not in _COMPAT.get(b.category, {b.category}):
        return f"categories incompatible ({a.category} vs {b.category})"
    if a.lo is not None and b.lo is not None:
        assert a.hi is not None and b.hi is not None
        gap = max((a.lo - b.hi).days, (b.lo - a.hi).days)
        if gap > DATE_SLACK_DAYS:
            return f"dates {a.day} and {b.day} too far apart"
    if a.country and b.country and a.country != b.country:
        return f"different countries ({a.country} vs {b.country})"
    if not HARD_PLACE_BLOCK:
        return None
    return _place_conflict(a, b)


def _place_conflict(a: _Feat, b: _Feat) -> str | None:
    """Why two places cannot be one incident's (None: same place, same region or close)."""
    if _same_region(a, b):
        return None  # same first-level region: compatible, the distance is scored
    if _same_place(a, b):
        return None
    if a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
        d = _km(a.lat, a.lon, b.lat, b.lon)
        if d > PLACE_LIMIT_KM.get(max(a.gprec, b.gprec), 80.0):
            return f"places {d:.0f} km apart ({a.place_label} / {b.place_label})"
        return None
    if a.admin1 and b.admin1:
        return f"different regions ({a.admin1} / {b.admin1})"
    return None


def _score(a: _Feat, b: _Feat, why: list[str] | None = None) -> float:
    """Evidence that two compatible mentions report one incident (additive weights)."""
    s = 0.0
    date_conflict = False
    # Date.
    if a.day is not None and b.day is not None:
        if a.precise and b.precise:
            gap = abs((a.day - b.day).days)
            if gap == 0:
                s += 1.0
                if why is not None:
                    why.append(f"same date {a.day}")
            elif gap == 1:
                s += 0.1
                if why is not None:
                    why.append(f"dates one day apart ({min(a.day, b.day)} / {max(a.day, b.day)})")
            else:
                s -= 0.8
                date_conflict = gap >= DAY_CONFLICT_DAYS
                if why is not None:
                    why.append(f"dates {gap} days apart" + (" (both exact: different days)" if date_conflict else ""))
        else:
            assert a.lo is not None and a.hi is not None and b.lo is not None and b.hi is not None
            span = max((a.hi - a.lo).days, (b.hi - b.lo).days)
            credit = next(w for limit, w in VAGUE_DATE_CREDIT if span <= limit)
            s += credit
            if why is not None:
                why.append(f"dates compatible ({a.day} / {b.day}, not both exact)" if credit > 0 else
                           f"dates compatible only within a month or year ({a.day} / {b.day})")
    elif why is not None:
        why.append("date unknown in one report")
    # Place.
    if a.place and b.place:
        if _same_place(a, b):
            s += 1.0
            if why is not None:
                why.append(f"same place {a.place_label}" if a.place == b.place
                           else f"same place ({a.place_label} / {b.place_label})")
        elif a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
            d = _km(a.lat, a.lon, b.lat, b.lon)
            if d <= 5:
                s += 0.7
            elif d <= 15:
                s += 0.4
            elif d <= 40:
                s += 0.1
            else:
                s -= 0.3
            if why is not None:
                why.append(f"places {d:.1f} km apart ({a.place_label} / {b.place_label})")
        elif _same_region(a, b):
            s += 0.2
            if why is not None:
                why.append(f"same region {a.admin1}")
    elif _same_region(a, b):
        s += 0.1
        if why is not None:
            why.append(f"same region {a.admin1} (place unknown in one report)")
    elif why is not None:
        why.append("place unknown in one report")
    strong_conflict = False
    if not HARD_PLACE_BLOCK:
        conflict = _place_conflict(a, b)
        if conflict is not None:
            weak = a.dateline or b.dateline
            s += PLACE_CONFLICT_DATELINE if weak else 0.0
            strong_conflict = not weak
            if why is not None:
                why.append(f"place conflict: {conflict}" + (" (one is only the dateline)" if weak else ""))
    # Category and sub-type.
    if a.subtype == b.subtype:
        s += 0.4
        if why is not None:
            why.append(f"same sub-type {a.subtype}")
    elif a.category == b.category:
        s += 0.2
        if why is not None:
            why.append(f"same category {a.category}")
    else:
        s -= 0.2
        if why is not None:
            why.append(f"categories differ but compatible ({a.category} / {b.category})")
    # Actors (role-aware).
    shared = a.named & b.named
    roots_a = {_root(n): n for n in a.named}
    roots_b = {_root(n): n for n in b.named}
    related = {roots_a[r] for r in roots_a.keys() & roots_b.keys()} - shared
    act = 0.0
    for n in sorted(shared):
        w = _actor_info(n)[1]
        act += w
        if why is not None and w > 0:
            why.append(f"actor {n} in both" + (" (perpetrator)" if n in a.perps and n in b.perps else ""))
    for n in sorted(related):
        act += 0.5 * _actor_info(n)[1]
        if why is not None:
            why.append(f"related actors ({n} / {roots_b[_root(n)]})")
    s += min(act, 1.5)
    strong_a = {_root(n) for n in a.perps if _actor_info(n)[1] >= 1.0}
    strong_b = {_root(n) for n in b.perps if _actor_info(n)[1] >= 1.0}
    if strong_a and strong_b and not (strong_a & {_root(n) for n in b.named}) and not (strong_b & {_root(n) for n in a.named}):
        s -= 0.8
        if why is not None:
            why.append(f"different perpetrators ({', '.join(sorted(a.perps))} / {', '.join(sorted(b.perps))})")
    tshared = {t for t in a.targets & b.targets if _actor_info(t)[1] > 0}
    if tshared:
        s += 0.2
        if why is not None:
            why.append(f"target {sorted(tshared)[0]} in both")
    # Weapons.
    if a.weapons and b.weapons:
        common = a.weapons & b.weapons
        if common:
            s += 0.3
            if why is not None:
                why.append(f"weapon {', '.join(sorted(a.wlabels & b.wlabels) or sorted(common))} in both")
        else:
            s -= 0.3
            if why is not None:
                why.append(f"different weapons ({', '.join(sorted(a.wlabels))} / {', '.join(sorted(b.wlabels))})")
    # Casualties.
    for fld, kv, weight in (("killed", (a.killed, b.killed), 0.4), ("injured", (a.injured, b.injured), 0.2)):
        x, y = kv
        if x is None or y is None:
            continue
        if x == y:
            s += weight
            if why is not None:
                why.append(f"same {fld} figure {x}")
        elif _figures_compatible(x, y):
            s += weight / 2
            if why is not None:
                why.append(f"{fld} figures compatible {x} vs {y}")
        else:
            s -= weight * 1.5
            if why is not None:
                why.append(f"{fld} figures far apart {x} vs {y}")
    # Evidence text.
    if a.words and b.words:
        j = len(a.words & b.words) / len(a.words | b.words)
        s += 1.5 * j
        if why is not None and j >= 0.05:
            why.append(f"evidence wording overlap {j:.2f}")
    if strong_conflict or date_conflict:
        s = min(s, PLACE_CONFLICT)  # two places read from the stories disagree: never one incident
    return s


def _pair(a: _Feat, b: _Feat) -> float:
    if a.id > b.id:
        a, b = b, a
    if _block_reason(a, b) is not None:
        return BLOCKED
    return _score(a, b)


def explain(a: Mention, b: Mention) -> tuple[float, list[str]]:
    """The pair score of two mentions and the human-readable reasons behind it."""
    fa, fb = _features(a), _features(b)
    if fa.id > fb.id:
        fa, fb = fb, fa
    block = _block_reason(fa, fb)
    if block is not None:
        return BLOCKED, [f"blocked: {block}"]
    why: list[str] = []
    score = _score(fa, fb, why)
    why.append(f"score {score:.2f} ({'at or above' if score >= THRESHOLD else 'below'} the merge threshold {THRESHOLD})")
    return round(score, 4), why


# ---------------------------------------------------------------------------------------------
# Blocking window for the store
# ---------------------------------------------------------------------------------------------

def block_window(m: Mention) -> tuple[str | None, str | None, str | None]:
    """(date_from, date_to, country) that candidate mentions must fall in.

    The window covers every reported (point) date whose interval could come within
    ``DATE_SLACK_DAYS`` of this mention's interval: a month-precision candidate is stored under
    the first of its month, so the window reaches a month back.
    """
    _, lo, hi, _ = _interval(m.event)
    country = (m.event.get("location") or {}).get("country")
    if lo is None or hi is None:
        return None, None, country
    return ((lo - timedelta(days=DATE_SLACK_DAYS + 31)).isoformat(),
            (hi + timedelta(days=DATE_SLACK_DAYS + 3)).isoformat(), country)


# By stored precision (see _interval): (before, after) = how many days before the new mention's
# interval a candidate's stored date may lie (a month is stored under its first day and reaches 31
# days on, a week 6) and how many after it (a publication date stands for up to 3 days before it).
_REACH = {"day": (0, 3), "week": (6, 3), "month": (31, 0), "year": (366, 0)}
_REACH_OTHER = (31, 3)


def block_ranges(m: Mention) -> tuple[list[tuple[str | None, str, str]], str | None]:
    """The date ranges, one per stored precision, whose candidates can come within
    ``DATE_SLACK_DAYS`` of ``m`` (the store's candidate query; tighter than ``block_window`` for the
    many day-precision mentions), and the country. Precision None in the list stands for any other
    precision. An empty list means no date: every date of the country is a candidate."""
    _, lo, hi, _ = _interval(m.event)
    country = (m.event.get("location") or {}).get("country")
    if lo is None or hi is None:
        return [], country
    out: list[tuple[str | None, str, str]] = []
    for prec, (before, after) in list(_REACH.items()) + [(None, _REACH_OTHER)]:
        # a candidate stored at d stands for days up to `before` after d and `after` before it; that
        # span must meet [lo - slack, hi + slack]
        out.append((prec, (lo - timedelta(days=DATE_SLACK_DAYS + before)).isoformat(),
                    (hi + timedelta(days=DATE_SLACK_DAYS + after)).isoformat()))
    return out, country


# ---------------------------------------------------------------------------------------------
# Clustering
# ---------------------------------------------------------------------------------------------

def event_id(member_ids: Iterable[str]) -> str:
    """Canonical event id: "ev_" + sha1 of the smallest member mention id, 12 hex digits."""
    return "ev_" + hashlib.sha1(min(member_ids).encode("utf-8")).hexdigest()[:12]


def _bucket_pairs(feats: list[_Feat]) -> Iterable[tuple[int, int]]:
    """Index pairs whose date intervals come within reach (the rest are blocked anyway).

    Sorting by interval start lets the scan stop early, so a block of a few hundred mentions
    spread over a month costs far fewer than n^2/2 comparisons.
    """
    dated = sorted((i for i, f in enumerate(feats) if f.lo is not None), key=lambda i: (feats[i].lo, feats[i].id))
    undated = [i for i, f in enumerate(feats) if f.lo is None]
    slack = timedelta(days=DATE_SLACK_DAYS)
    for k, i in enumerate(dated):
        reach = feats[i].hi + slack  # type: ignore[operator]
        for j in dated[k + 1:]:
            if feats[j].lo > reach:  # type: ignore[operator]
                break
            yield i, j
    for k, i in enumerate(undated):
        for j in range(len(feats)):
            if j != i and (feats[j].lo is not None or j > i):
                yield i, j


def _fragment(f: _Feat) -> bool:
    """An event with nothing of its own to place it: no date read from the text, no place below
    the country and no named non-state perpetrator. The extractor emits such events when it
    splits one story into pieces ("a vigilante was shot dead while resisting them")."""
    return f.bare and not any(_actor_info(n)[1] >= 1.0 for n in f.named)


def _attach_fragments(feats: list[_Feat], members: dict[int, list[int]], no: dict[int, set[int]]) -> None:
    """A fragment left alone joins its article's incident when that is unambiguous.

    The article's other events that could describe the same incident as the fragment (not
    blocked against it, not fragments themselves) must all sit in one cluster, and the fragment
    must be compatible with every member of that cluster (no blocked pair, no pair under VETO,
    no analyst separation). If they sit in several clusters (an article reporting two incidents),
    the fragment stays alone. Fragments are taken in mention-id order and each decision looks only
    at the clusters as agglomeration left them, so the result does not depend on input order.
    """
    if not FRAGMENTS_JOIN_ARTICLE:
        return
    home = {i: c for c, ms in members.items() for i in ms}
    by_article: dict[str, list[int]] = {}
    for i, f in enumerate(feats):
        by_article.setdefault(f.article, []).append(i)
    # A cluster made only of fragments (one, or fragments of several articles that agglomerated with each
    # other: "a vigilante was shot dead" in two reports) moves when all its members' articles point to
    # one and the same incident.
    moves: list[tuple[int, int]] = []
    for key in sorted(members):
        ms = members[key]
        if not all(_fragment(feats[i]) for i in ms):
            continue
        targets = {home[j] for i in ms for j in by_article[feats[i].article]
                   if home[j] != key and not _fragment(feats[j]) and _block_reason(feats[i], feats[j]) is None}
        if len(targets) != 1:
            continue
        c = targets.pop()
        if c in no[key] or any(_pair(feats[i], feats[j]) < VETO for i in ms for j in members[c]):
            continue
        moves.append((key, c))
    for key, c in moves:
        members[c] = sorted(members[c] + members.pop(key))


class ScoreCache:
    """Features and pair scores kept between calls of ``cluster`` on overlapping blocks (the store
    re-clusters a block each time an article adds to it). Only for mentions whose content never
    changes under the same (id, published, source), as in the store. Bounded: when a table passes its
    limit it starts again empty, so memory stays flat over a long ingest. Features are held for
    ``feature_limit`` mentions (a block of the bench-db feed has about 300, so 5,000 covers the
    blocks a stream revisits; a feature record is about 2 KB, and with one per mention ever seen the
    10,000-article bench grew by 44 MB), pair scores for ``limit`` pairs: a block of 300 mentions has
    45,000, and the bench-db feed adds about 50,000 new pairs per 100 articles, so 100,000 keeps the
    current block's scores while the memory they take (about 25 MB at the limit, measured as RSS over
    a 1,500-article ingest) stays small."""

    def __init__(self, limit: int = 100_000, feature_limit: int = 5_000) -> None:
        self.limit = limit
        self.feature_limit = feature_limit
        self.feats: dict[tuple[str, str | None, str | None], _Feat] = {}
        self.pairs: dict[tuple[tuple[str, str | None, str | None], tuple[str, str | None, str | None]], float] = {}

    @staticmethod
    def key(m: Mention) -> tuple[str, str | None, str | None]:
        return (m.id, m.published, m.source)

    def features(self, m: Mention) -> _Feat:
        key = self.key(m)
        f = self.feats.get(key)
        if f is None:
            if len(self.feats) >= self.feature_limit:
                self.feats.clear()
            f = self.feats[key] = _features(m)
        return f

    def pair(self, ka: tuple[str, str | None, str | None], kb: tuple[str, str | None, str | None],
             a: _Feat, b: _Feat) -> float:
        key = (ka, kb) if ka[0] <= kb[0] else (kb, ka)  # mention ids differ within a block
        s = self.pairs.get(key)
        if s is None:
            if len(self.pairs) >= self.limit:
                self.pairs.clear()
            s = self.pairs[key] = _pair(a, b)
        return s


def affected(mentions: Sequence[Mention], seeds: Iterable[str], must_link: Iterable[tuple[str, str]] = (),
             cache: ScoreCache | None = None) -> set[str]:
    """The ids whose clusters ``cluster`` could change when ``seeds`` arrive or change: the seeds and,
    to a fixed point, every mention tied to one of them by a pair score at or above ``THRESHOLD``, by
    a merge decision, or by sharing an article (a fragment joins its article's incident).

    Clusters merge only across such ties (a merge needs a pair at or above the threshold, must-links
    start merged, fragments look only at their own article), and each group of clusters so tied
    agglomerates independently of the others. So clustering only these mentions gives for them what
    clustering the whole block gives, and every other cluster of the block stays as it was. This is
    what lets the store re-fuse an article's neighbourhood instead of its whole block."""
    by_id: dict[str, Mention] = {}
    for m in mentions:
        by_id.setdefault(m.id, m)
    ids = sorted(by_id)
    feats = {mid: cache.features(by_id[mid]) if cache else _features(by_id[mid]) for mid in ids}
    keys = {mid: ScoreCache.key(by_id[mid]) for mid in ids}
    tied: dict[str, set[str]] = {}
    for a, b in must_link:
        tied.setdefault(a, set()).add(b)
        tied.setdefault(b, set()).add(a)
    by_article: dict[str, list[str]] = {}
    for mid in ids:
        by_article.setdefault(by_id[mid].article_id, []).append(mid)
    # dated mentions sorted by interval start, so a mention's partners are found by a bounded scan
    dated = sorted((mid for mid in ids if feats[mid].lo is not None), key=lambda mid: (feats[mid].lo, mid))
    starts = [lo for lo in (feats[mid].lo for mid in dated) if lo is not None]  # all of them: dated
    undated = [mid for mid in ids if feats[mid].lo is None]
    slack = timedelta(days=DATE_SLACK_DAYS)
    longest = max((f.hi - f.lo for f in feats.values() if f.lo is not None and f.hi is not None), default=timedelta(0))

    def partners(mid: str) -> Iterable[str]:
        f = feats[mid]
        if f.lo is None or f.hi is None:
            return ids
        lo = bisect.bisect_left(starts, f.lo - slack - longest)
        hi = bisect.bisect_right(starts, f.hi + slack)
        return dated[lo:hi] + undated

    out = {s for s in seeds if s in by_id}
    frontier = sorted(out)
    while frontier:
        found: set[str] = set()
        for mid in frontier:
            found |= tied.get(mid, set())
            found.update(by_article[by_id[mid].article_id])
            fa = feats[mid]
            for other in partners(mid):
                if other == mid or other in out or other in found:
                    continue
                fb = feats[other]
                s = cache.pair(keys[mid], keys[other], fa, fb) if cache else _pair(fa, fb)
                if s >= THRESHOLD:
                    found.add(other)
        found = {x for x in found if x in by_id} - out
        out |= found
        frontier = sorted(found)
    return out


def cluster(mentions: Sequence[Mention], must_link: Iterable[tuple[str, str]] = (),
            cannot_link: Iterable[tuple[str, str]] = (), cache: ScoreCache | None = None) -> list[list[str]]:
    """Clusters of mention ids, each sorted, sorted by first id (order-independent).

    Average-link agglomeration over pair scores with ``THRESHOLD``; pairs never compared (their
    dates are out of reach) count as ``BLOCKED``. ``must_link`` pairs start merged;
    ``cannot_link`` pairs never share a cluster (a must_link that would join a cannot_link pair
    is ignored: the separation wins). Unknown ids in the decisions are ignored.
    """
    by_id: dict[str, Mention] = {}
    for m in mentions:
        by_id.setdefault(m.id, m)
    ids = sorted(by_id)
    n = len(ids)
    if n == 0:
        return []
    index = {mid: i for i, mid in enumerate(ids)}
    feats = [cache.features(by_id[mid]) if cache else _features(by_id[mid]) for mid in ids]
    keys = [ScoreCache.key(by_id[mid]) for mid in ids]

    def pair(i: int, j: int) -> float:
        return cache.pair(keys[i], keys[j], feats[i], feats[j]) if cache else _pair(feats[i], feats[j])

    cannot = set()
    for x, y in cannot_link:
        if x in index and y in index and x != y:
            cannot.add((min(index[x], index[y]), max(index[x], index[y])))

    # Start clusters: must-link components (union-find), skipping links that join a cannot pair.
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for x, y in sorted((min(p), max(p)) for p in must_link if p[0] in index and p[1] in index):
        rx, ry = find(index[x]), find(index[y])
        if rx == ry:
            continue
        if any((min(i, j), max(i, j)) in cannot for i in members[rx] for j in members[ry]):
            continue
        keep, gone = min(rx, ry), max(rx, ry)
        parent[gone] = keep
        members[keep] = sorted(members[keep] + members.pop(gone))

    cid = {i: find(i) for i in range(n)}  # mention index -> cluster key (smallest member index)
    size = {c: len(ms) for c, ms in members.items()}
    no: dict[int, set[int]] = {c: set() for c in members}  # clusters each cluster may never join
    for i, j in cannot:
        ci, cj = cid[i], cid[j]
        no[ci].add(cj)
        no[cj].add(ci)

    # Sparse link records: for each cluster pair with some compatible cross pair,
    # [sum of (score - BLOCKED), number of compatible cross pairs, best score, worst score].
    # Pairs not recorded are blocked, so a pair of clusters with fewer records than
    # |a| * |b| holds a blocked pair.
    nbr: dict[int, dict[int, list[float]]] = {c: {} for c in members}
    for i, j in _bucket_pairs(feats):
        ci, cj = cid[i], cid[j]
        if ci == cj:
            continue
        s = pair(i, j)
        if s == BLOCKED:
            continue
        rec = nbr[ci].get(cj)
        if rec is None:
            rec = [0.0, 0, s, s]
            nbr[ci][cj] = rec
            nbr[cj][ci] = rec
        rec[0] += s - BLOCKED
        rec[1] += 1
        rec[2] = max(rec[2], s)
        rec[3] = min(rec[3], s)

    def link(a: int, b: int) -> float:
        rec = nbr[a].get(b)
        if rec is None:
            return BLOCKED
        if LINKAGE == "average":
            return BLOCKED + rec[0] / (size[a] * size[b])
        if rec[1] < size[a] * size[b] or rec[3] < VETO:
            return BLOCKED  # a blocked or strongly contradicting pair inside: never merge
        if LINKAGE == "single":
            return rec[2]
        return BLOCKED + rec[0] / (size[a] * size[b])  # "average_veto"

    version = {c: 0 for c in members}
    heap: list[tuple[float, int, int, int, int]] = []
    for a in sorted(nbr):
        for b in sorted(nbr[a]):
            if a < b and b not in no[a]:
                m_ab = link(a, b)
                if m_ab >= THRESHOLD:
                    heap.append((-m_ab, a, b, 0, 0))
    heapq.heapify(heap)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if a not in members or b not in members or version[a] != va or version[b] != vb or b in no[a]:
            continue
        # Merge b into a (a < b, so the merged key stays the smallest member index).
        members[a] = sorted(members[a] + members.pop(b))
        size[a] += size.pop(b)
        version[a] += 1
        del version[b]
        for c in no.pop(b):
            no[c].discard(b)
            no[c].add(a)
            no[a].add(c)
        nb = nbr.pop(b)
        nb.pop(a, None)
        nbr[a].pop(b, None)
        for c in sorted(nb):
            rb = nb[c]
            del nbr[c][b]
            ra = nbr[a].get(c)
            if ra is None:
                merged = list(rb)
            else:
                merged = [ra[0] + rb[0], ra[1] + rb[1], max(ra[2], rb[2]), min(ra[3], rb[3])]
            nbr[a][c] = merged
            nbr[c][a] = merged
        for c in sorted(nbr[a]):
            if c in no[a]:
                continue
            m_ac = link(a, c)
            if m_ac >= THRESHOLD:
                c1, c2 = min(a, c), max(a, c)
                heapq.heappush(heap, (-m_ac, c1, c2, version[c1], version[c2]))
    _attach_fragments(feats, members, no)
    out = [sorted(ids[i] for i in ms) for ms in members.values()]
    return sorted(out)


# ---------------------------------------------------------------------------------------------
# Canonical fields
# ---------------------------------------------------------------------------------------------

def _overlaps(ev: dict[str, Any] | None, spans: list[tuple[int, int]]) -> bool:
    if not ev:
        return False
    s, e = ev.get("start"), ev.get("end")
    if s is None or e is None:
        return False
    return any(s < ce and cs < e for cs, ce in spans)


def _figures(ms: list[Mention], fld: str) -> dict[str, Any]:
    """Lowest credible figure, the range and every source's figure.

    A figure whose evidence sits inside a claim of responsibility (the perpetrator's own count)
    is kept in ``by_source`` and the range but is used as the value only when no other source
    gives one.
    """
    by_source: dict[str, int] = {}
    claimed_by: list[str] = []
    for m in ms:
        n = m.event.get(fld)
        if n is None:
            continue
        by_source[m.id] = int(n)
        spans = [((c.get("evidence") or {}).get("start", -1), (c.get("evidence") or {}).get("end", -1))
                 for c in m.claims if c.get("stance") == "claim"]
        if _overlaps((m.event.get("field_evidence") or {}).get(fld), spans):
            claimed_by.append(m.id)
    if not by_source:
        return {"value": None, "low": None, "high": None, "by_source": {}, "perpetrator_claim": [],
                "basis": None}
    credible = {k: v for k, v in by_source.items() if k not in claimed_by}
    pool = credible or by_source
    value = min(pool.values())
    return {"value": value, "low": min(by_source.values()), "high": max(by_source.values()),
            "by_source": dict(sorted(by_source.items())), "perpetrator_claim": sorted(claimed_by),
            "basis": "lowest credible figure" if credible else "perpetrator claim only",
            "from": sorted(k for k, v in pool.items() if v == value)}


def _pick(votes: dict[Any, list[str]], rank: Any) -> tuple[Any, list[str]]:
    """The value with the best rank, then the most sources, then the smallest sort key."""
    best = min(votes, key=lambda v: (rank(v), -len(votes[v]), repr(v)))
    return best, sorted(votes[best])


def canonical(mentions: Sequence[Mention]) -> dict[str, Any]:
    """Canonical fields of one cluster, each with the mention ids it came from."""
    ms = sorted({m.id: m for m in mentions}.values(), key=lambda m: m.id)
    if not ms:
        raise ValueError("canonical() needs at least one mention")
    ev: dict[str, Any] = {"id": event_id(m.id for m in ms)}
    prov: dict[str, list[str]] = {}

    # Category / sub-type: the most reported sub-type (ties: the sorted first).
    sub_votes: dict[tuple[str, str, str], list[str]] = {}
    for m in ms:
        key = (m.event.get("category") or "", m.event.get("subtype") or "", m.event.get("cameo") or "")
        sub_votes.setdefault(key, []).append(m.id)
    (cat, sub, cameo), src = _pick(sub_votes, lambda v: 0)
    ev.update(category=cat, subtype=sub, cameo=cameo)
    prov["category"] = sorted(m.id for m in ms if m.event.get("category") == cat)
    prov["subtype"] = src

    # Date: dates read from the text before publication-date fallbacks; then the most precise;
    # then the most common; ties: the earliest.
    date_votes: dict[tuple[str, str | None, str | None], list[str]] = {}
    for m in ms:
        d = m.event.get("date")
        if d:
            date_votes.setdefault((d, m.event.get("date_precision"), m.event.get("date_source")), []).append(m.id)
    if date_votes:
        def drank(v: tuple[str, str | None, str | None]) -> tuple[int, int]:
            return (0 if v[2] == "text" else 1, _PREC_RANK.get(v[1] or "", 4))

        best = min(drank(v) for v in date_votes)
        merged: dict[str, list[str]] = {}
        for v, ids_ in date_votes.items():
            if drank(v) == best:
                merged.setdefault(v[0], []).extend(ids_)
        dval = min(merged, key=lambda d: (-len(merged[d]), d))
        pick = next(v for v in date_votes if v[0] == dval and drank(v) == best)
        ev.update(date=dval, date_precision=pick[1], date_source=pick[2])
        prov["date"] = sorted(mid for v, ids_ in date_votes.items() if v[0] == dval for mid in ids_)
    else:
        ev.update(date=None, date_precision=None, date_source=None)
        prov["date"] = []

    # Place: the most precise (lowest geo precision), then the most reported, ties: sorted name.
    place_votes: dict[Any, list[str]] = {}
    loc_of: dict[Any, dict[str, Any]] = {}
    for m in ms:
        loc = m.event.get("location")
        if not loc or not loc.get("name"):
            continue
        pkey = (loc.get("geonames_id") or _fold(loc.get("name")), loc.get("country"))
        place_votes.setdefault(pkey, []).append(m.id)
        old = loc_of.get(pkey)
        if old is None or int(loc.get("precision") or 3) < int(old.get("precision") or 3):
            loc_of[pkey] = {k: v for k, v in loc.items() if k != "evidence"}
    if place_votes:
        best_place, src = _pick(place_votes, lambda v: int(loc_of[v].get("precision") or 3))
        ev["location"] = loc_of[best_place]
        prov["location"] = src
    else:
        ev["location"] = None
        prov["location"] = []

    # Actors: every (name, role) any report gives, with its reports and bases.
    actors: dict[tuple[str, str], dict[str, Any]] = {}
    for m in ms:
        for a in m.event.get("actors") or ():
            if not a.get("name"):
                continue
            k = (a["name"], a.get("role") or "")
            rec = actors.setdefault(k, {"name": a["name"], "role": a.get("role"), "type": a.get("type"),
                                        "basis": set(), "mentions": []})
            rec["basis"].add(a.get("basis") or "text")
            if m.id not in rec["mentions"]:
                rec["mentions"].append(m.id)
    ev["actors"] = [dict(r, basis=sorted(r["basis"]), mentions=sorted(r["mentions"]))
                    for _, r in sorted(actors.items())]
    prov["actors"] = sorted({mid for r in actors.values() for mid in r["mentions"]})

    # Weapons: union, each with its reports.
    weapons: dict[str, list[str]] = {}
    for m in ms:
        for w in m.event.get("weapons") or ():
            weapons.setdefault(w, []).append(m.id)
    ev["weapons"] = sorted(weapons)
    prov["weapons"] = sorted({mid for v in weapons.values() for mid in v})
    ev["weapon_sources"] = {w: sorted(v) for w, v in sorted(weapons.items())}

    figures = {"killed": _figures(ms, "killed"), "injured": _figures(ms, "injured")}
    ev["killed"] = figures["killed"]["value"]
    ev["killed_low"] = figures["killed"]["low"]
    ev["killed_high"] = figures["killed"]["high"]
    ev["injured"] = figures["injured"]["value"]
    prov["killed"] = figures["killed"].get("from", [])
    prov["injured"] = figures["injured"].get("from", [])
    kp = {m.id: m.event["killed_perpetrators"] for m in ms if m.event.get("killed_perpetrators") is not None}
    ev["killed_perpetrators"] = min(kp.values()) if kp else None
    prov["killed_perpetrators"] = sorted(k for k, v in kp.items() if v == ev["killed_perpetrators"])

    led = ledger(ms)
    ev["claimed"] = led["claimed"]
    ev["competing"] = led["competing"]
    ev["contested"] = led["contested"]
    prov["claimed"] = sorted({e["mention"] for e in led["entries"] if e.get("stance") == "claim"})
    ev["sources"] = sorted({m.source for m in ms if m.source})
    ev["articles"] = sorted({m.article_id for m in ms})
    ev["n_sources"] = len(ev["articles"])
    ev["mentions"] = [m.id for m in ms]
    return {"event": ev, "provenance": prov, "figures": figures}


# ---------------------------------------------------------------------------------------------
# Claims ledger
# ---------------------------------------------------------------------------------------------

def ledger(mentions: Sequence[Mention]) -> dict[str, Any]:
    """Every claim, denial and attribution of a cluster with its report, and the flags.

    - ``claimed``: some actor claimed the incident.
    - ``competing``: two different actors (not one the branch of the other) claimed it.
    - ``contested``: an actor claimed it and the same actor denied it (in any report), or one
      actor claimed it while someone attributed it to a different actor; an actor that denies
      what others attribute to it also makes it contested.
    """
    ms = sorted({m.id: m for m in mentions}.values(), key=lambda m: m.id)
    entries = []
    for m in ms:
        for c in m.claims:
            entries.append(dict(c, mention=m.id, article_id=m.article_id, source=m.source, published=m.published))
    entries.sort(key=lambda e: (e.get("date") or e.get("published") or "", e["mention"], e.get("stance") or "",
                                e.get("actor") or ""))
    by_stance: dict[str, set[str]] = {"claim": set(), "denial": set(), "attribution": set()}
    for e in entries:
        if e.get("actor") and e.get("stance") in by_stance:
            by_stance[e["stance"]].add(e["actor"])
    claimers = {_root(a) for a in by_stance["claim"]}
    deniers = {_root(a) for a in by_stance["denial"]}
    blamed = {_root(a) for a in by_stance["attribution"]}
    competing = len(claimers) > 1
    contested = bool(claimers & deniers) or bool(claimers and (blamed - claimers)) or bool(blamed & deniers)
    return {"entries": entries, "competing": competing, "contested": contested, "claimed": bool(claimers),
            "claimed_by": sorted(by_stance["claim"]), "denied_by": sorted(by_stance["denial"]),
            "attributed_to": sorted(by_stance["attribution"])}


# ---------------------------------------------------------------------------------------------
# Cluster explanation
# ---------------------------------------------------------------------------------------------

def explain_cluster(mentions: Sequence[Mention]) -> dict[str, Any]:
    """Why one cluster's members belong together: a summary and each member's strongest link.

    ``summary`` lines count sources ("same date 2025-03-04 (3 sources)"); ``links`` give, for
    every member but the first, the member it scores highest with, the score and the reasons.
    """
    ms = sorted({m.id: m for m in mentions}.values(), key=lambda m: m.id)
    summary: list[str] = []
    dates = Counter(m.event.get("date") for m in ms if m.event.get("date"))
    for d, k in sorted(dates.items(), key=lambda x: (-x[1], x[0])):
        summary.append(f"date {d} ({k} source{'s' * (k != 1)})" if len(dates) > 1 else f"same date {d} ({k} sources)")
    places = Counter((m.event.get("location") or {}).get("name") for m in ms if (m.event.get("location") or {}).get("name"))
    for p, k in sorted(places.items(), key=lambda x: (-x[1], x[0])):
        summary.append(f"place {p} ({k} source{'s' * (k != 1)})")
    perps = Counter(a["name"] for m in ms for a in {(x.get("name"), x.get("role")): x for x in m.event.get("actors") or ()}.values()
                    if a.get("role") == "perpetrator" and a.get("name"))
    for a, k in sorted(perps.items(), key=lambda x: (-x[1], x[0])):
        if k > 1:
            summary.append(f"actor {a} in {k} reports")
    links = []
    feats = [_features(m) for m in ms]
    for i in range(1, len(ms)):
        best = max(range(i), key=lambda j: (_pair(feats[i], feats[j]), -j))
        score, why = explain(ms[i], ms[best])
        links.append({"mention": ms[i].id, "linked_to": ms[best].id, "score": score, "reasons": why})
    return {"summary": summary, "links": links}
