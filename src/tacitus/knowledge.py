"""Curated knowledge: loaders for the data files in ``tacitus/data`` (or a user's own copies).

Every file is read once per process and validated; a broken file raises ``DataFileError`` naming
the file and line. Set ``TACITUS_DATA_DIR`` to a folder with files of the same names to extend or
replace the shipped ones (files missing there fall back to the shipped copies).
"""

from __future__ import annotations

import csv
import json
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DataFileError

__all__ = [
    "ActorEntry", "GenericClass", "Country", "Knowledge", "load", "data_path", "fold", "place_key",
]


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text`` with accents, quotes and extra spaces removed."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[\u2018\u2019'`ʿʾ]", "", text.lower())
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


_ARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "the"}


def place_key(text: str) -> str:
    """Loose key under which transliteration variants of a place name meet.

    "Ḩadīthah", "Al Hadithah", "Haditha" -> "hadita"; "Ain al-Asad", "Ayn al Asad" -> "ain asad".
    """
    words = [w for w in fold(text).split() if w not in _ARTICLES]
    out = []
    for w in words:
        w = w.replace("ee", "i")  # "Heet" / "Hit", before doubled letters fold ("ee" would become "e")
        w = re.sub(r"(.)\1+", r"\1", w)  # doubled letters: "Assad" / "Asad"
        w = w.replace("ou", "u").replace("kh", "k").replace("dh", "d").replace("th", "t")
        w = re.sub(r"(?<=[aeiou])h$", "", w)  # final -ah / -eh: "Hadithah" / "Haditha"
        w = re.sub(r"^ay(?=n)", "ai", w)  # "Ayn" / "Ain"
        w = w.replace("y", "i") if len(w) > 3 else w
        out.append(w)
    return " ".join(out)


def data_path(name: str) -> Path:
    user = os.environ.get("TACITUS_DATA_DIR")
    if user and (Path(user) / name).is_file():
        return Path(user) / name
    return Path(str(resources.files("tacitus") / "data" / name))


def _read_json(name: str) -> Any:
    path = data_path(name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(f"data file {path} is missing") from None
    except json.JSONDecodeError as exc:
        raise DataFileError(f"data file {path} is not valid JSON (line {exc.lineno}: {exc.msg})") from None


@dataclass(frozen=True)
class ActorEntry:
    name: str
    aliases: tuple[str, ...]
    type: str
    inter: int | None
    country: str | None
    parent: str | None = None
    member_of: str | None = None
    role: str | None = None
    affiliations: tuple[dict[str, Any], ...] = ()
    # the name the group went by in a period: {"name", "from", "to"} (ISO dates, inclusive)
    period_names: tuple[dict[str, str], ...] = ()
    # the countries a group regularly acts in, where more than its home country (Al Shabaab: Somalia, Kenya,
    # Ethiopia); empty for a group of one country
    active_in: tuple[str, ...] = ()

    @property
    def one_country(self) -> str | None:
        """The one country the group acts in, or None when it acts in several or has no country."""
        return self.country if self.country and set(self.active_in) <= {self.country} else None

    def name_on(self, day: str | None) -> str:
        """The name the group used on ``day`` (YYYY-MM-DD): Al-Nusrah Front in 2013, not its later name."""
        if day:
            for p in self.period_names:
                if p.get("from", "0000") <= day <= p.get("to", "9999"):
                    return p["name"]
        return self.name

    @property
    def is_person(self) -> bool:
        return self.type == "person"


@dataclass(frozen=True)
class GenericClass:
    key: str
    name: str
    type: str
    inter: int
    armed: bool
    unidentified: bool
    words: tuple[str, ...]


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    names: tuple[str, ...]  # the name, demonyms and other forms


@dataclass
class Knowledge:
    actors: dict[str, ActorEntry]
    actor_alias: dict[str, str]  # folded alias -> canonical name
    generic: dict[str, GenericClass]
    generic_word: dict[str, str]  # folded word -> class key
    countries: dict[str, Country]
    country_alias: dict[str, str]  # folded name/demonym -> code (case-sensitive forms kept apart)
    lexicon: dict[str, Any]
    weapons: dict[str, Any]
    exact_case_aliases: dict[str, str] = field(default_factory=dict)  # short all-caps aliases, matched as written
    # phrases that place a story in one country as firmly as its name (a mission whose mandate is that country)
    country_cues: dict[str, str] = field(default_factory=dict)  # folded cue -> code


def _load_actors() -> tuple[dict[str, ActorEntry], dict[str, str], dict[str, str]]:
    path = data_path("actors.jsonl")
    actors: dict[str, ActorEntry] = {}
    alias: dict[str, str] = {}
    exact: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DataFileError(f"data file {path} is missing") from None
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            d = json.loads(line)
            entry = ActorEntry(
                name=d["name"], aliases=tuple(d.get("aliases") or ()), type=d["type"], inter=d.get("inter"),
                country=d.get("country"), parent=d.get("parent"), member_of=d.get("member_of"),
                role=d.get("role"), affiliations=tuple(d.get("affiliations") or ()),
                period_names=tuple(d.get("period_names") or ()), active_in=tuple(d.get("active_in") or ()),
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DataFileError(f"{path}:{n}: bad actor entry ({exc})") from None
        actors[entry.name] = entry
        for form in (entry.name, *entry.aliases):
            # Short upper-case forms ("KH", "IS", "PKK") only match as written, so "is" never does.
            if len(form) <= 4 and form.upper() == form:
                exact.setdefault(form, entry.name)
            else:
                alias.setdefault(fold(form), entry.name)
    return actors, alias, exact


def _load_generic() -> tuple[dict[str, GenericClass], dict[str, str]]:
    raw = _read_json("generic_actors.json")["classes"]
    classes: dict[str, GenericClass] = {}
    words: dict[str, str] = {}
    for key, d in raw.items():
        classes[key] = GenericClass(key, d["name"], d["type"], int(d["inter"]), bool(d["armed"]),
                                    bool(d.get("unidentified")), tuple(d["words"]))
        for w in d["words"]:
            words.setdefault(fold(w), key)
    return classes, words


def _load_countries() -> tuple[dict[str, Country], dict[str, str]]:
    path = data_path("countries.tsv")
    countries: dict[str, Country] = {}
    alias: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or not re.fullmatch(r"[A-Z]{2}", parts[0]):
            raise DataFileError(f"{path}:{n}: expected 'CODE<TAB>name<TAB>other names'")
        names = (parts[1], *(p for p in (parts[2].split("|") if len(parts) > 2 else []) if p))
        countries[parts[0]] = Country(parts[0], parts[1], names)
        for form in names:
            alias.setdefault(form if (len(form) <= 4 and form.isupper()) or "." in form else fold(form), parts[0])
    for code, c in countries.items():
        # the possessive written without its apostrophe, as some coders' notes do: "Kenyas two main cities"
        alias.setdefault(fold(c.name + "s"), code)
    return countries, alias


def tsv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, row) of a curated tab-separated file with a header; lines starting with # are notes."""
    with path.open(encoding="utf-8") as fh:
        reader = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        yield from enumerate(reader, 2)


def _load_cues(countries: dict[str, Country]) -> dict[str, str]:
    path = data_path("country_cues.tsv")
    if not path.exists():
        raise DataFileError(f"data file {path} is missing")
    out: dict[str, str] = {}
    for n, row in tsv_rows(path):
        cue, code = (row.get("cue") or "").strip(), (row.get("country") or "").strip()
        if not cue or code not in countries:
            raise DataFileError(f"{path}:{n}: expected 'cue<TAB>country code<TAB>note' with a known country code")
        out[fold(cue)] = code
    return out


@lru_cache(maxsize=1)
def load() -> Knowledge:
    """All curated knowledge, loaded once per process."""
    actors, alias, exact = _load_actors()
    generic, gwords = _load_generic()
    countries, calias = _load_countries()
    return Knowledge(actors, alias, generic, gwords, countries, calias, _read_json("event_lexicon.json"),
                     _read_json("weapons.json"), exact, _load_cues(countries))
