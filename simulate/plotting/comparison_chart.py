"""The comparison chart's drawing: values as bars from zero, paired differences beside them.

A bar per scenario shows the metric from zero (so a halving looks like a halving), labelled
``27.0 → 13.2（−51%）`` against the reference (基准). The right panel shows each scenario's
paired difference from the reference with its 95% interval: on common random numbers the
difference is far more precise than either value, so overlapping value intervals do not
mean "no difference"; the difference panel says whether there is one.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from simulate.plotting._common import (
    GREEN,
    GREY,
    INK,
    SERIES,
    VERMILLION,
    digits_for,
    fmt_signed,
    fmt_value,
    pick,
    root_figure,
    unit_title,
)
from simulate.scenario.model import Scenario

__all__ = ["draw_comparison", "short_names"]

#: Characters of a scenario name on the y axis.
NAME_WIDTH = 16


def short_names(scenarios: list[Scenario], lang: str) -> list[str]:
    """Short y-axis names: what tells the scenarios apart, cut to :data:`NAME_WIDTH`.

    When every label has a bracket (``开办企业（0.5个工作日，…）``), the bracket's text is
    what tells variants of one process apart, so it is used.
    """
    labels = [s.label or s.name for s in scenarios]
    if len(labels) > 1 and all(re.search(r"[（(]", x) for x in labels):
        labels = [re.split(r"[（(]", x, maxsplit=1)[1].rstrip("）)") for x in labels]
    out = [x if len(x) <= NAME_WIDTH else x[: NAME_WIDTH - 1] + "…" for x in labels]
    out[0] = pick(lang, f"基准：{out[0]}", f"reference: {out[0]}")
    return [_wrap(x) for x in out]


def _wrap(text: str, width: int = 11) -> str:
    if len(text) <= width + 2:
        return text
    return text[:width] + "\n" + text[width:]


def draw_comparison(
    ax: Axes,
    rows: pd.DataFrame,
    scenarios: list[Scenario],
    *,
    unit: str,
    title: str,
    target: float | None,
    lang: str,
    hours_title: str = "",
) -> tuple[Axes, Axes]:
    """Draw the two panels inside ``ax`` (hidden frame); returns (values, differences) axes.

    ``rows`` holds one row per scenario in order, with ``value``, ``ci_low``, ``ci_high``
    and for all but the first ``diff``, ``diff_ci_low``, ``diff_ci_high``.
    """
    n = len(rows)
    value = rows["value"].to_numpy(dtype=float)
    lo = rows["ci_low"].to_numpy(dtype=float)
    hi = rows["ci_high"].to_numpy(dtype=float)
    diff = rows["diff"].to_numpy(dtype=float) if "diff" in rows else np.full(n, np.nan)
    d_lo = (
        rows["diff_ci_low"].to_numpy(dtype=float) if "diff_ci_low" in rows else np.full(n, np.nan)
    )
    d_hi = (
        rows["diff_ci_high"].to_numpy(dtype=float) if "diff_ci_high" in rows else np.full(n, np.nan)
    )
    digits = digits_for(np.concatenate([value, diff[np.isfinite(diff)]]), unit)
    fig = root_figure(ax)
    tall = max(fig.get_figheight() * ax.get_position().height, 1.0)
    top = 1.0 - min(0.55 / tall, 0.3)
    ax.set_axis_off()
    values_ax = ax.inset_axes((0.24, 0.0, 0.44, top))
    diff_ax = ax.inset_axes((0.74, 0.0, 0.26, top))
    y = np.arange(n)[::-1].astype(float)

    colours = [GREY, *(SERIES[i % len(SERIES)] for i in range(n - 1))]
    values_ax.barh(y, value, height=0.58, color=colours)
    ok = np.isfinite(lo) & np.isfinite(hi)
    if ok.any():
        err = np.vstack([np.clip(value - lo, 0, None), np.clip(hi - value, 0, None)])
        values_ax.errorbar(
            value[ok], y[ok], xerr=err[:, ok], fmt="none", ecolor=INK, elinewidth=1.0, capsize=3
        )
    texts = [fmt_value(value[0], unit, digits)]
    for i in range(1, n):
        text = f"{fmt_value(value[0], unit, digits)} → {fmt_value(value[i], unit, digits)}"
        if unit == "share":
            text += pick(
                lang,
                f"（{fmt_signed(value[i] - value[0], unit, digits).replace('%', '')} 个百分点）",
                f" ({fmt_signed(value[i] - value[0], unit, digits).replace('%', '')} pp)",
            )
        elif value[0]:
            change = (value[i] - value[0]) / value[0]
            text += pick(lang, f"（{change:+.0%}）", f" ({change:+.0%})")
        texts.append(text)
    right_edge = np.where(ok, hi, value)
    for yi, xv, text in zip(y, right_edge, texts, strict=True):
        values_ax.annotate(
            text, xy=(xv, yi), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8.5
        )
    values_ax.set_yticks(y, labels=short_names(scenarios, lang), fontsize=8.5)
    values_ax.set_ylim(-0.6, n - 0.4)
    if unit == "share":
        values_ax.set_xlim(0, 1.0)
        values_ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    else:
        reach = np.nanmax(np.concatenate([right_edge, [target if target is not None else 0.0]]))
        values_ax.set_xlim(0, reach * 1.55 if reach > 0 else 1)
    if target is not None:
        values_ax.axvline(target, color=INK, linestyle="--", linewidth=1.1, zorder=3)
        shown = fmt_value(target, unit) if unit == "share" else f"{target:g}"
        values_ax.annotate(
            pick(lang, f"目标 {shown}", f"target {shown}"),
            xy=(target, 0.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, 3),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=8,
        )
    values_ax.grid(True, axis="x")
    values_ax.grid(False, axis="y")
    u = hours_title if unit == "working hours" else unit_title(unit, lang)
    values_ax.set_xlabel(
        pick(lang, f"数值（{u}）" if u else "数值", f"value ({u})" if u else "value"), fontsize=8.5
    )
    values_ax.set_title(
        pick(lang, "各方案数值（误差线：95% 区间）", "value (whiskers: 95% interval)"),
        loc="left",
        fontsize=9,
    )

    better_low = not (unit == "share" or "throughput" in title or "办结率" in title)
    diff_ax.axvline(0, color="0.4", linewidth=0.9)
    for i in range(1, n):
        if not np.isfinite(diff[i]):
            continue
        real = np.isfinite(d_lo[i]) and np.isfinite(d_hi[i]) and (d_lo[i] > 0 or d_hi[i] < 0)
        good = (diff[i] < 0) == better_low
        colour = (GREEN if good else VERMILLION) if real else GREY
        whisker: list[list[float]] | None = None
        if np.isfinite(d_lo[i]) and np.isfinite(d_hi[i]):
            whisker = [[max(diff[i] - d_lo[i], 0.0)], [max(d_hi[i] - diff[i], 0.0)]]
        diff_ax.errorbar(
            [diff[i]],
            [y[i]],
            xerr=whisker,
            fmt="o",
            color=colour,
            markersize=5,
            capsize=3,
            elinewidth=1.4,
        )
        verdict = pick(
            lang,
            "差异显著" if real else "差异不显著",
            "real difference" if real else "not significant",
        )
        diff_ax.annotate(
            verdict,
            xy=(0.0, y[i] - 0.32),
            xycoords=("axes fraction", "data"),
            fontsize=7.5,
            color=colour,
            va="center",
        )
    spread = np.nanmax(np.abs(np.concatenate([d_lo[1:], d_hi[1:], diff[1:], [1e-9]])))
    diff_ax.set_xlim(-spread * 1.2, spread * 1.2)
    if unit == "share":
        diff_ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    diff_ax.set_yticks(y, labels=[])
    diff_ax.set_ylim(-0.6, n - 0.4)
    diff_ax.text(
        0.5,
        y[0],
        pick(lang, "基准", "reference"),
        ha="center",
        va="center",
        fontsize=8,
        color="0.4",
        transform=diff_ax.get_yaxis_transform(),
    )
    diff_ax.grid(True, axis="x")
    diff_ax.grid(False, axis="y")
    diff_ax.set_xlabel(
        pick(lang, "与基准之差（配对）", "paired difference from the reference"), fontsize=8.5
    )
    diff_ax.set_title(
        pick(lang, "与基准之差（95% 区间）", "difference (95% interval)"), loc="left", fontsize=9
    )
    ax.set_title(title, loc="left", fontsize=11)
    return values_ax, diff_ax
