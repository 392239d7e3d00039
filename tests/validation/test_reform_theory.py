"""Reforms against arithmetic and queueing theory.

Exact checks use deterministic durations, a calendar where every day is a working day and
every hour an office hour (so working hours are clock hours), and desks with more staff than
cases (no queueing): a case's elapsed time is then its critical path, computed by hand. The
pooling check compares simulated queue waits with M/M/1 and M/M/k (Erlang C), with a
tolerance taken from the spread across replications.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import pytest
from validation_builders import assert_near_theory

import simulate as sim
from simulate import theory
from simulate.reforms.registry import apply_reform

COHORT = 6


def scenario(
    steps: list[dict[str, Any]], flow: list[Any], rework: dict[str, Any] | None = None
) -> sim.Scenario:
    """A congestion-free scenario: a cohort, ample staff, a 24-hour every-day calendar."""
    data: dict[str, Any] = {
        "name": "exact",
        "start": "2024-03-04",
        "horizon_working_days": 3,
        "calendar": {"days": "every_day", "office_hours": "24h"},
        "arrivals": {"cohort": COHORT, "date": "2024-03-04"},
        "desks": {"office": {"staff": 1000}, "other": {"staff": 1000}},
        "steps": steps,
        "flow": flow,
    }
    if rework:
        data["rework"] = rework
    return sim.scenario_from_dict(data)


def step(sid: str, hours: float, desk: str | None = "office", **extra: Any) -> dict[str, Any]:
    """A step of fixed length in working hours (clock hours on this calendar)."""
    out: dict[str, Any] = {"id": sid, "duration": {"working_hours": hours}, **extra}
    if desk is not None:
        out["desk"] = desk
    return out


def elapsed_hours(s: sim.Scenario) -> np.ndarray:
    """Each case's submission-to-finish time in clock hours, in case order."""
    cases = sim.run(s, replications=1, seed=7).cases.sort_values("case")
    assert len(cases) == COHORT
    return (cases["finish_h"] - cases["arrival_h"]).to_numpy()


HOURS = {"apply": 1.0, "fire": 5.0, "planning": 7.0, "civil": 3.0, "issue": 2.0}
LINE = [step(k, v) for k, v in HOURS.items()]
ORDER = list(HOURS)


def test_parallel_approval_takes_the_longest_branch_instead_of_the_sum() -> None:
    base = scenario(LINE, ORDER)
    reformed = apply_reform(base, "parallel_approval", steps=["fire", "planning", "civil"])
    assert (elapsed_hours(base) == sum(HOURS.values())).all()
    assert (elapsed_hours(reformed) == 1.0 + max(5.0, 7.0, 3.0) + 2.0).all()


def test_parallel_approval_with_a_branch_of_two_steps_and_a_shared_intake() -> None:
    base = scenario(LINE, ORDER)
    intake = {"id": "intake", "desk": "office", "duration": {"working_hours": 0.5}}
    reformed = apply_reform(
        base, "parallel_approval", steps=["fire", ["planning", "civil"]], intake=intake
    )
    assert (elapsed_hours(reformed) == 1.0 + 0.5 + max(5.0, 7.0 + 3.0) + 2.0).all()


def test_joint_review_takes_the_longest_component() -> None:
    base = scenario(LINE, ORDER)
    joint = apply_reform(base, "joint_review", steps=["fire", "planning", "civil"], into="joint")
    assert (elapsed_hours(joint) == 1.0 + 7.0 + 2.0).all()
    given = apply_reform(
        base,
        "joint_review",
        steps=["fire", "planning", "civil"],
        into="joint",
        duration={"working_hours": 4},
    )
    assert (elapsed_hours(given) == 1.0 + 4.0 + 2.0).all()


def test_joint_review_of_parallel_branches_takes_the_longest_component() -> None:
    base = scenario(LINE, ["apply", {"parallel": ["fire", "planning", "civil"]}, "issue"])
    joint = apply_reform(base, "joint_review", steps=["fire", "civil"], into="joint")
    assert (elapsed_hours(joint) == 1.0 + max(7.0, max(5.0, 3.0)) + 2.0).all()


def test_removing_a_step_subtracts_exactly_its_time() -> None:
    base = scenario(LINE, ORDER)
    for sid, hours in HOURS.items():
        fewer = apply_reform(base, "remove_steps", steps=[sid])
        assert (elapsed_hours(base) - elapsed_hours(fewer) == hours).all()


def test_online_removes_exactly_the_visit_travel() -> None:
    travel = {"natural_hours": 1.5}
    steps = [
        step("apply", 1.0, visit=True, travel=travel),
        step("review", 4.0),
        step("collect", 0.5, visit=True, travel={"natural_hours": 0.75}),
    ]
    base = scenario(steps, ["apply", "review", "collect"])
    reformed = apply_reform(base, "online", steps=["apply", "collect"])
    assert (elapsed_hours(base) - elapsed_hours(reformed) == 1.5 + 0.75).all()
    res = sim.run(reformed, replications=1, seed=7)
    assert (res.cases["visits"] == 0).all()
    assert not (res.steps["phase"] == "travel").any()


def test_pre_approval_overlaps_the_earlier_step_after_the_lag() -> None:
    steps = [step("land", 10.0, desk=None), step("permit", 4.0), step("build", 3.0, desk=None)]
    base = scenario(steps, ["land", "permit", "build"])
    early = apply_reform(
        base, "pre_approval", steps=["permit"], overlap_with="land", lag={"working_hours": 2}
    )
    assert (elapsed_hours(base) == 17.0).all()
    assert (elapsed_hours(early) == max(10.0, 2.0 + 4.0) + 3.0).all()


def test_cap_and_commitment_check_shorten_the_step_to_the_given_time() -> None:
    base = scenario(LINE, ORDER)
    capped = apply_reform(base, "cap_duration", step="planning", working_days=0.125)  # 3 hours
    assert (elapsed_hours(base) - elapsed_hours(capped) == 7.0 - 3.0).all()
    pledge = apply_reform(
        base,
        "notification_commitment",
        step="fire",
        check={"working_hours": 0.5},
        inspection={"share": 1.0, "desk": "other", "duration": {"working_hours": 30}},
    )
    # the inspection runs off the case's path: it loads its desk but does not delay the case
    assert (elapsed_hours(base) - elapsed_hours(pledge) == 5.0 - 0.5).all()
    steps = sim.run(pledge, replications=1, seed=7).steps
    inspections = steps[steps["step"] == "fire_inspection"]
    assert len(inspections) == COHORT
    assert inspections["detached"].all()


# -- 容缺受理 on a flow with rework ----------------------------------------------------------
MAKEUP = 10.0  # natural hours
REWORK = {"apply": {"p_incomplete": 0.5, "makeup": {"natural_hours": MAKEUP}, "max_rounds": 3}}
RW_STEPS = [step("apply", 2.0), step("review", 5.0), step("connect", 3.0), step("issue", 1.0)]


def test_accept_incomplete_stops_the_loop_and_matches_the_makeup_arithmetic() -> None:
    base = scenario(RW_STEPS, ["apply", "review", "connect", "issue"], REWORK)
    base = base.with_changes(arrivals=replace(base.arrivals, cohort=400))
    reformed = apply_reform(base, "accept_incomplete", steps=["apply"], before="issue", p_fail=0.3)
    a = sim.run(base, replications=1, seed=11)
    b = sim.run(reformed, replications=1, seed=11)
    # the baseline loops: cases pass apply again after a make-up
    assert (a.steps[a.steps["step"] == "apply"]["round"] > 0).any()
    assert a.cases["rework_rounds"].max() >= 2
    # with 容缺 no step is passed again, except a redo after a failed make-up
    rw = reformed.rework_map["apply"]
    work = b.steps[b.steps["phase"] == "work"]
    assert set(work["round"].unique()) <= {0, rw.max_rounds}
    assert b.cases["rework_rounds"].max() == 1
    makeups = b.steps[b.steps["phase"] == "makeup"].set_index("case")
    redo = set(work[work["round"] == rw.max_rounds]["case"])
    # common random numbers: the same cases find their documents incomplete
    assert set(makeups.index) == set(a.cases[a.cases["rework_rounds"] > 0]["case"])
    assert redo
    assert redo < set(makeups.index)
    # by hand: the path reaches issue at 2 + 5 + 3; the make-up runs from the end of apply (2)
    path_to_issue = 2.0 + 5.0 + 3.0
    expected = []
    for case in b.cases.sort_values("case")["case"]:
        if case not in makeups.index:
            expected.append(path_to_issue + 1.0)
        else:
            ready = max(path_to_issue, 2.0 + MAKEUP)
            expected.append(ready + (2.0 if case in redo else 0.0) + 1.0)
    got = (
        b.cases.sort_values("case")["finish_h"] - b.cases.sort_values("case")["arrival_h"]
    ).to_numpy()
    np.testing.assert_array_equal(got, np.array(expected))


def test_accept_incomplete_due_at_the_end_waits_for_the_makeup() -> None:
    base = scenario(RW_STEPS, ["apply", "review", "connect", "issue"], REWORK)
    reformed = apply_reform(base, "accept_incomplete", steps=["apply"])
    b = sim.run(reformed, replications=1, seed=3)
    late = set(b.steps[b.steps["phase"] == "makeup"]["case"])
    got = (b.cases["finish_h"] - b.cases["arrival_h"]).to_numpy()
    expected = [max(11.0, 2.0 + MAKEUP) if c in late else 11.0 for c in b.cases["case"]]
    np.testing.assert_array_equal(got, np.array(expected))


# -- 一窗受理: M/M/1 x k against M/M/k (Erlang C, simulate.theory) ---------------------------
def reception(k: int, lam: float, mu: float) -> sim.Scenario:
    """k reception desks of one server each; a case goes to one of them at random."""
    share = 1.0 / k
    options = [{"p": share, "do": f"recv{i}"} for i in range(k)]
    options[-1]["p"] = 1.0 - share * (k - 1)
    return sim.scenario_from_dict(
        {
            "name": "separate_windows",
            "start": "2024-01-01",
            "horizon_working_days": 600,
            "warmup_working_days": 10,
            "calendar": {"days": "every_day", "office_hours": "24h"},
            "arrivals": {"per_working_day": lam * 24},
            "desks": {f"desk{i}": {"staff": 1} for i in range(k)},
            "steps": [
                {
                    "id": f"recv{i}",
                    "desk": f"desk{i}",
                    "duration": {"working_hours": {"mean": 1 / mu}},
                }
                for i in range(k)
            ],
            "flow": [{"choice": options, "key": "route"}],
        }
    )


def mean_waits_hours(s: sim.Scenario, replications: int) -> pd.Series:
    """Mean queueing time per replication, in hours, after the warm-up."""
    res = sim.run(s, replications=replications, seed=2024)
    steps = res.steps.merge(
        res.cases[["replication", "case", "in_warmup"]], on=["replication", "case"]
    )
    steps = steps[~steps["in_warmup"] & (steps["phase"] == "work")]
    return steps.groupby("replication")["wait_working_days"].mean() * 24.0


@pytest.mark.validation  # long runs: the tolerance is at most 5% of theory
def test_pooling_k_windows_cuts_the_wait_as_erlang_c_says() -> None:
    k, mu, rho = 3, 1.0, 0.6  # per hour
    lam = rho * mu * k
    separate = reception(k, lam, mu)
    pooled = apply_reform(
        separate, "single_window", desks=[f"desk{i}" for i in range(k)], into="window"
    )
    assert pooled.desk("window").staff == k
    results = {}
    # the pooled wait is short and rare, so it needs more replications for the same precision
    for name, s, expected, n in (
        ("separate", separate, theory.mm1_mean_wait(lam / k, mu), 24),
        ("pooled", pooled, theory.mmc_mean_wait(lam, mu, k), 50),
    ):
        per_rep = mean_waits_hours(s, n)
        half_width = 1.96 * per_rep.std(ddof=1) / math.sqrt(len(per_rep))
        assert_near_theory(per_rep, expected, bias=0.005)
        results[name] = (per_rep.mean(), half_width)
    # M/M/1 at each of three windows: 1.5 h; M/M/3 at one pooled window: 0.35 h
    (w1, h1), (wk, hk) = results["separate"], results["pooled"]
    assert wk + hk < w1 - h1
    ratio = theory.mm1_mean_wait(lam / k, mu) / theory.mmc_mean_wait(lam, mu, k)
    assert w1 / wk == pytest.approx(ratio, rel=3 * (h1 / w1 + hk / wk))
