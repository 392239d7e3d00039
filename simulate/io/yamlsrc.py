"""YAML text with the line of every key, so errors can say ``file:line: [field]``."""

from __future__ import annotations

import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from simulate.errors import Problem
from simulate.limits import FILE_BYTES, YAML_DEPTH, YAML_NODES, raise_hint
from simulate.strings import CATALOGUE
from simulate.strings import text as say

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
    """Safe loading, but an impossible date (2024-13-01) stays text for the checks to report.

    Composing stops at :data:`~simulate.limits.YAML_DEPTH` levels of nesting, with the line
    where it went too deep (PyYAML composes recursively and would die with RecursionError).
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.max_depth = YAML_DEPTH.value()

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > self.max_depth:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise TooBig(
                    say("problem.yaml.too_deep", depth=self.max_depth),
                    mark,
                    raise_hint(YAML_DEPTH),
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class TooBig(yaml.MarkedYAMLError):
    """The YAML is nested too deep or holds too many values (after aliases are expanded)."""

    def __init__(self, message: str, mark: yaml.Mark | None, fix: str) -> None:
        super().__init__(problem=message, problem_mark=mark)
        self.fix = fix


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except (
        ValueError
    ):  # past Python's 4,300-digit conversion limit: left as text, reported as not a number
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _int)


def read_input(path: Path, what: str) -> tuple[bytes | None, Problem | None]:
    """The bytes of an input file, or the problem that stops reading it.

    Only a regular file is read (not a folder, ``/dev/zero`` or a pipe), and only up to
    :data:`~simulate.limits.FILE_BYTES`, so neither a wrong path nor a huge file hangs.
    """
    name = str(path)
    shown = say(f"problem.what.{what}")
    try:
        info = path.stat()
    except FileNotFoundError:
        return None, Problem(
            say("problem.file.not_found", what=shown), file=name, fix=say("problem.check_path")
        )
    except (OSError, ValueError) as err:
        return None, Problem(
            say("problem.file.cannot_open", what=shown, error=err),
            file=name,
            fix=say("problem.check_path"),
        )
    if not stat.S_ISREG(info.st_mode):
        kind = "problem.file.folder" if stat.S_ISDIR(info.st_mode) else "problem.file.irregular"
        return None, Problem(
            say(kind, what=shown), file=name, fix=say("problem.file.give", what=shown)
        )
    cap = FILE_BYTES.value()
    try:
        with path.open("rb") as fh:
            data = fh.read(cap + 1)
    except OSError as err:
        return None, Problem(
            say("problem.file.cannot_read", what=shown, error=err.strerror or err),
            file=name,
            fix=say("problem.file.readable"),
        )
    if len(data) > cap:
        return None, Problem(
            say("problem.file.too_large", what=shown, cap=cap),
            file=name,
            fix=raise_hint(FILE_BYTES),
        )
    return data, None


def decode(data: bytes, name: str) -> tuple[str | None, Problem | None]:
    """UTF-8 text (a byte-order mark dropped), or the problem with the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, Problem(
            say("problem.file.not_utf8", byte=f"{data[err.start]:#04x}", position=err.start),
            file=name,
            line=line,
            fix=say("problem.file.save_utf8"),
        )


def check_nodes(root: yaml.Node) -> tuple[yaml.Node, str, str] | None:
    """The first node that breaks the node rules, with the message and fix; None when sound.

    The rules: no alias inside itself (a cycle), no key twice in one mapping, and at most
    :data:`~simulate.limits.YAML_NODES` values once every alias is expanded (an alias bomb of
    a few hundred bytes expands to millions). Sizes are counted once per node, so the check
    itself takes time in proportion to the text, not to the expansion.
    """
    cap = YAML_NODES.value()
    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            on_path.discard(key)
            size[key] = min(1 + sum(size[id(c)] for c in children), cap + 1)
            if size[key] > cap:
                return (node, say("problem.yaml.too_many", cap=cap), raise_hint(YAML_NODES))
            continue
        if key in size:
            continue
        if key in on_path:
            return (node, say("problem.yaml.loop"), say("problem.yaml.loop_fix"))
        on_path.add(key)
        if isinstance(node, yaml.MappingNode):
            seen: set[object] = set()
            for k, _ in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value != "<<":
                    if k.value in seen:
                        return (
                            k,
                            say("problem.yaml.duplicate", key=k.value),
                            say("problem.yaml.duplicate_fix"),
                        )
                    seen.add(k.value)
        stack.append((node, True))
        for c in children:
            if id(c) in on_path:
                return (c, say("problem.yaml.loop"), say("problem.yaml.loop_fix"))
            if id(c) not in size:
                stack.append((c, False))
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def read_yaml(path: Path) -> tuple[Source | None, list[Problem]]:
    """Parse a YAML file into a :class:`Source`, or the problems that stop it."""
    name = str(path)
    data_bytes, problem = read_input(path, "scenario file")
    text: str | None = None
    if problem is None and data_bytes is not None:
        text, problem = decode(data_bytes, name)
    if problem is not None or text is None:
        return None, [problem] if problem is not None else []
    if "\x00" in text:
        nul_line = text[: text.index("\x00")].count("\n") + 1
        return None, [
            Problem(
                say("problem.file.nul"),
                file=name,
                line=nul_line,
                fix=say("problem.file.give_yaml"),
            )
        ]
    try:
        loader = _Loader(text)  # parse once: the node tree gives lines, then the data
        try:
            node = loader.get_single_node()
            if node is not None:
                bad = check_nodes(node)
                if bad is not None:
                    where, message, fix = bad
                    raise TooBig(message, where.start_mark, fix)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except TooBig as err:
        too_big = err.problem_mark
        return None, [
            Problem(
                str(err.problem),
                file=name,
                line=too_big.line + 1 if too_big is not None else None,
                fix=err.fix,
            )
        ]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        what = yaml_problem(err.problem or str(err))
        return None, [
            Problem(
                say("problem.yaml.broken", what=what),
                file=name,
                line=line,
                fix=say("problem.yaml.check_line"),
            )
        ]
    except yaml.YAMLError as err:
        return None, [
            Problem(
                say("problem.yaml.broken", what=err),
                file=name,
                fix=say("problem.yaml.check_syntax"),
            )
        ]
    if node is None or data is None:
        return None, [
            Problem(
                say("problem.file.empty"),
                file=name,
                line=1,
                fix=say("problem.file.write_mapping"),
            )
        ]
    if not isinstance(data, Mapping):
        return None, [
            Problem(
                say("problem.file.not_mapping", kind=type(data).__name__),
                file=name,
                line=1,
                fix=say("problem.file.start_name"),
            )
        ]
    return Source(name, data, key_lines(node)), []


#: PyYAML's words for the common mistakes, each with its catalogue key: the English template
#: is PyYAML's own text, so English reads as before and Chinese gets a translation.
YAML_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"mapping values are not allowed here", "problem.yaml.mapping_values"),
        (r"could not find expected ':'", "problem.yaml.no_colon"),
        (r"expected <block end>, but found (?P<found>.*)", "problem.yaml.block_end"),
        (r"expected ',' or '\]', but got (?P<found>.*)", "problem.yaml.sequence"),
        (r"expected ',' or '\}', but got (?P<found>.*)", "problem.yaml.mapping"),
        (r"found character (?P<found>.*) that cannot start any token", "problem.yaml.character"),
        (r"found unknown escape character (?P<found>.*)", "problem.yaml.escape"),
        (r"found undefined alias (?P<found>.*)", "problem.yaml.alias"),
        (r"found unexpected end of stream", "problem.yaml.end"),
        (r"but found another document", "problem.yaml.documents"),
        (r"could not determine a constructor for the tag (?P<found>.*)", "problem.yaml.tag"),
        (r"sequence entries are not allowed here", "problem.yaml.entries"),
        (r"mapping keys are not allowed here", "problem.yaml.keys"),
        (r"expected the node content, but found (?P<found>.*)", "problem.yaml.content"),
        (r"invalid indentation or unclosed '\[' or '(?P<brace>\{)'", "problem.yaml.indent"),
    )
)


def yaml_problem(problem: str) -> str:
    """PyYAML's message in the chosen language (unchanged in English, and where unknown)."""
    for pattern, key in YAML_PROBLEMS:
        match = pattern.fullmatch(problem)
        if match is not None:
            return say(key, **{name: _token(v) for name, v in match.groupdict().items()})
    return problem


def _token(found: str) -> str:
    """What PyYAML found instead (``'<stream end>'``), in the chosen language."""
    key = f"problem.yaml.token.{found}"
    return say(key) if key in CATALOGUE else found
