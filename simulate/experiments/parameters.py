"""Numbers of a scenario addressed by path, as the scenario file names them.

A path names one number of a compiled scenario (its reforms applied):

============================  ===========================================================
``desks.<id>.staff``          staff of a desk (a whole number, at least 1)
``steps.<id>.duration``       a step's typical duration in its own unit: the value of a
                              fixed duration, the median of a median/P90 one, the mean of
                              the others, the longest part's for a joint step. Setting it
                              scales the whole distribution (its shape and any cap stay).
``steps.<id>.travel``         the same for the trip to the hall
``rework.<step>.p_incomplete`` share of files sent back (a probability)
``rework.<step>.p_fail``      share of 容缺 make-ups that fail (a probability)
``rework.<step>.makeup``      the applicant's make-up time, as for a duration
``arrivals.per_working_day``  Poisson arrivals per working day
``arrivals.cohort``           cases of a cohort (a whole number, at least 1)
============================  ===========================================================

:func:`factors` lists the numbers tagged ``assumption:`` (optionally the sourced ones too),
each with its default range: durations, volumes and rates ±30 %, probabilities ±50 %
relative kept in [0, 1], staff ±1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from simulate.errors import SimulateError, did_you_mean
from simulate.scenario.durations import Duration
from simulate.scenario.model import Scenario

Kind = Literal["staff", "duration", "probability", "volume", "rate"]

#: Relative half-width of the default range of each kind (staff: ±1 person).
DEFAULT_SPREAD: dict[Kind, float] = {
    "duration": 0.3,
    "volume": 0.3,
    "rate": 0.3,
    "probability": 0.5,
    "staff": 1.0,
}


@dataclass(frozen=True, slots=True)
class Factor:
    """One number of a scenario that a sweep or a sensitivity run varies."""

    path: str
    label: str
    kind: Kind
    value: float
    low: float
    high: float
    unit: str = ""
    assumption: str | None = None
    source: str | None = None

    @property
    def integer(self) -> bool:
        """True for numbers that are whole (staff, a cohort's size)."""
        return self.kind == "staff" or self.path == "arrivals.cohort"


def central(duration: Duration) -> float:
    """The typical value a duration path reads: fixed value, median, longest part, else mean."""
    if duration.kind == "max":
        return max(central(d) for d in duration.parts)
    if duration.kind in ("fixed", "lognormal"):
        return duration.params[0]
    return duration.mean


def with_central(duration: Duration, value: float, path: str) -> Duration:
    """The duration scaled so its typical value is ``value`` (its cap, a limit, stays)."""
    now = central(duration)
    if now <= 0:
        raise SimulateError(f"{path}: the duration is 0, so it cannot be scaled to {value:g}")
    return replace(duration.scaled(value / now), cap=duration.cap)


def _kind_of(path: str) -> Kind:
    last = path.rsplit(".", 1)[-1]
    if last == "staff":
        return "staff"
    if last in ("p_incomplete", "p_fail"):
        return "probability"
    if last == "per_working_day":
        return "rate"
    if last == "cohort":
        return "volume"
    return "duration"


def known_paths(scenario: Scenario) -> list[str]:
    """Every path this scenario has a number at."""
    out = [f"desks.{d.id}.staff" for d in scenario.desks]
    for st in scenario.steps:
        out.append(f"steps.{st.id}.duration")
        if st.travel is not None:
            out.append(f"steps.{st.id}.travel")
    for step_id, rw in scenario.rework:
        out += [f"rework.{step_id}.p_incomplete", f"rework.{step_id}.makeup"]
        if rw.alongside:
            out.append(f"rework.{step_id}.p_fail")
    a = scenario.arrivals
    if a.kind == "poisson":
        out.append("arrivals.per_working_day")
    elif a.kind == "cohort":
        out.append("arrivals.cohort")
    return out


def _unknown(scenario: Scenario, path: str) -> SimulateError:
    return SimulateError(
        f"scenario {scenario.name!r} has no number at {path!r}; "
        f"{did_you_mean(path, known_paths(scenario))}"
    )


def get_value(scenario: Scenario, path: str) -> float:
    """The number at ``path`` (see the module's table)."""
    if path not in known_paths(scenario):
        raise _unknown(scenario, path)
    section, name, field = _split(path)
    if section == "desks":
        return float(scenario.desk(name).staff)
    if section == "steps":
        st = scenario.step(name)
        duration = st.duration if field == "duration" else st.travel
        assert duration is not None
        return central(duration)
    if section == "rework":
        rw = scenario.rework_map[name]
        return central(rw.makeup) if field == "makeup" else float(getattr(rw, field))
    return float(getattr(scenario.arrivals, field))


def check_domain(scenario: Scenario, path: str, value: float) -> None:
    """Raise a clear error when ``value`` is outside what the number at ``path`` can be."""
    kind = _kind_of(path)
    if not math.isfinite(value):
        raise SimulateError(f"{path}: {value!r} is not a number; give a finite value")
    if kind == "probability" and not 0.0 <= value <= 1.0:
        raise SimulateError(f"{path} is a probability, got {value:g}; give a value in [0, 1]")
    if kind in ("staff", "volume") and (value < 1 or value != int(value)):
        raise SimulateError(f"{path} is a whole number of at least 1, got {value:g}")
    if kind in ("duration", "rate") and value <= 0:
        raise SimulateError(f"{path} must be positive, got {value:g}")


def set_value(scenario: Scenario, path: str, value: float) -> Scenario:
    """A copy of ``scenario`` with the number at ``path`` set to ``value``."""
    if path not in known_paths(scenario):
        raise _unknown(scenario, path)
    check_domain(scenario, path, value)
    section, name, field = _split(path)
    if section == "desks":
        desks = tuple(replace(d, staff=int(value)) if d.id == name else d for d in scenario.desks)
        return replace(scenario, desks=desks)
    if section == "steps":
        steps = []
        for st in scenario.steps:
            if st.id == name:
                if field == "duration":
                    st = replace(st, duration=with_central(st.duration, value, path))
                else:
                    assert st.travel is not None
                    st = replace(st, travel=with_central(st.travel, value, path))
            steps.append(st)
        return replace(scenario, steps=tuple(steps))
    if section == "rework":
        rework = []
        for step_id, rw in scenario.rework:
            if step_id == name:
                if field == "makeup":
                    rw = replace(rw, makeup=with_central(rw.makeup, value, path))
                elif field == "p_fail":
                    rw = replace(rw, p_fail=float(value))
                else:
                    rw = replace(rw, p_incomplete=float(value))
            rework.append((step_id, rw))
        return replace(scenario, rework=tuple(rework))
    if field == "cohort":
        return replace(scenario, arrivals=replace(scenario.arrivals, cohort=int(value)))
    return replace(scenario, arrivals=replace(scenario.arrivals, per_working_day=float(value)))


def apply_point(scenario: Scenario, point: Mapping[str, float]) -> Scenario:
    """A copy of ``scenario`` with every number of ``point`` set."""
    for path, value in point.items():
        scenario = set_value(scenario, path, float(value))
    return scenario


def _split(path: str) -> tuple[str, str, str]:
    section, rest = path.split(".", 1)
    if "." not in rest:  # arrivals.per_working_day
        return section, "", rest
    name, field = rest.rsplit(".", 1)
    return section, name, field


def default_range(kind: Kind, value: float, integer: bool) -> tuple[float, float]:
    """The default range of a number: ±30 % (durations, volumes, rates), ±50 % relative kept
    in [0, 1] (probabilities), ±1 (staff, at least 1)."""
    if kind == "staff":
        return max(1.0, value - 1), value + 1
    spread = DEFAULT_SPREAD[kind]
    low, high = value * (1 - spread), value * (1 + spread)
    if kind == "probability":
        return max(0.0, low), min(1.0, high)
    if integer:
        return max(1.0, float(math.floor(low))), float(math.ceil(high))
    return low, high


def _label(scenario: Scenario, path: str) -> tuple[str, str]:
    """Chinese label and unit of a path."""
    section, name, field = _split(path)
    if section == "desks":
        d = scenario.desk(name)
        return f"{d.label or d.id} 人员", "人"
    if section == "steps":
        st = scenario.step(name)
        duration = st.duration if field == "duration" else st.travel
        assert duration is not None
        what = "时长" if field == "duration" else "往返时间"
        return f"{st.label or st.id} {what}", duration.unit
    if section == "rework":
        st = scenario.step(name)
        words = {"p_incomplete": "补正比例", "p_fail": "容缺补正失败比例", "makeup": "补正时间"}
        unit = scenario.rework_map[name].makeup.unit if field == "makeup" else ""
        return f"{st.label or st.id} {words[field]}", unit
    return ("日均申请量", "件/工作日") if field == "per_working_day" else ("批次项目数", "件")


def _provenance(scenario: Scenario, path: str) -> tuple[str | None, str | None]:
    """(assumption, source) of the number at a path."""
    section, name, field = _split(path)
    if section == "desks":
        d = scenario.desk(name)
        return d.assumption, d.source
    if section == "steps":
        st = scenario.step(name)
        duration = st.duration if field == "duration" else st.travel
        assert duration is not None
        parts = duration.parts or (duration,)
        assumption = next((p.assumption for p in parts if p.assumption), None)
        source = next((p.source for p in parts if p.source), None)
        if field == "duration":
            assumption = assumption or st.assumption
            source = source or st.source
        return assumption, source
    if section == "rework":
        rw = scenario.rework_map[name]
        if field == "makeup":
            return rw.makeup.assumption or rw.assumption, rw.makeup.source or rw.source
        return rw.assumption, rw.source
    return scenario.arrivals.assumption, scenario.arrivals.source


def declared_range(scenario: Scenario, path: str) -> tuple[float, float] | None:
    """The ``range: [low, high]`` the scenario file gives beside the number at ``path``."""
    section, name, field = _split(path)
    if section == "desks":
        return scenario.desk(name).range
    if section == "steps":
        st = scenario.step(name)
        duration = st.duration if field == "duration" else st.travel
        return None if duration is None else duration.range
    if section == "rework":
        rw = scenario.rework_map[name]
        return (
            rw.makeup.range if field == "makeup" else rw.range if field == "p_incomplete" else None
        )
    return scenario.arrivals.range


def factors(
    scenario: Scenario,
    *,
    include_sourced: bool = False,
    ranges: Mapping[str, tuple[float, float]] | None = None,
) -> tuple[Factor, ...]:
    """The numbers of a scenario tagged ``assumption:``, each with its range.

    Parameters
    ----------
    scenario
        The compiled scenario (reforms applied).
    include_sourced
        Also vary numbers that cite a plan (``source:`` without ``assumption:``).
    ranges
        ``{path: (low, high)}`` overriding the file's ``range:`` or the default range (the path need not be an
        assumption: naming it makes it a factor). Each bound is checked against the
        number's domain.
    """
    paths = known_paths(scenario)
    given = dict(ranges or {})
    ranges = {p: r for p in paths if (r := declared_range(scenario, p)) is not None}
    ranges.update(given)
    for path in given:
        if path not in paths:
            raise _unknown(scenario, path)
    out = []
    for path in paths:
        assumption, source = _provenance(scenario, path)
        if path not in ranges and not (assumption or (include_sourced and source)):
            continue
        value = get_value(scenario, path)
        kind = _kind_of(path)
        integer = kind == "staff" or path == "arrivals.cohort"
        if path in ranges:
            low, high = (float(v) for v in ranges[path])
            if not low <= value <= high:
                raise SimulateError(
                    f"range of {path} is [{low:g}, {high:g}] but its value is {value:g}; "
                    "give a range that contains the value"
                )
            check_domain(scenario, path, low)
            check_domain(scenario, path, high)
        else:
            if value == 0 and kind != "probability":
                continue  # nothing to scale
            low, high = default_range(kind, value, integer)
        if low == high:
            continue
        label, unit = _label(scenario, path)
        out.append(Factor(path, label, kind, value, low, high, unit, assumption, source))
    return tuple(out)


__all__ = [
    "DEFAULT_SPREAD",
    "Factor",
    "apply_point",
    "central",
    "check_domain",
    "default_range",
    "factors",
    "get_value",
    "known_paths",
    "set_value",
    "with_central",
]
