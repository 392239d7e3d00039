"""Working days: which days are working days, and the clock <-> date translation.

The engine runs on one continuous clock, float hours since 00:00 of an origin date (the
scenario's start date). A :class:`WorkCalendar` decides which days are working days. With
``days="official"`` it follows the official Chinese calendar (weekends off, statutory
holidays off, 调休 make-up working days on) from the ``chinese_calendar`` package, with
per-scenario adjustments. Working time within a day is the business of
:mod:`simulate.calendar.timeline`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Final

import chinese_calendar

from simulate.calendar.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours
from simulate.errors import CalendarError
from simulate.strings import text

__all__ = ["DAYS_MODES", "WorkCalendar", "official_data_years", "past_end_fix"]

#: Accepted values of ``WorkCalendar(days=...)``.
DAYS_MODES: Final = ("official", "weekdays", "every_day")

#: Default span of "weekdays"/"every_day" calendars when no ``last_day`` is given.
_DEFAULT_SPAN_YEARS: Final = 20


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


def past_end_fix() -> str:
    """How to fix a run that went past the calendar's data (in the chosen language)."""
    return text("calendar.past_end_fix")


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
                text("calendar.unknown_days", days=days, choices=", ".join(DAYS_MODES))
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
            raise CalendarError(text("calendar.both_lists", shown=shown))
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
                text(
                    "calendar.last_before_start",
                    last=self.last_day.isoformat(),
                    start=self.origin.isoformat(),
                )
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
        self._flags: tuple[bool, ...] = tuple(self._working)

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
        start, last = self.origin.isoformat(), self.last_day.isoformat()
        if first == self.origin.year:
            which = text("calendar.which_start", start=start)
        elif first == self.last_day.year:
            which = text("calendar.which_last", last=last)
        else:
            year_start = date(first, 1, 1).isoformat()
            which = text("calendar.which_between", year_start=year_start, start=start, last=last)
        raise CalendarError(
            text(
                "calendar.no_holidays_year",
                year=first,
                which=which,
                covered=_format_years(self.covered_years()),
                missing=missing,
                low=lo,
                high=hi,
            )
        )

    def _rule(self, day: date) -> bool:
        """Working-day rule for ``d`` (its year must be covered in "official" mode)."""
        if day in self.extra_holidays:
            return False
        if day in self.extra_workdays:
            return True
        if self.days == "every_day":
            return True
        if self.days == "weekdays" or day.year in self.supplied_years:
            return day.weekday() < 5
        if day in chinese_calendar.workdays:
            return True
        return day.weekday() < 5 and day not in chinese_calendar.holidays

    def is_working_day(self, day: date) -> bool:
        """Whether ``d`` is a working day.

        Parameters
        ----------
        day : date
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
        day = _as_date(day)
        i = day.toordinal() - self._origin_ord
        if 0 <= i < self.n_days:
            return self._working[i]
        if self.days == "official" and not self._year_covered(day.year):
            lo, hi = self.data_years
            raise CalendarError(
                text(
                    "calendar.no_holidays_day",
                    day=day.isoformat(),
                    covered=_format_years(self.covered_years()),
                    year=day.year,
                    low=lo,
                    high=hi,
                )
            )
        return self._rule(day)

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

    def _check_clock(self, clock: float) -> None:
        if clock != clock:
            raise CalendarError(text("calendar.clock_nan"))
        if clock < 0.0:
            raise CalendarError(
                text("calendar.clock_negative", clock=clock, start=self.origin.isoformat())
            )
        if clock == float("inf"):
            raise CalendarError(text("calendar.clock_infinite", clock=clock, fix=past_end_fix()))

    def date_of(self, clock: float) -> date:
        """Calendar date at clock ``t`` (hours since 00:00 of the origin).

        Clock times after ``last_day`` are converted too (plain arithmetic).

        Raises
        ------
        CalendarError
            If ``t`` is negative or not finite.
        """
        self._check_clock(clock)
        return date.fromordinal(self._origin_ord + int(clock // 24.0))

    def to_datetime(self, clock: float) -> datetime:
        """Date and time of day at clock ``t`` (to the microsecond).

        Raises
        ------
        CalendarError
            If ``t`` is negative or not finite.
        """
        self._check_clock(clock)
        return self._origin_dt + timedelta(hours=clock)

    def to_clock(self, moment: date | datetime) -> float:
        """Clock time (hours since 00:00 of the origin) of a date (its 00:00) or datetime.

        Raises
        ------
        CalendarError
            If ``x`` is before the origin, or a timezone-aware datetime.
        """
        if isinstance(moment, datetime):
            if moment.tzinfo is not None:
                raise CalendarError(text("calendar.time_zone", moment=moment.isoformat()))
            t = (moment - self._origin_dt).total_seconds() / 3600.0
        else:
            t = 24.0 * (moment.toordinal() - self._origin_ord)
        if t < 0.0:
            raise CalendarError(
                text(
                    "calendar.moment_before_start",
                    moment=moment.isoformat(),
                    start=self.origin.isoformat(),
                )
            )
        return t

    def describe_clock(self, clock: float) -> str:
        """``'2027-01-03 10:00'`` for a clock time (for error messages)."""
        try:
            return (self._origin_dt + timedelta(hours=clock)).strftime("%Y-%m-%d %H:%M")
        except (OverflowError, ValueError):
            return f"clock {clock!r} h"

    @property
    def hours_per_day(self) -> float:
        """Standard open hours in one working day (defines "one working day")."""
        return self.office_hours.hours_per_day

    @property
    def working_day_flags(self) -> tuple[bool, ...]:
        """Whether each covered day, from ``origin`` to ``last_day``, is a working day."""
        return self._flags

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(origin={self.origin.isoformat()}, days={self.days!r}, "
            f"last_day={self.last_day.isoformat()}, office_hours='{self.office_hours}')"
        )
