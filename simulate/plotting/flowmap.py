"""流程图: a process map drawn from the scenario's flow, before and after a reform.

Steps are boxes from top to bottom, each with its typical duration; parallel branches stand
side by side under a 并联 bracket, choices under a bracket with their shares, and work off
the case's path (sampled inspections) in dashed boxes. Consecutive steps of one stage (a
step's ``stage:``, e.g. 工程建设许可) sit in a lightly shaded frame named at its top.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Patch, Rectangle

from simulate.plotting._common import (
    ACTOR_COLOURS,
    INK,
    display_name,
    language,
    pick,
    pin_fonts,
    root_figure,
)
from simulate.plotting.fonts import style
from simulate.plotting.wording import duration_text, hours_per_day
from simulate.scenario.attributes import describe_conditions
from simulate.scenario.flow import Choice, Detached, Flow, Parallel, Serial, flow_steps
from simulate.scenario.model import Scenario

__all__ = ["plot_flow"]

#: Vertical room of a bracket's header row, in box heights.
HEADER = 0.45
#: Vertical room of the join under parallel branches.
JOIN = 0.3
#: Width of one box column in inches, and height of one box row.
COLUMN_INCHES = 2.0
ROW_INCHES = 0.62
#: Characters of a label per line inside a box.
LABEL_WIDTH = 10
#: Vertical room of a stage frame's name above its first box, and of its foot below the last.
STAGE_HEADER = 0.36
STAGE_FOOT = 0.1
#: Horizontal room between a stage frame and the boxes, on each side.
STAGE_SIDE = 0.06
#: Fill and edge of a stage frame.
STAGE_FILL = "#F2F4F7"
STAGE_EDGE = "0.72"

#: The stage of each step id (None: the step has none).
Stages = Mapping[str, str | None]

_FILL = {
    "agency": "#CCE3F0",
    "applicant": "#F8E3B5",
    "third_party": "#EFD3E3",
}


@dataclass
class _Size:
    width: float
    height: float


@dataclass
class _Layout:
    boxes: list[tuple[float, float, str, bool]] = field(default_factory=list)  # x, y, step, dashed
    brackets: list[tuple[float, float, float, str]] = field(default_factory=list)  # x0, x1, y, text
    arrows: list[tuple[float, float, float]] = field(default_factory=list)  # x, y_from, y_to
    joins: list[tuple[float, float, float]] = field(default_factory=list)  # x0, x1, y
    notes: list[tuple[float, float, str]] = field(default_factory=list)
    #: stage frames: x0, x1, y_top, y_bottom, the stage's name
    frames: list[tuple[float, float, float, float, str]] = field(default_factory=list)


def _stage(node: Flow, stages: Stages) -> str | None:
    """The stage every step of ``node`` belongs to, or None (no steps, none or several)."""
    found = {stages.get(x) for x in flow_steps(node)}
    return found.pop() if len(found) == 1 else None


def _framed(node: Flow, stages: Stages, inside: str | None) -> str | None:
    """The stage ``node`` needs a frame of, inside a frame of stage ``inside`` (None: none)."""
    stage = _stage(node, stages)
    return stage if stage is not None and stage != inside else None


def _runs(node: Serial, stages: Stages, inside: str | None) -> list[tuple[str | None, list[Flow]]]:
    """The items of a sequence in runs: consecutive items of one stage share one frame."""
    runs: list[tuple[str | None, list[Flow]]] = []
    for item in node.items:
        stage = _framed(item, stages, inside)
        if stage is not None and runs and runs[-1][0] == stage:
            runs[-1][1].append(item)
        else:
            runs.append((stage, [item]))
    return runs


def _size(node: Flow, stages: Stages, inside: str | None = None) -> _Size:
    if not isinstance(node, Serial) and _framed(node, stages, inside) is not None:
        return _size(Serial((node,)), stages, inside)  # a frame around the one node
    if isinstance(node, str):
        return _Size(1.0, 1.0)
    if isinstance(node, Serial):
        if not node.items:
            return _Size(1.0, 1.0)
        width = height = 0.0
        for stage, items in _runs(node, stages, inside):
            parts = [_size(i, stages, stage or inside) for i in items]
            side = 2 * STAGE_SIDE if stage is not None else 0.0
            width = max(width, *(p.width + side for p in parts))
            height += sum(p.height for p in parts)
            if stage is not None:
                height += STAGE_HEADER + STAGE_FOOT
        return _Size(width, height)
    if isinstance(node, Parallel | Choice):
        kids = node.branches if isinstance(node, Parallel) else tuple(o for _, o in node.options)
        parts = [_size(k, stages, inside) for k in kids]
        # a header row for the bracket above, a short row for the join below
        return _Size(sum(p.width for p in parts), max(p.height for p in parts) + HEADER + JOIN)
    if isinstance(node, Detached):
        inner = _size(node.node, stages, inside)
        return _Size(inner.width, inner.height + HEADER)
    raise TypeError(f"unknown flow node {node!r}")


def _place(
    node: Flow,
    left: float,
    top: float,
    width: float,
    out: _Layout,
    lang: str,
    stages: Stages,
    *,
    inside: str | None = None,
    dashed: bool = False,
) -> None:
    """Lay ``node`` out in the band ``[left, left + width]`` from ``top`` downwards.

    ``inside`` is the stage of the frame the node is drawn in (None: no frame).
    """
    centre = left + width / 2
    if not isinstance(node, Serial) and _framed(node, stages, inside) is not None:
        node = Serial((node,))  # a frame around the one node
    if isinstance(node, str):
        out.boxes.append((centre, top - 0.5, node, dashed))
        return
    if isinstance(node, Serial):
        if not node.items:
            out.notes.append((centre, top - 0.5, pick(lang, "（不经过此环节）", "(skipped)")))
            return
        y = top
        previous: float | None = None  # where the last run's boxes end
        for stage, items in _runs(node, stages, inside):
            within = stage or inside
            sizes = [_size(i, stages, within) for i in items]
            first = y - (STAGE_HEADER if stage is not None else 0.0)
            side = STAGE_SIDE if stage is not None else 0.0
            if stage is not None:
                bottom = first - sum(size.height for size in sizes) - STAGE_FOOT
                out.frames.append((left, left + width, y, bottom, stage))
            if previous is not None:
                out.arrows.append((centre, previous + 0.12, first - 0.02))
            y = first
            for i, (item, size) in enumerate(zip(items, sizes, strict=True)):
                if i:
                    out.arrows.append((centre, y + 0.12, y - 0.02))
                _place(
                    item,
                    left + side,
                    y,
                    width - 2 * side,
                    out,
                    lang,
                    stages,
                    inside=within,
                    dashed=dashed,
                )
                y -= size.height
            previous = y
            if stage is not None:
                y -= STAGE_FOOT
        return
    if isinstance(node, Parallel | Choice):
        if isinstance(node, Parallel):
            kids = list(node.branches)
            texts = [""] * len(kids)
            head = pick(lang, "并联（同时办理）", "in parallel")
        else:
            kids = [o for _, o in node.options]
            rules = node.when or ((),) * len(kids)
            texts = [
                describe_conditions(rule) if rule else f"{p:.0%}"
                for (p, _), rule in zip(node.options, rules, strict=True)
            ]
            head = pick(lang, "分流（按比例择一）", "one of, by share")
        sizes = [_size(k, stages, inside) for k in kids]
        total = sum(s.width for s in sizes)
        x = left + (width - total) / 2
        centres = []
        for kid, size, text in zip(kids, sizes, texts, strict=True):
            centres.append(x + size.width / 2)
            if text:
                out.notes.append((x + size.width / 2, top - HEADER + 0.08, text))
            _place(
                kid, x, top - HEADER, size.width, out, lang, stages, inside=inside, dashed=dashed
            )
            x += size.width
        out.brackets.append((centres[0], centres[-1], top - 0.12, head))
        bottom = top - HEADER - max(size.height for size in sizes)
        out.joins.append((centres[0], centres[-1], bottom - JOIN + 0.08))
        return
    if isinstance(node, Detached):
        out.notes.append(
            (
                centre,
                top - 0.2,
                pick(
                    lang,
                    f"抽查 {node.share:.0%}（不占办结时间）",
                    f"{node.share:.0%} sampled, off the path",
                ),
            )
        )
        _place(node.node, left, top - HEADER, width, out, lang, stages, inside=inside, dashed=True)
        return
    raise TypeError(f"unknown flow node {node!r}")


def _wrap(label: str) -> list[str]:
    """At most two lines; a bracket or a short tail is not left alone on a line."""
    if len(label) <= LABEL_WIDTH + 3:
        return [label]
    cut = label.find("（")
    if not 3 <= cut <= LABEL_WIDTH + 3:
        cut = LABEL_WIDTH
    first, rest = label[:cut], label[cut:]
    if len(rest) > LABEL_WIDTH + 3:
        rest = rest[: LABEL_WIDTH + 2] + "…"
    return [first, rest]


def _box_text(scenario: Scenario, step_id: str, lang: str) -> str:
    step = scenario.step(step_id)
    label = step.label or step_id
    lines = _wrap(label)
    unit = step.duration.unit
    mean = step.duration.mean
    if unit == "working_hours":
        days = mean / hours_per_day(scenario)
        when = duration_text(days, scenario, lang)
    elif unit == "working_days":
        when = duration_text(mean, scenario, lang)
    elif unit == "natural_hours":
        when = pick(lang, f"约 {mean:.1f} 小时（自然时间）", f"about {mean:.1f} hours")
    else:
        when = pick(lang, f"约 {mean:.0f} 个自然日", f"about {mean:.0f} natural days")
    if step.auto_share:
        when += pick(lang, f"；秒批 {step.auto_share:.0%}", f"; {step.auto_share:.0%} automatic")
    lines.append(when.replace(".0 ", " "))
    return "\n".join(lines)


def _stages(scenario: Scenario) -> dict[str, str | None]:
    return {s.id: s.stage for s in scenario.steps}


def _draw(ax: Axes, scenario: Scenario, lang: str, size: _Size, top_room: float = 0.0) -> None:
    layout = _Layout()
    _place(scenario.flow, 0.0, 0.0, size.width, layout, lang, _stages(scenario))
    for x0, x1, y0, y1, stage in layout.frames:  # under the boxes
        ax.add_patch(
            Rectangle(
                (x0 + 0.015, y1 + 0.04),
                x1 - x0 - 0.03,
                y0 - y1 - 0.08,
                facecolor=STAGE_FILL,
                edgecolor=STAGE_EDGE,
                linewidth=0.8,
                zorder=0.5,
                gid=f"stage:{stage}",
            )
        )
        ax.text(
            x0 + 0.05,
            y0 - 0.08,
            stage,
            ha="left",
            va="top",
            fontsize=9,
            color=INK,
            zorder=0.6,
            gid=f"stage:{stage}",
        )
    for x, y, step_id, dashed in layout.boxes:
        step = scenario.step(step_id)
        fill = "#E6E6E6" if step.clock_stop else _FILL.get(step.actor, "#FFFFFF")
        ax.add_patch(
            FancyBboxPatch(
                (x - 0.45, y - 0.34),
                0.9,
                0.68,
                boxstyle="round,pad=0,rounding_size=0.06",
                facecolor=fill,
                edgecolor=INK if not step.clock_stop else "0.7",
                linewidth=0.9,
                linestyle="--" if dashed else "-",
                hatch="///" if step.clock_stop else None,
                gid=f"step:{step_id}",
            )
        )
        ax.text(
            x,
            y,
            _box_text(scenario, step_id, lang),
            ha="center",
            va="center",
            fontsize=7.5,
            linespacing=1.25,
        )
        if step.visit:
            ax.text(
                x + 0.43,
                y + 0.3,
                pick(lang, "到场", "visit"),
                ha="right",
                va="top",
                fontsize=6,
                color=ACTOR_COLOURS["applicant"],
            )
    for x0, x1, y, text in layout.brackets:
        ax.plot([x0, x0, x1, x1], [y - 0.12, y, y, y - 0.12], color=INK, linewidth=1.0)
        # beside the left end: the arrow into the branches comes down the middle
        ax.text(x0, y + 0.03, text, ha="left", va="bottom", fontsize=7.5, color=INK)
    for x0, x1, y in layout.joins:  # every branch ends before the case goes on
        ax.plot([x0, x0, x1, x1], [y + 0.22, y, y, y + 0.22], color=INK, linewidth=1.0)
    for x, y0, y1 in layout.arrows:
        ax.annotate(
            "",
            xy=(x, y1 - 0.12),
            xytext=(x, y0 - 0.1),
            arrowprops={"arrowstyle": "-|>", "color": "0.35", "linewidth": 0.8},
        )
    for x, y, text in layout.notes:
        ax.text(x, y, text, ha="center", va="center", fontsize=7, color="0.35")
    ax.set_xlim(-0.05, size.width + 0.05)
    ax.set_ylim(-size.height - 0.05, 0.3 + top_room)
    ax.set_axis_off()


def _count_text(scenario: Scenario, lang: str) -> str:
    steps = [scenario.step(s) for s in dict.fromkeys(flow_steps(scenario.flow, detached=False))]
    procedures = sum(1 for s in steps if s.procedure)
    visits = sum(1 for s in steps if s.visit)
    return pick(
        lang, f"{procedures} 个环节、{visits} 处到场", f"{procedures} procedures, {visits} visits"
    )


def plot_flow(
    scenario: Scenario,
    after: Scenario | None = None,
    *,
    ax: Axes | None = None,
) -> Axes:
    """流程图: the process as boxes, top to bottom; with ``after``, before and after side by side.

    Parameters
    ----------
    scenario : Scenario
        The process (before the reform, when ``after`` is given).
    after : Scenario, optional
        The reformed process, drawn to the right.
    ax : Axes, optional
        Axes to draw in (its frame is hidden; with ``after`` it holds two panels as inset
        axes, so titles and legend stay inside it). Default: a new figure sized to the flow.

    Returns
    -------
    Axes
        The axes drawn on. Each box is a step on the case's path with its typical (mean)
        duration in hours under a working day, else in working days; grey hatched boxes are
        clock-stop steps (not counted against the limit), dashed boxes work off the path.
        Consecutive steps of one stage (the steps' ``stage:``) share a shaded frame with the
        stage's name at its top; a flow without stages has no frames.
    """
    lang = language(scenario)
    panels = [scenario] if after is None else [scenario, after]
    sizes = [_size(s.flow, _stages(s)) for s in panels]
    with style():
        if ax is None:
            width = sum(s.width for s in sizes) * COLUMN_INCHES + 0.4 * len(sizes)
            height = max(s.height for s in sizes) * ROW_INCHES + 1.3
            fig = Figure(figsize=(max(width, 5.0), height), layout="constrained")
            ax = fig.subplots()
        ax.set_axis_off()
        if after is None:
            _draw(ax, scenario, lang, sizes[0], top_room=0.5)
            inner = [ax]
        else:
            total = sum(s.width for s in sizes)
            split = max(min(sizes[0].width / total, 0.75), 0.25)
            fig = root_figure(ax)
            tall = max(fig.get_figheight() * ax.get_position().height, 1.0)
            top = 1.0 - min(0.75 / tall, 0.2)  # room for the title and legend
            left = ax.inset_axes((0.0, 0.0, split - 0.02, top))
            right = ax.inset_axes((split + 0.02, 0.0, 1 - split - 0.02, top))
            tallest = max(s.height for s in sizes)
            for panel, sub, size, head in zip(
                (left, right),
                panels,
                sizes,
                (pick(lang, "改革前", "before"), pick(lang, "改革后", "after")),
                strict=True,
            ):
                _draw(panel, sub, lang, _Size(size.width, tallest))
                panel.set_title(
                    f"{head}：{_count_text(sub, lang)}"
                    if lang == "zh"
                    else f"{head}: {_count_text(sub, lang)}",
                    fontsize=9.5,
                    loc="left",
                )
            inner = [ax, left, right]
        title = pick(
            lang, f"{display_name(scenario)}：流程图", f"{display_name(scenario)}: process map"
        )
        if after is None:
            title += pick(
                lang, f"（{_count_text(scenario, lang)}）", f" ({_count_text(scenario, lang)})"
            )
        ax.set_title(title, loc="left", fontsize=11)
        handles = [
            Patch(facecolor=_FILL["agency"], edgecolor=INK, label=pick(lang, "部门办理", "agency")),
            Patch(
                facecolor=_FILL["applicant"], edgecolor=INK, label=pick(lang, "申请人", "applicant")
            ),
            Patch(
                facecolor=_FILL["third_party"],
                edgecolor=INK,
                label=pick(lang, "第三方", "third party"),
            ),
            Patch(
                facecolor="#E6E6E6",
                edgecolor="0.45",
                hatch="///",
                label=pick(lang, "不计时", "clock stopped"),
            ),
        ]
        # in the room above the boxes, inside the axes
        ax.legend(
            handles=handles,
            loc="upper right",
            ncols=4,
            fontsize=7,
            frameon=False,
            borderaxespad=0.2,
        )
        pin_fonts(inner)
    return ax
