"""Casualties: killed and injured counts, from digits and number words, with perpetrators apart.

A count attaches to a kill or injure word through the parse ("five soldiers were killed",
"killing at least 12", "left 3 dead", "the death toll rose to 20", "N fatalities"). Counts inside
"including ..." are parts of a total, not extra victims, except that "including the bomber" or
"including 3 attackers" records perpetrators among the dead. Explicit zeros ("no one was hurt",
"no casualties") are recorded as 0.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .knowledge import load
from .matching import sentence_index, text_of
from .numbers import QUALIFIERS, parse_count

__all__ = ["CasualtyMention", "make_casualties", "find_casualties"]

KILL = {"kill", "die", "dead", "slay", "slain", "murder", "behead", "massacre", "death", "fatality", "body",
        "corpse", "execute", "fatally", "perish", "toll", "life", "lynch"}
INJURE = {"injure", "wound", "hurt", "injury", "injured", "wounded", "maim", "casualty"}
PEOPLE_CLASSES = {"civilians", "military", "police", "protesters", "rioters", "unidentified_armed", "gang", "communal"}
PERP_WORDS = {"bomber", "attacker", "assailant", "gunman", "militant", "insurgent", "terrorist", "perpetrator",
              "kidnapper", "fighter", "suicide", "jihadist", "rebel", "hijacker", "abductor", "assassin"}
_ZERO = re.compile(
    r"\b(?:no (?:one|body) (?:was|were|has been|had been) (?:killed|hurt|injured|wounded)|nobody was (?:killed|hurt|injured)|"
    r"no (?:casualties|fatalities|deaths|injuries)(?: or (?:deaths|injuries|casualties|fatalities))?(?: were| was| have been)? (?:reported|caused|recorded)|"
    r"without (?:causing )?(?:any )?casualties|no (?:immediate )?reports? of (?:casualties|injuries|deaths)|"
    r"caused no (?:casualties|injuries|deaths)|no (?:one|body) (?:was )?(?:killed|injured|hurt)|did not cause (?:any )?casualties)",
    re.I,
)


@dataclass(frozen=True)
class CasualtyMention:
    start: int
    end: int
    text: str
    kind: str  # killed | injured
    count: int
    perpetrators: int  # how many of ``count`` were perpetrators
    sent: int
    anchor: int  # token index of the kill/injure word
    subset: bool = False  # a part of another total ("including three soldiers")


def _count_tokens(tok: Token) -> tuple[int, int] | None:
    """Character span of the count phrase headed by a number token, with its qualifier."""
    doc = tok.doc
    i = tok.i
    start = i
    while start > 0 and (doc[start - 1].like_num or doc[start - 1].lower_ in ("-", "and") and doc[start - 2].like_num):
        start -= 1
    end = i + 1
    while end < len(doc) and (doc[end].like_num or doc[end].text == "-" and end + 1 < len(doc) and doc[end + 1].like_num):
        end += 1
    text_before = doc[max(0, start - 6):start].text[-20:].lower()  # (not doc.text: it joins the whole doc)
    s_char = doc[start].idx
    for q in QUALIFIERS:
        if text_before.rstrip().endswith(q):
            s_char = doc[start].idx - (len(text_before) - text_before.rstrip().rfind(q))
            break
    return s_char, doc[end - 1].idx + len(doc[end - 1].text)


def _is_count(tok: Token) -> bool:
    if not tok.like_num and tok.lower_ not in ("dozens", "scores", "hundreds", "several", "dozen"):
        return False  # (most tokens: decided before the checks below, which cost more)
    # a day of the month ("BASRA, July 16 -"), a clock time, money or an age ("a boy aged about ten") counts no one
    if tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"):
        return False
    if any(t.lower_ in ("aged", "age", "ages") for t in tok.doc[max(0, tok.i - 3):tok.i]):
        return False
    if tok.like_num and tok.pos_ in ("NUM", "NOUN", "PROPN", "ADJ", "X") and not re.fullmatch(r"(?:19|20)\d\d", tok.text):
        return parse_count(tok.text) is not None
    return tok.lower_ in ("dozens", "scores", "hundreds", "several", "dozen")


# what kills when done "to death"
_TO_DEATH = {"shoot", "stab", "beat", "burn", "hack", "stone", "club", "bludgeon", "lynch", "strangle", "crush", "trample",
             "torture", "starve", "kick", "hang", "batter", "choke", "slash"}


def _kind(tok: Token) -> str | None:
    lem = tok.lemma_.lower()
    # "four service members suffered minor injuries", "seven were diagnosed with brain injuries"
    if lem in ("suffer", "sustain", "receive", "diagnose") and any(
            t.lemma_.lower() in ("injury", "wound", "burn") for c in tok.children if c.dep_ in ("dobj", "prep") for t in c.subtree):
        return "injured"
    if lem in KILL or tok.lower_ in ("killed", "dead", "died", "slain"):
        return "killed"
    if lem in _TO_DEATH and any(c.dep_ == "prep" and c.lower_ == "to" and any(g.lemma_.lower() == "death" for g in c.children)
                                for c in tok.children):
        return "killed"  # "shot to death", "stabbed to death", "beaten to death" (not "sentenced to death")
    if lem == "find" and any(c.dep_ in ("oprd", "acomp", "xcomp") and c.lower_ == "dead" for c in tok.children):
        return "killed"  # "a man was found dead"
    if lem in INJURE or tok.lower_ in ("injured", "wounded", "hurt"):
        return "injured"
    return None


def _value(doc: Doc, tok: Token, text: str) -> tuple[int, int, int] | None:
    span = _count_tokens(tok)
    if span is None:
        return None
    s, e = span
    # "a dozen", "two dozen"
    phrase = text[s:e]
    if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "dozen":
        e = doc[tok.i + 1].idx + len(doc[tok.i + 1].text)
        phrase = text[s:e]
    n = parse_count(phrase)
    if n is None:
        n = parse_count(tok.text)
    if n is None:
        return None
    return n, s, e


def _inside_including(tok: Token, stop: Token) -> bool:
    for anc in tok.ancestors:
        if anc == stop:
            return False
        if anc.lower_ in ("including", "among", "includes", "include"):
            return True
    return False


def _perp_noun(tok: Token) -> bool:
    head = tok.head if tok.dep_ in ("nummod", "quantmod", "det") else tok
    words = {head.lemma_.lower()} | {c.lemma_.lower() for c in head.children if c.dep_ in ("compound", "amod")}
    return bool(words & PERP_WORDS)


def find_casualties(doc: Doc) -> list[CasualtyMention]:
    out: list[CasualtyMention] = []
    text = text_of(doc)
    sents, sent_of = sentence_index(doc)
    used: set[int] = set()
    in_dates = {i for sp in doc.spans.get("tacitus_dates", []) for i in range(sp.start, sp.end)}
    for tok in doc:
        if not _is_count(tok) or tok.i in used or tok.i in in_dates:
            continue
        if tok.i > 0 and doc[tok.i - 1].lower_ == "no":
            continue  # "no one was killed": an explicit zero (below), not one
        nxt = text[tok.idx + len(tok.text):tok.idx + len(tok.text) + 12].lower()
        if re.match(r"^[\s-]*(?:year|month|week|day|hour|km|kilomet|met|mile|percent|per cent|%)", nxt):
            continue  # "a 58-year-old woman", "200 metres away"
        kind, anchor = _attach(tok)
        if kind is None or anchor is None or _cumulative(anchor):
            continue
        val = _value(doc, tok, text)
        if val is None:
            continue
        n, s, e = val
        used.add(tok.i)
        j = tok.i + 1
        while j < len(doc) and doc[j].idx < e:  # "Twenty-five" is three tokens, one count
            used.add(j)
            j += 1
        if any(c.start == s and c.end == e and c.kind == kind for c in out):
            continue
        subset = _inside_including(tok, anchor)
        perps = n if _perp_noun(tok) else 0
        out.append(CasualtyMention(s, e, text[s:e], kind, n, perps, sent_of[tok.i], anchor.i, subset))
    # "shot dead a policeman", "a soldier was killed", "killing Ahmed Ali": one victim, no number
    counted = {c.anchor for c in out}
    for tok in doc:
        kind = _kind(tok) if tok.pos_ in ("VERB", "ADJ") else None
        if kind is None or tok.i in counted:
            continue
        own_subject = any(c.dep_ in ("nsubjpass", "dobj") for c in tok.children)
        # "killed and injured 5" shares one count; "one was killed and another was injured" does not
        if tok.head.i in counted and not own_subject:
            continue
        found = _victims(tok)
        if found is None:
            continue
        victim, n = found
        end = victim.right_edge.idx + len(victim.right_edge.text) if n > 1 else victim.idx + len(victim.text)
        out.append(CasualtyMention(victim.idx, end, text[victim.idx:end], kind, n,
                                   n if _perp_noun(victim) else 0, sent_of[tok.i], tok.i))
        counted.add(tok.i)
    # "including the bomber": a perpetrator among the dead of the same sentence
    for m in re.finditer(r"\bincluding (?:the|a|one|two|three|four|five|(\d+))\s*(?:suicide\s+)?(bomber|attacker|assailant|gunman|militant|attackers|assailants|gunmen|militants|bombers)\b", text, re.I):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        word = m.group(0).split()[1].lower()
        k = int(m.group(1)) if m.group(1) else (parse_count(word) if word not in ("the", "a") else 1) or 1
        sn = sent_of[span.start]
        for i, c in enumerate(out):
            if c.sent == sn and c.kind == "killed" and not c.subset and c.start < m.start():
                out[i] = CasualtyMention(c.start, c.end, c.text, c.kind, c.count, max(c.perpetrators, k), c.sent, c.anchor)
                break
    for m in _ZERO.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        low = m.group(0).lower()
        kinds = []
        if re.search(r"killed|deaths|fatalities|casualties", low):
            kinds.append("killed")
        if re.search(r"hurt|injur|wounded|casualties", low):
            kinds.append("injured")
        for kind in kinds:
            out.append(CasualtyMention(m.start(), m.end(), m.group(0), kind, 0, 0, sent_of[span.start], span.start))
    out.sort(key=lambda c: c.start)
    return out


# "so far" and "in total" are left out: "the toll from the blast so far stands at 12" is the event's own
_RUNNING = re.compile(r"\b(?:since|this year|in all of|over the past|over the last|during the war)\b", re.I)


def _cumulative(anchor: Token) -> bool:
    """A running total, not one event's toll: "more than 500 people have been killed since October"."""
    verb = anchor if anchor.pos_ in ("VERB", "AUX") else anchor.head
    clause = verb.doc[verb.left_edge.i: verb.right_edge.i + 1].text
    return bool(_RUNNING.search(clause)) and any(c.dep_ == "aux" and c.lower_ in ("have", "has") for c in verb.children)


def _victims(verb: Token) -> tuple[Token, int] | None:
    """The victims of a kill/injure verb named one by one, and how many: one singular noun or name
    ("shot dead a policeman", "the cleric was killed"), or several joined ("a soldier and a civilian
    were killed", "Porcalla and Delloson were killed"). GTD dev: 99 killed misses had no number."""
    one = _single_victim(verb)
    if one is not None:
        return one, 1
    verb, dep = _victim_slot(verb)
    if any(c.dep_ == "prt" and c.lower_ == "off" for c in verb.children):
        return None  # "killed off the contest"
    for c in verb.children:
        if c.dep_ != dep:
            continue
        parts = [c]
        while True:
            nxt = [x for x in parts[-1].children if x.dep_ == "conj"]
            if not nxt:
                break
            parts.append(nxt[0])
        if all(_one_person(x) for x in parts):
            return c, len(parts)
    return None


# what a kill or injure verb's object names when it is not a person (or not a countable one)
_NOT_PEOPLE = {"toll", "number", "total", "figure", "count", "bill", "deal", "plan", "talks", "hope", "chance", "idea",
               "animal", "dog", "cow", "goat", "sheep", "camel", "horse", "cattle", "livestock", "engine", "project",
               "proposal", "motion", "story", "momentum", "mood", "process", "economy", "time", "people", "family"}


@functools.lru_cache(maxsize=1)
def _person_words() -> frozenset[str]:
    """The one-word nouns of the generic actor classes (data/generic_actors.json): "soldier", "child", "villager"."""
    return frozenset(w for cls in load().generic.values() for w in cls.words if " " not in w)


_PERSONISH = re.compile(r"(?:er|or|ist|ian|man|woman|person|ant|ent|ee|ief|ic|ard|ier|ive|iff|ain|el|on|ter|ther|ife|"
                        r"ild|irl|oy|ess|ar)$")


def _one_person(tok: Token) -> bool:
    """One person: a name, or a singular noun for a person with "a", "an", "one" or "the" ("a cleric",
    "the guard", "a soldier"; not "killed off the contest")."""
    if tok.tag_ == "NNP" and tok.ent_type_ == "PERSON":
        return True
    lemma = tok.lemma_.lower()
    return (tok.tag_ == "NN" and lemma not in _NOT_PEOPLE and tok.ent_type_ in ("", "PERSON", "NORP")
            and (lemma in _person_words() or bool(_PERSONISH.search(lemma)))
            and any(d.dep_ == "det" and d.lower_ in ("a", "an", "one", "the") for d in tok.children))


def _victim_slot(verb: Token) -> tuple[Token, str]:
    """The verb that takes the victims and the dependency they hang by: its passive subject or its
    object ("shot dead a policeman": the victim hangs from "shot")."""
    if verb.dep_ in ("acomp", "oprd", "advmod") and verb.head.lemma_ == "shoot":
        verb = verb.head
        return verb, "nsubjpass" if any(c.dep_ == "auxpass" for c in verb.children) else "dobj"
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and any(c.dep_ == "auxpass" for c in verb.head.children) and \
            not any(c.dep_ in ("nsubj", "nsubjpass", "dobj", "auxpass") for c in verb.children):
        return verb.head, "nsubjpass"  # "a policeman was shot and killed": the victim hangs from "shot"
    passive = any(c.dep_ == "auxpass" for c in verb.children) or verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl")
    return verb, "nsubjpass" if passive else "dobj"


def _single_victim(verb: Token) -> Token | None:
    """The one victim of a kill/injure verb whose object or passive subject is a singular noun or a name."""
    verb, dep = _victim_slot(verb)
    deps = (dep,)
    people = {i for a in (verb.doc._.tacitus_actors or []) if a.generic in PEOPLE_CLASSES for i in range(a.token, a.token + 1)}
    for c in verb.children:
        if c.dep_ not in deps or any(x.dep_ == "conj" for x in c.children) or c.lower_ in _NOT_A_VICTIM:
            continue
        if c.lower_ == "another" or any(d.lower_ in ("another", "second", "third") for d in c.children):
            return c  # "one was killed and another was injured"
        if c.lower_ == "old" and any(d.lemma_.lower() == "year" and any(n.like_num for n in d.children) for d in c.children) \
                and any(d.dep_ == "det" and d.lower_ in ("a", "an", "the") for d in c.subtree):
            return c  # "an 18 year old was shot and seriously injured": a person told by age
        if c.tag_ in ("NN", "NNP"):
            if c.ent_type_ == "PERSON" or c.i in people and any(d.lower_ in ("a", "an", "one", "the") for d in c.children if d.dep_ == "det"):
                return c
            # "her secretary was injured", "the mayor's son was injured": killing and injuring befall people
            if any(d.dep_ == "poss" for d in c.children):
                return c
    return None


_NOT_A_VICTIM = {"toll", "number", "total", "figure", "count", "one", "none", "nobody", "no", "all"}


def _attach(tok: Token) -> tuple[str | None, Token | None]:
    """Which kill/injure word a count belongs to, following the parse a few steps up."""
    # "killed four" / "four were killed" / "four dead" / "four people were killed" / "killing 12 soldiers"
    node: Token = tok
    for _ in range(4):
        k = _kind(node) if node is not tok else None
        if k:
            return k, node
        # number or its noun governed by a kill verb
        for child in node.children:
            if child.dep_ in ("amod", "acomp", "oprd", "appos", "acl", "relcl") and _kind(child):
                if child.dep_ in ("relcl", "acl") and child.lemma_ in ("kill", "injure", "wound") and not any(c.dep_ == "auxpass" for c in child.children) and child.tag_ != "VBN":
                    continue
                return _kind(child), child
        if node.dep_ in ("nummod", "quantmod", "npadvmod", "nsubj", "nsubjpass", "dobj", "attr", "pobj", "conj", "appos", "compound", "nmod", "amod", "advmod"):
            if node.dep_ == "pobj" and node.head.lower_ not in ("of", "to"):
                return None, None
            node = node.head
            if node.pos_ in ("VERB", "AUX") and _kind(node) is None:
                joined = next((c for c in node.children if c.dep_ == "conj" and c.pos_ == "VERB" and _kind(c)
                               and not any(g.dep_ in ("nsubj", "nsubjpass", "dobj") for g in c.children)), None)
                if joined is not None and tok.i < node.i:
                    return _kind(joined), joined  # "2 members were shot and killed": the count is of the second verb too
                if node.lemma_.lower() == "leave":  # "the attack left three people dead", "leaves 4 dead"
                    state = next((c for c in node.children if c.dep_ in ("oprd", "acomp", "advcl", "xcomp", "ccomp")
                                  and c.i > tok.i and c.tag_ in ("JJ", "VBN", "VBD") and _kind(c)
                                  and not any(g.dep_ in ("nsubj", "mark") for g in c.children)), None)
                    if state is not None:
                        return _kind(state), state
                return None, None  # "killed 14 soldiers and seized two vehicles": the verb is not a killing
            continue
        break
    k = _kind(node) if node is not tok else None
    if k:
        return k, node
    # "the death toll rose to 20"
    if tok.head.lower_ == "to" and any(t.lemma_ == "toll" for t in tok.sent):
        return "killed", next(t for t in tok.sent if t.lemma_ == "toll")
    return None, None


def _casualties_component(doc: Doc) -> Doc:
    found = find_casualties(doc)
    doc._.tacitus_casualties = found
    spans: list[Span] = []
    for c in found:
        sp = doc.char_span(c.start, c.end, label=c.kind, alignment_mode="expand")
        if sp is not None:
            spans.append(sp)
    doc.spans["tacitus_casualties"] = spans
    return doc


@Language.factory("tacitus_casualties", assigns=["doc._.tacitus_casualties", "doc.spans"], default_config={})
def make_casualties(nlp: Language, name: str) -> object:
    """Pipeline component: killed and injured counts into ``doc._.tacitus_casualties``."""
    return _casualties_component
