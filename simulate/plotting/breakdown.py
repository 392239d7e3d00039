"""Where the days go: per step, the mean working days per case by kind of time."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from simulate.plotting._common import (
    ACTOR_COLOURS,
    STOP_COLOUR,
    WAIT_COLOUR,
    digits_for,
    fmt_num,
    inside_legend,
    joined_title,
    language,
    measured_cases,
    new_axes,
    pick,
    pin_fonts,
    step_label,
    subtitle,
)
from simulate.plotting.fonts import style
from simulate.plotting.wording import time_scale
from simulate.results import Results
from simulate.scenario.flow import Choice, Flow, Parallel, Serial, flow_steps
from simulate.scenario.model import Step

__all__ = ["KINDS", "breakdown_table", "plot_breakdown"]

#: Kinds of time, in stacking order: column name -> (Chinese, English, colour, hatch).
KINDS: dict[str, tuple[str, str, str, str]] = {
    "waiting": ("排队、等候", "waiting (queue, scheduling)", WAIT_COLOUR, ""),
    "agency": ("部门办理", "agency at work", ACTOR_COLOURS["agency"], ""),
    "applicant": (
        "申请人（含补正、往返）",
        "applicant (incl. document make-up, travel)",
        ACTOR_COLOURS["applicant"],
        "",
    ),
    "third_party": ("第三方", "third party", ACTOR_COLOURS["third_party"], ""),
    "clock_stop": ("不计时（听证、检测等）", "clock stopped (hearings, tests)", STOP_COLOUR, "///"),
}


def only_waits(step: Step) -> bool:
    """A step where nobody works on the case: no procedure, no desk, and named a wait
    (``等待`` in its label or ``wait`` in its id, as 派工等待勘查, 等待审核)."""
    named = "等待" in step.label or "wait" in step.id.lower()
    return named and not step.procedure and step.desk is None and step.actor == "agency"


def breakdown_table(results: Results) -> pd.DataFrame:
    """Mean working days per case spent at each step, by kind of time.

    Parameters
    ----------
    results : Results
        A run. Warm-up cases and detached work (off the case's path) are left out.

    Returns
    -------
    DataFrame
        One row per step in flow order (index: step id), columns ``label`` and, in
        working days per measured case, ``waiting`` (queueing for staff at a staffed
        step, and the whole of a step that only waits, see :func:`only_waits`, such as
        派工等待勘查), ``agency`` (agency working time), ``applicant`` (the applicant's own steps,
        make-up of 补正 and travel to visits), ``third_party`` and ``clock_stop`` (the
        whole of a clock-stop step: queue and work, not counted against the limit), and
        ``total_working_days``. A step no measured case took has zeros. Parallel steps
        overlap, so the totals add up to more than the elapsed time.
    """
    s = results.scenario
    cases = measured_cases(results)
    steps = results.steps
    steps = steps[~steps["detached"].astype(bool)]
    keys = pd.MultiIndex.from_frame(cases[["replication", "case"]])
    inside = pd.MultiIndex.from_frame(steps[["replication", "case"]]).isin(keys)
    steps = steps[inside]
    n_cases = len(cases)

    step_ids = np.asarray(steps["step"].astype(str))
    phase = np.asarray(steps["phase"].astype(str))
    actor = np.asarray(steps["actor"].astype(str))
    stop = steps["clock_stop"].to_numpy(dtype=bool)
    staffed = np.asarray(steps["desk"].astype(str)) != ""
    work = steps["work_working_days"].to_numpy(dtype=float)
    wait = steps["wait_working_days"].to_numpy(dtype=float)
    is_work = phase == "work"

    pure_wait = np.isin(step_ids, [x.id for x in s.steps if only_waits(x)])
    parts = {
        "waiting": np.where(is_work & staffed & ~stop, wait, 0.0)
        + np.where(~stop & pure_wait, work, 0.0),
        "agency": np.where(~stop & (actor == "agency") & ~pure_wait, work, 0.0),
        "applicant": np.where(~stop & (actor == "applicant"), work, 0.0),
        "third_party": np.where(~stop & (actor == "third_party"), work, 0.0),
        "clock_stop": np.where(stop, wait + work, 0.0),
    }
    frame = pd.DataFrame(parts)
    frame["step"] = step_ids
    sums = frame.groupby("step").sum()

    order = list(dict.fromkeys(flow_steps(s.flow, detached=False)))
    order += [x for x in dict.fromkeys(step_ids) if x not in order]
    table = sums.reindex(order, fill_value=0.0) / n_cases
    table.index.name = "step"
    table.insert(0, "label", [step_label(s, x) for x in order])
    table["total_working_days"] = table[list(KINDS)].sum(axis=1)
    return table


def plot_breakdown(results: Results, *, ax: Axes | None = None) -> Axes:
    """Where the days go: per step, stacked mean working days per case.

    Parameters
    ----------
    results : Results
        A run (warm-up cases and detached work are left out).
    ax : Axes, optional
        Axes to draw on; default a new figure.

    Returns
    -------
    Axes
        The axes drawn on: one horizontal bar per step (flow order, top to bottom),
        stacked by kind of time (one bar container per kind, labelled), the total
        written at the end of each bar.
    """
    s = results.scenario
    lang = language(s)
    table = breakdown_table(results)
    n = len(table)
    # a process whose steps take hours is read in hours, not as 0.125 working day
    scale = time_scale(table["total_working_days"].to_numpy(dtype=float), s)
    with style():
        ax = new_axes(ax, (8.0, 1.8 + 0.42 * n))
        y = np.arange(n)[::-1].astype(float)
        left = np.zeros(n)
        used = []
        for kind, (zh, en, colour, hatch) in KINDS.items():
            width = table[kind].to_numpy(dtype=float) * scale.factor
            ax.barh(
                y,
                width,
                left=left,
                height=0.62,
                color=colour,
                hatch=hatch or None,
                edgecolor="white",
                linewidth=0.6,
                label=pick(lang, zh, en),
            )
            if (width > 0).any():
                used.append(
                    Patch(
                        facecolor=colour,
                        hatch=hatch or None,
                        edgecolor="white",
                        label=pick(lang, zh, en),
                    )
                )
            left += width
        total = table["total_working_days"].to_numpy(dtype=float) * scale.factor
        digits = digits_for(total, "working days")
        for yi, t in zip(y, total, strict=True):
            ax.annotate(
                fmt_num(t, digits),
                xy=(t, yi),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
            )
        ax.set_yticks(y, labels=list(table["label"]))
        ax.set_ylim(-0.6, n - 0.4)
        ax.set_xlim(0, max(float(total.max()) * 1.15, 0.1))
        ax.grid(True, axis="x")
        ax.grid(False, axis="y")
        ax.set_xlabel(pick(lang, f"每件平均用时（{scale.zh}）", f"mean {scale.en} per case"))
        ax.set_title(
            joined_title(
                ax, s.label or s.name, pick(lang, "时间花在哪里", "where the days go"), lang
            ),
            loc="left",
        )
        reps = results.meta.replications
        n_cases = len(measured_cases(results))
        elapsed = float(measured_cases(results)["elapsed_working_days"].mean()) * scale.factor
        note = pick(
            lang,
            f"平均每件办结用时 {fmt_num(elapsed, digits)} {scale.zh}；"
            f"{reps} 次模拟、每次约 {n_cases // max(reps, 1):,} 件的平均",
            f"mean time to finish {fmt_num(elapsed, digits)} {scale.en}; "
            f"{reps} simulation runs of about {n_cases // max(reps, 1):,} cases",
        )
        if _has_parallel(s.flow):
            note += pick(
                lang,
                "；并联环节同时进行，各环节之和大于办结时间",
                "; parallel steps overlap, so the bars add up to more than the time to finish",
            )
        subtitle(ax, note)
        handles = used or [
            Patch(
                facecolor=KINDS["agency"][2],
                label=pick(lang, KINDS["agency"][0], KINDS["agency"][1]),
            )
        ]
        inside_legend(ax, handles=handles)
        pin_fonts([ax])
    return ax


def _has_parallel(node: Flow) -> bool:
    if isinstance(node, Parallel):
        return True
    if isinstance(node, Serial):
        return any(_has_parallel(i) for i in node.items)
    if isinstance(node, Choice):
        return any(_has_parallel(o) for _, o in node.options)
    return False
