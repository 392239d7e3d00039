"""Every shipped scenario loads, validates and runs with a small replication count."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import simulate as sim
from simulate.library import scenario_files

ROOT = Path(__file__).resolve().parents[2]
FILES = scenario_files(ROOT / "scenarios")


def test_the_library_is_there() -> None:
    assert len(FILES) >= 40
    processes = {sim.load_scenario(p).process for p in FILES}
    assert {
        "company_registration",
        "power",
        "water_gas",
        "construction",
        "property_registration",
        "export_refund",
    } <= processes


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT / "scenarios")))
def test_scenario_runs(path: Path) -> None:
    s = sim.load_scenario(path)
    res = sim.run(s, replications=1, seed=1, progress=False)
    measured = res.cases[~res.cases["in_warmup"]]
    assert len(measured) > 0
    assert np.isfinite(measured["elapsed_working_days"]).all()
    assert (measured["elapsed_natural_days"] >= 0).all()
    # every case walked its own flow: no step pass ends before it starts
    assert (res.steps["end_h"] >= res.steps["start_h"]).all()
    summary = res.summary()
    assert summary.loc["mean_elapsed_working_days", "value"] > 0
