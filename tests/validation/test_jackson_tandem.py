"""A tandem of M/M/c desks is a Jackson network: its mean sojourn is the sum of M/M/c sojourns.

By Burke's theorem the departures of a stable M/M/c queue are again Poisson at rate λ, so
every desk of the tandem behaves as an independent M/M/c queue fed at rate λ. Tolerance as in
``test_erlang_c``: 3 half-widths of the 95% interval of the per-replication means plus a 1%
allowance of 0.5% for the bias of starting empty (the warm-up is several relaxation times long).
"""

from __future__ import annotations

import pytest
from validation_builders import assert_near_theory, measured_cases, tandem_scenario

import simulate as sim
from simulate import theory

LAMBDA = 1.2  # cases per hour
STATIONS = [(1.0, 2), (0.5, 1), (1.5, 3)]  # (mean service hours, staff): utilisation 0.6 each
BIAS = 0.005

pytestmark = pytest.mark.validation  # long runs: the tolerance is at most 5% of theory


@pytest.fixture(scope="module")
def tandem() -> sim.Results:
    scenario = tandem_scenario(
        STATIONS, arrivals_per_hour=LAMBDA, horizon_hours=36000.0, warmup_hours=300.0
    )
    return sim.run(scenario, replications=40, seed=31)


def test_sojourn_matches_jackson_network(tandem: sim.Results) -> None:
    cases = measured_cases(tandem)
    hours = cases["elapsed_working_days"] * 24.0  # continuous clock: 1 working day = 24 h
    per_rep = hours.groupby(cases["replication"]).mean()
    expected = theory.jackson_tandem_sojourn(LAMBDA, [(1.0 / m, c) for m, c in STATIONS])
    assert_near_theory(per_rep, expected, bias=BIAS)


@pytest.mark.parametrize(("index", "station"), list(enumerate(STATIONS)))
def test_each_desk_is_an_mmc_queue(
    tandem: sim.Results, index: int, station: tuple[float, int]
) -> None:
    mean_service, staff = station
    keys = measured_cases(tandem)[["replication", "case"]]
    steps = tandem.steps[tandem.steps["step"] == f"s{index}"].merge(
        keys, on=["replication", "case"]
    )
    per_rep = (steps["start_h"] - steps["enter_h"]).groupby(steps["replication"]).mean()
    expected = theory.mmc_mean_wait(LAMBDA, 1.0 / mean_service, staff)
    assert_near_theory(per_rep, expected, bias=BIAS)


def test_cases_finish_in_order_of_steps(tandem: sim.Results) -> None:
    """Every case passes the desks in flow order, each step starting after the previous ends."""
    steps = tandem.steps.sort_values(["replication", "case", "enter_h"])
    codes = steps["step"].cat.codes.to_numpy().reshape(-1, len(STATIONS))
    assert (codes == range(len(STATIONS))).all()
    enter = steps["enter_h"].to_numpy().reshape(-1, len(STATIONS))
    end = steps["end_h"].to_numpy().reshape(-1, len(STATIONS))
    assert (enter[:, 1:] == end[:, :-1]).all()
