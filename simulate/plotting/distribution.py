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
from simulate.results.verdicts import default_metric, judged_column
from simulate.scenario.attributes import describe_conditions
from simulate.scenario.model import Scenario
from simulate.strings import text as catalogue_text

__all__ = ["plot_comparison", "plot_elapsed"]

_TOL = 1e-9
_SCALED = ("value", "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high")


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

    A process that usually takes under a day is read in hours; the axis stops at the 99th
    percentile (the longest case is named in the note).

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
    # limits per class: a line per class, each case judged against its own (never one line)
    classes = limit is None and unit != "natural" and bool(first.time_limit_by)
    if limit is None and unit != "natural" and not classes:
        limit = first.time_limit_working_days
    mean_limit = first.time_limit_statistic == "mean"
    column = "counted_working_days" if unit == "counted" else f"elapsed_{unit}_days"
    judged = unit == "counted" or (
        unit == "working" and judged_column(first) == "elapsed_working_days"
    )
    samples = [measured_cases(res)[column].to_numpy(dtype=float) for _, res in runs]
    p99 = max(float(np.quantile(x, 0.99)) for x in samples)
    typical = max(float(np.median(x)) for x in samples)
    # a process that usually takes under a day is read in hours
    scale = time_scale([typical], first) if unit != "natural" else WORKING_DAYS
    limit_shown = None if limit is None else limit * scale.factor
    with style():
        ax = new_axes(ax, (7.5, 4.6))
        shares: list[float] = []
        means: list[float] = []
        units = scale.unit(lang) if scale.factor != 1.0 else days_unit(lang, unit)
        if unit == "counted" and scale.factor == 1.0:
            units = pick(lang, "计时工作日", "counted working days")
        for i, (name, _res) in enumerate(runs):
            x = samples[i]
            label = name
            color = SERIES[i % len(SERIES)]
            if limit is not None and mean_limit:
                means.append(float(x.mean()))
                ax.axvline(
                    means[-1] * scale.factor, color=color, linestyle=":", linewidth=1.4, zorder=2
                )
                within = pick(
                    lang,
                    f"平均 {means[-1] * scale.factor:.1f} 个{units}",
                    f"mean {means[-1] * scale.factor:.1f} {units}",
                )
                label = f"{name}{pick(lang, '：', ': ')}{within}"
            elif limit is not None:
                shares.append(float((x <= limit + _TOL).mean()))
                # several scenarios may have different limits: say which one the share is against
                within = pick(
                    lang,
                    f"{limit_shown:g} 个{units}内办结 {fmt_value(shares[-1], 'share')}",
                    f"{fmt_value(shares[-1], 'share')} within {limit_shown:g} {units}",
                )
                label = f"{name}{pick(lang, '：', ': ')}{within}"
            if classes:
                own = measured_cases(_res).get("time_limit_working_days")
                if own is not None:
                    share = float((x <= own.to_numpy(dtype=float) + _TOL).mean())
                    within = pick(
                        lang,
                        f"在本类时限内办结 {fmt_value(share, 'share')}",
                        f"{fmt_value(share, 'share')} within their class's limit",
                    )
                    label = f"{name}{pick(lang, '：', ': ')}{within}"
            ax.ecdf(x * scale.factor, color=color, linewidth=1.8, label=label)
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
        if limit is not None and limit_shown is not None:
            ax.axvline(limit_shown, color=INK, linestyle="--", linewidth=1.2, zorder=3)
            if mean_limit:
                text = pick(
                    lang,
                    f"平均时限 {limit_shown:g} 个{units}",
                    f"average limit {limit_shown:g} {units}",
                )
                if len(runs) == 1:
                    text += "\n" + _mean_text(means[0], limit, lang)
            else:
                text = pick(
                    lang, f"时限 {limit_shown:g} 个{units}", f"limit {limit_shown:g} {units}"
                )
                if len(runs) == 1:
                    text += "\n" + _share_text(shares[0], judged, lang)
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
        if classes:
            _class_lines(ax, first, scale.factor, lang)
        ax.set_ylim(0, 1.02)
        # clip the long tail (补正 rounds, a stuck case) at P99 so the bulk is readable
        right = max(p99, limit if limit is not None else 0.0) * scale.factor * 1.06
        longest = max(float(x.max()) for x in samples) * scale.factor
        ax.set_xlim(0, right if longest > right else None)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.grid(True, axis="both")
        if unit == "counted":
            ax.set_xlabel(
                pick(
                    lang,
                    f"计时办结时间（{units}：受理次日起算，扣除不计时）",
                    f"counted time to finish ({units} from the day after acceptance, "
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
        if limit is not None and not judged:
            note += pick(
                lang,
                "；按时与否以计时工作日判断（受理次日起算、扣除不计时），见计时图",
                "; on time is judged on counted days (from the day after acceptance, "
                "clock stops left out)",
            )
        subtitle(ax, note)
        if len(runs) > 1:
            ax.legend(loc="center right", fontsize=8, framealpha=0.92)
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


def _class_lines(ax: Axes, scenario: Scenario, factor: float, lang: str) -> None:
    """A dashed line at each class's limit (``time_limit: {by: ...}``), named by its class,
    in the chart's language."""
    default = scenario.time_limit_working_days
    assert default is not None
    marks = [
        (c.working_days, describe_conditions(c.when, language=lang)) for c in scenario.time_limit_by
    ]
    marks.append((default, catalogue_text("limit.rest", language=lang)))
    for k, (days, where) in enumerate(marks):
        ax.axvline(days * factor, color=INK, linestyle="--", linewidth=1.1, zorder=3)
        ax.annotate(
            catalogue_text("limit.line", language=lang, days=days, where=where),
            xy=(days * factor, 0.02 + 0.09 * k),
            xycoords=("data", "axes fraction"),
            xytext=(4, 0),
            textcoords="offset points",
            va="bottom",
            ha="left",
            color=INK,
            fontsize=8,
            zorder=4,
        )
