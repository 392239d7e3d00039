"""Edits of a scenario that the reforms share.

Replace a step or a desk, change or insert steps, put a node into the flow, find the
sequence that listed steps are consecutive items of, and compare durations in a desk's
working hours. All are pure: they return new scenarios or values built with
:func:`dataclasses.replace`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace

from simulate.reforms.registry import ReformError
from simulate.scenario.durations import Duration
from simulate.scenario.flow import (
    Choice,
    Flow,
    FlowPath,
    Parallel,
    Serial,
    flow_steps,
    node_at,
    replace_at,
    step_path,
)
from simulate.scenario.model import Desk, Scenario, Step
from simulate.strings import text


# -- steps and desks -----------------------------------------------------------------------
def with_step(scenario: Scenario, step: Step) -> Scenario:
    """The scenario with the step of the same id replaced by ``step``."""
    return replace(
        scenario, steps=tuple(step if old.id == step.id else old for old in scenario.steps)
    )


def with_desk(scenario: Scenario, desk: Desk) -> Scenario:
    """The scenario with the desk of the same id replaced by ``desk``."""
    return replace(
        scenario, desks=tuple(desk if old.id == desk.id else old for old in scenario.desks)
    )


def edit_steps(
    scenario: Scenario, step_ids: Collection[str], edit: Callable[[Step], Step]
) -> Scenario:
    """The scenario with each listed step passed through ``edit`` (the others as they are)."""
    return replace(
        scenario,
        steps=tuple(edit(step) if step.id in step_ids else step for step in scenario.steps),
    )


def joint_stage(steps: Sequence[Step]) -> str | None:
    """The stage of a step standing for ``steps``: theirs, or their stages joined with 、."""
    stages = list(dict.fromkeys(s.stage for s in steps if s.stage is not None))
    return "、".join(stages) if stages else None


def insert_steps(scenario: Scenario, position: int, steps: Sequence[Step]) -> Scenario:
    """The scenario with ``steps`` inserted into its list of steps at ``position``."""
    old = scenario.steps
    return replace(scenario, steps=(*old[:position], *steps, *old[position:]))


def with_flow_at(scenario: Scenario, path: FlowPath, node: Flow) -> Scenario:
    """The scenario with the flow node at ``path`` replaced by ``node``."""
    return replace(scenario, flow=replace_at(scenario.flow, path, node))


# -- where steps sit in the flow -------------------------------------------------------------
def common_path(paths: Sequence[FlowPath]) -> FlowPath:
    """The longest path that all ``paths`` start with: their innermost common node."""
    first = paths[0]
    depth = 0
    while all(len(p) > depth for p in paths) and all(p[depth] == first[depth] for p in paths):
        depth += 1
    return first[:depth]


def sequence_items(
    scenario: Scenario, step_ids: Sequence[str], field: str
) -> tuple[FlowPath, list[int]]:
    """The sequence the steps are consecutive items of, and those items' indices.

    Raises
    ------
    ReformError
        (at ``field``) when the steps are branches of one parallel, options of one choice,
        not in one sequence, or not consecutive in it.
    """
    paths = [p for p in (step_path(scenario.flow, x) for x in step_ids) if p is not None]
    lca = common_path(paths)
    node = node_at(scenario.flow, lca)
    listed = ", ".join(step_ids)
    if not isinstance(node, Serial):
        what = {Parallel: "parallel", Choice: "choice"}.get(type(node), "not_sequence")
        raise ReformError(
            text(f"reform.flow.{what}", steps=listed),
            field=field,
            fix=text("reform.flow.list_sequence"),
        )
    hits = sorted({p[len(lca)] for p in paths})
    gaps = [i for i in range(hits[0], hits[-1] + 1) if i not in hits]
    if gaps:
        between = [x for i in gaps for x in flow_steps(node.items[i])] or [
            text("reform.flow.empty_node")
        ]
        raise ReformError(
            text("reform.flow.not_consecutive", steps=listed, between=", ".join(between)),
            field=field,
            fix=text("reform.flow.list_between", between=", ".join(between)),
        )
    return lca, hits


# -- durations in a desk's working hours ---------------------------------------------------
def desk_hours_per_day(scenario: Scenario, desk_id: str | None) -> float:
    """Open hours a day of a desk (its own hours, else the calendar's; ``None``: the calendar's)."""
    hours = scenario.desk(desk_id).hours if desk_id is not None else None
    return (hours or scenario.calendar.office_hours).hours_per_day


def in_working_hours(duration: Duration, hours_per_day: float) -> Duration:
    """A working-days duration as working hours of a desk open ``hours_per_day`` hours a day."""
    if duration.unit != "working_days":
        return duration
    return replace(duration.scaled(hours_per_day), unit="working_hours")


def longest_of(parts: Sequence[Duration], hours_per_day: float, field: str) -> Duration:
    """The longest of durations; working days become working hours when units are mixed."""
    units = {part.unit for part in parts}
    if len(units) > 1:
        if not units <= {"working_hours", "working_days"}:
            raise ReformError(
                text("reform.flow.no_longest", units=", ".join(sorted(units))),
                field=field,
                fix=text("reform.flow.own_duration"),
            )
        parts = [in_working_hours(part, hours_per_day) for part in parts]
    return Duration.longest(tuple(parts))
