"""Reforms that change the shape of the flow: 并联审批, 联合审查, 模拟审批, 减环节.

Each is a pure function Scenario -> Scenario registered in :data:`simulate.reforms.registry.REFORMS`
(:mod:`simulate.reforms.steps` imports this module, so importing the package
registers them). Steps move with their flow node: an optional node, or the inspection that
``notification_commitment`` attached to a step, goes wherever the step goes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from simulate.calendar import OfficeHours
from simulate.reforms.registry import (
    ReformError,
    desk_param,
    duration_param,
    flag_param,
    new_id,
    number_param,
    reform,
    step_param,
    steps_param,
)
from simulate.scenario.durations import Duration
from simulate.scenario.flow import (
    Choice,
    Flow,
    FlowPath,
    Parallel,
    Serial,
    flow_steps,
    flow_without,
    node_at,
    replace_at,
    step_path,
)
from simulate.scenario.model import Rework, Scenario, Step


# -- helpers -------------------------------------------------------------------------------
def _common(paths: list[FlowPath]) -> FlowPath:
    first = paths[0]
    n = 0
    while all(len(p) > n for p in paths) and all(p[n] == first[n] for p in paths):
        n += 1
    return first[:n]


def _sequence_items(s: Scenario, steps: list[str], field: str) -> tuple[FlowPath, list[int]]:
    """The sequence the steps are consecutive items of, and those items' indices."""
    paths = [p for p in (step_path(s.flow, x) for x in steps) if p is not None]
    lca = _common(paths)
    node = node_at(s.flow, lca)
    if not isinstance(node, Serial):
        what = {Parallel: "already run in parallel", Choice: "are options of one choice"}.get(
            type(node), "are not in one sequence"
        )
        raise ReformError(
            f"steps {', '.join(steps)} {what}",
            field=field,
            fix="list steps that follow one another in one sequence of the flow",
        )
    hits = sorted({p[len(lca)] for p in paths})
    gaps = [i for i in range(hits[0], hits[-1] + 1) if i not in hits]
    if gaps:
        between = [x for i in gaps for x in flow_steps(node.items[i])] or ["an empty node"]
        raise ReformError(
            f"steps {', '.join(steps)} are not consecutive: {', '.join(between)} lies between them",
            field=field,
            fix=f"list {', '.join(between)} too, or reorder the flow",
        )
    return lca, hits


def _hours_per_day(s: Scenario, desk: str | None) -> float:
    hours: OfficeHours | None = None
    if desk is not None:
        hours = s.desk(desk).hours
    return (hours or s.calendar.office_hours).hours_per_day


def _in_hours(d: Duration, hpd: float) -> Duration:
    """A working-days duration as working hours of a desk with ``hpd`` open hours a day."""
    if d.unit != "working_days":
        return d
    return replace(d.scaled(hpd), unit="working_hours")


def longest_of(parts: list[Duration], hpd: float, field: str) -> Duration:
    """The longest of durations; working days become working hours when units are mixed."""
    units = {d.unit for d in parts}
    if len(units) > 1:
        if not units <= {"working_hours", "working_days"}:
            raise ReformError(
                f"cannot take the longest of durations in {', '.join(sorted(units))}",
                field=field,
                fix="give the joint step its own duration, e.g. duration: {working_days: 5}",
            )
        parts = [_in_hours(d, hpd) for d in parts]
    return Duration.longest(tuple(parts))


def check_makeups(s: Scenario, field: str, what: str) -> None:
    """Every make-up that runs alongside must be due at a step that comes after its own."""
    for step_id, rw in s.rework:
        if not rw.alongside or rw.before is None:
            continue
        a, b = step_path(s.flow, step_id), step_path(s.flow, rw.before)
        if a is None or b is None:
            continue
        lca = _common([a, b])
        node = node_at(s.flow, lca)
        if not (isinstance(node, Serial) and a[len(lca)] < b[len(lca)]):
            raise ReformError(
                f"{what}, '{rw.before}' does not come after '{step_id}' on every path, but the "
                f"make-up of '{step_id}''s missing documents (容缺) is due before '{rw.before}'",
                field=field,
                fix=f"leave '{rw.before}' or '{step_id}' out, or let the make-up be due later "
                f"(accept_incomplete: {{steps: [{step_id}], before: ...}})",
            )


def spec_step(s: Scenario, value: Any, field: str) -> Step:
    """A new step from its YAML shape (id, label, desk, duration, visit, documents, actor)."""
    if isinstance(value, Step):
        new_id(s, value.id, f"{field}.id")
        return value
    if not isinstance(value, Mapping):
        raise ReformError(
            f"must be a step: {{id, label, desk, duration}}, got {value!r}",
            field=field,
            fix="write intake: {id: intake, label: 综合受理, desk: window, duration: {working_hours: 0.5}}",
        )
    allowed = (
        "id",
        "label",
        "desk",
        "duration",
        "visit",
        "documents",
        "actor",
        "source",
        "assumption",
    )
    for key in value:
        if key not in allowed:
            raise ReformError(
                f"unknown key '{key}'", field=f"{field}.{key}", fix="allowed: " + ", ".join(allowed)
            )
    for key in ("id", "duration"):
        if key not in value:
            raise ReformError(f"missing key '{key}'", field=field, fix=f"add {key}:")
    actor = value.get("actor", "agency")
    if actor not in ("agency", "applicant", "third_party"):
        raise ReformError(
            f"unknown actor {actor!r}",
            field=f"{field}.actor",
            fix="use agency, applicant or third_party",
        )
    docs = value.get("documents")
    return Step(
        id=new_id(s, value["id"], f"{field}.id"),
        label=str(value.get("label", "")),
        desk=desk_param(s, value["desk"], f"{field}.desk")
        if value.get("desk") is not None
        else None,
        duration=duration_param(value["duration"], f"{field}.duration"),
        visit=flag_param(value.get("visit", False), f"{field}.visit"),
        documents=None if docs is None else int(number_param(docs, f"{field}.documents")),
        actor=actor,
        source=value.get("source"),
        assumption=value.get("assumption"),
    )


def _branch_groups(s: Scenario, steps: Any) -> list[list[str]]:
    """``[a, [b, c], d]`` -> ``[[a], [b, c], [d]]``: each inner list is one branch."""
    if not isinstance(steps, list | tuple) or len(steps) < 2:
        raise ReformError(
            f"must list at least 2 steps, got {steps!r}",
            field="steps",
            fix="write steps: [a, b, c]",
        )
    groups = []
    for i, item in enumerate(steps):
        if isinstance(item, list | tuple):
            groups.append(steps_param(s, list(item), f"steps[{i}]"))
        else:
            groups.append([step_param(s, item, f"steps[{i}]")])
    flat = [x for g in groups for x in g]
    for i, x in enumerate(flat):
        if x in flat[:i]:
            raise ReformError(
                f"step '{x}' is listed twice", field="steps", fix="list each step once"
            )
    return groups


# -- the reforms ---------------------------------------------------------------------------
@reform(
    "parallel_approval",
    label="并联审批",
    citation="002_dfd09f50bfb99d37.txt#L134",
    quote="深入推进并联审批",
    example="parallel_approval: {steps: [fire, planning, civil_defence]}",
)
def parallel_approval(s: Scenario, *, steps: Any, intake: Any = None) -> Scenario:
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
        A new step in front of the branches: ``{id, label, desk, duration}`` (also visit, documents, actor).
    """
    groups = _branch_groups(s, steps)
    listed = [x for g in groups for x in g]
    lca, hits = _sequence_items(s, listed, "steps")
    seq = node_at(s.flow, lca)
    assert isinstance(seq, Serial)  # _sequence_items checked it
    group_of = {x: gi for gi, g in enumerate(groups) for x in g}
    items_of: list[list[int]] = [[] for _ in groups]
    for i in hits:
        owners = {group_of[x] for x in flow_steps(seq.items[i]) if x in group_of}
        if len(owners) > 1:
            inside = [x for x in flow_steps(seq.items[i]) if x in group_of]
            raise ReformError(
                f"steps {', '.join(inside)} sit in one flow node, so they cannot become separate branches",
                field="steps",
                fix=f"list them as one branch: [{', '.join(inside)}]",
            )
        items_of[owners.pop()].append(i)
    if len(groups) < 2:
        raise ReformError(
            "needs at least two branches", field="steps", fix="list at least two steps"
        )
    branches: list[Flow] = []
    for idx in items_of:
        nodes = [seq.items[i] for i in idx]
        branches.append(nodes[0] if len(nodes) == 1 else Serial(tuple(nodes)))
    front: tuple[Flow, ...] = ()
    new_steps = s.steps
    if intake is not None:
        step = spec_step(s, intake, "intake")
        first = min(s.steps.index(s.step(x)) for x in listed)
        new_steps = (*s.steps[:first], step, *s.steps[first:])
        front = (step.id,)
    items = (*seq.items[: hits[0]], *front, Parallel(tuple(branches)), *seq.items[hits[-1] + 1 :])
    out = replace(s, flow=replace_at(s.flow, lca, Serial(items)), steps=new_steps)
    check_makeups(out, "steps", "once they run in parallel")
    return out


@reform(
    "joint_review",
    label="联合审查（联合图审/联合验收/多评合一/多测合一）",
    citation="000_f80ffa6c48ad881a.txt#L25",
    quote="深入推进联合图审和联合验收",
    example="joint_review: {steps: [fire, civil_defence, planning], into: joint_review, label: 联合图审}",
)
def joint_review(
    s: Scenario,
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
    ids = steps_param(s, steps, "steps", at_least=2)
    paths = [p for p in (step_path(s.flow, x) for x in ids) if p is not None]
    lca = _common(paths)
    parent = node_at(s.flow, lca)
    for x, p in zip(ids, paths, strict=True):
        if len(p) != len(lca) + 1 or not isinstance(parent, Serial | Parallel):
            raise ReformError(
                f"step '{x}' is not a plain step of the sequence or parallel that holds the others",
                field="steps",
                fix="merge steps that are consecutive in one sequence, or branches of one parallel",
            )
    if isinstance(parent, Serial):
        _sequence_items(s, ids, "steps")
    into_id = into if into in ids else new_id(s, into, "into")
    comps = [s.step(x) for x in ids]
    hpd = s.calendar.office_hours.hours_per_day

    def hours(st: Step) -> float:
        d = _in_hours(st.duration, _hours_per_day(s, st.desk))
        return d.mean * (24.0 if d.unit == "natural_days" else 1.0)

    lead = max(comps, key=hours)
    joint_desk = lead.desk if desk is None else desk_param(s, desk, "desk")
    if duration is None:
        length = longest_of([c.duration for c in comps], _hours_per_day(s, joint_desk), "duration")
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
        assumption=f"joint review of {', '.join(ids)}",
    )
    rework = _joint_rework(s, ids, into_id, hpd)
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
    pos = min(s.steps.index(c) for c in comps)
    kept = [st for st in s.steps if st.id not in ids]
    new_steps = (*kept[:pos], joint, *kept[pos:])
    out = replace(s, flow=replace_at(s.flow, lca, new_parent), steps=new_steps, rework=rework)
    check_makeups(out, "steps", "after the merge")
    return out


def _joint_rework(
    s: Scenario, ids: list[str], into: str, hpd: float
) -> tuple[tuple[str, Rework], ...]:
    """Rework of the joint step from its components'; make-ups due before a component now due before it."""
    mine = [rw for x, rw in s.rework if x in ids]
    out = []
    for x, rw in s.rework:
        if x in ids:
            continue
        out.append((x, replace(rw, before=into) if rw.before in ids else rw))
    if not mine:
        return tuple(out)
    if len({(rw.alongside, rw.before, rw.p_fail) for rw in mine}) > 1:
        raise ReformError(
            "the steps handle missing documents differently (容缺 settings differ)",
            field="steps",
            fix="merge first, then apply accept_incomplete to the joint step",
        )
    p_complete = 1.0
    for rw in mine:
        p_complete *= 1.0 - rw.p_incomplete
    joint = replace(
        mine[0],
        p_incomplete=1.0 - p_complete,
        makeup=longest_of([rw.makeup for rw in mine], hpd, "steps"),
        max_rounds=max(rw.max_rounds for rw in mine),
        before=into if mine[0].before in ids else mine[0].before,
        source=None,
        assumption=f"documents incomplete for any of {', '.join(x for x, _ in s.rework if x in ids)}",
    )
    return (*out, (into, joint))


@reform(
    "pre_approval",
    label="拿地即开工 / 模拟审批",
    citation="000_f80ffa6c48ad881a.txt#L25",
    quote="推动社会投资项目“拿地即开工”",
    example="pre_approval: {steps: [permit], overlap_with: land_transfer, lag: {working_days: 5}}",
)
def pre_approval(s: Scenario, *, steps: Any, overlap_with: Any, lag: Any = None) -> Scenario:
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
    ids = steps_param(s, steps, "steps")
    base = step_param(s, overlap_with, "overlap_with")
    if base in ids:
        raise ReformError(
            f"'{base}' cannot overlap itself", field="steps", fix=f"leave '{base}' out of steps"
        )
    follow = ReformError(
        f"steps {', '.join(ids)} must directly follow '{base}' in one sequence",
        field="steps",
        fix=f"list the steps that come right after '{base}'",
    )
    try:
        lca, hits = _sequence_items(s, [base, *ids], "steps")
    except ReformError:
        raise follow from None
    seq = node_at(s.flow, lca)
    assert isinstance(seq, Serial)
    path = step_path(s.flow, base)
    assert path is not None
    k = path[len(lca)]
    if hits[0] != k or any(x in ids for x in flow_steps(seq.items[k])):
        raise follow
    new_steps = s.steps
    front: tuple[Flow, ...] = ()
    if lag is not None:
        lag_id = new_id(s, f"{ids[0]}_lag", "steps")
        delay = Step(
            id=lag_id,
            label=f"{s.step(base).label or base}后提前介入",
            duration=duration_param(lag, "lag"),
            procedure=False,
            assumption=f"pre_approval: {', '.join(ids)} start this long after {base} starts",
        )
        pos = s.steps.index(s.step(ids[0]))
        new_steps = (*s.steps[:pos], delay, *s.steps[pos:])
        front = (lag_id,)
    ahead = (*front, *seq.items[k + 1 : hits[-1] + 1])
    branch = ahead[0] if len(ahead) == 1 else Serial(ahead)
    items = (*seq.items[:k], Parallel((seq.items[k], branch)), *seq.items[hits[-1] + 1 :])
    out = replace(s, flow=replace_at(s.flow, lca, Serial(items)), steps=new_steps)
    check_makeups(out, "steps", "with the overlap")
    return out


@reform(
    "remove_steps",
    label="减环节",
    citation="001_e05e41bb51e4ff2b.txt#L57",
    quote="取消施工合同备案、建筑节能设计审查备案等事项",
    example="remove_steps: {steps: [filing]}",
)
def remove_steps(s: Scenario, *, steps: Any) -> Scenario:
    """Steps are abolished: they leave the flow, with their rework.

    A parallel branch left empty disappears; a make-up that was due before a removed step is
    an error (say first where it is due, with accept_incomplete).

    Parameters
    ----------
    steps : list
        Step ids to remove.
    """
    ids = steps_param(s, steps, "steps")
    if len(ids) >= len(s.steps):
        raise ReformError("would remove every step", field="steps", fix="keep at least one step")
    for x, rw in s.rework:
        if x not in ids and rw.before in ids:
            raise ReformError(
                f"the make-up of '{x}''s documents is due before '{rw.before}', which is removed",
                field="steps",
                fix=f"first apply accept_incomplete: {{steps: [{x}], before: ...}} with another step",
            )
    drop = frozenset(ids)
    return replace(
        s,
        steps=tuple(st for st in s.steps if st.id not in drop),
        flow=flow_without(s.flow, drop),
        rework=tuple((x, rw) for x, rw in s.rework if x not in drop),
    )
