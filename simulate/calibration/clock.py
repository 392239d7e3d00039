"""The working-time clock of a log: its calendar, and timestamps as working hours.

Durations are fitted on the same clock the engine runs on: the office hours elapsed on the
work calendar of the place (the official Chinese calendar by default; weekends plus
supplied holidays for data from elsewhere). A time outside office hours counts as the end
of the last open interval before it, so a case submitted at 20:00 starts next morning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from simulate.calendar import DEFAULT_OFFICE_HOURS, OfficeHours, WorkCalendar, timeline_of
from simulate.errors import CalendarError, Problem, ScenarioError
from simulate.scenario.model import CalendarSpec


def calendar_spec(
    days: str,
    holidays: Iterable[dt.date],
    workdays: Iterable[dt.date],
    office_hours: OfficeHours | None,
) -> CalendarSpec:
    """The calendar section of the fitted scenario."""
    if days not in ("official", "weekdays", "every_day"):
        raise ScenarioError(
            [
                Problem(
                    f"calendar {days!r} is unknown",
                    field="calendar",
                    fix="use official, weekdays or every_day",
                )
            ]
        )
    return CalendarSpec(
        days=days,  # type: ignore[arg-type]
        office_hours=office_hours or DEFAULT_OFFICE_HOURS,
        holidays=tuple(sorted(set(holidays))),
        workdays=tuple(sorted(set(workdays))),
    )


def log_calendar(spec: CalendarSpec, first: dt.date, last: dt.date, name: str) -> WorkCalendar:
    """A work calendar from ``first`` through a year after ``last``.

    Raises
    ------
    ScenarioError
        When the official calendar has no data for the log's years, with the fix.
    """
    try:
        calendar = WorkCalendar(
            first,
            days=spec.days,
            extra_holidays=spec.holidays,
            extra_workdays=spec.workdays,
            last_day=dt.date(last.year + 1, 12, 31) if spec.days != "official" else None,
            office_hours=spec.office_hours,
        )
    except CalendarError as err:
        raise ScenarioError(
            [
                Problem(
                    f"the log runs from {first} to {last}: {err}",
                    field="calendar",
                    file=name,
                    fix="for data from elsewhere use calendar='weekdays' and give the "
                    "place's holidays (--calendar weekdays --holidays FILE)",
                )
            ],
            file=name,
        ) from None
    if last > calendar.last_day:
        raise ScenarioError(
            [
                Problem(
                    f"the log runs until {last}, past the calendar's data "
                    f"(it ends {calendar.last_day})",
                    field="calendar",
                    file=name,
                    fix="supply the later years' holidays, or use calendar='weekdays' "
                    "(--calendar weekdays --holidays FILE)",
                )
            ],
            file=name,
        )
    return calendar


def working_hours(calendar: WorkCalendar, times: pd.Series) -> np.ndarray:
    """Working hours from the calendar's origin to each time (NaN where NaT)."""
    origin = pd.Timestamp(calendar.origin)
    clock = (times - origin).dt.total_seconds().to_numpy(dtype=float) / 3600.0
    out = np.full(len(clock), np.nan)
    ok = ~np.isnan(clock)
    out[ok] = timeline_of(calendar).work_at_array(clock[ok])
    return out


def working_days_between(calendar: WorkCalendar, first: dt.date, last: dt.date) -> int:
    """Working days from ``first`` through ``last``, both included."""
    n = 0
    day = first
    while day <= last:
        n += calendar.is_working_day(day)
        day += dt.timedelta(days=1)
    return n


__all__ = ["calendar_spec", "log_calendar", "working_days_between", "working_hours"]
