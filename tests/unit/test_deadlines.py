"""Legal day counting (行政许可法 art. 82, 民法典 art. 201) on the real calendar.

Every expected date below was worked out by hand from the State Council holiday notices
(国务院办公厅关于节假日安排的通知) for 2024, 2025 and 2026, not from the code:

* 2024 春节: 2-10 .. 2-17 off; Sunday 2-4 and Sunday 2-18 are working days (调休).
* 2024 国庆: 10-1 .. 10-7 off; Sunday 9-29 and Saturday 10-12 are working days.
* 2025 国庆·中秋: 10-1 .. 10-8 off; Sunday 9-28 and Saturday 10-11 are working days.
* 2026 春节: 2-15 .. 2-23 off; Saturday 2-14 and Saturday 2-28 are working days.

Office hours are the default 09:00-12:00, 13:00-17:00 (7 h a day).
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest

from simulate.calendar import (
    WorkCalendar,
    counted_working_days,
    counts_in_days,
    deadline,
    timeline_of,
    within_limit,
)


def _calendar(year: int) -> WorkCalendar:
    return WorkCalendar(date(year, 1, 1), last_day=date(min(year + 1, 2026), 12, 31))


def _deadline(submitted: datetime, days: float) -> datetime:
    cal = _calendar(submitted.year)
    clock = cal.to_clock(submitted)
    return cal.to_datetime(deadline(timeline_of(cal), clock, days))


@pytest.mark.parametrize(
    ("submitted", "days", "expires"),
    [
        # ordinary week: Tuesday 10:00, 3 days -> Wed, Thu, Fri -> Friday 17:00
        (datetime(2024, 3, 5, 10, 0), 3, datetime(2024, 3, 8, 17, 0)),
        # the acceptance day is not counted even when submitted at 09:00 sharp
        (datetime(2024, 3, 5, 9, 0), 1, datetime(2024, 3, 6, 17, 0)),
        # after closing (17:30) -> accepted next working day (Wed), 1 day -> Thursday
        (datetime(2024, 3, 5, 17, 30), 1, datetime(2024, 3, 7, 17, 0)),
        # at closing time exactly counts as after closing
        (datetime(2024, 3, 5, 17, 0), 1, datetime(2024, 3, 7, 17, 0)),
        # before opening on a working day: accepted that day
        (datetime(2024, 3, 5, 7, 30), 1, datetime(2024, 3, 6, 17, 0)),
        # in the lunch break: accepted that day
        (datetime(2024, 3, 5, 12, 30), 2, datetime(2024, 3, 7, 17, 0)),
        # 2024 春节: Thu 2-8, 5 days -> 2-9 (1), 2-18 Sun 调休 (2), 2-19 (3), 2-20 (4), 2-21 (5)
        (datetime(2024, 2, 8, 10, 0), 5, datetime(2024, 2, 21, 17, 0)),
        # Saturday 2-3 (not working) -> accepted Sunday 2-4 (调休 working day); 1 day -> Mon 2-5
        (datetime(2024, 2, 3, 11, 0), 1, datetime(2024, 2, 5, 17, 0)),
        # submitted during the holiday -> accepted Sunday 2-18; 7 days -> 2-19..23 (5), 2-26, 2-27
        (datetime(2024, 2, 12, 10, 0), 7, datetime(2024, 2, 27, 17, 0)),
        # 2024 国庆: Mon 9-30, 3 days -> 10-8 (1), 10-9 (2), 10-10 (3)
        (datetime(2024, 9, 30, 15, 0), 3, datetime(2024, 10, 10, 17, 0)),
        # 2024 国庆: Sat 9-28 not working -> accepted Sun 9-29 (调休); 1 day -> Mon 9-30
        (datetime(2024, 9, 28, 10, 0), 1, datetime(2024, 9, 30, 17, 0)),
        # 2024: Thu 10-10, 2 days -> Fri 10-11 (1), Sat 10-12 调休 (2)
        (datetime(2024, 10, 10, 16, 0), 2, datetime(2024, 10, 12, 17, 0)),
        # 2025 国庆: Tue 9-30 after closing -> accepted Thu 10-9; 2 days -> 10-10, Sat 10-11
        (datetime(2025, 9, 30, 17, 30), 2, datetime(2025, 10, 11, 17, 0)),
        # 2025: Fri 9-26, 2 days -> Sun 9-28 调休 (1), Mon 9-29 (2)
        (datetime(2025, 9, 26, 9, 30), 2, datetime(2025, 9, 29, 17, 0)),
        # 2026 春节: Fri 2-13, 7 days -> Sat 2-14 调休 (1), 2-24..27 (2-5), Sat 2-28 (6), Mon 3-2 (7)
        (datetime(2026, 2, 13, 16, 0), 7, datetime(2026, 3, 2, 17, 0)),
        # 2026 春节: Sat 2-14 (调休 working day) 10:00 -> accepted that day; 1 day -> Tue 2-24
        (datetime(2026, 2, 14, 10, 0), 1, datetime(2026, 2, 24, 17, 0)),
        # 2026: the 20-working-day limit from Mon 2-2: 2-3..2-6 (4), 2-9..2-13 (9), 2-14 (10),
        # 2-24..2-28 (15), 3-2..3-6 (20)
        (datetime(2026, 2, 2, 10, 0), 20, datetime(2026, 3, 6, 17, 0)),
    ],
)
def test_day_limits_expire_at_close_of_nth_working_day_after_acceptance(
    submitted: datetime, days: int, expires: datetime
) -> None:
    assert _deadline(submitted, days) == expires


@pytest.mark.parametrize(
    ("submitted", "hours", "expires"),
    [
        # 半日 (3.5 h) from Thu 2024-02-08 15:00: 2 h that day, 1.5 h on Fri 2-9 -> 10:30
        (datetime(2024, 2, 8, 15, 0), 3.5, datetime(2024, 2, 9, 10, 30)),
        # 3 h from Fri 2024-02-09 16:00: 1 h, then the holiday, then 2 h on Sun 2-18 (调休)
        (datetime(2024, 2, 9, 16, 0), 3.0, datetime(2024, 2, 18, 11, 0)),
        # 2 h from 11:00 spans the lunch break: 1 h to 12:00, 1 h from 13:00 -> 14:00
        (datetime(2024, 3, 5, 11, 0), 2.0, datetime(2024, 3, 5, 14, 0)),
        # 3 h submitted on a Saturday: counted from Monday's opening
        (datetime(2024, 3, 9, 10, 0), 3.0, datetime(2024, 3, 11, 12, 0)),
    ],
)
def test_hour_limits_count_office_time_from_submission(
    submitted: datetime, hours: float, expires: datetime
) -> None:
    assert _deadline(submitted, hours / 7.0) == expires


def test_which_limits_count_days() -> None:
    assert counts_in_days(1)
    assert counts_in_days(20.0)
    assert counts_in_days(None)
    assert not counts_in_days(0.5)  # 半日
    assert not counts_in_days(3 / 7)  # 3 小时
    assert not counts_in_days(1.5)


def test_counted_days_and_within_limit_agree_with_the_deadline() -> None:
    cal = _calendar(2024)
    tl = timeline_of(cal)
    start = cal.to_clock(datetime(2024, 2, 8, 10, 0))
    on_deadline = cal.to_clock(datetime(2024, 2, 21, 17, 0))
    next_morning = cal.to_clock(datetime(2024, 2, 22, 9, 30))
    ends = np.array([on_deadline, next_morning])
    starts = np.array([start, start])
    counted = counted_working_days(tl, starts, ends, 5)
    assert counted[0] == pytest.approx(5.0)
    assert counted[1] == pytest.approx(5.0 + 0.5 / 7)
    assert within_limit(tl, starts, ends, 5).tolist() == [True, False]
    # the old count (office time from submission) said 5 + 6/7 days (6 h left on 2-8): late
    elapsed = (tl.work_at(on_deadline) - tl.work_at(start)) / 7
    assert elapsed == pytest.approx(5 + 6 / 7)
    # time stopped (不计时) is taken off the count
    stopped = np.array([0.0, 1.0])
    assert within_limit(tl, starts, ends, 5, stopped).tolist() == [True, True]
    # a finish within the acceptance day counts zero days
    same_day = np.array([cal.to_clock(datetime(2024, 2, 8, 16, 0))])
    assert counted_working_days(tl, starts[:1], same_day, 1)[0] == 0.0


def test_deadline_rejects_a_negative_limit() -> None:
    cal = _calendar(2024)
    with pytest.raises(ValueError, match="limit"):
        deadline(timeline_of(cal), 10.0, -1.0)


def test_results_count_each_limit_by_its_own_rule() -> None:
    """A 半日 threshold counts office time from submission; the 2-day limit counts days."""
    import simulate as sim

    data = {
        "name": "counting",
        "start": "2024-02-05",
        "horizon_working_days": 20,
        "replications": 2,
        "arrivals": {"per_working_day": 6},
        "time_limit": {"working_days": 2},
        "thresholds": [
            {"working_days": 0.5, "label": "半日"},
            {"working_days": 1, "label": "1日"},
        ],
        "desks": {"counter": {"staff": 2}},
        "steps": [{"id": "serve", "desk": "counter", "duration": {"working_hours": 2}}],
        "flow": ["serve"],
    }
    res = sim.run(sim.scenario_from_dict(data), seed=4, progress=False)
    cases = res.cases[~res.cases["in_warmup"]]
    per_rep = res.replication_metrics()
    half = (cases["elapsed_working_days"] <= 0.5 + 1e-9).groupby(cases["replication"]).mean()
    assert per_rep["share_within_0.5_working_days"].tolist() == pytest.approx(half.tolist())
    one = (cases["counted_working_days"] <= 1 + 1e-9).groupby(cases["replication"]).mean()
    assert per_rep["share_within_1_working_days"].tolist() == pytest.approx(one.tolist())
    # by law a 2-hour job submitted before 15:00 on a working day always makes the 1-day
    # limit (it finishes by the close of the next working day at the latest), so the 1-day
    # share is well above the share done within one working day of office time
    plain = (cases["elapsed_working_days"] <= 1 + 1e-9).mean()
    assert one.mean() >= plain
    assert bool(cases["on_time"].all())
