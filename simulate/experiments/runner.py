"""Replications, seeds and executors: turning a scenario into :class:`Results`.

Each replication draws from its own named streams seeded by ``(seed, replication, name)``,
so results do not depend on which worker runs which replication: serial, process-pool and
Dask runs give identical tables for the same seed.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import replace
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Literal

import numpy as np

from simulate.engine.replication import ReplicationOutput, run_replication
from simulate.errors import CalendarError, Problem, ScenarioError, SimulateError
from simulate.limits import REPLICATIONS, raise_hint
from simulate.reforms.registry import describe_applied
from simulate.results import Results, RunMeta
from simulate.scenario.model import Scenario
from simulate.scenario.validate import validate
from simulate.strings import text

log = logging.getLogger(__name__)

ExecutorName = Literal["serial", "process", "dask"]


def package_version() -> str:
    """Installed version of `simulate`."""
    try:
        return version("simulate")
    except PackageNotFoundError:  # running from a source tree
        return "0+unknown"


def fresh_seed() -> int:
    """A seed from OS entropy (recorded in the results, so the run can be repeated)."""
    return int(np.random.SeedSequence().entropy % (2**63))  # type: ignore[operator]


#: Largest seed: entropy seeds are drawn below 2**63 too.
MAX_SEED = 2**63 - 1


def check_seed(seed: object, option: str = "seed") -> int:
    """``seed`` when it is a whole number from 0 to 2**63 - 1; else a :class:`ScenarioError`."""
    if (
        isinstance(seed, bool)
        or not isinstance(seed, int | np.integer)
        or not 0 <= seed <= MAX_SEED
    ):
        raise ScenarioError(
            [
                Problem(
                    text("run.seed_range", value=repr(seed)),
                    field="" if option.startswith("--") else option,
                    file=option if option.startswith("--") else None,
                    fix=text("run.seed_fix"),
                )
            ]
        )
    return int(seed)


def check_replications(replications: object, option: str = "replications") -> int:
    """``replications`` when it is a whole number from 1 to the limit; else a :class:`ScenarioError`."""
    cap = REPLICATIONS.value()
    if (
        isinstance(replications, bool)
        or not isinstance(replications, int | np.integer)
        or not 1 <= replications <= cap
    ):
        raise ScenarioError(
            [
                Problem(
                    text("run.replications_range", cap=cap, value=repr(replications)),
                    field="" if option.startswith("--") else option,
                    file=option if option.startswith("--") else None,
                    fix=text("run.replications_fix", hint=raise_hint(REPLICATIONS)),
                )
            ]
        )
    return int(replications)


def in_notebook() -> bool:
    """Whether this code runs in a Jupyter kernel (not merely with ipykernel imported)."""
    ipython = sys.modules.get("IPython")
    get_ipython = getattr(ipython, "get_ipython", None)
    shell = get_ipython() if get_ipython is not None else None
    return type(shell).__name__ == "ZMQInteractiveShell"


def show_progress(progress: bool | None) -> bool:
    """Whether to draw a progress bar: on in a terminal or notebook, off under CI or in a pipe."""
    if progress is not None:
        return progress
    if os.environ.get("CI"):
        return False
    if in_notebook():
        return True
    return sys.stderr.isatty()


def progress_bar(total: int, description: str) -> Any:
    """A tqdm bar: a widget in a notebook with ipywidgets, plain text otherwise."""
    if in_notebook():
        try:
            import ipywidgets  # noqa: F401
            from tqdm.notebook import tqdm as notebook_tqdm

            return notebook_tqdm(total=total, desc=description, unit="rep", leave=False)
        except ImportError:
            pass
    from tqdm.std import tqdm

    return tqdm(total=total, desc=description, unit="rep", leave=False, file=sys.stderr)


def _one(task: tuple[Scenario, int, int]) -> ReplicationOutput:
    """One replication of a task ``(scenario, replication, seed)``."""
    return replicate(*task)


def replicate(scenario: Scenario, replication: int, seed: int) -> ReplicationOutput:
    """One replication of a scenario, with a readable error when the calendar runs out."""
    s, rep = scenario, replication
    try:
        return run_replication(s, rep, seed)
    except CalendarError as err:
        raise SimulateError(
            f"scenario {s.name!r}, replication {rep}: {err}. Cases were still open when the "
            "work calendar's data ran out: shorten horizon_working_days, lower the load, or "
            "supply holidays for later years under calendar:"
        ) from None


def _iterate(
    tasks: list[tuple[Scenario, int, int]], executor: ExecutorName | Executor, jobs: int | None
) -> Iterator[ReplicationOutput]:
    if executor == "serial" or (
        executor == "process" and (jobs if jobs is not None else os.cpu_count() or 1) <= 1
    ):
        for t in tasks:
            yield _one(t)
        return
    if executor == "dask":
        yield from _dask(tasks, jobs)
        return
    if isinstance(executor, Executor):
        futures = [executor.submit(_one, t) for t in tasks]
        for f in as_completed(futures):
            yield f.result()
        return
    with process_pool(jobs) as pool:
        futures = [pool.submit(_one, t) for t in tasks]
        for f in as_completed(futures):
            yield f.result()


def _watch_parent(parent: int) -> None:
    """In a worker: leave Ctrl-C to the parent, and exit as soon as the parent is gone.

    A worker whose parent was killed would otherwise work through its queue for minutes.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


@contextmanager
def process_pool(jobs: int | None) -> Iterator[ProcessPoolExecutor]:
    """A spawn-based process pool whose workers end with the run.

    On an error, Ctrl-C or SIGTERM the queued replications are cancelled and the workers
    stopped at once (not after the replications already running); workers also exit by
    themselves when the parent process dies.
    """
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    before = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(
        max_workers=jobs or os.cpu_count(),
        mp_context=ctx,
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        for child in set(multiprocessing.active_children()) - before:
            child.terminate()
        for child in set(multiprocessing.active_children()) - before:
            child.join(timeout=5)
        raise
    pool.shutdown(wait=True)


def _dask(tasks: list[tuple[Scenario, int, int]], jobs: int | None) -> Iterator[ReplicationOutput]:
    try:
        from dask.distributed import Client, LocalCluster
        from dask.distributed import as_completed as dask_completed
    except ImportError as err:
        raise SimulateError("executor='dask' needs Dask: pip install 'simulate[dask]'") from err
    address = os.environ.get("SIMULATE_DASK_ADDRESS")
    cluster = None if address else LocalCluster(n_workers=jobs or 2, processes=True)
    with Client(address or cluster) as client:
        futures = client.map(_one, tasks, pure=False)
        for f in dask_completed(futures):
            yield f.result()
    if cluster is not None:
        cluster.close()


def run_meta(
    scenario: Scenario,
    seed: int,
    replications: int,
    executor: ExecutorName | Executor | str,
    digest: str | None = None,
) -> RunMeta:
    """The record of a run of ``scenario``: what was run, with which seed, on which executor
    (``digest``: the scenario's, computed when not given)."""
    s = scenario
    return RunMeta(
        scenario=s.name,
        label=s.label,
        digest=s.digest() if digest is None else digest,
        seed=int(seed),
        replications=replications,
        version=package_version(),
        start=s.start.isoformat(),
        horizon_working_days=s.horizon_working_days,
        warmup_working_days=s.warmup_working_days,
        time_limit_working_days=s.time_limit_working_days,
        time_limit_statistic=s.time_limit_statistic,
        thresholds=tuple((t.working_days, t.label, t.target_share) for t in s.thresholds),
        executor=executor if isinstance(executor, str) else type(executor).__name__,
        reforms=tuple(r.name for r in s.reforms),
        reforms_described=tuple(describe_applied(r) for r in s.reforms),
    )


def run(
    scenario: Scenario,
    *,
    replications: int | None = None,
    seed: int | None = None,
    jobs: int | None = None,
    executor: ExecutorName | Executor = "serial",
    horizon_working_days: float | None = None,
    warmup_working_days: float | None = None,
    progress: bool | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Results:
    """Simulate a scenario and return its :class:`Results`.

    Parameters
    ----------
    scenario
        The scenario (from :func:`simulate.load_scenario` or built in Python).
    replications
        Independent replications; default the scenario's own ``replications``.
    seed
        Random seed; default the scenario's ``seed``, else fresh entropy (recorded in
        ``results.meta.seed`` so the run can be repeated).
    jobs
        Worker processes for ``executor="process"`` (default: all cores) or Dask workers.
    executor
        ``"serial"``, ``"process"`` (a spawn-based process pool), ``"dask"`` (a local cluster,
        or the one at ``$SIMULATE_DASK_ADDRESS``), or any :class:`concurrent.futures.Executor`.
        All give identical numbers for the same seed.
    horizon_working_days, warmup_working_days
        Override the scenario's run length and warm-up.
    progress
        Show a progress bar; default on in a terminal or notebook, off under CI.
    on_progress
        Called as ``on_progress(done, total)`` after each replication.
    """
    changes: dict[str, Any] = {}
    if horizon_working_days is not None:
        changes["horizon_working_days"] = float(horizon_working_days)
    if warmup_working_days is not None:
        changes["warmup_working_days"] = float(warmup_working_days)
    s = replace(scenario, **changes) if changes else scenario
    validate(s)
    if s.warmup_working_days >= s.horizon_working_days:
        raise SimulateError(
            f"warm-up ({s.warmup_working_days:g}) must be shorter than the horizon ({s.horizon_working_days:g} working days)"
        )
    n = check_replications(replications if replications is not None else s.replications)
    seed_used = (
        check_seed(seed) if seed is not None else (s.seed if s.seed is not None else fresh_seed())
    )
    tasks = [(s, rep, int(seed_used)) for rep in range(n)]
    outputs: list[ReplicationOutput] = []
    bar = None
    if show_progress(progress) and n > 1:
        bar = progress_bar(n, s.name)
    try:
        for out in _iterate(tasks, executor, jobs):
            outputs.append(out)
            if bar is not None:
                bar.update(1)
            if on_progress is not None:
                on_progress(len(outputs), n)
    finally:
        if bar is not None:
            bar.close()
    meta = run_meta(s, int(seed_used), n, executor)
    log.info("ran %s: %d replications, seed %d", s.name, n, seed_used)
    return Results.from_outputs(s, meta, outputs)
