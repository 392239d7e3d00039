"""Targets, case attributes, conditions and the channel mix written back as YAML data.

The inverse of :mod:`simulate.io.targets_parser`, used by :mod:`simulate.io.dump`: a
scenario saved and loaded again has the same digest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from simulate.scenario.attributes import Attribute, Channels, LimitClass, conditions_to_data
from simulate.scenario.durations import Duration
from simulate.scenario.targets import TIME_KINDS, Target


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def _prov(out: dict[str, Any], obj: Target | Attribute | Channels) -> None:
    if obj.source:
        out["source"] = obj.source
    if obj.assumption:
        out["assumption"] = obj.assumption


def limit_classes_to_data(classes: Sequence[LimitClass]) -> list[dict[str, Any]]:
    """``time_limit: {by: [...]}`` as YAML data."""
    out = []
    for c in classes:
        item: dict[str, Any] = {"when": conditions_to_data(c.when)}
        item["working_days"] = _num(c.working_days)
        if c.source:
            item["source"] = c.source
        if c.assumption:
            item["assumption"] = c.assumption
        out.append(item)
    return out


def targets_to_data(targets: Sequence[Target]) -> list[dict[str, Any]]:
    """``targets:`` as YAML data."""
    out = []
    for t in targets:
        item: dict[str, Any] = {"kind": t.kind}
        if t.label:
            item["label"] = t.label
        if t.kind in TIME_KINDS:
            item["working_days"] = _num(t.value)
            if t.statistic == "mean":
                item["statistic"] = "mean"
        elif t.kind == "online":
            item["min"] = t.value
        else:
            item[t.statistic] = _num(t.value)
        if t.share is not None:
            item["share"] = t.share
        if t.steps:
            item["steps"] = list(t.steps)
        if t.when:
            item["when"] = conditions_to_data(t.when)
        _prov(item, t)
        out.append(item)
    return out


def _distribution(duration: Duration) -> Any:
    p = [_num(x) for x in duration.params]
    if duration.kind == "fixed":
        return p[0]
    if duration.kind == "empirical":
        return {"values": p}
    names = {"lognormal": ("median", "p90"), "triangular": ("min", "mode", "max")}
    keys = names.get(duration.kind, ("mean",))
    return dict(zip(keys, p, strict=True))


def attributes_to_data(attributes: Sequence[Attribute]) -> dict[str, Any]:
    """``attributes:`` as YAML data."""
    out: dict[str, Any] = {}
    for a in attributes:
        item: dict[str, Any] = {}
        if a.label:
            item["label"] = a.label
        if a.distribution is not None:
            item["distribution"] = _distribution(a.distribution)
        else:
            item["shares"] = dict(a.shares)
        _prov(item, a)
        out[a.name] = item
    return out


def channels_to_data(channels: Channels) -> dict[str, Any]:
    """``channels:`` as YAML data."""
    out: dict[str, Any] = {"online_share": channels.online_share}
    if channels.by is not None:
        out = {"online_share": dict(channels.by_shares), "by": channels.by}
    if channels.any_hour:
        out["any_hour"] = True
    if channels.steps:
        out["steps"] = list(channels.steps)
    _prov(out, channels)
    return out


__all__ = [
    "attributes_to_data",
    "channels_to_data",
    "conditions_to_data",
    "limit_classes_to_data",
    "targets_to_data",
]
