"""A case on the official Chinese calendar, across National Day 2024.

2024-09-27 is a Friday and 2024-09-29 (a Sunday) a make-up working day (调休); 2024-10-01
to 10-07 are off; 2024-10-08 is the next working day. Working-time durations add up along a
flow whatever the calendar does, so with deterministic durations and no queueing the case's
elapsed working days equal the critical-path sum exactly, while its natural days include the
holiday. The expected finish is worked out here independently, day by day, from the
``chinese_calendar`` package and the 09:00-12:00 / 13:00-17:00 office hours.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import chinese_calendar
import pandas as pd
import pytest

import simulate as sim

OFFICE = ((9, 12), (13, 17))  # the default office hours: 7 working hours a day
HOURS_PER_DAY = 7.0


def _finish(start: datetime, working_hours: float) -> datetime:
    """Walk the official calendar from ``start`` (at an opening) until the hours are used."""
    left = working_hours
    day = start.date()
    while True:
        if chinese_calendar.is_workday(day):
            for a, b in OFFICE:
                open_at = max(datetime(day.year, day.month, day.day, a), start)
                close_at = datetime(day.year, day.month, day.day, b)
                if open_at >= close_at:
                    continue
                span = (close_at - open_at).total_seconds() / 3600
                if left <= span:
                    return open_at + timedelta(hours=left)
                left -= span
        day += timedelta(days=1)


def _scenario(flow: Any, steps: list[dict[str, Any]], cohort_date: str) -> sim.Scenario:
    return sim.scenario_from_dict(
        {
            "name": "national_day",
            "start": "2024-09-02",
            "horizon_working_days": 60,
            "arrivals": {"cohort": 5, "date": cohort_date},
            "desks": {"counter": {"staff": 5}, "bureau": {"staff": 5}},
            "steps": steps,
            "flow": flow,
        }
    )


STEPS = [
    {"id": "intake", "desk": "counter", "duration": {"working_hours": 2}},
    {"id": "publicity", "duration": {"working_days": 2}},
    {"id": "review", "desk": "bureau", "duration": {"working_days": 1.5}},
    {"id": "prepare", "duration": {"working_days": 1}},
    {"id": "issue", "desk": "counter", "duration": {"working_hours": 3}},
]
FLOW = ["intake", {"parallel": ["publicity", "review"]}, "prepare", "issue"]
CRITICAL_WORKING_HOURS = 2 + 2 * HOURS_PER_DAY + 1 * HOURS_PER_DAY + 3  # 26 h


def test_elapsed_working_days_equal_the_critical_path_across_national_day() -> None:
    res = sim.run(_scenario(FLOW, STEPS, "2024-09-27"), replications=1, seed=1)
    cases = res.cases
    submitted = datetime(2024, 9, 27, 9, 0)
    assert (cases["arrival"] == pd.Timestamp(submitted)).all()
    assert cases["elapsed_working_days"].to_numpy() == pytest.approx(
        CRITICAL_WORKING_HOURS / HOURS_PER_DAY, abs=1e-12
    )
    finish = _finish(submitted, CRITICAL_WORKING_HOURS)
    assert finish == datetime(
        2024, 10, 8, 15, 0
    )  # the independent walk agrees with the calendar facts
    assert (cases["finish"] == pd.Timestamp(finish)).all()
    natural = (finish - submitted).total_seconds() / 86400
    assert cases["elapsed_natural_days"].to_numpy() == pytest.approx(natural, abs=1e-9)
    # the natural days include the seven days of the holiday
    assert (cases["elapsed_natural_days"] - cases["elapsed_working_days"] > 7).all()
    holiday = [date(2024, 10, d) for d in range(1, 8)]
    assert all(submitted.date() < d < finish.date() for d in holiday)


def test_no_work_ends_on_a_day_off() -> None:
    res = sim.run(_scenario(FLOW, STEPS, "2024-09-27"), replications=1, seed=1)
    ends = pd.to_datetime("2024-09-02") + pd.to_timedelta(res.steps["end_h"], unit="h")
    assert all(chinese_calendar.is_workday(t.date()) for t in ends)
    assert all(9 <= t.hour + t.minute / 60 <= 17 for t in ends)


def test_two_working_hours_from_1630_before_the_holiday_end_on_the_next_working_day() -> None:
    steps = [
        {"id": "travel", "duration": {"natural_hours": 7.5}},  # 09:00 + 7.5 h = 16:30
        {"id": "check", "desk": "counter", "duration": {"working_hours": 2}},
    ]
    res = sim.run(_scenario(["travel", "check"], steps, "2024-09-30"), replications=1, seed=1)
    check = res.steps[res.steps["step"] == "check"]
    start = pd.to_datetime("2024-09-02") + pd.to_timedelta(check["start_h"], unit="h")
    end = pd.to_datetime("2024-09-02") + pd.to_timedelta(check["end_h"], unit="h")
    assert (start == pd.Timestamp(2024, 9, 30, 16, 30)).all()
    assert (end == pd.Timestamp(2024, 10, 8, 10, 30)).all()
    assert check["work_working_days"].to_numpy() == pytest.approx(2 / HOURS_PER_DAY, abs=1e-12)
