"""Quality gate on the real dev sets, when this machine has them (../shared/data/dev next to the
checkout, or TACITUS_DEV_DATA). Floors live in tests/dev_floors.json; each was set from a measured
run of ``tacitus eval`` (which agrees with ../shared/eval/score.py). Where the dev data is absent
no gate test is generated at all (nothing is skipped and counted as passing)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tacitus.evaluate import run_eval

from conftest import ROOT

SPEC = json.loads((Path(__file__).parent / "dev_floors.json").read_text(encoding="utf-8"))
DEV = Path(os.environ.get("TACITUS_DEV_DATA") or ROOT.parent / "shared" / "data" / "dev")


PRESENT = [name for name in sorted(SPEC) if (DEV / name).is_file()]


def _holds_floors(dev_set: str) -> None:
    spec = SPEC[dev_set]
    path = str(DEV / dev_set)
    _, all_rates = run_eval([path], limit=spec["limit"], workers=2, failures=0)
    rates = all_rates[path]
    low = {k: (rates.get(k, 0.0), floor) for k, floor in spec["floors"].items() if rates.get(k, 0.0) < floor}
    assert not low, f"{dev_set}: below floor {low}"


if PRESENT:  # defined only where the data is, so an absent set is neither run nor counted

    @pytest.mark.parametrize("dev_set", PRESENT)
    def test_dev_set_holds_its_floors(dev_set: str) -> None:
        _holds_floors(dev_set)
