"""The mutation-testing tool itself: it finds the mutants it promises, and a test suite that
sees the change kills them (the campaign over the package is run on demand, not here)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutation_test", ROOT / "tools/mutation_test.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["mutation_test"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


TINY = '''\
"""A tiny module."""


def add(a: int, b: int = 1) -> int:
    """Add 2 numbers."""
    return a + b


def smaller(a: int, b: int) -> bool:
    return a < b and not a == 7


def unused(x: float) -> float:
    return x * 2.0
'''


def _namespace(source: str) -> dict[str, object]:
    space: dict[str, object] = {}
    exec(compile(source, "<mutant>", "exec"), space)
    return space


def test_the_mutants_of_a_tiny_module(tool: ModuleType) -> None:
    unchanged, points, applied = tool.mutate(TINY)
    assert applied is None
    whats = [what for _, what in points]
    assert whats == [
        "1 -> 2",  # the default of b; not the annotations, not the docstring's 2
        "Add -> Sub",
        "return None",
        "Lt -> LtE",
        "7 -> 8",
        "Eq -> NotEq",
        "drop Not",
        "And -> Or",
        "return None",
        "2.0 -> 3.0",
        "Mult -> Div",
        "return None",
    ]
    assert _namespace(unchanged)["add"](2, 3) == 5  # type: ignore[operator]
    sub, _, what = tool.mutate(TINY, whats.index("Add -> Sub"))
    assert what == "Add -> Sub"
    assert _namespace(sub)["add"](2, 3) == -1  # type: ignore[operator]
    lte, _, _ = tool.mutate(TINY, whats.index("Lt -> LtE"))
    assert _namespace(lte)["smaller"](3, 3) is True  # type: ignore[operator]
    assert _namespace(unchanged)["smaller"](3, 3) is False  # type: ignore[operator]
    default, _, _ = tool.mutate(TINY, 0)
    assert _namespace(default)["add"](2) == 4  # type: ignore[operator]


def test_a_mutant_the_tests_see_is_killed_and_one_they_do_not_survives(
    tool: ModuleType, tmp_path: Path
) -> None:
    source = tmp_path / "source"
    (source / "tiny").mkdir(parents=True)
    (source / "tiny" / "__init__.py").write_text("", encoding="utf-8")
    (source / "tiny" / "calc.py").write_text(TINY, encoding="utf-8")
    (source / "tests").mkdir()
    (source / "tests" / "test_calc.py").write_text(
        "from tiny.calc import add, smaller\n\n\n"
        "def test_add():\n    assert add(2, 3) == 5\n\n\n"
        "def test_smaller():\n    assert smaller(1, 2)\n    assert not smaller(2, 2)\n",
        encoding="utf-8",
    )
    work = tmp_path / "work"
    shutil.copytree(source, work)
    tests = ["tests/test_calc.py"]
    assert tool.run_tests(work, tests, 60) == "passed"
    found = {m.what: m for m in tool.mutants(source, ["tiny/calc.py"])}
    assert tool.check_mutant(found["Add -> Sub"], work, source, tests, 60) == "killed"
    assert tool.check_mutant(found["Lt -> LtE"], work, source, tests, 60) == "killed"
    # nothing tests unused(): its mutant survives (a gap the campaign would report)
    assert tool.check_mutant(found["Mult -> Div"], work, source, tests, 60) == "survived"
    # the copy is restored after each mutant
    assert (work / "tiny" / "calc.py").read_text(encoding="utf-8") == TINY
