"""Sweeps: same numbers on every executor, paths checked, common random numbers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import simulate as sim
from simulate.errors import SimulateError
from simulate.experiments.parameters import factors, get_value, set_value

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "validation"))
from validation_builders import continuous_scenario, exponential_step


def small() -> sim.Scenario:
    s = continuous_scenario(
        name="pool",
        desks={"pool": 3},
        steps=[exponential_step("serve", "pool", 1.0)],
        flow=["serve"],
        arrivals_per_hour=2.0,
        horizon_hours=120,
    )
    return s.with_changes(time_limit_working_days=0.1)


POINTS = {"desks.pool.staff": [2, 3], "steps.serve.duration": [0.8, 1.0]}


def test_sweep_same_numbers_serial_pool_and_dask() -> None:
    s = small()
    serial = sim.sweep(s, POINTS, replications=2, seed=5, progress=False)
    assert len(serial.table) == 4 * 2
    pool = sim.sweep(s, POINTS, replications=2, seed=5, executor="process", jobs=2, progress=False)
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1) as cluster:
        dask = sim.sweep(
            s, POINTS, replications=2, seed=5, scheduler=cluster.scheduler_address, progress=False
        )
    assert serial.table.equals(pool.table)
    assert serial.table.equals(dask.table)


def test_sweep_point_equals_a_plain_run() -> None:
    """A point is the scenario with that number set, run as sim.run runs it."""
    s = small()
    result = sim.sweep(s, [{}, {"desks.pool.staff": 4}], replications=2, seed=9, progress=False)
    plain = sim.run(set_value(s, "desks.pool.staff", 4), replications=2, seed=9, progress=False)
    got = result.point_summary(1)
    want = plain.summary()
    for metric in ("mean_elapsed_working_days", "on_time_rate", "cases"):
        assert got.loc[metric, "value"] == pytest.approx(want.loc[metric, "value"], rel=1e-12)
    # more staff, less waiting, on the same random numbers
    mean = result.metric("mean_elapsed_working_days")["value"]
    assert mean.loc[1] < mean.loc[0]


def test_duration_path_scales_the_distribution() -> None:
    s = small()
    assert get_value(s, "steps.serve.duration") == pytest.approx(1.0)
    t = set_value(s, "steps.serve.duration", 2.5)
    assert t.step("serve").duration.mean == pytest.approx(2.5)


def test_bad_paths_and_values_are_clear_errors() -> None:
    s = small()
    with pytest.raises(SimulateError, match=r"did you mean 'desks\.pool\.staff'"):
        sim.sweep(s, [{"desks.pol.staff": 2}], replications=1, seed=1, progress=False)
    with pytest.raises(SimulateError, match="whole number"):
        sim.sweep(s, [{"desks.pool.staff": 0}], replications=1, seed=1, progress=False)
    with pytest.raises(SimulateError, match="positive"):
        set_value(s, "steps.serve.duration", -1)
    with pytest.raises(SimulateError, match="contains the value"):
        factors(s, ranges={"desks.pool.staff": (5, 8)})
    with pytest.raises(SimulateError, match="at least one point"):
        sim.sweep(s, [], replications=1, seed=1, progress=False)


def test_default_ranges_of_assumptions() -> None:
    s = sim.load_scenario(
        Path(__file__).resolve().parents[2] / "scenarios/construction/baseline.yaml"
    )
    fs = {f.path: f for f in factors(s)}
    staff = fs["desks.project_window.staff"]
    assert (staff.low, staff.high) == (1.0, 3.0)
    d = fs["steps.eia_approval.duration"]
    assert (d.low, d.high) == pytest.approx((0.7 * d.value, 1.3 * d.value))
    probs = [f for f in fs.values() if f.kind == "probability"]
    assert probs
    assert all(0 <= f.low <= f.value <= f.high <= 1 for f in probs)
    assert all(f.assumption for f in fs.values())


RANGED = """
name: ranged
start: 2024-03-04
horizon_working_days: 20
arrivals: {per_working_day: 4, assumption: "x", range: [2, 6]}
time_limit: {working_days: 6.5}
desks:
  window: {staff: 2, assumption: "two", range: [1, 5]}
steps:
  - id: long
    duration: {working_days: 5, assumption: "a", range: [4, 7]}
  - id: serve
    desk: window
    duration: {working_hours: 1, assumption: "b"}
rework:
  serve: {p_incomplete: 0.2, makeup: {working_days: 1}, assumption: "c", range: [0.1, 0.6]}
flow: [long, serve]
"""


def test_range_beside_an_assumption_sets_the_factor(tmp_path: Path) -> None:
    path = tmp_path / "ranged.yaml"
    path.write_text(RANGED, encoding="utf-8")
    s = sim.load_scenario(path)
    fs = {f.path: (f.low, f.high) for f in factors(s)}
    assert fs["arrivals.per_working_day"] == (2.0, 6.0)
    assert fs["desks.window.staff"] == (1.0, 5.0)
    assert fs["steps.long.duration"] == (4.0, 7.0)
    assert fs["rework.serve.p_incomplete"] == (0.1, 0.6)
    assert fs["steps.serve.duration"] == pytest.approx((0.7, 1.3))  # the default, ±30%
    again = sim.scenario_from_dict(__import__("yaml").safe_load(sim.to_yaml(s)))
    assert again.digest() == s.digest()
    # given ranges override the file's
    given = {f.path: f.low for f in factors(s, ranges={"steps.long.duration": (4.5, 5.5)})}
    assert given["steps.long.duration"] == 4.5


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("range: [1, 5]", "range: [0, 5]", "outside what a staff count can be"),
        ("range: [0.1, 0.6]", "range: [0.1, 1.5]", "outside what a probability can be"),
        ("range: [4, 7]", "range: [7, 4]", "low 7 is above high 4"),
        ("range: [4, 7]", "range: four", "must be [low, high]"),
    ],
)
def test_bad_range_names_file_line_and_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = tmp_path / "ranged.yaml"
    path.write_text(RANGED.replace(old, new), encoding="utf-8")
    with pytest.raises(sim.ScenarioError, match=r"ranged\.yaml:\d+: \[.*range\]") as err:
        sim.load_scenario(path)
    assert message in str(err.value)
