"""Numbers written as digits or words ("at least five", "twenty-one", "dozens")."""

from __future__ import annotations

import re

__all__ = ["parse_count", "QUALIFIERS", "VAGUE"]

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
# Counts with one reading. Vague ones ("dozens", "several", "scores", "hundreds") have none, so they
# stay unknown (None): the output never turns "dozens" into a number the text did not give.
_EXACT = {"a dozen": 12, "dozen": 12, "two dozen": 24, "a hundred": 100, "a couple of": 2, "a couple": 2,
          "a single": 1, "a": 1, "an": 1, "no": 0, "none": 0, "nobody": 0, "no one": 0}
VAGUE = {"dozens", "scores", "hundreds", "thousands", "several", "a few", "few", "many", "numerous"}
QUALIFIERS = ("at least", "more than", "over", "nearly", "about", "around", "some", "up to", "as many as",
              "an estimated", "almost", "roughly", "approximately", "a total of", "another", "at most", "upwards of")


def parse_count(text: str) -> int | None:
    """Integer value of a count phrase, or None. "at least 12" -> 12; "twenty-five" -> 25; "1,200" -> 1200."""
    t = text.lower().strip()
    for q in QUALIFIERS:
        if t.startswith(q + " "):
            t = t[len(q) + 1:]
            break
    t = t.strip()
    if t in _EXACT:
        return _EXACT[t]
    if t in VAGUE:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", t):
        return int(t.replace(",", ""))
    words = re.split(r"[\s-]+", t.replace(" and ", " "))
    total, cur = 0, 0
    for w in words:
        if w in _UNITS:
            cur += _UNITS[w]
        elif w in _TENS:
            cur += _TENS[w]
        elif w == "hundred":
            cur = max(cur, 1) * 100
        elif w == "thousand":
            total += max(cur, 1) * 1000
            cur = 0
        else:
            return None
    return total + cur
