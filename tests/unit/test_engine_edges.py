"""Edges of the engine that mutation testing found untested: a run of one row, the longest
queue of a desk, Poisson arrivals past their first block of draws, calendar years."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

import simulate as sim
from simulate.calendar.days import _format_years
from simulate.calendar.deadlines import stopped_on_acceptance_day
from simulate.engine.arrivals import arrival_times
from simulate.engine.replication import build_calendar, run_replication

CONTINUOUS = {"days": "every_day", "office_hours": "24h"}


def _counter(cohort: int, staff: int, **extra: Any) -> sim.Scenario:
    return sim.scenario_from_dict(
        {
            "name": "edges",
            "start": "2024-09-02",
            "horizon_working_days": 5,
            "calendar": CONTINUOUS,
            "arrivals": {"cohort": cohort, "date": "2024-09-02", "any_hour": True},
            "desks": {"counter": {"staff": staff, "hours": "24h", "every_day": True}},
            "steps": [{"id": "serve", "desk": "counter", "duration": {"natural_hours": 1}}],
            "flow": ["serve"],
            **extra,
        }
    )


def test_a_run_of_one_step_row_keeps_it() -> None:
    out = run_replication(_counter(1, 1), 0, 1)
    steps = out.step_cols
    assert steps["case"].tolist() == [0]
    assert steps["step_code"].tolist() == [0]
    assert steps["enter_h"].tolist() == [0.0]
    assert steps["end_h"].tolist() == [1.0]
    assert out.case_cols["finish_h"].tolist() == [1.0]


@pytest.mark.parametrize(("cohort", "staff", "longest"), [(7, 2, 5), (2, 2, 0), (3, 1, 2)])
def test_the_longest_queue_of_a_desk(cohort: int, staff: int, longest: int) -> None:
    res = sim.run(_counter(cohort, staff), replications=1, seed=1, progress=False)
    desk = res.desks.iloc[0]
    assert int(desk["max_queue_length"]) == longest
    if longest == 0:
        assert float(desk["mean_queue_length"]) == 0.0


class _SlowStart:
    """A generator whose first block of exponential gaps is tiny, the rest unit gaps."""

    def __init__(self) -> None:
        self.calls = 0

    def standard_exponential(self, n: int) -> np.ndarray:
        self.calls += 1
        return np.full(n, 1e-6 if self.calls == 1 else 1.0)


class _Streams:
    def __init__(self) -> None:
        self.rng = _SlowStart()

    def generator(self, name: str) -> _SlowStart:
        assert name == "arrivals"
        return self.rng


def test_poisson_arrivals_continue_past_the_first_block_of_draws() -> None:
    # 1 arrival a day for 5 days on a continuous clock: mean gap 24 h, the horizon 120 h
    scenario = sim.scenario_from_dict(
        {
            "name": "poisson",
            "start": "2024-09-02",
            "horizon_working_days": 5,
            "calendar": CONTINUOUS,
            "arrivals": {"per_working_day": 1, "any_hour": True},
            "steps": [{"id": "serve", "duration": {"natural_hours": 1}}],
            "flow": ["serve"],
        }
    )
    calendar = build_calendar(scenario)
    streams = _Streams()
    times = arrival_times(scenario, calendar, streams, 120.0)  # type: ignore[arg-type]
    assert streams.rng.calls >= 2
    # the first block (56 gaps of 1e-6 x 24 h) ends near 0; then a gap of 24 h each
    first = 56
    assert len(times) == first + 4
    assert times[first - 1] == pytest.approx(first * 24e-6)
    np.testing.assert_allclose(np.diff(times[first - 1 :]), 24.0)
    assert (np.diff(times) > 0).all()
    assert times[-1] < 120.0


def test_years_are_written_as_ranges() -> None:
    assert _format_years([]) == "none"
    assert _format_years([2024]) == "2024"
    assert _format_years([2006, 2004, 2005, 2030, 2031, 2033]) == "2004-2006, 2030-2031, 2033"


@pytest.mark.parametrize("days", ["weekdays", "every_day"])
def test_a_rule_calendar_covers_every_year_it_spans(days: str) -> None:
    scenario = _counter(1, 1, calendar={"days": days, "office_hours": "24h"})
    calendar = build_calendar(scenario)
    years = calendar.covered_years()
    assert years == list(range(calendar.origin.year, calendar.last_day.year + 1))
    assert years[0] == 2024


def test_a_run_without_arrivals_has_empty_columns() -> None:
    scenario = sim.validate(replace(_counter(1, 1), arrivals=sim.Arrivals(kind="listed")))
    out = run_replication(scenario, 0, 1)
    assert {len(v) for v in out.step_cols.values()} == {0}
    assert {len(v) for v in out.case_cols.values()} == {0}
    assert out.step_cols.keys() >= {"case", "enter_h", "start_h", "end_h"}


def test_time_stopped_on_the_acceptance_day_is_at_most_the_rest_of_that_day() -> None:
    scenario = sim.scenario_from_dict(
        {
            "name": "official",
            "start": "2024-09-02",
            "horizon_working_days": 5,
            "arrivals": {"cohort": 1, "date": "2024-09-02"},
            "steps": [{"id": "serve", "duration": {"working_hours": 1}}],
            "flow": ["serve"],
        }
    )
    timeline = sim.timeline_of(build_calendar(scenario))
    hours = timeline.hours_per_day
    # submitted Monday 10:00; two overlapping stops from 10:00 to the next morning
    submitted = np.array([10.0])
    owner = np.array([0, 0])
    starts, ends = np.array([10.0, 10.0]), np.array([24.0 + 10.0, 24.0 + 10.0])
    stopped = stopped_on_acceptance_day(timeline, submitted, owner, starts, ends)
    rest_of_day = (timeline.work_at(17.0) - timeline.work_at(10.0)) / hours
    assert 0.0 < rest_of_day < 1.0
    assert stopped.tolist() == [pytest.approx(rest_of_day)]
    # one stop of an hour on that day counts an hour
    one = stopped_on_acceptance_day(timeline, submitted, owner[:1], starts[:1], np.array([11.0]))
    assert one.tolist() == [pytest.approx(1.0 / hours)]


def test_a_rule_calendar_started_on_29_february_spans_twenty_years() -> None:
    calendar = sim.WorkCalendar(dt.date(2024, 2, 29), days="weekdays")
    assert calendar.last_day == dt.date(2044, 2, 29)
    # 2100 is not a leap year: 29 February becomes 28 February
    common = sim.WorkCalendar(dt.date(2080, 2, 29), days="every_day")
    assert common.last_day == dt.date(2100, 2, 28)
    assert sim.WorkCalendar(dt.date(2023, 3, 1), days="weekdays").last_day == dt.date(2043, 3, 1)


def test_the_official_data_years_are_covered_to_both_ends() -> None:
    calendar = sim.WorkCalendar(dt.date(2024, 9, 2))
    lo, hi = calendar.data_years
    assert calendar.is_working_day(dt.date(lo, 1, 1)) is False  # 元旦
    assert calendar.is_working_day(dt.date(hi, 1, 1)) is False
    assert calendar.covered_years() == list(range(lo, hi + 1))
    with pytest.raises(sim.CalendarError, match="no official holidays"):
        calendar.is_working_day(dt.date(hi + 1, 1, 5))
    with pytest.raises(sim.CalendarError, match="no official holidays"):
        calendar.is_working_day(dt.date(lo - 1, 1, 5))


def test_an_interval_cannot_open_at_midnight_closing_time() -> None:
    with pytest.raises(ValueError, match="cannot open at 24:00"):
        sim.OfficeHours.parse("24:00-24:00")
    assert sim.OfficeHours.parse("13:00-24:00").intervals == ((13.0, 24.0),)


def test_a_limit_of_no_time_expires_at_once() -> None:
    calendar = sim.WorkCalendar(dt.date(2024, 9, 2))
    timeline = sim.timeline_of(calendar)
    assert sim.deadline(timeline, 10.0, 0.0) == 10.0  # Monday 10:00, in office hours
    assert sim.deadline(timeline, 10.0, 0.0) < sim.deadline(timeline, 10.0, 0.5)
    with pytest.raises(ValueError, match="a limit must be >= 0"):
        sim.deadline(timeline, 10.0, -0.5)


def test_the_last_opening_of_a_short_calendar_is_found() -> None:
    calendar = sim.WorkCalendar(dt.date(2024, 9, 2), days="weekdays", last_day=dt.date(2024, 9, 6))
    timeline = sim.timeline_of(calendar)
    thursday_evening = 3 * 24.0 + 18.0
    assert timeline.next_open(thursday_evening) == 4 * 24.0 + 9.0  # Friday 09:00
    assert timeline.next_open(4 * 24.0 + 10.0) == 4 * 24.0 + 10.0  # open: now
    assert timeline.next_open(4 * 24.0 + 12.5) == 4 * 24.0 + 13.0  # the very last opening
