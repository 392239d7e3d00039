"""Offered load: how busy each desk must be, from the scenario alone, before a run.

A desk whose offered work exceeds its capacity has no steady state: its queue grows for as
long as the run lasts, so every elapsed-time figure depends on the horizon. This module
computes, from the scenario's arrivals, routing (choices, detached shares, 秒批 shares) and
rework probabilities, the expected staffed work each case brings to each desk, and divides
it by the desk's open staff-hours::

    utilisation = arrivals per working day x work hours per case / (staff x open hours per working day)

Expected passes through a step: a send-back (补正) repeats the step with probability
``p_incomplete`` up to ``max_rounds`` times, ``sum_{k=0..R} p^k`` passes; a make-up alongside
(容缺) adds one pass when the make-up fails, ``1 + p_incomplete * p_fail``. A step's work is
its duration's mean, in the desk's office hours (working days times the desk's open hours a
day; natural time is counted in full, which overstates the load of such a step).

Pure arithmetic on the scenario and its calendar: no simulation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from simulate.calendar import horizon_clock, timeline_of
from simulate.scenario.flow import Choice, Detached, Flow, Parallel, Serial, choice_shares
from simulate.scenario.model import Scenario, Step
from simulate.strings import text as catalogue_text

__all__ = [
    "OVERLOAD_UTILISATION",
    "SAFE_UTILISATION",
    "DeskLoad",
    "offered_load",
    "overloaded_desks",
    "visits_per_case",
]

#: At or above this offered utilisation a desk is warned about: no steady state near it.
OVERLOAD_UTILISATION: Final = 0.95

#: The utilisation the suggested staffing brings a desk down to (at most).
SAFE_UTILISATION: Final = 0.85


@dataclass(frozen=True, slots=True)
class DeskLoad:
    """The offered load of one desk.

    Attributes
    ----------
    desk, label : str
        The desk's id and label.
    staff : int
        Staff in the scenario.
    work_hours_per_day : float
        Offered work: expected staffed hours per standard working day.
    open_hours_per_day : float
        One staff member's open hours per standard working day at this desk.
    utilisation : float
        ``work_hours_per_day / (staff * open_hours_per_day)``; 1 or more: overloaded.
    staff_needed : int
        The fewest staff that bring the utilisation to at most :data:`SAFE_UTILISATION`.
    """

    desk: str
    label: str
    staff: int
    work_hours_per_day: float
    open_hours_per_day: float
    utilisation: float
    staff_needed: int

    @property
    def overloaded(self) -> bool:
        """Utilisation at or above :data:`OVERLOAD_UTILISATION`."""
        return self.utilisation >= OVERLOAD_UTILISATION

    def warning(self) -> str:
        """A sentence for the planner, in the language of :func:`simulate.get_language`."""
        return catalogue_text(
            "load.warning",
            desk=self.desk,
            name=self.label or self.desk,
            percent=100 * self.utilisation,
            work=self.work_hours_per_day,
            staff=self.staff,
            open=self.open_hours_per_day,
            needed=self.staff_needed,
            safe=100 * SAFE_UTILISATION,
        )


def visits_per_case(scenario: Scenario) -> dict[str, float]:
    """Expected staffed passes per case through each step (rework, choices, 秒批 included).

    Parameters
    ----------
    scenario : Scenario
        The scenario.

    Returns
    -------
    dict of str to float
        Step id -> expected passes per case that need a staff member.
    """
    steps = {st.id: st for st in scenario.steps}
    rework = scenario.rework_map
    out: dict[str, float] = {}

    def passes(step: Step) -> float:
        rw = rework.get(step.id)
        if rw is None:
            base = 1.0
        elif rw.alongside:
            base = 1.0 + rw.p_incomplete * rw.p_fail
        else:
            base = sum(rw.p_incomplete**k for k in range(rw.max_rounds + 1))
        return base * (1.0 - step.auto_share)

    def walk(node: Flow, weight: float) -> None:
        if isinstance(node, str):
            out[node] = out.get(node, 0.0) + weight * passes(steps[node])
        elif isinstance(node, Serial):
            for item in node.items:
                walk(item, weight)
        elif isinstance(node, Parallel):
            for branch in node.branches:
                walk(branch, weight)
        elif isinstance(node, Choice):
            shares = choice_shares(node, scenario.attributes, scenario.channels)
            for p, (_, option) in zip(shares, node.options, strict=True):
                walk(option, weight * p)
        else:
            assert isinstance(node, Detached)
            walk(node.node, weight * node.share)

    walk(scenario.flow, 1.0)
    return out


def _arrivals_per_working_day(scenario: Scenario) -> float | None:
    """A steady arrival rate, or None for a cohort (a one-off batch has no steady load)."""
    a = scenario.arrivals
    if a.kind == "poisson":
        return a.per_working_day
    if a.kind == "listed" and scenario.horizon_working_days > 0:
        return len(a.times) / scenario.horizon_working_days
    return None


def offered_load(scenario: Scenario) -> tuple[DeskLoad, ...]:
    """The offered load of every desk (empty for cohort arrivals, which have no steady rate).

    Parameters
    ----------
    scenario : Scenario
        The scenario, as it would be run.

    Returns
    -------
    tuple of DeskLoad
        One per desk, in the scenario's order.
    """
    rate = _arrivals_per_working_day(scenario)
    if rate is None or not scenario.desks:
        return ()
    cal = scenario.work_calendar()
    std = timeline_of(cal)
    available = std.total_work / cal.hours_per_day
    days = min(max(min(scenario.horizon_working_days, 250.0), 1.0), 0.99 * available)
    end = horizon_clock(cal, days)
    std_days = std.between(0.0, end) / cal.hours_per_day
    visits = visits_per_case(scenario)
    work: dict[str, float] = {}
    open_hours: dict[str, float] = {}
    for d in scenario.desks:
        tl = timeline_of(cal, d.hours)
        open_hours[d.id] = tl.between(0.0, end) / std_days if std_days > 0 else 0.0
    for st in scenario.steps:
        if st.desk is None or st.id not in visits:
            continue
        mean = st.duration.mean
        unit = st.duration.unit
        if unit == "working_days":
            hours = mean * timeline_of(cal, scenario.desk(st.desk).hours).hours_per_day
        elif unit == "natural_days":
            hours = mean * 24.0
        else:
            hours = mean
        work[st.desk] = work.get(st.desk, 0.0) + visits[st.id] * hours
    return tuple(
        _desk_load(scenario, d.id, rate * work.get(d.id, 0.0), open_hours) for d in scenario.desks
    )


def _desk_load(
    scenario: Scenario, desk_id: str, work_per_day: float, open_hours: Mapping[str, float]
) -> DeskLoad:
    desk = scenario.desk(desk_id)
    hours = open_hours[desk_id]
    capacity = desk.staff * hours
    utilisation = work_per_day / capacity if capacity > 0 else math.inf
    needed = max(1, math.ceil(work_per_day / (SAFE_UTILISATION * hours) - 1e-9)) if hours > 0 else 0
    return DeskLoad(
        desk=desk_id,
        label=desk.label,
        staff=desk.staff,
        work_hours_per_day=work_per_day,
        open_hours_per_day=hours,
        utilisation=utilisation,
        staff_needed=needed,
    )


def overloaded_desks(scenario: Scenario) -> tuple[DeskLoad, ...]:
    """The desks offered at least :data:`OVERLOAD_UTILISATION` of their capacity."""
    return tuple(load for load in offered_load(scenario) if load.overloaded)
