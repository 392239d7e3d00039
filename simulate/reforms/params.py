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
from simulate.strings import text


def step_param(scenario: Scenario, value: Any, field: str, *, in_flow: bool = True) -> str:
    """A step id the scenario has (and, by default, that is in its flow)."""
    if not isinstance(value, str):
        raise ReformError(
            text("reform.param.not_step_id", value=repr(value)),
            field=field,
            fix=text("reform.param.write_step_id"),
        )
    known = [step.id for step in scenario.steps]
    if value not in known:
        raise ReformError(
            text("problem.unknown_step", name=value), field=field, fix=did_you_mean(value, known)
        )
    if in_flow and value not in set(flow_steps(scenario.flow)):
        raise ReformError(
            text("problem.check.not_in_flow", name=value),
            field=field,
            fix=text("reform.param.name_flow_step"),
        )
    return value


def steps_param(scenario: Scenario, value: Any, field: str, *, at_least: int = 1) -> list[str]:
    """A list of distinct step ids the scenario has."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or len(value) < at_least:
        raise ReformError(
            text(
                "reform.param.not_step_list",
                count=at_least,
                plural="s" if at_least > 1 else "",
                value=repr(value),
            ),
            field=field,
            fix=text("reform.param.write_step_list"),
        )
    out = [step_param(scenario, v, f"{field}[{i}]") for i, v in enumerate(value)]
    for i, v in enumerate(out):
        if v in out[:i]:
            raise ReformError(
                text("reform.param.listed_twice", name=v),
                field=f"{field}[{i}]",
                fix=text("reform.param.list_once"),
            )
    return out


def desk_param(scenario: Scenario, value: Any, field: str) -> str:
    """A desk id the scenario has."""
    known = [desk.id for desk in scenario.desks]
    if not isinstance(value, str) or value not in known:
        shown = value if isinstance(value, str) else repr(value)
        raise ReformError(
            text("problem.unknown_desk", name=shown),
            field=field,
            fix=did_you_mean(str(value), known),
        )
    return value


def new_id(scenario: Scenario, value: Any, field: str, what: str = "step") -> str:
    """An identifier that no step or desk of the scenario uses yet."""
    if not (isinstance(value, str) and value.isidentifier() and value.isascii()):
        raise ReformError(
            text("problem.identifier", what=text(f"problem.what.{what}"), value=repr(value)),
            field=field,
            fix=text("problem.identifier_fix"),
        )
    taken = (
        {step.id for step in scenario.steps}
        if what == "step"
        else {desk.id for desk in scenario.desks}
    )
    if value in taken:
        named = text(f"problem.what.{what}")
        raise ReformError(
            text("reform.param.id_taken", what=named, value=value),
            field=field,
            fix=text("reform.param.choose_id", what=named),
        )
    return value


def number_param(
    value: Any, field: str, *, low: float = 0.0, high: float | None = None, strict: bool = False
) -> float:
    """A number in ``[low, high]`` (``(low, high]`` with ``strict``)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not finite(value):
        raise ReformError(
            text("field.not_finite", value=show(value)),
            field=field,
            fix=text("field.finite", largest=LARGEST),
        )
    bad = value <= low if strict else value < low
    if bad or (high is not None and value > high):
        top = f"{high:g}" if high is not None else "∞"
        span = f"({low:g}, {top}]" if strict else f"[{low:g}, {top}]"
        raise ReformError(
            text("reform.param.not_in_span", span=span, value=value),
            field=field,
            fix=text("reform.param.use_span", span=span),
        )
    return float(value)


def share_param(value: Any, field: str) -> float:
    """A share of cases, 0-1."""
    return number_param(value, field, low=0.0, high=1.0)


def flag_param(value: Any, field: str) -> bool:
    """A yes/no parameter."""
    if not isinstance(value, bool):
        raise ReformError(
            text("field.not_flag", value=repr(value)), field=field, fix=text("field.flag")
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
        path, msg, fix = problems[0] if problems else ((), text("reform.param.not_duration"), "")
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
            text("reform.param.not_step", value=repr(value)),
            field=field,
            fix=text("reform.param.write_step"),
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
                text("field.unknown_key", key=key),
                field=f"{field}.{key}",
                fix=text("field.allowed", names=", ".join(allowed)),
            )
    for key in ("id", "duration"):
        if key not in value:
            raise ReformError(
                text("field.missing_key", key=key),
                field=field,
                fix=text("reform.param.add_key", key=key),
            )
    actor = value.get("actor", "agency")
    if actor not in ("agency", "applicant", "third_party"):
        raise ReformError(
            text("reform.param.unknown_actor", value=repr(actor)),
            field=f"{field}.actor",
            fix=text("reform.param.actors"),
        )
    docs = value.get("documents")
    stage = value.get("stage")
    if stage is not None and (not isinstance(stage, str) or not stage.strip()):
        raise ReformError(
            text("reform.param.not_stage", value=repr(stage)),
            field=f"{field}.stage",
            fix=text("reform.param.write_stage"),
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
