"""The hold-out chart: observed and simulated throughput times as overlaid ECDFs.

The share of cases finished within x working days, for the hold-out cases of the log and
for the fitted model's cases: where the curves part, the model misses, and the KS statistic
in the title is their largest vertical gap.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from simulate.plotting._common import INK, SERIES, new_axes, pin_fonts

if TYPE_CHECKING:
    from simulate.calibration.holdout import Holdout


def plot_holdout(holdout: Holdout, ax: Axes | None = None) -> Axes:
    """Observed (hold-out) and simulated throughput-time ECDFs on one axes."""
    ax = new_axes(ax, (7.0, 4.2))
    for i, (label, frame) in enumerate(
        (("实际（留出样本）observed", holdout.observed), ("模型 simulated", holdout.simulated))
    ):
        x = np.sort(frame["throughput_working_days"].to_numpy())
        if len(x) == 0:
            continue
        y = np.arange(1, len(x) + 1) / len(x)
        ax.step(
            x, y, where="post", color=SERIES[i % len(SERIES)], lw=1.8, label=f"{label} n={len(x)}"
        )
    ks = holdout.metrics[holdout.metrics["metric"].str.startswith("KS")]
    stat = f"，KS = {float(ks['observed'].iloc[0]):.3f}" if len(ks) else ""
    ax.set_title(f"办结用时：实际与模型{stat}", color=INK, fontsize=11, loc="left")
    ax.set_xlabel("受理到办结（工作日）working days")
    ax.set_ylabel("已办结的办件比例")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylim(0, 1.02)
    ax.set_xlim(left=0)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", frameon=False)
    pin_fonts([ax])
    return ax


def write_holdout_chart(holdout: Holdout, folder: str | Path) -> list[Path]:
    """Save the chart as ``holdout_ecdf.png`` and ``.svg`` in ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    figure = plot_holdout(holdout).get_figure(root=True)
    assert figure is not None
    out = []
    for suffix in ("png", "svg"):
        path = folder / f"holdout_ecdf.{suffix}"
        figure.savefig(path, dpi=150)
        out.append(path)
    return out


__all__ = ["plot_holdout", "write_holdout_chart"]
