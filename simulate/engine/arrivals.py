"""Submission times of one replication: Poisson, a cohort, or a listed CSV."""

from __future__ import annotations

import numpy as np

from simulate.calendar import WorkCalendar, timeline_of
from simulate.engine.streams import Streams
from simulate.scenario.model import Scenario


def arrival_times(
    scenario: Scenario,
    calendar: WorkCalendar,
    streams: Streams,
    horizon: float,
    stream: str = "arrivals",
) -> np.ndarray:
    """Clock times of every submission in the run (sorted).

    Parameters
    ----------
    scenario
        The scenario (its ``arrivals`` and horizon).
    calendar
        Its work calendar.
    streams
        The replication's random streams (Poisson gaps come from the ``arrivals`` stream).
    horizon
        Clock time of the end of the horizon.
    stream
        The stream Poisson gaps come from (the online submissions of a channel mix have
        their own).

    Returns
    -------
    numpy.ndarray
        Clock hours of the submissions, ascending.
    """
    a = scenario.arrivals
    std = timeline_of(calendar)
    if a.kind == "cohort":
        assert a.date is not None
        t = calendar.to_clock(a.date)
        if not a.any_hour:
            t = std.next_open(t)
        return np.full(a.cohort, t)
    if a.kind == "listed":
        # listed times need not be in order (a scenario built in Python); cases start in order
        return np.sort(np.array([calendar.to_clock(x) for x in a.times], dtype=float))
    rng = streams.generator(stream)
    if a.any_hour:
        expected = a.per_working_day * scenario.horizon_working_days
        scale = horizon / expected  # mean gap in clock hours
        limit = horizon
    else:
        scale = calendar.hours_per_day / a.per_working_day  # mean gap in working hours
        limit = scenario.horizon_working_days * calendar.hours_per_day
    n = int(limit / scale * 1.2 + 50)
    gaps = rng.standard_exponential(n) * scale
    points = np.cumsum(gaps)
    while points[-1] < limit:
        more = np.cumsum(rng.standard_exponential(n) * scale) + points[-1]
        points = np.concatenate([points, more])
    points = points[points < limit]
    if a.any_hour:
        return points
    return std.clock_at_array(points)
