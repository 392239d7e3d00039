"""Charts for a reform proposal (matplotlib; the only part of `simulate` that imports it).

Every ``plot_*`` function draws on ``ax`` (or a new stand-alone figure, no pyplot) and
returns the axes; nothing global changes, and Chinese labels use the bundled CJK font.
The ``write_*`` functions save PNG (150 dpi) and SVG files for the command line.

>>> from simulate import plotting
>>> ax = plotting.plot_elapsed(results)          # doctest: +SKIP
>>> ax.figure.savefig("elapsed.png")             # doctest: +SKIP
"""

from simulate.plotting.attribution import plot_attribution
from simulate.plotting.before_after import headline_counts, plot_before_after
from simulate.plotting.breakdown import breakdown_table, plot_breakdown
from simulate.plotting.calibration import plot_holdout, write_holdout_chart
from simulate.plotting.desks import plot_desks
from simulate.plotting.distribution import plot_comparison, plot_elapsed
from simulate.plotting.flowmap import plot_flow
from simulate.plotting.frontier import plot_frontier
from simulate.plotting.timeline import critical_passes, median_case, plot_timeline
from simulate.plotting.tornado import plot_tornado
from simulate.plotting.write import write_attribution_chart, write_compare_charts, write_run_charts

__all__ = [
    "breakdown_table",
    "critical_passes",
    "headline_counts",
    "median_case",
    "plot_attribution",
    "plot_before_after",
    "plot_breakdown",
    "plot_comparison",
    "plot_desks",
    "plot_elapsed",
    "plot_flow",
    "plot_frontier",
    "plot_holdout",
    "plot_timeline",
    "plot_tornado",
    "write_attribution_chart",
    "write_compare_charts",
    "write_holdout_chart",
    "write_run_charts",
]
