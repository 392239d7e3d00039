"""The engine: desks, office hours, 补正, 容缺, 秒批, deadlines, clock stops, detached work,
visits, random streams, and the raw columns it returns."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

import simulate as sim
from simulate.engine.replication import PHASES, run_replication
from simulate.engine.streams import BLOCK, Stream, Streams
from simulate.errors import SimulateError

CONTINUOUS = {"days": "every_day", "office_hours": "24h"}


def _scenario(
    steps: list[dict[str, Any]],
    flow: Any,
    *,
    desks: dict[str, Any] | None = None,
    continuous: bool = True,
    **extra: Any,
) -> sim.Scenario:
    data: dict[str, Any] = {
        "name": "engine",
        "start": "2024-09-02",
        "horizon_working_days": 5,
        "arrivals": {"cohort": 1, "date": "2024-09-02"},
        "desks": desks or {"counter": {"staff": 1}},
        "steps": steps,
        "flow": flow,
        **extra,
    }
    if continuous:
        data["calendar"] = CONTINUOUS
        data["desks"] = {
            k: {**v, "hours": "24h", "every_day": True} for k, v in data["desks"].items()
        }
    return sim.scenario_from_dict(data)


def _rows(res: sim.Results, step: str, phase: str = "work") -> pd.DataFrame:
    s = res.steps
    return s[(s["step"] == step) & (s["phase"] == phase)].sort_values(
        ["replication", "case", "round"]
    )


# -- desks ---------------------------------------------------------------------------------
def test_desk_serves_first_come_first_served_with_its_staff() -> None:
    s = _scenario(
        [{"id": "serve", "desk": "counter", "duration": {"working_hours": 1}}],
        ["serve"],
        desks={"counter": {"staff": 2}},
        arrivals={"cohort": 7, "date": "2024-09-02"},
    )
    res = sim.run(s, replications=1, seed=1)
    rows = _rows(res, "serve")
    np.testing.assert_array_equal(rows["start_h"], [0, 0, 1, 1, 2, 2, 3])
    np.testing.assert_array_equal(rows["end_h"], [1, 1, 2, 2, 3, 3, 4])
    assert (rows["enter_h"] == 0).all()


def test_never_more_staff_busy_than_the_desk_has() -> None:
    s = _scenario(
        [
            {"id": "a", "desk": "counter", "duration": {"working_hours": {"mean": 1}}},
            {
                "id": "b",
                "desk": "counter",
                "duration": {"working_hours": {"median": 0.5, "p90": 2}},
            },
        ],
        ["a", "b"],
        desks={"counter": {"staff": 3}},
        arrivals={"per_working_day": 60},
        horizon_working_days=3,
    )
    res = sim.run(s, replications=1, seed=2)
    series = res.queue_series("counter")
    assert series["busy_staff"].max() == 3
    assert series["busy_staff"].min() >= 0
    assert series["queue_length"].min() >= 0
    assert series["queue_length"].max() > 0  # it was busy enough to queue


def test_work_counts_only_in_office_hours() -> None:
    # 2 staff, 5 working hours each, 3 cases at 09:00 on Monday 2024-09-02 (office 09-12, 13-17)
    s = _scenario(
        [{"id": "review", "desk": "counter", "duration": {"working_hours": 5}}],
        ["review"],
        desks={"counter": {"staff": 2}},
        continuous=False,
        arrivals={"cohort": 3, "date": "2024-09-02"},
    )
    res = sim.run(s, replications=1, seed=1)
    rows = _rows(res, "review")
    clock = pd.Timestamp("2024-09-02") + pd.to_timedelta(rows["end_h"], unit="h")
    # the first two: 09-12 and 13-15; the third waits until 15:00, then 15-17 and 09-12 next day
    assert list(clock) == [
        pd.Timestamp(2024, 9, 2, 15),
        pd.Timestamp(2024, 9, 2, 15),
        pd.Timestamp(2024, 9, 3, 12),
    ]
    assert rows["work_working_days"].to_numpy() == pytest.approx([5 / 7] * 3)
    assert rows["wait_working_days"].to_numpy() == pytest.approx([0, 0, 5 / 7])


def test_desk_with_its_own_hours() -> None:
    s = _scenario(
        [{"id": "review", "desk": "bureau", "duration": {"working_hours": 4}}],
        ["review"],
        desks={"bureau": {"staff": 1, "hours": ["08:30-12:00", "14:00-17:30"]}},
        continuous=False,
    )
    res = sim.run(s, replications=1, seed=1)
    row = _rows(res, "review").iloc[0]
    # cohort arrives at the standard opening 09:00: 3 h until 12:00, then 1 h from 14:00
    assert pd.Timestamp("2024-09-02") + pd.Timedelta(hours=row["end_h"]) == pd.Timestamp(
        2024, 9, 2, 15
    )


# -- 补正, 容缺, 秒批, deadlines, clock stops -----------------------------------------------------
def test_rework_rounds_send_the_case_back() -> None:
    steps = [{"id": "apply", "desk": "counter", "duration": {"working_hours": 1}}]
    rework = {"apply": {"p_incomplete": 1.0, "makeup": {"natural_hours": 10}, "max_rounds": 2}}
    res = sim.run(_scenario(steps, ["apply"], rework=rework), replications=1, seed=1)
    assert res.cases["rework_rounds"].tolist() == [2]
    phases = res.steps.sort_values("enter_h")[["phase", "round", "enter_h", "end_h"]]
    assert phases["phase"].tolist() == ["work", "makeup", "work", "makeup", "work"]
    assert phases["round"].tolist() == [0, 0, 1, 1, 2]
    assert res.cases["finish_h"].iloc[0] == 3 * 1 + 2 * 10
    assert (phases["enter_h"].to_numpy()[1:] == phases["end_h"].to_numpy()[:-1]).all()


def test_no_rework_when_documents_are_complete() -> None:
    steps = [{"id": "apply", "desk": "counter", "duration": {"working_hours": 1}}]
    rework = {"apply": {"p_incomplete": 0.0, "makeup": {"natural_hours": 10}}}
    res = sim.run(_scenario(steps, ["apply"], rework=rework), replications=1, seed=1)
    assert res.cases["rework_rounds"].tolist() == [0]
    assert res.steps["phase"].tolist() == ["work"]


def _alongside(p_fail: float) -> sim.Results:
    steps = [
        {"id": "apply", "desk": "counter", "duration": {"working_hours": 1}},
        {"id": "review", "duration": {"natural_hours": 2}},
        {"id": "issue", "desk": "counter", "duration": {"working_hours": 1}},
    ]
    rework = {
        "apply": {
            "p_incomplete": 1.0,
            "makeup": {"natural_hours": 30},
            "alongside": True,
            "before": "issue",
            "p_fail": p_fail,
            "max_rounds": 1,
        }
    }
    return sim.run(
        _scenario(steps, ["apply", "review", "issue"], rework=rework), replications=1, seed=1
    )


def test_accept_incomplete_runs_the_makeup_alongside() -> None:
    res = _alongside(0.0)
    review, makeup, issue = _rows(res, "review"), _rows(res, "apply", "makeup"), _rows(res, "issue")
    assert review["start_h"].iloc[0] == 1.0  # the case went on right after intake
    assert makeup["start_h"].iloc[0] == 1.0
    assert makeup["end_h"].iloc[0] == 31.0
    assert issue["enter_h"].iloc[0] == 31.0  # ... but issue waited for the make-up
    assert res.cases["finish_h"].iloc[0] == 32.0
    assert res.cases["rework_rounds"].iloc[0] == 1


def test_a_failed_makeup_repeats_the_step_before_the_named_step() -> None:
    res = _alongside(1.0)
    passes = _rows(res, "apply")
    assert len(passes) == 2  # intake again after the failed make-up
    assert passes["start_h"].iloc[1] == 31.0
    assert _rows(res, "issue")["start_h"].iloc[0] == 32.0


def test_auto_approval_skips_the_desk() -> None:
    steps = [
        {"id": "check", "desk": "counter", "duration": {"working_hours": 5}, "auto_share": 1.0}
    ]
    res = sim.run(
        _scenario(steps, ["check"], arrivals={"cohort": 4, "date": "2024-09-02"}),
        replications=1,
        seed=1,
    )
    assert (res.steps["phase"] == "auto").all()
    assert (res.cases["finish_h"] == res.cases["arrival_h"]).all()


def test_auto_approval_share() -> None:
    steps = [
        {"id": "check", "desk": "counter", "duration": {"working_hours": 0.01}, "auto_share": 0.3}
    ]
    n = 2000
    res = sim.run(
        _scenario(
            steps,
            ["check"],
            desks={"counter": {"staff": 50}},
            arrivals={"cohort": n, "date": "2024-09-02"},
        ),
        replications=1,
        seed=3,
    )
    share = (res.steps["phase"] == "auto").mean()
    assert share == pytest.approx(0.3, abs=4 * math.sqrt(0.3 * 0.7 / n))


def test_default_approval_ends_the_step_at_its_limit() -> None:
    steps = [
        {
            "id": "review",
            "desk": "counter",
            "duration": {"working_days": 3},
            "limit": {"working_days": 1},
            "default_approval": True,
        }
    ]
    res = sim.run(_scenario(steps, ["review"]), replications=1, seed=1)
    # the case reaches the step at 00:00 on day 0; the day it arrives is not counted
    # (民法典 art. 201), so the 1-day limit expires at the end of day 1: 2 days elapsed
    assert res.cases["elapsed_working_days"].iloc[0] == pytest.approx(2.0)
    assert res.cases["counted_working_days"].iloc[0] == pytest.approx(1.0)
    assert not bool(_rows(res, "review")["over_limit"].iloc[0])


def test_step_over_its_limit_is_flagged() -> None:
    steps = [
        {
            "id": "review",
            "desk": "counter",
            "duration": {"working_days": 3},
            "limit": {"working_days": 1},
        }
    ]
    res = sim.run(_scenario(steps, ["review"]), replications=1, seed=1)
    assert bool(_rows(res, "review")["over_limit"].iloc[0])
    assert res.cases["elapsed_working_days"].iloc[0] == pytest.approx(3.0)


def test_clock_stop_time_is_not_counted() -> None:
    steps = [
        {"id": "apply", "desk": "counter", "duration": {"working_days": 1}},
        {"id": "hearing", "duration": {"working_days": 2}, "clock_stop": True},
        {"id": "expert", "duration": {"working_days": 1}, "clock_stop": True},
        {"id": "issue", "desk": "counter", "duration": {"working_days": 0.5}},
    ]
    flow = ["apply", {"parallel": ["hearing", "expert"]}, "issue"]
    res = sim.run(_scenario(steps, flow, time_limit={"working_days": 2}), replications=1, seed=1)
    case = res.cases.iloc[0]
    assert case["elapsed_working_days"] == pytest.approx(3.5)
    assert case["clock_stop_working_days"] == pytest.approx(2.0)  # the union of the two stops
    # counted from the end of the acceptance day (day 0, taken by apply): 3.5 - 1 - 2
    assert case["counted_working_days"] == pytest.approx(0.5)
    assert bool(case["on_time"])


def _makeup_case(makeup_days: float, *, clock_stop: bool, alongside: bool = False) -> pd.Series:
    """One case on the official calendar: intake, one 补正 of ``makeup_days``, intake, review."""
    steps = [
        {"id": "apply", "desk": "counter", "duration": {"working_hours": 3}},
        {"id": "review", "desk": "counter", "duration": {"working_days": 1.5}},
    ]
    rework: dict[str, Any] = {
        "p_incomplete": 1.0,
        "max_rounds": 1,
        "makeup": {"working_days": makeup_days},
        "clock_stop": clock_stop,
    }
    if alongside:
        rework.update(alongside=True, before="review")
    s = _scenario(
        steps,
        ["apply", "review"],
        continuous=False,
        rework={"apply": rework},
        time_limit={"working_days": 3},
    )
    res = sim.run(s, replications=1, seed=1)
    makeup = _rows(res, "apply", "makeup")
    assert len(makeup) == 1
    assert bool(makeup["clock_stop"].iloc[0]) == (clock_stop and not alongside)
    assert not _rows(res, "apply")["clock_stop"].any()
    return res.cases.iloc[0]


@pytest.mark.parametrize("k", [1.0, 2.0, 4.5])
def test_makeup_time_of_a_clock_stop_rework_is_not_counted(k: float) -> None:
    case = _makeup_case(k, clock_stop=True)
    # 3 h intake, k working days of 补正, 3 h intake again, 1.5 working days review (7 h days)
    elapsed = (3 + 3) / 7 + k + 1.5
    assert case["elapsed_working_days"] == pytest.approx(elapsed, abs=1e-9)
    assert case["clock_stop_working_days"] == pytest.approx(k, abs=1e-9)
    # the acceptance day (Mon 2024-09-02, 7 h) is not counted; the make-up starts at 12:00
    # that day, so 4 h of it fall on the acceptance day and only k - 4/7 days come off:
    # elapsed - 1 - (k - 4/7). For k = 1 by hand: Tue 3 h stopped, 4 h counted; Wed 7 h;
    # Thu 09:00-11:30 2.5 h: 13.5 h = 1.93 days.
    assert case["counted_working_days"] == pytest.approx(elapsed - 1 - (k - 4 / 7), abs=1e-9)
    assert case["counted_working_days"] == pytest.approx(1.5 + 3 / 7, abs=1e-9)
    assert bool(case["on_time"])  # 1.93 counted days, within the limit of 3


def test_makeup_time_counts_without_clock_stop() -> None:
    case = _makeup_case(2.0, clock_stop=False)
    assert case["clock_stop_working_days"] == 0.0
    # the acceptance day (a whole 7-h day: the case arrives by opening time) is not counted
    assert case["counted_working_days"] == pytest.approx(case["elapsed_working_days"] - 1)
    assert not bool(case["on_time"])  # 3.36 counted working days against a limit of 3


def test_a_makeup_alongside_never_stops_the_clock() -> None:
    case = _makeup_case(2.0, clock_stop=True, alongside=True)  # 容缺: the case goes on
    assert case["clock_stop_working_days"] == 0.0
    assert case["counted_working_days"] == pytest.approx(case["elapsed_working_days"] - 1)


def test_clock_stop_makeup_and_clock_stop_step_stop_the_clock_once_each() -> None:
    steps = [
        {"id": "apply", "desk": "counter", "duration": {"working_days": 1}},
        {"id": "hearing", "duration": {"working_days": 2}, "clock_stop": True},
    ]
    rework = {
        "apply": {
            "p_incomplete": 1.0,
            "max_rounds": 2,
            "makeup": {"working_days": 0.5},
            "clock_stop": True,
        }
    }
    res = sim.run(_scenario(steps, ["apply", "hearing"], rework=rework), replications=1, seed=1)
    case = res.cases.iloc[0]
    assert case["rework_rounds"] == 2
    assert case["elapsed_working_days"] == pytest.approx(3 * 1 + 2 * 0.5 + 2)
    assert case["clock_stop_working_days"] == pytest.approx(2 * 0.5 + 2)
    # the acceptance day (day 0, the first intake) is not counted: 6 - 1 - 3
    assert case["counted_working_days"] == pytest.approx(2.0)
    assert res.steps["clock_stop"].sum() == 3  # two make-ups and the hearing


def test_detached_work_loads_the_desk_but_not_the_case() -> None:
    steps = [
        {"id": "issue", "desk": "counter", "duration": {"working_hours": 1}},
        {"id": "inspect", "desk": "inspectors", "duration": {"working_hours": 8}},
    ]
    flow = ["issue", {"detached": "inspect", "share": 1.0}]
    desks = {"counter": {"staff": 1}, "inspectors": {"staff": 1}}
    res = sim.run(
        _scenario(steps, flow, desks=desks, arrivals={"cohort": 3, "date": "2024-09-02"}),
        replications=1,
        seed=1,
    )
    np.testing.assert_array_equal(np.sort(res.cases["finish_h"].to_numpy()), [1, 2, 3])
    inspect = _rows(res, "inspect")
    assert inspect["detached"].all()
    assert inspect["end_h"].max() == 1 + 3 * 8  # the inspectors worked one after another
    assert res.windows["end_h"].iloc[0] == 25.0


def test_visits_and_travel() -> None:
    steps = [
        {
            "id": "apply",
            "desk": "counter",
            "visit": True,
            "travel": {"natural_hours": 1.5},
            "duration": {"working_hours": 1},
        },
        {"id": "review", "duration": {"natural_hours": 3}},
        {"id": "collect", "desk": "counter", "visit": True, "duration": {"working_hours": 0.5}},
    ]
    res = sim.run(_scenario(steps, ["apply", "review", "collect"]), replications=1, seed=1)
    assert res.cases["visits"].tolist() == [2]
    travel = _rows(res, "apply", "travel")
    assert travel[["start_h", "end_h"]].to_numpy().tolist() == [[0.0, 1.5]]
    assert (travel["actor"] == "applicant").all()
    assert res.cases["finish_h"].iloc[0] == 1.5 + 1 + 3 + 0.5


def test_choice_shares_follow_the_probabilities() -> None:
    steps = [
        {"id": "a", "duration": {"natural_hours": 1}},
        {"id": "b", "duration": {"natural_hours": 1}},
    ]
    n = 3000
    flow = [{"choice": [{"p": 0.25, "do": "a"}, {"p": 0.75, "do": "b"}]}]
    res = sim.run(
        _scenario(steps, flow, arrivals={"cohort": n, "date": "2024-09-02"}), replications=1, seed=4
    )
    share = (res.steps["step"] == "a").mean()
    assert share == pytest.approx(0.25, abs=4 * math.sqrt(0.25 * 0.75 / n))
    assert len(res.steps) == n


def test_running_past_the_calendar_is_a_clear_error() -> None:
    s = sim.scenario_from_dict(
        {
            "name": "late",
            "start": "2026-12-01",
            "horizon_working_days": 5,
            "arrivals": {"cohort": 1, "date": "2026-12-01"},
            "steps": [{"id": "wait", "duration": {"working_days": 400}}],
            "flow": ["wait"],
        }
    )
    with pytest.raises(SimulateError, match=r"calendar.*2026-12-31"):
        sim.run(s, replications=1, seed=1)


# -- raw output ----------------------------------------------------------------------------
def test_raw_columns() -> None:
    steps = [{"id": "apply", "desk": "counter", "duration": {"working_hours": {"mean": 0.5}}}]
    s = _scenario(
        steps,
        ["apply"],
        arrivals={"per_working_day": 10},
        rework={"apply": {"p_incomplete": 0.5, "makeup": {"natural_hours": 1}}},
    )
    out = run_replication(s, 3, 99)
    assert out.replication == 3
    n = len(out.case_cols["case"])
    assert n > 0
    assert {k: len(v) for k, v in out.case_cols.items()} == dict.fromkeys(out.case_cols, n)
    np.testing.assert_array_equal(out.case_cols["case"], np.arange(n))
    assert np.isfinite(out.case_cols["finish_h"]).all()
    rows = len(out.step_cols["case"])
    assert {k: len(v) for k, v in out.step_cols.items()} == dict.fromkeys(out.step_cols, rows)
    assert out.step_cols["step_code"].dtype == np.int16
    assert out.step_cols["detached"].dtype == np.bool_
    assert set(out.step_cols["phase_code"].tolist()) == {
        PHASES.index("work"),
        PHASES.index("makeup"),
    }
    assert out.step_cols["round"].max() >= 1
    assert (out.step_cols["end_h"] >= out.step_cols["start_h"]).all()
    assert (out.step_cols["start_h"] >= out.step_cols["enter_h"]).all()
    assert out.end_clock >= out.case_cols["finish_h"].max()


# -- random streams -------------------------------------------------------------------------
def _exp(rng: np.random.Generator, size: int) -> np.ndarray:
    return rng.standard_exponential(size)


def test_a_draw_depends_only_on_seed_replication_name_and_index() -> None:
    idx = [0, 5, BLOCK - 1, BLOCK, 3 * BLOCK + 7]
    forward = Stream(1, 2, "duration:apply", _exp)
    a = [forward[i] for i in idx]
    backward = Stream(1, 2, "duration:apply", _exp)
    b = [backward[i] for i in reversed(idx)][::-1]
    assert a == b
    streams = Streams(1, 2)
    streams.get("duration:other", _exp)[10]  # other streams do not shift this one
    assert [streams.get("duration:apply", _exp)[i] for i in idx] == a
    assert [Stream(1, 3, "duration:apply", _exp)[i] for i in idx] != a
    assert [Stream(2, 2, "duration:apply", _exp)[i] for i in idx] != a
    assert [Stream(1, 2, "duration:apply2", _exp)[i] for i in idx] != a


def test_head_equals_indexing() -> None:
    stream = Stream(7, 0, "choice:x", lambda rng, size: rng.random(size))
    n = 2 * BLOCK + 5
    head = stream.head(n)
    assert head.dtype == np.float64
    assert len(head) == n
    assert [stream[i] for i in (0, BLOCK, n - 1)] == [head[0], head[BLOCK], head[n - 1]]
    assert len(Streams(7, 0).head("choice:x", 0)) == 0
    np.testing.assert_array_equal(Streams(7, 0).head("choice:x", n), head)


def test_uniform_streams_look_uniform() -> None:
    values = Streams(11, 0).head("u", 20000)
    assert values.min() >= 0
    assert values.max() < 1
    assert values.mean() == pytest.approx(0.5, abs=4 * math.sqrt(1 / 12 / len(values)))
