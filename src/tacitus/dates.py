"""Dates: absolute and relative time expressions resolved against the publication date.

Rules (the way news uses them; publication date P):
- "on Monday", "Monday", "late Thursday", "Thursday night": the latest such weekday on or before P.
- "last Tuesday": the Tuesday of the week before P's week (written on Wednesday 7 Aug, 30 Jul;
  written on Monday 12 Aug, 6 Aug).
- "yesterday", "last night", "overnight": P - 1 (a night is dated by the evening it began);
  "today", "this morning", "earlier today": P.
- "N days ago": P - N; "N weeks ago", "last week", "this week", "earlier this week": week precision.
- "earlier this month", "this month": month precision (first day); "last month" likewise.
- "9 May 2020", "May 9, 2020", "2020-05-09": day; "May 9" without a year takes P's year, or the
  year before if that would be more than a day after P; "May 2020", "mid-May": month; "in 2019": year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .clean import month_number

__all__ = ["DateMention", "find_dates", "resolve_weekday", "make_dates"]

_WD = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_M = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_NUMW = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3}
_ORD = r"(?:st|nd|rd|th)?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}(?:\s*[-–]\s*\d{{1,2}}{_ORD})?\s+(?:of\s+)?(?P<m>{_M}),?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("mdy", re.compile(rf"\b(?P<m>{_M})\s+(?P<d>\d{{1,2}}){_ORD}(?:\s*[-–]\s*\d{{1,2}})?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    ("my", re.compile(rf"\b(?:(?P<q>early|mid|late|end of|beginning of|the end of)[\s-]+)?(?P<m>{_M})\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("dm", re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m>{_M})\b(?!\s*,?\s*(?:19|20)\d\d)", re.I)),
    ("md", re.compile(rf"\b(?P<m>{_M})\s+(?P<d>\d{{1,2}}){_ORD}\b(?!\s*,?\s*(?:19|20)\d\d)(?!\d)")),
    ("mq", re.compile(rf"\b(?P<q>early|mid|late|end of|beginning of)[\s-]+(?P<m>{_M})\b(?!\s*,?\s*(?:19|20)\d\d)", re.I)),
    ("year", re.compile(r"\b(?:in|during|since|of)\s+(?P<y>(?:19|20)\d\d)\b(?!\s*[-/]\d)")),
    ("weekday", re.compile(r"\b(?:(?P<mod>last|this|past|previous|on|late|early|late on|early on)\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?\b", re.I)),
    ("ago", re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few)\s+(?P<u>day|days|week|weeks|month|months|year|years)\s+ago\b", re.I)),
    ("rel", re.compile(r"\b(?P<w>yesterday|the day before yesterday|today|tonight|overnight|last night|this morning|this afternoon|this evening|earlier today|earlier in the day|(?:earlier |later |late )?(?:this|last|next) (?:week|month|year)|earlier this (?:week|month|year)|over the weekend|last weekend|this weekend)\b", re.I)),
]


# A wire dateline ("DEIR EZ-ZOR, Syria, Feb. 11 (Levant Desk) -") dates the filing, not an event.
DATELINE = re.compile(rf"^\s*[A-Z][A-Z .'\-]+(?:,\s*[A-Z][\w .'\-]+)?,\s*{_M}\s+\d{{1,2}}(?:,?\s+\d{{4}})?\s*(?:\([^)]*\))?\s*[-–—]")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    date: str
    precision: str  # day | week | month | year
    relative: bool


def resolve_weekday(published: dt.date, weekday: int, modifier: str | None) -> dt.date:
    back = (published.weekday() - weekday) % 7
    day = published - dt.timedelta(days=back)
    if modifier and modifier.lower() in ("last", "previous"):
        if back == 0:
            day -= dt.timedelta(days=7)
        monday = published - dt.timedelta(days=published.weekday())
        if day >= monday:  # still in the publication week: "last" means the week before
            day -= dt.timedelta(days=7)
    return day


def _month_start(d: dt.date, delta: int = 0) -> dt.date:
    m = d.month - 1 + delta
    return dt.date(d.year + m // 12, m % 12 + 1, 1)


def _year_for(published: dt.date, month: int, day: int) -> dt.date:
    cand = dt.date(published.year, month, day)
    if cand > published + dt.timedelta(days=1):
        cand = dt.date(published.year - 1, month, day)
    return cand


def _resolve(kind: str, m: re.Match[str], pub: dt.date | None) -> tuple[dt.date, str, bool] | None:
    g = m.groupdict()
    if kind in ("dmy", "mdy"):
        return dt.date(int(g["y"]), month_number(g["m"]), int(g["d"])), "day", False
    if kind == "iso":
        return dt.date(int(g["y"]), int(g["m"]), int(g["d"])), "day", False
    if kind == "my":
        return dt.date(int(g["y"]), month_number(g["m"]), 1), "month", False
    if kind == "year":
        return dt.date(int(g["y"]), 1, 1), "year", False
    if pub is None:
        return None
    if kind in ("dm", "md"):
        return _year_for(pub, month_number(g["m"]), int(g["d"])), "day", False
    if kind == "mq":
        return _year_for(pub, month_number(g["m"]), 1), "month", True
    if kind == "weekday":
        return resolve_weekday(pub, _WD.index(g["wd"].lower()), g.get("mod")), "day", True
    if kind == "ago":
        n = int(g["n"]) if g["n"].isdigit() else _NUMW[g["n"].lower()]
        unit = g["u"].lower().rstrip("s")
        if unit == "day":
            return pub - dt.timedelta(days=n), "day", True
        if unit == "week":
            return pub - dt.timedelta(days=7 * n), "week", True
        if unit == "month":
            return _month_start(pub, -n), "month", True
        return dt.date(pub.year - n, 1, 1), "year", True
    w = g["w"].lower()
    if w in ("yesterday", "last night", "overnight"):
        return pub - dt.timedelta(days=1), "day", True
    if w == "the day before yesterday":
        return pub - dt.timedelta(days=2), "day", True
    if w in ("today", "tonight", "this morning", "this afternoon", "this evening", "earlier today",
             "earlier in the day"):
        return pub, "day", True
    if w.endswith("weekend"):
        sat = resolve_weekday(pub, 5, "last" if w.startswith("last") else None)
        return sat, "week", True
    monday = pub - dt.timedelta(days=pub.weekday())
    if w.endswith("week"):
        return (monday - dt.timedelta(days=7) if "last" in w else monday), "week", True
    if w.endswith("month"):
        return _month_start(pub, -1 if "last" in w else 0), "month", True
    if w.endswith("year"):
        return dt.date(pub.year - (1 if "last" in w else 0), 1, 1), "year", True
    return None


def find_dates(text: str, published: str | None) -> list[DateMention]:
    """Every date expression in ``text``, resolved; overlapping matches keep the earliest pattern."""
    pub = dt.date.fromisoformat(published) if published else None
    dl = DATELINE.match(text)
    taken: list[tuple[int, int]] = [dl.span()] if dl else []
    out: list[DateMention] = []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            try:
                res = _resolve(kind, m, pub)
            except (ValueError, KeyError):
                continue
            if res is None:
                continue
            day, precision, relative = res
            taken.append((s, e))
            out.append(DateMention(s, e, m.group(0), day.isoformat(), precision, relative))
    out.sort(key=lambda d: d.start)
    return out


def _dates_component(doc: Doc) -> Doc:
    mentions = find_dates(doc.text, doc._.tacitus_published)
    doc._.tacitus_dates = mentions
    spans = [doc.char_span(m.start, m.end, label=m.precision, alignment_mode="expand") for m in mentions]
    doc.spans["tacitus_dates"] = [s for s in spans if s is not None]
    return doc


@Language.factory("tacitus_dates", assigns=["doc._.tacitus_dates", "doc.spans"], default_config={})
def make_dates(nlp: Language, name: str) -> object:
    """Pipeline component: resolves time expressions into ``doc._.tacitus_dates``."""
    return _dates_component
