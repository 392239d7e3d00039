"""Benchmark: the fast path against the DES on an uncapacitated shipped flow.

The flow is ``scenarios/company_registration/baseline.yaml`` (six visits with travel and
补正 rounds) with its desks removed, so no case can wait and
:func:`simulate.engine.fastpath.fast_path_reason` says the fast path is exact. Arrivals are
raised so that one replication holds about a million cases. Printed, in one run:

- cases per second of the fast path (a whole replication: arrivals, every step row, the
  case columns), against the target of 1 000 000;
- cases per second of the DES on the same flow with fewer cases (a lower arrival rate over
  the same horizon: no case waits in either, so a case costs the same), and the ratio
  fast / DES;
- a check that the two engines give the same cases for the same seed on the smaller run.

Run: ``python benchmarks/bench_fastpath.py [--cases 1000000] [--des-cases 20000]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

import numpy as np

import simulate as sim
from simulate.engine.fastpath import fast_path_reason, run_fast_replication
from simulate.engine.replication import run_replication

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1_000_000  # cases per second


def uncapacitated(cases: int, horizon_working_days: float) -> sim.Scenario:
    """The shipped flow with its desks removed and ``cases`` arrivals over the horizon."""
    base = sim.load_scenario(ROOT / "scenarios" / "company_registration" / "baseline.yaml")
    steps = tuple(dataclasses.replace(st, desk=None) for st in base.steps)
    arrivals = dataclasses.replace(base.arrivals, per_working_day=cases / horizon_working_days)
    return base.with_changes(
        steps=steps, arrivals=arrivals, horizon_working_days=horizon_working_days
    )


def timed(run, repeats: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Best wall time of ``repeats`` runs, and the cases of the last."""
    best, cases = float("inf"), 0
    for rep in range(repeats):
        t0 = time.perf_counter()
        out = run(rep)
        best = min(best, time.perf_counter() - t0)
        cases = len(out.case_cols["case"])
    return best, cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--des-cases", type=int, default=20_000)
    args = parser.parse_args()
    horizon = 100.0
    big = uncapacitated(args.cases, horizon)
    small = uncapacitated(args.des_cases, horizon)
    reason = fast_path_reason(big)
    assert reason is None, reason

    fast_s, fast_n = timed(lambda rep: run_fast_replication(big, rep, 1), 3)
    des_s, des_n = timed(lambda rep: run_replication(small, rep, 1), 1)
    same = run_replication(small, 0, 2).case_cols["finish_h"]
    again = run_fast_replication(small, 0, 2).case_cols["finish_h"]
    fast_rate, des_rate = fast_n / fast_s, des_n / des_s
    print(f"flow: {big.name}, {len(big.steps)} steps, desks removed")
    print(
        f"fast path: {fast_n:>9,d} cases in {fast_s:6.2f} s = {fast_rate:>12,.0f} cases/s "
        f"(target {TARGET:,d}: {'met' if fast_rate >= TARGET else 'missed'}, "
        f"ratio {fast_rate / TARGET:.2f})"
    )
    print(f"DES:       {des_n:>9,d} cases in {des_s:6.2f} s = {des_rate:>12,.0f} cases/s")
    print(f"fast / DES: {fast_rate / des_rate:,.0f}x")
    print(f"same finish times as the DES for the same seed: {np.array_equal(same, again)}")


if __name__ == "__main__":
    main()
