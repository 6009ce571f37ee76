"""Single-token lexicon matching by lemma or lower-case form, one dictionary lookup per token.

spaCy's ``Matcher`` with one pattern per lexicon entry costs more than the rest of a component;
a dictionary keyed by the word is enough for one-token entries and keeps the lookups O(1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

__all__ = ["LemmaTable", "TITLES", "char_spans", "sentence_index", "singulars"]


class LemmaTable:
    """Maps a word (as lemma or lower-case form) to the lexicon keys it triggers."""

    def __init__(self) -> None:
        self._table: dict[str, list[tuple[str, frozenset[str] | None]]] = defaultdict(list)

    def add(self, key: str, words: list[str], pos: list[str] | None = None) -> None:
        tags = frozenset(pos) if pos else None
        for w in words:
            self._table[w.lower()].append((key, tags))

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """``(key, start, end)`` for every token whose lemma or lower form is in the table."""
        table = self._table
        out: list[tuple[str, int, int]] = []
        for tok in doc:
            hits = table.get(tok.lemma_.lower()) or table.get(tok.lower_) or next(
                (table[w] for w in singulars(tok) if w in table), None)
            if not hits:
                continue
            for key, tags in hits:
                if tags is None or tok.pos_ in tags:
                    out.append((key, tok.i, tok.i + 1))
        return out


# abbreviated ranks and titles before a name, with or without the tokenizer's period ("Brig", ".", "Gen.")
TITLES = {t + p for t in ("Brig", "Gen", "Col", "Lt", "Maj", "Capt", "Sgt", "Cpl", "Cmdr", "Adm", "Gov", "Sen", "Rep", "Insp",
                          "Supt", "Prof", "Rev", "Dr", "Mr", "Mrs", "Ms", "Hon") for p in ("", ".")}


def singulars(tok: Token) -> tuple[str, ...]:
    """The singular a capitalised plural may stand for, which the model keeps as a proper noun's lemma:
    "3 Grad Missiles" (missile), "Rockets" (rocket); nothing for other words."""
    low = tok.lower_
    if tok.pos_ != "PROPN" or tok.lemma_ != tok.text or len(low) < 5 or not low.endswith("s") or low.endswith("ss"):
        return ()
    return (low[:-1], low[:-2]) if low.endswith("es") else (low[:-1],)


def sentence_index(doc: Doc) -> tuple[list[Span], list[int]]:
    """The doc's sentences and, per token, the number of its sentence (computed once per doc)."""
    cached: tuple[list[Span], list[int]] | None = doc.user_data.get("tacitus_sentence_index")
    if cached is None:
        sents = list(doc.sents)
        index = [0] * len(doc)
        for n, s in enumerate(sents):
            index[s.start:s.end] = [n] * (s.end - s.start)
        cached = (sents, index)
        doc.user_data["tacitus_sentence_index"] = cached
    return cached


def char_spans(doc: Doc, marks: Iterable[tuple[int, int, str]], alignment_mode: str = "strict") -> list[Span]:
    """The doc's spans for ``(start_char, end_char, label)`` marks, for ``doc.spans``.

    Every mark comes from tokens of this doc, so each one maps to a span; one that does not is a
    bug upstream and raises ``ValueError`` (as assigning ``None`` into ``doc.spans`` would).
    """
    out: list[Span] = []
    for start, end, label in marks:
        span = doc.char_span(start, end, label=label, alignment_mode=alignment_mode)
        if span is None:
            raise ValueError(f"characters {start}-{end} do not map to tokens of this doc")
        out.append(span)
    return out


def text_of(doc: Doc) -> str:
    """``doc.text``, read once per document: spaCy joins every token each time ``doc.text`` is read,
    which made slicing it inside loops a tenth of the extractor's time (cProfile, bench corpus)."""
    cached = doc.user_data.get("tacitus_text")
    if cached is None:
        cached = doc.user_data["tacitus_text"] = doc.text
    return str(cached)
