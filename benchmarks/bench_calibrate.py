"""Benchmark: calibrating a large, messy event log (issue: calibrate from 办件 records).

The log is synthetic and built to be hard: ``--events`` events (default 300,000) over
``--activities`` raw activity names (default 300, in 30 stages named by a prefix), thousands
of variants (each case takes a random subset of optional activities, and a fifth repeat one),
cases that last from hours to over two years, date-and-time stamps with a time-zone offset,
and a few hundred bad rows (end before start, missing activity). It is written to CSV and
calibrated from the file twice: with the raw activities (``min_share`` folds the rare ones)
and with a stage mapping (regular expressions).

Printed: the log's size, and for each calibration the wall time, the peak memory of the
process (``ru_maxrss``) and the peak traced Python memory (tracemalloc, in a separate run),
against a baseline measured in the same run: reading the same CSV with ``pandas.read_csv``.
Targets (issue): calibration under 60 s and under 2 GB on 2 cores. Pin the cores with
``taskset -c 0,1 python benchmarks/bench_calibrate.py``.

Run: ``python benchmarks/bench_calibrate.py [--events 300000] [--activities 300]``.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

import simulate as sim


def synthetic_log(events: int, activities: int, seed: int = 1) -> pd.DataFrame:
    """A log of about ``events`` events with start and end times (see the module text)."""
    rng = np.random.default_rng(seed)
    stages = 30
    per_stage = max(1, activities // stages)
    mean_events = 10.0
    cases = int(events / mean_events)
    first = pd.Timestamp("2019-01-02 09:00")
    submitted = first + pd.to_timedelta(np.sort(rng.uniform(0, 700, cases)), unit="D")
    # each case: a random subset of stages (in order), one raw name per stage, gaps lognormal
    n_per_case = np.clip(rng.poisson(mean_events - 1, cases) + 1, 1, stages)
    total = int(n_per_case.sum())
    case_of = np.repeat(np.arange(cases), n_per_case)
    stage = np.concatenate([np.sort(rng.choice(stages, n, replace=False)) for n in n_per_case])
    raw = stage * per_stage + (rng.zipf(1.6, total) - 1) % per_stage
    gap_h = rng.lognormal(1.0, 1.5, total)  # from hours to months
    work_h = rng.lognormal(-0.5, 0.8, total)
    starts = np.cumsum(gap_h + work_h)
    case_start = np.r_[0, np.cumsum(n_per_case)[:-1]]
    base = np.repeat(starts[case_start] - gap_h[case_start] - work_h[case_start], n_per_case)
    offset = starts - base
    offset *= np.repeat(np.where(rng.random(cases) < 0.01, 60.0, 1.0), n_per_case)  # years-long
    start = submitted[case_of] + pd.to_timedelta(offset - work_h, unit="h")
    end = submitted[case_of] + pd.to_timedelta(offset, unit="h")
    frame = pd.DataFrame(
        {
            "办件编号": [f"BJ{c:07d}" for c in case_of],
            "环节名称": [f"S{a // per_stage:02d}-事项{a:04d}" for a in raw],
            "开始时间": pd.DatetimeIndex(start).strftime("%Y-%m-%dT%H:%M:%S+08:00"),
            "办结时间": pd.DatetimeIndex(end).strftime("%Y-%m-%dT%H:%M:%S+08:00"),
            "经办人": [f"人员{k}" for k in rng.integers(0, 400, total)],
            "科室": [f"科室{a // (per_stage * 3)}" for a in raw],
        }
    )
    repeat = frame.sample(frac=0.05, random_state=seed)  # 补正: a second pass, later
    shift = pd.Timedelta(days=3)
    for column in ("开始时间", "办结时间"):
        repeat[column] = (pd.to_datetime(repeat[column].str[:19]) + shift).dt.strftime(
            "%Y-%m-%dT%H:%M:%S+08:00"
        )
    frame = pd.concat([frame, repeat], ignore_index=True)
    bad = rng.choice(len(frame), 300, replace=False)
    frame.loc[bad[:150], "环节名称"] = ""
    frame.loc[bad[150:], "开始时间"] = "2030-01-01T00:00:00+08:00"  # after its end
    return frame


def measure(label: str, func: object) -> float:
    """Run ``func`` and print its wall time and the process's peak memory so far."""
    t0 = time.perf_counter()
    func()  # type: ignore[operator]
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:<42} {seconds:8.2f} s   process peak {peak:8.0f} MB")
    return seconds


def traced(func: object) -> float:
    """Peak traced Python memory of ``func`` in MB."""
    tracemalloc.start()
    func()  # type: ignore[operator]
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=300_000)
    parser.add_argument("--activities", type=int, default=300)
    args = parser.parse_args()
    frame = synthetic_log(args.events, args.activities)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.csv"
        frame.to_csv(path, index=False)
        size = path.stat().st_size / 2**20
        n_cases = frame["办件编号"].nunique()
        n_variants = frame.groupby("办件编号")["环节名称"].agg("|".join).nunique()
        print(
            f"log: {len(frame):,} events, {n_cases:,} cases, {frame['环节名称'].nunique()} "
            f"activities, {n_variants:,} variants, {size:.0f} MB CSV"
        )
        del frame
        stages = {f"S{k:02d}": f"^S{k:02d}-" for k in range(30)}
        base = measure("baseline: pandas.read_csv", lambda: pd.read_csv(path, dtype=str))
        raw = measure(
            "calibrate (raw activities, min_share 0.01)",
            lambda: sim.calibrate(path, time_zone="Asia/Shanghai"),
        )
        staged = measure(
            "calibrate (30 stages by regex)",
            lambda: sim.calibrate(path, time_zone="Asia/Shanghai", stages=stages),
        )
        print(f"ratio to read_csv: raw {raw / base:.1f}x, stages {staged / base:.1f}x")
        peak = traced(lambda: sim.calibrate(path, time_zone="Asia/Shanghai"))
        print(f"traced Python peak of one calibration: {peak:.0f} MB")
        calibration = sim.calibrate(path, time_zone="Asia/Shanghai", stages=stages)
        print(
            f"targets: under 60 s ({'met' if max(raw, staged) < 60 else 'MISSED'}), "
            f"under 2048 MB ({'met' if peak < 2048 else 'MISSED'}); "
            f"{len(calibration.scenario.steps)} steps, {len(calibration.scenario.desks)} desks"
        )
        for note in calibration.notes:
            print("  -", note)


if __name__ == "__main__":
    main()
