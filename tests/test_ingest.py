"""Ingest into both stores: folder counts, idempotence, near-copies, failures, URL and RSS/Atom
against a loopback HTTP server, JSONL batches, and analyst decisions that outlive re-ingest."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from conftest import run_cli
from tacitus.ingest import canonical_url, ingest, parse_feed
from tacitus.store.fuse import merge_events, split_event
from tacitus.store.models import (ArticleRow, ClaimRow, Decision, EventRow, EventTerm, MentionRow, MinhashBand, Source,
                                  search_terms)

DB_ARTICLES = Path(__file__).resolve().parent / "articles" / "db"


def _count(store: Any, model: Any, *where: Any) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _snapshot(store: Any) -> dict[str, Any]:
    """Every row that ingest writes, in a comparable form."""
    with store.session() as s:
        return {
            "articles": sorted((a.id, a.status, a.duplicate_of, a.content_hash) for a in s.scalars(select(ArticleRow))),
            "mentions": sorted((m.id, m.event_id) for m in s.scalars(select(MentionRow))),
            "events": sorted((e.id, e.n_sources, e.killed, e.claimed, json.dumps(e.record, sort_keys=True))
                             for e in s.scalars(select(EventRow))),
            "claims": sorted((c.mention_id or "", c.event_id or "", c.stance, c.actor or "")
                             for c in s.scalars(select(ClaimRow))),
            "bands": int(s.scalar(select(func.count()).select_from(MinhashBand)) or 0),
        }


def _event_of(store: Any, origin_suffix: str) -> str:
    with store.session() as s:
        ev = s.scalar(select(MentionRow.event_id).join(ArticleRow, ArticleRow.id == MentionRow.article_id)
                      .where(ArticleRow.origin.like(f"%{origin_suffix}")))
    assert ev, f"no event for {origin_suffix}"
    return str(ev)


def _mention_of(store: Any, origin_suffix: str) -> str:
    with store.session() as s:
        mid = s.scalar(select(MentionRow.id).join(ArticleRow, ArticleRow.id == MentionRow.article_id)
                       .where(ArticleRow.origin.like(f"%{origin_suffix}")))
    assert mid
    return str(mid)


# ---- a folder of own articles ------------------------------------------------------------------------

def test_folder_ingest_counts_articles_and_failures(store: Any) -> None:
    s = ingest(store, [str(DB_ARTICLES)])
    assert (s.articles_new, s.articles_duplicate, s.articles_known, s.articles_failed) == (5, 1, 0, 2)
    assert _count(store, ArticleRow) == 8
    assert _count(store, ArticleRow, ArticleRow.status == "failed") == 2
    with store.session() as ss:
        errors = {Path(a.origin).name: a.error["code"] for a in ss.scalars(
            select(ArticleRow).where(ArticleRow.status == "failed"))}
        assert errors == {"empty.txt": "empty", "broken.html": "binary"}
        dup = ss.scalars(select(ArticleRow).where(ArticleRow.status == "duplicate")).one()
        original = ss.get(ArticleRow, dup.duplicate_of)
        assert original is not None and original.status == "ok"
        # the syndicated pair is the wire story and its copy, whichever came first
        assert {Path(dup.origin).name, Path(original.origin).name} == {"kirkuk_1_wire.txt", "kirkuk_1_syndicated.txt"}
        # a near-copy adds no mentions: its events are not counted twice
        assert ss.scalar(select(func.count()).select_from(MentionRow).where(MentionRow.article_id == dup.id)) == 0
    # one mention per extracted event of the five distinct articles; every mention has its event
    assert _count(store, MentionRow) == 5
    assert _count(store, MentionRow, MentionRow.event_id.is_(None)) == 0
    assert s.events_total == _count(store, EventRow)
    assert s.events_new + s.mentions_merged == 5


def test_three_reports_of_one_incident_become_one_event(store: Any) -> None:
    s = ingest(store, [str(DB_ARTICLES)])
    assert s.events_total == 3  # Kirkuk (three reports + a copy), the Tikrit look-alike, the Yemen strike
    assert (s.events_new, s.mentions_merged) == (3, 2)
    with store.session() as ss:
        wire_original = ss.scalars(select(ArticleRow.origin).where(
            ArticleRow.status == "ok", ArticleRow.origin.like("%kirkuk_1_%"))).one()
    kirkuk = {_event_of(store, Path(wire_original).name), _event_of(store, "kirkuk_2_local.html"),
              _event_of(store, "kirkuk_3_ministry.txt")}
    assert len(kirkuk) == 1
    kev = kirkuk.pop()
    assert kev != _event_of(store, "tikrit_lookalike.txt")
    assert kev != _event_of(store, "yemen_strike.txt")
    with store.session() as ss:
        ev = ss.get(EventRow, kev)
        assert ev.n_sources == 3
        assert ev.country == "IQ"
        # the claim (Islamic State) and the ministry's attribution are on the event's ledger
        stances = sorted(c.stance for c in ss.scalars(select(ClaimRow).where(ClaimRow.event_id == kev)))
        assert stances == ["attribution", "claim"]
        assert ev.claimed is True
        assert sorted(ev.record["mentions"]) == sorted(ss.scalars(select(MentionRow.id)
                                                                   .where(MentionRow.event_id == kev)))


def test_reingest_is_a_noop(store: Any) -> None:
    first = ingest(store, [str(DB_ARTICLES)])
    before = _snapshot(store)
    again = ingest(store, [str(DB_ARTICLES)])
    assert (again.articles_new, again.articles_duplicate, again.articles_known) == (0, 0, 6)
    assert again.articles_failed == 2  # failures are retried (a fixed file would go in) and fail again
    assert (again.events_new, again.mentions_merged) == (0, 0)
    assert again.events_total == first.events_total
    assert _snapshot(store) == before


def test_order_of_arrival_does_not_change_the_events(backend: Any, tmp_path: Path) -> None:
    """Articles one by one in reverse order give the same articles, copies and canonical events."""
    names = ["kirkuk_1_syndicated.txt", "kirkuk_2_local.html", "kirkuk_3_ministry.txt", "kirkuk_1_wire.txt",
             "tikrit_lookalike.txt", "yemen_strike.txt"]
    a = backend.open()
    ingest(a, [str(DB_ARTICLES / n) for n in names])
    forward = _snapshot(a)
    _text_index_matches_mentions(a)  # the wire story arrives after its copy and takes its place
    a.close()
    other = tmp_path / "other.db"
    from tacitus.store import open_store

    b = open_store("sqlite:///" + str(other)) if backend.name == "sqlite" else None
    if b is None:  # a second PostgreSQL schema is the other half of the fixture's one: reuse by clearing
        b = backend.open()
        with b.session() as ss:
            for model in (ClaimRow, MentionRow, MinhashBand, EventRow, ArticleRow, Source):
                ss.query(model).delete()
    counts = []
    for n in reversed(names):
        r = ingest(b, [str(DB_ARTICLES / n)])
        counts.append((r.articles_new, r.articles_duplicate))
    assert sum(c[0] for c in counts) == 5 and sum(c[1] for c in counts) == 1
    backward = _snapshot(b)
    _text_index_matches_mentions(b)
    b.close()
    assert [a[:3] for a in backward["articles"]] == [a[:3] for a in forward["articles"]]
    assert backward["mentions"] == forward["mentions"]
    assert backward["claims"] == forward["claims"]
    assert [e[:4] for e in backward["events"]] == [e[:4] for e in forward["events"]]


def test_failed_article_is_replaced_once_it_reads(store: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    target = folder / "late.txt"
    target.write_text("")
    s1 = ingest(store, [str(folder)])
    assert (s1.articles_new, s1.articles_failed) == (0, 1)
    shutil.copy(DB_ARTICLES / "yemen_strike.txt", target)
    s2 = ingest(store, [str(folder)])
    assert (s2.articles_new, s2.articles_failed) == (1, 0)
    assert _count(store, ArticleRow) == 1
    assert _count(store, ArticleRow, ArticleRow.status == "ok") == 1


# ---- JSONL batches -------------------------------------------------------------------------------

def test_jsonl_batch_with_text_html_file_and_bad_lines(store: Any, tmp_path: Path) -> None:
    html = (DB_ARTICLES / "kirkuk_2_local.html").read_text()
    text = (DB_ARTICLES / "yemen_strike.txt").read_text()
    (tmp_path / "tikrit.txt").write_text((DB_ARTICLES / "tikrit_lookalike.txt").read_text())
    lines = [
        json.dumps({"id": "k2", "html": html, "url": "https://news.example.org/iraq/daquq-claim/?utm_source=x",
                    "source": "Example News"}),
        json.dumps({"id": "y1", "text": text, "published": "2025-10-12"}),
        json.dumps({"id": "t1", "file": "tikrit.txt", "published": "2025-10-15"}),
        "{not json",
        json.dumps({"id": "nobody", "title": "no body at all"}),
        "",
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n")
    s = ingest(store, [str(batch)])
    assert (s.articles_new, s.articles_failed) == (3, 2)
    codes = sorted(code for _, code in [(o, m) for o, m in s.failures])
    assert any("not valid JSON" in m for m in codes)
    with store.session() as ss:
        k2 = ss.scalars(select(ArticleRow).where(ArticleRow.origin == f"{batch}#k2")).one()
        assert k2.canonical_url == "https://news.example.org/iraq/daquq-claim"
        src = ss.get(Source, k2.source_id)
        assert (src.name, src.host) == ("Example News", "news.example.org")
        assert ss.scalars(select(ArticleRow.published).where(ArticleRow.origin == f"{batch}#y1")).one() == "2025-10-12"
    again = ingest(store, [str(batch)])
    assert (again.articles_new, again.articles_known, again.articles_failed) == (0, 3, 2)


def test_canonical_url_spellings() -> None:
    assert canonical_url("HTTPS://Example.COM:443/a/b/?utm_medium=x&z=1&a=2#top") == "https://example.com/a/b?a=2&z=1"
    assert canonical_url("http://example.com:8080/") == "http://example.com:8080/"
    assert canonical_url("/local/path.html") is None
    assert canonical_url(None) is None


# ---- URLs and feeds on a loopback server ---------------------------------------------------------

def _page(title: str, date: str, body: str) -> str:
    paras = "".join(f"<p>{p.strip()}</p>" for p in body.strip().split("\n\n"))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1><p>{date}</p>{paras}</article></body></html>")


def _site() -> dict[str, tuple[str, bytes]]:
    def body_of(name: str) -> str:
        return (DB_ARTICLES / name).read_text().split("\n", 2)[2]

    pages = {
        "/news/daquq-bomb": _page("Roadside bomb kills four soldiers near Kirkuk", "October 13, 2025",
                                  body_of("kirkuk_1_wire.txt")),
        "/news/hodeidah-strike": _page("Air strike hits fuel depot in Hodeidah", "October 12, 2025",
                                       body_of("yemen_strike.txt")),
        "/news/tikrit-bomb": _page("Bomb hits army vehicle near Tikrit", "October 15, 2025",
                                   body_of("tikrit_lookalike.txt")),
    }
    rss = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test desk</title><link>/</link><description>own test feed</description>
<item><title>Roadside bomb kills four soldiers near Kirkuk</title><link>/news/daquq-bomb?utm_source=rss</link>
<pubDate>Mon, 13 Oct 2025 09:00:00 GMT</pubDate></item>
<item><title>Air strike hits fuel depot in Hodeidah</title><link>/news/hodeidah-strike</link>
<pubDate>Sun, 12 Oct 2025 18:30:00 GMT</pubDate></item>
<item><title>Gone</title><link>/news/removed-story</link></item>
</channel></rss>"""
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Test desk (Atom)</title>
<entry><title>Bomb hits army vehicle near Tikrit</title><link rel="alternate" href="/news/tikrit-bomb"/>
<published>2025-10-15T07:00:00Z</published></entry>
<entry><title>Roadside bomb kills four soldiers near Kirkuk</title><link href="/news/daquq-bomb"/>
<updated>2025-10-13T10:00:00Z</updated></entry>
</feed>"""
    site = {path: ("text/html; charset=utf-8", html.encode()) for path, html in pages.items()}
    site["/feed.xml"] = ("application/rss+xml", rss.encode())
    site["/atom.xml"] = ("application/atom+xml", atom.encode())
    return site


@pytest.fixture(scope="module")
def news_server() -> Iterator[str]:
    site = _site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?", 1)[0]
            if path in site:
                ctype, body = site[path]
                self.send_response(200)
            else:
                ctype, body = "text/plain", b"not here"
                self.send_response(404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_parse_feed_rss_and_atom() -> None:
    site = _site()
    rss = parse_feed(site["/feed.xml"][1], "http://h.test/feed.xml")
    assert [e["url"] for e in rss] == ["http://h.test/news/daquq-bomb?utm_source=rss", "http://h.test/news/hodeidah-strike",
                                       "http://h.test/news/removed-story"]
    assert [e["published"] for e in rss] == ["2025-10-13", "2025-10-12", None]
    atom = parse_feed(site["/atom.xml"][1], "http://h.test/atom.xml")
    assert [(e["url"], e["published"]) for e in atom] == [("http://h.test/news/tikrit-bomb", "2025-10-15"),
                                                         ("http://h.test/news/daquq-bomb", "2025-10-13")]


def test_rss_feed_and_url_ingest(store: Any, news_server: str) -> None:
    s = ingest(store, [f"{news_server}/feed.xml"])
    # two entries stored, the removed one recorded as failed (HTTP 404), the run went on
    assert (s.articles_new, s.articles_failed) == (2, 1)
    assert "404" in s.failures[0][1]
    with store.session() as ss:
        urls = sorted(ss.scalars(select(ArticleRow.canonical_url).where(ArticleRow.status == "ok")))
        host = news_server.split("://")[1]
        assert urls == [f"http://{host}/news/daquq-bomb", f"http://{host}/news/hodeidah-strike"]
        srcs = {src.host for src in ss.scalars(select(Source))}
        assert srcs == {"127.0.0.1"}
        failed = ss.scalars(select(ArticleRow).where(ArticleRow.status == "failed")).one()
        assert failed.error["code"] == "unreachable"
        assert failed.url == f"{news_server}/news/removed-story"
    # the Atom feed repeats the Kirkuk page (known by its canonical URL) and adds Tikrit; a page URL too
    s2 = ingest(store, [f"{news_server}/atom.xml", f"{news_server}/news/hodeidah-strike"])
    assert (s2.articles_new, s2.articles_known, s2.articles_failed) == (1, 2, 0)
    assert _count(store, ArticleRow, ArticleRow.status == "ok") == 3
    assert _count(store, MentionRow, MentionRow.event_id.is_(None)) == 0


def test_cli_ingest_prints_summary(backend: Any, news_server: str) -> None:
    proc = run_cli("ingest", "--db", backend.url, "--json", f"{news_server}/feed.xml", f"{news_server}/nowhere")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["articles"] == {"new": 2, "duplicate": 0, "known": 0, "failed": 2}
    assert out["events"]["total"] >= 1
    proc = run_cli("ingest", "--db", backend.url, f"{news_server}/feed.xml")
    assert proc.returncode == 0, proc.stderr
    assert "0 new, 0 near-copies linked, 2 already stored, 1 failed" in proc.stdout


# ---- analyst decisions -------------------------------------------------------------------------------

def test_merge_decision_survives_reingest_and_new_articles(store: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in ("kirkuk_2_local.html", "tikrit_lookalike.txt", "yemen_strike.txt"):
        shutil.copy(DB_ARTICLES / n, folder / n)
    ingest(store, [str(folder)])
    k, t = _event_of(store, "kirkuk_2_local.html"), _event_of(store, "tikrit_lookalike.txt")
    assert k != t
    with store.session() as ss:
        merged = merge_events(ss, k, t, note="analyst: same attack cell")
    assert _event_of(store, "kirkuk_2_local.html") == merged == _event_of(store, "tikrit_lookalike.txt")
    assert _count(store, Decision, Decision.kind == "merge") == 1
    with store.session() as ss:
        assert ss.get(EventRow, merged).n_sources == 2
    # re-ingest, then a new report lands in the same block and re-fuses it: the decision holds
    ingest(store, [str(folder)])
    shutil.copy(DB_ARTICLES / "kirkuk_3_ministry.txt", folder / "kirkuk_3_ministry.txt")
    ingest(store, [str(folder)])
    assert _event_of(store, "kirkuk_2_local.html") == _event_of(store, "tikrit_lookalike.txt")
    assert _event_of(store, "yemen_strike.txt") != _event_of(store, "tikrit_lookalike.txt")
    assert _count(store, MentionRow, MentionRow.event_id.is_(None)) == 0


def test_split_decision_survives_reingest(store: Any) -> None:
    ingest(store, [str(DB_ARTICLES)])
    k = _event_of(store, "kirkuk_2_local.html")
    k3 = _mention_of(store, "kirkuk_3_ministry.txt")
    t = _event_of(store, "tikrit_lookalike.txt")
    with store.session() as ss:
        merged = merge_events(ss, k, t)  # then take one report out again
        with pytest.raises(Exception):
            split_event(ss, merged, ["art_nonexistent:e1"])
        events = split_event(ss, merged, [k3], note="ministry story is a different blast")
    assert len(events) == 2
    alone = _event_of(store, "kirkuk_3_ministry.txt")
    assert alone != _event_of(store, "kirkuk_2_local.html")
    with store.session() as ss:
        assert ss.scalars(select(MentionRow.id).where(MentionRow.event_id == alone)).all() == [k3]
        # its claim followed the mention into its own event
        assert [c.stance for c in ss.scalars(select(ClaimRow).where(ClaimRow.event_id == alone))] == ["attribution"]
    again = ingest(store, [str(DB_ARTICLES)])
    assert again.articles_new == 0
    assert _event_of(store, "kirkuk_3_ministry.txt") == alone
    # the earlier merge of the look-alike is kept for the mentions the split left together
    assert _event_of(store, "tikrit_lookalike.txt") == _event_of(store, "kirkuk_2_local.html")
    # merging back withdraws the split
    with store.session() as ss:
        back = merge_events(ss, alone, _event_of(store, "kirkuk_2_local.html"))
    assert _event_of(store, "kirkuk_3_ministry.txt") == back
    assert _count(store, Decision, Decision.kind == "split") == 0


def _text_index_matches_mentions(store: Any) -> None:
    """Every event's row in the text index holds exactly the words of its mentions' evidence."""
    with store.session() as s:
        want: dict[str, set[str]] = {}
        for eid, rec in s.execute(select(MentionRow.event_id, MentionRow.record)):
            texts = [str(e.get("text") or "") for e in rec.get("evidence") or []]
            want.setdefault(eid, set()).update(search_terms(texts))
        have: dict[str, set[str]] = {}
        for eid, term in s.execute(select(EventTerm.event_id, EventTerm.term)):
            have.setdefault(eid, set()).add(term)
    assert want and None not in want
    assert have == {e: w for e, w in want.items() if w}


def test_text_index_follows_fusion_merge_and_split(store: Any) -> None:
    from tacitus.query import iter_events, parse_filters

    ingest(store, [str(DB_ARTICLES)])
    _text_index_matches_mentions(store)
    k = _event_of(store, "kirkuk_2_local.html")
    t = _event_of(store, "tikrit_lookalike.txt")
    with store.session() as ss:
        merged = merge_events(ss, k, t)
    _text_index_matches_mentions(store)
    with store.session() as ss:
        split_event(ss, merged, [_mention_of(store, "tikrit_lookalike.txt")])
    _text_index_matches_mentions(store)
    # what the index holds is what --text finds: a word of the look-alike's evidence finds its event
    with store.session() as ss:
        rec = ss.scalar(select(MentionRow.record).where(MentionRow.event_id == _event_of(store, "tikrit_lookalike.txt")))
    word = max(search_terms([rec["evidence"][0]["text"]]), key=len)
    assert _event_of(store, "tikrit_lookalike.txt") in [e["id"] for e in iter_events(store, parse_filters(text=word))]


def test_cli_merge_and_split(backend: Any) -> None:
    s = backend.open()
    ingest(s, [str(DB_ARTICLES / "tikrit_lookalike.txt"), str(DB_ARTICLES / "yemen_strike.txt")])
    t, y = _event_of(s, "tikrit_lookalike.txt"), _event_of(s, "yemen_strike.txt")
    ym = _mention_of(s, "yemen_strike.txt")
    s.close()
    proc = run_cli("merge", "--db", backend.url, t, y)
    assert proc.returncode == 0, proc.stderr
    merged = proc.stdout.strip()
    assert merged.startswith("ev_")
    proc = run_cli("split", "--db", backend.url, merged, ym)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.split()) == 2
    proc = run_cli("split", "--db", backend.url, "ev_000000000000", ym)
    assert proc.returncode == 2 and "no event" in proc.stderr


def _stored_and_at_once(store: Any) -> tuple[list[str], set[frozenset[str]], set[frozenset[str]]]:
    """The store's mention ids, its events as sets of mentions, and one fusion.cluster over them all."""
    from tacitus import fusion
    from tacitus.store.fuse import load_mentions

    with store.session() as ss:
        ids = list(ss.scalars(select(MentionRow.id)))
        at_once = {frozenset(c) for c in fusion.cluster(sorted(load_mentions(ss, ids).values(), key=lambda m: m.id))}
        stored: dict[str, set[str]] = {}
        for mid, eid in ss.execute(select(MentionRow.id, MentionRow.event_id)):
            stored.setdefault(eid, set()).add(mid)
    return ids, {frozenset(v) for v in stored.values()}, at_once


def test_incremental_fusion_equals_clustering_everything_at_once(store: Any) -> None:
    """Article by article, the store's events partition the mentions exactly as one call of
    fusion.cluster over all of them does."""
    for path in sorted(DB_ARTICLES.iterdir()):
        ingest(store, [str(path)])
    ids, stored, at_once = _stored_and_at_once(store)
    assert len(ids) == 5
    assert stored == at_once


def test_incremental_fusion_of_a_busy_block_equals_clustering_everything_at_once(store: Any) -> None:
    """The fusion gold set (33 articles about overlapping incidents, several events each) arrives
    article by article; each arrival re-clusters only what it can reach (fusion.affected), and the
    stored events still partition the mentions exactly as one call of fusion.cluster does."""
    summary = ingest(store, [str(Path(__file__).resolve().parent / "fusion_gold" / "set_A.jsonl")])
    assert summary.articles_new == 33
    ids, stored, at_once = _stored_and_at_once(store)
    assert len(ids) > 50 and len(at_once) < len(ids)  # a block where merges happen
    assert stored == at_once
