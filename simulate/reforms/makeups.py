"""Rework (补正) and make-ups (容缺) as the reforms change them.

A step's rework says how often its documents are incomplete and how the applicant makes
them up: sent back, or (容缺受理, ``alongside``) while the case goes on, due before a later
step (``before``). Reforms that move, merge or remove steps must keep every make-up due at a
step that still follows its own on every path; the rule itself is
:func:`simulate.scenario.validate.makeups_due_too_early`, which the scenario checks ask too.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace

from simulate.reforms.edit import longest_of
from simulate.reforms.registry import ReformError
from simulate.scenario.model import Rework, Scenario
from simulate.scenario.validate import makeups_due_too_early
from simulate.strings import text

ReworkEntries = tuple[tuple[str, Rework], ...]


def edit_rework(
    scenario: Scenario, step_ids: Collection[str], edit: Callable[[Rework], Rework]
) -> Scenario:
    """The scenario with the rework of each listed step passed through ``edit``."""
    return replace(
        scenario,
        rework=tuple(
            (step_id, edit(rework) if step_id in step_ids else rework)
            for step_id, rework in scenario.rework
        ),
    )


def check_makeups(scenario: Scenario, field: str, what: str) -> None:
    """Every make-up must be due at a step that follows its own on every path.

    Parameters
    ----------
    scenario
        The scenario a reform built.
    field
        The reform's parameter to blame.
    what
        How the reform changed the flow, to start the message (``once they run in parallel``).

    Raises
    ------
    ReformError
        For the first make-up out of order.
    """
    too_early = makeups_due_too_early(scenario)
    if too_early:
        step_id, before = too_early[0]
        raise ReformError(
            text("reform.makeup.too_early", what=what, before=before, name=step_id),
            field=field,
            fix=text("reform.makeup.due_later", before=before, name=step_id),
        )


def check_none_due_before(scenario: Scenario, step_ids: Collection[str], field: str) -> None:
    """No make-up of another step may be due before one of ``step_ids`` (they are removed)."""
    for step_id, rework in scenario.rework:
        if step_id not in step_ids and rework.before in step_ids:
            raise ReformError(
                text("reform.makeup.due_removed", name=step_id, before=rework.before),
                field=field,
                fix=text("reform.makeup.move_due", name=step_id),
            )


def joint_rework(
    scenario: Scenario, step_ids: Sequence[str], into: str, hours_per_day: float
) -> ReworkEntries:
    """The rework once ``step_ids`` are merged into one step ``into`` (联合审查).

    Incomplete documents at any component send the case back once for all of them: the
    chance is 1 − ∏(1 − pᵢ) and the make-up takes the longest of theirs. A make-up due
    before a component is due before the joint step. The components' rework must agree on
    how missing documents are handled (``alongside``, ``before``, ``p_fail``).

    Parameters
    ----------
    scenario
        The scenario before the merge.
    step_ids
        The merged steps.
    into
        Id of the joint step.
    hours_per_day
        Open hours a day, to compare make-ups in working days with those in working hours.
    """
    mine = [rework for step_id, rework in scenario.rework if step_id in step_ids]
    out = [
        (step_id, replace(rework, before=into) if rework.before in step_ids else rework)
        for step_id, rework in scenario.rework
        if step_id not in step_ids
    ]
    if not mine:
        return tuple(out)
    if len({(rework.alongside, rework.before, rework.p_fail) for rework in mine}) > 1:
        raise ReformError(
            text("reform.makeup.differ"),
            field="steps",
            fix=text("reform.makeup.merge_first"),
        )
    p_complete = 1.0
    for rework in mine:
        p_complete *= 1.0 - rework.p_incomplete
    merged = ", ".join(step_id for step_id, _ in scenario.rework if step_id in step_ids)
    joint = replace(
        mine[0],
        p_incomplete=1.0 - p_complete,
        makeup=longest_of([rework.makeup for rework in mine], hours_per_day, "steps"),
        max_rounds=max(rework.max_rounds for rework in mine),
        before=into if mine[0].before in step_ids else mine[0].before,
        source=None,
        assumption=f"documents incomplete for any of {merged}",
    )
    return (*out, (into, joint))
