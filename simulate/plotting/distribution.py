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
    fmt_num,
    fmt_signed,
    fmt_value,
    joined_title,
    language,
    measured_cases,
    metric_title,
    new_axes,
    pick,
    pin_fonts,
    runs_of,
    subtitle,
    with_unit,
)
from simulate.plotting.comparison_chart import draw_comparison
from simulate.plotting.fonts import style
from simulate.plotting.wording import WORKING_DAYS, time_scale
from simulate.results import Results

__all__ = ["plot_comparison", "plot_elapsed"]

_TOL = 1e-9
_SCALED = ("value", "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high")


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
    samples = [measured_cases(res)[column].to_numpy(dtype=float) for _, res in runs]
    p99 = max(float(np.quantile(x, 0.99)) for x in samples)
    typical = max(float(np.median(x)) for x in samples)
    # a process that usually takes under a day is read in hours
    scale = time_scale([typical], first) if unit == "working" else WORKING_DAYS
    limit_shown = None if limit is None else limit * scale.factor
    with style():
        ax = new_axes(ax, (7.5, 4.6))
        shares: list[float] = []
        stops = False
        for i, (name, res) in enumerate(runs):
            cases = measured_cases(res)
            x = samples[i] * scale.factor
            label = name
            if limit is not None:
                judged = cases["counted_working_days"] if unit == "working" else cases[column]
                shares.append(float((judged.to_numpy(dtype=float) <= limit + _TOL).mean()))
                stops = stops or bool((cases["clock_stop_working_days"] > 0).any())
                # several scenarios may have different limits: say which one the share is against
                within = pick(
                    lang,
                    f"时限内办结 {fmt_value(shares[-1], 'share')}",
                    f"{fmt_value(shares[-1], 'share')} within the limit",
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
        units = scale.unit(lang) if scale.factor != 1.0 else days_unit(lang, unit)
        if limit is not None and limit_shown is not None:
            ax.axvline(limit_shown, color=INK, linestyle="--", linewidth=1.2, zorder=3)
            text = pick(lang, f"时限 {limit_shown:g} 个{units}", f"limit {limit_shown:g} {units}")
            if len(runs) == 1:
                text += "\n" + _share_text(shares[0], unit, lang)
            # below the curves, right of the line: where an ECDF past its limit leaves room
            ax.annotate(
                text,
                xy=(limit_shown, 0.0),
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
        # clip the long tail (补正 rounds, a stuck case) at P99 so the bulk is readable
        right = max(p99, limit if limit is not None else 0.0) * scale.factor * 1.06
        longest = max(float(x.max()) for x in samples) * scale.factor
        ax.set_xlim(0, right if longest > right else None)
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
        per_run = round(sum(len(x) for x in samples) / len(samples) / max(reps, 1))
        note = pick(
            lang,
            f"{reps} 次模拟，每次约 {per_run:,} 件办件"
            + ("" if len(runs) == 1 else "（每个方案）"),
            f"{reps} simulation runs of about {per_run:,} cases each",
        )
        warm = first.warmup_working_days
        if warm:
            note += pick(
                lang,
                f"；不计开头 {warm:g} 个工作日（起步阶段，窗口尚空闲）受理的办件",
                f"; cases of the first {warm:g} working days (empty desks) left out",
            )
        if longest > right:
            note += pick(
                lang,
                f"；横轴截至 99% 分位，最长一件 {fmt_num(longest, 1)} {units}",
                f"; axis cut at the 99th percentile, longest case {fmt_num(longest, 1)} {units}",
            )
        if limit is not None and unit == "working" and stops:
            note += pick(
                lang,
                "；按时与否扣除不计时环节（听证等）",
                "; on time: clock-stop days not counted",
            )
        subtitle(ax, note)
        if len(runs) > 1:
            ax.legend(loc="center right", fontsize=8, framealpha=0.92)
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
        The axes holding two panels (inset axes, :attr:`Axes.child_axes`): a bar per
        scenario from zero (the reference, 基准, first and grey) labelled
        ``27.0 → 13.2（−51%）`` with its 95% interval and the target line, and each
        scenario's paired difference from the reference with its 95% interval, marked
        significant when the interval leaves out zero.

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
    title = metric_title(metric, lang, reference)
    if unit == "working days":  # a process under a day is read in hours
        scale = time_scale(rows["value"].to_numpy(dtype=float), reference)
        if scale.factor != 1.0:
            numbers = [c for c in rows.columns if c in _SCALED]
            rows = rows.assign(**{c: rows[c] * scale.factor for c in numbers})
            target = None if target is None else target * scale.factor
            unit = "working hours"
    with style():
        ax = new_axes(ax, (10.0, 1.9 + 0.6 * n))
        inner = draw_comparison(
            ax,
            rows,
            [r.scenario for _, r in runs],
            unit=unit,
            title=with_unit(pick(lang, f"{title}：各方案对比", f"{title} by scenario"), unit, lang),
            target=target,
            lang=lang,
            hours_title=pick(lang, "工作小时", "working hours"),
        )
        pin_fonts([ax, *inner])
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
