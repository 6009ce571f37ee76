"""Ingest: read articles from files, folders, URLs, RSS/Atom feeds and JSONL batches, extract their
events and claims, store them and fuse them into canonical events.

Each article is written in ONE transaction (article row, near-copy bands, mentions, claims and the
re-fused canonical events around them), so an interrupted run never leaves half an article or half
an event behind; running the same ingest again picks up where it stopped, because an article that
is already stored (same canonical URL or same cleaned-text hash) is skipped before extraction.

``ingest(store, sources)`` is the importable entry point; ``tacitus ingest`` is a thin wrapper.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import os
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from . import settings
from .errors import FetchError, InputError, MalformedInput, TacitusError, UsageError
from .extract import Record, _result, parse_batch_line, prepare
from .fetch import Raw, decode, read_source
from .model import Article, Result
from .store import nearcopy
from .store.fuse import dissolve_events, refuse
from .store.models import ArticleRow, ClaimRow, EventRow, MentionRow, MinhashBand, Source, utcnow

__all__ = ["Item", "Summary", "iter_items", "ingest", "ingest_items", "canonical_url", "parse_feed",
           "ARTICLE_SUFFIXES"]

ARTICLE_SUFFIXES = {".html", ".htm", ".txt", ".json", ".jsonl"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid")


@dataclass
class Item:
    """One article to ingest, or the error met while reading it. ``origin`` names where it came from
    (path, URL, "batch.jsonl#12"); it identifies a failed article across runs."""

    origin: str
    record: Record | None = None
    source: str | None = None  # outlet name, when the input says
    error: TacitusError | None = None


@dataclass
class Summary:
    articles_new: int = 0
    articles_duplicate: int = 0  # syndicated near-copies, linked to the original, events not counted again
    articles_known: int = 0  # already stored (same canonical URL or same text): skipped
    articles_failed: int = 0
    events_new: int = 0
    mentions_merged: int = 0  # mentions that joined an event other articles already reported
    events_total: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (origin, message)

    @property
    def articles_seen(self) -> int:
        return self.articles_new + self.articles_duplicate + self.articles_known + self.articles_failed

    def as_dict(self) -> dict[str, Any]:
        return {"articles": {"new": self.articles_new, "duplicate": self.articles_duplicate,
                             "known": self.articles_known, "failed": self.articles_failed},
                "events": {"new": self.events_new, "merged": self.mentions_merged, "total": self.events_total},
                "failures": [{"origin": o, "error": m} for o, m in self.failures]}

    def lines(self) -> list[str]:
        return [f"articles: {self.articles_new} new, {self.articles_duplicate} near-copies linked, "
                f"{self.articles_known} already stored, {self.articles_failed} failed",
                f"events: {self.events_new} new, {self.mentions_merged} reports merged into existing events, "
                f"{self.events_total} in the database"]


# ---- reading sources --------------------------------------------------------------------------------

def canonical_url(url: str | None) -> str | None:
    """A URL in one spelling: lower-case scheme and host, no default port, fragment or tracking
    parameters, remaining parameters sorted, no trailing slash. None for anything but http(s)."""
    if not url:
        return None
    try:
        parts = urllib.parse.urlsplit(url.strip())
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if parts.port and not ((scheme == "http" and parts.port == 80) or (scheme == "https" and parts.port == 443)):
        host = f"{host}:{parts.port}"
    query = sorted((k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
                   if not k.lower().startswith(_TRACKING))
    path = parts.path.rstrip("/") or "/"
    return urllib.parse.urlunsplit((scheme, host, path, urllib.parse.urlencode(query), ""))


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urllib.parse.urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.lower().removeprefix("www.")


def _looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2:].lstrip() if b"?>" in head else head
    while head.startswith(b"<!--"):
        end = head.find(b"-->")
        head = head[end + 3:].lstrip() if end >= 0 else b""
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


def _feed_date(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date().isoformat() if parsed else None


def parse_feed(data: bytes, base_url: str | None = None) -> list[dict[str, str | None]]:
    """Entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed: [{"url", "title", "published"}], in feed order.
    Relative links are resolved against ``base_url``. MalformedInput if it is not a feed."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise MalformedInput(f"{base_url or 'feed'}: not a well-formed RSS/Atom feed ({exc})") from None

    def local(el: Any) -> str:
        tag = el.tag if isinstance(el.tag, str) else ""
        return tag.rsplit("}", 1)[-1].lower()

    def child_text(el: Any, *names: str) -> str | None:
        for c in el:
            if local(c) in names and (c.text or "").strip():
                return str(c.text).strip()
        return None

    entries: list[dict[str, str | None]] = []
    for el in root.iter():
        name = local(el)
        if name == "item":  # RSS 2.0 and 1.0
            link = child_text(el, "link")
            if not link:
                guid = child_text(el, "guid")
                link = guid if guid and guid.startswith(("http://", "https://")) else None
            published = child_text(el, "pubdate", "date", "published", "updated")
        elif name == "entry":  # Atom
            link = None
            for c in el:
                if local(c) == "link" and c.get("href") and c.get("rel", "alternate") == "alternate":
                    link = c.get("href")
                    break
            published = child_text(el, "published", "updated")
        else:
            continue
        if not link:
            continue
        if base_url:
            link = urllib.parse.urljoin(base_url, link)
        entries.append({"url": link, "title": child_text(el, "title"), "published": _feed_date(published)})
    if not entries and local(root) not in ("rss", "feed", "rdf"):
        raise MalformedInput(f"{base_url or 'feed'}: not an RSS/Atom feed")
    return entries


def _page_item(url: str, title: str | None = None, published: str | None = None) -> Item:
    try:
        raw = read_source(url)
        return Item(url, Record(url, decode(raw), published, raw.url or url, title))
    except TacitusError as exc:
        return Item(url, error=exc)


def _feed_items(raw: Raw, origin: str) -> Iterator[Item]:
    try:
        entries = parse_feed(raw.data, raw.url)
    except TacitusError as exc:
        yield Item(origin, error=exc)
        return
    for e in entries:
        url = e["url"]
        assert url is not None
        yield _page_item(url, e.get("title"), e.get("published"))


def _url_items(url: str) -> Iterator[Item]:
    try:
        raw = read_source(url)
    except TacitusError as exc:
        yield Item(url, error=exc)
        return
    if _looks_like_feed(raw.data):
        yield from _feed_items(raw, url)
        return
    try:
        yield Item(url, Record(url, decode(raw), None, raw.url or url))
    except TacitusError as exc:
        yield Item(url, error=exc)


def _record_from_obj(obj: Any, where: str, base: Path | None, lineno: int) -> tuple[Record, str | None]:
    """A batch object as a Record. Besides the ``tacitus extract --jsonl`` keys (id, text or html,
    published, url, title) a ``file`` key naming an article file (relative to the batch) is accepted,
    and ``source`` names the outlet."""
    if isinstance(obj, dict) and not (isinstance(obj.get("text"), str) or isinstance(obj.get("html"), str)) \
            and isinstance(obj.get("file"), str):
        path = Path(obj["file"]) if base is None else base / obj["file"]
        text = decode(read_source(str(path)))
        obj = dict(obj, text=text)
    rec = parse_batch_line(json.dumps(obj), lineno)
    source = obj.get("source") if isinstance(obj, dict) and isinstance(obj.get("source"), str) else None
    return rec, source


def _jsonl_items(path: Path) -> Iterator[Item]:
    try:
        fh = open(path, encoding="utf-8", errors="replace")
    except OSError as exc:
        yield Item(str(path), error=FetchError(f"{path}: cannot be read ({exc.strerror})"))
        return
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Item(f"{path}#{n}", error=MalformedInput(f"line {n}: not valid JSON ({exc.msg})"))
                continue
            rid = obj.get("id") if isinstance(obj, dict) else None
            origin = f"{path}#{rid}" if rid is not None else f"{path}#{n}"
            try:
                rec, source = _record_from_obj(obj, str(path), path.parent, n)
            except TacitusError as exc:
                yield Item(origin, error=exc)
                continue
            yield Item(origin, rec, source)


def _json_items(path: Path) -> Iterator[Item]:
    """A .json file: one article object (the batch keys) or a list of them."""
    try:
        data = json.loads(decode(read_source(str(path))))
    except TacitusError as exc:
        yield Item(str(path), error=exc)
        return
    except json.JSONDecodeError as exc:
        yield Item(str(path), error=MalformedInput(f"{path}: not valid JSON ({exc.msg})"))
        return
    objs = data if isinstance(data, list) else [data]
    for n, obj in enumerate(objs, 1):
        rid = obj.get("id") if isinstance(obj, dict) else None
        origin = str(path) if len(objs) == 1 else f"{path}#{rid if rid is not None else n}"
        try:
            rec, source = _record_from_obj(obj, str(path), path.parent, n)
        except TacitusError as exc:
            yield Item(origin, error=exc)
            continue
        yield Item(origin, rec, source)


def _file_items(path: Path) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl_items(path)
        return
    if suffix == ".json":
        yield from _json_items(path)
        return
    origin = str(path)
    try:
        raw = read_source(origin)
        if suffix in FEED_SUFFIXES or _looks_like_feed(raw.data):
            yield from _feed_items(raw, origin)
            return
        yield Item(origin, Record(origin, decode(raw)))
    except TacitusError as exc:
        yield Item(origin, error=exc)


def iter_items(sources: Iterable[str]) -> Iterator[Item]:
    """Every article the sources hold, lazily: a folder is walked recursively (sorted; files ending in
    .html .htm .txt .json .jsonl), a .jsonl file is a batch, a URL is a page or an RSS/Atom feed whose
    entries are fetched one by one."""
    for src in sources:
        if src.startswith(("http://", "https://")):
            yield from _url_items(src)
            continue
        path = Path(src)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    p = Path(root) / name
                    if p.suffix.lower() in ARTICLE_SUFFIXES and not name.startswith("."):
                        yield from _file_items(p)
            continue
        if not path.exists():
            yield Item(src, error=FetchError(f"{src}: no such file or folder"))
            continue
        yield from _file_items(path)


# ---- storing ----------------------------------------------------------------------------------------

@dataclass
class _Prepared:
    item: Item
    article: Article | None = None
    content_hash: str | None = None
    curl: str | None = None
    error: TacitusError | None = None
    result: Result | None = None


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _known(session: Session, content_hash: str, curl: str | None) -> ArticleRow | None:
    cond = ArticleRow.content_hash == content_hash
    if curl:
        cond = or_(cond, ArticleRow.canonical_url == curl)
    return session.scalars(select(ArticleRow).where(cond, ArticleRow.status != "failed")).first()


def _source_id(session: Session, name: str | None, url: str | None) -> int | None:
    host = _host(url)
    if not host and not name:
        return None
    key = host or f"name:{name}"
    found = session.scalar(select(Source.id).where(Source.host == key))
    if found is not None:
        return int(found)
    return int(session.execute(insert(Source).values(name=name or host, host=key).returning(Source.id)).scalar_one())


def _failed_id(origin: str) -> tuple[str, str]:
    h = _sha1("failed\x00" + origin)
    return "art_" + h[:16], h


def _store_failure(session: Session, origin: str, err: TacitusError, url: str | None) -> None:
    aid, h = _failed_id(origin)
    row = session.get(ArticleRow, aid)
    if row is not None:
        row.error = err.as_record()
        row.ingested_at = utcnow()
        return
    curl = canonical_url(url)
    if curl and session.scalar(select(ArticleRow.id).where(ArticleRow.canonical_url == curl)) is not None:
        curl = None
    session.add(ArticleRow(id=aid, url=url, canonical_url=curl, content_hash=h, status="failed",
                           error=err.as_record(), origin=origin, text=None))


def _near_copy_of(session: Session, sig: list[int], band_keys: list[str]) -> str | None:
    # Candidates share at least MIN_SHARED_BANDS bands; their signatures are read without the text.
    cands = sorted(session.scalars(
        select(MinhashBand.article_id).where(MinhashBand.band.in_(band_keys)).group_by(MinhashBand.article_id)
        .having(func.count() >= nearcopy.MIN_SHARED_BANDS)))
    best: tuple[float, str] | None = None
    rows = session.execute(select(ArticleRow.id, ArticleRow.status, ArticleRow.minhash)
                           .where(ArticleRow.id.in_(cands))).all() if cands else []
    for aid, status, minhash in sorted(rows, key=lambda r: str(r[0])):
        if status != "ok" or not minhash:
            continue
        s = nearcopy.similarity(sig, list(minhash))
        if s >= nearcopy.THRESHOLD and (best is None or s > best[0]):
            best = (s, aid)
    return best[1] if best else None


def _precedence(published: str | None, article_id: str) -> tuple[str, str]:
    return (published or "9999-12-31", article_id)


def _demote(session: Session, old: ArticleRow, new_id: str) -> set[str]:
    """Make ``old`` a near-copy of ``new_id``: its mentions, claims and bands go, its events are
    dissolved for re-fusion, copies that pointed at it point at the new original. Returns the
    mentions of the dissolved events that remain (the seeds to re-fuse)."""
    mids = set(session.scalars(select(MentionRow.id).where(MentionRow.article_id == old.id)))
    events = {e for e in session.scalars(select(MentionRow.event_id).where(MentionRow.article_id == old.id)) if e}
    others: set[str] = set()
    if events:
        others = set(session.scalars(select(MentionRow.id).where(MentionRow.event_id.in_(sorted(events))))) - mids
        dissolve_events(session, events)
    session.execute(delete(ClaimRow).where(ClaimRow.article_id == old.id))
    session.execute(delete(MentionRow).where(MentionRow.article_id == old.id))
    session.execute(delete(MinhashBand).where(MinhashBand.article_id == old.id))
    session.execute(update(ArticleRow).where(ArticleRow.duplicate_of == old.id).values(duplicate_of=new_id))
    old.status = "duplicate"
    old.duplicate_of = new_id
    session.flush()
    return others


def _store_article(session: Session, p: _Prepared, summary: Summary) -> None:
    """Everything about one extracted article, inside the caller's single transaction."""
    art, res = p.article, p.result
    assert art is not None and res is not None and p.content_hash is not None
    if _known(session, p.content_hash, p.curl) is not None:  # stored since the pre-check (same batch)
        summary.articles_known += 1
        return
    # a failure recorded for the same origin earlier is replaced by the article that now reads fine
    session.execute(delete(ArticleRow).where(ArticleRow.id == _failed_id(p.item.origin)[0]))
    if p.curl:
        session.execute(delete(ArticleRow).where(ArticleRow.canonical_url == p.curl, ArticleRow.status == "failed"))
    aid = "art_" + p.content_hash[:16]
    sig = nearcopy.signature(art.text)
    band_keys = nearcopy.bands(sig) if sig else []
    dup_of = _near_copy_of(session, sig, band_keys) if sig else None
    demoted: ArticleRow | None = None
    if dup_of:
        other = session.get(ArticleRow, dup_of)
        # which of a pair of copies is the original must not depend on arrival order: the earlier
        # publication date, then the smaller id, is the original
        if other is not None and _precedence(art.published, aid) < _precedence(other.published, other.id):
            demoted, dup_of = other, None
    session.add(ArticleRow(
        id=aid, url=art.url, canonical_url=p.curl, content_hash=p.content_hash, minhash=sig, duplicate_of=dup_of,
        source_id=_source_id(session, p.item.source, art.url), title=art.title, author=art.author,
        published=art.published, section=art.section, language=art.language, text=art.text,
        status="duplicate" if dup_of else "ok", origin=p.item.origin))
    session.flush()
    if dup_of:  # a syndicated copy: kept and linked, but its events are the original's, not new reports
        summary.articles_duplicate += 1
        return
    if demoted is not None:  # the pair now has its original and one copy, as in the other order
        summary.articles_duplicate += 1
        seeds = _demote(session, demoted, aid)
    else:
        summary.articles_new += 1
        seeds = set()
    for key in band_keys:
        session.execute(insert(MinhashBand).values(band=key, article_id=aid))
    new_ids: list[str] = []
    local_to_mention: dict[str, str] = {}
    for ev in res.events:
        rec = ev.as_dict()
        loc = rec.get("location") or {}
        mid = f"{aid}:{ev.id}"
        local_to_mention[ev.id] = mid
        new_ids.append(mid)
        session.add(MentionRow(
            id=mid, article_id=aid, event_local_id=ev.id, category=rec.get("category"), subtype=rec.get("subtype"),
            date=rec.get("date"), date_precision=rec.get("date_precision"), country=loc.get("country"),
            admin1=loc.get("admin1"), place_name=loc.get("name"), lat=loc.get("lat"), lon=loc.get("lon"),
            killed=rec.get("killed"), injured=rec.get("injured"), record=rec))
    session.flush()
    for c in res.claims:
        cd = c.as_dict()
        ev_ = cd.get("evidence") or {}
        session.add(ClaimRow(event_id=None, mention_id=local_to_mention.get(c.event or ""), article_id=aid,
                             stance=c.stance, actor=c.actor, by=c.by, speaker=c.speaker, date=c.date,
                             evidence_start=ev_.get("start"), evidence_end=ev_.get("end"), quote=ev_.get("text"),
                             record=cd))
    session.flush()
    if new_ids or seeds:
        stats = refuse(session, seeds | set(new_ids), new=new_ids)
        if demoted is None:  # an original taking over from its copy reports nothing new
            summary.events_new += stats.events_new
            summary.mentions_merged += stats.mentions_merged


def _prepare(item: Item, published: str | None) -> _Prepared:
    p = _Prepared(item)
    if item.error is not None or item.record is None:
        p.error = item.error or InputError(f"{item.origin}: nothing to read")
        return p
    try:
        art = prepare(item.record, published)
    except (InputError, UsageError) as exc:
        p.error = exc
        return p
    p.article = art
    p.content_hash = _sha1(art.text)
    p.curl = canonical_url(art.url)
    return p


def _extract(prepared: list[_Prepared]) -> None:
    """Run the NLP pipeline over the prepared articles in one ``nlp.pipe`` batch (one by one if the
    batch fails, so one bad document costs only itself)."""
    todo = [p for p in prepared if p.article is not None and p.error is None]
    if not todo:
        return
    from .nlp import get_pipeline

    nlp = get_pipeline()
    docs = []
    for p in todo:
        assert p.article is not None
        d = nlp.make_doc(p.article.text)
        d._.tacitus_published = p.article.published
        docs.append(d)
    try:
        done: list[Any] = list(nlp.pipe(docs, batch_size=int(settings.get("batch_size"))))
    except Exception:
        done = []
        for d in docs:
            try:
                done.append(nlp(d))
            except Exception as exc:  # recorded as this article's failure
                done.append(exc)
    for p, doc in zip(todo, done):
        assert p.article is not None
        if isinstance(doc, Exception):
            err = TacitusError(f"extraction failed: {type(doc).__name__}: {doc}")
            err.code = "internal"
            p.error = err
        else:
            p.result = _result(p.article, doc)


def ingest_items(store: Any, items: Iterable[Item], *, published: str | None = None,
                 progress: Callable[[Summary], None] | None = None, batch_size: int | None = None) -> Summary:
    """Store and fuse ``items``; one transaction per article; returns the counts."""
    summary = Summary()
    size = batch_size or int(settings.get("batch_size"))
    buf: list[Item] = []

    def flush() -> None:
        prepared = [_prepare(it, published) for it in buf]
        buf.clear()
        # skip what is already stored before paying for extraction
        with store.session() as s:
            for p in prepared:
                if p.error is None and p.content_hash and _known(s, p.content_hash, p.curl) is not None:
                    p.error = None
                    p.article = None  # marks "known"
        _extract(prepared)
        for p in prepared:
            if p.error is None and p.article is None:
                summary.articles_known += 1
            elif p.error is not None:
                with store.session() as s:
                    url = p.item.record.url if p.item.record else (p.item.origin if p.item.origin.startswith(
                        ("http://", "https://")) else None)
                    _store_failure(s, p.item.origin, p.error, url)
                summary.articles_failed += 1
                summary.failures.append((p.item.origin, p.error.message))
            else:
                try:
                    with store.session() as s:
                        _store_article(s, p, summary)
                except OperationalError:
                    raise  # the database itself is unusable: stop rather than fail every article
                except Exception as exc:  # this article's fault (rolled back whole): record it, go on
                    err = TacitusError(f"could not be stored: {type(exc).__name__}: {exc}")
                    err.code = "internal"
                    with store.session() as s:
                        _store_failure(s, p.item.origin, err, p.article.url if p.article else None)
                    summary.articles_failed += 1
                    summary.failures.append((p.item.origin, err.message))
            if progress:
                progress(summary)

    for it in items:
        buf.append(it)
        if len(buf) >= size:
            flush()
    if buf:
        flush()
    with store.session() as s:
        summary.events_total = int(s.scalar(select(func.count()).select_from(EventRow)) or 0)
    return summary


def ingest(store: Any, sources: Iterable[str], *, published: str | None = None,
           progress: Callable[[Summary], None] | None = None, batch_size: int | None = None) -> Summary:
    """Ingest every article of ``sources`` (paths, folders, URLs, feeds, JSONL batches) into ``store``."""
    return ingest_items(store, iter_items(sources), published=published, progress=progress, batch_size=batch_size)
