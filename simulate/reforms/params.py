"""Parameter checks shared by the reforms: each turns a YAML value into a checked one.

Every check raises :class:`~simulate.reforms.registry.ReformError` naming the parameter at
fault (``field``) and how to fix it; :func:`~simulate.reforms.registry.apply_reform` turns that
into a located :class:`~simulate.errors.ScenarioError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulate.errors import did_you_mean
from simulate.io.duration_parser import parse_duration
from simulate.io.fields import LARGEST, finite, show
from simulate.io.yamlsrc import PathKey, field_name
from simulate.reforms.registry import ReformError
from simulate.scenario.durations import Duration
from simulate.scenario.flow import flow_steps
from simulate.scenario.model import Scenario, Step


def step_param(scenario: Scenario, value: Any, field: str, *, in_flow: bool = True) -> str:
    """A step id the scenario has (and, by default, that is in its flow)."""
    if not isinstance(value, str):
        raise ReformError(f"must be a step id, got {value!r}", field=field, fix="write a step id")
    known = [step.id for step in scenario.steps]
    if value not in known:
        raise ReformError(f"unknown step '{value}'", field=field, fix=did_you_mean(value, known))
    if in_flow and value not in set(flow_steps(scenario.flow)):
        raise ReformError(
            f"step '{value}' is not in the flow", field=field, fix="name a step of the flow"
        )
    return value


def steps_param(scenario: Scenario, value: Any, field: str, *, at_least: int = 1) -> list[str]:
    """A list of distinct step ids the scenario has."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or len(value) < at_least:
        raise ReformError(
            f"must be a list of at least {at_least} step id{'s' if at_least > 1 else ''}, got {value!r}",
            field=field,
            fix="write steps: [a, b]",
        )
    out = [step_param(scenario, v, f"{field}[{i}]") for i, v in enumerate(value)]
    for i, v in enumerate(out):
        if v in out[:i]:
            raise ReformError(
                f"step '{v}' is listed twice", field=f"{field}[{i}]", fix="list each step once"
            )
    return out


def desk_param(scenario: Scenario, value: Any, field: str) -> str:
    """A desk id the scenario has."""
    known = [desk.id for desk in scenario.desks]
    if not isinstance(value, str) or value not in known:
        shown = value if isinstance(value, str) else repr(value)
        raise ReformError(
            f"unknown desk '{shown}'", field=field, fix=did_you_mean(str(value), known)
        )
    return value


def new_id(scenario: Scenario, value: Any, field: str, what: str = "step") -> str:
    """An identifier that no step or desk of the scenario uses yet."""
    if not (isinstance(value, str) and value.isidentifier() and value.isascii()):
        raise ReformError(
            f"{what} id must be an ASCII identifier, got {value!r}",
            field=field,
            fix="use letters, digits and _ (put Chinese in label)",
        )
    taken = (
        {step.id for step in scenario.steps}
        if what == "step"
        else {desk.id for desk in scenario.desks}
    )
    if value in taken:
        raise ReformError(
            f"{what} id '{value}' is already used", field=field, fix=f"choose a new {what} id"
        )
    return value


def number_param(
    value: Any, field: str, *, low: float = 0.0, high: float | None = None, strict: bool = False
) -> float:
    """A number in ``[low, high]`` (``(low, high]`` with ``strict``)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not finite(value):
        raise ReformError(
            f"must be a finite number, got {show(value)}",
            field=field,
            fix=f"write a plain number below {LARGEST:g}",
        )
    bad = value <= low if strict else value < low
    if bad or (high is not None and value > high):
        top = f"{high:g}" if high is not None else "∞"
        span = f"({low:g}, {top}]" if strict else f"[{low:g}, {top}]"
        raise ReformError(
            f"must be in {span}, got {value}", field=field, fix=f"use a number in {span}"
        )
    return float(value)


def share_param(value: Any, field: str) -> float:
    """A share of cases, 0-1."""
    return number_param(value, field, low=0.0, high=1.0)


def flag_param(value: Any, field: str) -> bool:
    """A yes/no parameter."""
    if not isinstance(value, bool):
        raise ReformError(
            f"must be true or false, got {value!r}", field=field, fix="write true or false"
        )
    return value


def duration_param(value: Any, field: str) -> Duration:
    """A :class:`Duration`, or its YAML shape ``{working_hours: 2}``."""
    if isinstance(value, Duration):
        return value
    problems: list[tuple[PathKey, str, str]] = []
    out = parse_duration(
        value, (), lambda path, message, fix: problems.append((path, message, fix))
    )
    if problems or out is None:
        path, msg, fix = problems[0] if problems else ((), "not a duration", "")
        sub = field_name(path)
        raise ReformError(msg, field=f"{field}.{sub}" if sub else field, fix=fix)
    return out


def new_step_param(scenario: Scenario, value: Any, field: str) -> Step:
    """A new step from its YAML shape (id, label, desk, duration, visit, documents, actor, stage)."""
    if isinstance(value, Step):
        new_id(scenario, value.id, f"{field}.id")
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
        "stage",
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
    stage = value.get("stage")
    if stage is not None and (not isinstance(stage, str) or not stage.strip()):
        raise ReformError(
            f"must be the stage's name, got {stage!r}",
            field=f"{field}.stage",
            fix="write stage: 工程建设许可",
        )
    return Step(
        id=new_id(scenario, value["id"], f"{field}.id"),
        label=str(value.get("label", "")),
        desk=desk_param(scenario, value["desk"], f"{field}.desk")
        if value.get("desk") is not None
        else None,
        duration=duration_param(value["duration"], f"{field}.duration"),
        visit=flag_param(value.get("visit", False), f"{field}.visit"),
        documents=None if docs is None else int(number_param(docs, f"{field}.documents")),
        actor=actor,
        stage=None if stage is None else stage.strip(),
        source=value.get("source"),
        assumption=value.get("assumption"),
    )
