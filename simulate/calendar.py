"""The work calendar: translation between the simulation clock and working time.

The engine runs on one continuous clock, float hours since 00:00 of an origin date (the
scenario's start date). Offices only work during their office hours on working days, so a
step that needs ``x`` working hours started at clock ``t`` ends at ``advance(t, x)``, which
skips nights, weekends and statutory holidays.

A :class:`WorkCalendar` decides which days are working days. With ``days="official"`` it
follows the official Chinese calendar (weekends off, statutory holidays off, 调休 make-up
working days on) from the ``chinese_calendar`` package, with per-scenario adjustments. A
:class:`Timeline` applies one :class:`OfficeHours` profile to a calendar and answers the
per-step questions (:meth:`Timeline.work_at`, :meth:`Timeline.clock_at`,
:meth:`Timeline.advance`, ...) in O(log n) with plain lists and :mod:`bisect`.

Floating point
--------------
Clock and working-time values are sums of floats, so a job meant to end exactly at closing
time may compute a working time a hair beyond the day's total. :meth:`Timeline.clock_at`
treats a working time within ``1e-9`` h (3.6 µs) after the end of an open interval as
ending at that interval's closing time rather than early next morning.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

import chinese_calendar
import numpy as np

from simulate.errors import CalendarError

__all__ = [
    "DAYS_MODES",
    "DEFAULT_OFFICE_HOURS",
    "OfficeHours",
    "Timeline",
    "WorkCalendar",
    "official_data_years",
]

#: Accepted values of ``WorkCalendar(days=...)``.
DAYS_MODES: Final = ("official", "weekdays", "every_day")

#: Tolerance (hours) for working times that overshoot an interval's end by rounding.
_EPS: Final = 1e-9

#: Default span of "weekdays"/"every_day" calendars when no ``last_day`` is given.
_DEFAULT_SPAN_YEARS: Final = 20

_TIME_RE: Final = re.compile(r"^(\d{1,2}):(\d{2})$")
_RANGE_SPLIT_RE: Final = re.compile(r"\s*(?:-|–|—|~|～)\s*")


# --------------------------------------------------------------------------- office hours


def _format_hour(h: float) -> str:
    """Format an hour of day as ``HH:MM`` (rounded to the minute)."""
    minutes = round(h * 60.0)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _parse_time(text: str, *, is_end: bool, spec: str) -> float:
    """Parse ``HH:MM`` into an hour of day; ``24:00`` is allowed only as an end."""
    m = _TIME_RE.match(text)
    if m is None:
        raise ValueError(
            f"office hours {spec!r}: {text!r} is not a time of day; write it as HH:MM, "
            f"e.g. '09:00-12:00'"
        )
    hh, mm = int(m.group(1)), int(m.group(2))
    if mm > 59 or hh > 24 or (hh == 24 and mm != 0):
        raise ValueError(
            f"office hours {spec!r}: {text!r} is not a valid time; use 00:00-23:59 "
            f"(or 24:00 as a closing time)"
        )
    if hh == 24 and not is_end:
        raise ValueError(
            f"office hours {spec!r}: an interval cannot open at 24:00; 24:00 is only "
            f"allowed as a closing time"
        )
    return hh + mm / 60.0


def _check_intervals(intervals: tuple[tuple[float, float], ...], spec: str) -> None:
    """Raise ValueError unless the intervals are non-empty, valid, sorted and disjoint."""
    if not intervals:
        raise ValueError(f"office hours {spec}: no opening interval; give at least one")
    prev_end = 0.0
    for i, (a, b) in enumerate(intervals):
        if not (0.0 <= a <= 24.0 and 0.0 <= b <= 24.0):
            raise ValueError(
                f"office hours {spec}: interval {_format_hour(a)}-{_format_hour(b)} "
                f"lies outside 00:00-24:00"
            )
        if b <= a:
            raise ValueError(
                f"office hours {spec}: interval {_format_hour(a)}-{_format_hour(b)} "
                f"ends at or before it starts; the end must be after the start"
            )
        if i > 0 and a < prev_end:
            raise ValueError(
                f"office hours {spec}: interval {_format_hour(a)}-{_format_hour(b)} "
                f"overlaps or comes before the previous one (which ends at "
                f"{_format_hour(prev_end)}); list intervals in order without overlap"
            )
        prev_end = b


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """Daily opening intervals, e.g. ``((9.0, 12.0), (13.0, 17.0))``; hours of day in [0, 24].

    Parameters
    ----------
    intervals : tuple of (float, float)
        Opening intervals ``(open, close)`` in hours of day, sorted and non-overlapping
        (touching intervals are allowed). ``close`` may be 24.0.
    every_day : bool, default False
        True: open on every calendar day (an online system), not only on working days.

    Raises
    ------
    ValueError
        If the intervals are empty, unsorted, overlapping, reversed or outside [0, 24].
    """

    intervals: tuple[tuple[float, float], ...]
    every_day: bool = False

    def __post_init__(self) -> None:
        try:
            normalised = tuple((float(a), float(b)) for a, b in self.intervals)
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"office hours {self.intervals!r}: expected a sequence of (open, close) "
                f"hour pairs, e.g. ((9.0, 12.0), (13.0, 17.0))"
            ) from exc
        _check_intervals(normalised, repr(self.intervals))
        object.__setattr__(self, "intervals", normalised)

    @classmethod
    def parse(cls, spec: str | Sequence[str], *, every_day: bool = False) -> OfficeHours:
        """Parse office hours from text.

        Parameters
        ----------
        spec : str or sequence of str
            ``"24h"`` for the whole day, a list such as ``["09:00-12:00", "13:00-17:00"]``,
            or the same intervals in one comma-separated string.
        every_day : bool, default False
            Open on every calendar day, not only on working days.

        Returns
        -------
        OfficeHours
            The parsed office hours.

        Raises
        ------
        ValueError
            On unreadable text, overlapping or unsorted intervals, an end at or before its
            start, or times outside 00:00-24:00.
        """
        shown = repr(spec) if isinstance(spec, str) else repr(list(spec))
        if isinstance(spec, str):
            parts = [p.strip() for p in spec.split(",")]
        else:
            parts = []
            for item in spec:
                if not isinstance(item, str):
                    raise ValueError(
                        f"office hours {shown}: {item!r} is not a string; write intervals "
                        f"as 'HH:MM-HH:MM'"
                    )
                parts.append(item.strip())
        parts = [p.replace("：", ":") for p in parts]
        if len(parts) == 1 and parts[0].lower() in ("24h", "24 h", "00:00-24:00"):
            return cls(((0.0, 24.0),), every_day=every_day)
        if not parts or parts == [""]:
            raise ValueError(
                f"office hours {shown}: empty; give '24h' or intervals like '09:00-12:00'"
            )
        intervals: list[tuple[float, float]] = []
        for part in parts:
            if part.lower() in ("24h", "24 h"):
                raise ValueError(
                    f"office hours {shown}: '24h' must be the only entry; it already "
                    f"covers the whole day"
                )
            ends = _RANGE_SPLIT_RE.split(part)
            if len(ends) != 2:
                raise ValueError(
                    f"office hours {shown}: {part!r} is not an interval; write it as "
                    f"'HH:MM-HH:MM', e.g. '09:00-12:00'"
                )
            a = _parse_time(ends[0], is_end=False, spec=shown)
            b = _parse_time(ends[1], is_end=True, spec=shown)
            intervals.append((a, b))
        _check_intervals(tuple(intervals), shown)
        return cls(tuple(intervals), every_day=every_day)

    @property
    def hours_per_day(self) -> float:
        """Open hours in one open day."""
        return sum(b - a for a, b in self.intervals)

    @property
    def is_24h(self) -> bool:
        """True when the intervals cover the whole day without a gap."""
        return self.hours_per_day == 24.0

    def __str__(self) -> str:
        if self.is_24h:
            return "24h"
        return ", ".join(f"{_format_hour(a)}-{_format_hour(b)}" for a, b in self.intervals)


#: Standard office hours of a government service hall: 09:00-12:00 and 13:00-17:00 (7 h).
DEFAULT_OFFICE_HOURS: Final = OfficeHours(((9.0, 12.0), (13.0, 17.0)))


# ------------------------------------------------------------------------------ helpers


def official_data_years() -> tuple[int, int]:
    """First and last year covered by the installed ``chinese_calendar`` data.

    Returns
    -------
    tuple of int
        ``(first_year, last_year)``. The last year may be only partly published; every year
        from first to last is treated as covered.
    """
    years = [d.year for d in chinese_calendar.holidays] + [
        d.year for d in chinese_calendar.workdays
    ]
    return min(years), max(years)


def _format_years(years: Iterable[int]) -> str:
    """Format years as compact ranges: ``2004-2026, 2030``."""
    ys = sorted(set(years))
    if not ys:
        return "none"
    runs: list[str] = []
    start = prev = ys[0]
    for y in [*ys[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        runs.append(str(start) if start == prev else f"{start}-{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(runs)


def _as_date(x: date) -> date:
    """A plain ``date`` (a ``datetime`` is reduced to its date)."""
    return x.date() if isinstance(x, datetime) else x


def _add_years(d: date, years: int) -> date:
    """``d`` shifted by whole years (29 Feb becomes 28 Feb in common years)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


_PAST_END_FIX: Final = (
    "the run went past the calendar's data; shorten horizon_working_days or supply "
    "holidays for later years"
)


# ------------------------------------------------------------------------------ calendar


class WorkCalendar:
    """Which days are working days, and the clock <-> date translation.

    Parameters
    ----------
    origin : date
        Day 0 of the simulation clock: clock ``t`` is hours since 00:00 of ``origin``.
    days : {"official", "weekdays", "every_day"}, default "official"
        ``"official"``: the official Chinese calendar (weekends and statutory holidays off,
        调休 make-up days on). ``"weekdays"``: Monday-Friday, no holidays. ``"every_day"``:
        every day is a working day.
    extra_holidays, extra_workdays : iterable of date
        Single dates forced off / on (the scenario's own adjustments), in any mode.
    supplied_years : iterable of int
        Years for which the scenario supplies its own holidays (``days="official"`` only):
        in those years weekends and ``extra_holidays`` are off, ``extra_workdays`` on, and
        ``chinese_calendar`` is not consulted.
    last_day : date, optional
        Last covered day. Default: 31 Dec of the last covered year (``"official"``: the later
        of the package data's last year and ``max(supplied_years)``), or ``origin`` + 20
        years for ``"weekdays"`` / ``"every_day"``.
    office_hours : OfficeHours, default DEFAULT_OFFICE_HOURS
        Standard office hours; they define "one working day" for reporting.

    Raises
    ------
    CalendarError
        On an unknown ``days`` mode, ``last_day`` before ``origin``, a date both in
        ``extra_holidays`` and ``extra_workdays``, or (``"official"``) a covered year that is
        neither in the package data nor in ``supplied_years``.
    """

    def __init__(
        self,
        origin: date,
        *,
        days: str = "official",
        extra_holidays: Iterable[date] = (),
        extra_workdays: Iterable[date] = (),
        supplied_years: Iterable[int] = (),
        last_day: date | None = None,
        office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
    ) -> None:
        if days not in DAYS_MODES:
            raise CalendarError(
                f"calendar days mode {days!r} is unknown; use one of {', '.join(DAYS_MODES)}"
            )
        self.origin: date = _as_date(origin)
        self.days: str = days
        self.office_hours: OfficeHours = office_hours
        self.extra_holidays: frozenset[date] = frozenset(_as_date(d) for d in extra_holidays)
        self.extra_workdays: frozenset[date] = frozenset(_as_date(d) for d in extra_workdays)
        self.supplied_years: frozenset[int] = frozenset(int(y) for y in supplied_years)
        both = self.extra_holidays & self.extra_workdays
        if both:
            shown = ", ".join(d.isoformat() for d in sorted(both))
            raise CalendarError(
                f"calendar: {shown} listed both as holiday and as working day; keep each "
                f"date in only one list"
            )
        self.data_years: tuple[int, int] = official_data_years()

        if last_day is None:
            if days == "official":
                last_year = max(self.data_years[1], *self.supplied_years, self.origin.year)
                last_day = date(last_year, 12, 31)
            else:
                last_day = _add_years(self.origin, _DEFAULT_SPAN_YEARS)
        self.last_day: date = _as_date(last_day)
        if self.last_day < self.origin:
            raise CalendarError(
                f"calendar: last day {self.last_day.isoformat()} is before the start date "
                f"{self.origin.isoformat()}; choose a later last day"
            )
        if days == "official":
            self._check_years()

        self._origin_ord: int = self.origin.toordinal()
        self.n_days: int = self.last_day.toordinal() - self._origin_ord + 1
        #: Clock time at 24:00 of ``last_day``: the end of the covered range.
        self.end_clock: float = 24.0 * self.n_days
        self._working: list[bool] = [
            self._rule(date.fromordinal(self._origin_ord + i)) for i in range(self.n_days)
        ]
        self._origin_dt: datetime = datetime(self.origin.year, self.origin.month, self.origin.day)
        self._timelines: dict[OfficeHours, Timeline] = {}

    # ---------------------------------------------------------------- coverage and rules

    def covered_years(self) -> list[int]:
        """Years whose working days this calendar can decide (``"official"``: data + supplied).

        Returns
        -------
        list of int
            Sorted years. For ``"weekdays"`` / ``"every_day"`` every year is decidable; the
            years from ``origin`` through ``last_day`` are returned.
        """
        if self.days != "official":
            return list(range(self.origin.year, self.last_day.year + 1))
        lo, hi = self.data_years
        return sorted(set(range(lo, hi + 1)) | self.supplied_years)

    def _year_covered(self, year: int) -> bool:
        lo, hi = self.data_years
        return lo <= year <= hi or year in self.supplied_years

    def _check_years(self) -> None:
        missing = [
            y for y in range(self.origin.year, self.last_day.year + 1) if not self._year_covered(y)
        ]
        if not missing:
            return
        lo, hi = self.data_years
        first = missing[0]
        if first == self.origin.year:
            which = f"the start date {self.origin.isoformat()}"
        elif first == self.last_day.year:
            which = f"the calendar's last day {self.last_day.isoformat()}"
        else:
            which = (
                f"{date(first, 1, 1).isoformat()}, between the start date "
                f"{self.origin.isoformat()} and the last day {self.last_day.isoformat()}"
            )
        raise CalendarError(
            f"calendar: no official holidays for {first} ({which}); the holiday data covers "
            f"{_format_years(self.covered_years())}. Fix: add `calendar: {{holidays: [...], "
            f"years: {missing}}}` to the scenario, or choose a start date in {lo}-{hi}"
        )

    def _rule(self, d: date) -> bool:
        """Working-day rule for ``d`` (its year must be covered in "official" mode)."""
        if d in self.extra_holidays:
            return False
        if d in self.extra_workdays:
            return True
        if self.days == "every_day":
            return True
        if self.days == "weekdays" or d.year in self.supplied_years:
            return d.weekday() < 5
        if d in chinese_calendar.workdays:
            return True
        return d.weekday() < 5 and d not in chinese_calendar.holidays

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day.

        Parameters
        ----------
        d : date
            Any date whose year the calendar covers (it need not lie in origin..last_day).

        Returns
        -------
        bool
            True on a working day.

        Raises
        ------
        CalendarError
            ``"official"`` mode and the year is neither in the package data nor supplied.
        """
        d = _as_date(d)
        i = d.toordinal() - self._origin_ord
        if 0 <= i < self.n_days:
            return self._working[i]
        if self.days == "official" and not self._year_covered(d.year):
            lo, hi = self.data_years
            raise CalendarError(
                f"calendar: no official holidays for {d.isoformat()}; the holiday data covers "
                f"{_format_years(self.covered_years())}. Fix: add `calendar: {{holidays: "
                f"[...], years: [{d.year}]}}` to the scenario, or use dates in {lo}-{hi}"
            )
        return self._rule(d)

    def working_days(self, year: int) -> int:
        """Number of working days in ``year``.

        Parameters
        ----------
        year : int
            A covered year.

        Returns
        -------
        int
            Count of working days from 1 Jan through 31 Dec.
        """
        start = date(year, 1, 1).toordinal()
        end = date(year, 12, 31).toordinal()
        return sum(self.is_working_day(date.fromordinal(o)) for o in range(start, end + 1))

    # ---------------------------------------------------------------- clock <-> dates

    def _check_clock(self, t: float) -> None:
        if t != t:
            raise CalendarError("calendar: clock time is NaN")
        if t < 0.0:
            raise CalendarError(
                f"calendar: clock time {t!r} h is before the start "
                f"{self.origin.isoformat()} 00:00 (clock 0); clock times must be >= 0"
            )
        if t == float("inf"):
            raise CalendarError(f"calendar: clock time {t!r} h is not finite; {_PAST_END_FIX}")

    def date_of(self, t: float) -> date:
        """Calendar date at clock ``t`` (hours since 00:00 of the origin).

        Clock times after ``last_day`` are converted too (plain arithmetic).

        Raises
        ------
        CalendarError
            If ``t`` is negative or not finite.
        """
        self._check_clock(t)
        return date.fromordinal(self._origin_ord + int(t // 24.0))

    def to_datetime(self, t: float) -> datetime:
        """Date and time of day at clock ``t`` (to the microsecond).

        Raises
        ------
        CalendarError
            If ``t`` is negative or not finite.
        """
        self._check_clock(t)
        return self._origin_dt + timedelta(hours=t)

    def to_clock(self, x: date | datetime) -> float:
        """Clock time (hours since 00:00 of the origin) of a date (its 00:00) or datetime.

        Raises
        ------
        CalendarError
            If ``x`` is before the origin, or a timezone-aware datetime.
        """
        if isinstance(x, datetime):
            if x.tzinfo is not None:
                raise CalendarError(
                    f"calendar: {x.isoformat()} has a time zone; give local (naive) times"
                )
            t = (x - self._origin_dt).total_seconds() / 3600.0
        else:
            t = 24.0 * (x.toordinal() - self._origin_ord)
        if t < 0.0:
            raise CalendarError(
                f"calendar: {x.isoformat()} is before the start date "
                f"{self.origin.isoformat()}; clock times must be >= 0"
            )
        return t

    def _describe_clock(self, t: float) -> str:
        """``'2027-01-03 10:00'`` for a clock time (for error messages)."""
        try:
            return (self._origin_dt + timedelta(hours=t)).strftime("%Y-%m-%d %H:%M")
        except (OverflowError, ValueError):
            return f"clock {t!r} h"

    # ---------------------------------------------------------------- working time

    def timeline(self, hours: OfficeHours | None = None) -> Timeline:
        """The working-time timeline of one office-hours profile (cached per profile).

        Parameters
        ----------
        hours : OfficeHours, optional
            Office hours; None means the calendar's standard ``office_hours``.

        Returns
        -------
        Timeline
            Shared instance for equal office hours.
        """
        key = self.office_hours if hours is None else hours
        tl = self._timelines.get(key)
        if tl is None:
            tl = Timeline(self, key)
            self._timelines[key] = tl
        return tl

    @property
    def hours_per_day(self) -> float:
        """Standard open hours in one working day (defines "one working day")."""
        return self.office_hours.hours_per_day

    def horizon_clock(self, n_working_days: float) -> float:
        """Clock time at the end of the n-th working day from the origin (standard hours).

        Parameters
        ----------
        n_working_days : float
            Number of standard working days (may be fractional).

        Returns
        -------
        float
            ``timeline().clock_at(n_working_days * hours_per_day)``.
        """
        if not n_working_days >= 0.0:
            raise ValueError(f"n_working_days must be >= 0, got {n_working_days!r}")
        return self.timeline().clock_at(n_working_days * self.hours_per_day)

    def elapsed_working_days(self, t0: float, t1: float) -> float:
        """Standard working days between clock ``t0`` and ``t1`` (standard hours / day)."""
        return self.timeline().between(t0, t1) / self.hours_per_day

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(origin={self.origin.isoformat()}, days={self.days!r}, "
            f"last_day={self.last_day.isoformat()}, office_hours='{self.office_hours}')"
        )


# ------------------------------------------------------------------------------ timeline


class Timeline:
    """Working time under one OfficeHours profile on this calendar.

    Working time ``w(t)`` is the office hours elapsed between the origin and clock ``t``.
    Built by :meth:`WorkCalendar.timeline`; every per-call method is O(log n).

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
        working = calendar._working
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

    def _bad_clock(self, t: float) -> CalendarError:
        cal = self.calendar
        if t != t:  # NaN
            return CalendarError(f"calendar: clock time is NaN; {_PAST_END_FIX}")
        if t < 0.0:
            return CalendarError(
                f"calendar: clock time {t!r} h is before the start {cal.origin.isoformat()} "
                f"00:00 (clock 0); clock times must be >= 0"
            )
        return CalendarError(
            f"calendar: clock time {t:.6g} h ({cal._describe_clock(t)}) is after the "
            f"calendar's last covered date {cal.last_day.isoformat()}; {_PAST_END_FIX}"
        )

    def _past_end(self, w: float) -> CalendarError:
        cal = self.calendar
        return CalendarError(
            f"calendar: working time {w:.6g} h (office hours '{self.hours}') is not reached "
            f"by the calendar's last covered date {cal.last_day.isoformat()} (only "
            f"{self.total_work:.6g} h available); {_PAST_END_FIX}"
        )

    # ---------------------------------------------------------------- hot path

    def work_at(self, t: float) -> float:
        """Cumulative working hours between the origin and clock ``t``.

        Monotone, piecewise linear and continuous in ``t``.

        Raises
        ------
        CalendarError
            If ``t`` is negative, NaN or after the calendar's last day.
        """
        if not 0.0 <= t <= self.end_clock:
            raise self._bad_clock(t)
        k = bisect_right(self._starts, t) - 1
        if k < 0:
            return 0.0
        d = t - self._starts[k]
        length = self._lens[k]
        return self._cum[k] + (d if d < length else length)

    def clock_at(self, w: float) -> float:
        """Earliest clock ``t`` with ``work_at(t) >= w``.

        ``clock_at(w)`` for ``w <= 0`` is the first opening; a ``w`` equal to (or within
        1e-9 h after) the working time at an interval's close gives that closing time, so a
        job ending exactly at closing time ends at 17:00, not next morning.

        Raises
        ------
        CalendarError
            If ``w`` exceeds the working time available up to the last covered day.
        """
        cum_end = self._cum_end
        if not w > 0.0:
            if w != w:
                raise ValueError("clock_at: working time is NaN")
            if not cum_end:
                raise self._past_end(w)
            return self._starts[0]
        k = bisect_left(cum_end, w - _EPS)
        if k >= len(cum_end):
            raise self._past_end(w)
        t = self._starts[k] + (w - self._cum[k])
        e = self._ends[k]
        return t if t < e else e

    def work_at_array(self, t: np.ndarray) -> np.ndarray:
        """Vectorised :meth:`work_at` for an array of clock times (used on result tables)."""
        t = np.asarray(t, dtype=float)
        if t.size and (np.nanmin(t) < 0.0 or np.nanmax(t) > self.end_clock):
            bad = float(np.nanmax(t)) if np.nanmax(t) > self.end_clock else float(np.nanmin(t))
            raise self._bad_clock(bad)
        starts = np.asarray(self._starts)
        k = np.searchsorted(starts, t, side="right") - 1
        kk = np.clip(k, 0, None)
        into = np.clip(t - starts[kk], 0.0, np.asarray(self._lens)[kk])
        out = np.asarray(self._cum)[kk] + into
        return np.where(k < 0, 0.0, out)

    def clock_at_array(self, w: np.ndarray) -> np.ndarray:
        """Vectorised :meth:`clock_at` for an array of working times."""
        w = np.asarray(w, dtype=float)
        cum_end = np.asarray(self._cum_end)
        if w.size and np.nanmax(w) > self.total_work:
            raise self._past_end(float(np.nanmax(w)))
        k = np.searchsorted(cum_end, w - _EPS, side="left")
        k = np.clip(k, 0, len(cum_end) - 1)
        t = np.asarray(self._starts)[k] + (np.maximum(w, 0.0) - np.asarray(self._cum)[k])
        out: np.ndarray = np.minimum(t, np.asarray(self._ends)[k])
        return out

    def advance(self, t: float, work_hours: float) -> float:
        """End clock of ``work_hours`` of work started at clock ``t``.

        ``advance(t, 0) == t``; for ``work_hours > 0`` it equals
        ``clock_at(work_at(t) + work_hours)`` (up to rounding) and is always ``> t``. Work
        started while closed begins at the next opening, however small ``work_hours`` is;
        work that would overrun an interval's close by at most 1e-9 h ends at the close.

        Raises
        ------
        CalendarError
            If ``t`` is outside the calendar, or the work would end after its last day.
        ValueError
            If ``work_hours`` is negative or NaN.
        """
        if not 0.0 <= t <= self.end_clock:
            raise self._bad_clock(t)
        if not work_hours > 0.0:
            if work_hours == 0.0:
                return t
            raise ValueError(f"work_hours must be >= 0, got {work_hours!r}")
        starts = self._starts
        cum_end = self._cum_end
        k = bisect_right(starts, t) - 1
        if k >= 0:
            e = self._ends[k]
            if t < e:  # open now: try to finish within this interval
                r = t + work_hours
                if r <= e + _EPS:
                    return r if r < e else e
                w = self._cum[k] + (t - starts[k]) + work_hours
            else:  # closed: work starts at the next opening
                w = cum_end[k] + work_hours
        else:
            w = work_hours
        # The work ends in a later interval than k (so the result is > t).
        j = bisect_left(cum_end, w - _EPS, k + 1)
        if j >= len(cum_end):
            cal = self.calendar
            raise CalendarError(
                f"calendar: {work_hours:.6g} working hours started at {cal._describe_clock(t)} "
                f"(office hours '{self.hours}') do not end by the calendar's last covered date "
                f"{cal.last_day.isoformat()}; {_PAST_END_FIX}"
            )
        dw = w - self._cum[j]
        r = starts[j] + (dw if dw > 0.0 else 0.0)
        e = self._ends[j]
        return r if r < e else e

    def between(self, t0: float, t1: float) -> float:
        """Working hours in ``[t0, t1]``.

        Raises
        ------
        ValueError
            If ``t1 < t0``.
        """
        if t1 < t0:
            raise ValueError(f"between(t0, t1) needs t0 <= t1, got t0={t0!r} > t1={t1!r}")
        return self.work_at(t1) - self.work_at(t0)

    def next_open(self, t: float) -> float:
        """``t`` if open at ``t``, else the next opening time.

        Raises
        ------
        CalendarError
            If ``t`` is outside the calendar or there is no opening before its last day ends.
        """
        if not 0.0 <= t <= self.end_clock:
            raise self._bad_clock(t)
        starts = self._starts
        k = bisect_right(starts, t) - 1
        if k >= 0 and t < self._ends[k]:
            return t
        if k + 1 < len(starts):
            return starts[k + 1]
        cal = self.calendar
        raise CalendarError(
            f"calendar: no opening (office hours '{self.hours}') after "
            f"{cal._describe_clock(t)} up to the calendar's last covered date "
            f"{cal.last_day.isoformat()}; {_PAST_END_FIX}"
        )

    def is_open(self, t: float) -> bool:
        """Whether the office is open at clock ``t`` (intervals are ``[open, close)``).

        Raises
        ------
        CalendarError
            If ``t`` is negative, NaN or after the calendar's last day.
        """
        if not 0.0 <= t <= self.end_clock:
            raise self._bad_clock(t)
        k = bisect_right(self._starts, t) - 1
        return k >= 0 and t < self._ends[k]

    def __repr__(self) -> str:
        return (
            f"Timeline(hours='{self.hours}', every_day={self.hours.every_day}, "
            f"intervals={len(self._starts)}, always_open={self.always_open})"
        )
