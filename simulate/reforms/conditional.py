"""Reforms for some cases only: a ``reforms:`` entry with ``when:``.

``- commitment_limit: {steps: [drawing_review], working_days: 5, when: {project: simple}}``
applies the reform to the cases that meet every condition and leaves the others as they
were. The reform is applied to the whole scenario first; the difference is then turned into
routing by attributes, which the engine already runs:

* a step the reform changes gets a reformed copy (``<step>__<reform>``, with the reform's
  version of its 补正 too); in the flow, the step becomes a choice by attributes between
  the copy (cases that meet the conditions) and the original (the others);
* a step the reform removes becomes a choice between nothing and the original;
* the whole-case limit the reform sets becomes a limit class (``time_limit: {by: ...}``).

Everything else a reform can change applies to every case and is refused with the field at
fault: desks (staff serve every case alike), new steps or a reorganised flow, arrivals, the
calendar, channels, targets and thresholds. Stage targets and the channel mix that name a
changed step name its copy too, so they keep measuring the same stage.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from simulate.scenario.attributes import Condition, LimitClass
from simulate.scenario.flow import (
    Choice,
    Flow,
    Serial,
    flow_children,
    flow_without,
    replace_at,
    step_path,
)
from simulate.scenario.model import Rework, Scenario, Step
from simulate.scenario.target_checks import condition_problems
from simulate.strings import text

#: Scenario fields a reform for some cases may change (the rest apply to every case).
ROUTED = frozenset({"steps", "flow", "rework", "reforms", "time_limit_working_days"})


class WhenError(ValueError):
    """A reform's ``when:`` that cannot be honoured: ``field`` is the part at fault."""

    def __init__(self, message: str, *, field: str = "when", fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.fix = fix


def read_conditions(value: Any) -> tuple[Condition, ...]:
    """``when:`` of a reform entry: ``{name: value}``, ``{name: [values]}`` or
    ``{name: {min: a, max: b}}``, as on steps and targets."""
    example = "when: {project: simple}"
    if not isinstance(value, Mapping) or not value:
        raise WhenError(text("reform.when.mapping"), fix=text("problem.write", example=example))
    out = []
    for name, test in value.items():
        field = f"when.{name}"
        if isinstance(test, str):
            out.append(Condition(attribute=str(name), values=(test,)))
        elif isinstance(test, list) and test and all(isinstance(x, str) for x in test):
            out.append(Condition(attribute=str(name), values=tuple(test)))
        elif isinstance(test, Mapping) and test and set(test) <= {"min", "max"}:
            bounds = dict(test.items())
            for v in bounds.values():
                if isinstance(v, bool) or not isinstance(v, int | float):
                    raise WhenError(text("reform.when.number"), field=field)
            low, high = bounds.get("min"), bounds.get("max")
            if low is not None and high is not None and low > high:
                raise WhenError(text("problem.min_max", low=low, high=high), field=field)
            out.append(
                Condition(
                    attribute=str(name),
                    minimum=None if low is None else float(low),
                    maximum=None if high is None else float(high),
                )
            )
        else:
            raise WhenError(
                text("reform.when.test"), field=field, fix=text("problem.write", example=example)
            )
    return tuple(out)


def apply_when(
    scenario: Scenario, reform: str, apply: Callable[[Scenario], Scenario], when: Any
) -> Scenario:
    """The scenario with ``apply`` (one reform, ``reform`` its name) for the cases meeting
    ``when`` only; the reform's record is left to the caller."""
    conditions = read_conditions(when)
    problems = condition_problems(scenario, conditions, "when")
    if problems:
        raise WhenError(problems[0].message, field=problems[0].field, fix=problems[0].fix or "")
    return routed(scenario, apply(scenario), conditions, reform)


def routed(
    before: Scenario, after: Scenario, conditions: tuple[Condition, ...], reform: str
) -> Scenario:
    """``before`` with the changes ``after`` makes routed to the cases meeting ``conditions``."""
    for name in sorted(_changed_fields(before, after) - ROUTED):
        fix = text("reform.when.drop")
        if name == "desks":
            raise WhenError(text("reform.when.desks"), fix=fix)
        raise WhenError(text("reform.when.field", field=name), fix=fix)
    old = {st.id: st for st in before.steps}
    new = {st.id: st for st in after.steps}
    added = [sid for sid in new if sid not in old]
    if added:
        raise WhenError(
            text("reform.when.added", steps=", ".join(added)), fix=text("reform.when.drop")
        )
    removed = {sid for sid in old if sid not in new}
    if flow_without(before.flow, removed) != after.flow:
        raise WhenError(text("reform.when.flow"), fix=text("reform.when.drop"))
    old_rework, new_rework = dict(before.rework), dict(after.rework)
    changed = [
        sid
        for sid in old
        if sid in new and (old[sid] != new[sid] or old_rework.get(sid) != new_rework.get(sid))
    ]
    for sid, rw in before.rework:
        if rw.before is not None and rw.before in {*changed, *removed}:
            raise WhenError(
                text("reform.when.before", step=rw.before, owner=sid), fix=text("reform.when.drop")
            )
    copies = {sid: _copy_id(sid, reform, old) for sid in changed}
    flow = before.flow
    steps: list[Step] = []
    rework: list[tuple[str, Rework]] = list(before.rework)
    for st in before.steps:
        steps.append(st)
        if st.id in copies:
            steps.append(replace(new[st.id], id=copies[st.id]))
            if st.id in new_rework:
                rework.append((copies[st.id], new_rework[st.id]))
    for sid in [*changed, *sorted(removed)]:
        path = step_path(flow, sid)
        if path is None:
            continue
        taken: Flow = copies[sid] if sid in copies else Serial(())
        choice = Choice(((0.0, taken), (1.0, sid)), key=f"when:{sid}", when=(conditions, ()))
        flow = replace_at(flow, path, choice)
    out = before.with_changes(
        steps=tuple(steps), flow=flow, rework=tuple(rework), reforms=after.reforms
    )
    out = _limit_class(out, after, conditions, reform)
    return _renamed_references(out, copies)


def routed_copies(flow: Flow) -> dict[str, str]:
    """The steps an earlier reform with ``when:`` gave a reformed copy: step id -> copy id."""
    out: dict[str, str] = {}
    stack = [flow]
    while stack:
        node = stack.pop()
        if isinstance(node, Choice) and node.key.startswith("when:"):
            (_, taken), (_, original) = node.options
            if isinstance(taken, str) and isinstance(original, str):
                out[original] = taken
        stack.extend(flow_children(node))
    return out


def check_copies_kept(before: Scenario, after: Scenario) -> None:
    """Refuse a reform that changes a step an earlier reform with ``when:`` copied: the cases
    routed to the copy would silently miss it."""
    copies = routed_copies(before.flow)
    if not copies:
        return
    new = {st.id: st for st in after.steps}
    old_rework, new_rework = dict(before.rework), dict(after.rework)
    for sid, copy_id in copies.items():
        kept = (
            new.get(sid) == before.step(sid)
            and old_rework.get(sid) == new_rework.get(sid)
            and step_path(after.flow, copy_id) is not None
        )
        if not kept:
            raise WhenError(
                text("reform.when.copied", step=sid, copy=copy_id),
                field="",
                fix=text("reform.when.copied_fix"),
            )


def _changed_fields(before: Scenario, after: Scenario) -> set[str]:
    names = [f for f in before.__dataclass_fields__ if f != "path"]
    return {f for f in names if getattr(before, f) != getattr(after, f)}


def _copy_id(step_id: str, reform: str, taken: Mapping[str, Step]) -> str:
    base = f"{step_id}__{reform}"
    out, n = base, 2
    while out in taken:
        out, n = f"{base}_{n}", n + 1
    return out


def _limit_class(
    out: Scenario, after: Scenario, conditions: tuple[Condition, ...], reform: str
) -> Scenario:
    """The whole-case limit the reform sets, as the limit of the cases meeting ``conditions``."""
    limit = after.time_limit_working_days
    if limit == out.time_limit_working_days:
        return out
    if out.time_limit_working_days is None or limit is None:
        raise WhenError(text("reform.when.no_limit"), fix=text("reform.when.add_limit"))
    own = LimitClass(when=conditions, working_days=limit, assumption=f"reform {reform}")
    return out.with_changes(time_limit_by=(own, *out.time_limit_by))


def _renamed_references(scenario: Scenario, copies: Mapping[str, str]) -> Scenario:
    """Stage targets and the channel mix that name a changed step name its copy too."""
    if not copies:
        return scenario

    def widened(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(x for sid in ids for x in ((sid, copies[sid]) if sid in copies else (sid,)))

    targets = tuple(replace(t, steps=widened(t.steps)) for t in scenario.targets)
    channels = scenario.channels
    if channels is not None and channels.steps:
        channels = replace(channels, steps=widened(channels.steps))
    return scenario.with_changes(targets=targets, channels=channels)


__all__ = [
    "ROUTED",
    "WhenError",
    "apply_when",
    "check_copies_kept",
    "read_conditions",
    "routed",
    "routed_copies",
]
