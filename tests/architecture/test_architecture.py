"""The house rules (docs/background/architecture.md), checked on `simulate/` and, to show
that each check can fail, on small made-up packages that break one rule each."""

from __future__ import annotations

import textwrap
from pathlib import Path

import house_rules as layers
import pytest

import simulate

ROOT = Path(__file__).resolve().parents[2] / "simulate"


def test_imports_only_go_down_the_layers() -> None:
    assert layers.layer_violations(ROOT) == []


def test_no_import_circles() -> None:
    assert layers.cycles(ROOT) == []


def test_no_module_over_the_size_limit() -> None:
    assert layers.long_modules(ROOT) == []


def test_no_private_reads_across_modules() -> None:
    assert layers.private_reads(ROOT) == []


def test_parameter_names_are_words() -> None:
    assert layers.terse_parameters(ROOT) == []


def test_every_module_is_in_a_layer() -> None:
    placed = {m: layers.layer_of(m) for m in layers.modules(ROOT)}
    assert all(index >= 0 for index in placed.values())
    # the folders the plan names exist, each on its own floor
    floors = {
        layers.layer_of(f"simulate.{room}")
        for room in (
            "calendar",
            "scenario",
            "io",
            "reforms",
            "engine",
            "results",
            "experiments",
            "plotting",
            "cli",
        )
    }
    assert len(floors) == 9


# -- the public API ---------------------------------------------------------------------------
PLANNER_CONCEPTS = (
    "Scenario",
    "Step",
    "Desk",
    "Flow",
    "Serial",
    "Parallel",
    "Choice",
    "Rework",
    "Reform",
    "Threshold",
    "Results",
    "Comparison",
    "Attribution",
    "WorkCalendar",
)


def test_public_api_exports_the_planner_concepts() -> None:
    missing = [name for name in PLANNER_CONCEPTS if name not in simulate.__all__]
    assert missing == []
    assert all(hasattr(simulate, name) for name in simulate.__all__)


def test_public_api_exports_nothing_mutable() -> None:
    mutable = [
        name
        for name in simulate.__all__
        if isinstance(getattr(simulate, name), dict | list | set | bytearray)
    ]
    assert mutable == []


def test_public_api_does_not_shadow_typing_names() -> None:
    import collections.abc
    import typing

    shadowing = [n for n in simulate.__all__ if hasattr(typing, n) or hasattr(collections.abc, n)]
    assert shadowing == []


# -- each check can fail ----------------------------------------------------------------------
def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "simulate"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_an_upward_import_is_caught(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "__init__.py": "",
            "calendar/__init__.py": "def f():\n    from simulate.engine import run\n",
            "engine/__init__.py": "run = 1\n",
        },
    )
    (found,) = layers.layer_violations(root)
    assert "simulate.calendar (layer 1) imports simulate.engine" in found


def test_a_circle_is_caught(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "__init__.py": "",
            "results/__init__.py": "",
            "results/a.py": "from simulate.results.b import x\ny = 1\n",
            "results/b.py": "def f():\n    from simulate.results.a import y\nx = 1\n",
        },
    )
    assert layers.cycles(root) == ["simulate.results.a -> simulate.results.b -> simulate.results.a"]


def test_a_long_module_is_caught(tmp_path: Path) -> None:
    root = _package(tmp_path, {"__init__.py": "", "stats.py": "x = 1\n" * 501})
    assert layers.long_modules(root) == ["simulate.stats: 501 lines (at most 500)"]


def test_a_private_read_is_caught(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "__init__.py": "",
            "calendar.py": "class C:\n    def __init__(self):\n        self._days = []\n",
            "engine.py": "from simulate.calendar import C, _helper\nn = len(C()._days)\n",
            "stats.py": "class D:\n    _low = 0\n    def lt(self, other):\n        return self._low < other._low\n",
        },
    )
    found = layers.private_reads(root)
    assert found == [
        "simulate.engine:1 imports simulate.calendar._helper",
        "simulate.engine:2 reads ._days of C()",
    ]


def test_a_terse_parameter_is_caught(tmp_path: Path) -> None:
    root = _package(
        tmp_path, {"__init__.py": "", "stats.py": "def f(s, scenario, *, cal=None):\n    pass\n"}
    )
    assert layers.terse_parameters(root) == ["simulate.stats:1 f(s, cal)"]


@pytest.mark.parametrize("module", ["simulate.engine.process", "simulate.io.loader", "simulate"])
def test_layers_are_ordered_as_documented(module: str) -> None:
    order = [
        layers.layer_of(m)
        for m in (
            "simulate.errors",
            "simulate.calendar.days",
            "simulate.scenario.model",
            "simulate.io.parser",
            "simulate.reforms.flow",
            "simulate.io.loader",
            "simulate.engine.process",
            "simulate.results.results",
            "simulate.experiments.compare",
            "simulate.plotting.desks",
            "simulate.cli.main",
        )
    ]
    assert order == sorted(order)
    assert layers.layer_of(module) >= 0
