"""Tacitus: evidence-linked political-violence events, claims and denials from news articles."""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import TacitusError
from .extract import extract_batch, extract_source, extract_text
from .model import Actor, Article, Claim, Event, Evidence, Place, Result

__all__ = [
    "__version__", "extract_text", "extract_source", "extract_batch", "Article", "Event", "Actor", "Place",
    "Claim", "Evidence", "Result", "TacitusError",
]
