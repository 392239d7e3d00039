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
from simulate.results.verdicts import default_metric, judged_column

__all__ = ["plot_comparison", "plot_elapsed"]

_TOL = 1e-9


def plot_elapsed(
    results_or_comparison: Results | ComparisonLike,
    *,
    ax: Axes | None = None,
    unit: Literal["counted", "working", "natural"] | None = None,
    limit: float | None = None,
) -> Axes:
    """Share of cases finished within x days, per scenario, with the time limit marked.

    Parameters
    ----------
    results_or_comparison : Results or Comparison
        One run, or a comparison whose scenarios are overlaid (the reference first).
    ax : Axes, optional
        Axes to draw on; default a new figure.
    unit : {"counted", "working", "natural"}, optional
        Counted working days (计时工作日: from the day after acceptance, 不计时 time left
        out, as the limit counts them), elapsed working days (工作日) or natural days
        (自然日). Default: what the first scenario's limit is judged by (counted days when
        it has a limit or steps that stop the clock, else elapsed working days).
    limit : float, optional
        The limit to mark, in ``unit``. Default for working days: the first scenario's
        ``time_limit_working_days``; for natural days none (a working-day limit has no
        fixed place on a natural-day axis).

    Returns
    -------
    Axes
        The axes drawn on: one ECDF line per scenario, a dashed line at the limit and a
        dotted one at 90%. On counted days the share within the limit is the on-time
        share (按时办结) the summary reports; on elapsed days it is only the share within
        that many days, said so. An average limit (平均) is drawn as the mean against the
        limit (a dotted mark per scenario), never as an on-time share.

    Raises
    ------
    SimulateError
        If ``unit`` is unknown or a scenario has no case after the warm-up.
    """
    runs = runs_of(results_or_comparison)
    first = runs[0][1].scenario
    if unit is None:
        unit = "counted" if judged_column(first) == "counted_working_days" else "working"
    if unit not in ("counted", "working", "natural"):
        raise SimulateError(
            f"plot_elapsed: unit must be 'counted', 'working' or 'natural', got {unit!r}"
        )
    lang = language(first)
    if limit is None and unit != "natural":
        limit = first.time_limit_working_days
    mean_limit = first.time_limit_statistic == "mean"
    column = "counted_working_days" if unit == "counted" else f"elapsed_{unit}_days"
    judged = unit == "counted" or (
        unit == "working" and judged_column(first) == "elapsed_working_days"
    )
    with style():
        ax = new_axes(ax, (7.5, 4.6))
        shares: list[float] = []
        means: list[float] = []
        for i, (name, res) in enumerate(runs):
            cases = measured_cases(res)
            x = cases[column].to_numpy(dtype=float)
            label = name
            color = SERIES[i % len(SERIES)]
            if limit is not None and mean_limit:
                means.append(float(x.mean()))
                ax.axvline(means[-1], color=color, linestyle=":", linewidth=1.4, zorder=2)
                within = pick(
                    lang,
                    f"平均 {means[-1]:.1f} 个{days_unit(lang, unit)}",
                    f"mean {means[-1]:.1f} {days_unit(lang, unit)}",
                )
                label = f"{name}{pick(lang, '：', ': ')}{within}"
            elif limit is not None:
                shares.append(float((x <= limit + _TOL).mean()))
                # several scenarios may have different limits: say which one the share is against
                within = pick(
                    lang,
                    f"{limit:g} 个{days_unit(lang, unit)}内办结 {fmt_value(shares[-1], 'share')}",
                    f"{fmt_value(shares[-1], 'share')} within {limit:g} {days_unit(lang, unit)}",
                )
                label = f"{name}{pick(lang, '：', ': ')}{within}"
            ax.ecdf(x, color=color, linewidth=1.8, label=label)
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
        if unit == "counted":
            units = pick(lang, "计时工作日", "counted working days")
        if limit is not None:
            ax.axvline(limit, color=INK, linestyle="--", linewidth=1.2, zorder=3)
            if mean_limit:
                text = pick(
                    lang, f"平均时限 {limit:g} 个{units}", f"average limit {limit:g} {units}"
                )
                if len(runs) == 1:
                    text += "\n" + _mean_text(means[0], limit, lang)
            else:
                text = pick(lang, f"时限 {limit:g} 个{units}", f"limit {limit:g} {units}")
                if len(runs) == 1:
                    text += "\n" + _share_text(shares[0], judged, lang)
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
        if unit == "counted":
            ax.set_xlabel(
                pick(
                    lang,
                    "计时办结时间（计时工作日：受理次日起算，扣除不计时）",
                    "counted time to finish (working days from the day after acceptance, "
                    "clock stops left out)",
                )
            )
        else:
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
        if limit is not None and not judged:
            note += pick(
                lang,
                "；按时与否以计时工作日判断（受理次日起算、扣除不计时），见计时图",
                "; on time is judged on counted days (from the day after acceptance, "
                "clock stops left out)",
            )
        subtitle(ax, note)
        if len(runs) > 1:
            outside_legend(ax, ncols=1)
        pin_fonts([ax])
    return ax


def plot_comparison(
    comparison: ComparisonLike,
    *,
    metric: str | None = None,
    ax: Axes | None = None,
    target: float | None = None,
) -> Axes:
    """One metric per scenario with its 95% interval, and the target marked.

    Parameters
    ----------
    comparison : Comparison
        Scenarios run on common random numbers (the first is the reference).
    metric : str, optional
        A metric of ``comparison.table()``. Default: what the reference scenario's limit is
        judged by (P90 of counted working days for a limit to finish within, their mean for
        an average limit, P90 of elapsed working days without a limit).
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
    if metric is None:
        metric = default_metric(comparison.results[0].scenario)
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


def _mean_text(mean: float, limit: float, lang: str) -> str:
    """An average limit's verdict: the mean against the limit, never an on-time share."""
    met = mean <= limit + _TOL
    return pick(
        lang,
        f"平均 {mean:.1f}，{'达到' if met else '未达到'}平均时限",
        f"mean {mean:.1f}: {'meets' if met else 'misses'} the average",
    )


def _share_text(share: float, judged: bool, lang: str) -> str:
    if judged:
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
