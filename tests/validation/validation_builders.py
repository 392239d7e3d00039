"""Scenarios on a continuous clock, and replication statistics, for the theory checks.

The calendar is ``every_day`` with ``24h`` office hours and every desk is open 24 h on every
day, so one working day is 24 clock hours, a working hour is a clock hour, and
``per_working_day`` arrivals are arrivals per 24 h: the simulation clock is the continuous
time of queueing theory.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

import simulate as sim

CONTINUOUS_CALENDAR: dict[str, Any] = {"days": "every_day", "office_hours": "24h"}


def open_desk(staff: int) -> dict[str, Any]:
    """A desk open around the clock on every day."""
    return {"staff": staff, "hours": "24h", "every_day": True}


def continuous_scenario(
    *,
    name: str,
    desks: Mapping[str, int],
    steps: list[dict[str, Any]],
    flow: Any,
    arrivals_per_hour: float | None = None,
    cohort: int | None = None,
    horizon_hours: float = 240.0,
    warmup_hours: float = 0.0,
    rework: Mapping[str, Any] | None = None,
) -> sim.Scenario:
    """A scenario on the continuous clock: Poisson arrivals per hour, or a cohort at time 0."""
    arrivals: dict[str, Any]
    if cohort is not None:
        arrivals = {"cohort": cohort, "date": "2024-01-01"}
    else:
        assert arrivals_per_hour is not None
        arrivals = {"per_working_day": arrivals_per_hour * 24.0}
    data: dict[str, Any] = {
        "name": name,
        "start": "2024-01-01",
        "calendar": CONTINUOUS_CALENDAR,
        "horizon_working_days": horizon_hours / 24.0,
        "warmup_working_days": warmup_hours / 24.0,
        "arrivals": arrivals,
        "desks": {d: open_desk(c) for d, c in desks.items()},
        "steps": steps,
        "flow": flow,
    }
    if rework:
        data["rework"] = dict(rework)
    return sim.scenario_from_dict(data)


def exponential_step(step_id: str, desk: str, mean_hours: float) -> dict[str, Any]:
    """A staffed step with exponential service of the given mean (working hours = hours)."""
    return {"id": step_id, "desk": desk, "duration": {"working_hours": {"mean": mean_hours}}}


def tandem_scenario(
    stations: list[tuple[float, int]],
    *,
    arrivals_per_hour: float,
    horizon_hours: float,
    warmup_hours: float,
    name: str = "tandem",
) -> sim.Scenario:
    """Desks ``d0, d1, ...`` in sequence; station ``(mean_service_hours, staff)``."""
    return continuous_scenario(
        name=name,
        desks={f"d{i}": c for i, (_, c) in enumerate(stations)},
        steps=[exponential_step(f"s{i}", f"d{i}", m) for i, (m, _) in enumerate(stations)],
        flow=[f"s{i}" for i in range(len(stations))],
        arrivals_per_hour=arrivals_per_hour,
        horizon_hours=horizon_hours,
        warmup_hours=warmup_hours,
    )


def half_width(per_replication: np.ndarray | pd.Series, level: float = 0.95) -> float:
    """Half-width of the Student-t confidence interval of the mean of replication values."""
    x = np.asarray(per_replication, dtype=float)
    n = len(x)
    assert n >= 2, "a half-width needs at least two replications"
    return float(stats.t.ppf(0.5 + level / 2, n - 1) * x.std(ddof=1) / math.sqrt(n))


def measured_cases(res: sim.Results) -> pd.DataFrame:
    """Cases submitted after the warm-up (the ones statistics are about)."""
    return res.cases[~res.cases["in_warmup"]]


#: The widest tolerance a check against theory may have, as a share of the theoretical value.
THEORY_TOLERANCE = 0.05


def assert_near_theory(
    per_replication: np.ndarray | pd.Series, expected: float, *, bias: float = 0.01
) -> float:
    """The mean of replication values agrees with the theoretical ``expected`` value.

    The tolerance is 3 half-widths of the 95% Student-t interval of the replication means
    plus a bias allowance of ``bias`` times ``expected``; it must itself be no wider than
    :data:`THEORY_TOLERANCE` of ``expected`` (otherwise the run is too short to tell a right
    engine from a wrong one). Returns the tolerance as a share of ``expected``.
    """
    x = np.asarray(per_replication, dtype=float)
    tolerance = 3 * half_width(x) + bias * abs(expected)
    share = tolerance / abs(expected)
    assert share <= THEORY_TOLERANCE, (
        f"tolerance {share:.1%} of the theoretical {expected:g} is wider than "
        f"{THEORY_TOLERANCE:.0%}: run longer or more replications"
    )
    assert abs(x.mean() - expected) <= tolerance, (
        f"measured {x.mean():g}, theory {expected:g}, tolerance {tolerance:g} ({share:.1%})"
    )
    return share


def assert_relative_near_zero(relative: np.ndarray, allowance: float) -> float:
    """Per-replication relative differences from an identity average to zero.

    The tolerance (3 half-widths plus ``allowance``, both relative) must be no wider than
    :data:`THEORY_TOLERANCE`. Returns it.
    """
    x = np.asarray(relative, dtype=float)
    tolerance = 3 * half_width(x) + allowance
    assert tolerance <= THEORY_TOLERANCE, (
        f"tolerance {tolerance:.1%} is wider than {THEORY_TOLERANCE:.0%}: run longer"
    )
    assert abs(x.mean()) <= tolerance, f"mean relative difference {x.mean():.2%} > {tolerance:.2%}"
    return tolerance
