"""Same seed, same numbers: serially, across worker processes, and between scenarios.

Every replication draws from named streams seeded by ``(seed, replication, name)``, so the
tables do not depend on the executor, on the number of replications run, or on steps that
one scenario has and another lacks (common random numbers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import simulate as sim

BASE: dict[str, Any] = {
    "name": "determinism",
    "start": "2024-09-02",
    "horizon_working_days": 25,
    "arrivals": {"per_working_day": 5},
    "time_limit": {"working_days": 6},
    "desks": {
        "counter": {"staff": 2},
        "bureau": {"staff": 2, "hours": ["08:30-12:00", "14:00-17:30"]},
    },
    "steps": [
        {
            "id": "apply",
            "desk": "counter",
            "visit": True,
            "duration": {"working_hours": {"median": 0.5, "p90": 1}},
            "travel": {"natural_hours": {"mean": 0.5}},
        },
        {
            "id": "fire",
            "desk": "bureau",
            "duration": {"working_days": {"min": 0.5, "mode": 1, "max": 3}},
        },
        {"id": "plan", "desk": "bureau", "duration": {"working_days": {"values": [0.5, 1, 2]}}},
        {"id": "survey", "duration": {"natural_days": {"median": 1, "p90": 3}}},
        {"id": "inspect", "desk": "counter", "duration": {"working_hours": 2}},
        {"id": "issue", "desk": "counter", "duration": {"working_hours": {"mean": 0.3}}},
    ],
    "flow": [
        "apply",
        {"parallel": ["fire", ["plan", {"optional": "survey", "p": 0.4}]]},
        {"detached": "inspect", "share": 0.3},
        "issue",
    ],
    "rework": {
        "apply": {
            "p_incomplete": 0.3,
            "makeup": {"natural_days": {"median": 1, "p90": 3}},
            "max_rounds": 2,
        },
        "fire": {
            "p_incomplete": 0.2,
            "makeup": {"working_days": 1},
            "alongside": True,
            "before": "issue",
            "p_fail": 0.3,
        },
    },
}


def _scenario(**changes: Any) -> sim.Scenario:
    return sim.scenario_from_dict({**BASE, **changes})


def _assert_same(a: sim.Results, b: sim.Results) -> None:
    pd.testing.assert_frame_equal(a.cases, b.cases)
    pd.testing.assert_frame_equal(a.steps, b.steps)
    pd.testing.assert_frame_equal(a.desks, b.desks)


@pytest.fixture(scope="module")
def serial() -> sim.Results:
    return sim.run(_scenario(), replications=4, seed=123)


def test_serial_and_process_pool_give_identical_tables(serial: sim.Results) -> None:
    parallel = sim.run(_scenario(), replications=4, seed=123, executor="process", jobs=2)
    _assert_same(serial, parallel)
    assert parallel.meta.executor == "process"


def test_same_seed_twice_gives_identical_tables(serial: sim.Results) -> None:
    _assert_same(serial, sim.run(_scenario(), replications=4, seed=123))
    assert serial.steps["phase"].nunique() >= 3  # travel, work, makeup: the features ran
    assert serial.steps["detached"].any()
    assert serial.cases["rework_rounds"].max() >= 1


def test_another_seed_gives_other_numbers(serial: sim.Results) -> None:
    other = sim.run(_scenario(), replications=4, seed=124)
    assert not np.array_equal(
        other.cases["arrival_h"].to_numpy()[:50], serial.cases["arrival_h"].to_numpy()[:50]
    )


def test_a_replication_does_not_depend_on_how_many_run(serial: sim.Results) -> None:
    fewer = sim.run(_scenario(), replications=2, seed=123)
    for name in ("cases", "steps"):
        mine = getattr(fewer, name)
        theirs = getattr(serial, name)
        theirs = theirs[theirs["replication"] < 2].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, theirs)


def test_seed_from_the_scenario_is_used_and_recorded() -> None:
    s = _scenario(seed=77, horizon_working_days=5)
    a, b = sim.run(s, replications=1), sim.run(s, replications=1)
    assert a.meta.seed == 77
    pd.testing.assert_frame_equal(a.cases, b.cases)


# -- common random numbers ------------------------------------------------------------------
SHARED: dict[str, Any] = {
    "name": "crn",
    "start": "2024-09-02",
    "horizon_working_days": 20,
    "arrivals": {"per_working_day": 8},
    "desks": {"counter": {"staff": 1}},
    "steps": [
        {"id": "apply", "desk": "counter", "duration": {"working_hours": {"mean": 0.5}}},
        {"id": "survey", "duration": {"natural_hours": {"median": 10, "p90": 30}}},
        {"id": "issue", "desk": "counter", "duration": {"working_hours": {"mean": 0.4}}},
    ],
    "flow": ["apply", {"optional": "survey", "p": 0.5, "key": "needs_survey"}, "issue"],
}
EXTRA_STEP = {
    "id": "check",
    "desk": "counter",
    "duration": {"working_hours": {"min": 0.1, "mode": 0.5, "max": 2}},
}


def _durations(res: sim.Results, step: str) -> pd.Series:
    """Each case's draw for ``step``: clock hours of a delay, working hours of a staffed step."""
    rows = res.steps[(res.steps["step"] == step) & (res.steps["phase"] == "work")]
    if res.scenario.step(step).desk is None:
        value = rows["end_h"] - rows["start_h"]
    else:
        value = rows["work_working_days"] * 7.0  # default office hours: 7 working hours a day
    return value.set_axis(pd.MultiIndex.from_frame(rows[["replication", "case"]]))


def test_a_shared_step_draws_the_same_durations_in_both_scenarios() -> None:
    a = sim.scenario_from_dict(SHARED)
    b = sim.scenario_from_dict(
        {
            **SHARED,
            "name": "crn_extra",
            "steps": [*SHARED["steps"], EXTRA_STEP],
            "flow": [
                "apply",
                "check",
                {"optional": "survey", "p": 0.5, "key": "needs_survey"},
                "issue",
            ],
        }
    )
    ra = sim.run(a, replications=2, seed=5)
    rb = sim.run(b, replications=2, seed=5)
    # the extra step makes cases wait longer at the counter ...
    assert rb.cases["elapsed_working_days"].mean() > ra.cases["elapsed_working_days"].mean()
    # ... but every case arrives at the same time, takes the same branch, and draws the same
    # duration for each shared step
    np.testing.assert_array_equal(ra.cases["arrival_h"], rb.cases["arrival_h"])
    for step in ("survey", "apply", "issue"):
        da, db = _durations(ra, step), _durations(rb, step)
        assert da.index.equals(db.index), step
        np.testing.assert_allclose(da.to_numpy(), db.to_numpy(), rtol=1e-12, atol=1e-9)
    assert len(_durations(ra, "survey")) > 20


def test_a_scaled_duration_scales_each_cases_draw() -> None:
    """Halving a lognormal's median and P90 halves every case's draw (same normal deviates)."""
    a = sim.scenario_from_dict(SHARED)
    steps = [dict(st) for st in SHARED["steps"]]
    steps[1] = {"id": "survey", "duration": {"natural_hours": {"median": 5, "p90": 15}}}
    b = sim.scenario_from_dict({**SHARED, "name": "crn_half", "steps": steps})
    da = _durations(sim.run(a, replications=1, seed=9), "survey")
    db = _durations(sim.run(b, replications=1, seed=9), "survey")
    np.testing.assert_allclose(db.to_numpy(), 0.5 * da.to_numpy(), rtol=1e-12)


def test_dask_executor_gives_the_same_tables() -> None:
    pytest.importorskip("dask.distributed")
    scenario = sim.load_scenario(
        Path(__file__).resolve().parents[2] / "scenarios" / "example_gas.yaml"
    )
    serial = sim.run(scenario, replications=3, seed=4, executor="serial", progress=False)
    dask = sim.run(scenario, replications=3, seed=4, executor="dask", jobs=2, progress=False)
    pd.testing.assert_frame_equal(serial.cases, dask.cases)
    pd.testing.assert_frame_equal(serial.steps, dask.steps)
    pd.testing.assert_frame_equal(serial.desks, dask.desks)
