"""Benchmark: sensitivity on the largest construction variant, and a sweep's parallel efficiency.

Printed, in one run:

- one-at-a-time sensitivity of ``scenarios/construction/all_reforms_000_001_002.yaml`` with
  every assumption, 10 replications per point, on 2 local worker processes: the wall time
  against the target of 120 s (ratio = time / 120, at most 1.00);
- parallel efficiency of one sweep (serial time / (workers x parallel time)) at 2 local
  process workers (target at least 0.80), and on a Dask LocalCluster at 2 and 4 workers.

The fast path for flows where no case can wait has its own benchmark,
``benchmarks/bench_fastpath.py``.

Run: ``python benchmarks/bench_sweeps.py [--replications 10]``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import simulate as sim
from simulate.experiments.parameters import factors


def _burn(_: int) -> float:
    t0 = time.perf_counter()
    x = 0
    for i in range(10_000_000):
        x += i
    return time.perf_counter() - t0


def usable_cores(workers: int) -> float:
    """How many cores ``workers`` busy processes really get (a CPU quota shows here)."""
    import multiprocessing

    one = _burn(0)
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        many = pool.map(_burn, range(workers))
    return workers * one / max(many)


ROOT = Path(__file__).resolve().parent.parent
LARGEST = ROOT / "scenarios/construction/all_reforms_000_001_002.yaml"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--replications", type=int, default=10)
    args = ap.parse_args()
    scenario = sim.load_scenario(LARGEST)
    n = args.replications
    k = len(factors(scenario))
    print(f"usable cores for 2 busy processes: {usable_cores(2):.2f}, for 4: {usable_cores(4):.2f}")
    t0 = time.perf_counter()
    sim.sensitivity(scenario, replications=n, seed=1, progress=False)
    print(
        f"sensitivity, {k} assumptions, {n} replications a point, serial: {time.perf_counter() - t0:.1f} s"
    )
    t0 = time.perf_counter()
    result = sim.sensitivity(
        scenario, replications=n, seed=1, executor="process", jobs=2, progress=False
    )
    took = time.perf_counter() - t0
    print(f"sensitivity, {k} assumptions, {n} replications a point, 2 workers: {took:.1f} s")
    print(f"  ratio to the 120 s target: {took / 120:.2f} (target <= 1.00)")
    print(f"  finding: {result.sentence()}")

    points = [{"desks.project_window.staff": s} for s in (1, 2, 3, 4)] * 12
    t0 = time.perf_counter()
    serial = sim.sweep(scenario, points, n, 1, progress=False)
    t_serial = time.perf_counter() - t0
    t0 = time.perf_counter()
    pool = sim.sweep(scenario, points, n, 1, executor="process", jobs=2, progress=False)
    t_pool = time.perf_counter() - t0
    assert pool.table.equals(serial.table)
    print(f"sweep of {len(points)} points x {n} replications: serial {t_serial:.1f} s")
    print(
        f"  2 process workers: {t_pool:.1f} s, efficiency {t_serial / (2 * t_pool):.2f} (target >= 0.80)"
    )
    from dask.distributed import LocalCluster

    for workers in (2, 4):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True) as cluster:
            t0 = time.perf_counter()
            dask = sim.sweep(
                scenario, points, n, 1, scheduler=cluster.scheduler_address, progress=False
            )
            t_dask = time.perf_counter() - t0
        assert dask.table.equals(serial.table)
        print(
            f"  Dask LocalCluster, {workers} workers: {t_dask:.1f} s, efficiency {t_serial / (workers * t_dask):.2f}"
        )


if __name__ == "__main__":
    main()
