"""Load a scenario from YAML: parse, check every key, type, range and reference, build.

All problems in a file are collected and raised together as one :class:`ScenarioError`,
each as ``file:line: [field] what is wrong, got value; fix``. The parsing itself lives in
:mod:`simulate.io.parser` (sections), :mod:`~simulate.io.flow_parser`,
:mod:`~simulate.io.duration_parser` and :mod:`~simulate.io.fields`; the allowed
keys in :mod:`simulate.io.schema`. This module reads files, follows ``extends:`` and
applies the ``reforms:`` list.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from simulate.calendar import elapsed_working_days, horizon_clock
from simulate.errors import CalendarError, Problem, ScenarioError
from simulate.io.fields import show
from simulate.io.parser import ScenarioParser
from simulate.io.schema import PROVENANCE, RUN_CONTROL, SCHEMA
from simulate.io.workbook import read_workbook
from simulate.io.yamlsrc import Located, PathKey, Source, read_yaml
from simulate.reforms import apply_reform_entries, reform_key, reform_names
from simulate.scenario.model import Scenario
from simulate.scenario.validate import check_scenario
from simulate.strings import text as say
from simulate.theory import critical_path

__all__ = [
    "PROVENANCE",
    "RUN_CONTROL",
    "SCHEMA",
    "load_bundle",
    "load_scenario",
    "scenario_from_dict",
]


#: Longest chain of files extending one another.
MAX_EXTENDS = 20


def load_bundle(path: str | Path) -> tuple[Scenario, list[tuple[str, dict[str, Any]]]]:
    """A scenario file without its reforms applied, and its ``reforms:`` list.

    Used for reform attribution: the base and each reform as ``(name, params)``, in order.
    The reforms are checked by applying them once, so a bad entry fails here with its line.
    """
    load_scenario(path)  # full check, with lines
    path = Path(path)
    raw, located, _ = _read_with_extends(path, ())
    assert raw is not None
    entries = raw.pop("reforms", None) or []
    parser = ScenarioParser(located, base_dir=path.parent, known_reforms=reform_names())
    base = parser.scenario(raw)
    assert base is not None
    out: list[tuple[str, dict[str, Any]]] = []
    for entry in entries:
        if isinstance(entry, str):
            out.append((reform_key(entry), {}))
        else:
            name, params = next(iter(entry.items()))
            out.append((reform_key(str(name)), dict(params or {})))
    return base.with_changes(path=str(path)), out


def load_scenario(path: str | Path) -> Scenario:
    """Read, validate and build a scenario from a YAML file.

    Parameters
    ----------
    path
        The scenario file. ``extends:`` paths inside it are relative to it.

    Returns
    -------
    Scenario
        The scenario with its ``reforms:`` applied, in order.

    Raises
    ------
    ScenarioError
        Listing every problem in the file (and the files it extends), each with its line.
    """
    path = Path(path)
    raw, located, problems = _read_with_extends(path, ())
    if raw is None:
        raise ScenarioError(problems, file=str(path))
    parser = ScenarioParser(located, base_dir=path.parent, known_reforms=reform_names())
    scenario = parser.scenario(raw)
    problems += parser.problems
    if scenario is not None and not problems:
        problems += [located.problem(_path(p), p.message, p.fix) for p in check_scenario(scenario)]
        problems += _calendar_problems(scenario, located)
    if scenario is None or problems:
        raise ScenarioError(problems, file=str(path))
    reforms = raw.get("reforms") or []
    scenario = _apply_reform_list(scenario, reforms, located)
    return scenario.with_changes(path=str(path))


def scenario_from_dict(data: Mapping[str, Any], *, base_dir: str | Path = ".") -> Scenario:
    """Build a scenario from the same mapping a YAML file holds (no ``extends``)."""
    located = Located(Source("<dict>", data, {}))
    parser = ScenarioParser(located, base_dir=Path(base_dir), known_reforms=reform_names())
    scenario = parser.scenario(dict(data))
    problems = parser.problems
    if scenario is not None and not problems:
        problems += [located.problem(_path(p), p.message, p.fix) for p in check_scenario(scenario)]
    if scenario is None or problems:
        raise ScenarioError(problems)
    return _apply_reform_list(scenario, data.get("reforms") or [], located)


def _calendar_problems(scenario: Scenario, located: Located) -> list[Problem]:
    """Dates outside the work calendar's data: the start, the horizon, arrival dates."""
    fix = say("problem.calendar.fix", example="calendar: {holidays: [...], years: [YEAR]}")
    try:
        cal = scenario.work_calendar()
    except CalendarError as err:
        text = str(err).removeprefix("calendar: ")
        what, _, how = text.partition(". Fix: ")
        return [located.problem(("start",), what, how or fix)]
    problems = []
    margin = case_margin(scenario)
    try:
        horizon_clock(cal, scenario.horizon_working_days)
        last_arrival = scenario.horizon_working_days
        last_day = _arrival_day(scenario)
        if last_day is not None and cal.origin <= last_day <= cal.last_day:
            last_arrival = elapsed_working_days(cal, 0.0, cal.to_clock(last_day))
        covered = True
        horizon_clock(cal, last_arrival + margin)
    except (CalendarError, ValueError, OverflowError):
        covered = False
    if not covered:
        problems.append(
            located.problem(
                ("horizon_working_days",),
                say(
                    "problem.calendar.horizon",
                    horizon=scenario.horizon_working_days,
                    start=scenario.start,
                    margin=margin,
                    last=cal.last_day,
                ),
                say("problem.calendar.horizon_fix"),
            )
        )
    last = scenario.arrivals.times[-1] if scenario.arrivals.times else None
    day = scenario.arrivals.date or (last.date() if last else None)
    if day is not None and day > cal.last_day:
        problems.append(
            located.problem(
                ("arrivals",),
                say("problem.calendar.arrival", day=day, last=cal.last_day),
                fix,
            )
        )
    return problems


def _arrival_day(scenario: Scenario) -> Any:
    """The last submission date of a cohort or listed arrivals (None for Poisson arrivals)."""
    if scenario.arrivals.date is not None:
        return scenario.arrivals.date
    if scenario.arrivals.times:
        return scenario.arrivals.times[-1].date()
    return None


#: Working days one unit of each duration unit counts for in :func:`case_margin` (working
#: hours are divided by the calendar's hours per day).
_UNIT_DAYS = {"working_days": 1.0, "natural_days": 1.0, "natural_hours": 1 / 24}


def case_margin(scenario: Scenario) -> float:
    """Working days past the horizon that the calendar must also cover.

    A case submitted near the end of the horizon is still being worked on after it, and the
    run stops with a calendar error if the calendar's data ends first. The margin is twice
    the critical path of a case (:func:`critical_path` over each step's mean length plus its
    rework make-ups at their expected number of rounds, ``p / (1 - p)`` capped at
    ``max_rounds``), and at least 20 working days. Natural days count as working days here,
    which makes the margin longer, not shorter.
    """
    hours = scenario.calendar.office_hours.hours_per_day or 7.0

    def days(duration: Any) -> float:
        return float(duration.mean) * _UNIT_DAYS.get(duration.unit, 1 / hours)

    rework = dict(scenario.rework)
    lengths = {}
    for st in scenario.steps:
        length = days(st.duration) + (days(st.travel) if st.travel else 0.0)
        rw = rework.get(st.id)
        if rw is not None:
            rounds = min(rw.max_rounds, rw.p_incomplete / max(1e-9, 1 - rw.p_incomplete))
            length += rounds * days(rw.makeup)
        lengths[st.id] = length
    try:
        path = critical_path(scenario.flow, lengths)
    except (KeyError, ValueError):
        path = sum(lengths.values())
    return max(20.0, 2.0 * path)


def _apply_reform_list(scenario: Scenario, reforms: Any, located: Located) -> Scenario:
    return apply_reform_entries(scenario, reforms, located)


def _path(problem: Problem) -> PathKey:
    """Turn a problem's field text back into a path key (``steps[2].desk``)."""
    out: list[str | int] = []
    for part in problem.field.replace("[", ".[").split("."):
        if not part:
            continue
        if part.startswith("[") and part.endswith("]"):
            out.append(int(part[1:-1]))
        else:
            out.append(part)
    return tuple(out)


def _read_with_extends(
    path: Path, seen: tuple[Path, ...]
) -> tuple[dict[str, Any] | None, Located, list[Problem]]:
    if path.suffix.lower() == ".xlsx":  # a scenario workbook (simulate template)
        return read_workbook(path)
    src, problems = read_yaml(path)
    located = Located(src)
    if src is None:
        return None, located, problems
    data = dict(src.data)
    for key in data:
        located.top[str(key)] = src
    base_ref = data.pop("extends", None)
    if base_ref is None:
        return data, located, problems
    if not isinstance(base_ref, str):
        problems.append(
            located.problem(
                ("extends",),
                say("problem.extends.path", value=repr(base_ref)),
                say("problem.write", example="extends: base.yaml"),
            )
        )
        return None, located, problems
    try:
        base_path = (path.parent / base_ref).resolve()
        found = base_path.is_file()
    except (OSError, ValueError) as err:
        problems.append(
            located.problem(
                ("extends",),
                say("problem.extends.unusable", value=show(base_ref), error=err),
                say("problem.extends.relative"),
            )
        )
        return None, located, problems
    if base_path in seen or base_path == path.resolve():
        problems.append(
            located.problem(
                ("extends",),
                say("problem.extends.loop", base=base_ref),
                say("problem.extends.loop_fix"),
            )
        )
        return None, located, problems
    if not found:
        what = "problem.extends.folder" if base_path.is_dir() else "problem.extends.irregular"
        problems.append(
            located.problem(
                ("extends",),
                say(
                    what if base_path.exists() else "problem.extends.not_found",
                    value=show(base_ref),
                ),
                say("problem.extends.relative"),
            )
        )
        return None, located, problems
    if len(seen) >= MAX_EXTENDS:
        problems.append(
            located.problem(
                ("extends",),
                say("problem.extends.chain", count=MAX_EXTENDS),
                say("problem.extends.flatten"),
            )
        )
        return None, located, problems
    base, base_loc, base_problems = _read_with_extends(
        path.parent / base_ref, (*seen, path.resolve())
    )
    if base is None and base_problems and base_problems[0].line is None:
        # the base could not be read at all: say so at this file's extends: line too
        problems.append(
            located.problem(
                ("extends",),
                say(
                    "problem.extends.base",
                    value=show(base_ref),
                    message=base_problems[0].message,
                ),
                base_problems[0].fix,
            )
        )
    if base is None:
        return None, located, problems + base_problems
    merged = dict(base)
    merged_loc = Located(src)
    merged_loc.top = dict(base_loc.top)
    for key, value in data.items():
        if key == "reforms":
            continue
        merged[key] = value
        merged_loc.top[str(key)] = src
    own = data.get("reforms") or []
    inherited = base.get("reforms") or []
    if isinstance(own, list) and isinstance(inherited, list):
        merged["reforms"] = [*inherited, *own]
        merged_loc.reform_sources = [
            *base_loc.reform_sources,
            *((src, i) for i in range(len(own))),
        ]
    else:
        merged["reforms"] = own
        merged_loc.top["reforms"] = src
    return merged, merged_loc, problems + base_problems
