"""The package's layers and the checks that keep them: the plan in docs/background/architecture.md.

Each check takes the root folder of a package and returns a list of violations as text, so
the tests can run them on `simulate/` and on small made-up packages that break each rule.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: Bottom to top. A module may import its own package (the first entry that matches) and
#: the layers below it; nothing above. The most specific prefix decides a module's layer.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "simulate.errors",
        "simulate.stats",
        "simulate.textfmt",
        "simulate.strings",
        "simulate.plotting.fonts",
    ),
    ("simulate.calendar", "simulate.limits"),
    ("simulate.scenario",),
    ("simulate.theory", "simulate.offered_load"),
    ("simulate.io",),
    ("simulate.reforms",),
    ("simulate.io.loader", "simulate.library"),
    ("simulate.engine",),
    ("simulate.results",),
    ("simulate.experiments", "simulate.calibration"),
    ("simulate.plotting",),
    ("simulate.explore",),
    ("simulate.cli", "simulate.reporting", "simulate.__main__", "simulate"),
)

#: Lines a module may have at most.
MAX_LINES = 500

#: Private attributes of other packages a module may read, each with its reason.
ALLOWED_PRIVATE: dict[str, set[str]] = {
    # SimPy's event loop: scheduling at an absolute time and the queue's insertion counter
    # (stable since SimPy 4.0, which pyproject pins below 5); see the module's docstring.
    "simulate.engine.primitives": {"_queue", "_eid", "_now", "_ok", "_value"},
    # os._exit is the standard library's public way to end without waiting for threads:
    # after an interrupt, a process pool's manager thread can wait forever for a stopped worker.
    "simulate.cli.main": {"_exit"},
}

#: Parameter names too short to say what they are.
TERSE_NAMES = frozenset({"s", "st", "rw", "tl", "hpd", "cal", "sc", "scn", "res", "cmp", "att"})


@dataclass(frozen=True)
class Import:
    """One ``import`` or ``from ... import`` of a module of the package."""

    importer: str
    imported: str
    line: int


def module_name(root: Path, path: Path) -> str:
    """``simulate/calendar/days.py`` -> ``simulate.calendar.days`` (``__init__`` -> package)."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path) -> dict[str, Path]:
    """Every module of the package under ``root``, by dotted name."""
    return {module_name(root, p): p for p in sorted(root.rglob("*.py"))}


def imports(root: Path) -> Iterator[Import]:
    """Every import of the package's own modules, at any depth (in functions too)."""
    known = modules(root)
    package = root.name
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # ``from pkg import sub`` imports the submodule when ``pkg.sub`` is a module
                targets = [
                    f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module
                    for a in node.names
                ]
            for target in targets:
                if target == package or target.startswith(package + "."):
                    yield Import(name, target, node.lineno)


def layer_of(module: str) -> int:
    """Index in :data:`LAYERS` of the most specific prefix that matches ``module``."""
    best, best_len = -1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    return best


def layer_violations(root: Path) -> list[str]:
    """Imports that point to a higher layer, and modules in no layer."""
    out = [f"{m}: in no layer" for m in modules(root) if layer_of(m) < 0]
    for imp in imports(root):
        a, b = layer_of(imp.importer), layer_of(imp.imported)
        if b > a:
            out.append(
                f"{imp.importer} (layer {a}) imports {imp.imported} (layer {b}) at line {imp.line}"
            )
    return out


def cycles(root: Path) -> list[str]:
    """Import circles between modules, each as ``a -> b -> a``."""
    graph: dict[str, set[str]] = {m: set() for m in modules(root)}
    for imp in imports(root):
        if imp.imported in graph and imp.imported != imp.importer:
            graph[imp.importer].add(imp.imported)
    # a package imports its own submodules to re-export them: that edge is not a circle
    # unless the submodule imports the package back, which the graph keeps.
    found: list[str] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                found.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def long_modules(root: Path, limit: int = MAX_LINES) -> list[str]:
    """Modules over ``limit`` lines."""
    out = []
    for name, path in modules(root).items():
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > limit:
            out.append(f"{name}: {n} lines (at most {limit})")
    return out


def own_private_names(tree: ast.Module) -> set[str]:
    """Private attribute names a module defines: ``self._x = ...``, class-level names and
    ``__slots__`` entries (its own classes may read them on other instances)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    names.add(item.target.id)
                elif isinstance(item, ast.Assign):
                    names.update(t.id for t in item.targets if isinstance(t, ast.Name))
                    if any(getattr(t, "id", "") == "__slots__" for t in item.targets):
                        names.update(
                            c.value
                            for c in ast.walk(item.value)
                            if isinstance(c, ast.Constant) and isinstance(c.value, str)
                        )
                elif isinstance(item, ast.FunctionDef):
                    names.add(item.name)
    return {n for n in names if n.startswith("_")}


def private_reads(root: Path, allowed: dict[str, set[str]] | None = None) -> list[str]:
    """Private names imported from another module, and private attributes read on objects
    other than ``self`` and ``cls`` that the module does not define (outside the allowance)."""
    allowed = ALLOWED_PRIVATE if allowed is None else allowed
    out = []
    for name, path in modules(root).items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        ok = allowed.get(name, set()) | own_private_names(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        out.append(f"{name}:{node.lineno} imports {node.module}.{alias.name}")
            elif isinstance(node, ast.Attribute):
                attr = node.attr
                if not attr.startswith("_") or attr.startswith("__") or attr in ok:
                    continue
                owner = node.value
                if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                    continue
                if isinstance(owner, ast.Call) and getattr(owner.func, "id", "") == "super":
                    continue
                out.append(f"{name}:{node.lineno} reads .{attr} of {ast.unparse(owner)}")
    return out


def terse_parameters(root: Path, banned: frozenset[str] = TERSE_NAMES) -> list[str]:
    """Function parameters named with a terse abbreviation."""
    out = []
    for name, path in modules(root).items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                bad = [a.arg for a in args if a.arg in banned]
                if bad:
                    out.append(f"{name}:{node.lineno} {node.name}({', '.join(bad)})")
    return out
