"""What would it take: the least staff that meets the targets, the limit current staff can
promise, and the volume current staff can take.

The staffing search starts every desk at the least staff that keeps it stable (more staff
than its offered load, read from a pilot run), then adds one person at a time where it buys
the most of the target metric per unit of cost, every candidate on common random numbers.
The staffing found is then checked with fresh replications (another seed); if it fails
there, the search goes on. A target that staffing cannot reach (the days are in fixed
waiting periods, not queues) is said so plainly, after one run with generous staff.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulate.errors import SimulateError
from simulate.experiments.judged import Target, target_of
from simulate.experiments.sweep import (
    SweepExecutor,
    SweepResult,
    has_clock_stops,
    sweep,
    sweep_executor,
)
from simulate.scenario.model import Scenario

#: A verification run uses another seed, derived from the search's one.
VERIFY_OFFSET = 1_000_003


@dataclass(frozen=True)
class Staffing:
    """What the staffing search gives.

    Attributes
    ----------
    staff
        Desk -> staff of the least staffing found (empty when unreachable).
    reachable
        False when even generous staff miss a target.
    verified
        True when the staffing met every target again with fresh replications.
    frontier
        One row per staffing the search tried, in order: staff per desk, total staff,
        cost, P90, on-time share, busiest utilisation, the target metric and whether every
        target held.
    statement
        The finding in one plain sentence.
    """

    scenario: Scenario
    staff: Mapping[str, int]
    reachable: bool
    verified: bool
    frontier: pd.DataFrame
    statement: str
    target: Target


@dataclass
class _Search:
    scenario: Scenario
    replications: int | None
    seed: int | None
    reached: float
    jobs: int | None
    executor: SweepExecutor | Executor
    scheduler: str | None

    def run(self, staffings: Sequence[Mapping[str, int]], seed: int | None = None) -> SweepResult:
        points = [{f"desks.{d}.staff": float(n) for d, n in st.items()} for st in staffings]
        return sweep(
            self.scenario,
            points,
            self.replications,
            self.seed if seed is None else seed,
            jobs=self.jobs,
            executor=self.executor,
            scheduler=self.scheduler,
            progress=False,
        )


def _score(value: float, target: Target) -> float:
    """The target metric turned so that larger is better."""
    return value if target.sense == ">=" else -value


def _row(
    result: SweepResult, point: int, staff: Mapping[str, int], cost: float, reached: float
) -> dict[str, object]:
    s = result.point_summary(point)
    p90 = (
        "p90_counted_working_days"
        if has_clock_stops(result.scenario)
        else "p90_elapsed_working_days"
    )
    checks = result.checks(point, reached)
    return {
        **{f"staff:{d}": n for d, n in staff.items()},
        "total_staff": sum(staff.values()),
        "cost": cost,
        "p90_working_days": float(s.loc[p90, "value"]),
        "on_time_rate": float(s.loc["on_time_rate", "value"])
        if "on_time_rate" in s.index
        else math.nan,
        "busiest_desk_utilisation": float(s.loc["busiest_desk_utilisation", "value"]),
        "met": all(m for _, m in checks),
        "checks": "; ".join(t for t, _ in checks),
    }


def staffing(
    scenario: Scenario,
    *,
    replications: int | None = None,
    seed: int | None = None,
    desks: Sequence[str] | None = None,
    cost: Mapping[str, float] | None = None,
    max_staff: int = 60,
    verify_replications: int | None = None,
    reached: float = 0.9,
    jobs: int | None = None,
    executor: SweepExecutor = "serial",
    scheduler: str | None = None,
) -> Staffing:
    """The least staff per desk so that every target holds.

    Parameters
    ----------
    scenario
        The scenario; it must have a target.
    replications, seed
        Common random numbers for the search.
    desks
        Desks whose staff may change (default: all).
    cost
        Cost of one person at each desk (default 1 each): the search adds where the gain
        per cost is largest and the frontier reports the total.
    max_staff
        At most this many staff at any desk; generous staff for the reachability check.
    verify_replications
        Replications of the check with a fresh seed (default twice ``replications``).
    reached, jobs, executor, scheduler
        As for :func:`simulate.sensitivity`.
    """
    target = target_of(scenario, reached)
    names = list(desks) if desks is not None else [d.id for d in scenario.desks]
    if not names:
        raise SimulateError(f"scenario {scenario.name!r} has no desks: staffing cannot change it")
    for name in names:
        if name not in {d.id for d in scenario.desks}:
            _no_desk(scenario, name)
    prices = {d: float((cost or {}).get(d, 1.0)) for d in names}
    if any(p <= 0 for p in prices.values()):
        raise SimulateError("every cost per person must be positive")
    with sweep_executor(executor, jobs, scheduler) as (pool, address):
        search = _Search(scenario, replications, seed, reached, jobs, pool, address)
        current = {d: scenario.desk(d).staff for d in names}
        pilot = search.run([current])
        summary = pilot.point_summary(0)
        start = {}
        for d in names:
            util = (
                float(summary.loc[f"utilisation:{d}", "value"])
                if f"utilisation:{d}" in summary.index
                else 0.0
            )
            load = util * current[d]
            start[d] = current[d] if util > 0.97 else max(1, math.floor(load) + 1)
        generous = dict.fromkeys(names, max_staff)
        check = search.run([generous])
        if not all(m for _, m in check.checks(0, reached)):
            missed = "; ".join(_bare(t) for t, m in check.checks(0, reached) if not m)
            statement = (
                f"no staffing reaches the target: with {max_staff} staff at every desk it still "
                f"misses ({missed}); the days are in fixed waiting periods and outside work, not queues"
            )
            frame = pd.DataFrame(
                [_row(check, 0, generous, sum(max_staff * p for p in prices.values()), reached)]
            )
            return Staffing(scenario, {}, False, False, frame, statement, target)
        rows: list[dict[str, object]] = []
        staff = dict(start)
        verify_seed = pilot.seed + VERIFY_OFFSET
        n_verify = verify_replications or 2 * pilot.replications
        verified = False
        for _ in range(len(names) * max_staff):
            neighbours = [staff] + [
                {**staff, d: staff[d] + 1} for d in names if staff[d] < max_staff
            ]
            result = search.run(neighbours)
            rows.append(_row(result, 0, staff, sum(staff[d] * prices[d] for d in names), reached))
            if rows[-1]["met"]:
                check = sweep(
                    scenario,
                    [{f"desks.{d}.staff": float(n) for d, n in staff.items()}],
                    n_verify,
                    verify_seed,
                    jobs=jobs,
                    executor=pool,
                    scheduler=address,
                    progress=False,
                )
                if all(m for _, m in check.checks(0, reached)):
                    verified = True
                    break
            metric_values = result.metric(target.metric)["value"].to_numpy(dtype=float)
            if len(neighbours) == 1:
                break
            gains = [
                (_score(metric_values[i], target) - _score(metric_values[0], target)) / prices[d]
                for i, d in enumerate([d for d in names if staff[d] < max_staff], start=1)
            ]
            movable = [d for d in names if staff[d] < max_staff]
            if max(gains) > 0:
                best = movable[int(np.argmax(gains))]
            else:  # no single step moves the metric: relieve the busiest desk
                busy = [
                    float(result.point_summary(0).loc[f"utilisation:{d}", "value"]) for d in movable
                ]
                best = movable[int(np.argmax(busy))]
            staff = {**staff, best: staff[best] + 1}
        frontier = pd.DataFrame(rows)
        change = ", ".join(
            f"{d} {current[d]} → {staff[d]}" for d in names if staff[d] != current[d]
        )
        if verified:
            statement = (
                f"the least staffing found that meets every target: {change or 'as it is'} "
                f"(checked again with {n_verify} fresh replications)"
            )
        else:
            statement = f"no staffing up to {max_staff} per desk met every target in the search and its check"
        return Staffing(
            scenario, staff if verified else {}, True, verified, frontier, statement, target
        )


def _no_desk(scenario: Scenario, name: str) -> None:
    from simulate.errors import did_you_mean

    raise SimulateError(
        f"scenario {scenario.name!r} has no desk {name!r}; "
        f"{did_you_mean(name, [d.id for d in scenario.desks])}"
    )


def smallest_limit(
    scenario: Scenario,
    *,
    share: float = 0.9,
    replications: int | None = None,
    seed: int | None = None,
    jobs: int | None = None,
    executor: SweepExecutor = "serial",
) -> tuple[float, float, float]:
    """The smallest limit ``share`` of cases meet at current staff: the mean over
    replications of that quantile of counted working days, with its 95 % interval."""
    if not 0 < share < 1:
        raise SimulateError(f"share must be between 0 and 1, got {share:g}")
    result = sweep(scenario, [{}], replications, seed, jobs=jobs, executor=executor, progress=False)
    if share == 0.9:
        key = (
            "p90_counted_working_days" if has_clock_stops(scenario) else "p90_elapsed_working_days"
        )
        r = result.point_summary(0).loc[key]
        return float(r["value"]), float(r["ci_low"]), float(r["ci_high"])
    raise SimulateError("only the 90% share is summarised per replication; give share=0.9")


def most_arrivals(
    scenario: Scenario,
    *,
    replications: int | None = None,
    seed: int | None = None,
    reached: float = 0.9,
    steps: int = 8,
    jobs: int | None = None,
    executor: SweepExecutor = "serial",
) -> tuple[float, str]:
    """The most Poisson arrivals per working day current staff take while meeting every
    target, by doubling then halving on common random numbers; and a sentence."""
    if scenario.arrivals.kind != "poisson":
        raise SimulateError(
            f"scenario {scenario.name!r} has {scenario.arrivals.kind} arrivals; the volume "
            "search needs arrivals: {per_working_day: ...}"
        )
    target_of(scenario, reached)
    path = "arrivals.per_working_day"
    rate = scenario.arrivals.per_working_day

    def met(value: float) -> bool:
        r = sweep(
            scenario,
            [{path: value}],
            replications,
            seed,
            jobs=jobs,
            executor=executor,
            progress=False,
        )
        return all(m for _, m in r.checks(0, reached))

    if not met(rate):
        low, high = 0.0, rate
    else:
        low, high = rate, rate * 2
        for _ in range(10):
            if not met(high):
                break
            low, high = high, high * 2
        else:
            return (
                low,
                f"more than {low:g} a working day: the targets held up to 1024 times the volume",
            )
    for _ in range(steps):
        mid = (low + high) / 2
        if met(mid):
            low = mid
        else:
            high = mid
    if low == 0.0:
        return 0.0, "current staff miss the targets at any volume tried"
    return (
        low,
        f"current staff meet every target up to about {low:.3g} cases a working day (fails at {high:.3g})",
    )


def _bare(statement: str) -> str:
    """A verdict without its caveat (what it rests on), for a sentence that quotes it."""
    for tail in (", under these assumptions", "; rests most on", "；主要取决于"):
        statement = statement.split(tail)[0]
    return statement


__all__ = ["Staffing", "most_arrivals", "smallest_limit", "staffing"]
