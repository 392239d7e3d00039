"""Scenario comparison on common random numbers (reform attribution: :mod:`simulate.experiments.attribution`).

Every scenario of a comparison (and every subset of a reform bundle) runs with the same seed
and the same replication numbers. The engine's named streams then give common random numbers:
the same case draws the same duration at a step the scenarios share, so a reform's effect is
measured per replication as a paired difference and is not lost in run-to-run noise.

:func:`compare` runs the scenarios and pairs them; the result, a
:class:`~simulate.experiments.comparison.Comparison`, is the interface the command line and
:mod:`simulate.plotting` build on; :func:`~simulate.experiments.write.write_comparison` puts
it on disk.

>>> cmp = sim.compare([baseline, reformed], replications=20, seed=1)   # doctest: +SKIP
>>> print(cmp.headline())                                               # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Executor
from pathlib import Path

from simulate.errors import SimulateError
from simulate.experiments.comparison import Comparison, check_limit
from simulate.experiments.paired import reps_and_seed, run_paired, unique_names
from simulate.experiments.runner import ExecutorName
from simulate.scenario.model import Scenario


def compare(
    scenarios: Iterable[Scenario | str | os.PathLike[str]],
    *,
    replications: int | None = None,
    seed: int | None = None,
    jobs: int | None = None,
    executor: ExecutorName | Executor = "serial",
    progress: bool | None = None,
    horizon_working_days: float | None = None,
    warmup_working_days: float | None = None,
    limit: float | None = None,
) -> Comparison:
    """Run scenarios on common random numbers and compare each with the first.

    Parameters
    ----------
    scenarios
        Scenarios or scenario files; the first is the reference. Clashing names get ``_2``,
        ``_3`` suffixes.
    replications
        Replications of every scenario; default the first scenario's.
    seed
        One seed for all; default the first scenario's, else fresh (and recorded).
    jobs, executor
        As for :func:`simulate.run`; one process pool serves every scenario.
    progress
        One bar over scenarios x replications; default on in a terminal or notebook, off
        under CI or in a pipe.
    horizon_working_days, warmup_working_days
        Override every scenario's run length and warm-up.
    limit
        One common limit (working days) every scenario's on-time share is counted against;
        default the reference scenario's own limit. Each scenario's own target and verdict
        are reported separately (:meth:`Comparison.own_targets`).

    Returns
    -------
    Comparison
    """
    from simulate.library import load_scenario  # only for paths (or library names)

    check_limit(limit)
    given = [s if isinstance(s, Scenario) else load_scenario(Path(s)) for s in scenarios]
    if not given:
        raise SimulateError("compare() needs at least one scenario")
    names = unique_names(s.name for s in given)
    digests = tuple(s.digest() for s in given)
    runs = tuple(
        s if s.name == n else s.with_changes(name=n) for s, n in zip(given, names, strict=True)
    )
    pairing = reps_and_seed(runs[0], replications, seed)
    results = tuple(
        run_paired(
            runs,
            pairing,
            jobs=jobs,
            executor=executor,
            progress=progress,
            description="compare",
            horizon_working_days=horizon_working_days,
            warmup_working_days=warmup_working_days,
        )
    )
    return Comparison(runs, results, names, pairing.seed, pairing.replications, digests, limit)


__all__ = ["compare"]
