"""How long cases take: the elapsed-time distribution, and a metric across scenarios.

The distribution is drawn as an empirical cumulative distribution (ECDF): the share of
cases finished within x days. Read up from the time limit to get the on-time share, read
across from 90% to get the P90 a plan promises; several scenarios overlay without hiding
each other, and there are no bins to choose, unlike step histograms of skewed times.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from simulate._fonts import style
from simulate.errors import SimulateError
from simulate.plotting._common import (
    INK,
    SERIES,
    ComparisonLike,
    days_unit,
    default_target,
    fmt_signed,
    fmt_value,
    language,
    metric_title,
    new_axes,
    outside_legend,
    pick,
    pin_fonts,
    runs_of,
    with_unit,
    measured_cases,
)
from simulate.results import Results

__all__ = ["plot_comparison", "plot_elapsed"]

_TOL = 1e-9


def plot_elapsed(
    results_or_comparison: Results | ComparisonLike,
    *,
    ax: Axes | None = None,
    unit: Literal["working", "natural"] = "working",
    limit: float | None = None,
) -> Axes:
    """Share of cases finished within x days, per scenario, with the time limit marked.

    Parameters
    ----------
    results_or_comparison : Results or Comparison
        One run, or a comparison whose scenarios are overlaid (the reference first).
    ax : Axes, optional
        Axes to draw on; default a new figure.
    unit : {"working", "natural"}, default "working"
        Elapsed working days (工作日) or natural days (自然日).
    limit : float, optional
        The limit to mark, in ``unit``. Default for working days: the first scenario's
        ``time_limit_working_days``; for natural days none (a working-day limit has no
        fixed place on a natural-day axis).

    Returns
    -------
    Axes
        The axes drawn on. One ECDF line per scenario; the legend gives each scenario's
        share within the limit (for working days, the on-time share as the summary
        counts it: clock-stop days excluded).

    Raises
    ------
    SimulateError
        If ``unit`` is unknown or a scenario has no case after the warm-up.
    """
    if unit not in ("working", "natural"):
        raise SimulateError(f"plot_elapsed: unit must be 'working' or 'natural', got {unit!r}")
    runs = runs_of(results_or_comparison)
    first = runs[0][1].scenario
    lang = language(first)
    if limit is None and unit == "working":
        limit = first.time_limit_working_days
    column = f"elapsed_{unit}_days"
    with style():
        ax = new_axes(ax, (7.5, 4.6))
        lines = []
        stops = False
        for i, (name, res) in enumerate(runs):
            cases = measured_cases(res)
            x = cases[column].to_numpy(dtype=float)
            label = name
            if limit is not None:
                judged = cases["counted_working_days"] if unit == "working" else cases[column]
                share = float((judged.to_numpy(dtype=float) <= limit + _TOL).mean())
                stops = stops or bool((cases["clock_stop_working_days"] > 0).any())
                label = pick(
                    lang,
                    f"{name}：时限内 {fmt_value(share, 'share')}",
                    f"{name}: {fmt_value(share, 'share')} within the limit",
                )
            (line,) = ax.ecdf(x, color=SERIES[i % len(SERIES)], linewidth=1.8, label=label)
            lines.append(line)
        ax.axhline(0.9, color="0.55", linewidth=0.8, linestyle=":", zorder=1)
        ax.annotate(
            "90%",
            xy=(1.0, 0.9),
            xycoords=("axes fraction", "data"),
            xytext=(2, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            color="0.4",
            fontsize=8,
            annotation_clip=False,
        )
        if limit is not None:
            units = days_unit(lang, unit)
            ax.axvline(limit, color=INK, linestyle="--", linewidth=1.2, zorder=3)
            ax.annotate(
                pick(lang, f"时限 {limit:g} 个{units}", f"limit {limit:g} {units}"),
                xy=(limit, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(4, -2),
                textcoords="offset points",
                va="top",
                ha="left",
                color=INK,
                fontsize=9,
            )
        ax.set_ylim(0, 1.02)
        ax.set_xlim(left=0)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.grid(True, axis="both")
        ax.set_xlabel(pick(lang, f"办结时间（{days_unit(lang, unit)}）", f"time to finish ({days_unit(lang, unit)})"))
        ax.set_ylabel(pick(lang, "已办结的办件比例", "share of cases finished"))
        reps = sum(r.meta.replications for _, r in runs) // len(runs)
        if len(runs) == 1:
            title = pick(lang, f"{runs[0][0]}：办结时间分布", f"{runs[0][0]}: time to finish")
        else:
            title = pick(lang, "办结时间分布：方案对比", "Time to finish, by scenario")
        ax.set_title(title, loc="left")
        note = pick(
            lang,
            f"{reps} 次重复模拟，不含预热期办件",
            f"{reps} replications, warm-up cases left out",
        )
        if limit is not None and unit == "working" and stops:
            note += pick(lang, "；时限内比例不计不计时环节（听证等）", "; clock-stop days not counted against the limit")
        ax.annotate(
            note,
            xy=(1.0, 1.0),
            xycoords="axes fraction",
            xytext=(0, 4),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=8,
            color="0.4",
        )
        outside_legend(ax, ncols=1 if len(runs) > 2 or limit is not None else len(runs))
        pin_fonts([ax])
    return ax


def plot_comparison(
    comparison: ComparisonLike,
    *,
    metric: str = "p90_elapsed_working_days",
    ax: Axes | None = None,
    target: float | None = None,
) -> Axes:
    """One metric per scenario with its 95% interval, and the target marked.

    Parameters
    ----------
    comparison : Comparison
        Scenarios run on common random numbers (the first is the reference).
    metric : str, default "p90_elapsed_working_days"
        A metric of ``comparison.table()``.
    ax : Axes, optional
        Axes to draw on; default a new figure.
    target : float, optional
        Value to mark. Default: the reference scenario's time limit for elapsed
        working-day metrics, a threshold's target share for ``share_within_*`` metrics.

    Returns
    -------
    Axes
        The axes drawn on: one point with error bars per scenario (top to bottom in the
        comparison's order), its value and the difference from the reference written
        beside it.

    Raises
    ------
    SimulateError
        If the comparison has no such metric.
    """
    table = comparison.table()
    rows = table[table["metric"] == metric]
    if rows.empty:
        known = ", ".join(dict.fromkeys(str(m) for m in table["metric"]))
        raise SimulateError(f"plot_comparison: no metric {metric!r} in the comparison; known: {known}")
    runs = runs_of(comparison)
    names = list(comparison.names)
    rows = rows.set_index("scenario").reindex(names)
    reference = comparison.results[0].scenario
    lang = language(reference)
    unit = str(rows["unit"].dropna().iloc[0]) if rows["unit"].notna().any() else ""
    if target is None:
        target = default_target(metric, reference)
    n = len(names)
    with style():
        ax = new_axes(ax, (7.5, 1.3 + 0.55 * n))
        y = np.arange(n)[::-1].astype(float)
        value = rows["value"].to_numpy(dtype=float)
        lo = rows["ci_low"].to_numpy(dtype=float)
        hi = rows["ci_high"].to_numpy(dtype=float)
        for i in range(n):
            colour = SERIES[i % len(SERIES)]
            err = None
            if np.isfinite(lo[i]) and np.isfinite(hi[i]):
                err = [[max(value[i] - lo[i], 0.0)], [max(hi[i] - value[i], 0.0)]]
            ax.errorbar(
                [value[i]], [y[i]], xerr=err, fmt="o", color=colour, markersize=7,
                capsize=4, elinewidth=1.6, capthick=1.6, zorder=3,
            )
        right = np.nanmax(np.concatenate([hi, value, [target if target is not None else np.nan]]))
        ax.set_xlim(0, right * 1.45 if right > 0 else 1)
        for i in range(n):
            ax.annotate(
                _value_text(rows.iloc[i], i, unit, lang),
                xy=(np.nanmax([hi[i], value[i]]), y[i]),
                xytext=(8, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
            )
        ax.set_yticks(y, labels=[label for label, _ in runs])
        ax.set_ylim(-0.7, n - 0.3)
        ax.grid(True, axis="x")
        ax.grid(False, axis="y")
        if target is not None:
            ax.axvline(target, color=INK, linestyle="--", linewidth=1.2, zorder=2)
            ax.annotate(
                pick(lang, f"目标 {fmt_value(target, unit)}", f"target {fmt_value(target, unit)}"),
                xy=(target, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=9,
            )
        if unit == "share":
            ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        title = metric_title(metric, lang, reference)
        ax.set_xlabel(with_unit(title, unit, lang))
        ax.set_title(
            pick(lang, f"{title}：各方案对比（95% 置信区间）", f"{title} by scenario (95% interval)"),
            loc="left",
            pad=16 if target is not None else 6,
        )
        pin_fonts([ax])
    return ax


def _value_text(row: pd.Series, i: int, unit: str, lang: str) -> str:
    text = fmt_value(float(row["value"]), unit)
    if pd.notna(row["ci_low"]) and pd.notna(row["ci_high"]):
        text += f" [{fmt_value(float(row['ci_low']), unit)}, {fmt_value(float(row['ci_high']), unit)}]"
    if i > 0 and "diff" in row.index and pd.notna(row["diff"]):
        diff = fmt_signed(float(row["diff"]), unit)
        if unit == "share":  # a difference of shares is in percentage points
            diff = diff.removesuffix("%") + pick(lang, " 个百分点", " pp")
        text += pick(lang, f"  较基准 {diff}", f"  vs reference {diff}")
    return text
