"""Write a scenario back to YAML, in the same shape :func:`load_scenario` reads.

A scenario built in Python (or changed by reforms) can be saved and loaded again:
``load_scenario(save_scenario(s, path))`` describes the same process (``digest`` is equal
up to the file path and the record of applied reforms).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from simulate.errors import SimulateError
from simulate.io.targets_dump import (
    attributes_to_data,
    channels_to_data,
    conditions_to_data,
    limit_classes_to_data,
    targets_to_data,
)
from simulate.scenario.durations import Duration
from simulate.scenario.flow import flow_to_data
from simulate.scenario.model import Scenario

_SHAPES: dict[str, Callable[[tuple[float, ...]], Any]] = {
    "fixed": lambda p: p[0],
    "lognormal": lambda p: {"median": p[0], "p90": p[1]},
    "triangular": lambda p: {"min": p[0], "mode": p[1], "max": p[2]},
    "exponential": lambda p: {"mean": p[0]},
    "empirical": lambda p: {"values": list(p)},
}


def duration_to_data(duration: Duration) -> dict[str, Any]:
    """A duration in its YAML shape."""
    shape = _SHAPES.get(duration.kind)
    if duration.cap is not None:
        raise SimulateError(
            f"a capped duration ({duration.describe()}) has no YAML form; save the scenario before the cap_duration reform and list the reform under reforms:"
        )
    if shape is None:
        raise SimulateError(
            f"a {duration.kind} duration has no YAML form; give the step a plain duration before saving"
        )
    out: dict[str, Any] = {duration.unit: _num(shape(duration.params))}
    _prov(out, duration)
    return out


def _num(x: Any) -> Any:
    if isinstance(x, float) and x.is_integer():
        return int(x)
    if isinstance(x, dict):
        return {k: _num(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_num(v) for v in x]
    return x


def _prov(out: dict[str, Any], obj: Any) -> None:
    if getattr(obj, "source", None):
        out["source"] = obj.source
    if getattr(obj, "assumption", None):
        out["assumption"] = obj.assumption
    if getattr(obj, "range", None) is not None:
        out["range"] = [_num(v) for v in obj.range]
    if getattr(obj, "fitted", None):
        out["fitted"] = obj.fitted


def scenario_to_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario as the mapping a YAML file holds (reforms already applied)."""
    data: dict[str, Any] = {"name": scenario.name}
    for key in ("label", "process", "description"):
        if getattr(scenario, key):
            data[key] = getattr(scenario, key)
    if scenario.documents:
        data["documents"] = list(scenario.documents)
    data["start"] = scenario.start
    data["horizon_working_days"] = _num(scenario.horizon_working_days)
    data["warmup_working_days"] = _num(scenario.warmup_working_days)
    data["replications"] = scenario.replications
    if scenario.seed is not None:
        data["seed"] = scenario.seed
    cal = scenario.calendar
    cal_data: dict[str, Any] = {}
    if cal.days != "official":
        cal_data["days"] = cal.days
    if str(cal.office_hours) != "09:00-12:00, 13:00-17:00":
        cal_data["office_hours"] = _hours(cal.office_hours)
    if cal.holidays:
        cal_data["holidays"] = list(cal.holidays)
    if cal.workdays:
        cal_data["workdays"] = list(cal.workdays)
    if cal.years:
        cal_data["years"] = list(cal.years)
    if cal_data:
        data["calendar"] = cal_data
    a = scenario.arrivals
    arr: dict[str, Any]
    if a.kind == "poisson":
        arr = {"per_working_day": _num(a.per_working_day)}
    elif a.kind == "cohort":
        arr = {"cohort": a.cohort, "date": a.date}
    else:
        raise SimulateError(
            "arrivals from a CSV file are saved by reference only: write the CSV path into the YAML by hand"
        )
    if a.any_hour:
        arr["any_hour"] = True
    _prov(arr, a)
    data["arrivals"] = arr
    if scenario.time_limit_working_days is not None:
        lim: dict[str, Any] = {"working_days": _num(scenario.time_limit_working_days)}
        if scenario.time_limit_statistic != "max":
            lim["statistic"] = scenario.time_limit_statistic
        if scenario.time_limit_source:
            lim["source"] = scenario.time_limit_source
        if scenario.time_limit_by:
            lim["by"] = limit_classes_to_data(scenario.time_limit_by)
        data["time_limit"] = lim
    if scenario.thresholds:
        data["thresholds"] = []
        for t in scenario.thresholds:
            item: dict[str, Any] = {"working_days": _num(t.working_days)}
            if t.label:
                item["label"] = t.label
            if t.target_share is not None:
                item["target_share"] = t.target_share
            _prov(item, t)
            data["thresholds"].append(item)
    desks: dict[str, Any] = {}
    for d in scenario.desks:
        desk: dict[str, Any] = {}
        if d.label:
            desk["label"] = d.label
        desk["staff"] = d.staff
        if d.hours is not None:
            desk["hours"] = _hours(d.hours)
            if d.hours.every_day:
                desk["every_day"] = True
        if d.priority:
            desk["priority"] = conditions_to_data(d.priority)
        _prov(desk, d)
        desks[d.id] = desk
    data["desks"] = desks
    steps = []
    for st in scenario.steps:
        step: dict[str, Any] = {"id": st.id}
        if st.label:
            step["label"] = st.label
        if st.stage is not None:
            step["stage"] = st.stage
        if st.desk:
            step["desk"] = st.desk
        if st.actor != "agency":
            step["actor"] = st.actor
        step["duration"] = duration_to_data(st.duration)
        if st.limit_working_days is not None:
            step["limit"] = {"working_days": _num(st.limit_working_days)}
        if st.visit:
            step["visit"] = True
        if st.travel is not None:
            step["travel"] = duration_to_data(st.travel)
        if st.documents is not None:
            step["documents"] = st.documents
        if not st.procedure:
            step["procedure"] = False
        if st.clock_stop:
            step["clock_stop"] = True
        if st.default_approval:
            step["default_approval"] = True
        if st.auto_share:
            step["auto_share"] = st.auto_share
        if st.fee is not None:
            step["fee"] = _num(st.fee)
        if st.when:
            step["when"] = conditions_to_data(st.when)
        if st.batch is not None:
            batch: dict[str, Any] = {}
            if st.batch.every_working_days is not None:
                batch["every_working_days"] = _num(st.batch.every_working_days)
            if st.batch.size is not None:
                batch["size"] = st.batch.size
            _prov(batch, st.batch)
            step["batch"] = batch
        _prov(step, st)
        steps.append(step)
    data["steps"] = steps
    flow = flow_to_data(scenario.flow)
    data["flow"] = flow if isinstance(flow, list) else [flow]
    if scenario.rework:
        rework: dict[str, Any] = {}
        for step_id, rw in scenario.rework:
            item = {
                "p_incomplete": rw.p_incomplete,
                "makeup": duration_to_data(rw.makeup),
                "max_rounds": rw.max_rounds,
            }
            if rw.alongside:
                item["alongside"] = True
            if rw.before:
                item["before"] = rw.before
            if rw.p_fail:
                item["p_fail"] = rw.p_fail
            if rw.clock_stop:
                item["clock_stop"] = True
            _prov(item, rw)
            rework[step_id] = item
        data["rework"] = rework
    if scenario.targets:
        data["targets"] = targets_to_data(scenario.targets)
    if scenario.attributes:
        data["attributes"] = attributes_to_data(scenario.attributes)
    if scenario.channels is not None:
        data["channels"] = channels_to_data(scenario.channels)
    return data


def _hours(h: Any) -> Any:
    text = str(h)
    return "24h" if text == "24h" else [part.strip() for part in text.split(",")]


def to_yaml(scenario: Scenario) -> str:
    """The scenario as YAML text (Chinese kept readable)."""
    head = ""
    if scenario.reforms:
        names = ", ".join(r.name for r in scenario.reforms)
        head = f"# reforms already applied: {names}\n"
    return head + yaml.safe_dump(
        scenario_to_data(scenario), allow_unicode=True, sort_keys=False, width=100
    )


def save_scenario(scenario: Scenario, path: str | Path) -> Path:
    """Write ``scenario`` as a YAML scenario file; returns the path."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(to_yaml(scenario), encoding="utf-8")
    tmp.replace(path)
    return path


def data_to_yaml(data: Any) -> str:
    """A scenario mapping (as a YAML file holds it) as YAML text, Chinese kept readable."""
    return str(yaml.safe_dump(_num(data), allow_unicode=True, sort_keys=False, width=100))
