"""Mutation testing of the engine, the calendar and the duration code (no extra dependency).

Each *mutant* is the package with one small change to one module: an arithmetic operator
swapped (``+`` and ``-``, ``*`` and ``/``), a comparison moved across its boundary (``<``
and ``<=``, ``>`` and ``>=``, ``==`` and ``!=``, ``in`` and ``not in``, ``is`` and ``is
not``), ``and`` and ``or`` swapped, a ``not`` dropped, a number off by one, a boolean
constant flipped, ``+=`` and ``-=`` swapped, or a returned value replaced by ``None``. For
each mutant a fast subset of the tests runs (``-x``, with a time limit) against a copy of
the package in a temporary folder; a mutant the tests fail on (or that times out) is
*killed*, one they pass on *survived*. The score is killed / total.

Usage::

    python tools/mutation_test.py --list                 # count the mutants
    python tools/mutation_test.py --sample 200 --seed 1  # a sample, fixed seed
    python tools/mutation_test.py                        # every mutant (hours)

The result is written as JSON (``--out``) and printed; ``docs/background/mutation-testing.md``
records the last campaign.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: What is mutated: the engine, the calendar and the duration code.
TARGETS = ("simulate/engine", "simulate/calendar", "simulate/scenario/durations.py")

#: The fast subset of tests run against each mutant (about ten seconds unmutated).
TESTS = (
    "tests/unit/test_engine.py",
    "tests/unit/test_step_semantics.py",
    "tests/unit/test_engine_semantics_fixes.py",
    "tests/unit/test_duration_semantics.py",
    "tests/unit/test_engine_edges.py",
    "tests/unit/test_tables_edges.py",
    "tests/unit/test_deadlines.py",
    "tests/unit/test_calendar.py",
    "tests/unit/test_csv_arrivals.py",
    "tests/unit/test_rework_clock_stop.py",
    "tests/unit/test_limit_statistic.py",
    "tests/validation/test_critical_path.py",
    "tests/validation/test_calendar_flow.py",
    "tests/unit/test_fastpath.py",
    "tests/unit/test_target_kinds.py",
    "tests/unit/test_batches.py",
    "tests/unit/test_priority.py",
    "tests/unit/test_attribute_choices.py",
    "tests/unit/test_class_limits.py",
    "tests/unit/test_channels_by_attribute.py",
)

#: Folders the copy needs for the tests above to run.
COPIED = ("simulate", "tests", "scenarios", "pyproject.toml")

BINARY_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
}
COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


@dataclass(frozen=True)
class Mutant:
    """One change: the module, the index of the change in it, where and what."""

    path: str
    index: int
    line: int
    what: str


def _annotation_nodes(tree: ast.AST) -> set[int]:
    """ids of every node inside a type annotation (never mutated: they do not run)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        annotations: list[ast.AST | None] = []
        if isinstance(node, ast.AnnAssign | ast.arg):
            annotations.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            annotations.append(node.returns)
        for ann in annotations:
            if ann is not None:
                inside.update(id(n) for n in ast.walk(ann))
    return inside


class _Mutator(ast.NodeTransformer):
    """Counts mutation points in visiting order; applies the one numbered ``target``."""

    def __init__(self, skip: set[int], target: int | None = None) -> None:
        self.skip = skip
        self.target = target
        self.points: list[tuple[int, str]] = []
        self.applied: str | None = None

    def _point(self, node: ast.AST, what: str) -> bool:
        """Record a mutation point; True if it is the one to apply."""
        self.points.append((getattr(node, "lineno", 0), what))
        hit = self.target is not None and len(self.points) - 1 == self.target
        if hit:
            self.applied = what
        return hit

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        swap = BINARY_SWAPS.get(type(node.op))
        if swap is not None and id(node) not in self.skip:
            what = f"{type(node.op).__name__} -> {swap.__name__}"
            if self._point(node, what):
                node.op = swap()
        return node

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.AST:
        self.generic_visit(node)
        swap = BINARY_SWAPS.get(type(node.op))
        if (
            swap is not None
            and isinstance(node.op, ast.Add | ast.Sub)
            and self._point(node, f"{type(node.op).__name__}= -> {swap.__name__}=")
        ):
            node.op = swap()
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        if id(node) in self.skip:
            return node
        for i, op in enumerate(node.ops):
            swap = COMPARE_SWAPS.get(type(op))
            if swap is not None and self._point(node, f"{type(op).__name__} -> {swap.__name__}"):
                node.ops[i] = swap()
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        swap: type[ast.boolop] = ast.Or if isinstance(node.op, ast.And) else ast.And
        if id(node) not in self.skip and self._point(
            node, f"{type(node.op).__name__} -> {swap.__name__}"
        ):
            node.op = swap()
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if (
            isinstance(node.op, ast.Not | ast.USub)
            and id(node) not in self.skip
            and self._point(node, f"drop {type(node.op).__name__}")
        ):
            return node.operand
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if id(node) in self.skip:
            return node
        value = node.value
        if isinstance(value, bool):
            if self._point(node, f"{value} -> {not value}"):
                return ast.copy_location(ast.Constant(not value), node)
        elif isinstance(value, int | float) and self._point(node, f"{value!r} -> {value + 1!r}"):
            return ast.copy_location(ast.Constant(value + 1), node)
        return node

    def visit_Return(self, node: ast.Return) -> ast.AST:
        self.generic_visit(node)
        value = node.value
        if value is None or (isinstance(value, ast.Constant) and value.value is None):
            return node
        if self._point(node, "return None"):
            node.value = ast.Constant(None)
        return node


def _docstring_nodes(tree: ast.AST) -> set[int]:
    """ids of docstring constants (strings are never mutated, but keep them out anyway)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            out.add(id(body[0].value))
    return out


def _skip(tree: ast.AST) -> set[int]:
    return _annotation_nodes(tree) | _docstring_nodes(tree)


#: One thread at a time in ``ast``: CPython 3.11's AST conversion keeps a recursion counter
#: that threads running it at once can corrupt ("AST constructor recursion depth mismatch").
_AST_LOCK = threading.Lock()


def mutate(source: str, index: int | None = None) -> tuple[str, list[tuple[int, str]], str | None]:
    """The source with mutation point ``index`` applied (None: none), every point, and what."""
    with _AST_LOCK:
        tree = ast.parse(source)
        mutator = _Mutator(_skip(tree), index)
        tree = mutator.visit(tree)
        ast.fix_missing_locations(tree)
        return ast.unparse(tree), mutator.points, mutator.applied


def target_files(root: Path = ROOT, targets: Sequence[str] = TARGETS) -> list[Path]:
    """The Python modules mutated, sorted."""
    files: list[Path] = []
    for target in targets:
        path = root / target
        files.extend(sorted(path.glob("*.py")) if path.is_dir() else [path])
    return files


def mutants(root: Path = ROOT, targets: Sequence[str] = TARGETS) -> Iterator[Mutant]:
    """Every mutant of the target modules, in file and source order."""
    for path in target_files(root, targets):
        _, points, _ = mutate(path.read_text(encoding="utf-8"))
        rel = path.relative_to(root).as_posix()
        for i, (line, what) in enumerate(points):
            yield Mutant(rel, i, line, what)


def _copy(root: Path, into: Path) -> None:
    for name in COPIED:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, into / name)


def run_tests(workdir: Path, tests: Sequence[str], timeout: float) -> str:
    """``passed``, ``failed`` or ``timeout`` for the tests run in ``workdir``."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--no-header"]
    cmd += ["-o", "addopts=", *tests]
    try:
        proc = subprocess.run(
            cmd, cwd=workdir, env=env, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    return "passed" if proc.returncode == 0 else "failed"


def check_mutant(
    mutant: Mutant, workdir: Path, root: Path, tests: Sequence[str], timeout: float
) -> str:
    """Run ``tests`` against ``mutant`` in ``workdir`` (a copy); ``killed`` or ``survived``."""
    original = (root / mutant.path).read_text(encoding="utf-8")
    source, _, applied = mutate(original, mutant.index)
    assert applied == mutant.what, (mutant, applied)
    target = workdir / mutant.path
    try:
        target.write_text(source, encoding="utf-8")
        outcome = run_tests(workdir, tests, timeout)
    finally:
        target.write_text(original, encoding="utf-8")
    return "survived" if outcome == "passed" else "killed"


def campaign(
    chosen: Sequence[Mutant],
    *,
    root: Path = ROOT,
    tests: Sequence[str] = TESTS,
    timeout: float = 120.0,
    jobs: int = 1,
    progress: bool = True,
) -> list[tuple[Mutant, str]]:
    """Run every chosen mutant; ``(mutant, killed|survived)`` in the order given."""
    with tempfile.TemporaryDirectory(prefix="mutants-") as tmp:
        workdirs = []
        for j in range(jobs):
            workdir = Path(tmp) / f"w{j}"
            workdir.mkdir()
            _copy(root, workdir)
            workdirs.append(workdir)
        # the copy itself, unmutated, must pass (else every mutant would look killed)
        if run_tests(workdirs[0], tests, timeout * 2) != "passed":
            raise SystemExit("the tests fail on the unmutated copy: fix them first")
        results: list[tuple[Mutant, str] | None] = [None] * len(chosen)
        free = list(workdirs)

        def one(i: int) -> None:
            workdir = free.pop()
            try:
                outcome = check_mutant(chosen[i], workdir, root, tests, timeout)
            finally:
                free.append(workdir)
            results[i] = (chosen[i], outcome)
            if progress:
                m = chosen[i]
                print(f"[{i + 1}/{len(chosen)}] {outcome:8} {m.path}:{m.line} {m.what}", flush=True)

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(one, range(len(chosen))))
    return [r for r in results if r is not None]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="count the mutants and exit")
    parser.add_argument("--sample", type=int, default=0, help="run this many (0: all)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the sample")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per mutant")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once")
    parser.add_argument("--out", type=Path, default=None, help="write the result as JSON")
    args = parser.parse_args(argv)
    every = list(mutants())
    if args.list:
        per_file: dict[str, int] = {}
        for m in every:
            per_file[m.path] = per_file.get(m.path, 0) + 1
        for path, n in per_file.items():
            print(f"{n:5d}  {path}")
        print(f"{len(every):5d}  mutants in all")
        return 0
    chosen = every
    if 0 < args.sample < len(every):
        chosen = sorted(random.Random(args.seed).sample(every, args.sample), key=every.index)
    started = time.monotonic()
    results = campaign(chosen, timeout=args.timeout, jobs=args.jobs)
    seconds = time.monotonic() - started
    killed = sum(outcome == "killed" for _, outcome in results)
    survivors = [m for m, outcome in results if outcome == "survived"]
    print(f"\nmutants: {len(every)}, run: {len(results)} (seed {args.seed}), killed: {killed}")
    print(f"score: {killed / max(len(results), 1):.1%} in {seconds / 60:.1f} min")
    for m in survivors:
        print(f"survived: {m.path}:{m.line} {m.what}")
    if args.out is not None:
        args.out.write_text(
            json.dumps(
                {
                    "mutants": len(every),
                    "run": len(results),
                    "seed": args.seed,
                    "killed": killed,
                    "seconds": round(seconds),
                    "survived": [asdict(m) for m in survivors],
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
