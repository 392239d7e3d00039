"""What every paired run shares (comparison and attribution): one seed and replication count,
one progress bar and one process pool over all scenarios, unique names, readable reform names.

:func:`run_paired` runs scenarios on common random numbers: every scenario with the same seed
and the same replication numbers, so the engine's named streams give the same case the same
duration at a step the scenarios share.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from typing import NamedTuple

from simulate.experiments.runner import (
    ExecutorName,
    check_replications,
    check_seed,
    fresh_seed,
    process_pool,
    progress_bar,
    run,
    show_progress,
)
from simulate.reforms.registry import REFORMS
from simulate.results import Results
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


class Pairing(NamedTuple):
    """What pairs runs: one replication count and one seed, the same for every scenario."""

    replications: int
    seed: int


def reps_and_seed(first: Scenario, replications: int | None, seed: int | None) -> Pairing:
    """Replications and seed of a paired run: as given, else the first scenario's, else fresh."""
    n = check_replications(replications if replications is not None else first.replications)
    if seed is None:
        seed = first.seed if first.seed is not None else fresh_seed()
    return Pairing(n, check_seed(seed))


@contextmanager
def progress_ticks(
    progress: bool | None, total: int, description: str
) -> Iterator[Callable[[int, int], None]]:
    """A callback for :func:`run` that advances one bar by a replication (no-op when off)."""
    if not show_progress(progress) or total <= 1:
        yield lambda done, total: None
        return
    bar = progress_bar(total, description)
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
    with process_pool(jobs) as pool:
        yield pool


def run_paired(
    scenarios: Sequence[Scenario],
    pairing: Pairing,
    *,
    jobs: int | None,
    executor: ExecutorName | Executor,
    progress: bool | None,
    description: str,
    horizon_working_days: float | None = None,
    warmup_working_days: float | None = None,
) -> Generator[Results, None, None]:
    """Run every scenario with one seed and replication count, on one shared process pool.

    Results come one scenario at a time, in the order given, so a caller can stop early;
    exhaust the iterator or close it (:func:`contextlib.closing`) to release the pool.

    Parameters
    ----------
    scenarios
        The scenarios to run (as they are: names are not made unique here).
    pairing
        The replications and seed, the same for every scenario (from :func:`reps_and_seed`).
    jobs, executor
        As for :func:`simulate.run`; one process pool serves every scenario.
    progress
        One bar over scenarios x replications; default on in a terminal or notebook.
    description
        The bar's label.
    horizon_working_days, warmup_working_days
        Override every scenario's run length and warm-up.

    Yields
    ------
    Results
        One scenario's results.
    """
    with (
        progress_ticks(progress, len(scenarios) * pairing.replications, description) as tick,
        shared_pool(executor, jobs) as pool,
    ):
        for scenario in scenarios:
            yield run(
                scenario,
                replications=pairing.replications,
                seed=pairing.seed,
                jobs=jobs,
                executor=pool,
                progress=False,
                on_progress=tick,
                horizon_working_days=horizon_working_days,
                warmup_working_days=warmup_working_days,
            )


def reform_label(name: str) -> str:
    """The Chinese label of a registered reform (its name when it has none)."""
    r = REFORMS.get(name)
    return r.label if r is not None and r.label else name
