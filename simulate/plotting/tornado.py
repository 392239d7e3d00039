"""Sensitivity as a tornado: how far each assumption moves the target metric over its range."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axes import Axes

from simulate.experiments.sensitivity import Sensitivity
from simulate.plotting._common import BLUE, INK, ORANGE, VERMILLION, new_axes, pin_fonts
from simulate.plotting.fonts import style

__all__ = ["plot_tornado"]

METRIC_ZH = {
    "on_time_rate": "按时办结率",
    "mean_counted_working_days": "平均计时工作日",
    "mean_elapsed_working_days": "平均办理工作日",
}


def plot_tornado(sensitivity: Sensitivity, *, top: int = 12, ax: Axes | None = None) -> Axes:
    """Tornado of the target metric: one bar per assumption, from its low to its high end.

    Parameters
    ----------
    sensitivity
        From :func:`simulate.sensitivity`.
    top
        Show the factors with the largest swings (default 12).
    ax
        Axes to draw on; default a new figure.

    Returns
    -------
    Axes
        Horizontal bars from the metric at the factor's low end (orange) to its high end
        (blue) around the base value (a vertical line); the target as a dashed red line;
        factors that flip the verdict marked ``★`` with where they flip.
    """
    t = sensitivity.tornado.head(top).iloc[::-1]
    target = sensitivity.target
    base = sensitivity.base_value
    share = target.metric.startswith(("on_time", "share_within"))
    scale = 100.0 if share else 1.0
    with style():
        ax = new_axes(ax, (8.5, 1.6 + 0.42 * len(t)))
        y = np.arange(len(t), dtype=float)
        low = t["metric_at_low"].to_numpy(dtype=float) * scale
        high = t["metric_at_high"].to_numpy(dtype=float) * scale
        b = base * scale
        ax.barh(y, low - b, left=b, height=0.6, color=ORANGE, label="取值下限")
        ax.barh(y, high - b, left=b, height=0.6, color=BLUE, label="取值上限")
        ax.axvline(b, color=INK, linewidth=1)
        ax.axvline(
            target.threshold * scale, color=VERMILLION, linestyle="--", linewidth=1.2, label="目标"
        )
        labels = []
        for _, r in t.iterrows():
            text = f"{r['label']} [{r['low']:.3g}–{r['high']:.3g}]"
            if r["flips"]:
                where = [
                    f"高于{r['flip_above']:.3g}" for _ in [0] if not math.isnan(r["flip_above"])
                ]
                where += [
                    f"低于{r['flip_below']:.3g}" for _ in [0] if not math.isnan(r["flip_below"])
                ]
                text = f"★ {text}（{'、'.join(where)}翻转）"
            labels.append(text)
        ax.set_yticks(y, labels, fontsize=9)
        name = METRIC_ZH.get(target.metric, target.metric)
        ax.set_xlabel(f"{name}{'（%）' if share else ''}")
        ax.set_title(sensitivity.sentence_zh(), fontsize=10, loc="left", wrap=True)
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        pin_fonts([ax])
    return ax
