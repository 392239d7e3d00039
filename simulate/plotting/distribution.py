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

from simulate.errors import SimulateError
from simulate.plotting._common import (
    INK,
    SERIES,
    ComparisonLike,
    days_unit,
    default_target,
    digits_for,
    fmt_signed,
    fmt_value,
    joined_title,
    language,
    measured_cases,
    metric_title,
    new_axes,
    outside_legend,
    pick,
    pin_fonts,
    runs_of,
    subtitle,
    text_width_pt,
    with_unit,
    wrap_label,
)
from simulate.plotting.fonts import style
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
        The axes drawn on: one ECDF line per scenario, a dashed line at the limit and a
        dotted one at 90%. The share within the limit (for working days the on-time
        share as the summary counts it, clock-stop days excluded) is written beside the
        limit line for one scenario, in the legend (below the axes) for several.

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
        shares: list[float] = []
        stops = False
        for i, (name, res) in enumerate(runs):
            cases = measured_cases(res)
            x = cases[column].to_numpy(dtype=float)
            label = name
            if limit is not None:
                judged = cases["counted_working_days"] if unit == "working" else cases[column]
                shares.append(float((judged.to_numpy(dtype=float) <= limit + _TOL).mean()))
                stops = stops or bool((cases["clock_stop_working_days"] > 0).any())
                # several scenarios may have different limits: say which one the share is against
                within = pick(
                    lang,
                    f"{limit:g} 个{days_unit(lang, unit)}内办结 {fmt_value(shares[-1], 'share')}",
                    f"{fmt_value(shares[-1], 'share')} within {limit:g} {days_unit(lang, unit)}",
                )
                label = f"{name}{pick(lang, '：', ': ')}{within}"
            ax.ecdf(x, color=SERIES[i % len(SERIES)], linewidth=1.8, label=label)
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
        units = days_unit(lang, unit)
        if limit is not None:
            ax.axvline(limit, color=INK, linestyle="--", linewidth=1.2, zorder=3)
            text = pick(lang, f"时限 {limit:g} 个{units}", f"limit {limit:g} {units}")
            if len(runs) == 1:
                text += "\n" + _share_text(shares[0], unit, lang)
            # below the curves, right of the line: where an ECDF past its limit leaves room
            ax.annotate(
                text,
                xy=(limit, 0.0),
                xycoords=("data", "axes fraction"),
                xytext=(5, 5),
                textcoords="offset points",
                va="bottom",
                ha="left",
                color=INK,
                fontsize=9,
                linespacing=1.4,
                zorder=4,
            )
        ax.set_ylim(0, 1.02)
        ax.set_xlim(left=0)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.grid(True, axis="both")
        ax.set_xlabel(pick(lang, f"办结时间（{units}）", f"time to finish ({units})"))
        ax.set_ylabel(pick(lang, "已办结的办件比例", "share of cases finished"))
        if len(runs) == 1:
            title = joined_title(ax, runs[0][0], pick(lang, "办结时间分布", "time to finish"), lang)
        else:
            title = pick(lang, "办结时间分布：方案对比", "Time to finish, by scenario")
        ax.set_title(title, loc="left")
        reps = runs[0][1].meta.replications
        counts = [len(measured_cases(r)) for _, r in runs]
        if len(runs) == 1:
            note = pick(
                lang,
                f"{reps} 次重复模拟、{counts[0]:,} 件办件（不含预热期）的累计分布",
                f"cumulative share over {reps} replications, {counts[0]:,} cases (warm-up left out)",
            )
        else:
            n_cases = round(sum(counts) / len(counts))
            note = pick(
                lang,
                f"{reps} 次重复模拟、每个方案约 {n_cases:,} 件办件（不含预热期）的累计分布",
                f"cumulative share over {reps} replications, about {n_cases:,} cases per scenario",
            )
        if limit is not None and unit == "working" and stops:
            note += pick(
                lang,
                "；按时与否扣除不计时环节（听证等）",
                "; on time: clock-stop days not counted",
            )
        subtitle(ax, note)
        if len(runs) > 1:
            outside_legend(ax, ncols=1)
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
        raise SimulateError(
            f"plot_comparison: no metric {metric!r} in the comparison; known: {known}"
        )
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
        ax = new_axes(ax, (9.0, 1.5 + 0.55 * n))
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
                [value[i]],
                [y[i]],
                xerr=err,
                fmt="o",
                color=colour,
                markersize=7,
                capsize=4,
                elinewidth=1.6,
                capthick=1.6,
                zorder=3,
            )
        right = np.nanmax(np.concatenate([hi, value, [target if target is not None else np.nan]]))
        ax.set_xlim(0, right * 1.08 if right > 0 else 1)
        diffs = rows["diff"].to_numpy(dtype=float) if "diff" in rows else np.array([])
        d = digits_for(np.concatenate([value, diffs]), unit)
        # a forest-plot table to the right of the axes: value [interval], difference [interval]
        columns = [
            (
                pick(lang, "数值 [95% 区间]", "value [95% interval]"),
                [_interval(r, "", unit, digits=d) for _, r in rows.iterrows()],
            ),
            (
                pick(lang, "较基准 [95% 区间]", "vs reference [95% interval]"),
                [
                    "—",
                    *(
                        _interval(r, "diff_", unit, signed=True, lang=lang, digits=d)
                        for _, r in rows.iloc[1:].iterrows()
                    ),
                ],
            ),
        ]
        offset = 12.0
        for header, texts in columns:
            ax.annotate(
                header,
                xy=(1.0, 1.0),
                xycoords="axes fraction",
                xytext=(offset, 4),
                textcoords="offset points",
                ha="left",
                va="bottom",
                fontsize=8.5,
                color="0.35",
            )
            for yi, text in zip(y, texts, strict=True):
                ax.annotate(
                    text,
                    xy=(1.0, yi),
                    xycoords=("axes fraction", "data"),
                    xytext=(offset, 0),
                    textcoords="offset points",
                    ha="left",
                    va="center",
                    fontsize=9,
                )
            widths = [text_width_pt(header, 8.5), *(text_width_pt(t, 9) for t in texts)]
            offset += 14.0 + max(widths)
        ax.set_yticks(y, labels=[wrap_label(label) for label, _ in runs])
        ax.set_ylim(-0.7, n - 0.3)
        ax.grid(True, axis="x")
        ax.grid(False, axis="y")
        if target is not None:
            ax.axvline(target, color=INK, linestyle="--", linewidth=1.2, zorder=2)
            ax.annotate(
                pick(
                    lang,
                    f"目标 {_target_text(target, unit, lang)}",
                    f"target {_target_text(target, unit, lang)}",
                ),
                xy=(target, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(5, -3),
                textcoords="offset points",
                ha="left",
                va="top",
                fontsize=9,
            )
        if unit == "share":
            ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        title = metric_title(metric, lang, reference)
        ax.set_xlabel(with_unit(title, unit, lang))
        ax.set_title(
            pick(lang, f"{title}：各方案对比", f"{title} by scenario"),
            loc="left",
            pad=20,  # room for the table's column headers
        )
        pin_fonts([ax])
    return ax


def _interval(
    row: pd.Series,
    prefix: str,
    unit: str,
    *,
    signed: bool = False,
    lang: str = "en",
    digits: int = 1,
) -> str:
    """``value [low, high]`` (or the difference, with ``prefix="diff_"``) in the unit."""
    value = row.get("diff" if prefix else "value")
    low, high = row.get(f"{prefix}ci_low"), row.get(f"{prefix}ci_high")
    if value is None or pd.isna(value):
        return "—"

    def fmt(x: float) -> str:
        return fmt_signed(x, unit, digits) if signed else fmt_value(x, unit, digits)

    text = fmt(float(value))
    if low is not None and high is not None and pd.notna(low) and pd.notna(high):
        text += f" [{fmt(float(low))}, {fmt(float(high))}]"
    if signed and unit == "share":  # a difference of shares is in percentage points
        text = text.replace("%", "") + pick(lang, " 个百分点", " pp")
    return text


def _share_text(share: float, unit: str, lang: str) -> str:
    if unit == "working":
        return pick(
            lang, f"按时办结 {fmt_value(share, 'share')}", f"{fmt_value(share, 'share')} on time"
        )
    return pick(
        lang, f"时限内 {fmt_value(share, 'share')}", f"{fmt_value(share, 'share')} within the limit"
    )


def _target_text(target: float, unit: str, lang: str) -> str:
    if unit == "share":
        return fmt_value(target, unit)
    words = {
        "working days": ("个工作日", "working days"),
        "natural days": ("个自然日", "natural days"),
    }
    zh, en = words.get(unit, ("", unit))
    return pick(lang, f"{target:g} {zh}".strip(), f"{target:g} {en}".strip())
