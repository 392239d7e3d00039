"""Desks: how busy each one is, how long its queue grows, and which is the bottleneck."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from simulate.engine.replication import build_calendar
from simulate.errors import SimulateError
from simulate.plotting._common import (
    INK,
    VERMILLION,
    date_axis,
    day_number,
    desk_label,
    digits_for,
    fmt_value,
    inside_legend,
    joined_title,
    language,
    pick,
    pin_fonts,
)
from simulate.plotting.fonts import style
from simulate.plotting.wording import replication_name
from simulate.results import Results
from simulate.stats import mean_ci

__all__ = ["BOTTLENECK_UTILISATION", "plot_desks", "utilisation_table"]

#: Below this utilisation the busiest desk is named as busiest, not as a bottleneck.
BOTTLENECK_UTILISATION = 0.5
#: When no desk is busier than this, the queue panel says so in words instead of a chart.
NOT_BUSY = 0.3
#: Queue lines drawn: the desks with the longest queues.
TOP_QUEUES = 3
#: Queues over more days than this are drawn as each day's longest queue, over more
#: than the second as each week's (weeks counted from the start date).
DAILY_AFTER_DAYS = 45
WEEKLY_AFTER_DAYS = 120


def utilisation_table(
    results: Results, level: float = 0.95
) -> list[tuple[str, float, float, float]]:
    """``(desk, mean, ci_low, ci_high)`` of utilisation over replications, scenario order."""
    out = []
    for d in results.scenario.desks:
        values = results.desks.loc[results.desks["desk"] == d.id, "utilisation"].to_numpy(
            dtype=float
        )
        out.append((d.id, *mean_ci(values, level)))
    return out


def plot_desks(
    results: Results,
    *,
    replication: int = 0,
    ax: Axes | None = None,
    axes: tuple[Axes, Axes] | None = None,
) -> Axes:
    """Desk utilisation with its interval, and queue length over time; the bottleneck named.

    Parameters
    ----------
    results : Results
        A run with at least one desk.
    replication : int, default 0
        Replication whose queues are drawn (utilisation uses all replications).
    ax : Axes, optional
        Draw the utilisation bars only, on these axes.
    axes : (Axes, Axes), optional
        Draw utilisation on the first and queue lengths on the second. With neither
        ``ax`` nor ``axes``, a new figure with both panels.

    Returns
    -------
    Axes
        The utilisation axes (the queue axes, when drawn, is the figure's other axes).
        Bars show each desk's mean utilisation over replications with its 95% interval;
        the title names the busiest desk, as the bottleneck when it is at least
        :data:`BOTTLENECK_UTILISATION` busy. Queue lines run from the start (or a
        cohort's day) to the last submission and on while a queue drains; beyond
        :data:`DAILY_AFTER_DAYS` days they show each day's longest queue, beyond
        :data:`WEEKLY_AFTER_DAYS` each week's.

    Raises
    ------
    SimulateError
        If the scenario has no desks, or both ``ax`` and ``axes`` are given.
    """
    s = results.scenario
    if not s.desks:
        raise SimulateError(f"plot_desks: scenario {s.name!r} has no desks; nothing to draw")
    if ax is not None and axes is not None:
        raise SimulateError(
            "plot_desks: give ax (utilisation only) or axes (both panels), not both"
        )
    lang = language(s)
    rows = utilisation_table(results)
    n = len(rows)
    neck = results.bottleneck()
    busiest = max((r[1] for r in rows if math.isfinite(r[1])), default=0.0)
    # only the bottleneck stands out; the other desks are context
    highlight = neck if neck is not None and busiest >= BOTTLENECK_UTILISATION else None
    colour = {d: (VERMILLION if d == highlight else "#B0B0B0") for d, *_rest in rows}
    with style():
        queue_ax: Axes | None
        if axes is not None:
            util_ax, queue_ax = axes
        elif ax is not None:
            util_ax, queue_ax = ax, None
        else:
            fig = Figure(figsize=(8.5, 3.6 + 0.4 * n), layout="constrained")
            util_ax, queue_ax = fig.subplots(2, 1, height_ratios=[0.6 + 0.32 * n, 2.2])
        _draw_utilisation(util_ax, results, rows, colour, neck, lang)
        if queue_ax is not None and busiest < NOT_BUSY:
            _no_queues(queue_ax, results, rows, lang)
        elif queue_ax is not None:
            _draw_queues(queue_ax, results, replication, colour, lang)
        pin_fonts([a for a in (util_ax, queue_ax) if a is not None])
    return util_ax


def _draw_utilisation(
    ax: Axes,
    results: Results,
    rows: list[tuple[str, float, float, float]],
    colour: dict[str, str],
    neck: str | None,
    lang: str,
) -> None:
    s = results.scenario
    n = len(rows)
    y = np.arange(n)[::-1].astype(float)
    mean = np.array([r[1] for r in rows])
    lo = np.array([r[2] for r in rows])
    hi = np.array([r[3] for r in rows])
    has_ci = np.isfinite(lo) & np.isfinite(hi)
    d = digits_for(mean, "share")
    err = np.vstack([np.where(has_ci, mean - lo, 0.0), np.where(has_ci, hi - mean, 0.0)])
    ax.barh(
        y,
        mean,
        height=0.6,
        color=[colour[r[0]] for r in rows],
        xerr=np.clip(err, 0.0, None),
        error_kw={"ecolor": INK, "elinewidth": 1.2, "capsize": 3},
    )
    for yi, r, ok in zip(y, rows, has_ci, strict=True):
        text = fmt_value(r[1], "share", d)
        if ok:
            text += f" [{fmt_value(r[2], 'share', d)}, {fmt_value(r[3], 'share', d)}]"
        right = r[3] if ok else r[1]
        ax.annotate(
            text, xy=(right, yi), xytext=(5, 0), textcoords="offset points", va="center", fontsize=9
        )
    ax.axvline(1.0, color="0.5", linewidth=0.8, linestyle="--", zorder=1)
    ax.set_yticks(y, labels=[desk_label(s, r[0]) for r in rows])
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, max(1.32, float(np.nanmax(np.where(has_ci, hi, mean))) + 0.32))
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.grid(True, axis="x")
    ax.grid(False, axis="y")
    reps = results.meta.replications
    ax.set_xlabel(
        pick(
            lang,
            f"利用率（{reps} 次模拟的平均，误差线为 95% 区间）",
            f"utilisation (mean of {reps} simulation runs, 95% interval)",
        )
    )
    title = pick(lang, "窗口利用率", "Desk utilisation")
    if neck is not None:
        util = {r[0]: r[1] for r in rows}.get(neck, math.nan)
        name = desk_label(s, neck)
        shown = fmt_value(util, "share", d)
        if util >= BOTTLENECK_UTILISATION:
            rest = pick(
                lang, f"瓶颈是{name}（利用率 {shown}）", f"the bottleneck is {name} ({shown} busy)"
            )
        else:  # a desk this idle limits nothing: name it without calling it a bottleneck
            rest = pick(
                lang, f"最忙的是{name}（利用率 {shown}）", f"busiest desk: {name} ({shown} busy)"
            )
        title = joined_title(ax, s.label or s.name, rest, lang)
    ax.set_title(title, loc="left")


def _draw_queues(
    ax: Axes, results: Results, replication: int, colour: dict[str, str], lang: str
) -> None:
    s = results.scenario
    windows = results.windows.set_index("replication")
    if replication not in windows.index:
        raise SimulateError(
            f"plot_desks: no replication {replication}; replications run 0..{results.meta.replications - 1}"
        )
    cal = build_calendar(s)
    origin = day_number(cal.origin)
    end_h = float(windows.loc[replication, "end_h"])
    horizon = float(windows.loc[replication, "horizon_h"])
    series: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    # up to the last submission (when the run lasts that long), then only as long as some
    # queue is still draining: a cohort's run can end long before its nominal horizon
    right_h = horizon if horizon < end_h else 0.0
    first_h = end_h
    for d in s.desks:
        q = results.queue_series(d.id, replication)
        times = q["time_h"].to_numpy(dtype=float)
        length = q["queue_length"].to_numpy(dtype=float)
        series[d.id] = (times, length)
        busy = np.flatnonzero(length > 0)
        first_h = min(first_h, float(times[0])) if len(times) else first_h
        if busy.size and busy[-1] + 1 < len(times):
            right_h = max(right_h, float(times[busy[-1] + 1]))
        elif busy.size:
            right_h = end_h
    span_h = min(end_h, right_h * 1.03) if right_h > 0 else end_h
    # a cohort submitted days after the start: begin on its day, not on the empty ones before
    left_h = 24.0 * math.floor(first_h / 24.0) if 48.0 < first_h < span_h else 0.0
    days = (span_h - left_h) / 24.0
    period_h = 0.0 if days <= DAILY_AFTER_DAYS else 24.0 if days <= WEEKLY_AFTER_DAYS else 168.0
    peak = {d: float(v[1].max()) if len(v[1]) else 0.0 for d, v in series.items()}
    shown = sorted(series, key=lambda d: (colour[d] != VERMILLION, -peak[d]))[:TOP_QUEUES]
    for d in s.desks:
        if d.id not in shown:
            continue
        times, length = series[d.id]
        if period_h:
            t, v = _period_max(times, length, end_h, period_h)
        else:
            t = np.concatenate([[0.0], times, [end_h]])
            v = np.concatenate([[0.0], length, [length[-1] if len(length) else 0.0]])
        ax.step(
            origin + t / 24.0,
            v,
            where="post",
            color=colour[d.id]
            if colour[d.id] == VERMILLION
            else ("#5A5A5A", "#9A9A9A", "#C4C4C4")[shown.index(d.id) % 3],
            linewidth=1.5 if colour[d.id] == VERMILLION else 0.9,
            label=desk_label(s, d.id),
            zorder=3 if colour[d.id] == VERMILLION else 2,
        )
    warm = float(windows.loc[replication, "warmup_h"])
    marks = [(horizon, pick(lang, "停止受理", "last submission"))]
    if warm > 0:
        marks.insert(
            0,
            (
                warm,
                pick(
                    lang,
                    "起步阶段结束（此前办件不计）",
                    "start-up over (earlier cases not counted)",
                ),
            ),
        )
    for h, text in marks:
        if not left_h < h < span_h:  # a cohort run can end long before its horizon
            continue
        xv = origin + h / 24.0
        ax.axvline(xv, color="0.45", linewidth=0.9, linestyle="--", zorder=1)
        ax.annotate(
            text,
            xy=(xv, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -2),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=8,
            color="0.35",
        )
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if period_h == 24.0:
        ax.set_ylabel(pick(lang, "每日最长排队（件）", "longest queue of the day"))
    elif period_h:
        ax.set_ylabel(pick(lang, "每周最长排队（件）", "longest queue of the week"))
    else:
        ax.set_ylabel(pick(lang, "排队办件数（件）", "cases waiting"))
    ax.set_title(
        pick(
            lang,
            f"排队最长的{min(len(shown), TOP_QUEUES)}个窗口（{replication_name(replication, lang)}）",
            f"Longest queues ({replication_name(replication, lang)})",
        ),
        loc="left",
    )
    date_axis(ax, origin + left_h / 24.0, origin + span_h / 24.0, lang)
    inside_legend(ax, ncols=1)


def _no_queues(
    ax: Axes, results: Results, rows: list[tuple[str, float, float, float]], lang: str
) -> None:
    """No desk is busy: say so, instead of drawing flat queue lines."""
    desk, util = max(((r[0], r[1]) for r in rows), key=lambda r: r[1])
    name = desk_label(results.scenario, desk)
    ax.set_axis_off()
    ax.text(
        0.0,
        0.6,
        pick(
            lang,
            f"没有哪个窗口忙：最忙的{name}利用率仅 {fmt_value(util, 'share', 2)}，\n"
            "办件几乎不用排队，窗口人手不是办结时间的瓶颈。",
            f"No desk is busy: the busiest, {name}, is {fmt_value(util, 'share', 2)} busy;\n"
            "cases hardly queue, so staff are not what limits the time to finish.",
        ),
        transform=ax.transAxes,
        fontsize=10,
        va="center",
        ha="left",
    )


def _period_max(
    times: np.ndarray, length: np.ndarray, end_h: float, period_h: float = 24.0
) -> tuple[np.ndarray, np.ndarray]:
    """The longest queue of each period (a day, a week), as a step series at period starts."""
    n_days = max(math.ceil(end_h / period_h), 1)
    day_max = np.zeros(n_days)
    if len(times):
        day = np.minimum((times // period_h).astype(int), n_days - 1)
        np.maximum.at(day_max, day, length)
        # the queue carried over midnight counts for the next day too
        carried = np.zeros(n_days)
        last = np.full(n_days, -1)
        np.maximum.at(last, day, np.arange(len(times)))
        level = 0.0
        for i in range(n_days):
            carried[i] = level
            if last[i] >= 0:
                level = float(length[last[i]])
        day_max = np.maximum(day_max, carried)
    t = np.arange(n_days + 1) * period_h
    return t, np.concatenate([day_max, day_max[-1:]])
