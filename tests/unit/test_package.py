"""Package hygiene: import side effects, layer boundaries, lint."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FORBIDDEN = {
    "simulate/scenario": (
        "simpy",
        "matplotlib",
        "simulate.engine",
        "simulate.plotting",
        "simulate.results.results",
    ),
    "simulate/engine": ("matplotlib", "simulate.plotting"),
    "simulate/calendar": ("simpy", "matplotlib", "pandas"),
}


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize(("where", "banned"), FORBIDDEN.items())
def test_layer_does_not_import(where: str, banned: tuple[str, ...]) -> None:
    target = ROOT / where
    files = [target] if target.is_file() else sorted(target.rglob("*.py"))
    assert files
    for path in files:
        for name in _imports(path):
            assert not name.startswith(banned), f"{path.relative_to(ROOT)} imports {name}"


def test_import_changes_nothing_global() -> None:
    code = """
import logging, multiprocessing, sys, warnings
import matplotlib
before = (dict(dict.items(matplotlib.rcParams)), multiprocessing.get_start_method(allow_none=True),
          list(logging.root.handlers), list(warnings.filters))
import simulate, simulate.experiments.compare
after = (dict(dict.items(matplotlib.rcParams)), multiprocessing.get_start_method(allow_none=True),
         list(logging.root.handlers), list(warnings.filters))
assert before == after, "importing simulate changed global state"
assert "matplotlib.pyplot" not in sys.modules
print("ok")
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_importing_simulate_does_not_import_matplotlib() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "import sys, simulate; print('matplotlib' in sys.modules)"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout.strip() == "False", proc.stderr


def test_ruff_clean() -> None:
    cmd = [
        sys.executable,
        "-m",
        "ruff",
        "check",
        "simulate",
        "tests",
        "benchmarks",
        "tools",
        "notebooks",
    ]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict_clean() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
