"""Load a scenario from YAML: parse, check every key, type, range and reference, build.

All problems in a file are collected and raised together as one :class:`ScenarioError`,
each as ``file:line: [field] what is wrong, got value; fix``.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from simulate.calendar import OfficeHours
from simulate.errors import Problem, ScenarioError
from simulate.scenario.durations import UNITS, Duration, Unit
from simulate.scenario.model import (
    ACTORS,
    Arrivals,
    CalendarSpec,
    Choice,
    Desk,
    Detached,
    Node,
    Parallel,
    Rework,
    Scenario,
    Sequence,
    Step,
    Threshold,
)
from simulate.scenario.validate import check_scenario
from simulate.scenario.yamlsrc import Located, PathKey, Source, read_yaml

T = TypeVar("T")

PROVENANCE = {
    "source": 'a citation such as "000_f80ffa6c48ad881a.txt#L28"',
    "assumption": "a one-line reason for an assumed number",
}

#: Allowed keys of each mapping, with a short meaning (used in errors and the generated docs).
SCHEMA: dict[str, dict[str, str]] = {
    "scenario": {
        "name": "identifier of the scenario (lower-case letters, digits, _)",
        "label": "display label, Chinese welcome",
        "process": "process family, e.g. company_registration, power, water_gas, construction",
        "description": "what this variant is and where it comes from",
        "documents": "policy documents this scenario draws on",
        "extends": "path of a base scenario file (relative to this file) to inherit from",
        "start": "first day of the run (YYYY-MM-DD)",
        "horizon_working_days": "length of the run in working days, warm-up included (default 250)",
        "warmup_working_days": "working days at the start whose arrivals are left out of statistics (default 0)",
        "replications": "default number of independent replications (default 10)",
        "seed": "default random seed (default: fresh entropy, recorded in the results)",
        "calendar": "which days are working days and the standard office hours",
        "arrivals": "how cases arrive: per_working_day, cohort or csv",
        "time_limit": "the promised or statutory limit of the whole case, in working days",
        "thresholds": "extra shares to report, e.g. 半日办结率 (done within 0.5 working day)",
        "desks": "staff pools (窗口/科室) keyed by id",
        "steps": "the steps (环节) of the process",
        "flow": "how the steps compose: sequence, parallel, choice, optional",
        "rework": "补正 loops keyed by step id",
        "reforms": "reforms applied in order, e.g. - parallel_approval: {steps: [a, b]}",
        **PROVENANCE,
    },
    "calendar": {
        "days": "official (Chinese official calendar) | weekdays | every_day",
        "office_hours": 'standard office hours, e.g. ["09:00-12:00", "13:00-17:00"] or "24h"',
        "holidays": "extra days off (YYYY-MM-DD); with `years`, the full list for those years",
        "workdays": "extra make-up working days (调休)",
        "years": "years whose holidays this file supplies itself (outside the official data)",
        **PROVENANCE,
    },
    "arrivals": {
        "per_working_day": "Poisson arrivals: mean cases per working day",
        "any_hour": "true: submissions at any hour of any day (online); default office hours only",
        "cohort": "N cases submitted together on `date` (isolates the process from congestion)",
        "date": "date of the cohort (YYYY-MM-DD)",
        "csv": "CSV file of submissions (column `submitted`: date or datetime), relative to this file",
        **PROVENANCE,
    },
    "time_limit": {
        "working_days": "limit of the whole case in working days",
        "working_hours": "or in working hours (converted with the calendar's office hours per day)",
        **PROVENANCE,
    },
    "threshold": {
        "working_days": "report the share of cases done within this many working days",
        "working_hours": "or within this many working hours (converted with the calendar's office hours per day)",
        "label": "its name, e.g. 半日办结率",
        "target_share": "the plan's target share (0-1), drawn on charts",
        **PROVENANCE,
    },
    "desk": {
        "label": "display label",
        "staff": "number of staff serving in parallel (integer >= 1)",
        "hours": 'office hours, e.g. ["09:00-12:00", "13:00-17:00"] or "24h" (default: calendar)',
        "every_day": "true: open on weekends and holidays too (an online system)",
        **PROVENANCE,
    },
    "step": {
        "id": "identifier, unique in the scenario",
        "label": "display label (环节名称)",
        "desk": "desk id for a staffed step; omit for a pure delay",
        "actor": "whose time it is: agency | applicant | third_party (default agency)",
        "duration": "how long: {working_hours|working_days|natural_hours|natural_days: VALUE}",
        "limit": "this step's own limit: {working_days: N}",
        "visit": "true if it needs an in-person visit (跑动)",
        "travel": "applicant travel before a visit: a duration",
        "documents": "number of documents required",
        "procedure": "counts as a procedure (环节) in step counts (default true)",
        "clock_stop": "true: its time does not count against limits (行政许可法 art. 45)",
        "default_approval": "true: past its limit the step counts as approved (超时默认)",
        "auto_share": "share of cases approved automatically without staff (秒批), 0-1",
        **PROVENANCE,
    },
    "duration": {
        **{u: f"value in {u.replace('_', ' ')}" for u in UNITS},
        **PROVENANCE,
    },
    "duration_value": {
        "fixed": "always this value",
        "median": "lognormal: median (with p90)",
        "p90": "lognormal: 90th percentile (with median)",
        "min": "triangular: minimum (with mode, max)",
        "mode": "triangular: most likely (with min, max)",
        "max": "triangular: maximum (with min, mode)",
        "mean": "exponential: mean",
        "values": "empirical: observed values, resampled",
    },
    "limit": {
        "working_days": "step limit in working days",
        "working_hours": "or in working hours",
        **PROVENANCE,
    },
    "rework": {
        "p_incomplete": "probability the documents are incomplete after the step (0-1)",
        "makeup": "applicant's make-up time: a duration",
        "max_rounds": "most rounds of 补正 (default 3)",
        "alongside": "true: the make-up runs alongside (容缺受理) instead of sending the case back",
        "before": "with alongside: step that may not start before the make-up is done",
        "p_fail": "with alongside: probability a make-up fails and the case goes back (0-1)",
        **PROVENANCE,
    },
}

RUN_CONTROL = ("start", "horizon_working_days", "warmup_working_days", "replications", "seed")


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
    parser = _Parser(located, base_dir=path.parent)
    base = parser.scenario(raw)
    assert base is not None
    out: list[tuple[str, dict[str, Any]]] = []
    for entry in entries:
        if isinstance(entry, str):
            out.append((entry, {}))
        else:
            name, params = next(iter(entry.items()))
            out.append((str(name), dict(params or {})))
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
    parser = _Parser(located, base_dir=path.parent)
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
    parser = _Parser(located, base_dir=Path(base_dir))
    scenario = parser.scenario(dict(data))
    problems = parser.problems
    if scenario is not None and not problems:
        problems += [located.problem(_path(p), p.message, p.fix) for p in check_scenario(scenario)]
    if scenario is None or problems:
        raise ScenarioError(problems)
    return _apply_reform_list(scenario, data.get("reforms") or [], located)


def _calendar_problems(s: Scenario, located: Located) -> list[Problem]:
    """Dates outside the work calendar's data: the start, the horizon, arrival dates."""
    from simulate.calendar import WorkCalendar
    from simulate.errors import CalendarError

    spec = s.calendar
    fix = "choose a start date inside the official data, or supply `calendar: {holidays: [...], years: [YEAR]}`"
    try:
        cal = WorkCalendar(
            s.start,
            days=spec.days,
            extra_holidays=spec.holidays,
            extra_workdays=spec.workdays,
            supplied_years=spec.years,
            office_hours=spec.office_hours,
        )
    except CalendarError as err:
        text = str(err).removeprefix("calendar: ")
        what, _, how = text.partition(". Fix: ")
        return [located.problem(("start",), what, how or fix)]
    problems = []
    try:
        cal.horizon_clock(s.horizon_working_days)
    except CalendarError:
        problems.append(
            located.problem(
                ("horizon_working_days",),
                f"{s.horizon_working_days:g} working days from {s.start} run past the calendar's last day {cal.last_day}",
                "shorten the horizon or move the start earlier, or supply holidays for later years under calendar:",
            )
        )
    last = s.arrivals.times[-1] if s.arrivals.times else None
    day = s.arrivals.date or (last.date() if last else None)
    if day is not None and day > cal.last_day:
        problems.append(
            located.problem(
                ("arrivals",),
                f"submission date {day} is after the calendar's last day {cal.last_day}",
                fix,
            )
        )
    return problems


def _apply_reform_list(scenario: Scenario, reforms: Any, located: Located) -> Scenario:
    from simulate.scenario.reforms import apply_reform_entries

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
                ("extends",), f"must be a file path, got {base_ref!r}", "write extends: base.yaml"
            )
        )
        return None, located, problems
    base_path = (path.parent / base_ref).resolve()
    if base_path in seen or base_path == path.resolve():
        problems.append(
            located.problem(
                ("extends",),
                f"extends itself in a loop ({base_ref})",
                "point extends at a base scenario that does not extend this one",
            )
        )
        return None, located, problems
    if not base_path.exists():
        problems.append(
            located.problem(
                ("extends",),
                f"base scenario not found, got {base_ref!r}",
                "give the path relative to this file",
            )
        )
        return None, located, problems
    base, base_loc, base_problems = _read_with_extends(
        path.parent / base_ref, (*seen, path.resolve())
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


# -- the parser ----------------------------------------------------------------------------
class _Parser:
    """Checks raw YAML data and builds dataclasses, collecting every problem."""

    def __init__(self, located: Located, base_dir: Path) -> None:
        self.loc = located
        self.base_dir = base_dir
        self.problems: list[Problem] = []

    # -- helpers ------------------------------------------------------------------------
    def fail(self, path: PathKey, message: str, fix: str = "") -> None:
        self.problems.append(self.loc.problem(path, message, fix))

    def keys(
        self, data: Mapping[str, Any], schema: str, path: PathKey, required: tuple[str, ...] = ()
    ) -> None:
        allowed = SCHEMA[schema]
        for key in data:
            if key not in allowed:
                hint = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.6)
                fix = f"did you mean '{hint[0]}'?" if hint else "allowed: " + ", ".join(allowed)
                self.fail((*path, key), f"unknown key '{key}'", fix)
        for key in required:
            if key not in data:
                self.fail(path, f"missing required key '{key}'", f"add {key}: ({allowed[key]})")

    def mapping(self, value: Any, path: PathKey, what: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.fail(
            path, f"must be a mapping ({what}), got {_show(value)}", "write it as {key: value, ...}"
        )
        return None

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        path: PathKey,
        *,
        default: float | None = None,
        minimum: float | None = None,
        positive: bool = False,
        maximum: float | None = None,
        integer: bool = False,
    ) -> float | None:
        if key not in data:
            return default
        value = data[key]
        p = (*path, key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            kind = "an integer" if integer else "a number"
            self.fail(
                p, f"must be {kind}, got {_show(value)}", f"write a plain number, e.g. {key}: 2"
            )
            return None
        if integer and not float(value).is_integer():
            self.fail(p, f"must be a whole number, got {value}", "round it to an integer")
            return None
        if not math.isfinite(value):
            self.fail(p, f"must be finite, got {value}", "write a finite number")
            return None
        if positive and value <= 0:
            self.fail(p, f"must be > 0, got {value}", "use a positive number")
            return None
        if minimum is not None and value < minimum:
            self.fail(
                p, f"must be >= {minimum:g}, got {value}", f"use a number of at least {minimum:g}"
            )
            return None
        if maximum is not None and value > maximum:
            self.fail(
                p, f"must be <= {maximum:g}, got {value}", f"use a number of at most {maximum:g}"
            )
            return None
        return float(value)

    def probability(
        self, data: Mapping[str, Any], key: str, path: PathKey, default: float = 0.0
    ) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            self.fail(
                (*path, key),
                f"must be a probability in [0, 1], got {_show(value)}",
                "write a share such as 0.3 for 30%",
            )
            return default
        return float(value)

    def text(self, data: Mapping[str, Any], key: str, path: PathKey, default: str = "") -> str:
        value = data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.fail((*path, key), f"must be text, got {_show(value)}", "quote it")
            return default
        return str(value)

    def flag(self, data: Mapping[str, Any], key: str, path: PathKey, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail(
                (*path, key), f"must be true or false, got {_show(value)}", "write true or false"
            )
            return default
        return value

    def date(self, value: Any, path: PathKey) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(path, f"must be a date YYYY-MM-DD, got {_show(value)}", "write e.g. 2024-03-01")
        return None

    def dates(self, data: Mapping[str, Any], key: str, path: PathKey) -> tuple[dt.date, ...]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.fail(
                (*path, key),
                f"must be a list of dates, got {_show(value)}",
                "write [2027-01-01, 2027-02-05]",
            )
            return ()
        out = [self.date(v, (*path, key, i)) for i, v in enumerate(value)]
        return tuple(d for d in out if d is not None)

    def hours(self, value: Any, path: PathKey, every_day: bool = False) -> OfficeHours | None:
        try:
            return OfficeHours.parse(value, every_day=every_day)
        except (ValueError, TypeError) as err:
            self.fail(
                path,
                f"bad office hours {_show(value)}: {err}",
                'write ["09:00-12:00", "13:00-17:00"] or "24h"',
            )
            return None

    def provenance(self, data: Mapping[str, Any], path: PathKey) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("source", "assumption"):
            value = data.get(key)
            if value is not None and not isinstance(value, str):
                self.fail((*path, key), f"must be text, got {_show(value)}", "quote it")
                value = None
            out[key] = value
        return out

    # -- sections -----------------------------------------------------------------------
    def scenario(self, data: dict[str, Any]) -> Scenario | None:
        self.keys(data, "scenario", (), required=("name", "start", "arrivals", "steps", "flow"))
        name = self.text(data, "name", ())
        if name and not (name.replace("_", "a").isalnum() and name.isascii() and name[0].isalpha()):
            self.fail(
                ("name",),
                f"must be an identifier (letters, digits, _), got {name!r}",
                "use e.g. gas_connection_2021 and put Chinese in label",
            )
        start = self.date(data["start"], ("start",)) if "start" in data else None
        horizon = self.number(data, "horizon_working_days", (), default=250.0, positive=True)
        warmup = self.number(data, "warmup_working_days", (), default=0.0, minimum=0.0)
        if horizon is not None and warmup is not None and warmup >= horizon:
            self.fail(
                ("warmup_working_days",),
                f"must be shorter than horizon_working_days ({horizon:g}), got {warmup:g}",
                "shorten the warm-up",
            )
        reps = self.number(data, "replications", (), default=10, minimum=1, integer=True)
        seed = self.number(data, "seed", (), default=None, minimum=0, integer=True)
        documents = data.get("documents", [])
        if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
            self.fail(
                ("documents",),
                f"must be a list of file names, got {_show(documents)}",
                "write [000_f80ffa6c48ad881a.txt]",
            )
            documents = []
        calendar = self.calendar(data.get("calendar", {}))
        arrivals = self.arrivals(data["arrivals"]) if "arrivals" in data else None
        hpd = calendar.office_hours.hours_per_day if calendar is not None else 7.0
        limit, limit_source = self.time_limit(data.get("time_limit"), hpd)
        thresholds = self.thresholds(data.get("thresholds", []), hpd)
        desks = self.desks(data.get("desks", {}))
        steps = self.steps(data["steps"], hpd) if "steps" in data else ()
        flow = self.flow(data["flow"], ("flow",)) if "flow" in data else None
        rework = self.rework(data.get("rework", {}))
        reforms = data.get("reforms", [])
        if not isinstance(reforms, list):
            self.fail(
                ("reforms",),
                f"must be a list, got {_show(reforms)}",
                "write - parallel_approval: {steps: [a, b]}",
            )
        raw_steps = data.get("steps")
        if isinstance(raw_steps, list) and "flow" in data:
            ids = [
                str(item.get("id"))
                for item in raw_steps
                if isinstance(item, Mapping) and "id" in item
            ]
            self.early_flow(data["flow"], ("flow",), ids, set())
        if self.problems:
            self.early_references(data, desks, reforms)
        if self.problems or start is None or arrivals is None or flow is None or calendar is None:
            return None
        return Scenario(
            name=name,
            label=self.text(data, "label", ()),
            process=self.text(data, "process", ()),
            description=self.text(data, "description", ()).strip(),
            documents=tuple(documents),
            start=start,
            horizon_working_days=horizon or 250.0,
            warmup_working_days=warmup or 0.0,
            replications=int(reps or 10),
            seed=None if seed is None else int(seed),
            calendar=calendar,
            arrivals=arrivals,
            time_limit_working_days=limit,
            time_limit_source=limit_source,
            thresholds=thresholds,
            desks=desks,
            steps=steps,
            flow=flow,
            rework=rework,
        )

    def early_references(
        self, data: Mapping[str, Any], desks: tuple[Desk, ...], reforms: Any
    ) -> None:
        """Reference checks worth reporting even when other parts of the file are broken."""
        from simulate.scenario.reforms import REFORMS

        known = [d.id for d in desks]
        raw_desks = data.get("desks")
        if isinstance(raw_desks, Mapping):
            known = [str(k) for k in raw_desks]
        steps = data.get("steps")
        if isinstance(steps, list):
            for i, item in enumerate(steps):
                desk = item.get("desk") if isinstance(item, Mapping) else None
                if isinstance(desk, str) and desk not in known:
                    self.fail(
                        ("steps", i, "desk"), f"unknown desk '{desk}'", _did_you_mean(desk, known)
                    )
        if isinstance(reforms, list):
            for i, entry in enumerate(reforms):
                name = (
                    entry
                    if isinstance(entry, str)
                    else next(iter(entry), None)
                    if isinstance(entry, Mapping)
                    else None
                )
                if isinstance(name, str) and name not in REFORMS:
                    self.problems.append(
                        self.loc.reform_problem(
                            i,
                            (name,),
                            f"unknown reform '{name}'",
                            _did_you_mean(name, list(REFORMS)),
                        )
                    )

    def early_flow(self, node: Any, path: PathKey, ids: list[str], seen: set[str]) -> None:
        """Unknown or repeated step ids in the flow, each at its own line."""
        if isinstance(node, str):
            if node not in ids:
                self.fail(path, f"unknown step '{node}'", _did_you_mean(node, ids))
            elif node in seen:
                self.fail(
                    path,
                    f"step '{node}' appears twice in the flow",
                    "reference every step exactly once (use rework for repeats)",
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

    def calendar(self, value: Any) -> CalendarSpec | None:
        path: PathKey = ("calendar",)
        data = self.mapping(value, path, "calendar settings")
        if data is None:
            return None
        self.keys(data, "calendar", path)
        days = data.get("days", "official")
        if days not in ("official", "weekdays", "every_day"):
            hint = difflib.get_close_matches(str(days), ["official", "weekdays", "every_day"], n=1)
            self.fail(
                (*path, "days"),
                f"unknown calendar {days!r}",
                f"did you mean '{hint[0]}'?" if hint else "use official, weekdays or every_day",
            )
            days = "official"
        hours = (
            self.hours(data["office_hours"], (*path, "office_hours"))
            if "office_hours" in data
            else None
        )
        years_raw = data.get("years", [])
        years: tuple[int, ...] = ()
        if isinstance(years_raw, list) and all(
            isinstance(y, int) and not isinstance(y, bool) for y in years_raw
        ):
            years = tuple(years_raw)
        else:
            self.fail(
                (*path, "years"), f"must be a list of years, got {_show(years_raw)}", "write [2027]"
            )
        spec = CalendarSpec(
            days=days,
            holidays=self.dates(data, "holidays", path),
            workdays=self.dates(data, "workdays", path),
            years=years,
        )
        if hours is not None:
            spec = CalendarSpec(
                days=spec.days,
                office_hours=hours,
                holidays=spec.holidays,
                workdays=spec.workdays,
                years=spec.years,
            )
        return spec

    def arrivals(self, value: Any) -> Arrivals | None:
        path: PathKey = ("arrivals",)
        data = self.mapping(value, path, "how cases arrive")
        if data is None:
            return None
        self.keys(data, "arrivals", path)
        prov = self.provenance(data, path)
        kinds = [k for k in ("per_working_day", "cohort", "csv") if k in data]
        if len(kinds) != 1:
            self.fail(
                path,
                f"needs exactly one of per_working_day, cohort, csv; got {kinds or 'none'}",
                "e.g. arrivals: {per_working_day: 6}",
            )
            return None
        any_hour = self.flag(data, "any_hour", path)
        if kinds[0] == "per_working_day":
            rate = self.number(data, "per_working_day", path, positive=True)
            return (
                None
                if rate is None
                else Arrivals(kind="poisson", per_working_day=rate, any_hour=any_hour, **prov)
            )
        if kinds[0] == "cohort":
            n = self.number(data, "cohort", path, positive=True, integer=True)
            if "date" not in data:
                self.fail(path, "a cohort needs a date", "add date: YYYY-MM-DD")
                return None
            day = self.date(data["date"], (*path, "date"))
            if n is None or day is None:
                return None
            return Arrivals(kind="cohort", cohort=int(n), date=day, any_hour=any_hour, **prov)
        times = self.csv_times(data["csv"], (*path, "csv"))
        if times is None:
            return None
        return Arrivals(kind="listed", times=times, any_hour=any_hour, **prov)

    def csv_times(self, value: Any, path: PathKey) -> tuple[dt.datetime, ...] | None:
        if not isinstance(value, str):
            self.fail(path, f"must be a file path, got {_show(value)}", "write csv: arrivals.csv")
            return None
        file = self.base_dir / value
        try:
            with file.open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
        except OSError:
            self.fail(
                path,
                f"CSV file not found, got {value!r}",
                "give the path relative to the scenario file",
            )
            return None
        if not rows or "submitted" not in rows[0]:
            self.fail(
                path,
                f"{value} needs a column named 'submitted'",
                "put dates or datetimes (YYYY-MM-DD[ HH:MM]) under a 'submitted' header",
            )
            return None
        out: list[dt.datetime] = []
        for i, row in enumerate(rows, start=2):
            text = (row.get("submitted") or "").strip()
            try:
                stamp = dt.datetime.fromisoformat(text)
            except ValueError:
                self.fail(
                    path,
                    f"{value} line {i}: not a date or datetime, got {text!r}",
                    "write YYYY-MM-DD or YYYY-MM-DD HH:MM",
                )
                continue
            if len(text) <= 10:
                stamp = stamp.replace(hour=9)
            out.append(stamp)
        return tuple(sorted(out))

    def working_limit(
        self, data: Mapping[str, Any], path: PathKey, schema: str, hours_per_day: float
    ) -> float | None:
        """A limit given as ``{working_days: N}`` or ``{working_hours: N}``, in working days."""
        self.keys(data, schema, path)
        units = [k for k in ("working_days", "working_hours") if k in data]
        if len(units) != 1:
            self.fail(
                path,
                f"needs exactly one of working_days, working_hours; got {units or 'none'}",
                "write {working_days: 7}",
            )
            return None
        value = self.number(data, units[0], path, positive=True)
        if value is not None and units[0] == "working_hours":
            value /= hours_per_day
        return value

    def time_limit(self, value: Any, hours_per_day: float) -> tuple[float | None, str | None]:
        if value is None:
            return None, None
        path: PathKey = ("time_limit",)
        data = self.mapping(value, path, "{working_days: N}")
        if data is None:
            return None, None
        prov = self.provenance(data, path)
        return self.working_limit(data, path, "time_limit", hours_per_day), prov["source"] or prov[
            "assumption"
        ]

    def thresholds(self, value: Any, hours_per_day: float) -> tuple[Threshold, ...]:
        if not isinstance(value, list):
            self.fail(
                ("thresholds",),
                f"must be a list, got {_show(value)}",
                "write - {working_days: 0.5, label: 半日办结率}",
            )
            return ()
        out = []
        for i, item in enumerate(value):
            path: PathKey = ("thresholds", i)
            data = self.mapping(item, path, "{working_days: N, label: ...}")
            if data is None:
                continue
            self.keys(data, "threshold", path)
            units = [k for k in ("working_days", "working_hours") if k in data]
            if len(units) != 1:
                self.fail(
                    path,
                    f"needs exactly one of working_days, working_hours; got {units or 'none'}",
                    "write {working_days: 0.5, label: 半日办结率}",
                )
                continue
            days = self.number(data, units[0], path, positive=True)
            if days is not None and units[0] == "working_hours":
                days /= hours_per_day
            target = (
                self.probability(data, "target_share", path, default=0.0)
                if "target_share" in data
                else None
            )
            if days is not None:
                out.append(
                    Threshold(
                        working_days=days,
                        label=self.text(data, "label", path),
                        target_share=target,
                        **self.provenance(data, path),
                    )
                )
        return tuple(out)

    def desks(self, value: Any) -> tuple[Desk, ...]:
        data = self.mapping(value, ("desks",), "desk id -> {staff: N, ...}")
        if data is None:
            return ()
        out = []
        for desk_id, item in data.items():
            path: PathKey = ("desks", desk_id)
            self.identifier(desk_id, path, "desk")
            spec = self.mapping(item, path, "{staff: N, hours: ...}")
            if spec is None:
                continue
            self.keys(spec, "desk", path, required=("staff",))
            staff = self.number(spec, "staff", path, minimum=1, integer=True)
            every_day = self.flag(spec, "every_day", path)
            hours = None
            if "hours" in spec:
                hours = self.hours(spec["hours"], (*path, "hours"), every_day=every_day)
            elif every_day:
                hours = OfficeHours.parse("24h", every_day=True)
            if staff is not None:
                out.append(
                    Desk(
                        id=str(desk_id),
                        label=self.text(spec, "label", path),
                        staff=int(staff),
                        hours=hours,
                        **self.provenance(spec, path),
                    )
                )
        return tuple(out)

    def identifier(self, value: Any, path: PathKey, what: str) -> None:
        if not (isinstance(value, str) and value.isidentifier() and value.isascii()):
            self.fail(
                path,
                f"{what} id must be an ASCII identifier, got {_show(value)}",
                "use letters, digits and _ (put Chinese in label)",
            )

    def steps(self, value: Any, hours_per_day: float = 7.0) -> tuple[Step, ...]:
        if not isinstance(value, list) or not value:
            self.fail(
                ("steps",),
                f"must be a non-empty list of steps, got {_show(value)}",
                "write - {id: apply, label: 申请, duration: {working_hours: 1}}",
            )
            return ()
        out = []
        for i, item in enumerate(value):
            path: PathKey = ("steps", i)
            data = self.mapping(item, path, "a step")
            if data is None:
                continue
            self.keys(data, "step", path, required=("id", "duration"))
            step_id = data.get("id")
            self.identifier(step_id, (*path, "id"), "step")
            duration = (
                self.duration(data["duration"], (*path, "duration")) if "duration" in data else None
            )
            travel = self.duration(data["travel"], (*path, "travel")) if "travel" in data else None
            limit = None
            if "limit" in data:
                lim = self.mapping(data["limit"], (*path, "limit"), "{working_days: N}")
                if lim is not None:
                    limit = self.working_limit(lim, (*path, "limit"), "limit", hours_per_day)
            actor = data.get("actor", "agency")
            if actor not in ACTORS:
                self.fail(
                    (*path, "actor"), f"unknown actor {_show(actor)}", "use " + ", ".join(ACTORS)
                )
                actor = "agency"
            desk = data.get("desk")
            if desk is not None and not isinstance(desk, str):
                self.fail(
                    (*path, "desk"), f"must be a desk id, got {_show(desk)}", "write desk: counter"
                )
                desk = None
            documents = self.number(data, "documents", path, minimum=0, integer=True)
            if duration is None or not isinstance(step_id, str):
                continue
            out.append(
                Step(
                    id=step_id,
                    label=self.text(data, "label", path),
                    duration=duration,
                    desk=desk,
                    actor=actor,
                    limit_working_days=limit,
                    visit=self.flag(data, "visit", path),
                    travel=travel,
                    documents=None if documents is None else int(documents),
                    procedure=self.flag(data, "procedure", path, default=True),
                    clock_stop=self.flag(data, "clock_stop", path),
                    default_approval=self.flag(data, "default_approval", path),
                    auto_share=self.probability(data, "auto_share", path),
                    **self.provenance(data, path),
                )
            )
        return tuple(out)

    def duration(self, value: Any, path: PathKey) -> Duration | None:
        return parse_duration(value, path, self.fail)

    def flow(self, value: Any, path: PathKey) -> Node | None:
        if isinstance(value, str):
            return value
        if isinstance(value, list):
            items = [self.flow(v, (*path, i)) for i, v in enumerate(value)]
            if any(i is None for i in items):
                return None
            return Sequence(tuple(i for i in items if i is not None))
        if isinstance(value, Mapping):
            if "parallel" in value:
                self.only(value, ("parallel",), path)
                branches = value["parallel"]
                if not isinstance(branches, list) or len(branches) < 2:
                    self.fail(
                        (*path, "parallel"),
                        f"needs a list of at least 2 branches, got {_show(branches)}",
                        "write {parallel: [a, [b, c]]}",
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
                        f"needs a list of {{p, do}} options, got {_show(options)}",
                        "write {choice: [{p: 0.3, do: x}, {p: 0.7, do: []}]}",
                    )
                    return None
                built: list[tuple[float, Node]] = []
                total = 0.0
                for i, opt in enumerate(options):
                    opath: PathKey = (*path, "choice", i)
                    if not isinstance(opt, Mapping) or set(opt) != {"p", "do"}:
                        self.fail(
                            opath,
                            f"each option needs exactly p and do, got {_show(opt)}",
                            "write {p: 0.3, do: step_id}",
                        )
                        continue
                    share = self.probability(opt, "p", opath)
                    node = self.flow(opt["do"], (*opath, "do"))
                    total += share
                    if node is not None:
                        built.append((share, node))
                if abs(total - 1) > 1e-9 and len(built) == len(options):
                    self.fail(
                        (*path, "choice"),
                        f"probabilities must sum to 1, got {total:g}",
                        "add an option {p: ..., do: []} for the rest",
                    )
                if len(built) != len(options):
                    return None
                return Choice(tuple(built), key=str(value.get("key", "")))
            if "optional" in value:
                self.only(value, ("optional", "p", "key", *PROVENANCE), path)
                p = self.probability(value, "p", path, default=-1.0) if "p" in value else None
                if p is None:
                    self.fail(
                        path,
                        "an optional node needs p (the share of cases that take it)",
                        "write {optional: step_id, p: 0.3}",
                    )
                    return None
                node = self.flow(value["optional"], (*path, "optional"))
                if node is None:
                    return None
                return Choice(((p, node), (1 - p, Sequence(()))), key=str(value.get("key", "")))
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
                f"unknown flow node with keys {keys}",
                "use a step id, a list (sequence), {parallel: [...]}, {choice: [...]} or {optional: x, p: 0.3}",
            )
            return None
        self.fail(
            path,
            f"must be a step id, a list or a flow node, got {_show(value)}",
            "see the flow section of the scenario reference",
        )
        return None

    def only(self, value: Mapping[str, Any], allowed: tuple[str, ...], path: PathKey) -> None:
        for key in value:
            if key not in allowed:
                self.fail(
                    (*path, key),
                    f"unknown key '{key}' in this flow node",
                    "allowed here: " + ", ".join(allowed),
                )

    def rework(self, value: Any) -> tuple[tuple[str, Rework], ...]:
        data = self.mapping(value, ("rework",), "step id -> {p_incomplete: p, makeup: duration}")
        if data is None:
            return ()
        out = []
        for step_id, item in data.items():
            path: PathKey = ("rework", step_id)
            spec = self.mapping(item, path, "{p_incomplete: p, makeup: duration}")
            if spec is None:
                continue
            self.keys(spec, "rework", path, required=("p_incomplete", "makeup"))
            p = self.probability(spec, "p_incomplete", path)
            makeup = self.duration(spec["makeup"], (*path, "makeup")) if "makeup" in spec else None
            rounds = self.number(spec, "max_rounds", path, default=3, minimum=1, integer=True)
            before = spec.get("before")
            if before is not None and not isinstance(before, str):
                self.fail(
                    (*path, "before"),
                    f"must be a step id, got {_show(before)}",
                    "write before: issue",
                )
                before = None
            if makeup is None or rounds is None:
                continue
            out.append(
                (
                    str(step_id),
                    Rework(
                        p_incomplete=p,
                        makeup=makeup,
                        max_rounds=int(rounds),
                        alongside=self.flag(spec, "alongside", path),
                        before=before,
                        p_fail=self.probability(spec, "p_fail", path),
                        **self.provenance(spec, path),
                    ),
                )
            )
        return tuple(out)


def parse_duration(
    value: Any, path: PathKey, fail: Callable[[PathKey, str, str], None]
) -> Duration | None:
    """Check and build a :class:`Duration` from its YAML shape, reporting through ``fail``."""
    if not isinstance(value, Mapping):
        fail(
            path,
            f"must be {{unit: value}}, got {_show(value)}",
            "write e.g. {working_hours: 2} or {working_days: {median: 3, p90: 5}}",
        )
        return None
    units = [k for k in value if k in UNITS]
    for key in value:
        if key not in UNITS and key not in PROVENANCE:
            hint = difflib.get_close_matches(str(key), [*UNITS, *PROVENANCE], n=1, cutoff=0.6)
            fail(
                (*path, key),
                f"unknown key '{key}'",
                f"did you mean '{hint[0]}'?" if hint else "use one of " + ", ".join(UNITS),
            )
    if len(units) != 1:
        fail(
            path,
            f"needs exactly one unit key, got {units or 'none'}",
            "use one of " + ", ".join(UNITS),
        )
        return None
    unit: Unit = units[0]
    spec = value[unit]
    vpath = (*path, unit)
    raw_prov = {k: value.get(k) for k in PROVENANCE}
    prov: dict[str, Any] = {k: (v if isinstance(v, str) else None) for k, v in raw_prov.items()}

    def num(x: Any, p: PathKey, *, allow_zero: bool = False) -> float | None:
        if isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(x):
            fail(p, f"must be a number, got {_show(x)}", "write a plain number")
            return None
        if x < 0 or (x == 0 and not allow_zero):
            fail(
                p,
                f"must be {'>= 0' if allow_zero else '> 0'}, got {x}",
                "durations are positive lengths of time",
            )
            return None
        return float(x)

    if not isinstance(spec, Mapping):
        x = num(spec, vpath, allow_zero=True)
        return None if x is None else Duration(unit=unit, kind="fixed", params=(x,), **prov)
    keys = set(spec)
    allowed = SCHEMA["duration_value"]
    for key in keys - set(allowed):
        hint = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.6)
        fail(
            (*vpath, key),
            f"unknown key '{key}'",
            f"did you mean '{hint[0]}'?" if hint else "allowed: " + ", ".join(allowed),
        )
    if keys - set(allowed):
        return None
    shapes: dict[frozenset[str], str] = {
        frozenset({"fixed"}): "fixed",
        frozenset({"median", "p90"}): "lognormal",
        frozenset({"min", "mode", "max"}): "triangular",
        frozenset({"mean"}): "exponential",
        frozenset({"values"}): "empirical",
    }
    kind = shapes.get(frozenset(keys))
    if kind is None:
        fail(
            vpath,
            f"incomplete distribution {sorted(keys)}",
            "give {fixed}, {median, p90}, {min, mode, max}, {mean} or {values}",
        )
        return None
    if kind == "empirical":
        values = spec["values"]
        if not isinstance(values, list) or not values:
            fail(
                (*vpath, "values"),
                f"must be a non-empty list of numbers, got {_show(values)}",
                "write values: [1, 2, 2, 3]",
            )
            return None
        nums = [num(v, (*vpath, "values", i), allow_zero=True) for i, v in enumerate(values)]
        if any(n is None for n in nums):
            return None
        return Duration(
            unit=unit, kind="empirical", params=tuple(n for n in nums if n is not None), **prov
        )
    order = {
        "fixed": ("fixed",),
        "lognormal": ("median", "p90"),
        "triangular": ("min", "mode", "max"),
        "exponential": ("mean",),
    }[kind]
    params = [num(spec[k], (*vpath, k), allow_zero=kind in ("fixed", "triangular")) for k in order]
    if any(p is None for p in params):
        return None
    vals = tuple(float(p) for p in params if p is not None)
    if kind == "lognormal" and vals[1] < vals[0]:
        fail(
            (*vpath, "p90"),
            f"must be >= median ({vals[0]:g}), got {vals[1]:g}",
            "P90 is the value 90% of cases stay under",
        )
        return None
    if kind == "triangular" and not vals[0] <= vals[1] <= vals[2]:
        fail(vpath, f"needs min <= mode <= max, got {vals}", "reorder the three values")
        return None
    if kind == "triangular" and vals[2] <= 0:
        fail(
            (*vpath, "max"),
            f"must be > 0, got {vals[2]:g}",
            "durations are positive lengths of time",
        )
        return None
    return Duration(unit=unit, kind=kind, params=vals, **prov)  # type: ignore[arg-type]


def _did_you_mean(name: str, known: list[str]) -> str:
    hint = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if hint:
        return f"did you mean '{hint[0]}'?"
    return "known: " + (", ".join(known) if known else "(none)")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
