"""The ``flow:`` of a scenario file: sequences, parallel branches, choices, optional and detached
steps, checked and turned into flow nodes (:mod:`simulate.scenario.model`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulate.errors import did_you_mean
from simulate.io.fields import show
from simulate.io.schema import PROVENANCE
from simulate.io.targets_parser import TargetsReader
from simulate.io.yamlsrc import PathKey
from simulate.scenario.attributes import Condition
from simulate.scenario.flow import Choice, Detached, Flow, Parallel, Serial
from simulate.strings import text


class FlowReader(TargetsReader):
    """Reads flow nodes; reports unknown and repeated step ids, each at its own line."""

    def early_flow(self, node: Any, path: PathKey, ids: list[str], seen: set[str]) -> None:
        """Unknown or repeated step ids in the flow, each at its own line."""
        if isinstance(node, str):
            if node not in ids:
                self.fail(path, text("problem.unknown_step", name=node), did_you_mean(node, ids))
            elif node in seen:
                self.fail(
                    path,
                    text("problem.flow.twice", name=node),
                    text("problem.flow.once"),
                )
            seen.add(node)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                self.early_flow(item, (*path, i), ids, seen)
        elif isinstance(node, Mapping):
            for key in ("parallel", "choice", "optional", "detached"):
                if key not in node:
                    continue
                sub = node[key]
                if key == "choice" and isinstance(sub, list):
                    for i, opt in enumerate(sub):
                        if isinstance(opt, Mapping) and "do" in opt:
                            self.early_flow(opt["do"], (*path, key, i, "do"), ids, seen)
                elif key == "parallel" and isinstance(sub, list):
                    for i, item in enumerate(sub):
                        self.early_flow(item, (*path, key, i), ids, seen)
                else:
                    self.early_flow(sub, (*path, key), ids, seen)

    def flow(self, value: Any, path: PathKey) -> Flow | None:
        if isinstance(value, str):
            return value
        if isinstance(value, list):
            items = [self.flow(v, (*path, i)) for i, v in enumerate(value)]
            if any(i is None for i in items):
                return None
            return Serial(tuple(i for i in items if i is not None))
        if isinstance(value, Mapping):
            if "parallel" in value:
                self.only(value, ("parallel",), path)
                branches = value["parallel"]
                if not isinstance(branches, list) or len(branches) < 2:
                    self.fail(
                        (*path, "parallel"),
                        text("problem.flow.parallel", value=show(branches)),
                        text("problem.write", example="{parallel: [a, [b, c]]}"),
                    )
                    return None
                nodes = [self.flow(b, (*path, "parallel", i)) for i, b in enumerate(branches)]
                return (
                    None
                    if any(n is None for n in nodes)
                    else Parallel(tuple(n for n in nodes if n is not None))
                )
            if "choice" in value:
                self.only(value, ("choice", "key", *PROVENANCE), path)
                options = value["choice"]
                if not isinstance(options, list) or not options:
                    self.fail(
                        (*path, "choice"),
                        text("problem.flow.choice", value=show(options)),
                        text(
                            "problem.write",
                            example="{choice: [{p: 0.3, do: x}, {p: 0.7, do: []}]}",
                        ),
                    )
                    return None
                return self.choice(value, options, path)
            if "optional" in value:
                self.only(value, ("optional", "p", "key", *PROVENANCE), path)
                p = self.probability(value, "p", path, default=-1.0) if "p" in value else None
                if p is None:
                    self.fail(
                        path,
                        text("problem.flow.optional"),
                        text("problem.write", example="{optional: step_id, p: 0.3}"),
                    )
                    return None
                node = self.flow(value["optional"], (*path, "optional"))
                if node is None:
                    return None
                return Choice(
                    ((p, node), (1 - p, Serial(()))),
                    key=str(value.get("key", "")),
                    fitted=_text(value),
                )
            if "detached" in value:
                self.only(value, ("detached", "share", "key", *PROVENANCE), path)
                share = self.probability(value, "share", path, default=1.0)
                node = self.flow(value["detached"], (*path, "detached"))
                return (
                    None if node is None else Detached(node, share, key=str(value.get("key", "")))
                )
            keys = ", ".join(map(str, value))
            self.fail(
                path,
                text("problem.flow.unknown_node", keys=keys),
                text(
                    "problem.flow.node_kinds",
                    parallel="{parallel: [...]}",
                    choice="{choice: [...]}",
                    optional="{optional: x, p: 0.3}",
                ),
            )
            return None
        self.fail(
            path,
            text("problem.flow.bad_node", value=show(value)),
            text("problem.flow.see_reference"),
        )
        return None

    def choice(self, value: Mapping[str, Any], options: list[Any], path: PathKey) -> Choice | None:
        """The options of a choice: by chance (``p``) or by the case's attributes (``when``).

        The first option whose ``when`` holds is taken; a case that meets none draws among
        the options without ``when`` (their ``p`` sum to 1; a single one may omit ``p``).
        """
        built: list[tuple[float, Flow]] = []
        rules: list[tuple[Condition, ...]] = []
        rest = [i for i, o in enumerate(options) if not (isinstance(o, Mapping) and "when" in o)]
        total = 0.0
        for i, opt in enumerate(options):
            opath: PathKey = (*path, "choice", i)
            keys = set(opt) if isinstance(opt, Mapping) else set()
            if "when" in keys and "p" in keys:
                self.fail(
                    (*opath, "p"), text("problem.flow.when_and_p"), text("problem.flow.when_or_p")
                )
                continue
            conditional = keys == {"when", "do"}
            # the only option for the rest of a choice by attributes may leave out p
            lone = keys == {"do"} and len(rest) == 1 < len(options)
            if not (conditional or lone or keys == {"p", "do"}):
                self.fail(
                    opath,
                    text("problem.flow.option_when", value=show(opt))
                    if "when" in keys
                    else text("problem.flow.option", value=show(opt)),
                    text("problem.write", example="{p: 0.3, do: step_id}")
                    if "when" not in keys
                    else text("problem.write", example="{when: {project_type: simple}, do: x}"),
                )
                continue
            assert isinstance(opt, Mapping)
            rule = self.conditions(opt["when"], (*opath, "when")) if conditional else ()
            if conditional and not rule:
                continue
            share = 0.0 if conditional else 1.0 if lone else self.probability(opt, "p", opath)
            node = self.flow(opt["do"], (*opath, "do"))
            total += share
            if node is not None:
                built.append((share, node))
                rules.append(rule)
        by_attributes = any(rules)
        if by_attributes and not rest:
            self.fail(
                (*path, "choice"),
                text("problem.flow.no_rest"),
                text("problem.flow.add_rest", example="{do: []}"),
            )
            return None
        if abs(total - 1) > 1e-9 and len(built) == len(options):
            self.fail(
                (*path, "choice"),
                text("problem.flow.sum", total=total),
                text("problem.flow.rest", example="{p: ..., do: []}"),
            )
        if len(built) != len(options):
            return None
        return Choice(
            tuple(built),
            key=str(value.get("key", "")),
            fitted=_text(value),
            when=tuple(rules) if by_attributes else (),
        )

    def only(self, value: Mapping[str, Any], allowed: tuple[str, ...], path: PathKey) -> None:
        for key in value:
            if key not in allowed:
                self.fail(
                    (*path, key),
                    text("problem.flow.unknown_key", key=key),
                    text("problem.allowed_here", names=", ".join(allowed)),
                )


def _text(value: Mapping[str, Any]) -> str | None:
    """The ``fitted`` provenance of a flow node, when it is text."""
    fitted = value.get("fitted")
    return fitted if isinstance(fitted, str) else None
