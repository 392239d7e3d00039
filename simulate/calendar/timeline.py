"""Working time: the office hours elapsed on a work calendar, and the way back.

Offices only work during their office hours on working days, so a step that needs ``x``
working hours started at clock ``t`` ends at ``advance(t, x)``, which skips nights, weekends
and statutory holidays. A :class:`Timeline` applies one :class:`OfficeHours` profile to a
:class:`WorkCalendar` and answers the per-step questions (:meth:`Timeline.work_at`,
:meth:`Timeline.clock_at`, :meth:`Timeline.advance`, ...) in O(log n) with plain lists and
:mod:`bisect`. :func:`timeline_of` builds one per calendar and profile and shares it.

Floating point
--------------
Clock and working-time values are sums of floats, so a job meant to end exactly at closing
time may compute a working time a hair beyond the day's total. :meth:`Timeline.clock_at`
treats a working time within ``1e-9`` h (3.6 µs) after the end of an open interval as
ending at that interval's closing time rather than early next morning.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right
from typing import Final

import numpy as np

from simulate.calendar.days import WorkCalendar, past_end_fix
from simulate.calendar.office_hours import OfficeHours
from simulate.errors import CalendarError
from simulate.strings import text

__all__ = ["Timeline", "elapsed_working_days", "horizon_clock", "timeline_of"]

#: Tolerance (hours) for working times that overshoot an interval's end by rounding.
_EPS: Final = 1e-9

_SHARED: weakref.WeakKeyDictionary[WorkCalendar, dict[OfficeHours, Timeline]] = (
    weakref.WeakKeyDictionary()
)


def timeline_of(calendar: WorkCalendar, hours: OfficeHours | None = None) -> Timeline:
    """The working-time timeline of one office-hours profile on ``calendar`` (shared).

    Parameters
    ----------
    calendar : WorkCalendar
        The work calendar.
    hours : OfficeHours, optional
        Office hours; None means the calendar's standard ``office_hours``.

    Returns
    -------
    Timeline
        One shared instance per calendar and equal office hours.
    """
    key = calendar.office_hours if hours is None else hours
    per_calendar = _SHARED.setdefault(calendar, {})
    timeline = per_calendar.get(key)
    if timeline is None:
        timeline = per_calendar[key] = Timeline(calendar, key)
    return timeline


def horizon_clock(calendar: WorkCalendar, working_days: float) -> float:
    """Clock time at the end of the n-th standard working day from the calendar's origin.

    Parameters
    ----------
    calendar : WorkCalendar
        The work calendar (its standard office hours define a working day).
    working_days : float
        Number of standard working days (may be fractional).
    """
    if not working_days >= 0.0:
        raise ValueError(f"working_days must be >= 0, got {working_days!r}")
    return timeline_of(calendar).clock_at(working_days * calendar.hours_per_day)


def elapsed_working_days(calendar: WorkCalendar, start: float, end: float) -> float:
    """Standard working days between clock ``start`` and ``end`` (standard hours per day)."""
    return timeline_of(calendar).between(start, end) / calendar.hours_per_day


class Timeline:
    """Working time under one OfficeHours profile on this calendar.

    Working time ``w(t)`` is the office hours elapsed between the origin and clock ``t``.
    Built by :func:`timeline_of` (shared per calendar and office hours); every per-call method is O(log n).

    Parameters
    ----------
    calendar : WorkCalendar
        The calendar whose working days (or every day, for ``hours.every_day``) are open.
    hours : OfficeHours
        Daily opening intervals.

    Attributes
    ----------
    hours_per_day : float
        Open hours in one open day.
    always_open : bool
        True when the office is open around the clock over the whole covered range: then
        ``work_at(t) == t`` and the engine may skip conversions.
    end_clock : float
        Clock time at 24:00 of the calendar's last day; clock times beyond it raise.
    total_work : float
        Working hours available from the origin to ``end_clock``.
    """

    __slots__ = (
        "_cum",
        "_cum_end",
        "_ends",
        "_lens",
        "_starts",
        "always_open",
        "calendar",
        "end_clock",
        "hours",
        "hours_per_day",
        "total_work",
    )

    def __init__(self, calendar: WorkCalendar, hours: OfficeHours) -> None:
        self.calendar = calendar
        self.hours = hours
        self.hours_per_day: float = hours.hours_per_day
        self.end_clock: float = calendar.end_clock
        starts: list[float] = []
        ends: list[float] = []
        working = calendar.working_day_flags
        for i in range(calendar.n_days):
            if not (hours.every_day or working[i]):
                continue
            base = 24.0 * i
            for a, b in hours.intervals:
                s, e = base + a, base + b
                if ends and ends[-1] == s:  # touching: merge (e.g. 24h on consecutive days)
                    ends[-1] = e
                else:
                    starts.append(s)
                    ends.append(e)
        lens = [e - s for s, e in zip(starts, ends, strict=True)]
        cum: list[float] = []
        cum_end: list[float] = []
        acc = 0.0
        for length in lens:
            cum.append(acc)
            acc += length
            cum_end.append(acc)
        self._starts = starts  # clock time each open interval starts
        self._ends = ends  # clock time each open interval ends
        self._lens = lens
        self._cum = cum  # working hours before each interval
        self._cum_end = cum_end  # working hours at each interval's end
        self.total_work: float = acc
        self.always_open: bool = len(starts) == 1 and starts[0] == 0.0 and ends[0] == self.end_clock

    # ---------------------------------------------------------------- errors

    def _bad_clock(self, clock: float) -> CalendarError:
        cal = self.calendar
        if clock != clock:  # NaN
            return CalendarError(text("calendar.clock_nan_fix", fix=past_end_fix()))
        if clock < 0.0:
            return CalendarError(
                text("calendar.clock_negative", clock=clock, start=cal.origin.isoformat())
            )
        return CalendarError(
            text(
                "calendar.clock_after_end",
                clock=clock,
                when=cal.describe_clock(clock),
                last=cal.last_day.isoformat(),
                fix=past_end_fix(),
            )
        )

    def _past_end(self, work: float) -> CalendarError:
        cal = self.calendar
        return CalendarError(
            text(
                "calendar.work_after_end",
                work=work,
                hours=self.hours,
                last=cal.last_day.isoformat(),
                total=self.total_work,
                fix=past_end_fix(),
            )
        )

    # ---------------------------------------------------------------- hot path

    def work_at(self, clock: float) -> float:
        """Cumulative working hours between the origin and clock time ``clock``.

        Monotone, piecewise linear and continuous in ``clock``.

        Raises
        ------
        CalendarError
            If ``clock`` is negative, NaN or after the calendar's last day.
        """
        if not 0.0 <= clock <= self.end_clock:
            raise self._bad_clock(clock)
        k = bisect_right(self._starts, clock) - 1
        if k < 0:
            return 0.0
        d = clock - self._starts[k]
        length = self._lens[k]
        return self._cum[k] + (d if d < length else length)

    def clock_at(self, work: float) -> float:
        """Earliest clock time with ``work_at(clock) >= work``.

        ``clock_at(work)`` for ``work <= 0`` is the first opening; a ``work`` equal to (or within
        1e-9 h after) the working time at an interval's close gives that closing time, so a
        job ending exactly at closing time ends at 17:00, not next morning.

        Raises
        ------
        CalendarError
            If ``work`` exceeds the working time available up to the last covered day.
        """
        cum_end = self._cum_end
        if not work > 0.0:
            if work != work:
                raise ValueError("clock_at: working time is NaN")
            if not cum_end:
                raise self._past_end(work)
            return self._starts[0]
        k = bisect_left(cum_end, work - _EPS)
        if k >= len(cum_end):
            raise self._past_end(work)
        t = self._starts[k] + (work - self._cum[k])
        e = self._ends[k]
        return t if t < e else e

    def work_at_array(self, clock: np.ndarray) -> np.ndarray:
        """Vectorised :meth:`work_at` for an array of clock times (used on result tables)."""
        clock = np.asarray(clock, dtype=float)
        if clock.size and (np.nanmin(clock) < 0.0 or np.nanmax(clock) > self.end_clock):
            bad = (
                float(np.nanmax(clock))
                if np.nanmax(clock) > self.end_clock
                else float(np.nanmin(clock))
            )
            raise self._bad_clock(bad)
        starts = np.asarray(self._starts)
        k = np.searchsorted(starts, clock, side="right") - 1
        kk = np.clip(k, 0, None)
        into = np.clip(clock - starts[kk], 0.0, np.asarray(self._lens)[kk])
        out = np.asarray(self._cum)[kk] + into
        return np.where(k < 0, 0.0, out)

    def clock_at_array(self, work: np.ndarray) -> np.ndarray:
        """Vectorised :meth:`clock_at` for an array of working times."""
        work = np.asarray(work, dtype=float)
        cum_end = np.asarray(self._cum_end)
        if work.size and np.nanmax(work) > self.total_work:
            raise self._past_end(float(np.nanmax(work)))
        k = np.searchsorted(cum_end, work - _EPS, side="left")
        k = np.clip(k, 0, len(cum_end) - 1)
        t = np.asarray(self._starts)[k] + (np.maximum(work, 0.0) - np.asarray(self._cum)[k])
        out: np.ndarray = np.minimum(t, np.asarray(self._ends)[k])
        return out

    def advance(self, clock: float, work_hours: float) -> float:
        """End clock of ``work_hours`` of work started at clock time ``clock``.

        ``advance(clock, 0) == clock``; for ``work_hours > 0`` it equals
        ``clock_at(work_at(clock) + work_hours)`` (up to rounding) and is always ``> t``. Work
        started while closed begins at the next opening, however small ``work_hours`` is;
        work that would overrun an interval's close by at most 1e-9 h ends at the close.

        Raises
        ------
        CalendarError
            If ``clock`` is outside the calendar, or the work would end after its last day.
        ValueError
            If ``work_hours`` is negative or NaN.
        """
        if not 0.0 <= clock <= self.end_clock:
            raise self._bad_clock(clock)
        if not work_hours > 0.0:
            if work_hours == 0.0:
                return clock
            raise ValueError(f"work_hours must be >= 0, got {work_hours!r}")
        starts = self._starts
        cum_end = self._cum_end
        k = bisect_right(starts, clock) - 1
        if k >= 0:
            e = self._ends[k]
            if clock < e:  # open now: try to finish within this interval
                r = clock + work_hours
                if r <= e + _EPS:
                    return r if r < e else e
                w = self._cum[k] + (clock - starts[k]) + work_hours
            else:  # closed: work starts at the next opening
                w = cum_end[k] + work_hours
        else:
            w = work_hours
        # The work ends in a later interval than k (so the result is > t).
        j = bisect_left(cum_end, w - _EPS, k + 1)
        if j >= len(cum_end):
            cal = self.calendar
            raise CalendarError(
                text(
                    "calendar.work_not_ending",
                    work=work_hours,
                    when=cal.describe_clock(clock),
                    hours=self.hours,
                    last=cal.last_day.isoformat(),
                    fix=past_end_fix(),
                )
            )
        dw = w - self._cum[j]
        r = starts[j] + (dw if dw > 0.0 else 0.0)
        e = self._ends[j]
        return r if r < e else e

    def between(self, start: float, end: float) -> float:
        """Working hours in ``[t0, t1]``.

        Raises
        ------
        ValueError
            If ``t1 < t0``.
        """
        if end < start:
            raise ValueError(f"between(t0, t1) needs t0 <= t1, got t0={start!r} > t1={end!r}")
        return self.work_at(end) - self.work_at(start)

    def next_open(self, clock: float) -> float:
        """``clock`` if open at ``clock``, else the next opening time.

        Raises
        ------
        CalendarError
            If ``clock`` is outside the calendar or there is no opening before its last day ends.
        """
        if not 0.0 <= clock <= self.end_clock:
            raise self._bad_clock(clock)
        starts = self._starts
        k = bisect_right(starts, clock) - 1
        if k >= 0 and clock < self._ends[k]:
            return clock
        if k + 1 < len(starts):
            return starts[k + 1]
        cal = self.calendar
        raise CalendarError(
            text(
                "calendar.no_opening",
                hours=self.hours,
                when=cal.describe_clock(clock),
                last=cal.last_day.isoformat(),
                fix=past_end_fix(),
            )
        )

    def is_open(self, clock: float) -> bool:
        """Whether the office is open at clock time ``clock`` (intervals are ``[open, close)``).

        Raises
        ------
        CalendarError
            If ``clock`` is negative, NaN or after the calendar's last day.
        """
        if not 0.0 <= clock <= self.end_clock:
            raise self._bad_clock(clock)
        k = bisect_right(self._starts, clock) - 1
        return k >= 0 and clock < self._ends[k]

    # ---------------------------------------------------------------- arrays (the fast path)

    def advance_array(self, clock: np.ndarray, work_hours: np.ndarray) -> np.ndarray:
        """Vectorised :meth:`advance`: the same arithmetic, element by element, so each end
        equals the scalar one exactly (the engine's fast path relies on it).

        Raises
        ------
        CalendarError
            If a clock is outside the calendar, or some work would end after its last day.
        ValueError
            If a working time is negative or NaN.
        """
        clock = np.asarray(clock, dtype=float)
        work = np.asarray(work_hours, dtype=float)
        if clock.size == 0:
            return clock.copy()
        if np.nanmin(clock) < 0.0 or np.nanmax(clock) > self.end_clock or np.isnan(clock).any():
            bad = clock[~((clock >= 0.0) & (clock <= self.end_clock))]
            raise self._bad_clock(float(bad[0]))
        if not bool((work >= 0.0).all()):
            raise ValueError(f"work_hours must be >= 0, got {float(work[~(work >= 0.0)][0])!r}")
        starts, ends = np.asarray(self._starts), np.asarray(self._ends)
        cum, cum_end = np.asarray(self._cum), np.asarray(self._cum_end)
        k = np.searchsorted(starts, clock, side="right") - 1
        kk = np.maximum(k, 0)
        e = ends[kk]
        into = clock - starts[kk]
        r = clock + work
        inside = (k >= 0) & (clock < e) & (r <= e + _EPS)
        out = np.where(inside, np.minimum(r, e), clock)  # no work: the clock itself
        later = np.flatnonzero(~inside & (work > 0.0))
        if len(later) == 0:
            return out
        # working time at the end: open, into the interval (clock - start <= its length);
        # closed, the interval's end (cum + length == cum_end exactly); before the first, 0
        lengths = np.asarray(self._lens)
        w = cum[kk[later]] + np.clip(into[later], 0.0, lengths[kk[later]]) + work[later]
        j = np.maximum(np.searchsorted(cum_end, w - _EPS, side="left"), k[later] + 1)
        if bool((j >= len(cum_end)).any()):
            first = int(later[np.flatnonzero(j >= len(cum_end))[0]])
            cal = self.calendar
            raise CalendarError(
                text(
                    "calendar.work_not_ending",
                    work=float(work[first]),
                    when=cal.describe_clock(float(clock[first])),
                    hours=self.hours,
                    last=cal.last_day.isoformat(),
                    fix=past_end_fix(),
                )
            )
        dw = w - cum[j]
        rj = starts[j] + np.maximum(dw, 0.0)
        out[later] = np.minimum(rj, ends[j])
        return out

    def next_open_array(self, clock: np.ndarray) -> np.ndarray:
        """Vectorised :meth:`next_open`: each clock if open then, else the next opening.

        Raises
        ------
        CalendarError
            If a clock is outside the calendar or has no opening after it.
        """
        clock = np.asarray(clock, dtype=float)
        if clock.size == 0:
            return clock.copy()
        if not bool(((clock >= 0.0) & (clock <= self.end_clock)).all()):
            bad = clock[~((clock >= 0.0) & (clock <= self.end_clock))]
            raise self._bad_clock(float(bad[0]))
        starts = np.asarray(self._starts)
        k = np.searchsorted(starts, clock, side="right") - 1
        opened = (k >= 0) & (clock < np.asarray(self._ends)[np.clip(k, 0, None)])
        if bool((~opened & (k + 1 >= len(starts))).any()):
            self.next_open(float(clock[~opened & (k + 1 >= len(starts))][0]))  # raises
        out: np.ndarray = np.where(opened, clock, starts[np.clip(k + 1, 0, len(starts) - 1)])
        return out

    def __repr__(self) -> str:
        return (
            f"Timeline(hours='{self.hours}', every_day={self.hours.every_day}, "
            f"intervals={len(self._starts)}, always_open={self.always_open})"
        )
