"""The package type-checks cleanly under mypy's strict mode (settings in pyproject.toml [tool.mypy]).

Running mypy here keeps the check in every test run: a change that breaks a type shows up as a
failing test with mypy's own report, not as a surprise for the next person who runs mypy by hand.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_strict_reports_no_errors() -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy", "src/tacitus"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, f"mypy exited {proc.returncode}:\n{proc.stdout}{proc.stderr}"
