"""Stage 1: fetch. Read raw bytes from a file, a URL or stdin, and decode them to text safely."""

from __future__ import annotations

import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from . import settings
from .errors import BinaryInput, EmptyInput, EncodingError, FetchError, TooLarge

__all__ = ["Raw", "read_source", "decode"]

_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.I)


@dataclass
class Raw:
    data: bytes
    name: str
    url: str | None = None
    charset: str | None = None  # declared by an HTTP header


def _check_size(n: int, name: str) -> None:
    limit = int(settings.get("max_bytes"))
    if n > limit:
        raise TooLarge(f"{name}: input is {n:,} bytes, over the {limit:,}-byte limit (TACITUS_MAX_BYTES)")


def read_source(source: str) -> Raw:
    """Bytes of ``source``: a path, an http(s) URL or ``-`` for standard input."""
    limit = int(settings.get("max_bytes"))
    if source == "-":
        data = sys.stdin.buffer.read(limit + 1)
        _check_size(len(data), "stdin")
        return Raw(data, "stdin")
    if source.startswith(("http://", "https://")):
        return _fetch_url(source, limit)
    path = Path(source)
    if not path.is_file():
        raise FetchError(f"{source}: no such file")
    size = path.stat().st_size
    _check_size(size, source)
    return Raw(path.read_bytes(), source)


def _fetch_url(url: str, limit: int) -> Raw:
    req = urllib.request.Request(url, headers={"User-Agent": "tacitus/0.1 (+news event extraction)"})
    timeout = float(settings.get("url_timeout"))
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - http(s) only, checked above
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit():
                _check_size(int(declared), url)
            data = resp.read(limit + 1)
            charset = resp.headers.get_content_charset()
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: server answered HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{url}: unreachable ({reason})") from None
    _check_size(len(data), url)
    return Raw(data, url, url=url, charset=charset)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    # more than 5% control bytes is not prose in any encoding (text files we made have 0%)
    return len(head) > 0 and ctrl / len(head) > 0.05


def decode(raw: Raw) -> str:
    """Text of ``raw``; UTF-8, or the charset an HTML page or HTTP header declares."""
    data = raw.data
    if not data.strip():
        raise EmptyInput(f"{raw.name}: input is empty")
    if _looks_binary(data):
        raise BinaryInput(f"{raw.name}: input looks binary, not text or HTML")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = raw.charset
        m = _CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii")
        if declared and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
            try:
                return data.decode(declared)
            except (LookupError, UnicodeDecodeError):
                pass
        raise EncodingError(
            f"{raw.name}: input is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}) "
            "and declares no usable charset"
        ) from None
