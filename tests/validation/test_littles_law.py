"""Little's law, L = λW, on simulated output.

``L`` is measured directly as the time-average number of cases in the system (or waiting at
a desk) over the measurement window, integrating the count step by step from the cases and
steps tables (:func:`simulate.theory.time_average_count`); ``λ`` is the number of arrivals in
the window over its length and ``W`` their mean time in the system. Neither side uses the
other.

Tolerance: 3 half-widths of the 95% interval of the per-replication relative differences,
plus an edge allowance. On a finite window the two sides differ by the time of cases that
straddle its ends (present at the start but arrived before it, or still present at its
end); each edge contributes about ``L x (mean remaining time) / T``, i.e. a relative
``W / T`` per edge, so the allowance is ``2 W / T`` with W the measured mean time in the system.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from validation_builders import (
    assert_near_theory,
    assert_relative_near_zero,
    continuous_scenario,
    exponential_step,
)

import simulate as sim
from simulate import theory

HORIZON_HOURS = 2500.0
WARMUP_HOURS = 200.0


@pytest.fixture(scope="module")
def busy_network() -> sim.Results:
    """Two desks, parallel branches, a choice and 补正 rounds: not a product-form network."""
    scenario = continuous_scenario(
        name="little",
        desks={"front": 2, "back": 1},
        steps=[
            exponential_step("intake", "front", 0.8),
            exponential_step("review", "back", 0.5),
            {"id": "survey", "duration": {"natural_hours": {"median": 3, "p90": 6}}},
            {"id": "extra", "duration": {"natural_hours": {"min": 1, "mode": 2, "max": 5}}},
            exponential_step("issue", "front", 0.3),
        ],
        flow=[
            "intake",
            {"parallel": ["review", ["survey", {"optional": "extra", "p": 0.4}]]},
            "issue",
        ],
        rework={
            "intake": {
                "p_incomplete": 0.2,
                "makeup": {"natural_hours": {"mean": 5}},
                "max_rounds": 2,
            }
        },
        arrivals_per_hour=1.2,
        horizon_hours=HORIZON_HOURS,
        warmup_hours=WARMUP_HOURS,
    )
    return sim.run(scenario, replications=12, seed=7)


def _windows(res: sim.Results) -> pd.DataFrame:
    return res.windows.set_index("replication")


def test_cases_in_system(busy_network: sim.Results) -> None:
    res = busy_network
    rel, allowance = [], []
    for rep, win in _windows(res).iterrows():
        cases = res.cases[res.cases["replication"] == rep]
        w0, w1 = float(win["warmup_h"]), float(win["horizon_h"])
        big_l = theory.time_average_count(cases["arrival_h"], cases["finish_h"], w0, w1)
        inside = cases[(cases["arrival_h"] >= w0) & (cases["arrival_h"] < w1)]
        lam = len(inside) / (w1 - w0)
        w = float((inside["finish_h"] - inside["arrival_h"]).mean())
        rel.append((big_l - theory.littles_law(lam, w)) / big_l)
        allowance.append(2 * w / (w1 - w0))
        assert big_l > 1.0  # a loaded system: the check is not trivially 0 = 0
    rel_a = np.asarray(rel)
    assert_relative_near_zero(rel_a, max(allowance))


def test_queue_at_each_desk(busy_network: sim.Results) -> None:
    """L_q = λ_desk W_q, with L_q taken from the desks table and from the steps table."""
    res = busy_network
    work = res.steps[res.steps["phase"] == "work"]
    for desk in ("front", "back"):
        rel, allowance = [], []
        for rep, win in _windows(res).iterrows():
            w0, w1 = float(win["warmup_h"]), float(win["horizon_h"])
            passes = work[(work["replication"] == rep) & (work["desk"] == desk)]
            lq = theory.time_average_count(passes["enter_h"], passes["start_h"], w0, w1)
            table = res.desks[(res.desks["replication"] == rep) & (res.desks["desk"] == desk)]
            assert float(table["mean_queue_length"].iloc[0]) == pytest.approx(lq, rel=1e-9)
            joined = passes[(passes["enter_h"] >= w0) & (passes["enter_h"] < w1)]
            lam = len(joined) / (w1 - w0)
            wq = float((joined["start_h"] - joined["enter_h"]).mean())
            rel.append((lq - theory.littles_law(lam, wq)) / lq)
            allowance.append(2 * wq / (w1 - w0))
        rel_a = np.asarray(rel)
        assert_relative_near_zero(rel_a, max(allowance))


@pytest.mark.validation
def test_mm2_number_in_system_matches_theory() -> None:
    """The measured L of an M/M/2 desk equals λ W from Erlang C (Little's law in theory)."""
    lam, mu, c = 1.2, 1.0, 2
    scenario = continuous_scenario(
        name="mm2",
        desks={"pool": c},
        steps=[exponential_step("serve", "pool", 1.0 / mu)],
        flow=["serve"],
        arrivals_per_hour=lam,
        horizon_hours=12000.0,
        warmup_hours=WARMUP_HOURS,
    )
    res = sim.run(scenario, replications=32, seed=99)
    per_rep = []
    for rep, win in _windows(res).iterrows():
        cases = res.cases[res.cases["replication"] == rep]
        per_rep.append(
            theory.time_average_count(
                cases["arrival_h"],
                cases["finish_h"],
                float(win["warmup_h"]),
                float(win["horizon_h"]),
            )
        )
    expected = theory.mmc_mean_number_in_system(lam, mu, c)
    values = np.asarray(per_rep)
    assert_near_theory(values, expected, bias=0.005)
