"""The reform registry: each reform is a registered pure function Scenario -> Scenario.

A reform (改革举措) is registered with :func:`reform` under a name, with its Chinese label, a
citation of a plan that names it and the verbatim phrase there. The registry drives the
``reforms:`` list of scenario files, :func:`apply_reform` in Python, ``simulate reforms`` on the
command line and the generated page ``docs/reference/reforms.md`` (:func:`reforms_markdown`),
so the three cannot drift apart. The reforms themselves live in
:mod:`simulate.reforms.flow`, :mod:`simulate.reforms.steps`, :mod:`simulate.reforms.limits`,
:mod:`simulate.reforms.desks`, :mod:`simulate.reforms.documents` and
:mod:`simulate.reforms.matters`; the checks of their parameters in
:mod:`simulate.reforms.params`.

Every reform takes the scenario and keyword parameters, checks them completely, and returns a
new scenario built with :func:`dataclasses.replace`; the input is never modified. A parameter
that names a step or desk the scenario lacks, or a change that makes no sense where it is
applied, raises :class:`ReformError`, which becomes a located :class:`ScenarioError`.
"""

from __future__ import annotations

import copy
import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from simulate.errors import Problem, ScenarioError, did_you_mean
from simulate.io.fields import LARGEST, finite, show
from simulate.io.yamlsrc import Located, PathKey
from simulate.reforms.conditional import (
    WhenError,
    apply_when,
    check_copies_kept,
    read_conditions,
)
from simulate.scenario.attributes import describe_conditions
from simulate.scenario.model import AppliedReform, Scenario
from simulate.scenario.validate import check_scenario
from simulate.strings import text

ReformFn = Callable[..., Scenario]

#: Keys every reform entry may carry besides its parameters: its provenance.
PROVENANCE_KEYS = ("source", "assumption")


class ReformError(ValueError):
    """Raised inside a reform: ``field`` is the parameter at fault (``inspection.desk``)."""

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
    quote: str = ""
    example: str = ""


_REGISTRY: dict[str, Reform] = {}

#: Every registered reform by name: a read-only view (register with :func:`reform`).
REFORMS: Mapping[str, Reform] = MappingProxyType(_REGISTRY)


def reform(
    name: str, *, label: str, citation: str, quote: str = "", example: str = ""
) -> Callable[[ReformFn], ReformFn]:
    """Register a reform function under ``name``.

    Parameters
    ----------
    name
        The key used in ``reforms:`` lists, e.g. ``parallel_approval``.
    label
        The Chinese name(s), e.g. ``并联审批``.
    citation
        ``<file>#L<line>`` of ``scenarios/sources/<file>``: a plan that names the reform.
    quote
        A short verbatim phrase of that line.
    example
        A ``reforms:`` entry in YAML (shown in the docs and checked by the tests).
    """

    def register(function: ReformFn) -> ReformFn:
        doc = inspect.getdoc(function) or ""
        summary = doc.splitlines()[0] if doc else ""
        _REGISTRY[name] = Reform(name, label, summary, citation, function, doc, quote, example)
        return function

    return register


# -- names -------------------------------------------------------------------------------
def reform_aliases() -> dict[str, str]:
    """Each Chinese name a reform's label gives -> the reform's key.

    A label such as ``一窗受理 / 综窗`` or ``联合审查（联合图审/联合验收/多评合一/多测合一）``
    gives each of its names (and itself whole): ``并联审批`` -> ``parallel_approval``. A name
    two reforms share leads to neither.
    """
    found: dict[str, set[str]] = {}
    for key, entry in REFORMS.items():
        label = entry.label.strip()
        names = {label}
        for part in re.split(r"[/／（）()]", label):
            if part.strip():
                names.add(part.strip())
        for name in names:
            found.setdefault(name, set()).add(key)
    return {name: next(iter(keys)) for name, keys in found.items() if len(keys) == 1}


def reform_key(name: str) -> str:
    """The registry key of a reform written by key or by Chinese name (``并联审批``); a name
    that is neither comes back as given (applying it then says what was meant)."""
    if name in REFORMS:
        return name
    return reform_aliases().get(name.strip(), name)


def reform_names() -> tuple[str, ...]:
    """Every name a reform may be written by: the keys, then the Chinese names."""
    return (*REFORMS, *sorted(set(reform_aliases()) - set(REFORMS)))


# -- applying ------------------------------------------------------------------------------
def unregister(name: str) -> None:
    """Remove a registered reform (for reforms registered in a session or a test)."""
    _REGISTRY.pop(name, None)


def apply_reform(scenario: Scenario, name: str, **params: Any) -> Scenario:
    """Apply one registered reform; the input scenario is never modified.

    Parameters
    ----------
    scenario
        The scenario to change.
    name
        A registered reform (see :data:`REFORMS` or ``simulate reforms``).
    **params
        Its parameters, as in a ``reforms:`` entry. ``source`` and ``assumption`` are kept
        in the record of applied reforms and passed to no reform.

    Returns
    -------
    Scenario
        The changed scenario, with the reform appended to its ``reforms`` record.

    Raises
    ------
    ScenarioError
        For an unknown reform, an unknown or missing parameter, a step or desk the scenario
        lacks, or a change that makes no sense where it is applied.
    """
    name = reform_key(name)
    if name not in REFORMS:
        fix = did_you_mean(name, reform_names(), otherwise=text("error.see_reforms"))
        raise ScenarioError([Problem(text("error.unknown_reform", name=name), "reforms", fix=fix)])
    record = copy.deepcopy(dict(params))
    args = {k: v for k, v in params.items() if k not in PROVENANCE_KEYS}
    try:
        _check_numbers(params, "")
        for key in PROVENANCE_KEYS:
            if params.get(key) is not None and not isinstance(params[key], str):
                raise ReformError(
                    text("field.not_text", value=show(params[key])),
                    field=key,
                    fix=text("field.quote"),
                )
        when = None if _reads_when(REFORMS[name]) else args.pop("when", None)
        _check_signature(name, args)
        if when is None:
            out = REFORMS[name].apply(scenario, **args)
        else:  # for the cases meeting the conditions only (simulate.reforms.conditional)
            out = apply_when(scenario, name, lambda s: REFORMS[name].apply(s, **args), when)
        check_copies_kept(scenario, out)
    except (ReformError, WhenError) as err:
        field = f"{name}.{err.field}" if err.field else name
        raise ScenarioError([Problem(err.message, field, fix=err.fix)]) from None
    problems = check_scenario(out)
    if problems:
        raise ScenarioError(
            [
                Problem(text("reform.after", name=name, message=p.message), p.field, fix=p.fix)
                for p in problems
            ]
        )
    return out.with_changes(reforms=(*scenario.reforms, AppliedReform(name=name, params=record)))


def _reads_when(known: Reform) -> bool:
    """Whether the reform takes ``when:`` itself (green_channel: the class served first);
    for every other reform, ``when:`` applies it to the cases meeting the conditions only."""
    return "when" in inspect.signature(known.apply).parameters


def describe_applied(applied: AppliedReform) -> str:
    """An applied reform in words: ``减环节（remove_steps，仅当 project_type 为 simple_low_risk）``."""
    known = REFORMS.get(applied.name)
    if known is None:
        return applied.name
    label = known.label.split(" / ")[0]
    when = applied.params.get("when")
    condition = ""
    if when is not None and not _reads_when(known):
        try:
            conditions = read_conditions(when)
        except WhenError:
            conditions = ()
        if conditions:
            condition = text("reform.described_when", conditions=describe_conditions(conditions))
    return text("reform.described", label=label, name=applied.name, when=condition)


def _check_numbers(value: Any, field: str) -> None:
    """Every number in the parameters is finite and in range (YAML integers are unbounded;
    the parameters are also kept in the scenario's record and its digest)."""
    if isinstance(value, Mapping):
        for key, sub in value.items():
            _check_numbers(sub, f"{field}.{key}" if field else str(key))
    elif isinstance(value, list | tuple):
        for i, sub in enumerate(value):
            _check_numbers(sub, f"{field}[{i}]")
    elif isinstance(value, int | float) and not isinstance(value, bool) and not finite(value):
        raise ReformError(
            text("field.not_finite", value=show(value)),
            field=field,
            fix=text("field.finite", largest=LARGEST),
        )


def _check_signature(name: str, params: Mapping[str, Any]) -> None:
    """Unknown and missing parameters, with a did-you-mean."""
    sig = inspect.signature(REFORMS[name].apply)
    known = list(sig.parameters)[1:]
    for key in params:
        if key not in known:
            takes = text("reform.takes", name=name, names=", ".join(known))
            fix = did_you_mean(str(key), known, otherwise=takes)
            raise ReformError(text("reform.unknown_parameter", key=key), field=str(key), fix=fix)
    for key in known:
        if sig.parameters[key].default is inspect.Parameter.empty and key not in params:
            raise ReformError(
                text("reform.missing_parameter", key=key),
                field=key,
                fix=text("reform.takes_see", name=name, names=", ".join(known)),
            )


def apply_reform_entries(scenario: Scenario, entries: Any, located: Located) -> Scenario:
    """Apply the ``reforms:`` list of a file, pointing errors at the entry's line."""
    if not isinstance(entries, list):
        return scenario
    problems: list[Problem] = []
    for i, entry in enumerate(entries):
        params: Any
        if isinstance(entry, str):
            name, params = entry, {}
        elif isinstance(entry, Mapping) and len(entry) == 1:
            name, params = next(iter(entry.items()))
            params = params or {}
        else:
            problems.append(
                located.reform_problem(
                    i,
                    (),
                    text("reform.entry_shape", value=repr(entry)),
                    text("reform.write_entry"),
                )
            )
            continue
        if not isinstance(params, Mapping):
            problems.append(
                located.reform_problem(
                    i,
                    (name,),
                    text("reform.params_not_mapping", value=repr(params)),
                    text("reform.write_params"),
                )
            )
            continue
        key = reform_key(str(name))
        try:
            scenario = apply_reform(scenario, key, **{str(k): v for k, v in params.items()})
        except ScenarioError as err:
            for p in err.problems:
                sub = _sub_path(p.field[len(key) + 1 :]) if p.field.startswith(f"{key}.") else ()
                problems.append(located.reform_problem(i, (str(name), *sub), p.message, p.fix))
            # go on with the scenario as it was, so later entries are checked too
    if problems:
        raise ScenarioError(problems, file=located.default.file if located.default else None)
    return scenario


def _sub_path(field: str) -> PathKey:
    """``"inspection.desk"`` -> ``("inspection", "desk")``; ``"steps[1]"`` -> ``("steps", 1)``."""
    out: list[str | int] = []
    for part in field.split("."):
        m = re.fullmatch(r"([^\[]*)((?:\[\d+\])*)", part)
        if m is None:
            out.append(part)
            continue
        if m.group(1):
            out.append(m.group(1))
        out += [int(i) for i in re.findall(r"\[(\d+)\]", m.group(2))]
    return tuple(out)


# -- the generated reference page ------------------------------------------------------------
def reforms_markdown() -> str:
    """The reform reference page (``docs/reference/reforms.md``), generated from the registry."""
    out = [
        "# Reforms",
        "",
        "Generated from the reform registry (`simulate.reforms.registry.reforms_markdown`) by",
        "`python tools/generate_docs.py`; do not edit by hand.",
        "",
        "A scenario lists reforms under `reforms:`; they apply in order, each to the result of",
        "the one before, and never modify the scenario they are given. Every entry may also carry",
        "`source:` (a citation) and `assumption:` (the reason for an assumed number). In Python:",
        "`simulate.apply_reform(scenario, name, **params)`; on the command line, `simulate",
        "reforms` lists them and `simulate diff A.yaml B.yaml` shows what one changed.",
        "",
        "An entry may carry `when:` (attribute conditions, as on steps) to apply to the cases",
        "that meet them only: each step the reform changes gets a reformed copy",
        "(`<step>__<reform>`) that those cases take instead, a step it removes is skipped by",
        "them, and a whole-case limit it sets becomes a limit class (`time_limit: {by: ...}`).",
        "A reform that changes desks, adds steps, reorganises the flow or changes anything",
        "else that applies to every case is refused with `when:`.",
        "",
        "| reform | 名称 | meaning | named in |",
        "|---|---|---|---|",
    ]
    for name, r in sorted(REFORMS.items()):
        out.append(f"| [`{name}`](#{name}) | {r.label} | {r.summary} | `{r.citation}` |")
    for name, r in sorted(REFORMS.items()):
        summary, body, params = _split_doc(r.doc)
        out += ["", f"## {name}", "", f"**{r.label}**: {summary}", ""]
        if body:
            out += [body, ""]
        if params:
            out += ["| parameter | meaning |", "|---|---|"]
            out += [f"| `{p}` | {text} |" for p, text in params]
            out.append("")
        if r.example:
            out += ["```yaml", "reforms:", f"  - {r.example}", "```", ""]
        quote = f": 「{r.quote}」" if r.quote else ""
        out.append(f"Named in `{r.citation}`{quote}")
    return "\n".join(out).rstrip() + "\n"


def _split_doc(doc: str) -> tuple[str, str, list[tuple[str, str]]]:
    """Summary line, body text and the numpy-style ``Parameters`` entries of a docstring."""
    lines = doc.splitlines()
    body: list[str] = []
    params: list[tuple[str, str]] = []
    in_params = False
    i = 1
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if line.strip() and following and set(following) == {"-"}:  # a section heading
            in_params = line.strip() == "Parameters"
            i += 2
            continue
        if not in_params:
            body.append(line)
        elif line and not line[0].isspace():
            params.append((line.split(" : ")[0].strip(), ""))
        elif line.strip() and params:
            name, text = params[-1]
            params[-1] = (name, f"{text} {line.strip()}".strip())
        i += 1
    return (lines[0] if lines else ""), "\n".join(body).strip(), params
