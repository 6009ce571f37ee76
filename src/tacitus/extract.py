"""The runner: fetch -> clean -> nlp (events, claims) for one article or a batch.

``extract_text`` and ``extract_batch`` are the importable API; the CLI is a thin layer over them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from . import settings
from .clean import clean
from .errors import InputError, MalformedInput, TacitusError, TooLarge, UsageError
from .fetch import Raw, decode, read_source
from .model import Article, Result
from .nlp import get_pipeline

__all__ = ["Record", "prepare", "extract_text", "extract_source", "extract_batch", "extract_batch_parallel", "parse_batch_line"]


@dataclass
class Record:
    """One input to the extractor: raw text or HTML plus what the caller knows about it."""

    id: str | None
    text: str
    published: str | None = None
    url: str | None = None
    title: str | None = None
    is_html: bool | None = None


def _check_date(value: str | None, what: str) -> str | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise UsageError(f"{what} '{value}' is not a date in YYYY-MM-DD form") from None


def prepare(rec: Record, published_override: str | None = None) -> Article:
    """Clean one record into an Article (raises InputError subclasses on bad input)."""
    limit = int(settings.get("max_bytes"))
    if len(rec.text) > limit:
        raise TooLarge(f"input is {len(rec.text):,} characters, over the {limit:,} limit (TACITUS_MAX_BYTES)")
    cleaned = clean(rec.text, url=rec.url)
    published, source = None, None
    for value, src in ((published_override, "override"), (rec.published, "input"), (cleaned.published, "metadata")):
        d = _check_date(value, "publication date")
        if d:
            published, source = d, src
            break
    return Article(id=rec.id, text=cleaned.text, title=rec.title or cleaned.title, author=cleaned.author,
                   published=published, section=cleaned.section, url=rec.url or cleaned.url, language="en",
                   published_source=source)


def _result(article: Article, doc: Any) -> Result:
    return Result(article.id, article, list(doc._.tacitus_events or []), list(doc._.tacitus_claims or []))


def extract_text(text: str, *, id: str | None = None, published: str | None = None, url: str | None = None) -> Result:
    """Events and claims of one article given as text or HTML."""
    article = prepare(Record(id, text, url=url), published_override=published)
    nlp = get_pipeline()
    doc = nlp.make_doc(article.text)
    doc._.tacitus_published = article.published
    return _result(article, nlp(doc))


def extract_source(source: str, published: str | None = None) -> Result:
    """Events and claims of the article at a path, URL or ``-`` (stdin)."""
    raw = read_source(source)
    text = decode(raw)
    return extract_text(text, id=None if source == "-" else source, published=published, url=raw.url)


def parse_batch_line(line: str, lineno: int) -> Record:
    """One JSONL input line as a Record; MalformedInput says what is wrong with it."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MalformedInput(f"line {lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(obj, dict):
        raise MalformedInput(f"line {lineno}: expected a JSON object")
    rid = obj.get("id")
    rid = None if rid is None else str(rid)
    text = obj.get("text")
    html = obj.get("html")
    body = html if isinstance(html, str) and html.strip() else text
    if not isinstance(body, str):
        err = MalformedInput(f"line {lineno}: needs a 'text' or 'html' string")
        err.record_id = rid
        raise err
    return Record(rid, body, obj.get("published"), obj.get("url"), obj.get("title"))


def _one(nlp: Any, doc: Any) -> Any:
    try:
        return nlp(doc)
    except Exception as exc:  # reported as this record's error line by the caller
        return exc


def _error_record(rid: str | None, exc: TacitusError) -> dict[str, Any]:
    return {"id": rid, "error": exc.as_record()}


def extract_batch(lines: Iterable[str], published: str | None = None, with_text: bool = False) -> Iterator[dict[str, Any]]:
    """One output object per non-blank input line, in order; a bad line yields an error object."""
    nlp = get_pipeline()
    batch_size = int(settings.get("batch_size"))

    def prepared() -> Iterator[tuple[str | None, Article | None, TacitusError | None]]:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            rid = None
            try:
                rec = parse_batch_line(line, n)
                rid = rec.id
                yield rid, prepare(rec, published), None
            except InputError as exc:
                yield rid or getattr(exc, "record_id", None), None, exc
            except UsageError as exc:
                yield rid, None, exc

    pending: list[tuple[str | None, Article | None, TacitusError | None]] = []

    def flush() -> Iterator[dict[str, Any]]:
        docs = []
        for _, art, _ in pending:
            if art is not None:
                d = nlp.make_doc(art.text)
                d._.tacitus_published = art.published
                docs.append(d)
        try:
            processed: list[Any] = list(nlp.pipe(docs, batch_size=batch_size))
        except Exception:  # a fault on one document must not lose the batch: redo them one by one
            processed = [_one(nlp, d) for d in docs]
        done = iter(processed)
        for rid, art, err in pending:
            if art is None:
                assert err is not None
                yield _error_record(rid, err)
                continue
            doc = next(done)
            if isinstance(doc, Exception):
                yield {"id": rid, "error": {"code": "internal", "message": f"extraction failed: {type(doc).__name__}: {doc}"}}
            else:
                yield _result(art, doc).as_dict(with_text=with_text)
        pending.clear()

    for item in prepared():
        pending.append(item)
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()


def _worker_init() -> None:
    get_pipeline()


def _worker_run(args: tuple[list[str], str | None, bool]) -> list[dict[str, Any]]:
    lines, published, with_text = args
    return list(extract_batch(lines, published, with_text))


def extract_batch_parallel(lines: Iterable[str], workers: int, published: str | None = None,
                           with_text: bool = False, chunk: int = 16) -> Iterator[dict[str, Any]]:
    """Like ``extract_batch`` on ``workers`` processes; output stays in input order."""
    if workers <= 1:
        yield from extract_batch(lines, published, with_text)
        return
    import multiprocessing as mp

    def chunks() -> Iterator[tuple[list[str], str | None, bool]]:
        buf: list[str] = []
        for line in lines:
            buf.append(line)
            if len(buf) >= chunk:
                yield buf, published, with_text
                buf = []
        if buf:
            yield buf, published, with_text

    ctx = mp.get_context("forkserver")
    with ctx.Pool(workers, initializer=_worker_init) as pool:
        for out in pool.imap(_worker_run, chunks()):
            yield from out
