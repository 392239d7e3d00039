"""A mutation fuzzer over the shipped scenarios: whatever a file says, `simulate` answers with a
located :class:`ScenarioError` or a finished run, never another exception, and in bounded time.

Each example takes one shipped scenario and breaks it: a value replaced by a hostile one (huge
or negative numbers, NaN, text, lists, mappings, nulls, dates far away), a key dropped or
misspelt, a line deleted, repeated or cut, characters inserted. The mutant is loaded; if it
loads, it is run (one replication over a few working days) under lowered arrival and round
limits, so that no valid-but-huge mutant can stall the suite. The number of examples is
``SIMULATE_FUZZ_EXAMPLES`` (default 300; a nightly run can raise it).
"""

from __future__ import annotations

import math
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import simulate as sim
from simulate.errors import ScenarioError
from simulate.library import scenario_files

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = scenario_files(ROOT / "scenarios")
EXAMPLES = int(os.environ.get("SIMULATE_FUZZ_EXAMPLES", "300"))
#: Seconds one mutant may take to load and run (a hang detector, not a speed target).
TIME_LIMIT = 30.0

HOSTILE: list[Any] = [
    0,
    -1,
    1,
    0.5,
    -0.0,
    2**53 + 1,
    2**63,
    10**400,
    -(10**400),
    1e308,
    math.inf,
    -math.inf,
    math.nan,
    True,
    None,
    "",
    "x",
    "工作日",
    "2024-13-01",
    "9999-12-31",
    "1/0",
    [],
    [1, 2],
    [[[]]],
    {},
    {"a": 1},
    {"working_days": -1},
    {"working_hours": {"median": 5, "p90": 1}},
    "a" * 300,
    "../../etc/passwd",
    "/dev/zero",
    ".",
]


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value in a parsed YAML tree."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths(value, (*prefix, i))


def replace_at(node: Any, path: tuple[Any, ...], value: Any, *, drop: bool = False) -> Any:
    """A copy of ``node`` with the value at ``path`` replaced (or dropped)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        out = dict(node)
        if drop and not rest:
            out.pop(head, None)
        else:
            out[head] = replace_at(node[head], rest, value, drop=drop)
        return out
    out_list = list(node)
    if drop and not rest:
        del out_list[head]
    else:
        out_list[head] = replace_at(node[head], rest, value, drop=drop)
    return out_list


@st.composite
def mutants(draw: st.DrawFn) -> tuple[Path, str]:
    """A shipped scenario file and a broken version of its text."""
    source = draw(st.sampled_from(SHIPPED))
    text = source.read_text(encoding="utf-8")
    how = draw(st.sampled_from(["value", "value", "value", "drop", "rename", "text"]))
    if how == "text":
        lines = text.splitlines(keepends=True)
        i = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "repeat", "cut", "insert"]))
        if edit == "delete":
            del lines[i]
        elif edit == "repeat":
            lines.insert(i, lines[i])
        elif edit == "cut":
            lines = [*lines[:i], lines[i][: draw(st.integers(0, len(lines[i])))]]
        else:
            at = draw(st.integers(0, len(lines[i])))
            junk = draw(
                st.sampled_from(["&a ", "*a", "[", "{", ": ", "- ", "\t", '"', "\x00", "!!binary "])
            )
            lines[i] = lines[i][:at] + junk + lines[i][at:]
        return source, "".join(lines)
    data = yaml.safe_load(text)
    path = draw(st.sampled_from(list(paths(data))[1:]))
    if how == "value":
        data = replace_at(data, path, draw(st.sampled_from(HOSTILE)))
    elif how == "drop":
        data = replace_at(data, path, None, drop=True)
    else:
        parent = path[:-1]
        key = path[-1]
        container = data
        for part in parent:
            container = container[part]
        if isinstance(container, dict):
            value = container[key]
            renamed = {(f"{key}s" if k == key else k): v for k, v in container.items()}
            data = replace_at(data, parent, renamed) if parent else renamed
            del value
    return source, yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the scenario folder: mutants are written beside the files they extend."""
    folder = tmp_path_factory.mktemp("fuzz") / "scenarios"
    shutil.copytree(ROOT / "scenarios", folder, ignore=shutil.ignore_patterns("sources"))
    return folder


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(mutant=mutants())
def test_a_mutated_scenario_is_a_located_error_or_a_run(
    mutant: tuple[Path, str], library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, text = mutant
    monkeypatch.setenv("SIMULATE_MAX_ARRIVALS", "20000")
    monkeypatch.setenv("SIMULATE_MAX_REWORK_ROUNDS", "50")
    path = library / source.relative_to(ROOT / "scenarios").parent / "_mutant.yaml"
    path.write_text(text, encoding="utf-8")
    began = time.monotonic()
    outcome = load_and_run(path)
    assert time.monotonic() - began < TIME_LIMIT
    if isinstance(outcome, ScenarioError):
        assert outcome.problems, str(outcome)
        for problem in outcome.problems:
            assert problem.file, str(outcome)  # every problem names its file ...
            assert problem.line is not None or problem.field, str(outcome)  # ... a line or field


def load_and_run(path: Path) -> ScenarioError | None:
    """Load the file and run it briefly; the ScenarioError it raised, else None.

    Any other exception propagates and fails the test.
    """
    try:
        scenario = sim.load_scenario(path)
        sim.run(
            scenario,
            replications=1,
            seed=1,
            horizon_working_days=min(scenario.horizon_working_days, 5.0),
            warmup_working_days=0.0,
            progress=False,
        )
    except ScenarioError as err:
        return err
    return None
