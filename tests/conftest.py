"""Shared fixtures. Every test runs the real pipeline on the shipped data files; the gazetteer
index is built once per session into a temporary cache folder, so runs never share state."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["store_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = Path(__file__).resolve().parent / "articles"
GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["TACITUS_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("TACITUS_DATA_DIR", None)


def run_cli(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``tacitus ARGS`` in a fresh process, as a user would."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "tacitus", *args], input=stdin.decode() if stdin is not None else None,
                          capture_output=True, text=True, env=full_env, timeout=timeout, cwd=ROOT)


def run_cli_bytes(args: list[str], data: bytes, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "tacitus", *args], input=data, capture_output=True,
                          env=full_env, timeout=300, cwd=ROOT)


def one_json(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert proc.returncode == 0, proc.stderr
    return dict(json.loads(proc.stdout))
