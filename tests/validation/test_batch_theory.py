"""A batched step (集中办理) fed by a steady stream waits as the arithmetic of batches says.

* Sessions every ``T`` working days: Poisson arrivals see time averages (PASTA), so a case
  enters at a uniform point between two sessions and waits ``T / 2`` working days on average,
  on the continuous clock and on office hours alike (arrivals spread over office time).
* Batches of ``k`` cases, no sessions: the ``i``-th case of a batch waits for ``k - i`` more
  arrivals, each ``1/λ`` apart on average, so the mean wait is ``(k - 1) / (2 λ)``.

Tolerances as in test_erlang_c.py (3 half-widths of the replication means plus a bias
allowance of 0.5%, at most 5% in all).
"""

from __future__ import annotations

from typing import Any

import pytest
from validation_builders import CONTINUOUS_CALENDAR, assert_near_theory

import simulate as sim

pytestmark = pytest.mark.validation

BIAS = 0.005
REPLICATIONS = 20


def _scenario(
    batch: dict[str, Any], calendar: dict[str, Any], per_working_day: float
) -> sim.Scenario:
    return sim.scenario_from_dict(
        {
            "name": "batch_theory",
            "start": "2024-01-01",
            "calendar": calendar,
            "horizon_working_days": 400,
            "warmup_working_days": 10,
            "arrivals": {"per_working_day": per_working_day},
            "steps": [
                {"id": "review", "duration": {"working_hours": 0.5}, "batch": batch},
            ],
            "flow": ["review"],
        }
    )


def _per_replication_wait(res: sim.Results) -> Any:
    measured = res.cases[~res.cases["in_warmup"]][["replication", "case"]]
    steps = res.steps.merge(measured, on=["replication", "case"])
    return steps["wait_working_days"].groupby(steps["replication"]).mean()


@pytest.mark.parametrize(
    ("every", "calendar"),
    [(1.0, CONTINUOUS_CALENDAR), (0.25, CONTINUOUS_CALENDAR), (2.0, {"days": "official"})],
)
def test_a_case_waits_half_the_interval_between_sessions(
    every: float, calendar: dict[str, Any]
) -> None:
    scenario = _scenario({"every_working_days": every, "assumption": "test"}, calendar, 8.0)
    res = sim.run(scenario, replications=REPLICATIONS, seed=20261202)
    assert_near_theory(_per_replication_wait(res), every / 2.0, bias=BIAS)


def test_a_case_waits_for_the_rest_of_its_batch() -> None:
    size, per_day = 5, 12.0  # continuous clock: one working day is 24 h
    scenario = _scenario({"size": size, "assumption": "test"}, CONTINUOUS_CALENDAR, per_day)
    res = sim.run(scenario, replications=REPLICATIONS, seed=20261203)
    assert_near_theory(_per_replication_wait(res), (size - 1) / (2.0 * per_day), bias=BIAS)
