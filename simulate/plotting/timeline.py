"""One case on the real calendar: a Gantt chart of its step passes and critical path."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from simulate.calendar import WorkCalendar, timeline_of
from simulate.engine.replication import build_calendar
from simulate.errors import SimulateError
from simulate.plotting._common import (
    ACTOR_COLOURS,
    INK,
    STOP_COLOUR,
    WAIT_COLOUR,
    date_axis,
    date_of_number,
    day_number,
    fmt_num,
    inside_legend,
    joined_title,
    language,
    new_axes,
    pick,
    pin_fonts,
    runs_of_bools,
    step_label,
)
from simulate.plotting.fonts import style
from simulate.plotting.wording import replication_name
from simulate.results import Results
from simulate.scenario.model import Scenario

__all__ = ["critical_passes", "median_case", "plot_timeline"]

#: Two clock times closer than this (hours, about 0.04 s) are the same instant.
TOL_H = 1e-5

WEEKEND_COLOUR = "#EFEFEF"
#: Weekends are shaded on ranges up to this many days, 调休 days marked up to the second.
WEEKENDS_UP_TO_DAYS = 120
SWAPPED_UP_TO_DAYS = 60
HOLIDAY_COLOUR = "#DCDCDC"


def critical_passes(steps: pd.DataFrame) -> list[object]:
    """The step passes that determine when a case finishes, first to last.

    Walks back from the pass that ends last through passes whose end equals the next
    one's enter time (or, failing that, its start time): the chain of work, make-up and
    travel with no slack, so that shortening any of them would finish the case sooner.

    Parameters
    ----------
    steps : DataFrame
        Rows of :attr:`Results.steps` for one case (one replication), with at least
        ``enter_h``, ``start_h`` and ``end_h``; ``detached`` rows, if the column is
        there, are ignored.

    Returns
    -------
    list
        Index labels of ``steps`` on the critical path, in time order (empty for no
        rows). Among passes that end at the same instant the one entered last is taken,
        so a zero-length pass (秒批) right before its successor stays on the path.
    """
    rows = steps
    if "detached" in rows.columns:
        rows = rows[~rows["detached"].astype(bool)]
    if rows.empty:
        return []
    labels = list(rows.index)
    enter = rows["enter_h"].to_numpy(dtype=float)
    start = rows["start_h"].to_numpy(dtype=float)
    end = rows["end_h"].to_numpy(dtype=float)
    order = np.arange(len(rows))

    def latest(candidates: np.ndarray) -> int:
        # ends last, then entered last, then listed last
        keys = np.lexsort((order[candidates], enter[candidates], end[candidates]))
        return int(candidates[keys[-1]])

    current = latest(order)
    path = [current]
    seen = {current}
    while True:
        free = np.array([i for i in order if i not in seen], dtype=int)
        if free.size == 0:
            break
        found = free[np.abs(end[free] - enter[current]) <= TOL_H]
        if found.size == 0:
            found = free[np.abs(end[free] - start[current]) <= TOL_H]
        if found.size == 0:
            break
        found = found[enter[found] <= enter[current] + TOL_H]
        if found.size == 0:
            break
        current = latest(found)
        path.append(current)
        seen.add(current)
    return [labels[i] for i in reversed(path)]


def median_case(results: Results, replication: int = 0) -> int:
    """The measured case with the median elapsed working days in a replication.

    Parameters
    ----------
    results : Results
        A run.
    replication : int, default 0
        Which replication.

    Returns
    -------
    int
        The case number (the lower median when the count is even; ties by case number).

    Raises
    ------
    SimulateError
        If the replication has no case after the warm-up.
    """
    cases = results.cases
    mine = cases[(cases["replication"] == replication) & ~cases["in_warmup"].astype(bool)]
    if mine.empty:
        raise SimulateError(
            f"plot_timeline: replication {replication} has no case after the warm-up; "
            f"replications run 0..{results.meta.replications - 1}"
        )
    ordered = mine.sort_values(["elapsed_working_days", "case"], kind="stable")
    return int(ordered["case"].iloc[(len(ordered) - 1) // 2])


def plot_timeline(
    results: Results,
    *,
    case: int | None = None,
    replication: int = 0,
    ax: Axes | None = None,
) -> Axes:
    """One case's timeline (Gantt) on the real calendar, with its critical path.

    Parameters
    ----------
    results : Results
        A run.
    case : int, optional
        Case number within the replication; default the measured case with the median
        elapsed working days.
    replication : int, default 0
        Which replication the case is from.
    ax : Axes, optional
        Axes to draw on; default a new figure.

    Returns
    -------
    Axes
        The axes drawn on: one row per step pass (top: first), waiting lighter than
        work, make-up (补正) and travel hatched, bars coloured by whose time it is; the
        critical path outlined in black; holidays and (up to four months) weekends
        shaded, 调休 make-up working days marked; real dates on x (hours for a case
        done within three days).

    Notes
    -----
    A staffed pass taken up after office hours is drawn from the next opening: the
    closed hours show as waiting, since the work itself advances in office hours only.
    Bars shorter than 0.8% of the range are drawn that wide so that they stay visible.

    Raises
    ------
    SimulateError
        If the case is not in the replication.
    """
    s = results.scenario
    lang = language(s)
    if case is None:
        case = median_case(results, replication)
    steps = results.steps
    mine = steps[(steps["replication"] == replication) & (steps["case"] == case)]
    mine = mine[~mine["detached"].astype(bool)].sort_values(["enter_h", "start_h"], kind="stable")
    info = results.cases[
        (results.cases["replication"] == replication) & (results.cases["case"] == case)
    ]
    if info.empty or mine.empty:
        raise SimulateError(
            f"plot_timeline: no case {case} in replication {replication}; cases run "
            f"0..{int(results.cases['case'].max())}, replications 0..{results.meta.replications - 1}"
        )
    row = info.iloc[0]
    critical = set(critical_passes(mine))
    cal = build_calendar(s)
    origin = day_number(cal.origin)

    def x(h: np.ndarray | float) -> np.ndarray:
        return origin + np.asarray(h, dtype=float) / 24.0

    keys = [
        (str(r.step), int(r.round), "makeup" if r.phase == "makeup" else "pass")
        for r in mine.itertuples()
    ]
    lanes = list(dict.fromkeys(keys))
    lane_of = np.array([lanes.index(k) for k in keys])
    n = len(lanes)
    y = (n - 1 - lane_of).astype(float)

    t0 = x(float(row["arrival_h"]))
    t1 = x(float(row["finish_h"]))
    if float(t1 - t0) >= 3:  # whole days
        lo, hi = float(math.floor(float(t0))), float(math.ceil(float(t1)))
    else:  # a case done within a few days: hours matter, pad a little
        pad = max(0.06 * float(t1 - t0), 1 / 24)
        lo, hi = float(t0) - pad, float(t1) + pad
    # a pass of an hour is a sliver on a month-long axis: draw every bar at least this wide
    min_width = (hi - lo) * 0.008

    phase = np.asarray(mine["phase"].astype(str))
    actor = np.asarray(mine["actor"].astype(str))
    stop = mine["clock_stop"].to_numpy(dtype=bool)
    enter = x(mine["enter_h"].to_numpy(dtype=float))
    start = x(_opening(s, cal, mine))
    end = x(mine["end_h"].to_numpy(dtype=float))
    shown_end = np.maximum(end, start + min_width)
    work = phase == "work"
    applicant = ACTOR_COLOURS["applicant"]
    layers: list[tuple[np.ndarray, np.ndarray, np.ndarray, str, dict[str, Any]]] = [
        (
            work & (start > enter),
            enter,
            start,
            pick(lang, "等候（排队、下班时间）", "waiting (queue, office closed)"),
            {"color": WAIT_COLOUR},
        ),
        *[
            (
                work & ~stop & (actor == who),
                start,
                shown_end,
                pick(lang, zh, en),
                {"color": ACTOR_COLOURS[who]},
            )
            for who, zh, en in (
                ("agency", "部门办理", "agency at work"),
                ("applicant", "申请人办理", "applicant"),
                ("third_party", "第三方", "third party"),
            )
        ],
        (
            work & stop,
            start,
            shown_end,
            pick(lang, "不计时环节", "clock stopped"),
            {"color": STOP_COLOUR, "hatch": "///"},
        ),
        (
            phase == "makeup",
            start,
            shown_end,
            pick(lang, "补正材料", "document make-up"),
            {"color": applicant, "hatch": "///", "alpha": 0.75},
        ),
        (
            phase == "travel",
            start,
            shown_end,
            pick(lang, "往返窗口", "travel to a visit"),
            {"color": applicant, "hatch": "...", "alpha": 0.75},
        ),
    ]

    with style():
        ax = new_axes(ax, (9.0, 2.3 + 0.36 * n))
        h = 0.56
        for mask, left, right, label, kw in layers:
            if mask.any():
                if "hatch" in kw:
                    kw = {**kw, "edgecolor": "white"}
                ax.barh(
                    y[mask],
                    (right - left)[mask],
                    left=left[mask],
                    height=h,
                    label=label,
                    zorder=2,
                    **kw,
                )
        auto = phase == "auto"
        if auto.any():
            ax.plot(
                start[auto],
                y[auto],
                "D",
                color=ACTOR_COLOURS["agency"],
                markersize=6,
                label=pick(lang, "秒批", "auto-approved"),
                zorder=3,
            )
        on_path = np.array([i in critical for i in mine.index])
        if on_path.any():
            ax.barh(
                y[on_path],
                (shown_end - enter)[on_path],
                left=enter[on_path],
                height=h + 0.16,
                fill=False,
                edgecolor=INK,
                linewidth=1.4,
                zorder=4,
                label=pick(lang, "关键路径（决定办结时间）", "critical path (sets the finish)"),
            )
        swapped = _shade_days(ax, cal, math.floor(lo), math.ceil(hi), lang)
        ax.axvline(float(t0), color=INK, linewidth=0.9, linestyle=":", zorder=1)
        ax.axvline(float(t1), color=INK, linewidth=0.9, linestyle=":", zorder=1)
        ax.set_ylim(-0.7, n - 0.3)
        ax.set_yticks(np.arange(n)[::-1], labels=[_lane_label(s, k, lang) for k in lanes])
        ax.grid(False, axis="y")
        ax.grid(True, axis="x", color="#d9d9d9", linewidth=0.6)
        date_axis(ax, lo, hi, lang)
        arrival = pd.Timestamp(row["arrival"]).strftime("%Y-%m-%d %H:%M")
        finish = pd.Timestamp(row["finish"]).strftime("%Y-%m-%d %H:%M")
        ew = fmt_num(float(row["elapsed_working_days"]))
        en = fmt_num(float(row["elapsed_natural_days"]))
        title = joined_title(
            ax,
            s.label or s.name,
            pick(
                lang,
                f"{case} 号办件的办理过程（{replication_name(replication, lang)}）",
                f"case {case} ({replication_name(replication, lang)})",
            ),
            lang,
            size=10,
        )
        detail = pick(
            lang,
            f"{arrival} 提交，{finish} 办结；{ew} 个工作日，{en} 个自然日",
            f"submitted {arrival}, finished {finish}: {ew} working days, {en} natural days",
        )
        limit = s.time_limit_working_days
        if limit and "time_limit_working_days" in row:  # limits per class: the case's own
            limit = float(row["time_limit_working_days"])
        if limit:  # what the limit counts: from the day after acceptance, clock stops left out
            cw = fmt_num(float(row["counted_working_days"]))
            kind = (
                pick(lang, "平均时限", "average limit") if s.time_limit_statistic == "mean" else ""
            )
            detail += pick(
                lang,
                f"；计时 {cw} 个工作日（{kind or '时限'} {limit:g}）",
                f"; counted {cw} working days ({kind or 'limit'} {limit:g})",
            )
        ax.set_title(
            f"{title}\n{detail}", loc="left", fontsize=10, linespacing=1.5, pad=16 if swapped else 6
        )
        inside_legend(ax, ncols=4)
        pin_fonts([ax])
    return ax


def _opening(scenario: Scenario, calendar: WorkCalendar, passes: pd.DataFrame) -> np.ndarray:
    """When work really begins: a pass taken up after hours starts when the office opens.

    The engine starts a staffed pass the moment a staff member is free, even at night;
    its work then advances in office hours only. Drawing the bar from the next opening
    shows the closed hours as waiting rather than as work.
    """
    start: np.ndarray = np.array(passes["start_h"], dtype=float)
    end = passes["end_h"].to_numpy(dtype=float)
    phase = np.asarray(passes["phase"].astype(str))
    timelines = {}
    for i, step_id in enumerate(np.asarray(passes["step"].astype(str))):
        if phase[i] != "work":
            continue
        try:
            step = scenario.step(step_id)
        except KeyError:
            continue
        if not step.duration.unit.startswith("working"):
            continue
        hours = scenario.desk(step.desk).hours if step.desk is not None else None
        if hours not in timelines:
            timelines[hours] = timeline_of(calendar, hours)
        start[i] = min(timelines[hours].next_open(start[i]), max(end[i], start[i]))
    return start


def _lane_label(scenario: Scenario, key: tuple[str, int, str], lang: str) -> str:
    step, rnd, kind = key
    label = step_label(scenario, step)
    if kind == "makeup":
        return pick(lang, f"{label}·补正材料", f"{label}: document make-up")
    if rnd > 0:
        return pick(lang, f"{label}（第 {rnd + 1} 次）", f"{label} (pass {rnd + 1})")
    return label


def _shade_days(ax: Axes, calendar: WorkCalendar, lo: int, hi: int, lang: str) -> bool:
    """Shade non-working days from day number ``lo`` to ``hi`` (exclusive).

    A run of days off that holds a weekday is a holiday, otherwise a weekend. Weekend
    days that are working days (调休 make-up days) are marked above the axes. On long
    ranges weekends are not shaded and make-up days not marked (holidays still are).
    Returns whether any make-up day was marked.
    """
    days = [date_of_number(d).date() for d in range(lo, hi)]
    off = [not calendar.is_working_day(d) for d in days]
    names = {
        "weekend": (pick(lang, "周末", "weekend"), WEEKEND_COLOUR),
        "holiday": (pick(lang, "节假日", "public holiday"), HOLIDAY_COLOUR),
    }
    shown: set[str] = set()
    for a, b in runs_of_bools(off):
        kind = "holiday" if any(days[i].weekday() < 5 for i in range(a, b + 1)) else "weekend"
        if kind == "weekend" and hi - lo > WEEKENDS_UP_TO_DAYS:
            continue  # every weekend of a long case would stripe the whole chart
        label, colour = names[kind]
        ax.axvspan(
            lo + a,
            lo + b + 1,
            facecolor=colour,
            edgecolor="none",
            zorder=0,
            label=label if kind not in shown else "_nolegend_",
            gid=kind,
        )
        shown.add(kind)
    swapped = [i for i, d in enumerate(days) if d.weekday() >= 5 and not off[i]]
    if hi - lo > SWAPPED_UP_TO_DAYS:
        swapped = []  # the labels would run into each other
    for i in swapped:
        ax.annotate(
            pick(lang, "调休上班", "make-up workday"),
            xy=(lo + i + 0.5, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7,
            color="0.35",
            annotation_clip=True,  # a day only partly in view is not labelled outside it
        )
    return bool(swapped)
