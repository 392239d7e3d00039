"""The reform registry: each reform is a registered pure function Scenario -> Scenario.

(Placeholder registry; the reforms themselves are added in their own module.)
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from simulate.errors import Problem, ScenarioError
from simulate.scenario.model import AppliedReform, Scenario
from simulate.scenario.validate import check_scenario
from simulate.scenario.yamlsrc import Located

ReformFn = Callable[..., Scenario]


class ReformError(ValueError):
    """Raised inside a reform: ``field`` is the parameter at fault."""

    def __init__(self, message: str, *, field: str = "", fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.fix = fix


@dataclass(frozen=True, slots=True)
class Reform:
    """A registered reform: its name, Chinese label, one-line meaning, citation and function."""

    name: str
    label: str
    summary: str
    citation: str
    apply: ReformFn
    doc: str


REFORMS: dict[str, Reform] = {}


def reform(name: str, *, label: str, citation: str) -> Callable[[ReformFn], ReformFn]:
    """Register a reform function under ``name``."""

    def register(fn: ReformFn) -> ReformFn:
        doc = inspect.getdoc(fn) or ""
        REFORMS[name] = Reform(name, label, doc.splitlines()[0] if doc else "", citation, fn, doc)
        return fn

    return register


def apply_reform(scenario: Scenario, name: str, **params: Any) -> Scenario:
    """Apply one registered reform; the input scenario is never modified."""
    if name not in REFORMS:
        hint = difflib.get_close_matches(name, list(REFORMS), n=1)
        fix = f"did you mean '{hint[0]}'?" if hint else "see `simulate reforms` for the list"
        raise ScenarioError([Problem(f"unknown reform '{name}'", "reforms", fix=fix)])
    try:
        out = REFORMS[name].apply(scenario, **params)
    except ReformError as err:
        raise ScenarioError([Problem(err.message, f"{name}.{err.field}" if err.field else name, fix=err.fix)]) from None
    except TypeError as err:
        raise ScenarioError([Problem(f"bad parameters for {name}: {err}", name, fix=_signature_fix(name))]) from None
    problems = check_scenario(out)
    if problems:
        raise ScenarioError([Problem(f"after {name}: {p.message}", p.field, fix=p.fix) for p in problems])
    return out.with_changes(reforms=(*scenario.reforms, AppliedReform(name=name, params=dict(params))))


def _signature_fix(name: str) -> str:
    sig = inspect.signature(REFORMS[name].apply)
    params = [p for p in list(sig.parameters)[1:]]
    return f"{name} takes: " + ", ".join(params)


def apply_reform_entries(scenario: Scenario, entries: Any, located: Located) -> Scenario:
    """Apply the ``reforms:`` list of a file, pointing errors at the entry's line."""
    if not isinstance(entries, list):
        return scenario
    problems: list[Problem] = []
    for i, entry in enumerate(entries):
        if isinstance(entry, str):
            name, params = entry, {}
        elif isinstance(entry, Mapping) and len(entry) == 1:
            name, params = next(iter(entry.items()))
            params = params or {}
        else:
            problems.append(located.reform_problem(i, (), f"each reform is `name: {{params}}`, got {entry!r}", "write - parallel_approval: {steps: [a, b]}"))
            continue
        if not isinstance(params, Mapping):
            problems.append(located.reform_problem(i, (name,), f"parameters must be a mapping, got {params!r}", "write {steps: [a, b]}"))
            continue
        try:
            scenario = apply_reform(scenario, str(name), **params)
        except ScenarioError as err:
            for p in err.problems:
                sub = tuple(p.field.split(".")[1:]) if p.field.startswith(f"{name}.") else ()
                problems.append(located.reform_problem(i, (str(name), *sub), p.message, p.fix))
            break
    if problems:
        raise ScenarioError(problems, file=located.default.file if located.default else None)
    return scenario
