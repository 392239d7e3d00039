"""A desk pool with Poisson arrivals and exponential service is an M/M/c queue (Erlang C).

Tolerances: each replication gives one mean; the simulation must agree with theory within
3 half-widths of the 95% Student-t interval of those means (about 6 standard errors, so a
correct engine practically never fails) plus a bias allowance of 0.5% of the theoretical value, and no wider than 5% of it in all
(the runs are long enough for that).
The bias comes from starting empty: the deficit decays like ``exp(-t / tau)`` with relaxation
time ``tau ~ 1 / (c mu (1 - sqrt(rho))^2)``, under 40 h for the pools below, so the 300 h
warm-up (more than 7 relaxation times) leaves less than 0.1% of the initial deficit. The
tolerance is checked to be smaller than the effect of one more staff member."""

from __future__ import annotations

import pytest
from validation_builders import (
    assert_near_theory,
    continuous_scenario,
    exponential_step,
    measured_cases,
)

import simulate as sim
from simulate import theory

BIAS = 0.005
HORIZON_HOURS = 24000.0
WARMUP_HOURS = 300.0
REPLICATIONS = 32

pytestmark = pytest.mark.validation  # long runs: the tolerance is at most 5% of theory

# (arrivals per hour, services per hour per staff member, staff)
POOLS = {"mm1": (0.6, 1.0, 1), "mm3": (2.1, 1.0, 3)}


@pytest.fixture(scope="module", params=list(POOLS))
def pool(request: pytest.FixtureRequest) -> tuple[tuple[float, float, int], sim.Results]:
    lam, mu, c = POOLS[request.param]
    scenario = continuous_scenario(
        name=f"pool_{request.param}",
        desks={"pool": c},
        steps=[exponential_step("serve", "pool", 1.0 / mu)],
        flow=["serve"],
        arrivals_per_hour=lam,
        horizon_hours=HORIZON_HOURS,
        warmup_hours=WARMUP_HOURS,
    )
    return (lam, mu, c), sim.run(scenario, replications=REPLICATIONS, seed=20240901)


def _measured_steps(res: sim.Results):  # type: ignore[no-untyped-def]
    keys = measured_cases(res)[["replication", "case"]]
    return res.steps.merge(keys, on=["replication", "case"])


def test_mean_wait_matches_erlang_c(pool: tuple[tuple[float, float, int], sim.Results]) -> None:
    (lam, mu, c), res = pool
    steps = _measured_steps(res)
    wait_hours = steps["wait_working_days"] * 24.0  # 24 h office hours: 1 working day = 24 h
    per_rep = wait_hours.groupby(steps["replication"]).mean()
    expected = theory.mmc_mean_wait(lam, mu, c)
    share = assert_near_theory(per_rep, expected, bias=BIAS)
    tolerance = share * expected
    # the tolerance is informative: it is well below the effect of one staff member more
    assert tolerance < expected - theory.mmc_mean_wait(lam, mu, c + 1)


def test_share_that_waits_matches_erlang_c(
    pool: tuple[tuple[float, float, int], sim.Results],
) -> None:
    (lam, mu, c), res = pool
    steps = _measured_steps(res)
    per_rep = (steps["start_h"] > steps["enter_h"]).groupby(steps["replication"]).mean()
    expected = theory.erlang_c(lam, mu, c)
    assert_near_theory(per_rep, expected, bias=BIAS)


def test_service_times_and_utilisation(pool: tuple[tuple[float, float, int], sim.Results]) -> None:
    (lam, mu, c), res = pool
    steps = _measured_steps(res)
    work = (steps["end_h"] - steps["start_h"]).groupby(steps["replication"]).mean()
    assert_near_theory(work, 1.0 / mu, bias=0.0)
    util = res.desks.set_index("replication")["utilisation"]
    rho = theory.utilisation(lam, mu, c)
    assert_near_theory(util, rho, bias=BIAS)
    assert (util < 1.0).all()


def test_wait_columns_agree_with_clock(pool: tuple[tuple[float, float, int], sim.Results]) -> None:
    _, res = pool
    steps = res.steps
    hours = steps["start_h"] - steps["enter_h"]
    assert (steps["wait_working_days"] * 24.0 - hours).abs().max() < 1e-9
    assert (steps["wait_working_days"] >= 0).all()
