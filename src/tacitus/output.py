"""Formatting results for people (``--format table``)."""

from __future__ import annotations

from typing import Any

__all__ = ["table"]


def _place(loc: dict[str, Any] | None) -> str:
    if not loc:
        return "-"
    parts = [loc.get("name"), loc.get("admin1"), loc.get("country")]
    seen: list[str] = []
    for p in parts:
        if p and p not in seen:
            seen.append(p)
    return ", ".join(seen) + f" (p{loc.get('precision')})"


def table(result: dict[str, Any]) -> str:
    """A readable summary of one result object."""
    lines: list[str] = []
    if "error" in result:
        return f"{result.get('id') or '-'}: error {result['error']['code']}: {result['error']['message']}"
    art = result["article"]
    head = art.get("title") or result.get("id") or "(untitled)"
    lines.append(f"== {head}")
    meta = [f"published {art.get('published') or '?'}"]
    if art.get("author"):
        meta.append(f"by {art['author']}")
    if art.get("section"):
        meta.append(f"section {art['section']}")
    lines.append("   " + " | ".join(meta) + f" | {art.get('text_chars')} chars")
    if not result["events"]:
        lines.append("   no violent or political event found")
    for ev in result["events"]:
        date = ev["date"] or "?"
        if ev["date_source"] == "published":
            date += " (publication date)"
        elif ev["date_source"] == "report":
            date += " (date of the report)"
        lines.append(f"-- {ev['id']}  {ev['category']} / {ev['subtype']}  CAMEO {ev['cameo']}  conf {ev['confidence']}")
        lines.append(f"   when   {date}")
        lines.append(f"   where  {_place(ev['location'])}")
        for role, label in (("perpetrator", "by"), ("unidentified_perpetrator", "by"), ("target", "target"),
                            ("participant", "actors")):
            names = [a["name"] + (f" [{a['basis']}]" if a["basis"] != "text" else "") for a in ev["actors"] if a["role"] == role]
            if names:
                lines.append(f"   {label:<6} {'; '.join(names)}")
        k = "?" if ev["killed"] is None else ev["killed"]
        i = "?" if ev["injured"] is None else ev["injured"]
        lines.append(f"   toll   killed {k}, injured {i}" + (f" (perpetrators {ev['killed_perpetrators']})" if ev.get("killed_perpetrators") else ""))
        if ev["weapons"]:
            lines.append(f"   arms   {', '.join(ev['weapons'])}")
        claimed = {True: "yes", False: "no (text says unclaimed)", None: "not said"}[ev["claimed"]]
        lines.append(f"   claimed {claimed}")
        lines.append(f"   source \"{ev['evidence'][0]['text'][:110]}\"" if ev["evidence"] else "")
    for c in result["claims"]:
        extra = []
        if c.get("by"):
            extra.append(f"by {c['by']}")
        if c.get("speaker"):
            extra.append(f"speaker {c['speaker']}")
        if c.get("date"):
            extra.append(f"on {c['date']}")
        lines.append(f"** {c['stance']:<11} {c['actor']} -> {c['event'] or '-'}" + (f"  ({', '.join(extra)})" if extra else ""))
    return "\n".join(lines)
