"""Tests of `simulate.calendar.days`: the official work calendar and working-time arithmetic."""

from __future__ import annotations

import pickle
from datetime import date, datetime, timedelta
from itertools import pairwise

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulate.calendar import (
    DEFAULT_OFFICE_HOURS,
    OfficeHours,
    Timeline,
    WorkCalendar,
    elapsed_working_days,
    horizon_clock,
    official_data_years,
    timeline_of,
)
from simulate.errors import CalendarError

# Built once: hypothesis tests must not use function-scoped fixtures.
CAL_2024 = WorkCalendar(date(2024, 1, 1))
STD = timeline_of(CAL_2024)
SPLIT = timeline_of(CAL_2024, OfficeHours.parse(["08:30-11:45", "14:00-17:30", "19:00-20:00"]))
ONLINE = timeline_of(CAL_2024, OfficeHours.parse("24h", every_day=True))


def clock(cal: WorkCalendar, y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> float:
    return cal.to_clock(datetime(y, m, d, hh, mm))


def at(cal: WorkCalendar, t: float) -> datetime:
    """Datetime at clock t, rounded to the second."""
    return (cal.to_datetime(t) + timedelta(microseconds=500_000)).replace(microsecond=0)


# ------------------------------------------------------------------ official calendar


def test_national_day_2024_and_make_up_saturday() -> None:
    assert date(2024, 10, 12).weekday() == 5  # a Saturday ...
    assert CAL_2024.is_working_day(date(2024, 10, 12))  # ... worked (调休)
    for day in range(1, 8):
        assert not CAL_2024.is_working_day(date(2024, 10, day))
    assert CAL_2024.is_working_day(date(2024, 9, 30))
    assert CAL_2024.is_working_day(date(2024, 10, 8))


def test_working_days_2024() -> None:
    assert CAL_2024.working_days(2024) == 251
    assert WorkCalendar(date(2024, 1, 1), days="weekdays").working_days(2024) == 262
    assert WorkCalendar(date(2024, 1, 1), days="every_day").working_days(2024) == 366


def test_spring_festival_2024() -> None:
    for day in range(10, 18):
        assert not CAL_2024.is_working_day(date(2024, 2, day)), day
    for make_up in (date(2024, 2, 4), date(2024, 2, 18)):
        assert make_up.weekday() == 6  # Sunday
        assert CAL_2024.is_working_day(make_up)
    assert CAL_2024.is_working_day(date(2024, 2, 9))  # 除夕 2024 (Friday) was worked
    assert not CAL_2024.is_working_day(date(2024, 2, 3))  # the Saturday before


def test_weekdays_mode_ignores_holidays() -> None:
    cal = WorkCalendar(date(2024, 1, 1), days="weekdays")
    assert cal.is_working_day(date(2024, 10, 1))  # Tuesday, National Day ignored
    assert not cal.is_working_day(date(2024, 10, 12))  # Saturday, no 调休


def test_extra_holidays_and_workdays_override() -> None:
    cal = WorkCalendar(
        date(2024, 1, 1),
        extra_holidays=[date(2024, 9, 30)],
        extra_workdays=[date(2024, 10, 5)],
    )
    assert not cal.is_working_day(date(2024, 9, 30))
    assert cal.is_working_day(date(2024, 10, 5))
    assert cal.working_days(2024) == 251


def test_conflicting_extra_dates_raise() -> None:
    with pytest.raises(CalendarError, match="2024-03-01"):
        WorkCalendar(
            date(2024, 1, 1),
            extra_holidays=[date(2024, 3, 1)],
            extra_workdays=[date(2024, 3, 1)],
        )


def test_data_years_come_from_the_package() -> None:
    lo, hi = official_data_years()
    assert lo == min(d.year for d in chinese_calendar.holidays)
    assert hi == max(d.year for d in chinese_calendar.holidays)
    assert CAL_2024.last_day == date(hi, 12, 31)


def test_date_outside_data_raises_with_fix() -> None:
    _, hi = official_data_years()
    year = hi + 4
    with pytest.raises(CalendarError) as exc:
        WorkCalendar(date(year, 1, 1))
    msg = str(exc.value)
    assert str(year) in msg
    assert "holidays" in msg
    assert f"{year}-01-01" in msg
    assert f"years: [{year}]" in msg


def test_date_outside_data_2030() -> None:
    with pytest.raises(CalendarError, match=r"2030.*holidays|holidays.*2030"):
        WorkCalendar(date(2030, 1, 1))


def test_supplied_year_works() -> None:
    cal = WorkCalendar(
        date(2030, 1, 1),
        supplied_years=[2030],
        extra_holidays=[date(2030, 1, 1), date(2030, 10, 1)],
        extra_workdays=[date(2030, 10, 12)],  # a Saturday
    )
    assert cal.last_day == date(2030, 12, 31)
    assert not cal.is_working_day(date(2030, 1, 1))  # Tuesday, supplied holiday
    assert cal.is_working_day(date(2030, 1, 2))
    assert not cal.is_working_day(date(2030, 1, 5))  # Saturday
    assert cal.is_working_day(date(2030, 10, 12))
    weekdays = WorkCalendar(date(2030, 1, 1), days="weekdays").working_days(2030)
    assert cal.working_days(2030) == weekdays - 2 + 1
    tl = timeline_of(cal)
    assert at(cal, tl.clock_at(0.0)) == datetime(2030, 1, 2, 9, 0)


def test_gap_year_between_data_and_supplied_raises() -> None:
    _, hi = official_data_years()
    with pytest.raises(CalendarError, match=str(hi + 1)):
        WorkCalendar(date(hi, 1, 1), supplied_years=[hi + 2])


def test_explicit_last_day_outside_data_raises() -> None:
    _, hi = official_data_years()
    with pytest.raises(CalendarError, match="holidays"):
        WorkCalendar(date(2024, 1, 1), last_day=date(hi + 1, 6, 30))


def test_bad_configuration_raises() -> None:
    with pytest.raises(CalendarError, match="days mode"):
        WorkCalendar(date(2024, 1, 1), days="sometimes")
    with pytest.raises(CalendarError, match="before the start"):
        WorkCalendar(date(2024, 1, 1), last_day=date(2023, 12, 31))


def test_is_working_day_outside_data_raises() -> None:
    _, hi = official_data_years()
    with pytest.raises(CalendarError, match="holidays"):
        CAL_2024.is_working_day(date(hi + 1, 3, 3))


# ------------------------------------------------------------------ clock <-> dates


def test_clock_date_round_trip() -> None:
    t = clock(CAL_2024, 2024, 9, 30, 16, 30)
    assert t == pytest.approx((date(2024, 9, 30) - date(2024, 1, 1)).days * 24 + 16.5)
    assert CAL_2024.date_of(t) == date(2024, 9, 30)
    assert CAL_2024.to_datetime(t) == datetime(2024, 9, 30, 16, 30)
    assert CAL_2024.to_clock(date(2024, 1, 2)) == 24.0
    assert CAL_2024.date_of(24.0) == date(2024, 1, 2)
    assert CAL_2024.date_of(23.999999) == date(2024, 1, 1)


def test_negative_clock_raises() -> None:
    with pytest.raises(CalendarError):
        CAL_2024.date_of(-1.0)
    with pytest.raises(CalendarError):
        STD.work_at(-0.5)
    with pytest.raises(CalendarError):
        STD.advance(-0.5, 1.0)
    with pytest.raises(CalendarError):
        CAL_2024.to_clock(date(2023, 12, 31))


def test_horizon_clock() -> None:
    # 2024-01-01 is a holiday: the first working day is 2024-01-02.
    assert at(CAL_2024, horizon_clock(CAL_2024, 1)) == datetime(2024, 1, 2, 17, 0)
    assert at(CAL_2024, horizon_clock(CAL_2024, 251)) == datetime(2024, 12, 31, 17, 0)
    assert at(CAL_2024, horizon_clock(CAL_2024, 0.5)) == datetime(2024, 1, 2, 13, 30)
    t = horizon_clock(CAL_2024, 100)
    assert elapsed_working_days(CAL_2024, 0.0, t) == pytest.approx(100)


# ------------------------------------------------------------------ timelines


def test_step_over_national_day() -> None:
    t0 = clock(CAL_2024, 2024, 9, 30, 16, 30)
    end = STD.advance(t0, 2.0)
    assert at(CAL_2024, end) == datetime(2024, 10, 8, 10, 30)
    assert STD.between(t0, end) == pytest.approx(2.0)


def test_lunch_break_and_closing_time() -> None:
    t0 = clock(CAL_2024, 2024, 3, 4, 11, 0)  # Monday
    assert at(CAL_2024, STD.advance(t0, 2.0)) == datetime(2024, 3, 4, 14, 0)
    t1 = clock(CAL_2024, 2024, 3, 4, 15, 0)
    assert at(CAL_2024, STD.advance(t1, 2.0)) == datetime(2024, 3, 4, 17, 0)
    # from the lunch break, work starts at 13:00
    t2 = clock(CAL_2024, 2024, 3, 4, 12, 30)
    assert at(CAL_2024, STD.advance(t2, 1.0)) == datetime(2024, 3, 4, 14, 0)
    # before opening
    t3 = clock(CAL_2024, 2024, 3, 4, 7, 0)
    assert at(CAL_2024, STD.advance(t3, 7.0)) == datetime(2024, 3, 4, 17, 0)


def test_clock_at_day_total_is_closing_time() -> None:
    tl = STD
    t_close = clock(CAL_2024, 2024, 3, 4, 17, 0)
    w = tl.work_at(t_close)
    assert tl.clock_at(w) == t_close
    # a hair of rounding over the day's total still ends at closing time
    assert tl.clock_at(w + 1e-12) == t_close
    # but real work beyond it continues next working morning
    assert at(CAL_2024, tl.clock_at(w + 0.5)) == datetime(2024, 3, 5, 9, 30)
    # each day's total: the n-th multiple of 7 h ends at 17:00
    for n in range(1, 40):
        assert (tl.clock_at(7.0 * n) % 24.0) == pytest.approx(17.0)


def test_clock_at_zero_is_first_opening() -> None:
    assert at(CAL_2024, STD.clock_at(0.0)) == datetime(2024, 1, 2, 9, 0)
    assert STD.work_at(STD.clock_at(0.0)) == 0.0


def test_advance_zero_and_negative() -> None:
    t = clock(CAL_2024, 2024, 10, 3, 3, 0)  # holiday, at night
    assert STD.advance(t, 0.0) == t
    with pytest.raises(ValueError, match="work_hours"):
        STD.advance(t, -1.0)


def test_hair_around_boundaries_does_not_skip_a_day() -> None:
    day = clock(CAL_2024, 2024, 3, 4)  # Monday 00:00
    for h in (16.999999999, 17.0, 17.000000001, 8.999999999, 9.0, 11.9999999999, 12.0000001):
        t = day + h
        end = STD.advance(t, 1.0)
        assert end >= t
        assert STD.between(t, end) == pytest.approx(1.0, abs=1e-6)
        assert end - day < 24.0 + 10.0 + 1e-6  # at the latest 10:00 next day
    # ending a hair before closing: the next step starts today, ends tomorrow morning
    t = day + 16.999999999
    assert at(CAL_2024, STD.advance(t, 2.0)) == datetime(2024, 3, 5, 11, 0)


def test_rounding_overshoot_ends_at_closing_and_tiny_work_waits_for_opening() -> None:
    day = clock(CAL_2024, 2024, 3, 4)  # Monday 00:00
    steps = sum([0.7] * 10)  # 7.000000000000001: a hair over a full day
    assert steps > 7.0
    assert STD.advance(day + 9.0, steps) == day + 17.0
    assert STD.advance(day + 13.0, 4.0 + 1e-12) == day + 17.0
    # work started after closing, however small, happens next morning
    assert STD.advance(day + 18.0, 1e-12) == pytest.approx(day + 24.0 + 9.0)
    assert STD.advance(day + 12.5, 1e-12) == pytest.approx(day + 13.0)


def test_round_trip_and_between() -> None:
    t0 = clock(CAL_2024, 2024, 4, 30, 10, 15)
    for x in (0.25, 1.0, 3.5, 7.0, 13.0, 40.0, 300.0):
        t1 = STD.advance(t0, x)
        assert STD.between(t0, t1) == pytest.approx(x, abs=1e-9)
        assert STD.work_at(t1) == pytest.approx(STD.work_at(t0) + x, abs=1e-9)
        assert t1 == pytest.approx(STD.clock_at(STD.work_at(t0) + x))


def test_advance_monotone() -> None:
    start = clock(CAL_2024, 2024, 9, 27)
    ts = [start + 0.25 * i for i in range(24 * 4 * 14)]
    ends = [STD.advance(t, 3.0) for t in ts]
    assert all(b >= a for a, b in pairwise(ends))
    xs = [0.1 * i for i in range(200)]
    ends = [STD.advance(start, x) for x in xs]
    assert all(b >= a for a, b in pairwise(ends))


def test_work_at_continuous_at_boundaries() -> None:
    day = clock(CAL_2024, 2024, 3, 4)
    for h in (9.0, 12.0, 13.0, 17.0, 24.0):
        left = STD.work_at(day + h - 1e-9)
        right = STD.work_at(day + h + 1e-9)
        assert right - left == pytest.approx(0.0, abs=3e-9)
    assert STD.work_at(day + 17.0) - STD.work_at(day) == pytest.approx(7.0)
    assert STD.work_at(day + 24.0) - STD.work_at(day + 17.0) == 0.0


def test_is_open_and_next_open() -> None:
    day = clock(CAL_2024, 2024, 3, 4)
    assert STD.is_open(day + 9.0)
    assert STD.is_open(day + 11.99)
    assert not STD.is_open(day + 12.0)
    assert not STD.is_open(day + 17.0)
    assert STD.next_open(day + 10.0) == day + 10.0
    assert STD.next_open(day + 12.5) == day + 13.0
    friday_evening = clock(CAL_2024, 2024, 9, 30, 18, 0)
    assert at(CAL_2024, STD.next_open(friday_evening)) == datetime(2024, 10, 8, 9, 0)


def test_past_last_day_raises() -> None:
    cal = WorkCalendar(date(2024, 1, 1), last_day=date(2024, 12, 31))
    tl = timeline_of(cal)
    t = clock(cal, 2024, 12, 31, 16, 0)
    with pytest.raises(CalendarError, match=r"2024-12-31.*horizon_working_days"):
        tl.advance(t, 2.0)
    with pytest.raises(CalendarError, match=r"2025-01-02.*2024-12-31"):
        tl.work_at(clock(cal, 2025, 1, 2))
    with pytest.raises(CalendarError, match="2024-12-31"):
        tl.next_open(clock(cal, 2024, 12, 31, 18, 0))
    assert tl.advance(t, 1.0) == clock(cal, 2024, 12, 31, 17, 0)


def test_timelines_are_cached() -> None:
    assert timeline_of(CAL_2024) is timeline_of(CAL_2024, DEFAULT_OFFICE_HOURS)
    assert timeline_of(CAL_2024, OfficeHours.parse("24h")) is timeline_of(
        CAL_2024, OfficeHours(((0.0, 24.0),))
    )
    assert isinstance(STD, Timeline)
    assert STD.hours_per_day == 7.0
    assert not STD.always_open


def test_every_day_24h_is_identity() -> None:
    cal = WorkCalendar(date(2024, 1, 1), days="every_day")
    tl = timeline_of(cal, OfficeHours.parse("24h"))
    assert tl.always_open
    for t in (0.0, 1.5, 24.0, 1000.25, 24.0 * 365 + 3.7):
        assert tl.work_at(t) == t
        assert tl.advance(t, 5.5) == t + 5.5
        assert tl.clock_at(t) == t
        assert tl.is_open(t)


def test_online_desk_open_on_weekends_and_holidays() -> None:
    saturday = clock(CAL_2024, 2024, 10, 5, 10, 0)
    assert ONLINE.is_open(saturday)
    assert ONLINE.advance(saturday, 30.0) == saturday + 30.0
    assert ONLINE.always_open
    weekend_desk = timeline_of(CAL_2024, OfficeHours.parse(["09:00-17:00"], every_day=True))
    assert weekend_desk.is_open(saturday)
    assert not STD.is_open(saturday)
    assert not timeline_of(CAL_2024, OfficeHours.parse("24h")).always_open  # weekends closed


def test_timeline_pickles() -> None:
    tl = pickle.loads(pickle.dumps(STD))
    t = clock(CAL_2024, 2024, 9, 30, 16, 30)
    assert tl.advance(t, 2.0) == STD.advance(t, 2.0)


# ------------------------------------------------------------------ office hours


def test_office_hours_parse_and_str() -> None:
    oh = OfficeHours.parse(["09:00-12:00", "13:00-17:00"])
    assert oh == DEFAULT_OFFICE_HOURS
    assert oh.hours_per_day == 7.0
    assert str(oh) == "09:00-12:00, 13:00-17:00"
    assert OfficeHours.parse("09:00-12:00, 13:00-17:00") == oh
    full = OfficeHours.parse("24h")
    assert full.intervals == ((0.0, 24.0),)
    assert str(full) == "24h"
    assert full.hours_per_day == 24.0
    assert OfficeHours.parse(["08:30-24:00"]).hours_per_day == 15.5
    assert str(OfficeHours.parse(["08:30-11:45"])) == "08:30-11:45"
    assert OfficeHours.parse("24h", every_day=True).every_day


@pytest.mark.parametrize(
    ("spec", "match"),
    [
        (["9am-5pm"], "not a time"),
        (["09:00"], "not an interval"),
        (["09:00-12:00", "11:00-17:00"], "overlaps"),
        (["13:00-17:00", "09:00-12:00"], "overlaps or comes before"),
        (["12:00-09:00"], "ends at or before"),
        (["09:00-09:00"], "ends at or before"),
        (["09:00-25:00"], "not a valid time"),
        (["09:60-12:00"], "not a valid time"),
        (["24:00-24:00"], "24:00"),
        ([], "empty"),
        ("", "empty"),
        (["24h", "09:00-12:00"], "only entry"),
    ],
)
def test_office_hours_parse_errors(spec: str | list[str], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        OfficeHours.parse(spec)


def test_office_hours_direct_construction_is_validated() -> None:
    with pytest.raises(ValueError, match="outside"):
        OfficeHours(((9.0, 25.0),))
    with pytest.raises(ValueError, match="ends at or before"):
        OfficeHours(((9.0, 9.0),))
    assert hash(OfficeHours(((9, 12), (13, 17)))) == hash(DEFAULT_OFFICE_HOURS)


# ------------------------------------------------------------------ properties

_T_MAX = 24.0 * 365 * 2  # two years from 2024-01-01: well inside the data


@settings(max_examples=300, deadline=None)
@given(
    t=st.floats(min_value=0.0, max_value=_T_MAX, allow_nan=False),
    x=st.floats(min_value=0.0, max_value=500.0, allow_nan=False),
    which=st.sampled_from([STD, SPLIT, ONLINE]),
)
def test_property_round_trip(t: float, x: float, which: Timeline) -> None:
    end = which.advance(t, x)
    assert end >= t
    assert which.between(t, end) == pytest.approx(x, abs=1e-7)
    if x > 1e-6:  # below that, work_at(t) + x may round back to work_at(t)
        assert end == pytest.approx(which.clock_at(which.work_at(t) + x), abs=1e-7)


@settings(max_examples=300, deadline=None)
@given(
    t=st.floats(min_value=0.0, max_value=_T_MAX, allow_nan=False),
    dt=st.floats(min_value=0.0, max_value=100.0, allow_nan=False),
    x=st.floats(min_value=0.0, max_value=200.0, allow_nan=False),
    dx=st.floats(min_value=0.0, max_value=50.0, allow_nan=False),
    which=st.sampled_from([STD, SPLIT]),
)
def test_property_advance_monotone(
    t: float, dt: float, x: float, dx: float, which: Timeline
) -> None:
    assert which.advance(t + dt, x) >= which.advance(t, x)
    assert which.advance(t, x + dx) >= which.advance(t, x)
    assert which.work_at(t + dt) >= which.work_at(t)


def test_calendar_problems_and_limit_hints_speak_the_chosen_language() -> None:
    from simulate.limits import ARRIVALS, raise_hint
    from simulate.strings import set_language

    try:
        set_language("zh")
        with pytest.raises(CalendarError, match="没有 2031 年的法定节假日数据") as caught:
            WorkCalendar(date(2031, 3, 3))
        assert "years: [2031]" in str(caught.value)  # the fix keeps the YAML to write
        hint = raise_hint(ARRIVALS)
        assert hint.startswith("上限为 1,000,000 件申请")
        assert "SIMULATE_MAX_ARRIVALS=10000000" in hint
        set_language("en")
        assert raise_hint(ARRIVALS).startswith("the limit is 1,000,000 submissions")
        with pytest.raises(CalendarError, match="no official holidays for 2031"):
            WorkCalendar(date(2031, 3, 3))
    finally:
        set_language(None)


def test_office_hours_problems_speak_the_chosen_language() -> None:
    from simulate.strings import set_language

    try:
        set_language("zh")
        with pytest.raises(ValueError, match="时段 12:00-09:00 的结束不晚于开始"):
            OfficeHours.parse("12:00-09:00")
        with pytest.raises(ValueError, match="'9' 不是时刻；请写成 HH:MM"):
            OfficeHours.parse("9-12")
        set_language("en")
        with pytest.raises(ValueError, match="ends at or before it starts"):
            OfficeHours.parse("12:00-09:00")
    finally:
        set_language(None)
