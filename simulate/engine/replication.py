"""One replication of a scenario: build the SimPy model, run it, return its raw columns.

The model itself is :class:`simulate.engine.process.FlowModel` (the flow compiled into
operations), its desks and events are in :mod:`simulate.engine.primitives`, what it records in
:mod:`simulate.engine.recording`, and the submission times come from
:mod:`simulate.engine.arrivals`. :mod:`simulate.engine.tables` turns the raw columns into the
result tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from simulate.calendar import WorkCalendar, horizon_clock
from simulate.engine.arrivals import arrival_times
from simulate.engine.attributes import case_columns, raw_columns, submissions
from simulate.engine.process import FlowModel
from simulate.engine.recording import PHASES
from simulate.engine.streams import Streams
from simulate.scenario.model import CalendarSpec, Scenario

__all__ = [
    "PHASES",
    "ReplicationOutput",
    "arrival_times",
    "build_calendar",
    "replication_clock",
    "run_replication",
]


#: Work calendars by start and calendar settings: one per process, shared by every scenario
#: that has the same two (a sweep's points, a comparison's variants), with their timelines.
_CALENDARS: dict[tuple[dt.date, CalendarSpec], WorkCalendar] = {}


def build_calendar(scenario: Scenario) -> WorkCalendar:
    """The work calendar a scenario runs on (built once per start and calendar settings)."""
    key = (scenario.start, scenario.calendar)
    calendar = _CALENDARS.get(key)
    if calendar is None:
        if len(_CALENDARS) >= 16:
            _CALENDARS.clear()
        calendar = _CALENDARS[key] = scenario.work_calendar()
    return calendar


@dataclass
class ReplicationOutput:
    """Raw columns of one replication (turned into tables by :mod:`simulate.engine.tables`).

    ``case_cols`` has one entry per case, in case order: ``case``, ``arrival_h``,
    ``finish_h``, ``visits``, ``rework_rounds``, ``clock_stop_hours``, and with a channel
    mix ``channel`` (1 online), with case attributes ``attribute:<name>``. ``step_cols`` has one
    entry per step visit, in the order they ended: ``case``, ``step_code``, ``round``,
    ``phase_code``, ``detached``, ``enter_h``, ``start_h``, ``end_h``.
    """

    replication: int
    warmup_clock: float
    horizon_clock: float
    end_clock: float
    case_cols: dict[str, np.ndarray] = field(default_factory=dict)
    step_cols: dict[str, np.ndarray] = field(default_factory=dict)


def replication_clock(
    scenario: Scenario, seed: int, replication: int
) -> tuple[WorkCalendar, Streams, float, float]:
    """What every replication starts from: the work calendar, the random streams of
    ``(seed, replication)``, and the clock times of the horizon and the warm-up's end."""
    calendar = build_calendar(scenario)
    horizon = horizon_clock(calendar, scenario.horizon_working_days)
    warmup = (
        horizon_clock(calendar, scenario.warmup_working_days)
        if scenario.warmup_working_days > 0
        else 0.0
    )
    return calendar, Streams(seed, replication), horizon, warmup


def run_replication(
    scenario: Scenario, replication: int, seed: int, *, inline: bool = True
) -> ReplicationOutput:
    """Simulate one replication of ``scenario`` with the streams of ``(seed, replication)``.

    Parameters
    ----------
    scenario
        A validated scenario.
    replication
        Replication number: with ``seed`` it selects the random streams.
    seed
        The run's seed.
    inline
        Run plain steps inline (the fast path); False runs every step through the general
        step runner, with the same results (for tests of the engine).

    Returns
    -------
    ReplicationOutput
        Raw per-case and per-step columns, the warm-up end, horizon and last event clock.

    Raises
    ------
    simulate.errors.CalendarError
        If work runs past the last day the work calendar covers.
    """
    calendar, streams, horizon, warmup = replication_clock(scenario, seed, replication)
    submitted, online = submissions(scenario, calendar, streams, horizon)
    times = np.ascontiguousarray(submitted, dtype=np.float64)
    columns = case_columns(scenario, streams, online, len(times))
    model = FlowModel(
        scenario, replication, seed, calendar, len(times), inline=inline, case_columns=columns
    )
    model.env.process(model.arrivals(times))
    model.env.run()
    out = ReplicationOutput(replication, warmup, horizon, float(model.env.now))
    rec = model.recorder
    model.close()  # free the compiled flow and its draws now, not at the next gc
    out.case_cols = rec.case_columns(times)
    out.case_cols.update(raw_columns(columns))  # the attributes and channel, in case order
    out.step_cols = rec.step_columns()
    return out
