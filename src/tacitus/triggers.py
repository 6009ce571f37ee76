"""Event triggers: words that report an event, from ``data/event_lexicon.json``, with the
filters that keep metaphors, sports, threats, hypotheticals and negations from becoming events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .knowledge import load
from .matching import LemmaTable, char_spans, sentence_index, singulars, text_of

__all__ = ["Trigger", "TriggerFinder", "make_triggers", "MODAL_HEADS", "REPORT_VERBS"]

# A trigger under one of these words is not (yet) an event: "threatened to strike", "vowed to attack"
MODAL_HEADS = {"threaten", "vow", "warn", "plan", "plot", "intend", "prepare", "seek", "want", "urge", "pledge",
               "promise", "fear", "prevent", "foil", "thwart", "avert", "call", "demand", "aim", "hope", "consider", "propose", "decide", "agree", "refuse", "allow", "avoid", "ready", "able",
               "risk", "ability", "capability", "capacity", "readiness", "right", "condemn", "deter", "stop", "ban", "prohibit", "justify", "train", "rehearse", "simulate"}
MODAL_AUX = {"will", "would", "could", "might", "may", "should", "shall", "can", "'ll", "must"}
REPORT_VERBS = {"say", "tell", "report", "announce", "state", "confirm", "add", "claim", "deny", "accuse", "blame",
                "note", "emphasize", "emphasise", "stress", "write", "post", "publish", "declare", "assert",
                "insist", "reject", "acknowledge", "label", "describe", "call", "condemn", "mention"}
# Objects that make "attack", "hit", "fire at" figurative: "attacked the proposal"
ABSTRACT = {"trust", "confidence", "hope", "effort", "process", "talks", "dialogue", "peace", "relationship", "ties", "proposal", "plan", "policy", "bill", "idea", "decision", "remark", "comment", "record", "budget", "law",
            "reform", "move", "deal", "report", "claim", "statement", "measure", "initiative", "strategy", "approach",
            "agenda", "corruption", "inflation", "poverty", "problem", "issue", "rumour", "rumor", "allegation",
            "argument", "credibility", "reputation", "character", "democracy", "freedom", "press", "media",
            "economy", "price", "tax", "market", "rate", "opposition", "government", "minister", "president",
            "critic", "rival", "stance", "position", "view", "narrative", "legislation", "amendment", "vote",
            "election", "result", "motion", "resolution", "speech", "idea", "proposition", "question", "performance",
            "defence", "defense", "goal", "target", "deadline", "project", "scheme", "treaty", "agreement", "talk",
            "negotiation", "ruling", "verdict", "court", "judge", "ballot", "candidacy", "leadership", "party",
            "cabinet", "parliament", "senate", "congress", "committee", "board", "text", "document", "draft", "game",
            "pace", "momentum", "lead", "chance", "dream", "campaign", "bid", "offer", "demand", "request"}
# People who "ambush" or "attack" only with words or money: "the bill was ambushed by industry lobbyists"
CIVIL_AGENTS = {"lobbyist", "critic", "analyst", "investor", "shareholder", "regulator", "consumer", "journalist",
                "lawmaker", "legislator", "opponent", "competitor", "rival", "fan", "commentator", "economist", "voter",
                "industry", "devaluation", "inflation", "tariff", "lobby", "creditor", "bondholder", "pundit", "reviewer"}
HYPOTHETICAL = re.compile(r"\b(simulated|simulation|war-?gam(?:e|es|ing)|hypothetical(?:ly)?|scenario|imagined|"
                          r"fictional|tabletop exercise)\b", re.I)
FIGURATIVE_MODS = {"verbal", "political", "personal", "cyber", "heart", "panic", "rhetorical", "legal", "media",
                   "scathing", "blistering", "stinging", "fierce", "bitter", "asthma", "anxiety", "counter",
                   "diplomatic", "written", "public", "ransomware", "phishing", "hacking", "online"}
SPORTS = re.compile(r"\b(match|matches|goal|goals|league|cup|striker|football|soccer|cricket|rugby|tennis|"
                    r"tournament|champions?|championship|season|coach|scored|scoring|wickets?|innings|semi-?final|"
                    r"final whistle|fixture|midfielder|goalkeeper|penalty|playoffs?|olympics?|medal|squad|fans|"
                    r"stadium|derby|kick-?off|half-time|halftime|nba|nfl|fifa|uefa|straight sets|in the final|grand slam)\b", re.I)
WEAPONISH = re.compile(r"\b(gunmen|gunfire|bomb|bombs|explosives?|rifles?|grenades?|missiles?|rockets?|drones?|troops|soldiers|militants?|police)\b", re.I)
DISRUPTED = {"seize", "find", "recover", "confiscate", "defuse", "discover", "dismantle", "neutralize", "neutralise",
             "detect", "uncover", "destroy", "deactivate", "disarm", "intercept"}
LABOUR = re.compile(r"\b(on strike|general strike|strike action|went on strike|go on strike|labou?r strike|"
                    r"workers'? strike|strikers|trade unions?|labou?r unions?|union (?:members|leaders|officials)|walkout|hunger strike|teachers'? strike|"
                    r"doctors'? strike|nurses'? strike|transport strike)\b", re.I)


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    text: str
    token: int  # syntactic head of the trigger words
    subtype: str | None
    family: str | None
    weight: int
    sent: int
    generic: bool  # a bare plural with nothing specific ("attacks on bases"): can join, cannot found, an event
    definite: bool  # "the attack", "this blast": refers back to an event already told
    fallback: bool = False  # a weak cue ("workers demanded their wages"): an event only where the story tells no other


class TriggerFinder:
    def __init__(self, nlp: Language) -> None:
        lex = load().lexicon
        self.entries: dict[str, dict[str, object]] = {}
        self.words = LemmaTable()
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        for n, t in enumerate(lex["triggers"]):
            key = f"T{n}"
            self.entries[key] = t
            if "lemma" in t:
                self.words.add(key, [str(t["lemma"])], t.get("pos"))
            else:
                p = str(t["phrase"])
                self.phrases.add(key, [nlp.make_doc(p), nlp.make_doc(p + "s"), nlp.make_doc(p + "es")])

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        spans = [Span(doc, s, e, label=strings[m]) for m, s, e in self.phrases(doc)]
        spans += [Span(doc, s, e, label=k) for k, s, e in self.words(doc)]
        # a sports story: three or more sports words and no weapon word anywhere in it
        sporty = len(SPORTS.findall(text_of(doc))) >= 3 and not WEAPONISH.search(text_of(doc))
        sents, sent_of = sentence_index(doc)
        found: list[Trigger] = []
        # several entries may match the same words ("beat" to death, "beat" up): the first whose
        # conditions hold is the one
        labels: dict[tuple[int, int], list[str]] = {}
        for sp in spans:
            labels.setdefault((sp.start, sp.end), []).append(sp.label_)
        for sp in filter_spans(spans):
            head = sp.root
            entry = next((self.entries[k] for k in labels[(sp.start, sp.end)] if _fits(self.entries[k], head)), None)
            if entry is None:
                continue
            sent = sents[sent_of[head.i]]
            subtype, family = entry.get("subtype"), entry.get("family")
            if family == "explosion" and head.pos_ == "NOUN" and head.head.lemma_.lower() in DISRUPTED:
                subtype, family = "disrupted_weapons_use", None  # "police defused a bomb", "seized explosives"
            if family == "strike" and LABOUR.search(sent.text):
                subtype, family = None, "protest"
            if _blocked(head, sent, str(family or subtype)) or (sporty and family != "protest"):
                continue
            weight = entry.get("weight", 1)
            if not isinstance(weight, (int, float, str)):  # int() refuses anything else the same way
                raise TypeError(f"trigger weight must be a number, not {weight!r}")
            found.append(Trigger(
                sp.start_char, sp.end_char, sp.text, head.i, subtype if isinstance(subtype, str) else None,
                family if isinstance(family, str) else None, int(weight), sent_of[head.i],
                _is_generic(head), _is_definite(head), bool(entry.get("fallback")),
            ))
        found.sort(key=lambda t: t.start)
        doc._.tacitus_triggers = found
        doc.spans["tacitus_triggers"] = char_spans(doc, ((t.start, t.end, t.subtype or t.family or "event") for t in found))
        return doc


ARMED = {"army", "military", "force", "troop", "soldier", "rebel", "militant", "fighter", "militia", "enemy",
         "insurgent", "regime", "jihadist", "separatist", "artillery", "frontline"}


def _armed_position(tok: Token) -> bool:
    """ "rebel positions", "the positions of the army": a place held by armed men, not a stance."""
    if tok.lemma_.lower() not in ("position", "post", "line", "target", "hideout", "base"):  # "militant targets"
        return False
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss")]  # "government forces' position"
    owners = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.subtree if g.dep_ in ("pobj", "compound", "amod")]
    return any(t.lemma_.lower() in ARMED or t.ent_type_ in ("NORP", "ORG") for t in mods + owners)


def _fits(entry: dict[str, object], head: Token) -> bool:
    """Whether the entry's object and subject conditions hold around its head word."""
    req = entry.get("requires_object")
    if isinstance(req, list) and not any(c.lemma_.lower() in req or any(w in req for w in singulars(c))
                                         for c in [*(c for c in head.subtree if c.i != head.i), *_passive_subject(head)]):
        return False
    # "rockets hit the base", "drones slammed into a depot": the verb reports an attack only with a weapon as subject
    req_subj = entry.get("requires_subject")
    if isinstance(req_subj, list) and entry.get("fallback"):
        # a weak cue, read in notes the parser often gets wrong ("employees of the hospital ... demanding
        # salaries"): the people named before it in its sentence
        return any(t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in req_subj for t in head.doc[head.sent.start:head.i])
    if isinstance(req_subj, list) and not any(
            any(w.lemma_.lower() in req_subj or w.lower_ in req_subj for w in _subject_words(c)) for c in _subjects(head)):
        return False
    return True


def _subjects(head: Token) -> list[Token]:
    """Who does what a verb says: its subject; for a participle, the noun it describes ("employees ...
    demanding their salaries"); for a second verb without its own, the first one's ("workers marched and
    demanded ...")."""
    own = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if own:
        return own
    if head.dep_ == "acl":
        return [head.head]
    if head.dep_ == "conj" and head.head.pos_ in ("VERB", "AUX"):
        return [c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return []


def _passive_subject(head: Token) -> list[Token]:
    """What a passive verb was done to: "a man was tied up and beaten" (the subject of "tied", which "beaten"
    joins), "two houses were destroyed"."""
    if head.tag_ != "VBN":
        return []
    verb = head.head if head.dep_ == "conj" and head.head.pos_ == "VERB" else head
    return [w for c in verb.children if c.dep_ == "nsubjpass" for w in (c, *(g for g in c.children if g.dep_ == "compound"))]


def _subject_words(subj: Token) -> list[Token]:
    """The subject and the words that name it with it: "migrant labourers", "residents and traders", and
    what a number stands for ("hundreds of migrant labourers")."""
    words = [subj, *(g for g in subj.children if g.dep_ in ("compound", "conj"))]
    if subj.lemma_.lower() in ("hundred", "thousand", "dozen", "score", "group", "crowd", "number"):
        words += [g for c in subj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    return words


def _is_generic(tok: Token) -> bool:
    if tok.tag_ != "NNS":
        return False
    return not any(c.dep_ in ("det", "nummod", "poss") for c in tok.children)


def _is_definite(tok: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their") for c in tok.children)


_HARM = {"kill", "shoot", "injure", "wound", "attack", "beat", "stab", "murder", "abduct", "kidnap", "behead", "hack", "execute"}


def _victim_of_harm(tok: Token) -> bool:
    """Whether the noun phrase the word is part of is what a verb of harm was done to: the subject of its
    passive ("a vigilante ... was killed") or its object ("gunmen shot dead a vigilante")."""
    node = tok
    while node.dep_ in ("compound", "amod", "pobj", "prep", "relcl", "appos") and node.head is not node:
        node = node.head
    return node.head.lemma_.lower() in _HARM and (node.dep_ == "nsubjpass" or node.dep_ == "dobj" and node.head.pos_ == "VERB")


def _blocked(tok: Token, sent: Span, kind: str) -> bool:
    """True when the trigger does not report a real event (metaphor, sport, threat, negation, modality)."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if HYPOTHETICAL.search(sent.text):
        return True  # "in the simulated timeline the city fell": a war-game, a scenario, fiction
    if _scare_quoted(tok) and (not any(t.lemma_.lower() in ARMED for c in _subjects(tok) for t in _subject_words(c))
                               or any(a.lemma_.lower() in REPORT_VERBS for a in tok.ancestors)):
        # a word in quotes on its own: its investment had been "massacred" by devaluation (but a force that
        # "bombarded" a compound did, whoever's word it is; told as someone's words, "the group said its
        # fighters had 'stormed' a camp", it is their claim, which the story tells apart)
        return True
    if kind == "violence" and tok.lemma_.lower() in ("kill", "killing", "injure", "wound", "die") and _mishap(tok):
        return True  # "five people were killed in a road accident": no one did it
    if kind == "mob_violence" and tok.pos_ in ("NOUN", "ADJ") and _victim_of_harm(tok):
        return True  # "a member of the local vigilante group was shot dead": the vigilante suffered it, no mob did it
    if tok.lemma_.lower() in ("injure", "wound") and tok.dep_ in ("amod", "compound", "nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos"):
        return True  # "another wounded soldier died", "three of the wounded": people, not a report of the injuring
    if tok.pos_ == "VERB" and tok.lemma_.lower() in ("fire", "hit", "strike", "shoot"):
        if any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in tok.children) and any(
                c.dep_ in ("advcl", "ccomp") and c.lemma_.lower() in ("say", "tell", "call", "accuse", "argue") for c in tok.children):
            return True  # "fired back, saying": an answer in words
        if any(c.dep_ == "dobj" and c.lower_ in ("himself", "herself", "itself", "themselves", "ourselves", "yourself")
               for c in tok.children) and any(t.lower_ == "foot" for t in tok.subtree):
            return True  # "shooting themselves in the foot"
        if any(c.dep_ == "dobj" and c.lemma_.lower() in ("shot", "salvo") and any(
                m.lower_ in ("first", "opening", "parting") for m in c.children) for c in tok.children):
            return True  # "they have fired the first shot" in a price war
    if tok.pos_ == "VERB" and any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children) and tok.lemma_.lower() in ("attack", "slam", "blast", "hit"):
        return True  # "attacked the gathering as an insult": criticism
    if any(c.dep_ == "det" and c.lower_ in ("no", "any") for c in tok.children):
        return True  # "no attack", "before any strike began": nothing happened (yet)
    if any(c.dep_ == "prep" and c.lower_ in ("like",) for c in tok.children) and tok.pos_ == "VERB":
        return True  # a simile: "fought like warriors"
    if tok.pos_ == "VERB" and any(c.dep_ in ("aux",) and c.lower_ in MODAL_AUX for c in tok.children):
        return True
    node = tok
    for _ in range(4):
        if node.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep", "advcl", "nsubj", "acl", "compound", "amod") and node.head is not node:
            if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
                return True
            node = node.head
            if node.lemma_.lower() in MODAL_HEADS and node.i != tok.i and not (kind == "protest" and node.lemma_.lower() == "demand"):
                # (people who protest demand something: "workers protested in Haridwar demanding to go home")
                # "vowed to continue attacks" is a threat; "condemned the attack" reports one (handled below)
                if node.lemma_.lower() in ("condemn", "justify", "stop", "prevent", "foil", "thwart", "avert") and tok.pos_ == "NOUN":
                    return node.lemma_.lower() in ("prevent", "foil", "thwart", "avert")
                return True
            if node.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ in MODAL_AUX for c in node.children) and tok.pos_ == "VERB":
                return True
        else:
            break
    if kind in ("violence", "strike", "explosion", "armed_clash", "shelling_artillery_missile_attack"):
        mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound")}
        if mods & FIGURATIVE_MODS:
            return True
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        objs += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "against") for g in c.children
                 if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME")]
        agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if agents and all(a.lemma_.lower() in ABSTRACT | CIVIL_AGENTS for a in agents):
            return True  # "we were ambushed by their pace"
        armed = any(c.dep_ in ("amod", "compound") and c.lemma_.lower() in _weapon_lemmas() for c in tok.children)
        if objs and not armed and all(o.lemma_.lower() in ABSTRACT and o.ent_type_ == "" and not _armed_position(o) for o in objs):
            return True  # ... but "a mortar attack on a market" is no figure of speech
        if SPORTS.search(sent.text) and not re.search(r"\b(killed|dead|wounded|injured|bomb|gunmen|troops|militants?)\b", sent.text, re.I):
            return True
    return False


@lru_cache(maxsize=1)
def _weapon_lemmas() -> frozenset[str]:
    """One-word weapons of the weapon lexicon ("mortar", "rocket", "grenade")."""
    return frozenset(w for c in load().weapons["classes"].values() for w in c.get("lemmas", []))


# what kills or injures without anyone doing it: "killed in a road accident", "injured when a tunnel collapsed"
MISHAPS = {"accident", "crash", "collision", "earthquake", "quake", "flood", "flooding", "landslide", "mudslide",
           "avalanche", "storm", "cyclone", "hurricane", "typhoon", "tornado", "lightning", "stampede", "drowning",
           "heatwave", "outbreak", "epidemic", "disease", "illness", "overdose", "electrocution", "cancer", "covid",
           "coronavirus", "cause", "complication", "stroke", "age", "infection"}
MISHAP_VERBS = {"collapse", "crash", "capsize", "overturn", "sink", "derail", "drown"}


def _mishap(tok: Token) -> bool:
    """The killing or injury was a mishap: an accident, a disaster, a collapse, an illness (its own clause says
    so: "died of cancer", "died of a heart attack")."""
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by", "after", "during", "from", "of"):
            if any(g.dep_ == "pobj" and (g.lemma_.lower() in MISHAPS or g.lemma_.lower() == "attack" and any(
                    h.lower_ == "heart" for h in g.children)) for g in c.children):
                return True
        if c.dep_ == "advcl" and c.lemma_.lower() in MISHAP_VERBS:
            return True  # "injured when a tunnel collapsed"
    return False


def _scare_quoted(tok: Token) -> bool:
    """The trigger is one word set in quotation marks inside a sentence ("had been "massacred"")."""
    doc = tok.doc
    left = [t for t in doc[max(0, tok.i - 3):tok.i] if t.text in ('"', "“", "'", "‘")]
    right = [t for t in doc[tok.i + 1:tok.i + 4] if t.text in ('"', "”", "'", "’")]
    return bool(left and right) and right[0].i - left[-1].i == 2


@Language.factory("tacitus_triggers", assigns=["doc._.tacitus_triggers", "doc.spans"], default_config={})
def make_triggers(nlp: Language, name: str) -> TriggerFinder:
    """Pipeline component: event trigger words into ``doc._.tacitus_triggers``."""
    return TriggerFinder(nlp)
