"""Legal day counting: when a limit expires and how many days count against it.

One function family decides every limit of the package (the on-time flag, thresholds, a
step's ``over_limit``, 超时默认 deadlines, charts and verdicts), following the law:

* 《行政许可法》第八十二条: limits are counted in working days, statutory holidays left
  out; 《民法典》第二百零一条: the day on which a period starts is not counted.
* So a limit of **N working days** from acceptance expires at the close of office hours of
  the N-th working day *after* the acceptance day. An application submitted on a
  non-working day, or at or after closing time, is accepted on the next working day.
* A limit **in hours** (半日, 3 小时, 2 小时: anything that is not a whole number of working
  days) is counted in office time from the moment of submission.

The counting runs on the calendar's standard office hours (:func:`timeline_of`), where every
working day has the same open hours, so "the close of the acceptance day" is the working
time ``hours_per_day * (working days before it + 1)``. ``docs/background/day-counting.md``
has the legal basis and worked examples on the real calendar.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np

from simulate.calendar.timeline import Timeline

__all__ = [
    "LIMIT_TOLERANCE",
    "counted_working_days",
    "counting_origin",
    "counts_in_days",
    "deadline",
    "stopped_on_acceptance_day",
    "within_limit",
]

#: Tolerance (working days) when a count is compared with a limit.
LIMIT_TOLERANCE: Final = 1e-9

#: Tolerance (hours) when working time is placed on a day boundary.
_EDGE: Final = 1e-9


def counts_in_days(limit_working_days: float | None) -> bool:
    """Whether a limit counts whole working days (law) rather than office hours.

    Parameters
    ----------
    limit_working_days : float or None
        The limit in working days (a limit written in hours is stored as a fraction of a
        working day). None: no limit; days are then counted as the law counts them.

    Returns
    -------
    bool
        True for a whole number of working days (1 or more) or None; False for a limit in
        hours such as 半日 (0.5) or 3 小时 (3/7 of a 7-hour day).
    """
    if limit_working_days is None:
        return True
    value = float(limit_working_days)
    return value >= 1.0 - 1e-9 and abs(value - round(value)) < 1e-9


def counting_origin(timeline: Timeline, clock: np.ndarray) -> np.ndarray:
    """Working time (hours) at which day counting starts: the close of the acceptance day.

    The acceptance day is the working day of submission when the application comes in
    before closing time on a working day, else the next working day; it is not counted.

    Parameters
    ----------
    timeline : Timeline
        The calendar's standard-hours timeline.
    clock : numpy.ndarray
        Submission clock times (hours since 00:00 of the calendar's origin).

    Returns
    -------
    numpy.ndarray
        Working hours from the origin to the close of each acceptance day.
    """
    hours = timeline.hours_per_day
    before = timeline.work_at_array(np.asarray(clock, dtype=float))
    days_before = np.floor((before + _EDGE) / hours)
    origin: np.ndarray = (days_before + 1.0) * hours
    return origin


def counted_working_days(
    timeline: Timeline,
    start: np.ndarray,
    end: np.ndarray,
    limit_working_days: float | None,
    stopped_working_days: np.ndarray | float = 0.0,
) -> np.ndarray:
    """Working days counted against a limit between submission and finish.

    Parameters
    ----------
    timeline : Timeline
        The calendar's standard-hours timeline.
    start, end : numpy.ndarray
        Submission and finish clock times.
    limit_working_days : float or None
        The limit the count is for: whole working days (or None) count days after the
        acceptance day; a limit in hours counts office time from submission.
    stopped_working_days : numpy.ndarray or float, default 0
        Time that does not count (不计时: hearings, the applicant's make-up), in working days.
        With days counted, give only the time stopped after the acceptance day (see
        :func:`stopped_on_acceptance_day`): that day is left out whole already.

    Returns
    -------
    numpy.ndarray
        Counted working days, never negative. A case is within an N-day limit exactly when
        its count is at most N: with days counted, finishing by the close of the N-th
        working day after the acceptance day.
    """
    hours = timeline.hours_per_day
    finished = timeline.work_at_array(np.asarray(end, dtype=float))
    if counts_in_days(limit_working_days):
        begun = counting_origin(timeline, start)
    else:
        begun = timeline.work_at_array(np.asarray(start, dtype=float))
    counted: np.ndarray = (finished - begun) / hours - stopped_working_days
    np.maximum(counted, 0.0, out=counted)
    return counted


def within_limit(
    timeline: Timeline,
    start: np.ndarray,
    end: np.ndarray,
    limit_working_days: float,
    stopped_working_days: np.ndarray | float = 0.0,
) -> np.ndarray:
    """Whether each case finished within the limit, counted as the law counts it.

    Parameters are those of :func:`counted_working_days`.

    Returns
    -------
    numpy.ndarray of bool
        True where the counted working days are at most the limit.
    """
    counted = counted_working_days(timeline, start, end, limit_working_days, stopped_working_days)
    within: np.ndarray = counted <= limit_working_days + LIMIT_TOLERANCE
    return within


def deadline(timeline: Timeline, clock: float, limit_working_days: float) -> float:
    """Clock time at which a limit started at ``clock`` expires (no time stopped).

    Parameters
    ----------
    timeline : Timeline
        The calendar's standard-hours timeline.
    clock : float
        Submission (or, for a step, entry) clock time.
    limit_working_days : float
        The limit. Whole working days: the close of office hours on the N-th working day
        after the acceptance day. In hours: that much office time after submission.

    Returns
    -------
    float
        The clock time of expiry.

    Raises
    ------
    ValueError
        If the limit is negative or not finite.
    """
    if not (limit_working_days >= 0.0 and math.isfinite(limit_working_days)):
        raise ValueError(f"a limit must be >= 0 working days, got {limit_working_days!r}")
    hours = timeline.hours_per_day
    if counts_in_days(limit_working_days):
        origin = float(counting_origin(timeline, np.array([clock]))[0])
        return timeline.clock_at(origin + round(limit_working_days) * hours)
    return timeline.advance(clock, limit_working_days * hours)


def stopped_on_acceptance_day(
    timeline: Timeline,
    submitted: np.ndarray,
    owner: np.ndarray,
    stop_start: np.ndarray,
    stop_end: np.ndarray,
) -> np.ndarray:
    """Stopped working days that fall on each case's acceptance day (already not counted).

    The acceptance day is left out of a day count whole, so time stopped on it (a make-up
    sent back on the day of application) must not be taken off the count a second time.

    Parameters
    ----------
    timeline : Timeline
        The calendar's standard-hours timeline.
    submitted : numpy.ndarray
        Each case's submission clock time.
    owner : numpy.ndarray of int
        For each stopped interval, the index of its case in ``submitted``.
    stop_start, stop_end : numpy.ndarray
        Clock times of each stopped interval.

    Returns
    -------
    numpy.ndarray
        Per case, the stopped working days before the close of its acceptance day (the
        intervals' overlaps summed, at most the rest of that day).
    """
    hours = timeline.hours_per_day
    begin = timeline.work_at_array(np.asarray(submitted, dtype=float))
    origin = counting_origin(timeline, submitted)
    out = np.zeros(len(begin))
    if len(owner):
        a = np.maximum(timeline.work_at_array(stop_start), begin[owner])
        b = np.minimum(timeline.work_at_array(stop_end), origin[owner])
        np.add.at(out, owner, np.maximum(b - a, 0.0))
    np.minimum(out, origin - begin, out=out)
    result: np.ndarray = out / hours
    return result
