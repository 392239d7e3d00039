"""The fast path: the rule that says where it is exact, agreement with the DES, the sweep.

Agreement is tested twice. With the same seed the fast path must give the DES's cases and
steps exactly (it reads the same streams and does the same clock arithmetic). With
independent seeds, elapsed working and natural days must pass a two-sample
Kolmogorov-Smirnov test at alpha = 0.001 and their means must agree within four standard
errors; a fast path with every duration 5% too long must fail both, so the test can fail.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

import simulate as sim
from simulate.engine import fastpath
from simulate.engine.fastpath import desk_demand, fast_path_reason, run_fast_replication
from simulate.engine.replication import ReplicationOutput, run_replication
from simulate.experiments.runner import run_meta
from simulate.results.results import Results

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "validation"))
from validation_builders import continuous_scenario, exponential_step

ROOT = Path(__file__).resolve().parent.parent.parent
ALPHA = 0.001  # KS significance level
STANDARD_ERRORS = 4.0  # tolerance on the difference of means


def shipped(path: str) -> sim.Scenario:
    return sim.load_scenario(ROOT / "scenarios" / path)


def staffed_for_all(scenario: sim.Scenario) -> sim.Scenario:
    """Every desk with staff enough for every case of a cohort at once (no queue possible)."""
    need = desk_demand(scenario)
    cases = scenario.arrivals.cohort
    desks = tuple(
        dataclasses.replace(d, staff=max(d.staff, cases * need.get(d.id, 0)))
        for d in scenario.desks
    )
    return scenario.with_changes(desks=desks)


def without_desks(scenario: sim.Scenario, per_working_day: float | None = None) -> sim.Scenario:
    """Every step a delay (no staff needed); optionally more arrivals."""
    steps = tuple(dataclasses.replace(st, desk=None) for st in scenario.steps)
    out = scenario.with_changes(steps=steps)
    if per_working_day is not None:
        arrivals = dataclasses.replace(out.arrivals, per_working_day=per_working_day)
        out = out.with_changes(arrivals=arrivals)
    return out


def assert_same_output(des: ReplicationOutput, fast: ReplicationOutput) -> None:
    for key, column in des.case_cols.items():
        np.testing.assert_array_equal(fast.case_cols[key], column, err_msg=key)

    def rows(out: ReplicationOutput) -> list[tuple[float, ...]]:
        cols = out.step_cols
        keys = ("case", "step_code", "round", "phase_code", "detached")
        keys += ("enter_h", "start_h", "end_h")
        return sorted(zip(*(cols[k].tolist() for k in keys), strict=True))

    assert rows(fast) == rows(des)
    assert fast.end_clock == des.end_clock


# -- the rule --------------------------------------------------------------------------------
def test_rule_refuses_a_cohort_larger_than_a_desk_and_accepts_enough_staff() -> None:
    base = shipped("construction/baseline.yaml")  # a cohort of 24 on 2 and 3 staff
    reason = fast_path_reason(base)
    assert reason is not None
    assert "queue" in reason
    assert fast_path_reason(staffed_for_all(base)) is None


def test_rule_refuses_poisson_arrivals_at_a_staffed_desk() -> None:
    base = shipped("power/low_voltage_baseline.yaml")
    big = base.with_changes(desks=tuple(dataclasses.replace(d, staff=10**6) for d in base.desks))
    reason = fast_path_reason(big)
    assert reason is not None
    assert "Poisson" in reason
    assert fast_path_reason(without_desks(base)) is None


def test_rule_refuses_makeups_alongside() -> None:
    base = staffed_for_all(shipped("construction/accept_incomplete_permit_001.yaml"))
    reason = fast_path_reason(base)
    assert reason is not None
    assert "alongside" in reason


def demand_scenario(staff: int, cohort: int) -> sim.Scenario:
    steps = [exponential_step(s, "pool", 1.0) for s in ("a", "b", "c", "d", "e", "f")]
    flow = [
        "a",
        {"parallel": [["b"], ["c"]]},  # two at once
        {"detached": ["d"], "share": 0.5},  # overlaps everything after it
        {"choice": [{"p": 0.5, "do": ["e"]}, {"p": 0.5, "do": ["f"]}]},
    ]
    return continuous_scenario(
        name="demand", desks={"pool": staff}, steps=steps, flow=flow, cohort=cohort
    )


def test_demand_adds_parallel_branches_and_detached_work() -> None:
    assert desk_demand(demand_scenario(1, 1)) == {"pool": 3}
    assert fast_path_reason(demand_scenario(15, 5)) is None
    assert fast_path_reason(demand_scenario(14, 5)) is not None


def test_detached_work_is_counted_once() -> None:
    """Detached work overlaps what follows it: it counts once, not also as a serial item."""
    wait = {"id": "wait", "duration": {"working_hours": {"mean": 1.0}}}  # no desk
    s = continuous_scenario(
        name="detached_only",
        desks={"pool": 1},
        steps=[wait, exponential_step("d", "pool", 1.0)],
        flow=["wait", {"detached": ["d"], "share": 1.0}],
        cohort=1,
    )
    assert desk_demand(s) == {"pool": 1}
    assert fast_path_reason(s) is None


def test_the_rule_is_tight_where_it_refuses() -> None:
    """One staff fewer than the rule asks for, and the DES does make a case wait."""
    # the cohort of 3 on the 2-branch flow needs 6: with 5, the DES has a wait
    s = continuous_scenario(
        name="tight",
        desks={"pool": 5},
        steps=[exponential_step("a", "pool", 1.0), exponential_step("b", "pool", 1.0)],
        flow=[{"parallel": [["a"], ["b"]]}],
        cohort=3,
    )
    assert fast_path_reason(s) is not None
    out = run_replication(s, 0, 1)
    assert (out.step_cols["start_h"] > out.step_cols["enter_h"]).any()
    enough = s.with_changes(desks=(dataclasses.replace(s.desks[0], staff=6),))
    assert fast_path_reason(enough) is None
    out = run_replication(enough, 0, 1)
    assert (out.step_cols["start_h"] == out.step_cols["enter_h"]).all()


# -- the same numbers as the DES, same seed ----------------------------------------------------
EXACT = [
    ("construction/baseline.yaml", staffed_for_all),  # rework, clock stops, travel, delays
    ("construction/notification_commitment_004.yaml", staffed_for_all),  # choice, detached
    ("construction/parallel_approval_002_004.yaml", staffed_for_all),  # parallel
    ("company_registration/baseline.yaml", without_desks),  # visits, travel, 补正
    ("water_gas/gas_parallel_permits_002.yaml", without_desks),  # make-ups with clock stop
    ("power/high_voltage_parallel_7wd_002.yaml", without_desks),  # all flow kinds
]


@pytest.mark.parametrize(("path", "derive"), EXACT, ids=[p for p, _ in EXACT])
def test_same_seed_gives_the_des_output(path: str, derive) -> None:  # type: ignore[no-untyped-def]
    s = derive(shipped(path))
    assert fast_path_reason(s) is None
    for rep in (0, 1):
        assert_same_output(run_replication(s, rep, 11), run_fast_replication(s, rep, 11))


def test_default_approval_deadline_and_auto_share_match_the_des() -> None:
    base = without_desks(shipped("power/low_voltage_baseline.yaml"))
    steps = list(base.steps)
    steps[1] = dataclasses.replace(steps[1], default_approval=True, limit_working_days=1.0)
    steps[0] = dataclasses.replace(steps[0], auto_share=0.4)
    s = base.with_changes(steps=tuple(steps))
    assert fast_path_reason(s) is None
    assert_same_output(run_replication(s, 0, 3), run_fast_replication(s, 0, 3))


def test_run_fast_replication_refuses_where_not_exact() -> None:
    with pytest.raises(ValueError, match="not exact"):
        run_fast_replication(shipped("construction/baseline.yaml"), 0, 1)


# -- the same distribution as the DES, independent seeds ---------------------------------------
def elapsed(outputs: list[ReplicationOutput], s: sim.Scenario) -> tuple[np.ndarray, np.ndarray]:
    meta = run_meta(s, 0, len(outputs), "serial", digest="")
    cases = Results.from_outputs(s, meta, outputs).cases
    return (
        cases["elapsed_working_days"].to_numpy(),
        cases["elapsed_natural_days"].to_numpy(),
    )


def agrees(fast: np.ndarray, des: np.ndarray) -> bool:
    ks = stats.ks_2samp(fast, des)
    se = np.sqrt(fast.var(ddof=1) / len(fast) + des.var(ddof=1) / len(des))
    return bool(ks.pvalue > ALPHA and abs(fast.mean() - des.mean()) < STANDARD_ERRORS * se)


@pytest.fixture(scope="module")
def distribution_case() -> tuple[sim.Scenario, tuple[np.ndarray, np.ndarray]]:
    # a shipped flow with its desks removed and ~6 000 cases per replication
    s = without_desks(shipped("power/low_voltage_baseline.yaml"), per_working_day=40.0)
    des = elapsed([run_replication(s, rep, 1) for rep in range(4)], s)
    return s, des


def test_fast_path_agrees_with_the_des_in_distribution(distribution_case) -> None:  # type: ignore[no-untyped-def]
    s, (des_working, des_natural) = distribution_case
    fast_working, fast_natural = elapsed([run_fast_replication(s, rep, 2) for rep in range(4)], s)
    assert len(fast_working) > 20_000
    assert agrees(fast_working, des_working)
    assert agrees(fast_natural, des_natural)


def test_the_agreement_test_fails_on_a_fast_path_five_percent_off(  # type: ignore[no-untyped-def]
    distribution_case, monkeypatch
) -> None:
    s, (des_working, des_natural) = distribution_case
    right = fastpath._Evaluation.ends

    def five_percent_long(duration, timeline, start, values):  # type: ignore[no-untyped-def]
        return right(duration, timeline, start, values * 1.05)

    monkeypatch.setattr(fastpath._Evaluation, "ends", staticmethod(five_percent_long))
    fast_working, fast_natural = elapsed([run_fast_replication(s, rep, 2) for rep in range(4)], s)
    assert not agrees(fast_working, des_working)
    assert not agrees(fast_natural, des_natural)


# -- the sweep ---------------------------------------------------------------------------------
def test_sweep_runs_exact_points_on_the_fast_path_with_the_des_numbers() -> None:
    base = shipped("construction/baseline.yaml")
    points = [{}, {"desks.project_window.staff": 200, "desks.inspectors.staff": 200}]
    auto = sim.sweep(base, points, replications=2, seed=4, progress=False)
    assert auto.engines is not None
    assert auto.engines["engine"].tolist() == ["des", "fast"]
    assert "queue" in auto.engines.loc[0, "reason"]
    des = sim.sweep(base, points, replications=2, seed=4, progress=False, fast=False)
    assert des.engines is not None
    assert set(des.engines["engine"]) == {"des"}
    assert auto.table.equals(des.table)
    pool = sim.sweep(
        base, points, replications=2, seed=4, progress=False, executor="process", jobs=2
    )
    assert auto.table.equals(pool.table)


def test_the_rule_refuses_attributes_channels_and_conditional_steps() -> None:
    from simulate.engine.fastpath import fast_path_reason
    from simulate.scenario.attributes import Channels

    base = sim.load_scenario(ROOT / "scenarios" / "example_gas.yaml")
    with_mix = base.with_changes(channels=Channels(online_share=0.5))
    reason = fast_path_reason(with_mix)
    assert reason is not None
    assert "channel" in reason
