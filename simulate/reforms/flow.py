"""Reforms that change the shape of the flow: 并联审批, 联合审查, 模拟审批, 减环节.

Each is a pure function Scenario -> Scenario registered in
:data:`simulate.reforms.registry.REFORMS` (importing :mod:`simulate.reforms` registers
them). Steps move with their flow node: an optional node, or the inspection that
``notification_commitment`` attached to a step, goes wherever the step goes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from simulate.reforms.edit import (
    common_path,
    desk_hours_per_day,
    in_working_hours,
    insert_steps,
    joint_stage,
    longest_of,
    sequence_items,
    with_flow_at,
)
from simulate.reforms.makeups import check_makeups, check_none_due_before, joint_rework
from simulate.reforms.params import (
    desk_param,
    duration_param,
    new_id,
    new_step_param,
    step_param,
    steps_param,
)
from simulate.reforms.registry import ReformError, reform
from simulate.scenario.flow import (
    Flow,
    Parallel,
    Serial,
    flow_steps,
    flow_without,
    node_at,
    step_path,
)
from simulate.scenario.model import Scenario, Step
from simulate.strings import text

__all__: list[str] = []


def _branch_groups(scenario: Scenario, steps: Any) -> list[list[str]]:
    """``[a, [b, c], d]`` -> ``[[a], [b, c], [d]]``: each inner list is one branch."""
    if not isinstance(steps, list | tuple) or len(steps) < 2:
        raise ReformError(
            text("reform.flow.too_few_steps", value=repr(steps)),
            field="steps",
            fix=text("reform.flow.write_steps"),
        )
    groups = []
    for i, item in enumerate(steps):
        if isinstance(item, list | tuple):
            groups.append(steps_param(scenario, list(item), f"steps[{i}]"))
        else:
            groups.append([step_param(scenario, item, f"steps[{i}]")])
    flat = [x for g in groups for x in g]
    for i, x in enumerate(flat):
        if x in flat[:i]:
            raise ReformError(
                text("reform.param.listed_twice", name=x),
                field="steps",
                fix=text("reform.param.list_once"),
            )
    return groups


@reform(
    "parallel_approval",
    label="并联审批",
    citation="002_dfd09f50bfb99d37.txt#L134",
    quote="深入推进并联审批",
    example="parallel_approval: {steps: [fire, planning, civil_defence]}",
)
def parallel_approval(scenario: Scenario, *, steps: Any, intake: Any = None) -> Scenario:
    """Consecutive steps become parallel branches that join: elapsed is the longest, not the sum.

    The listed steps must follow one another in one sequence of the flow. Each becomes a
    branch; a nested list is one branch whose steps stay in order (``[a, [b, c]]``: ``a``
    alongside ``b`` then ``c``). A step moves with its flow node (an optional node, or the
    inspection that notification_commitment attached), so steps sharing a node with it move
    too. The case goes on when every branch is done. With ``intake``, one shared intake
    step (一口受理) is put in front of the branches. A step whose 容缺 make-up is due before
    another listed step cannot run alongside it (an error).

    Parameters
    ----------
    steps : list
        Step ids (at least 2) that follow one another in one sequence; a nested list is one branch.
    intake : mapping, optional
        A new step in front of the branches: ``{id, label, desk, duration}`` (also visit,
        documents, actor, stage; by default the stage the listed steps share).
    """
    groups = _branch_groups(scenario, steps)
    listed = [x for g in groups for x in g]
    lca, hits = sequence_items(scenario, listed, "steps")
    seq = node_at(scenario.flow, lca)
    assert isinstance(seq, Serial)  # sequence_items checked it
    group_of = {x: gi for gi, g in enumerate(groups) for x in g}
    items_of: list[list[int]] = [[] for _ in groups]
    for i in hits:
        owners = {group_of[x] for x in flow_steps(seq.items[i]) if x in group_of}
        if len(owners) > 1:
            inside = [x for x in flow_steps(seq.items[i]) if x in group_of]
            raise ReformError(
                text("reform.flow.one_node", steps=", ".join(inside)),
                field="steps",
                fix=text("reform.flow.one_branch", steps=", ".join(inside)),
            )
        items_of[owners.pop()].append(i)
    if len(groups) < 2:
        raise ReformError(
            text("reform.flow.two_branches"),
            field="steps",
            fix=text("reform.flow.list_two"),
        )
    branches: list[Flow] = []
    for idx in items_of:
        nodes = [seq.items[i] for i in idx]
        branches.append(nodes[0] if len(nodes) == 1 else Serial(tuple(nodes)))
    front: tuple[Flow, ...] = ()
    out = scenario
    if intake is not None:
        step = new_step_param(scenario, intake, "intake")
        shared = {scenario.step(x).stage for x in listed}
        if step.stage is None and len(shared) == 1:
            step = replace(step, stage=shared.pop())  # the intake of one stage's approvals
        first = min(scenario.steps.index(scenario.step(x)) for x in listed)
        out = insert_steps(scenario, first, [step])
        front = (step.id,)
    items = (*seq.items[: hits[0]], *front, Parallel(tuple(branches)), *seq.items[hits[-1] + 1 :])
    out = with_flow_at(out, lca, Serial(items))
    check_makeups(out, "steps", text("reform.makeup.when.parallel"))
    return out


@reform(
    "joint_review",
    label="联合审查（联合图审/联合验收/多评合一/多测合一）",
    citation="000_f80ffa6c48ad881a.txt#L25",
    quote="深入推进联合图审和联合验收",
    example="joint_review: {steps: [fire, civil_defence, planning], into: joint_review, label: 联合图审}",
)
def joint_review(
    scenario: Scenario,
    *,
    steps: Any,
    into: Any,
    label: Any = "",
    duration: Any = None,
    desk: Any = None,
) -> Scenario:
    """Several reviews, each with its own queue, become one joint step taking the longest time.

    The steps must be consecutive steps of one sequence, or branches of one parallel. The
    joint step takes the longest of the components' times (each drawn as before), or the
    given ``duration``. It queues once, at the desk of its longest component (the lead
    department, 牵头部门) unless ``desk`` names another. Its limit is the longest of the
    components' limits (none unless every component has one); it needs a visit if any did.
    Incomplete documents at any component send the case back once for all of them: the
    chance is 1 − ∏(1 − pᵢ) and the make-up takes the longest of theirs.

    Parameters
    ----------
    steps : list
        Step ids (at least 2) to merge.
    into : str
        Id of the joint step (new, or one of the merged steps).
    label : str, optional
        Its label, e.g. 联合图审 (default: the components' labels joined).
    duration : duration, optional
        Its time; default (null) the longest of the components' times.
    desk : str, optional
        Desk that serves it; default the desk of the component with the longest mean time.
    """
    ids = steps_param(scenario, steps, "steps", at_least=2)
    paths = [p for p in (step_path(scenario.flow, x) for x in ids) if p is not None]
    lca = common_path(paths)
    parent = node_at(scenario.flow, lca)
    for x, p in zip(ids, paths, strict=True):
        if len(p) != len(lca) + 1 or not isinstance(parent, Serial | Parallel):
            raise ReformError(
                text("reform.flow.not_plain", name=x),
                field="steps",
                fix=text("reform.flow.merge_neighbours"),
            )
    if isinstance(parent, Serial):
        sequence_items(scenario, ids, "steps")
    into_id = into if into in ids else new_id(scenario, into, "into")
    comps = [scenario.step(x) for x in ids]

    def hours(step: Step) -> float:
        d = in_working_hours(step.duration, desk_hours_per_day(scenario, step.desk))
        return d.mean * (24.0 if d.unit == "natural_days" else 1.0)

    lead = max(comps, key=hours)
    joint_desk = lead.desk if desk is None else desk_param(scenario, desk, "desk")
    if duration is None:
        hours_per_day = desk_hours_per_day(scenario, joint_desk)
        length = longest_of([c.duration for c in comps], hours_per_day, "duration")
    else:
        length = duration_param(duration, "duration")
    limits = [c.limit_working_days for c in comps if c.limit_working_days is not None]
    limit = max(limits) if len(limits) == len(comps) else None
    travels = [c.travel for c in comps if c.visit and c.travel is not None]
    docs = [c.documents for c in comps if c.documents is not None]
    joint = Step(
        id=into_id,
        label=str(label) if label else "、".join(c.label or c.id for c in comps),
        duration=length,
        desk=joint_desk,
        actor="agency" if any(c.actor == "agency" for c in comps) else comps[0].actor,
        limit_working_days=limit,
        visit=any(c.visit for c in comps),
        travel=travels[0] if travels else None,
        documents=sum(docs) if docs else None,
        procedure=any(c.procedure for c in comps),
        clock_stop=all(c.clock_stop for c in comps),
        default_approval=limit is not None and all(c.default_approval for c in comps),
        auto_share=min(c.auto_share for c in comps),
        merged_from=tuple(ids),
        stage=joint_stage(comps),
        assumption=f"joint review of {', '.join(ids)}",
    )
    rework = joint_rework(scenario, ids, into_id, desk_hours_per_day(scenario, None))
    if isinstance(parent, Serial):
        hits = sorted(p[-1] for p in paths)
        new_parent: Flow = Serial(
            (*parent.items[: hits[0]], into_id, *parent.items[hits[-1] + 1 :])
        )
    else:
        assert isinstance(parent, Parallel)
        first = min(p[-1] for p in paths)
        left = [
            into_id if i == first else b
            for i, b in enumerate(parent.branches)
            if b not in ids or i == first
        ]
        new_parent = left[0] if len(left) == 1 else Parallel(tuple(left))
    position = min(scenario.steps.index(c) for c in comps)
    kept = tuple(step for step in scenario.steps if step.id not in ids)
    out = insert_steps(replace(scenario, steps=kept, rework=rework), position, [joint])
    out = with_flow_at(out, lca, new_parent)
    check_makeups(out, "steps", text("reform.makeup.when.merge"))
    return out


@reform(
    "pre_approval",
    label="拿地即开工 / 模拟审批",
    citation="000_f80ffa6c48ad881a.txt#L25",
    quote="推动社会投资项目“拿地即开工”",
    example="pre_approval: {steps: [permit], overlap_with: land_transfer, lag: {working_days: 5}}",
)
def pre_approval(scenario: Scenario, *, steps: Any, overlap_with: Any, lag: Any = None) -> Scenario:
    """Named steps start before an earlier step finishes (overlap), optionally after a lag.

    The listed steps must directly follow ``overlap_with`` in one sequence. They then start
    when ``overlap_with`` starts (plus ``lag``, a new pure-delay step) and run alongside it;
    what follows waits for both. A lag longer than ``overlap_with`` makes the case slower.

    Parameters
    ----------
    steps : list
        Step ids that directly follow ``overlap_with``, in order.
    overlap_with : str
        The earlier step they overlap (e.g. land transfer, 土地出让).
    lag : duration, optional
        Time after ``overlap_with`` starts before the listed steps may start.
    """
    ids = steps_param(scenario, steps, "steps")
    base = step_param(scenario, overlap_with, "overlap_with")
    if base in ids:
        raise ReformError(
            text("reform.flow.overlap_itself", name=base),
            field="steps",
            fix=text("reform.flow.leave_out", name=base),
        )
    follow = ReformError(
        text("reform.flow.follow", steps=", ".join(ids), name=base),
        field="steps",
        fix=text("reform.flow.list_following", name=base),
    )
    try:
        lca, hits = sequence_items(scenario, [base, *ids], "steps")
    except ReformError:
        raise follow from None
    seq = node_at(scenario.flow, lca)
    assert isinstance(seq, Serial)
    path = step_path(scenario.flow, base)
    assert path is not None
    k = path[len(lca)]
    if hits[0] != k or any(x in ids for x in flow_steps(seq.items[k])):
        raise follow
    out = scenario
    front: tuple[Flow, ...] = ()
    if lag is not None:
        lag_id = new_id(scenario, f"{ids[0]}_lag", "steps")
        delay = Step(
            id=lag_id,
            label=f"{scenario.step(base).label or base}后提前介入",
            duration=duration_param(lag, "lag"),
            procedure=False,
            stage=scenario.step(ids[0]).stage,
            assumption=f"pre_approval: {', '.join(ids)} start this long after {base} starts",
        )
        out = insert_steps(scenario, scenario.steps.index(scenario.step(ids[0])), [delay])
        front = (lag_id,)
    ahead = (*front, *seq.items[k + 1 : hits[-1] + 1])
    branch = ahead[0] if len(ahead) == 1 else Serial(ahead)
    items = (*seq.items[:k], Parallel((seq.items[k], branch)), *seq.items[hits[-1] + 1 :])
    out = with_flow_at(out, lca, Serial(items))
    check_makeups(out, "steps", text("reform.makeup.when.overlap"))
    return out


@reform(
    "remove_steps",
    label="减环节",
    citation="001_e05e41bb51e4ff2b.txt#L57",
    quote="取消施工合同备案、建筑节能设计审查备案等事项",
    example="remove_steps: {steps: [filing]}",
)
def remove_steps(scenario: Scenario, *, steps: Any) -> Scenario:
    """Steps are abolished: they leave the flow, with their rework.

    A parallel branch left empty disappears; a make-up that was due before a removed step is
    an error (say first where it is due, with accept_incomplete).

    Parameters
    ----------
    steps : list
        Step ids to remove.
    """
    ids = steps_param(scenario, steps, "steps")
    if len(ids) >= len(scenario.steps):
        raise ReformError(
            text("reform.flow.remove_all"), field="steps", fix=text("reform.flow.keep_one")
        )
    drop = frozenset(ids)
    check_none_due_before(scenario, drop, "steps")
    return replace(
        scenario,
        steps=tuple(step for step in scenario.steps if step.id not in drop),
        flow=flow_without(scenario.flow, drop),
        rework=tuple((x, rework) for x, rework in scenario.rework if x not in drop),
    )
