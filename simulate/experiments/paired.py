"""What every paired run shares (comparison and attribution): one seed and replication count,
one progress bar and one process pool over all scenarios, unique names, readable reform names.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

from simulate.errors import SimulateError
from simulate.experiments.runner import ExecutorName, fresh_seed, progress_bar, show_progress
from simulate.reforms.registry import REFORMS
from simulate.scenario.model import Scenario


def unique_names(names: Iterable[str]) -> tuple[str, ...]:
    """Names made unique by suffixing ``_2``, ``_3`` ... to repeats."""
    out: list[str] = []
    for name in names:
        new, n = name, 1
        while new in out:
            n += 1
            new = f"{name}_{n}"
        out.append(new)
    return tuple(out)


def reps_and_seed(first: Scenario, replications: int | None, seed: int | None) -> tuple[int, int]:
    """Replications and seed of a paired run: as given, else the first scenario's, else fresh."""
    n = int(replications if replications is not None else first.replications)
    if n < 1:
        raise SimulateError(f"replications must be >= 1, got {n}")
    if seed is None:
        seed = first.seed if first.seed is not None else fresh_seed()
    return n, int(seed)


@contextmanager
def progress_ticks(
    progress: bool | None, total: int, desc: str
) -> Iterator[Callable[[int, int], None]]:
    """A callback for :func:`run` that advances one bar by a replication (no-op when off)."""
    if not show_progress(progress) or total <= 1:
        yield lambda done, total: None
        return
    bar = progress_bar(total, desc)
    try:
        yield lambda done, total: bar.update(1)
    finally:
        bar.close()


@contextmanager
def shared_pool(
    executor: ExecutorName | Executor, jobs: int | None
) -> Iterator[ExecutorName | Executor]:
    """One process pool for every run (not one per scenario), else the executor as given."""
    if executor != "process" or (jobs is not None and jobs <= 1):
        yield executor
        return
    import multiprocessing  # as in simulate.experiments.runner: spawn, never the global start method

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs or os.cpu_count(), mp_context=ctx) as pool:
        yield pool


def reform_label(name: str) -> str:
    """The Chinese label of a registered reform (its name when it has none)."""
    r = REFORMS.get(name)
    return r.label if r is not None and r.label else name
