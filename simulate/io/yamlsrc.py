"""YAML text with the line of every key, so errors can say ``file:line: [field]``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from simulate.errors import Problem

PathKey = tuple[str | int, ...]


def field_name(path: PathKey) -> str:
    """``("steps", 2, "desk")`` -> ``"steps[2].desk"``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def key_lines(
    node: yaml.Node, path: PathKey = (), lines: dict[PathKey, int] | None = None
) -> dict[PathKey, int]:
    """1-based line of every key path in a composed YAML document."""
    if lines is None:
        lines = {(): node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = (*path, key.value)
            lines[sub] = key.start_mark.line + 1
            key_lines(value, sub, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            sub = (*path, i)
            lines[sub] = item.start_mark.line + 1
            key_lines(item, sub, lines)
    return lines


@dataclass
class Source:
    """A parsed YAML file: its data and where each key is."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line(self, path: PathKey) -> int | None:
        """Line of ``path``, or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get(())


class Located:
    """Maps a field path to (file, line) across a scenario and the files it extends."""

    def __init__(self, default: Source | None) -> None:
        self.default = default
        self.top: dict[str, Source] = {}
        #: (file, index in that file's reforms list) of each entry of the merged reforms list
        self.reform_sources: list[tuple[Source, int]] = []
        if default is not None and isinstance(default.data, Mapping):
            own = default.data.get("reforms")
            if isinstance(own, list):
                self.reform_sources = [(default, i) for i in range(len(own))]

    def reform_problem(self, index: int, sub: PathKey, message: str, fix: str = "") -> Problem:
        """A :class:`Problem` pointing at entry ``index`` of the merged reforms list."""
        path: PathKey = ("reforms", index, *sub)
        if index < len(self.reform_sources):
            src, own_index = self.reform_sources[index]
            return Problem(
                message,
                field=field_name(path),
                file=src.file,
                line=src.line(("reforms", own_index, *sub)),
                fix=fix,
            )
        return self.problem(path, message, fix)

    def where(self, path: PathKey) -> tuple[str | None, int | None]:
        """The file and line a field path came from."""
        src = self.top.get(str(path[0])) if path else None
        src = src or self.default
        if src is None:
            return None, None
        return src.file, src.line(path)

    def problem(self, path: PathKey, message: str, fix: str = "") -> Problem:
        """A :class:`Problem` pointing at ``path``."""
        file, line = self.where(path)
        return Problem(message, field=field_name(path), file=file, line=line, fix=fix)


class _Loader(yaml.SafeLoader):
    """Safe loading, but an impossible date (2024-13-01) stays text for the checks to report."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def read_yaml(path: Path) -> tuple[Source | None, list[Problem]]:
    """Parse a YAML file into a :class:`Source`, or the problems that stop it."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem("file not found", file=name, fix="check the path")]
    except (OSError, UnicodeDecodeError) as err:
        return None, [
            Problem(f"cannot read the file ({err})", file=name, fix="save it as UTF-8 text")
        ]
    try:
        loader = _Loader(text)  # parse once: the node tree gives lines, then the data
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        what = err.problem or str(err)
        return None, [
            Problem(
                f"broken YAML: {what}",
                file=name,
                line=line,
                fix="check indentation, colons and quotes on this line and the one before",
            )
        ]
    except yaml.YAMLError as err:
        return None, [Problem(f"broken YAML: {err}", file=name, fix="check the YAML syntax")]
    if node is None or data is None:
        return None, [
            Problem(
                "the file is empty",
                file=name,
                fix="write a scenario mapping (name, start, steps, flow, ...)",
            )
        ]
    if not isinstance(data, Mapping):
        return None, [
            Problem(
                f"a scenario file must be a mapping of keys, got {type(data).__name__}",
                file=name,
                line=1,
                fix="start with `name: ...` at the left margin",
            )
        ]
    return Source(name, data, key_lines(node)), []
