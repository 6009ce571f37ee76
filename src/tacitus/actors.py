"""Actors: named groups, state forces and people from the actor registry, unknown armed groups
named in the text, and generic actors ("gunmen", "soldiers", "protesters") with their country.

Registry matches also repair the entity layer: a group the model tags PERSON ("Kataib Sayyid
al-Shuhada") becomes ORG, and a name the model cuts short ("The Islamic Resistance" | "in Iraq")
is taken whole, because the registry's alias covers all of it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .knowledge import Knowledge, fold, load
from .matching import char_spans, text_of

__all__ = ["ActorMention", "ActorFinder", "make_actors", "country_of_text", "generic_name"]

_GROUP_WORDS = re.compile(
    r"\b(front|army|brigades?|battalions?|movement|militia|liberation|resistance|jihad|mujahideen|mujahidin|"
    r"taliban|faction|legion|guards?|commandos?|insurgents?|rebels?|tigers|cartel|gang|squad|corps|jamaat|"
    r"jama'at|ansar|hezbollah|hizb|lashkar|jaish|harakat|tehrik|kataib|kata'ib|saraya|liwa)\b",
    re.I,
)


_BRANCH = re.compile(r"^(?:\s+group)?(?:['’]s)?\s+(?P<country>[A-Z][\w.]+(?:\s[A-Z]\w+)?)\s+"
                     r"(?:branch|affiliate|wing|province|franchise|offshoot|chapter)\b")


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    token: int  # index of the mention's head token
    name: str | None  # canonical name; None for generic actors until their country is known
    generic: str | None  # generic class key
    country: str | None
    type: str | None
    armed: bool
    unidentified: bool = False
    person: bool = False
    member_of: str | None = None


def country_of_text(know: Knowledge, text: str) -> str | None:
    """ISO code for a country name or demonym as written ("U.S.", "Iraqi", "Kenyan")."""
    return know.country_alias.get(text) or know.country_alias.get(fold(text))


def generic_name(know: Knowledge, key: str, country: str | None) -> str:
    cls = know.generic[key]
    if country is None or country not in know.countries:
        return re.sub(r"\s*\(\{country\}\)|\s*of \{country\}", "", cls.name)
    cname = know.countries[country].name
    for cand in (cls.name.format(country=cname), cls.name.format(country="the " + cname)):
        if cand in know.actors:
            return cand
    return cls.name.format(country=cname)


def _variants(form: str) -> set[str]:
    out = {form, form.replace("'", "’"), form.replace("’", "'"), form.replace("-", " "), form.replace("'", "")}
    return {v for v in out if v.strip()}


_RELATED = re.compile(r"-(?:linked|affiliated|allied|aligned|inspired|backed|sponsored|funded)\b", re.I)


class ActorFinder:
    def __init__(self, nlp: Language) -> None:
        know = self.know = load()
        # (parent, country) -> the branch entry: "Islamic State" + SO -> "Islamic State (Somalia)"
        self._children: dict[tuple[str, str | None], str] = {}
        for a in know.actors.values():
            if a.parent and a.country:
                self._children.setdefault((a.parent, a.country), a.name)
        self.named = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.generic = PhraseMatcher(nlp.vocab, attr="LOWER")
        for entry in know.actors.values():
            forms = [entry.name, *entry.aliases]
            loose = [nlp.make_doc(v) for f in forms if not (len(f) <= 4 and f.isupper()) for v in _variants(f)]
            strict = [nlp.make_doc(f) for f in forms if len(f) <= 4 and f.isupper()]
            if loose:
                self.named.add(entry.name, loose)
            if strict:
                self.exact.add(entry.name, strict)
        for key, cls in know.generic.items():
            pats = []
            for w in cls.words:
                pats.append(nlp.make_doc(w))
                if not w.endswith("s"):
                    pats.append(nlp.make_doc(w + "s"))
            self.generic.add(key, pats)

    def _country_near(self, doc: Doc, span: Span) -> str | None:
        """Country written just before a generic noun: "Iraqi soldiers", "U.S. troops", "Kenya Police"."""
        j = span.start - 1
        steps = 0
        while j >= 0 and steps < 3:
            tok = doc[j]
            code = country_of_text(self.know, tok.text)
            if code:
                return code
            if j >= 1 and country_of_text(self.know, doc[j - 1].text + " " + tok.text):
                return country_of_text(self.know, doc[j - 1].text + " " + tok.text)
            if tok.pos_ not in ("ADJ", "PROPN", "NOUN", "PUNCT", "PART") or tok.text in (",", ";"):
                break
            j -= 1
            steps += 1
        return None

    def _branch(self, doc: Doc, sp: Span, parent: str) -> tuple[str, int] | None:
        """The registry entry for "<group>('s) <country> branch|affiliate|wing|province" and where it ends."""
        m = _BRANCH.match(text_of(doc)[sp.end_char:sp.end_char + 80])
        if m is None:
            return None
        code = country_of_text(self.know, m.group("country"))
        child = self._children.get((parent, code)) if code else None
        if child is None:
            return None
        end = doc.char_span(sp.start_char, sp.end_char + m.end(), alignment_mode="expand")
        return (child, end.end) if end is not None else None

    def __call__(self, doc: Doc) -> Doc:
        know = self.know
        named: list[Span] = []
        for matcher in (self.named, self.exact):
            for mid, s, e in matcher(doc):
                named.append(Span(doc, s, e, label=doc.vocab.strings[mid]))
        named = filter_spans(named)
        mentions: list[ActorMention] = []
        taken: set[int] = set()
        text = text_of(doc)
        for sp in named:
            if _RELATED.match(text, sp.end_char):
                continue  # "Al-Qaeda-linked fighters", "Iran-backed militias": whom they are tied to, not who acted
            entry = know.actors[sp.label_]
            branch = self._branch(doc, sp, entry.name)
            if branch is not None:  # "the Islamic State group's Somalia branch" -> Islamic State (Somalia)
                entry, sp = know.actors[branch[0]], Span(doc, sp.start, branch[1], label=branch[0])
            start, end = sp.start, sp.end
            if doc[start].lower_ == "the" and not entry.name.lower().startswith("the "):
                start += 1
            span = doc[start:end]
            taken.update(range(sp.start, sp.end))
            mentions.append(ActorMention(
                span.start_char, span.end_char, span.text, span.root.i, entry.name, None, entry.country, entry.type,
                entry.type not in ("protesters", "civilians", "person"), False, entry.is_person, entry.member_of,
            ))
        # a group's wider name stands for the one group of it the text names, where that group is a branch named
        # after it ("al-Qaeda" in a story that names Al-Qaeda in the Arabian Peninsula, "Islamic State" beside its
        # Khorasan province) or the name is the movement's members ("Maoists" beside the Communist Party of India
        # (Maoist)). Not a body with a name of its own ("Lashkar-e-Taiba" beside its offshoot The Resistance Front,
        # the Taliban beside the Haqqani Network), nor a group of another kind (the Houthis' Sanaa army)
        children: dict[str, set[str]] = {}
        for m in mentions:
            parent = know.actors[m.name].parent if m.name else None
            if parent and parent in know.actors and know.actors[parent].type == m.type:
                children.setdefault(parent, set()).add(m.name)  # type: ignore[arg-type]
        for k, m in enumerate(mentions):
            if m.name in children and len(children[m.name]) == 1:
                child = know.actors[next(iter(children[m.name]))]
                if child.name.lower().startswith(m.name.lower()) or doc[m.token].tag_ in ("NNS", "NNPS"):
                    mentions[k] = dataclasses.replace(m, name=child.name, country=child.country, type=child.type)
        # repair the entity layer with registry matches
        fixed = [Span(doc, sp.start, sp.end, label="PERSON" if know.actors[sp.label_].is_person else "ORG") for sp in named]
        keep = [e for e in doc.ents if not any(e.start < f.end and f.start < e.end for f in fixed)]
        doc.set_ents(filter_spans(fixed + keep))
        # armed groups the registry does not know, named by the text
        for ent in doc.ents:
            if ent.label_ in ("ORG", "NORP") and not taken.intersection(range(ent.start, ent.end)) and _GROUP_WORDS.search(ent.text):
                start = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
                span = doc[start:ent.end]
                if not span.text.strip():
                    continue
                taken.update(range(ent.start, ent.end))
                mentions.append(ActorMention(span.start_char, span.end_char, span.text, span.root.i, span.text, None,
                                             None, "unknown_group", True, False))
        ent_tokens = {i for e in doc.ents if e.label_ in ("ORG", "PERSON", "FAC", "GPE", "LOC") for i in range(e.start, e.end)}
        generic_spans = filter_spans([Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in self.generic(doc)])
        for sp in generic_spans:
            if taken.intersection(range(sp.start, sp.end)) or ent_tokens.intersection(range(sp.start, sp.end)):
                continue
            if sp.root.pos_ not in ("NOUN", "PROPN"):
                continue
            cls = know.generic[sp.label_]
            country = self._country_near(doc, sp)
            name = generic_name(know, cls.key, country) if country else None
            mentions.append(ActorMention(sp.start_char, sp.end_char, sp.text, sp.root.i, name, cls.key, country, cls.type,
                                         cls.armed, cls.unidentified))
        mentions.sort(key=lambda m: m.start)
        doc._.tacitus_actors = mentions
        doc.spans["tacitus_actors"] = char_spans(doc, ((m.start, m.end, m.type or "actor") for m in mentions), "expand")
        return doc


@Language.factory("tacitus_actors", assigns=["doc._.tacitus_actors", "doc.ents", "doc.spans"], default_config={})
def make_actors(nlp: Language, name: str) -> ActorFinder:
    """Pipeline component: actor mentions into ``doc._.tacitus_actors``; repairs ``doc.ents``."""
    return ActorFinder(nlp)
