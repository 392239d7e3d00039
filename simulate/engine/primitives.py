"""Scheduling primitives of the engine: wake-up events, desks as counters, case state.

A desk is a counter of free staff and a FIFO queue of waiting cases, not a SimPy
``Resource``: a case that finds a free staff member takes it without an event, and a release
hands the staff member straight to the first waiting case. The end of a piece of work is
scheduled at its absolute clock time (:class:`Wake` pushed onto the event queue), so the
clock lands on exactly the end the calendar computed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator
from typing import Any

import numpy as np
import simpy
from simpy.events import Event, Process

from simulate.calendar import Timeline
from simulate.scenario.durations import Duration

Proc = Generator[Event, Any, Any]


class Wake(Event):
    """An event that succeeds with ``None`` once the engine puts it on the schedule."""

    def __init__(self, env: simpy.Environment) -> None:  # no super(): set the fields directly
        self.env = env
        self.callbacks = []
        self._ok = True
        self._value = None


class DeskState:
    """Staff of one desk: how many are free, and the cases waiting (first come, first served)."""

    __slots__ = ("free", "waiting")

    def __init__(self, staff: int) -> None:
        self.free = staff
        self.waiting: deque[Wake] = deque()


class CaseState:
    """One case while it runs: its number, arrival, visits, 补正 rounds, clock stops, make-ups.

    ``stops`` holds the clock intervals that do not count against the limit (clock-stop steps
    and make-ups of a rework with ``clock_stop``); ``pending`` the 容缺 make-ups running
    alongside, keyed by the step they must finish before (None: before the case ends).
    """

    __slots__ = ("arrival", "idx", "pending", "rounds", "stops", "visits")

    def __init__(self, idx: int, arrival: float) -> None:
        self.idx = idx
        self.arrival = arrival
        self.visits = 0
        self.rounds = 0
        self.stops: list[tuple[float, float]] | None = None
        self.pending: dict[str | None, list[tuple[Process, str]]] | None = None

    def stop_clock(self, t0: float, t1: float) -> None:
        """Record ``[t0, t1]`` as time that does not count against the limit."""
        if self.stops is None:
            self.stops = []
        self.stops.append((t0, t1))


def clock_rule(
    duration: Duration, tl: Timeline
) -> tuple[float, Callable[[float, float], float] | None]:
    """``(scale, advance)``: a sampled value ``v`` started at ``t`` ends at ``t + v * scale``
    when ``advance`` is None, else at ``advance(t, v * scale)`` (working time on ``tl``)."""
    unit = duration.unit
    if unit == "natural_hours":
        return 1.0, None
    if unit == "natural_days":
        return 24.0, None
    scale = tl.hours_per_day if unit == "working_days" else 1.0
    return scale, (None if tl.always_open else tl.advance)


def ender(duration: Duration, tl: Timeline) -> Callable[[float, float], float]:
    """end = f(start, value): how a sampled value in its unit advances the clock."""
    scale, advance = clock_rule(duration, tl)
    if advance is None:
        return lambda t, v: t + v * scale
    return lambda t, v: advance(t, v * scale)


def floats(values: np.ndarray) -> memoryview:
    """A float64 view that indexes to plain Python floats (about as fast as a list)."""
    return np.ascontiguousarray(values, dtype=np.float64).data


def union_hours(intervals: list[tuple[float, float]], tl: Timeline) -> float:
    """Working hours on ``tl`` covered by the union of clock ``intervals``."""
    total = 0.0
    cur_s, cur_e = None, None
    for s0, e0 in sorted(intervals):
        if cur_e is None or s0 > cur_e:
            if cur_s is not None and cur_e is not None:
                total += tl.between(cur_s, cur_e)
            cur_s, cur_e = s0, e0
        else:
            cur_e = max(cur_e, e0)
    if cur_s is not None and cur_e is not None:
        total += tl.between(cur_s, cur_e)
    return total
