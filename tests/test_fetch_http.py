"""URL input against a real HTTP server on loopback."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator

import pytest

from conftest import run_cli

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Rocket fire hits border town | Example Desk</title>
<meta property="article:published_time" content="2024-09-18T08:00:00Z">
<meta name="author" content="Lena Ortiz"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Rocket fire hits border town</h1>
<p>Rockets fired from across the border struck the town of Kiryat Shmona on Tuesday, wounding four people and
setting several houses on fire, Israeli emergency services said.</p>
<p>Hezbollah said in a statement that its fighters had fired the rockets at an army position near the town in
response to an Israeli strike in southern Lebanon earlier this week.</p></article>
<footer>Subscribe to our newsletter. Share on social media.</footer></body></html>"""


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/story":
            body = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        elif self.path == "/big":
            body = b"<html><body>" + b"<p>word</p>" * 300_000 + b"</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
        else:
            body = b"not here"
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_url_fetch_extracts_with_page_metadata(server: str) -> None:
    proc = run_cli("extract", f"{server}/story")
    assert proc.returncode == 0, proc.stderr
    rec = json.loads(proc.stdout)
    assert rec["article"]["url"] == f"{server}/story"
    assert rec["article"]["published"] == "2024-09-18"
    assert rec["article"]["author"] == "Lena Ortiz"
    ev = rec["events"][0]
    assert ev["date"] == "2024-09-17" and ev["injured"] == 4
    assert ev["location"]["country"] == "IL"  # GeoNames spells it "Qiryat Shmona": check the coordinates
    assert abs(ev["location"]["lat"] - 33.207) < 0.05 and abs(ev["location"]["lon"] - 35.570) < 0.05
    assert any(c["stance"] == "claim" and c["actor"] == "Hezbollah" for c in rec["claims"])


def test_url_http_error_is_reported(server: str) -> None:
    proc = run_cli("extract", f"{server}/missing")
    assert proc.returncode != 0
    assert proc.stderr.startswith("tacitus: error:") and "404" in proc.stderr


def test_url_over_the_size_cap_is_refused(server: str) -> None:
    proc = run_cli("extract", f"{server}/big", env={"TACITUS_MAX_BYTES": "100000"})
    assert proc.returncode != 0
    assert "limit" in proc.stderr and "Traceback" not in proc.stderr
