"""Sweeps: one scenario at many parameter points, on common random numbers.

Every point runs the same replication numbers with the same seed, so the engine's named
streams give a case the same draws at every point (common random numbers): differences
between points are the parameters', not the dice's. Workers get the compiled scenario once
(a process pool's initializer, a Dask broadcast) and return one row of summary metrics per
replication, never the case tables. Serial, process-pool and Dask runs give identical numbers.

A point whose scenario no desk can make wait runs on the engine's fast path (numpy, no
SimPy), which gives the DES's numbers for the same seed; the rule is
:func:`simulate.engine.fastpath.fast_path_reason`, and :attr:`SweepResult.engines` records
which engine ran each point and why.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from simulate.engine.fastpath import DES, FAST, fast_path_reason, run_fast_replication
from simulate.errors import CalendarError, SimulateError
from simulate.experiments.paired import reps_and_seed, shared_pool
from simulate.experiments.parameters import apply_point, check_domain, get_value
from simulate.experiments.runner import progress_bar, replicate, run_meta, show_progress
from simulate.results import Results
from simulate.results.targets import summarise
from simulate.results.verdicts import verdicts as judge
from simulate.scenario.model import Scenario
from simulate.scenario.validate import validate

SweepExecutor = Literal["serial", "process", "dask"]
Point = tuple[tuple[str, float], ...]
#: One task: point number, point, replication, seed, and whether the fast path may run.
Task = tuple[int, Point, int, int, bool]

#: The base scenario of a process-pool worker, set once by the pool's initializer.
_WORKER_BASE: list[Scenario] = []


def evaluate(
    scenario: Scenario, point: Point, replication: int, seed: int, fast: bool = True
) -> dict[str, float]:
    """One replication of ``scenario`` at ``point``: its row of summary metrics.

    With ``fast`` (the default) the point runs on the fast path where
    :func:`~simulate.engine.fastpath.fast_path_reason` says it is exact, else on the DES.
    """
    s = apply_point(scenario, dict(point))
    if fast and fast_path_reason(s) is None:
        try:
            out = run_fast_replication(s, replication, seed)
        except CalendarError:
            out = replicate(s, replication, seed)  # the DES's own error, worded for a run
    else:
        out = replicate(s, replication, seed)
    meta = run_meta(s, seed, 1, "serial", digest="")  # a summary row needs no digest
    results = Results.from_outputs(s, meta, [out])
    row = results.replication_metrics().iloc[0]
    return {str(k): float(v) for k, v in row.items()}


def has_clock_stops(scenario: Scenario) -> bool:
    """True when some time can be left out of the limit (clock-stop steps or 补正)."""
    return any(st.clock_stop for st in scenario.steps) or any(
        rw.clock_stop for _, rw in scenario.rework
    )


def _set_base(scenario: Scenario) -> None:
    _WORKER_BASE[:] = [scenario]


def _evaluate_on_worker(task: Task) -> tuple[int, int, dict[str, float]]:
    index, point, replication, seed, fast = task
    return index, replication, evaluate(_WORKER_BASE[0], point, replication, seed, fast)


def _evaluate_task(scenario: Scenario, task: Task) -> tuple[int, int, dict[str, float]]:
    index, point, replication, seed, fast = task
    return index, replication, evaluate(scenario, point, replication, seed, fast)


def _evaluate_chunk(
    scenario: Scenario, tasks: list[Task]
) -> list[tuple[int, int, dict[str, float]]]:
    """Several tasks in one call: the scenario crosses to the worker once per chunk."""
    return [_evaluate_task(scenario, t) for t in tasks]


def _chunks(tasks: list[Any], workers: int) -> list[list[Any]]:
    size = max(1, -(-len(tasks) // (4 * workers)))
    return [tasks[i : i + size] for i in range(0, len(tasks), size)]


@contextmanager
def sweep_executor(
    executor: SweepExecutor | Executor, jobs: int | None, scheduler: str | None
) -> Iterator[tuple[SweepExecutor | Executor, str | None]]:
    """One process pool or one local Dask cluster for several sweeps (a sensitivity run's
    rounds, a staffing search's steps), else the executor and scheduler as given."""
    if executor == "process":
        with shared_pool(executor, jobs) as pool:
            yield pool, scheduler
        return
    if executor == "dask" and not dask_address(scheduler):
        from dask.distributed import LocalCluster

        with LocalCluster(n_workers=jobs or 2, threads_per_worker=1, processes=True) as cluster:
            yield executor, str(cluster.scheduler_address)
        return
    yield executor, scheduler


def dask_address(scheduler: str | None) -> str | None:
    """The Dask scheduler to use: as given, else Dask's ``DASK_SCHEDULER_ADDRESS``
    (``scheduler-address`` in Dask's config), else ``SIMULATE_DASK_ADDRESS``; None for a
    local cluster."""
    if scheduler:
        return scheduler
    try:
        import dask.config

        configured = dask.config.get("scheduler-address", default=None)
    except ImportError:
        configured = None
    return str(configured) if configured else os.environ.get("SIMULATE_DASK_ADDRESS") or None


def _iterate(
    scenario: Scenario,
    tasks: list[Task],
    executor: SweepExecutor | Executor,
    jobs: int | None,
    scheduler: str | None,
) -> Iterator[tuple[int, int, dict[str, float]]]:
    if executor == "dask" or scheduler:
        yield from _dask(scenario, tasks, jobs, scheduler)
        return
    if isinstance(executor, Executor):
        workers = jobs or os.cpu_count() or 1
        futures = [executor.submit(_evaluate_chunk, scenario, c) for c in _chunks(tasks, workers)]
        for f in as_completed(futures):
            yield from f.result()
        return
    workers = jobs if jobs is not None else os.cpu_count() or 1
    if executor == "serial" or workers <= 1:
        for t in tasks:
            yield _evaluate_task(scenario, t)
        return
    import multiprocessing  # spawn, as the runner does: never the global start method

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_set_base, initargs=(scenario,)
    ) as pool:
        chunk = max(1, len(tasks) // (4 * workers))
        yield from pool.map(_evaluate_on_worker, tasks, chunksize=chunk)


def _dask(
    scenario: Scenario,
    tasks: list[Task],
    jobs: int | None,
    scheduler: str | None,
) -> Iterator[tuple[int, int, dict[str, float]]]:
    try:
        from dask.distributed import Client, LocalCluster
        from dask.distributed import as_completed as dask_completed
    except ImportError as err:
        raise SimulateError("a Dask sweep needs Dask: pip install 'simulate[dask]'") from err
    address = dask_address(scheduler)
    cluster = (
        None if address else LocalCluster(n_workers=jobs or 2, threads_per_worker=1, processes=True)
    )
    try:
        with Client(address or cluster) as client:
            base = client.scatter(scenario, broadcast=True)
            futures = [client.submit(_evaluate_task, base, t, pure=False) for t in tasks]
            for f in dask_completed(futures):
                yield f.result()
    finally:
        if cluster is not None:
            cluster.close()


def _points(
    scenario: Scenario, points: Sequence[Mapping[str, float]] | Mapping[str, Sequence[float]]
) -> list[Point]:
    """Points as sorted ``(path, value)`` tuples; a mapping of lists is a full grid."""
    if isinstance(points, Mapping):
        paths = list(points)
        grids = [list(points[p]) for p in paths]
        listed: list[Mapping[str, float]] = [
            dict(zip(paths, combo, strict=True)) for combo in itertools.product(*grids)
        ]
    else:
        listed = list(points)
    if not listed:
        raise SimulateError("a sweep needs at least one point; give a list of {path: value}")
    out = []
    for point in listed:
        for path, value in point.items():
            get_value(scenario, path)  # an unknown path fails here, with a suggestion
            check_domain(scenario, path, float(value))
        out.append(tuple(sorted((str(k), float(v)) for k, v in point.items())))
    return out


@dataclass(frozen=True)
class SweepResult:
    """What a sweep gives: the points, one row per point and replication, and summaries.

    Attributes
    ----------
    scenario
        The base scenario.
    points
        One row per point (index ``point``), one column per path.
    table
        Tidy: ``point``, ``replication``, then every summary metric of that replication.
    seed, replications
        The common random numbers every point shared.
    engines
        Per point (index ``point``): ``engine``, ``"fast"`` or ``"des"``, and ``reason``,
        why the fast path was not exact there (empty where it ran).
    """

    scenario: Scenario
    points: pd.DataFrame
    table: pd.DataFrame
    seed: int
    replications: int
    engines: pd.DataFrame | None = None

    def point_scenario(self, point: int) -> Scenario:
        """The scenario at one point."""
        row = self.points.loc[point].dropna()
        return apply_point(self.scenario, {str(k): float(v) for k, v in row.items()})

    def point_summary(self, point: int, level: float = 0.95) -> pd.DataFrame:
        """The summary of one point (mean, interval and unit of every metric)."""
        rows = self.table[self.table["point"] == point].drop(columns=["point", "replication"])
        return summarise(rows, level)

    def summary(self, level: float = 0.95) -> pd.DataFrame:
        """Long table: ``point``, the paths, ``metric``, ``value``, ``ci_low``, ``ci_high``."""
        frames = []
        for point in self.points.index:
            s = self.point_summary(int(point), level).reset_index()
            s.insert(0, "point", int(point))
            frames.append(s)
        out = pd.concat(frames, ignore_index=True)
        return out.merge(self.points, left_on="point", right_index=True)

    def metric(self, metric: str, level: float = 0.95) -> pd.DataFrame:
        """One metric per point (value and interval) beside the point's paths."""
        s = self.summary(level)
        if metric not in set(s["metric"]):
            raise SimulateError(
                f"no metric {metric!r} in this sweep; known: {', '.join(sorted(set(s['metric'])))}"
            )
        return s[s["metric"] == metric].drop(columns=["metric"]).set_index("point")

    def checks(self, point: int, reached: float = 0.9) -> list[tuple[str, bool]]:
        """The targets at one point, judged as :meth:`Results.target_checks` judges a run."""
        judged = judge(self.point_scenario(point), self.point_summary(point), reached)
        return [(v.statement, v.met) for v in judged]

    def verdicts(self, reached: float = 0.9) -> pd.DataFrame:
        """Per point: whether every target holds and the readable checks."""
        rows = []
        for point in self.points.index:
            checks = self.checks(int(point), reached)
            rows.append(
                {
                    "point": int(point),
                    "met": all(met for _, met in checks) if checks else True,
                    "checks": "; ".join(text for text, _ in checks),
                }
            )
        return pd.DataFrame(rows).set_index("point").join(self.points)


def point_engines(scenario: Scenario, points: Sequence[Point], fast: bool = True) -> pd.DataFrame:
    """Per point: the engine :func:`evaluate` runs it on, and why not the fast path."""
    rows = []
    for point in points:
        reason = fast_path_reason(apply_point(scenario, dict(point))) if fast else "not asked for"
        rows.append({"engine": DES if reason else FAST, "reason": reason or ""})
    return pd.DataFrame(rows, index=pd.RangeIndex(len(rows), name="point"))


def sweep(
    scenario: Scenario,
    points: Sequence[Mapping[str, float]] | Mapping[str, Sequence[float]],
    replications: int | None = None,
    seed: int | None = None,
    *,
    jobs: int | None = None,
    executor: SweepExecutor | Executor = "serial",
    scheduler: str | None = None,
    progress: bool | None = None,
    fast: bool = True,
) -> SweepResult:
    """Run a scenario at many parameter points on common random numbers.

    Parameters
    ----------
    scenario
        The scenario (reforms applied).
    points
        A list of points ``[{path: value, ...}, ...]`` (``{}`` is the scenario as it is), or
        ``{path: [values]}`` for the full grid. Paths as in
        :mod:`simulate.experiments.parameters`: ``desks.review.staff``,
        ``steps.apply.duration``, ``arrivals.per_working_day`` ...
    replications, seed
        Common to every point; default the scenario's own, else 10 and fresh entropy.
    jobs
        Worker processes (``executor="process"``) or local Dask workers.
    executor
        ``"serial"``, ``"process"``, ``"dask"`` or a :class:`concurrent.futures.Executor`;
        every one gives identical numbers.
    scheduler
        A Dask scheduler address (``tcp://host:8786``); default ``DASK_SCHEDULER_ADDRESS``,
        else a local cluster of ``jobs`` workers. Giving one implies ``executor="dask"``.
    progress
        A progress bar over points x replications; default on in a terminal or notebook.
    fast
        Run points on the fast path where it is exact (the same numbers as the DES, faster);
        False runs every point on the DES. :attr:`SweepResult.engines` says which ran.

    Returns
    -------
    SweepResult
    """
    validate(scenario)
    listed = _points(scenario, points)
    pairing = reps_and_seed(scenario, replications, seed)
    tasks = [
        (index, point, rep, pairing.seed, fast)
        for index, point in enumerate(listed)
        for rep in range(pairing.replications)
    ]
    rows: list[dict[str, float]] = []
    bar = progress_bar(len(tasks), scenario.name) if show_progress(progress) else None
    try:
        for index, rep, metrics in _iterate(scenario, tasks, executor, jobs, scheduler):
            rows.append({"point": index, "replication": rep, **metrics})
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    table = pd.DataFrame(rows).sort_values(["point", "replication"], ignore_index=True)
    table[["point", "replication"]] = table[["point", "replication"]].astype(int)
    frame = pd.DataFrame([dict(p) for p in listed], index=pd.RangeIndex(len(listed), name="point"))
    engines = point_engines(scenario, listed, fast)
    return SweepResult(scenario, frame, table, pairing.seed, pairing.replications, engines)


__all__ = [
    "SweepExecutor",
    "SweepResult",
    "dask_address",
    "evaluate",
    "has_clock_stops",
    "point_engines",
    "sweep",
    "sweep_executor",
]
