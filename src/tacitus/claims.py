"""Claims: claims of responsibility, denials of involvement and third-party attributions, each
linked to the event it concerns, with the speaker and date where the text gives them.

Competing claims (two groups claim one event) and contested ones (a claim and a denial) are all
kept. An event is ``claimed`` when any claim links to it, ``False`` when the text says nobody
claimed it and no claim links to it, else ``None``. A claimant becomes the event's perpetrator
(basis "claim"); a group others blame becomes one with basis "attribution".
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .actors import ActorMention, generic_name
from .knowledge import load
from .matching import TITLES, text_of
from .model import Actor, Claim, Event, Evidence, Stance

__all__ = ["make_claims", "find_claims"]

_NO_CLAIM = re.compile(
    r"\b(?:no (?:\w+ )?(?:group|one|organi[sz]ation|faction|party)s? (?:has |have |had )?(?:yet |immediately |so far )?(?:claimed|taken responsibility|accepted responsibility)|"
    r"nobody (?:has |had )?(?:yet |immediately )?claimed|"
    r"(?:has|had|have|was|were) not (?:yet |immediately )?(?:been )?claimed|"
    r"no (?:immediate )?claims? of responsibility|"
    r"(?:did|has|have|had) not (?:yet |immediately )?claim(?:ed)? responsibility|"
    r"there (?:was|has been|were) no (?:immediate )?claim|unclaimed)\b",
    re.I,
)
_CLAIM_OBJ = {"responsibility", "credit", "attack", "bombing", "blast", "strike", "killing", "operation", "assault", "ambush",
              "raid", "abduction", "kidnapping", "shooting", "explosion", "it", "them", "assassination"}
_DENY_OBJ = {"involvement", "responsibility", "role", "link", "links", "part", "participation", "connection", "attack",
             "claim", "claims", "report", "reports", "allegation", "allegations", "accusation", "accusations", "charge"}
# verbs of saying, which tell an attribution only through what they report: "police officials indicated that the
# KLO may have been responsible"
_SAY_ATTRIB = {"indicate", "say", "state", "report", "confirm", "add"}
# who an attack's dead or doers are, when the text says whose they were
_ATTACKERS = {"dead", "attacker", "assailant", "gunman", "militant", "bomber", "insurgent", "fighter", "raider", "perpetrator",
              "killer", "abductor", "kidnapper"}
_ATTRIB_VERBS = {"blame", "accuse", "attribute", "suspect", "hold", "believe", "point", "implicate", "link", "speculate",
                 "allege", "think"} | _SAY_ATTRIB
_SPEECH = {"say", "tell", "state", "announce", "add", "emphasize", "emphasise", "stress", "note", "explain", "confirm",
           "claim", "deny", "write", "insist", "assert", "declare"}
_SPOKES = re.compile(r"\b(spokes(?:man|woman|person)|leader|commander|official|chief|head|member|secretary[- ]general|emir|founder)\b", re.I)


def _group_at(doc: Doc, tok: Token) -> ActorMention | None:
    actors: list[ActorMention] = doc._.tacitus_actors
    for a in actors:
        sp = doc.char_span(a.start, a.end, alignment_mode="expand")
        if sp is not None and sp.start <= tok.i < sp.end:
            return a
    return None


def _subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return c
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
        return _subject(verb.head)
    return None


def _named_group_in(doc: Doc, tok: Token) -> ActorMention | None:
    """The named actor a subject phrase stands for (the phrase itself, or its head noun's modifiers)."""
    for t in [tok, *tok.subtree]:
        a = _group_at(doc, t)
        if a is not None and not a.generic:
            return a
    return None


def _last_group_before(doc: Doc, pos: int) -> ActorMention | None:
    groups = [a for a in doc._.tacitus_actors if not a.generic and not a.person and a.start < pos and a.type != "state"]
    return groups[-1] if groups else None


def _actor_name(a: ActorMention, country: str | None) -> str:
    if a.person and a.member_of:
        return a.member_of
    return a.name or generic_name(load(), a.generic or "unidentified_armed", country)


def _sentence_date(doc: Doc, sent: Span, verb: Token) -> str | None:
    for d in doc._.tacitus_dates:
        if sent.start_char <= d.start < verb.idx and verb.idx - d.end < 40:
            return str(d.date)
    # after the verb, a date that hangs from it ("denied any involvement on Tuesday"), not from the event words
    trig_toks = {t.token for t in doc._.tacitus_triggers or []}
    for d in doc._.tacitus_dates:
        if not (verb.idx < d.start < sent.end_char):
            continue
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None:
            continue
        for anc in span.root.ancestors:
            if anc.i in trig_toks:
                break
            if anc.i == verb.i:
                return str(d.date)
    return None


def _speaker(doc: Doc, sent: Span, verb: Token, actor_tok: Token | None) -> str | None:
    people = [e for e in sent.ents if e.label_ == "PERSON" and (actor_tok is None or not (e.start <= actor_tok.i < e.end))
              and e.text.rstrip(".") not in TITLES]  # "Brig. Gen. Fadl al-Marani": the rank the model took for a name
    for e in people:
        if e.root.head.lemma_.lower() in _SPEECH or e.root.dep_ == "appos" or _SPOKES.search(doc[max(sent.start, e.start - 4):e.end + 6].text):
            return e.text
    return None


def find_claims(doc: Doc) -> list[Claim]:
    events: list[Event] = doc._.tacitus_events
    country = doc._.tacitus_focus_country
    claims: list[Claim] = []
    event_of_token: dict[int, str] = {}
    trig_lemmas: dict[str, set[str]] = {}
    for ev in events:
        trig = ev.field_evidence.get("trigger")
        if trig:
            sp = doc.char_span(trig.start, trig.end, alignment_mode="expand")
            if sp is not None:
                for i in range(sp.start, sp.end):
                    event_of_token[i] = ev.id
                trig_lemmas[ev.id] = {t.lemma_.lower() for t in sp}
    trig_event = {t.token: _event_for_trigger(doc, t.start, events) for t in doc._.tacitus_triggers}

    text = text_of(doc)

    def link(sent: Span, obj_tokens: list[Token]) -> str | None:
        for t in obj_tokens:
            if t.i in trig_event and trig_event[t.i]:
                return trig_event[t.i]
        for t in sent:
            if t.i in trig_event and trig_event[t.i]:
                return trig_event[t.i]
        # "the attack" / "it": the latest event told before this sentence, else the first event
        before = [ev for ev in events if ev.evidence and ev.evidence[0].start < sent.end_char]
        # "claimed the ambush": the latest earlier event told with that same word
        words = {t.lemma_.lower() for t in obj_tokens if t.pos_ in ("NOUN", "VERB")}
        same_word = [ev for ev in before if words & trig_lemmas.get(ev.id, set())]
        if same_word:
            return same_word[-1].id
        if before:
            # an event told in the sentence's own paragraph ("Police said the dead were members of LeT" after the
            # gunfight), else the story's main one; a one-paragraph summary's closing attribution is of its main event
            para_start = text.rfind("\n", 0, sent.start_char) + 1
            here = [ev for ev in before if any(para_start <= e.start < sent.end_char for e in ev.evidence)]
            return _salient(here or before).id
        return events[0].id if events else None

    for sent in doc.sents:
        for tok in sent:
            lem = tok.lemma_.lower()
            stance: Stance | None = None
            obj: list[Token] = []
            if lem == "claim" and tok.pos_ == "VERB":
                obj = [t for c in tok.children if c.dep_ in ("dobj", "prep") for t in c.subtree]
                if any(t.lower_ in _CLAIM_OBJ for t in obj) or any(t.i in trig_event for t in obj):
                    stance = "claim"
            elif lem in ("take", "accept", "assume", "bear") and any(c.dep_ == "dobj" and c.lower_ in ("responsibility", "credit") for c in tok.children):
                stance = "claim"
                obj = list(tok.subtree)
            elif lem in ("deny", "reject", "dismiss") and tok.pos_ == "VERB":
                obj = [t for c in tok.children if c.dep_ in ("dobj", "prep", "xcomp", "ccomp") for t in c.subtree]
                if any(t.lemma_.lower() in _DENY_OBJ for t in obj) or any(t.i in trig_event for t in obj):
                    stance = "denial"
            elif lem == "distance" and any(c.lower_ in ("itself", "themselves") for c in tok.children):
                stance = "denial"
                obj = list(tok.subtree)
            if stance:
                subj = _subject(tok)
                if subj is not None and subj.lower_ in ("no", "nobody", "none") or subj is not None and any(c.lower_ == "no" for c in subj.children):
                    continue
                if any(c.dep_ == "neg" for c in tok.children):
                    continue
                actor = _named_group_in(doc, subj) if subj is not None else None
                if actor is None and subj is not None and subj.lower_ in ("group", "it", "they", "faction", "militants", "organisation", "organization", "movement", "which", "who"):
                    actor = _last_group_before(doc, tok.idx)
                if actor is None:
                    continue
                ev_id = link(sent, obj)
                claims.append(Claim(stance, _actor_name(actor, country), actor.text, Evidence(sent.start_char, sent.end_char, sent.text),
                                    None, actor.text if actor.person else _speaker(doc, sent, tok, subj),
                                    _sentence_date(doc, sent, tok), ev_id))
                continue
            if lem in ("say", "announce", "state", "confirm", "acknowledge", "admit") and tok.pos_ == "VERB":
                own = _own_claim(doc, tok, sent, country, trig_event)
                if own is not None:
                    actor_name, actor_text, obj = own
                    claims.append(Claim("claim", actor_name, actor_text, Evidence(sent.start_char, sent.end_char, sent.text),
                                        None, _speaker(doc, sent, tok, None), _sentence_date(doc, sent, tok), link(sent, obj)))
                    continue
            if lem in _ATTRIB_VERBS and tok.pos_ == "VERB":
                found = _attribution(doc, tok, sent, country)
                if found is not None:
                    (blamed, blamed_text), by = found
                    obj = list(tok.subtree)
                    claims.append(Claim("attribution", blamed, blamed_text, Evidence(sent.start_char, sent.end_char, sent.text),
                                        by, _speaker(doc, sent, tok, None), _sentence_date(doc, sent, tok), link(sent, obj)))
    _speakers_from_next_sentence(doc, claims)
    return _dedupe(claims)


_DID = {"carry", "launch", "conduct", "stage", "strike", "target", "hit", "attack", "kill", "execute", "bomb", "shell",
        "mount", "destroy", "down", "shoot", "ambush", "storm", "raid", "abduct", "kidnap", "seize", "detonate",
        "fire", "blow", "plant", "capture", "behead", "assassinate", "overrun"}
_OWN = {"it", "its", "they", "their", "we", "our", "itself", "themselves"}
_DEED_NOUNS = _CLAIM_OBJ - {"responsibility", "credit", "it", "them"}
# the deeds that tell violence whatever their object (not "carried out a survey", "hit its targets", "seized the moment")
_DEEDS = {"kill", "attack", "destroy", "ambush", "bomb", "shell", "storm", "raid", "abduct", "kidnap", "behead", "assassinate",
          "overrun", "execute", "shoot"}


def _own_claim(doc: Doc, verb: Token, sent: Span, country: str | None,
               trig_event: dict[int, str | None]) -> tuple[str, str, list[Token]] | None:
    """"Al Shabaab said its fighters had carried out the bombing": the speaker's own deed, a claim."""
    subj = _subject(verb)
    if subj is None:
        return None
    actor = _named_group_in(doc, subj)
    if actor is None:
        # the force itself or its spokesman: "the army said", "an army spokesman said"
        generic = next((g for t in [subj, *(c for c in subj.children if c.dep_ in ("compound", "poss"))]
                        if (g := _group_at(doc, t)) is not None), None)
        if generic is None or generic.generic not in ("military", "police"):
            return None
        actor = generic
    weapon_toks = {w.token for w in doc._.tacitus_weapons or []}
    # the deed may hang below the report: "said in a statement posted online that its fighters carried out"
    for comp in verb.subtree:
        that_clause = comp.dep_ == "relcl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in comp.children)
        if not (comp.dep_ == "ccomp" or that_clause) or comp.lemma_.lower() not in _DID or comp.i == verb.i:
            continue
        inner = _subject(comp)
        own_force = inner is not None and actor.generic is not None and (g := _group_at(doc, inner)) is not None \
            and g.generic == actor.generic and g.country in (None, actor.country)  # "an army spokesman said the air force had struck"
        if inner is None or not (({inner.lower_} | {c.lower_ for c in inner.children}) & _OWN or own_force):
            continue
        obj = list(comp.subtree)
        # "said it launched the drones": the weapon names the event as well as a trigger word would, and so does
        # a word for an attack the lexicon does not report on its own ("carried out the 'martyrdom operation'")
        if not any(t.i in trig_event or t.i in weapon_toks or t.lemma_.lower() in _DEED_NOUNS for t in obj) and comp.i not in trig_event \
                and comp.lemma_.lower() not in _DEEDS:  # "its fighters had destroyed the junta's fuel convoy"
            continue
        return _actor_name(actor, country), actor.text, obj
    return None


def _attribution(doc: Doc, verb: Token, sent: Span, country: str | None) -> tuple[tuple[str, str], str | None] | None:
    lem = verb.lemma_.lower()
    subj = _subject(verb)
    by = None
    if subj is not None and subj.dep_ == "nsubj":
        a = _named_group_in(doc, subj)
        by = (a.name if a and a.name else None) or doc[subj.left_edge.i:subj.i + 1].text
    cands: list[Token] = []
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    event_words = {"attack", "bombing", "blast", "strike", "killing", "explosion", "incident", "assault", "it",
                   "ambush", "abduction", "kidnapping", "shooting", "raid", "violence", "massacre", "operation"}
    if lem == "blame":
        if passive and subj is not None:
            cands = [subj]
            by = None
        else:
            dobj = [c for c in verb.children if c.dep_ == "dobj"]
            on = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children if g.dep_ == "pobj"]
            cands = on if on else dobj
    elif lem == "accuse":
        if passive and subj is not None:
            cands, by = [subj], None
        else:
            cands = [c for c in verb.children if c.dep_ == "dobj"]
        if not any(t.lemma_.lower() in event_words | {"carry", "launch", "stage", "kill", "behind"} for t in verb.subtree):
            return None
    elif lem == "attribute":
        if not any(t.lemma_.lower() in event_words for c in verb.children if c.dep_ in ("dobj", "nsubjpass") for t in c.subtree):
            return None
        # "attributed the attack to the FARC": the parser may hang "to" under the attack
        holders = [verb, *(c for c in verb.children if c.dep_ in ("dobj", "nsubjpass"))]
        cands = [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
    elif lem in ("suspect", "believe", "speculate", "allege", "think") or lem in _SAY_ATTRIB:
        # "sources suspect that the Taliban was involved"; "X is suspected/believed to be behind"; a clause
        # before the verb is a sentence of its own the parser joined to it ("No group claimed responsibility;
        # however, Hezbollah is suspected")
        comp = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i]
        members = [(c, s) for c in comp if c.lemma_.lower() in ("be", "belong") and (s := _subject(c)) is not None
                   and s.lemma_.lower() in _ATTACKERS]
        if lem in _SAY_ATTRIB and members:
            # "police said the dead were members of Lashkar-e-Taiba", "the attackers belonged to ISIS"
            cands = [t for c, s in members for t in c.subtree if t.i != s.i and t.dep_ in ("pobj", "attr", "compound", "appos")]
        elif lem in _SAY_ATTRIB and not (any(t.lemma_.lower() in event_words | {"claim", "responsibility"} for t in sent)
                                         and any(t.lower_ in ("behind", "responsible", "involved") for c in comp for t in c.subtree)):
            return None  # saying is attributing only of an attack, and only that someone was behind it
        if passive and subj is not None and lem not in _SAY_ATTRIB:
            if any(t.lower_ in ("behind", "responsible", "involved") or t.lemma_.lower() in ("carry", "stage", "launch") for t in verb.subtree):
                cands, by = [subj], None
            elif not any(c.dep_ in ("xcomp", "ccomp", "advcl") and c.i > verb.i for c in verb.children) and (
                    not any(c.dep_ == "prep" for c in verb.children)
                    or any(c.dep_ == "prep" and c.lower_ in ("of", "in") and any(t.lemma_.lower() in event_words for t in c.subtree)
                           for c in verb.children)):
                cands, by = [subj], None  # "Boko Haram is suspected", "ISIL is suspected of the attack"
        for c in comp:
            s = _subject(c) if c.pos_ in ("VERB", "AUX") else None
            if s is not None and any(t.lower_ in ("behind", "responsible", "involved") or t.lemma_.lower() in ("carry", "stage", "launch", "attack") for t in c.subtree):
                cands = [s]
        for c in verb.children:
            if c.dep_ == "dobj" and lem not in _SAY_ATTRIB:
                cands.append(c)
    elif lem == "hold":
        if not any(c.lower_ == "responsible" for c in verb.subtree):
            return None
        cands = [c for c in verb.children if c.dep_ == "dobj"]
    elif lem in ("point", "implicate", "link"):
        cands = [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "at") for g in c.children if g.dep_ == "pobj"]
        if lem == "implicate" or lem == "link":
            cands += [c for c in verb.children if c.dep_ == "nsubjpass"]
    for c in cands:
        a = _named_group_in(doc, c)
        if a is not None and not a.person:
            return (_actor_name(a, country), a.text), by
    return None


def _event_for_trigger(doc: Doc, start: int, events: list[Event]) -> str | None:
    for ev in events:
        for e in ev.evidence:
            if e.start <= start < e.end:
                return ev.id
    return None


def _salient(events: list[Event]) -> Event:
    return max(events, key=lambda e: (len(e.evidence), e.confidence, -int(e.id[1:])))


_OWN_SPOKES = re.compile(r"\b(?:its|their|the group's|the faction's|the movement's)\s+(?:\w+\s+)?(?:spokes(?:man|woman|person)|leader|commander|official|emir)\s*,?\s*$", re.I)


def _speakers_from_next_sentence(doc: Doc, claims: list[Claim]) -> None:
    """"X denied ... . Abbas al-Zaidi, a leader within the faction, said ...": Zaidi speaks for X."""
    sents = list(doc.sents)
    for c in claims:
        if c.speaker:
            continue
        idx = next((n for n, s in enumerate(sents) if s.start_char == c.evidence.start), None)
        if idx is None:
            continue
        for s in sents[idx + 1: idx + 3]:
            # '"We had nothing to do with it," its spokesman Abdirahman Fahiye told ...'
            own = [e for e in s.ents if e.label_ == "PERSON" and _OWN_SPOKES.search(s.text[max(0, e.start_char - s.start_char - 40): e.start_char - s.start_char])]
            if own:
                c.speaker = own[0].text
                break
            people = [e for e in s.ents if e.label_ == "PERSON" and e.start - s.start <= 1]
            if people and _SPOKES.search(s.text[: people[0].end_char - s.start_char + 60]) and re.search(r"\b(faction|group|movement|organi[sz]ation|militia)\b", s.text[:200], re.I):
                c.speaker = people[0].text
                break


def _dedupe(claims: list[Claim]) -> list[Claim]:
    out: dict[tuple[str, str, str | None], Claim] = {}
    for c in claims:
        key = (c.stance, c.actor, c.event)
        if key in out:
            first = out[key]
            first.speaker = first.speaker or c.speaker
            first.date = first.date or c.date
            first.by = first.by or c.by
        else:
            out[key] = c
    return list(out.values())


def _apply(doc: Doc, claims: list[Claim]) -> None:
    events = {e.id: e for e in doc._.tacitus_events}
    for c in claims:
        ev = events.get(c.event or "")
        if ev is None:
            continue
        if c.stance in ("claim", "attribution"):
            if c.stance == "claim":
                ev.claimed = True
            if not any(a.name == c.actor and a.role == "perpetrator" for a in ev.actors):
                ev.actors.append(Actor(c.actor, c.text, "perpetrator", None, c.stance, c.evidence))
            # "the bomber" was unidentified only until someone claimed or was blamed: the named group replaces it
            ev.actors = [a for a in ev.actors if a.role != "unidentified_perpetrator"]
    for m in _NO_CLAIM.finditer(text_of(doc)):
        sent = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if sent is None:
            continue
        s = sent.sent
        target = None
        for ev in doc._.tacitus_events:
            if any(e.start <= m.start() < e.end for e in ev.evidence):
                target = ev
        if target is None:
            before = [ev for ev in doc._.tacitus_events if ev.evidence and ev.evidence[0].start <= s.end_char]
            target = _salient(before) if before else None
        if target is not None and target.claimed is None:
            target.claimed = False
            target.field_evidence["claimed"] = Evidence(m.start(), m.end(), m.group(0))


def _period_names(doc: Doc, claims: list[Claim]) -> None:
    """Groups named as they were called when the event happened (registry ``period_names``)."""
    know = load()
    events = {e.id: e for e in doc._.tacitus_events}
    for ev in events.values():
        for a in ev.actors:
            entry = know.actors.get(a.name)
            if entry is not None and entry.period_names:
                a.name = entry.name_on(ev.date)
    for c in claims:
        entry = know.actors.get(c.actor)
        ev = events.get(c.event or "")
        if entry is not None and entry.period_names and ev is not None:
            c.actor = entry.name_on(ev.date)


def _claims_component(doc: Doc) -> Doc:
    claims = find_claims(doc)
    _apply(doc, claims)
    _period_names(doc, claims)
    doc._.tacitus_claims = claims
    return doc


@Language.factory("tacitus_claims", assigns=["doc._.tacitus_claims"], requires=["doc._.tacitus_events"], default_config={})
def make_claims(nlp: Language, name: str) -> object:
    """Pipeline component: claims, denials and attributions into ``doc._.tacitus_claims``."""
    return _claims_component
