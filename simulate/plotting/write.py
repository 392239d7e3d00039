"""Chart files for the command line: PNG (150 dpi, or ``dpi=300`` for print) and SVG,
written all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matplotlib.axes import Axes

from simulate.plotting._common import AttributionLike, ComparisonLike, root_figure
from simulate.plotting.attribution import plot_attribution
from simulate.plotting.breakdown import plot_breakdown
from simulate.plotting.desks import plot_desks
from simulate.plotting.distribution import plot_comparison, plot_elapsed
from simulate.plotting.fonts import style
from simulate.plotting.timeline import plot_timeline
from simulate.results import Results
from simulate.results.write import atomic_dir

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = ["DPI", "write_attribution_chart", "write_compare_charts", "write_run_charts"]

#: Resolution of the PNG files.
DPI = 150

Chart = tuple[str, Callable[[], Axes]]


def write_run_charts(
    results: Results,
    out_dir: str | Path,
    *,
    dpi: int = DPI,
    force: bool = False,
    svg_text: bool = False,
) -> list[Path]:
    """Write the charts of one run: elapsed, breakdown, timeline and desks.

    Parameters
    ----------
    results : Results
        A run.
    out_dir : str or Path
        Folder to write into, replaced whole; one holding files `simulate` did not write is
        replaced only with ``force``.

    Returns
    -------
    list of Path
        ``elapsed``, ``breakdown``, ``timeline`` and (with desks) ``desks``, each as
        ``.png`` and ``.svg``, in that order.
    """
    charts: list[Chart] = [
        ("elapsed", lambda: plot_elapsed(results)),
        ("breakdown", lambda: plot_breakdown(results)),
        ("timeline", lambda: plot_timeline(results)),
    ]
    if results.scenario.desks:
        charts.append(("desks", lambda: plot_desks(results)))
    return _write(charts, out_dir, dpi, force, svg_text)


def write_compare_charts(
    comparison: ComparisonLike,
    out_dir: str | Path,
    *,
    dpi: int = DPI,
    force: bool = False,
    svg_text: bool = False,
) -> list[Path]:
    """Write the charts of a comparison: ``elapsed`` (overlaid) and ``comparison`` (P90).

    Returns
    -------
    list of Path
        ``elapsed.png``, ``elapsed.svg``, ``comparison.png``, ``comparison.svg``.
    """
    charts: list[Chart] = [
        ("elapsed", lambda: plot_elapsed(comparison)),
        ("comparison", lambda: plot_comparison(comparison)),
    ]
    return _write(charts, out_dir, dpi, force, svg_text)


def write_attribution_chart(
    attribution: AttributionLike,
    out_dir: str | Path,
    *,
    dpi: int = DPI,
    force: bool = False,
    svg_text: bool = False,
) -> list[Path]:
    """Write the reform attribution waterfall.

    Returns
    -------
    list of Path
        ``attribution.png`` and ``attribution.svg``.
    """
    return _write(
        [("attribution", lambda: plot_attribution(attribution))], out_dir, dpi, force, svg_text
    )


def _write(
    charts: list[Chart], out_dir: str | Path, dpi: int, force: bool = False, svg_text: bool = False
) -> list[Path]:
    """Each chart as PNG and SVG; ``svg_text`` keeps the SVG's text as text (``svg.fonttype:
    none``), editable in WPS, PowerPoint or Inkscape, shown in the reader's own fonts,
    instead of outlines that look the same everywhere but cannot be edited."""
    import matplotlib

    out = Path(out_dir)
    written: list[Path] = []
    editable: dict[RcKeyType, Any] = {"svg.fonttype": "none"} if svg_text else {}
    with atomic_dir(out, force=force) as tmp, style(), matplotlib.rc_context(editable):
        for name, draw in charts:
            fig = root_figure(draw())
            for ext in ("png", "svg"):
                fig.savefig(tmp / f"{name}.{ext}", dpi=dpi, format=ext)
                written.append(out / f"{name}.{ext}")
    return written
