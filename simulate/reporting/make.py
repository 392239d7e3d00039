"""Run scenarios and write their proposal appendix: report.docx, report.html and the charts."""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from simulate.errors import SimulateError
from simulate.experiments.attribution import Attribution, attribute
from simulate.experiments.compare import compare
from simulate.experiments.comparison import Comparison
from simulate.experiments.runner import ExecutorName
from simulate.io.loader import load_bundle
from simulate.library import resolve
from simulate.reporting.content import Figure, build_report
from simulate.reporting.web import write_html
from simulate.reporting.word import write_docx
from simulate.results.write import atomic_dir
from simulate.scenario.model import Scenario
from simulate.strings import text

#: Resolution of the report's charts (print quality).
DPI = 300

#: Reforms in one bundle at most for the attribution (it runs every subset: 2**n runs).
MAX_ATTRIBUTED = 5


def _save(ax: Any, path: Path) -> None:
    from matplotlib.figure import Figure as MatplotlibFigure

    fig = ax.get_figure(root=True)
    if not isinstance(fig, MatplotlibFigure):
        raise SimulateError(text("appendix.error.no_figure"))
    fig.savefig(path, dpi=DPI, format="png")


def charts(
    comparison: Comparison, attributions: Iterable[tuple[str, Attribution]], folder: Path
) -> list[Figure]:
    """Draw the report's charts into ``folder`` (PNG, 300 dpi); return them with captions."""
    # matplotlib only when charts are drawn: importing simulate stays light
    from simulate.plotting import (
        plot_attribution,
        plot_breakdown,
        plot_comparison,
        plot_desks,
        plot_elapsed,
    )
    from simulate.plotting.fonts import style

    out: list[Figure] = []
    several = len(comparison.results) > 1
    with style():
        path = folder / "elapsed.png"
        _save(plot_elapsed(comparison if several else comparison.results[0]), path)
        out.append(Figure(path, text("appendix.figure.elapsed")))
        if several:
            path = folder / "comparison.png"
            _save(plot_comparison(comparison), path)
            out.append(Figure(path, text("appendix.figure.comparison")))
        for i, results in enumerate(comparison.results):
            label = results.scenario.label or results.scenario.name
            path = folder / f"breakdown_{i + 1}.png"
            _save(plot_breakdown(results), path)
            out.append(Figure(path, text("appendix.figure.breakdown", label=label)))
            if results.scenario.desks:
                path = folder / f"desks_{i + 1}.png"
                _save(plot_desks(results), path)
                out.append(Figure(path, text("appendix.figure.desks", label=label)))
        for i, (label, attribution) in enumerate(attributions):
            path = folder / f"attribution_{i + 1}.png"
            _save(plot_attribution(attribution), path)
            out.append(Figure(path, text("appendix.figure.attribution", label=label)))
    return out


def write_report(
    scenarios: Iterable[Scenario | str | os.PathLike[str]],
    out_dir: str | Path,
    *,
    replications: int | None = None,
    seed: int | None = None,
    jobs: int | None = None,
    executor: ExecutorName | Executor = "serial",
    attribution: bool = True,
    progress: bool | None = None,
) -> list[Path]:
    """Run the scenarios on common random numbers and write their appendix.

    Parameters
    ----------
    scenarios
        Scenario files, library names (``power/low_voltage_baseline``) or scenarios; the
        first is the reference the others are compared with.
    out_dir
        Folder for ``report.docx``, ``report.html`` and ``charts/`` (written all or nothing).
    replications, seed, jobs, executor, progress
        As for :func:`simulate.compare`.
    attribution
        For every other scenario given as a file with a ``reforms:`` list (of at most
        five), also split its change from its base among the reforms (Shapley values).

    Returns
    -------
    list of Path
        The files written.
    """
    given = [s if isinstance(s, Scenario) else resolve(Path(s)) for s in scenarios]
    if not given:
        raise SimulateError(text("appendix.error.no_scenario"))
    comparison = compare(
        given,
        replications=replications,
        seed=seed,
        jobs=jobs,
        executor=executor,
        progress=progress,
    )
    attributions: list[tuple[str, Attribution]] = []
    if attribution and len(given) > 1:
        for item in given[1:]:
            if isinstance(item, Scenario):
                continue
            base, reforms = load_bundle(item)
            if 1 <= len(reforms) <= MAX_ATTRIBUTED:
                result = attribute(
                    base,
                    reforms,
                    replications=comparison.replications,
                    seed=comparison.seed,
                    jobs=jobs,
                    executor=executor,
                    progress=progress,
                )
                label = base.label or base.name
                scenario = comparison.scenarios[given.index(item)]
                attributions.append((scenario.label or scenario.name or label, result))
    out = Path(out_dir)
    with atomic_dir(out) as tmp:
        (tmp / "charts").mkdir()
        figures = charts(comparison, attributions, tmp / "charts")
        report = build_report(comparison, figures, attributions)
        write_docx(report, tmp / "report.docx")
        write_html(report, tmp / "report.html")
        written = [p.relative_to(tmp) for p in sorted(tmp.rglob("*")) if p.is_file()]
    return [out / p for p in written]
