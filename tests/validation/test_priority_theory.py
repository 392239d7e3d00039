"""A desk with a priority class (绿色通道) is an M/M/c non-preemptive priority queue.

Two classes share one pool of ``c`` staff with one exponential service rate; the class is a
case attribute drawn with its share, so each class arrives as a Poisson stream. Cobham's
formula gives each class's mean wait (:func:`simulate.theory.mmc_priority_waits`); the
conservation law says the mean wait over all cases equals FIFO's (Erlang C), which is checked
both against theory and paired, replication by replication, against the same seeds without
the priority. Tolerances as in test_erlang_c.py (3 half-widths plus a 0.5% bias allowance,
at most 5% in all), with longer runs: a class's mean wait varies more than the pool's; each
check is also asserted to be tighter than the gap between the class's wait and FIFO's, so a
desk that ignored the class would fail. The loads are moderate (utilisation 0.5 and 0.6), so
the 300 h warm-up is many relaxation times.
"""

from __future__ import annotations

from typing import Any

import pytest
from validation_builders import (
    CONTINUOUS_CALENDAR,
    assert_near_theory,
    assert_relative_near_zero,
    measured_cases,
    open_desk,
)

import simulate as sim
from simulate import theory

BIAS = 0.005
HORIZON_HOURS = 36000.0
WARMUP_HOURS = 300.0
REPLICATIONS = 64

pytestmark = pytest.mark.validation

# (arrivals per hour, services per hour per staff member, staff, share of the priority class)
POOLS = {"mm1": (0.5, 1.0, 1, 0.3), "mm3": (1.8, 1.0, 3, 0.25)}


def _scenario(
    name: str, lam: float, mu: float, c: int, share: float, priority: bool
) -> sim.Scenario:
    desk: dict[str, Any] = open_desk(c)
    if priority:
        desk["priority"] = {"kind": "green"}
    return sim.scenario_from_dict(
        {
            "name": name,
            "start": "2024-01-01",
            "calendar": CONTINUOUS_CALENDAR,
            "horizon_working_days": HORIZON_HOURS / 24.0,
            "warmup_working_days": WARMUP_HOURS / 24.0,
            "arrivals": {"per_working_day": lam * 24.0},
            "attributes": {"kind": {"shares": {"green": share, "ordinary": 1.0 - share}}},
            "desks": {"pool": desk},
            "steps": [
                {"id": "serve", "desk": "pool", "duration": {"working_hours": {"mean": 1 / mu}}}
            ],
            "flow": ["serve"],
        }
    )


def _waits(res: sim.Results):  # type: ignore[no-untyped-def]
    """Each measured case's wait in hours, with its class and replication."""
    cases = measured_cases(res)[["replication", "case", "kind"]]
    steps = res.steps.merge(cases, on=["replication", "case"])
    steps["wait_h"] = steps["wait_working_days"] * 24.0  # 24 h office hours
    return steps


@pytest.fixture(scope="module", params=list(POOLS))
def pool(request: pytest.FixtureRequest) -> tuple[tuple[float, float, int, float], Any, Any]:
    lam, mu, c, share = POOLS[request.param]
    runs = [
        sim.run(
            _scenario(f"priority_{request.param}", lam, mu, c, share, priority),
            replications=REPLICATIONS,
            seed=20261201,
        )
        for priority in (True, False)
    ]
    return (lam, mu, c, share), _waits(runs[0]), _waits(runs[1])


def test_each_class_waits_as_cobham_says(pool: Any) -> None:
    (lam, mu, c, share), steps, _ = pool
    green, ordinary = theory.mmc_priority_waits([lam * share, lam * (1 - share)], mu, c)
    for kind, expected in (("green", green), ("ordinary", ordinary)):
        mine = steps[steps["kind"] == kind]
        per_rep = mine["wait_h"].groupby(mine["replication"]).mean()
        tolerance = assert_near_theory(per_rep, expected, bias=BIAS)
        # informative: well below the gap between the class's wait and FIFO's
        assert tolerance * expected < abs(expected - theory.mmc_mean_wait(lam, mu, c))


def test_the_mean_wait_over_all_cases_is_fifos(pool: Any) -> None:
    (lam, mu, c, _), steps, fifo = pool
    per_rep = steps["wait_h"].groupby(steps["replication"]).mean()
    assert_near_theory(per_rep, theory.mmc_mean_wait(lam, mu, c), bias=BIAS)
    # paired with the same seeds without the priority: the same arrivals and service draws
    plain = fifo["wait_h"].groupby(fifo["replication"]).mean()
    assert_relative_near_zero(((per_rep - plain) / plain).to_numpy(), 0.005)
    # the classes are the same cases in both runs (common random numbers)
    assert steps["kind"].tolist() == fifo["kind"].tolist()


def test_cobham_reduces_to_erlang_c_and_conserves_work() -> None:
    # one class: Erlang C's wait; two classes: the rate-weighted mean is FIFO's
    assert theory.mmc_priority_waits([2.1], 1.0, 3) == pytest.approx(
        (theory.mmc_mean_wait(2.1, 1.0, 3),)
    )
    w1, w2 = theory.mmc_priority_waits([0.5, 1.5], 1.0, 3)
    assert (0.5 * w1 + 1.5 * w2) / 2.0 == pytest.approx(theory.mmc_mean_wait(2.0, 1.0, 3))
    # M/M/1 by hand: lambda 0.3 + 0.4, mu 1: W0 = rho = 0.7; W1 = 0.7/(1*0.7), W2 = 0.7/(0.7*0.3)
    a, b = theory.mmc_priority_waits([0.3, 0.4], 1.0, 1)
    assert a == pytest.approx(1.0)
    assert b == pytest.approx(0.7 / 0.21)
    with pytest.raises(ValueError, match="unstable"):
        theory.mmc_priority_waits([0.6, 0.6], 1.0, 1)
