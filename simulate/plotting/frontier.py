"""The staffing frontier: what each staffing the search tried buys."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from simulate.experiments.staffing import Staffing
from simulate.plotting._common import BLUE, GREEN, GREY, ORANGE, VERMILLION, new_axes, pin_fonts
from simulate.plotting.fonts import style

__all__ = ["plot_frontier"]


def plot_frontier(staffing: Staffing, *, ax: Axes | None = None) -> Axes:
    """P90 working days, on-time share and busiest utilisation against total staff.

    Parameters
    ----------
    staffing
        From :func:`simulate.staffing`.
    ax
        Axes to draw on; default a new figure.

    Returns
    -------
    Axes
        P90 working days (left axis, blue, filled where every target holds) against total
        staff; on-time share and busiest-desk utilisation in percent on a twin right axis.
    """
    f = staffing.frontier
    x = f["total_staff"].to_numpy(dtype=float)
    with style():
        ax = new_axes(ax, (7.5, 4.2))
        ax.plot(x, f["p90_working_days"], color=BLUE, marker="o", label="P90 工作日")
        met = f["met"].to_numpy(dtype=bool)
        ax.scatter(
            x[met], f["p90_working_days"][met], s=90, color=GREEN, zorder=3, label="全部目标达成"
        )
        ax.set_xlabel("总人员（人）")
        ax.set_ylabel("P90 工作日")
        right = ax.twinx()
        if np.isfinite(f["on_time_rate"].to_numpy(dtype=float)).any():
            right.plot(x, 100 * f["on_time_rate"], color=ORANGE, marker="s", label="按时办结率")
        right.plot(
            x,
            100 * f["busiest_desk_utilisation"],
            color=GREY,
            linestyle=":",
            label="最忙窗口利用率",
        )
        right.set_ylabel("%")
        right.set_ylim(0, 105)
        lines = ax.get_legend_handles_labels()
        more = right.get_legend_handles_labels()
        ax.legend(
            lines[0] + more[0], lines[1] + more[1], fontsize=8, frameon=False, loc="upper right"
        )
        title = "人员配置前沿" if staffing.reachable else "人员配置无法达标"
        ax.set_title(
            title, loc="left", fontsize=11, color="#222222" if staffing.reachable else VERMILLION
        )
        pin_fonts([ax, right])
    return ax
