"""The legal day count of the result tables (the rule itself is :mod:`simulate.calendar.deadlines`).

:func:`case_counts` gives each case's counted working days against the scenario's limit;
:func:`step_counts` each step row's count against its step's own limit.
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import pandas as pd

from simulate.calendar import WorkCalendar, counted_working_days, timeline_of
from simulate.calendar.deadlines import counting_origin, counts_in_days, stopped_on_acceptance_day
from simulate.calendar.timeline import Timeline
from simulate.scenario.model import Scenario

Column: TypeAlias = np.ndarray | pd.Categorical | pd.api.extensions.ExtensionArray


def case_counts(
    scenario: Scenario,
    calendar: WorkCalendar,
    cases: dict[str, Column],
    steps: dict[str, Column],
    spans: tuple[list[tuple[int, int]], list[tuple[int, int]]],
    stopped: np.ndarray,
    block: int,
    limits: np.ndarray | None = None,
) -> np.ndarray:
    """Counted working days of every case, as the law counts the scenario's limit.

    ``limits``: each case's own limit (limits per class), counted each as the law counts it.

    ``spans`` are the case and step row spans of each replication; ``stopped`` the stopped
    working days of each case; ``block`` the rows per block of calendar arithmetic. Time
    stopped on the acceptance day is not taken off twice: that day is left out whole.
    """
    std, limit = timeline_of(calendar), scenario.time_limit_working_days
    arrival, finish = np.asarray(cases["arrival_h"]), np.asarray(cases["finish_h"])
    own = np.full(len(arrival), np.nan if limit is None else limit) if limits is None else limits
    values = [None] if limit is None else sorted(set(own.tolist()))
    after = stopped
    if any(counts_in_days(v) for v in values) and bool(stopped.any()):
        stop = np.asarray(steps["clock_stop"]) & ~np.asarray(steps["detached"])
        step_case, case_no = np.asarray(steps["case"]), np.asarray(cases["case"])
        owner = np.empty(len(step_case), dtype=np.intp)
        for (a, b), (c, d) in zip(*spans, strict=True):
            owner[c:d] = np.searchsorted(case_no[a:b], step_case[c:d]) + a
        enter, end = np.asarray(steps["enter_h"])[stop], np.asarray(steps["end_h"])[stop]
        after = stopped - stopped_on_acceptance_day(std, arrival, owner[stop], enter, end)
    counted = np.empty(len(arrival))
    for value in values:
        # each class's limit counted as the law counts it (days after acceptance, or hours)
        taken = after if counts_in_days(value) else stopped
        chosen = None if len(values) == 1 else np.flatnonzero(own == value)
        for i in range(0, len(arrival) if chosen is None else len(chosen), block):
            rows = slice(i, i + block) if chosen is None else chosen[i : i + block]
            counted[rows] = counted_working_days(
                std, arrival[rows], finish[rows], value, taken[rows]
            )
    return counted


def step_counts(
    timeline: Timeline, enter: np.ndarray, end: np.ndarray, elapsed: np.ndarray, limit: np.ndarray
) -> np.ndarray:
    """Each step row's count against its step's limit (``limit`` per row, NaN for none).

    A limit in whole days runs from the close of the day the case reached the step; one in
    hours is the row's elapsed working days (office time from entry).
    """
    in_days = np.array([counts_in_days(x) for x in limit], dtype=np.bool_) & ~np.isnan(limit)
    if not in_days.any():
        return elapsed
    by_days = (
        timeline.work_at_array(end) - counting_origin(timeline, enter)
    ) / timeline.hours_per_day
    out: np.ndarray = np.where(in_days, np.maximum(by_days, 0.0), elapsed)
    return out
