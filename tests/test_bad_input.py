"""Bad input never crashes: one clear line on stderr, a non-zero exit, no traceback; in a batch the
record gets an error line and the rest goes on."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, run_cli_bytes

ENGLISH = ("Gunmen attacked a police checkpoint in the town of Bannu on Sunday, killing three officers and "
           "wounding two others, a police spokesman said.")


def assert_clean_failure(proc: object, code_word: str) -> None:
    out = proc.stderr if isinstance(proc.stderr, str) else proc.stderr.decode()  # type: ignore[attr-defined]
    assert proc.returncode != 0  # type: ignore[attr-defined]
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(lines) == 1, out
    assert lines[0].startswith("tacitus: error:")
    assert code_word in lines[0]
    assert "Traceback" not in out


def test_empty_file(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    assert_clean_failure(run_cli("extract", str(f)), "empty")


def test_binary_file(tmp_path: Path) -> None:
    f = tmp_path / "image.bin"
    f.write_bytes(bytes(range(256)) * 40)
    assert_clean_failure(run_cli("extract", str(f)), "binary")


def test_non_utf8_text(tmp_path: Path) -> None:
    f = tmp_path / "latin1.txt"
    f.write_bytes(("Gunmen killed three people in Ségou on Sunday, officials said. " * 3).encode("latin-1") + b"\xff\xfe\x80")
    assert_clean_failure(run_cli("extract", str(f)), "UTF-8")


def test_non_english(tmp_path: Path) -> None:
    f = tmp_path / "fr.txt"
    f.write_text("Des hommes armés ont attaqué un poste de police dimanche dans le nord du pays, tuant trois "
                 "policiers et en blessant deux autres, selon un porte-parole de la police.", encoding="utf-8")
    assert_clean_failure(run_cli("extract", str(f)), "not English")


def test_oversize(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text(ENGLISH * 50, encoding="utf-8")
    assert_clean_failure(run_cli("extract", str(f), env={"TACITUS_MAX_BYTES": "1000"}), "limit")


def test_malformed_html(tmp_path: Path) -> None:
    f = tmp_path / "broken.html"
    f.write_text("<html><head><title>x</title></head><body><div><p><<<>>></div></span></body", encoding="utf-8")
    assert_clean_failure(run_cli("extract", str(f)), "story text")


def test_missing_file() -> None:
    assert_clean_failure(run_cli("extract", "/nonexistent/article.txt"), "no such file")


def test_unreachable_url() -> None:
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert_clean_failure(run_cli("extract", f"http://127.0.0.1:{port}/story.html",
                                 env={"TACITUS_URL_TIMEOUT": "3"}), "unreachable")


def test_bad_published_option(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ENGLISH, encoding="utf-8")
    assert_clean_failure(run_cli("extract", str(f), "--published", "yesterday"), "YYYY-MM-DD")


def test_batch_keeps_going_and_keeps_order(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok-1", "text": ENGLISH, "published": "2024-05-06"}),
        "{not json",
        json.dumps({"id": "empty", "text": "  "}),
        json.dumps({"id": "french", "text": "Des hommes armés ont attaqué un poste de police dimanche, tuant trois policiers."}),
        json.dumps({"id": "no-body", "title": "x"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "huge", "text": ENGLISH * 100}),
        json.dumps({"id": "html", "html": "<html><body><article><p>" + ENGLISH + "</p></article></body></html>",
                    "published": "2024-05-06"}),
    ]
    data = ("\n".join(lines) + "\n").encode()
    proc = run_cli_bytes(["extract", "--jsonl", "-"], data, env={"TACITUS_MAX_BYTES": "5000"})
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(ln) for ln in proc.stdout.decode().splitlines()]
    assert len(out) == 8
    assert [o.get("id") for o in out] == ["ok-1", None, "empty", "french", "no-body", None, "huge", "html"]
    codes = [o["error"]["code"] if "error" in o else "ok" for o in out]
    assert codes == ["ok", "malformed", "empty", "not_english", "malformed", "malformed", "too_large", "ok"]
    assert out[0]["events"][0]["killed"] == 3
    assert out[7]["events"][0]["killed"] == 3
    assert "Traceback" not in proc.stderr.decode()


def test_batch_non_utf8_line_is_an_error_record_not_a_crash(tmp_path: Path) -> None:
    good = json.dumps({"id": "good", "text": ENGLISH, "published": "2024-05-06"}).encode()
    data = good + b"\n" + b'{"id": "bad", "text": "caf\xe9 \xff"}\n' + good + b"\n"
    proc = run_cli_bytes(["extract", "--jsonl", "-"], data)
    out = [json.loads(ln) for ln in proc.stdout.decode().splitlines()]
    assert [o.get("id") for o in out] == ["good", "bad", "good"]
    assert "error" not in out[0] and "error" not in out[2]


def test_several_sources_one_failing(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH, encoding="utf-8")
    proc = run_cli("extract", str(good), str(bad), "--published", "2024-05-06")
    out = [json.loads(ln) for ln in proc.stdout.splitlines()]
    assert proc.returncode != 0
    assert out[0]["events"] and out[1]["error"]["code"] == "empty"


def test_workers_give_the_same_records_in_order(tmp_path: Path) -> None:
    recs = [{"id": f"r{i}", "text": ENGLISH.replace("three", str(i + 2)), "published": "2024-05-06"} for i in range(20)]
    data = "".join(json.dumps(r) + "\n" for r in recs).encode()
    one = run_cli_bytes(["extract", "--jsonl", "-"], data)
    two = run_cli_bytes(["extract", "--jsonl", "-", "--workers", "2"], data)
    assert one.returncode == 0 and two.returncode == 0, two.stderr
    assert one.stdout == two.stdout
    assert [json.loads(ln)["events"][0]["killed"] for ln in one.stdout.decode().splitlines()] == [i + 2 for i in range(20)]
