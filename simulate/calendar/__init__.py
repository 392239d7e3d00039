"""The work calendar: which days are working days, office hours, and working time.

``office_hours`` parses and describes daily opening intervals; ``days`` holds
:class:`WorkCalendar` (working days on the official Chinese calendar and the clock <-> date
translation); ``timeline`` holds :class:`Timeline` (working time under one office-hours
profile) and the functions that build and use it; ``deadlines`` counts limits as the law
counts them (the one place that decides whether a case is within a limit).
"""

from simulate.calendar.days import DAYS_MODES, WorkCalendar, official_data_years
from simulate.calendar.deadlines import (
    counted_working_days,
    counts_in_days,
    deadline,
    within_limit,
)
from simulate.calendar.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours
from simulate.calendar.timeline import (
    Timeline,
    elapsed_working_days,
    horizon_clock,
    timeline_of,
)

__all__ = [
    "DAYS_MODES",
    "DEFAULT_OFFICE_HOURS",
    "OfficeHours",
    "Timeline",
    "WorkCalendar",
    "counted_working_days",
    "counts_in_days",
    "deadline",
    "elapsed_working_days",
    "horizon_clock",
    "official_data_years",
    "timeline_of",
    "within_limit",
]
