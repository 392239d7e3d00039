"""Benchmark: a 5-desk tandem network in `simulate` and in hand-written SimPy, same run.

The network: desks with 2, 1, 3, 2 and 1 staff in sequence, Poisson arrivals, exponential
service, utilisation 0.8 at every desk. `simulate` runs it as a scenario on the continuous
clock (every day a working day, desks open 24 h, so both models do the same work); the
hand-written model is the minimal SimPy program: one process per case, a ``Resource`` per
desk, service times and arrival gaps drawn in numpy blocks, arrival and finish recorded per
case.

Printed: cases per second of each (best of ``--repeats``), their ratio (target: `simulate` at
least 0.5 times the hand-written speed), the split of `simulate`'s time between the engine
and building the result tables, and memory (tracemalloc, in separate untimed runs): the peak
traced memory per case of the engine alone and of a full ``simulate.run()``, against the bytes
per case of the rows it returns (the cases and steps tables). Target (issue 2): a full run
peaks at no more memory per case than the rows it returns, a ratio of at most 1.00. Memory is
measured at a quarter of the cases and at all of them, so the part of the peak that does not
grow with the cases (calendars, frames, module state) is told apart from the per-case part.

Run: ``python benchmarks/bench_tandem.py [--cases 100000] [--repeats 3]``.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import simpy

import simulate as sim
from simulate import theory
from simulate.engine.replication import run_replication
from simulate.experiments.runner import package_version

STAFF = (2, 1, 3, 2, 1)
ARRIVALS_PER_HOUR = 4.0
UTILISATION = 0.8
MEAN_SERVICE_HOURS = tuple(UTILISATION * c / ARRIVALS_PER_HOUR for c in STAFF)


def tandem_scenario(cases: int) -> sim.Scenario:
    """The network as a `simulate` scenario with about ``cases`` arrivals."""
    per_day = ARRIVALS_PER_HOUR * 24.0
    return sim.scenario_from_dict(
        {
            "name": "bench_tandem",
            "start": "2024-01-01",
            "calendar": {"days": "every_day", "office_hours": "24h"},
            "horizon_working_days": cases / per_day,
            "arrivals": {"per_working_day": per_day},
            "desks": {
                f"d{i}": {"staff": c, "hours": "24h", "every_day": True}
                for i, c in enumerate(STAFF)
            },
            "steps": [
                {"id": f"s{i}", "desk": f"d{i}", "duration": {"working_hours": {"mean": m}}}
                for i, m in enumerate(MEAN_SERVICE_HOURS)
            ],
            "flow": [f"s{i}" for i in range(len(STAFF))],
        }
    )


def hand_written(n: int, seed: int) -> np.ndarray:
    """The minimal SimPy model of the same network: sojourn hours of ``n`` cases."""
    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    desks = [simpy.Resource(env, capacity=c) for c in STAFF]
    service = [(rng.standard_exponential(n) * m).tolist() for m in MEAN_SERVICE_HOURS]
    gaps = (rng.standard_exponential(n) / ARRIVALS_PER_HOUR).tolist()
    arrival = np.empty(n)
    finish = np.empty(n)

    def case(i: int) -> Any:
        arrival[i] = env.now
        for desk, times in zip(desks, service, strict=True):
            with desk.request() as req:
                yield req
                yield env.timeout(times[i])
        finish[i] = env.now

    def source() -> Any:
        for i in range(n):
            yield env.timeout(gaps[i])
            env.process(case(i))

    env.process(source())
    env.run()
    return finish - arrival


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Wall time of one call, and its result."""
    gc.collect()
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cases", type=int, default=100_000, help="cases per model (default 100,000)"
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="timed repeats; the best counts (default 3)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    scenario = tandem_scenario(args.cases)
    sim.run(tandem_scenario(2000), replications=1, seed=0)  # warm imports and caches
    n = len(run_replication(scenario, 0, args.seed).case_cols["case"])
    # the models take turns, so a busy machine slows each of them alike; the best time counts
    t_sim = t_engine = t_hand = float("inf")
    for _ in range(args.repeats):
        t, res = timed(lambda: sim.run(scenario, replications=1, seed=args.seed))
        t_sim = min(t_sim, t)
        t_engine = min(t_engine, timed(lambda: run_replication(scenario, 0, args.seed))[0])
        t, sojourn = timed(lambda: hand_written(n, args.seed))
        t_hand = min(t_hand, t)

    expected = theory.jackson_tandem_sojourn(
        ARRIVALS_PER_HOUR, [(1 / m, c) for m, c in zip(MEAN_SERVICE_HOURS, STAFF, strict=True)]
    )
    sim_sojourn = float((res.cases["finish_h"] - res.cases["arrival_h"]).mean())

    del res
    small = memory(tandem_scenario(args.cases // 4), args.seed)
    full = memory(scenario, args.seed)

    print(
        f"simulate {package_version()}, simpy {simpy.__version__}; 5-desk tandem, staff {STAFF}, utilisation {UTILISATION}"
    )
    print(
        f"cases per model: {n:,}; mean sojourn h: simulate {sim_sojourn:.3f}, hand-written {sojourn.mean():.3f}, Jackson theory {expected:.3f}"
    )
    print()
    print(f"{'':34}{'cases/s':>12}{'s':>9}")
    print(f"{'hand-written SimPy':34}{n / t_hand:>12,.0f}{t_hand:>9.2f}")
    print(f"{'simulate: run() with tables':34}{n / t_sim:>12,.0f}{t_sim:>9.2f}")
    print(f"{'simulate: engine only':34}{n / t_engine:>12,.0f}{t_engine:>9.2f}")
    print(
        f"{'  of which result tables':34}{'':>12}{t_sim - t_engine:>9.2f}  ({(t_sim - t_engine) / t_sim:.0%} of run())"
    )
    ratio = t_hand / t_sim
    print(
        f"ratio simulate/hand-written: {ratio:.2f} (run), {t_hand / t_engine:.2f} (engine); target >= 0.5: {'met' if ratio >= 0.5 else 'NOT met'}"
    )
    print()
    print(
        "memory per case (tracemalloc peak); target: run() <= the rows it returns (ratio <= 1.00)"
    )
    print(f"{'':34}{'cases':>10}{'B/case':>9}{'ratio':>8}")
    for m in (small, full):
        print(f"{'rows returned (cases + steps)':34}{m.n:>10,}{m.rows / m.n:>9,.0f}{1:>8.2f}")
        print(f"{'peak, engine only':34}{m.n:>10,}{m.engine / m.n:>9,.0f}{m.engine / m.rows:>8.2f}")
        print(f"{'peak, run() with tables':34}{m.n:>10,}{m.run / m.n:>9,.0f}{m.run / m.rows:>8.2f}")
    fixed_small, fixed_full = small.run - small.rows, full.run - full.rows
    slope = (full.run - small.run) / (full.rows - small.rows)
    print(
        f"peak of run() beyond the rows: {fixed_small / 1024:,.0f} KiB at {small.n:,} cases, "
        f"{fixed_full / 1024:,.0f} KiB at {full.n:,}: a fixed cost, not per case"
    )
    print(
        f"ratio per case: run() {full.run / full.rows:.3f} of the rows at {full.n:,} cases, "
        f"{slope:.3f} for each further case; target <= 1.00 per case: "
        f"{'met' if slope <= 1.0 + 1e-3 else 'NOT met'}"
    )


class Memory(NamedTuple):
    """Traced memory of one size: cases, bytes of the rows, peaks of engine and run()."""

    n: int
    rows: int
    engine: int
    run: int


def memory(scenario: sim.Scenario, seed: int) -> Memory:
    """Peak traced memory of the engine alone and of a full run(), and the rows returned."""
    res = sim.run(scenario, replications=1, seed=seed)
    n = len(res.cases)
    rows = int(res.cases.memory_usage(deep=True).sum() + res.steps.memory_usage(deep=True).sum())
    del res
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        out = run_replication(scenario, 0, seed)
        engine = tracemalloc.get_traced_memory()[1] - base
        del out
        gc.collect()
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        kept = sim.run(scenario, replications=1, seed=seed)  # the tables stay alive, as for a user
        peak = tracemalloc.get_traced_memory()[1] - base
        del kept
    finally:
        tracemalloc.stop()
    return Memory(n, rows, engine, peak)


if __name__ == "__main__":
    main()
