"""Weapons: mentions of weapon classes from the fixed vocabulary in ``data/weapons.json``."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .knowledge import load
from .matching import LemmaTable, char_spans

__all__ = ["WeaponMention", "make_weapons", "WeaponFinder"]


@dataclass(frozen=True)
class WeaponMention:
    start: int
    end: int
    text: str
    weapon: str
    group: str
    generic: bool
    token: int


class WeaponFinder:
    def __init__(self, nlp: Language) -> None:
        classes = load().weapons["classes"]
        self.info = {k: (v["group"], bool(v.get("generic"))) for k, v in classes.items()}
        self.lemmas = LemmaTable()
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        for key, spec in classes.items():
            if spec["lemmas"]:
                self.lemmas.add(key, spec["lemmas"])
            pats = []
            for p in spec["phrases"]:
                pats.append(nlp.make_doc(p))
                pats.append(nlp.make_doc(p + "s"))
            if pats:
                self.phrases.add(key, pats)

    def __call__(self, doc: Doc) -> Doc:
        found: dict[tuple[int, int], WeaponMention] = {}
        strings = doc.vocab.strings
        matches = [(strings[m], s, e) for m, s, e in self.phrases(doc)] + self.lemmas(doc)
        # longest first, so "car bomb" wins over "bomb" on the same tokens
        matches.sort(key=lambda x: (-(x[2] - x[1]), x[1]))
        covered: set[int] = set()
        for mid, s, e in matches:
            if any(i in covered for i in range(s, e)):
                continue
            key = mid
            # "mine" the pronoun and "mines" as in coal mines are told apart by the tagger
            if key == "landmine" and doc[s].lower_ in ("mine", "mines") and doc[s].pos_ != "NOUN":
                continue
            covered.update(range(s, e))
            span = doc[s:e]
            group, generic = self.info[key]
            found[(s, e)] = WeaponMention(span.start_char, span.end_char, span.text, key, group, generic, s)
        mentions = sorted(found.values(), key=lambda w: w.start)
        doc._.tacitus_weapons = mentions
        doc.spans["tacitus_weapons"] = char_spans(doc, ((w.start, w.end, w.weapon) for w in mentions))
        return doc


@Language.factory("tacitus_weapons", assigns=["doc._.tacitus_weapons", "doc.spans"], default_config={})
def make_weapons(nlp: Language, name: str) -> WeaponFinder:
    """Pipeline component: weapon-class mentions into ``doc._.tacitus_weapons``."""
    return WeaponFinder(nlp)
