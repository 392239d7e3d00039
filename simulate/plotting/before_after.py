"""改革前后对比: each step's time before and after a reform, and the headline counts.

The left panel pairs two bars per step (before in grey, after in blue), in the order of the
process before the reform; steps the reform merged or dropped have no "after" bar, steps it
created no "before" bar. The right panel puts the four numbers a proposal quotes side by
side: 环节数, 跑动次数, 材料数 and 办结时间. Rows of consecutive steps of one stage (the
steps' ``stage:``) lie on a shaded band named at its right.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from simulate.plotting._common import (
    BLUE,
    GREY,
    display_name,
    fmt_num,
    language,
    measured_cases,
    pick,
    pin_fonts,
    root_figure,
)
from simulate.plotting.breakdown import breakdown_table
from simulate.plotting.flowmap import STAGE_FILL
from simulate.plotting.fonts import style
from simulate.plotting.wording import time_scale
from simulate.results import Results
from simulate.scenario.flow import concurrent_pairs, flow_steps

__all__ = ["headline_counts", "plot_before_after"]

BEFORE_COLOUR = GREY
AFTER_COLOUR = BLUE


def headline_counts(results: Results) -> dict[str, float]:
    """环节数, 跑动次数 (mean per case), 材料数 and mean counted 办结时间 of a run.

    The time is in working days as the limit counts them (clock-stop days left out).

    环节数 counts the steps on the case's path marked as procedures; 材料数 sums the steps'
    ``documents`` (NaN when no step gives a count).
    """
    s = results.scenario
    steps = [s.step(x) for x in dict.fromkeys(flow_steps(s.flow, detached=False))]
    documents = [st.documents for st in steps if st.documents is not None]
    cases = measured_cases(results)
    return {
        "procedures": float(sum(1 for st in steps if st.procedure)),
        "visits": float(cases["visits"].mean()),
        "documents": float(sum(documents)) if documents else math.nan,
        # the time a limit counts: clock-stop steps (hearings, site works) left out
        "elapsed": float(cases["counted_working_days"].mean()),
    }


def plot_before_after(
    before: Results,
    after: Results,
    *,
    ax: Axes | None = None,
) -> Axes:
    """Per step, mean time before and after a reform; beside it the four headline counts.

    Parameters
    ----------
    before, after : Results
        Runs of the process before and after the reform (ideally on common random numbers,
        e.g. ``comparison.results``).
    ax : Axes, optional
        Axes to draw in; it holds both panels as inset axes, so titles stay inside it.
        Default: a new figure.

    Returns
    -------
    Axes
        The axes holding the two panels. The step bars are mean time per case in the
        step (queue and work, clock-stop steps included) in working hours when every step
        takes under a working day, else working days.
    """
    s0, s1 = before.scenario, after.scenario
    lang = language(s0)
    t0 = breakdown_table(before)
    t1 = breakdown_table(after)
    order = list(t0.index)
    for x in t1.index:  # a joint step goes where the first step it replaces was
        if x in order:
            continue
        merged = [m for m in after.scenario.step(x).merged_from if m in order]
        order.insert(order.index(merged[0]) if merged else len(order), x)
    v0 = t0["total_working_days"].reindex(order).to_numpy(dtype=float)
    v1 = t1["total_working_days"].reindex(order).to_numpy(dtype=float)
    labels = [str(t0["label"].get(x)) if x in t0.index else str(t1["label"].get(x)) for x in order]
    scale = time_scale(np.concatenate([v0[np.isfinite(v0)], v1[np.isfinite(v1)]]), s0)
    v0, v1 = v0 * scale.factor, v1 * scale.factor
    n = len(order)
    with style():
        if ax is None:
            fig = Figure(figsize=(10.5, 1.6 + 0.34 * n), layout="constrained")
            ax = fig.subplots()
        ax.set_axis_off()
        fig = root_figure(ax)
        tall = max(fig.get_figheight() * ax.get_position().height, 1.0)
        top = 1.0 - min(0.5 / tall, 0.2)  # half an inch for the title
        steps_ax = ax.inset_axes((0.22, 0.0, 0.5, top))
        panel = min(2.6 / tall, top)  # the four numbers: about 2.6 inches high, at the top
        counts_ax = ax.inset_axes((0.79, top - panel, 0.21, panel))
        y = np.arange(n)[::-1].astype(float)
        h = 0.38
        steps_ax.barh(
            y + h / 2,
            np.nan_to_num(v0),
            height=h,
            color=BEFORE_COLOUR,
            label=pick(lang, "改革前", "before"),
        )
        steps_ax.barh(
            y - h / 2,
            np.nan_to_num(v1),
            height=h,
            color=AFTER_COLOUR,
            label=pick(lang, "改革后", "after"),
        )
        top = float(np.nanmax(np.concatenate([v0, v1, [0.1 / scale.factor]])))
        digits = 1 if top >= 5 else 2
        for yi, a, b in zip(y, v0, v1, strict=True):
            for value, dy, colour in ((a, h / 2, "0.3"), (b, -h / 2, AFTER_COLOUR)):
                if not np.isfinite(value):
                    if colour != AFTER_COLOUR:
                        continue  # a new (joint) step: nothing before
                    text = pick(lang, "（已取消或合并）", "(removed or merged)")
                else:
                    text = fmt_num(value, digits)
                steps_ax.annotate(
                    text,
                    xy=(value if np.isfinite(value) else 0.0, yi + dy),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=7,
                    color=colour,
                )
        stages = {st.id: st.stage for st in (*s0.steps, *s1.steps)}
        _stage_bands(steps_ax, [stages.get(x) for x in order], y)
        steps_ax.set_yticks(y, labels=labels, fontsize=8)
        steps_ax.set_ylim(-0.6, n - 0.4)
        steps_ax.set_xlim(0, top * 1.25)
        steps_ax.grid(True, axis="x")
        steps_ax.grid(False, axis="y")
        steps_ax.set_xlabel(
            pick(lang, f"每件平均用时（{scale.zh}）", f"mean time per case ({scale.en})"),
            fontsize=8.5,
        )
        parallel = bool(concurrent_pairs(s0.flow) or concurrent_pairs(s1.flow))
        steps_ax.set_title(
            pick(
                lang,
                "各环节用时" + ("（并联环节同时进行，不能相加）" if parallel else ""),
                "time per step" + (" (parallel steps overlap: do not add)" if parallel else ""),
            ),
            loc="left",
            fontsize=9.5,
        )
        steps_ax.legend(loc="lower right", fontsize=8, frameon=True, framealpha=0.9)
        _draw_counts(counts_ax, before, after, lang)
        ax.set_title(
            pick(
                lang,
                f"改革前后对比\n改革前：{display_name(s0)}\n改革后：{display_name(s1)}",
                f"Before and after\nbefore: {display_name(s0)}\nafter: {display_name(s1)}",
            ),
            loc="left",
            fontsize=11,
        )
        pin_fonts([ax, steps_ax, counts_ax])
    return ax


def _stage_bands(ax: Axes, stages: list[str | None], y: np.ndarray) -> None:
    """A shaded band behind each run of rows of one stage, its name at the right."""
    start = shaded = 0
    for i in range(1, len(stages) + 1):
        if i < len(stages) and stages[i] == stages[start]:
            continue
        stage = stages[start]
        if stage is not None:
            upper, lower = float(y[start]) + 0.46, float(y[i - 1]) - 0.46
            fill = STAGE_FILL if shaded % 2 == 0 else "#E3E8EE"  # neighbours told apart
            ax.axhspan(lower, upper, color=fill, zorder=0, linewidth=0, gid=f"stage:{stage}")
            shaded += 1
            ax.text(
                0.995,
                upper - 0.08,
                stage,
                transform=ax.get_yaxis_transform(),
                ha="right",
                va="top",
                fontsize=8,
                color="0.35",
                gid=f"stage:{stage}",
            )
        start = i


def _draw_counts(ax: Axes, before: Results, after: Results, lang: str) -> None:
    """Four small paired rows, each scaled to its own before value."""
    c0, c1 = headline_counts(before), headline_counts(after)
    elapsed_scale = time_scale([c0["elapsed"], c1["elapsed"]], before.scenario)
    rows = [
        ("procedures", pick(lang, "环节数（个）", "procedures"), 1.0, 0),
        ("visits", pick(lang, "跑动次数（次/件）", "visits per case"), 1.0, 1),
        ("documents", pick(lang, "材料数（份）", "documents"), 1.0, 0),
        (
            "elapsed",
            pick(
                lang, f"平均计时办结时间（{elapsed_scale.zh}）", f"mean time ({elapsed_scale.en})"
            ),
            elapsed_scale.factor,
            1,
        ),
    ]
    y = np.arange(len(rows))[::-1].astype(float) * 1.2
    h = 0.36
    for yi, (key, name, factor, digits) in zip(y, rows, strict=True):
        a, b = c0[key] * factor, c1[key] * factor
        ax.text(
            0.0,
            yi + 0.5,
            name,
            fontsize=8,
            va="bottom",
            ha="left",
            transform=ax.get_yaxis_transform(),
        )
        if not (math.isfinite(a) and math.isfinite(b)):
            ax.text(
                0.0,
                yi,
                pick(lang, "方案未列明材料", "not given in the scenario"),
                fontsize=7.5,
                color="0.4",
                va="center",
                transform=ax.get_yaxis_transform(),
            )
            continue
        ref = max(a, b, 1e-12)
        ax.barh(yi + h / 2, a / ref, height=h, color=BEFORE_COLOUR)
        ax.barh(yi - h / 2, b / ref, height=h, color=AFTER_COLOUR)
        change = "" if a == 0 else f"（{(b - a) / a:+.0%}）".replace("+-", "-")
        ax.annotate(
            fmt_num(a, digits),
            xy=(a / ref, yi + h / 2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7.5,
            color="0.3",
        )
        ax.annotate(
            f"{fmt_num(b, digits)}{change}",
            xy=(b / ref, yi - h / 2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7.5,
            color=AFTER_COLOUR,
        )
    ax.set_xlim(0, 2.0)
    ax.set_ylim(-0.6, y[0] + 1.0)
    ax.set_axis_off()
    ax.set_title(pick(lang, "关键指标", "headline numbers"), loc="left", fontsize=9.5)
