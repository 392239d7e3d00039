"""The flow: how a case passes through its steps, and the algebra reforms use on it.

A flow is a step id (``"review"``) or a combination of flows: :class:`Serial` (one after
another), :class:`Parallel` (branches that start together, AND-join), :class:`Choice` (one
option, with probabilities) and :class:`Detached` (work a share of cases trigger off the
case's path). :data:`Flow` is their union. The functions below walk, measure and rebuild
flows; all are pure.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from simulate.scenario.attributes import (
    Attribute,
    Channels,
    Condition,
    conditions_to_data,
    describe_conditions,
    first_match_shares,
)


@dataclass(frozen=True, slots=True)
class Serial:
    """Steps one after another."""

    items: tuple[Flow, ...]


@dataclass(frozen=True, slots=True)
class Parallel:
    """Branches that start together; the case goes on when every branch is done (AND-join)."""

    branches: tuple[Flow, ...]


@dataclass(frozen=True, slots=True)
class Choice:
    """Exactly one option is taken, with the given probabilities (they sum to 1).

    With ``when`` (one tuple of conditions per option, empty for an option taken by chance)
    the choice routes by the case's attributes: the first option, in order, whose
    conditions all hold is taken; a case that meets none draws among the options without
    conditions, whose probabilities sum to 1 (an option with conditions has probability 0
    here; :func:`choice_shares` gives the share of cases that take it).
    """

    options: tuple[tuple[float, Flow], ...]
    key: str = ""  # name of its random stream; stable across scenarios for common random numbers
    fitted: str | None = None  # how the probabilities were fitted to an event log
    when: tuple[tuple[Condition, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Detached:
    """Work a share of cases trigger that runs off the case's path (it loads desks only).

    Used for the sampled after-approval inspections of 告知承诺制 (事中事后监管).
    """

    node: Flow
    share: float
    key: str = ""


Flow: TypeAlias = str | Serial | Parallel | Choice | Detached


def flow_steps(node: Flow, *, detached: bool = True) -> Iterator[str]:
    """Every step id in a flow, in order of appearance (``detached=False``: only the case's path)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, Serial):
        for item in node.items:
            yield from flow_steps(item, detached=detached)
    elif isinstance(node, Parallel):
        for branch in node.branches:
            yield from flow_steps(branch, detached=detached)
    elif isinstance(node, Choice):
        for _, option in node.options:
            yield from flow_steps(option, detached=detached)
    elif detached:
        yield from flow_steps(node.node, detached=detached)


def flow_to_data(node: Flow) -> Any:
    """The flow in the YAML shape it is written in."""
    if isinstance(node, str):
        return node
    if isinstance(node, Serial):
        return [flow_to_data(i) for i in node.items]
    if isinstance(node, Parallel):
        return {"parallel": [flow_to_data(b) for b in node.branches]}
    # the key names the node's random stream: kept, so a saved scenario draws the same numbers
    if isinstance(node, Choice):
        rules = node.when or ((),) * len(node.options)
        data: dict[str, Any] = {
            "choice": [
                {"when": conditions_to_data(rule), "do": flow_to_data(o)}
                if rule
                else {"p": p, "do": flow_to_data(o)}
                for (p, o), rule in zip(node.options, rules, strict=True)
            ]
        }
        if node.fitted:
            data["fitted"] = node.fitted
        return {**data, "key": node.key} if node.key else data
    out = {"detached": flow_to_data(node.node), "share": node.share}
    return {**out, "key": node.key} if node.key else out


def critical_path(node: Flow, length: Mapping[str, float]) -> float:
    """Length of the longest path through a flow (choices take their longest option).

    With deterministic durations and no queueing this is exactly a case's elapsed time.
    """
    if isinstance(node, str):
        return length[node]
    if isinstance(node, Serial):
        return sum(critical_path(i, length) for i in node.items)
    if isinstance(node, Parallel):
        return max((critical_path(b, length) for b in node.branches), default=0.0)
    if isinstance(node, Choice):
        return max((critical_path(o, length) for _, o in node.options), default=0.0)
    return 0.0


# -- flow surgery (used by reforms and diffs) ----------------------------------------------
FlowPath: TypeAlias = tuple[int, ...]
"""Child indices from the root of a flow to one of its nodes."""


def flow_children(node: Flow) -> tuple[Flow, ...]:
    """The direct child nodes of a flow node (none for a step)."""
    if isinstance(node, Serial):
        return node.items
    if isinstance(node, Parallel):
        return node.branches
    if isinstance(node, Choice):
        return tuple(option for _, option in node.options)
    if isinstance(node, Detached):
        return (node.node,)
    return ()


def with_children(node: Flow, kids: tuple[Flow, ...]) -> Flow:
    """The same kind of node (same probabilities, share and key) with other children."""
    if isinstance(node, Serial):
        return Serial(kids)
    if isinstance(node, Parallel):
        return Parallel(kids)
    if isinstance(node, Choice):
        options = tuple((p, k) for (p, _), k in zip(node.options, kids, strict=True))
        return Choice(options, node.key, node.fitted, node.when)
    if isinstance(node, Detached):
        return Detached(kids[0], node.share, node.key)
    return node


def node_at(root: Flow, path: FlowPath) -> Flow:
    """The node at ``path``."""
    for i in path:
        root = flow_children(root)[i]
    return root


def replace_at(root: Flow, path: FlowPath, new: Flow) -> Flow:
    """A copy of the flow with the node at ``path`` replaced by ``new``."""
    if not path:
        return new
    kids = list(flow_children(root))
    kids[path[0]] = replace_at(kids[path[0]], path[1:], new)
    return with_children(root, tuple(kids))


def step_path(root: Flow, step_id: str) -> FlowPath | None:
    """Where step ``step_id`` is in the flow (None if it is not)."""
    if root == step_id:
        return ()
    for i, kid in enumerate(flow_children(root)):
        sub = step_path(kid, step_id)
        if sub is not None:
            return (i, *sub)
    return None


def flow_without(root: Flow, drop: set[str] | frozenset[str]) -> Flow:
    """The flow without the steps in ``drop``.

    Emptied branches leave their parallel (one left: it stands alone), emptied detached work
    disappears, and a choice keeps its probabilities (an emptied option does nothing).
    """
    if isinstance(root, str):
        return Serial(()) if root in drop else root
    kids = tuple(flow_without(k, drop) for k in flow_children(root))
    if isinstance(root, Serial):
        return Serial(tuple(k for k in kids if k != Serial(())))
    if isinstance(root, Parallel):
        left = tuple(k for k in kids if k != Serial(()))
        return left[0] if len(left) == 1 else Parallel(left)
    if isinstance(root, Detached) and kids[0] == Serial(()):
        return Serial(())
    return with_children(root, kids)


def concurrent_pairs(root: Flow) -> set[frozenset[str]]:
    """Pairs of steps on the case's path that can run at the same time (parallel branches)."""
    pairs: set[frozenset[str]] = set()
    if isinstance(root, Detached):
        return pairs
    kids = flow_children(root)
    if isinstance(root, Parallel):
        on_path = [set(_path_steps(k)) for k in kids]
        for i, a in enumerate(on_path):
            for b in on_path[i + 1 :]:
                pairs.update(frozenset((x, y)) for x in a for y in b)
    for kid in kids:
        pairs |= concurrent_pairs(kid)
    return pairs


def _path_steps(node: Flow) -> Iterator[str]:
    if isinstance(node, Detached):
        return
    if isinstance(node, str):
        yield node
    for kid in flow_children(node):
        yield from _path_steps(kid)


def choice_shares(
    node: Choice, attributes: Sequence[Attribute] = (), channels: Channels | None = None
) -> tuple[float, ...]:
    """The expected share of cases that take each option of a choice.

    A choice by chance: its probabilities. A choice by attributes (``when``): an option with
    conditions takes the cases whose first rule to hold is its own
    (:func:`~simulate.scenario.attributes.first_match_shares`); the cases that meet none are
    split among the other options by their probabilities.
    """
    if not node.when:
        return tuple(p for p, _ in node.options)
    rules = [rule for rule in node.when if rule]
    shares = first_match_shares(rules, attributes, channels)
    rest = 1.0 - sum(shares)
    matched = iter(shares)
    return tuple(
        next(matched) if rule else p * rest
        for (p, _), rule in zip(node.options, node.when, strict=True)
    )


def conditional_choices(root: Flow, field: str = "flow") -> Iterator[tuple[str, Choice]]:
    """Every choice by attributes in the flow, with the field it is written at in the file
    (``flow[2].choice``)."""
    if isinstance(root, Choice):
        if root.when:
            yield f"{field}.choice", root
        for i, (_, option) in enumerate(root.options):
            yield from conditional_choices(option, f"{field}.choice[{i}].do")
    elif isinstance(root, Serial):
        for i, item in enumerate(root.items):
            yield from conditional_choices(item, f"{field}[{i}]")
    elif isinstance(root, Parallel):
        for i, branch in enumerate(root.branches):
            yield from conditional_choices(branch, f"{field}.parallel[{i}]")
    elif isinstance(root, Detached):
        yield from conditional_choices(root.node, f"{field}.detached")


def take_shares(
    root: Flow,
    share: float = 1.0,
    *,
    attributes: Sequence[Attribute] = (),
    channels: Channels | None = None,
) -> dict[str, tuple[float, bool]]:
    """For each step: the share of cases that take it, and whether it is off the case's path.

    A choice by attributes splits by :func:`choice_shares` of the ``attributes`` and
    ``channels`` given (the scenario's).
    """
    out: dict[str, tuple[float, bool]] = {}
    _shares(root, share, False, out, (attributes, channels))
    return out


def _shares(
    node: Flow,
    share: float,
    off: bool,
    out: dict[str, tuple[float, bool]],
    cases: tuple[Sequence[Attribute], Channels | None],
) -> None:
    if isinstance(node, str):
        out[node] = (share, off)
    elif isinstance(node, Choice):
        for p, (_, option) in zip(choice_shares(node, *cases), node.options, strict=True):
            _shares(option, share * p, off, out, cases)
    elif isinstance(node, Detached):
        _shares(node.node, share * node.share, True, out, cases)
    else:
        for kid in flow_children(node):
            _shares(kid, share, off, out, cases)


def flow_text(node: Flow) -> str:
    """A one-line picture of a flow: ``apply → (fire ∥ planning) → issue``."""
    if isinstance(node, str):
        return node
    if isinstance(node, Serial):
        inner = " → ".join(flow_text(i) for i in node.items) or "—"
        return inner
    if isinstance(node, Parallel):
        return "(" + " ∥ ".join(_grouped(b) for b in node.branches) + ")"
    if isinstance(node, Choice):
        rules = node.when or ((),) * len(node.options)
        return (
            "("
            + " | ".join(
                f"{describe_conditions(rule) if rule else f'{p:.0%}'} {_grouped(o)}"
                for (p, o), rule in zip(node.options, rules, strict=True)
            )
            + ")"
        )
    return f"[{node.share:.0%} off path: {flow_text(node.node)}]"


def _grouped(node: Flow) -> str:
    text = flow_text(node)
    return f"[{text}]" if isinstance(node, Serial) and len(node.items) > 1 else text


# -- arrivals, calendar, limits ----------------------------------------------------------


__all__ = [
    "Choice",
    "Detached",
    "Flow",
    "FlowPath",
    "Parallel",
    "Serial",
    "choice_shares",
    "concurrent_pairs",
    "conditional_choices",
    "critical_path",
    "flow_children",
    "flow_steps",
    "flow_text",
    "flow_to_data",
    "flow_without",
    "node_at",
    "replace_at",
    "step_path",
    "take_shares",
    "with_children",
]
