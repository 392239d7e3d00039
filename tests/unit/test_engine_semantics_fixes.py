"""Engine semantics, each pinned by a small scenario: 容缺 make-ups of detached work, ``before:``
in parallel branches, 超时默认 while queueing, listed arrivals out of order, and the guard
against scheduling in the past."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
import simpy

import simulate as sim
from simulate.calendar import deadline, timeline_of
from simulate.engine.primitives import wake_at
from simulate.engine.replication import ReplicationOutput, build_calendar, run_replication
from simulate.reforms import apply_reform

CONTINUOUS = {"days": "every_day", "office_hours": "24h"}


def _scenario(
    steps: list[dict[str, Any]],
    flow: Any,
    *,
    desks: dict[str, Any] | None = None,
    **extra: Any,
) -> sim.Scenario:
    data: dict[str, Any] = {
        "name": "semantics",
        "start": "2024-09-02",
        "horizon_working_days": 10,
        "calendar": CONTINUOUS,
        "arrivals": {"cohort": 1, "date": "2024-09-02", "any_hour": True},
        "desks": {k: {**v, "hours": "24h", "every_day": True} for k, v in (desks or {}).items()},
        "steps": steps,
        "flow": flow,
        **extra,
    }
    return sim.scenario_from_dict(data)


def _rows(out: ReplicationOutput, scenario: sim.Scenario, step: str) -> dict[str, np.ndarray]:
    code = [st.id for st in scenario.steps].index(step)
    pick = out.step_cols["step_code"] == code
    return {k: v[pick] for k, v in out.step_cols.items()}


def _both(scenario: sim.Scenario) -> list[ReplicationOutput]:
    """The fast inline path and the general runner (they must agree)."""
    return [run_replication(scenario, 0, 1, inline=inline) for inline in (True, False)]


# -- 容缺 make-ups of detached work -------------------------------------------------------
def _detached_makeup(issue: dict[str, Any]) -> sim.Scenario:
    return _scenario(
        [
            {"id": "apply", "desk": "window", "duration": {"natural_hours": 2}},
            {"id": "inspect", "desk": "window", "duration": {"natural_hours": 2}},
            issue,
        ],
        ["apply", {"detached": "inspect", "share": 1.0}, "issue"],
        desks={"window": {"staff": 1}},
        rework={
            "inspect": {
                "p_incomplete": 1.0,
                "makeup": {"natural_hours": 100},
                "alongside": True,
                "p_fail": 1.0,
                "max_rounds": 1,
            }
        },
    )


def test_a_makeup_of_detached_work_never_holds_the_case() -> None:
    # the inspection (detached) ends at 4 h, before the case does; its make-up takes 100 h
    scenario = _detached_makeup({"id": "issue", "duration": {"natural_hours": 10}})
    for out in _both(scenario):
        # apply 2 h, then issue 10 h: the case does not wait for the inspection's make-up
        elapsed = out.case_cols["finish_h"] - out.case_cols["arrival_h"]
        np.testing.assert_allclose(elapsed, [12.0])
        assert out.case_cols["rework_rounds"].tolist() == [0]
        inspect = _rows(out, scenario, "inspect")
        # the failed make-up is done again, off the case's path: every row is detached
        assert inspect["detached"].all()
        assert inspect["round"].tolist() == [0, 0, 1]
        assert inspect["phase_code"].tolist() == [0, 1, 0]
        assert inspect["start_h"][2] == inspect["end_h"][1] == 104.0


def test_a_failed_makeup_of_detached_work_is_redone_after_the_case_ended() -> None:
    # the case ends (at 4 h) before the inspection, queued behind it, reaches its make-up
    scenario = _detached_makeup({"id": "issue", "desk": "window", "duration": {"natural_hours": 2}})
    for out in _both(scenario):
        np.testing.assert_allclose(out.case_cols["finish_h"], [4.0])
        inspect = _rows(out, scenario, "inspect")
        assert inspect["detached"].all()
        assert inspect["round"].tolist() == [0, 0, 1]
        np.testing.assert_allclose(inspect["end_h"], [6.0, 106.0, 108.0])
        assert out.end_clock == 108.0


# -- before: in a parallel branch ----------------------------------------------------------
BEFORE_STEPS: list[dict[str, Any]] = [
    {"id": "apply", "duration": {"natural_hours": 2}},
    {"id": "review", "duration": {"natural_hours": 3}},
    {"id": "survey", "duration": {"natural_hours": 1}},
    {"id": "issue", "duration": {"natural_hours": 2}},
]
BEFORE_SURVEY = {
    "apply": {
        "p_incomplete": 1.0,
        "makeup": {"natural_hours": 50},
        "alongside": True,
        "before": "survey",
        "max_rounds": 1,
    }
}


@pytest.mark.parametrize(
    "flow",
    [
        ["apply", {"parallel": ["review", "survey"]}, "issue"],
        ["apply", {"parallel": ["review", ["issue", "survey"]]}],
    ],
)
def test_a_step_in_a_parallel_branch_waits_for_the_makeup_due_before_it(flow: Any) -> None:
    scenario = _scenario(BEFORE_STEPS, flow, rework=BEFORE_SURVEY)
    for out in _both(scenario):
        makeup_end = _rows(out, scenario, "apply")["end_h"][1]
        assert makeup_end == 52.0
        assert _rows(out, scenario, "survey")["start_h"].tolist() == [makeup_end]
        assert _rows(out, scenario, "review")["start_h"].tolist() == [2.0]  # not held


@pytest.mark.parametrize(
    "flow",
    [
        [{"parallel": ["apply", "survey"]}, "review", "issue"],
        [{"parallel": [["apply", "review"], "survey"]}, "issue"],
    ],
)
def test_before_a_step_of_another_branch_is_an_error(flow: Any) -> None:
    with pytest.raises(sim.ScenarioError, match=r"rework\.apply\.before.*on every path"):
        _scenario(BEFORE_STEPS, flow, rework=BEFORE_SURVEY)


def test_a_reform_cannot_make_a_makeup_due_in_a_parallel_branch() -> None:
    plain = {"apply": {"p_incomplete": 1.0, "makeup": {"natural_hours": 50}}}
    scenario = _scenario(
        BEFORE_STEPS, [{"parallel": ["apply", "survey"]}, "review", "issue"], rework=plain
    )
    with pytest.raises(sim.ScenarioError, match="'survey' does not come after 'apply'"):
        apply_reform(scenario, "accept_incomplete", steps=["apply"], before="survey")


# -- 超时默认 while queueing -------------------------------------------------------------
def test_default_approval_counts_the_time_queued_before_a_clerk_takes_the_case() -> None:
    # one clerk: the long step takes them first, the approval queues behind it for 200 h
    scenario = _scenario(
        [
            {"id": "long", "desk": "clerks", "duration": {"natural_hours": 200}},
            {
                "id": "approve",
                "desk": "clerks",
                "duration": {"working_hours": 2},
                "limit": {"working_days": 1},
                "default_approval": True,
            },
        ],
        [{"parallel": ["long", "approve"]}],
        desks={"clerks": {"staff": 1}},
    )
    expires = deadline(timeline_of(build_calendar(scenario)), 0.0, 1.0)
    assert 0.0 < expires < 200.0
    for out in _both(scenario):
        approve = _rows(out, scenario, "approve")
        # approved by default at its deadline, counted from entering the step (queue joined)
        assert approve["enter_h"].tolist() == [0.0]
        assert approve["end_h"].tolist() == [expires]
        assert approve["start_h"].tolist() == [expires]  # no clerk ever took it
        np.testing.assert_allclose(out.case_cols["finish_h"], [200.0])


def test_a_case_approved_by_default_in_the_queue_leaves_the_queue() -> None:
    # three cases for one clerk busy 200 h elsewhere: the two approvals leave the queue at
    # their deadline, so the clerk's next case is served at 200 h, not after them
    scenario = _scenario(
        [
            {"id": "long", "desk": "clerks", "duration": {"natural_hours": 200}},
            {
                "id": "approve",
                "desk": "clerks",
                "duration": {"working_hours": 2},
                "limit": {"working_days": 1},
                "default_approval": True,
            },
            {"id": "after", "desk": "clerks", "duration": {"natural_hours": 1}},
        ],
        [{"choice": [{"p": 0.5, "do": ["long", "after"]}, {"p": 0.5, "do": "approve"}]}],
        desks={"clerks": {"staff": 1}},
        arrivals={"cohort": 12, "date": "2024-09-02", "any_hour": True},
    )
    for out in _both(scenario):
        approve = _rows(out, scenario, "approve")
        assert len(approve["end_h"]) > 0
        expires = deadline(timeline_of(build_calendar(scenario)), 0.0, 1.0)
        assert (approve["end_h"] <= expires).all()
        served = _rows(out, scenario, "long")["end_h"].size
        assert served > 0
        # the clerk works without a gap on the long steps, then on the 'after' steps
        assert out.end_clock == pytest.approx(201.0 * served)


# -- listed arrivals ------------------------------------------------------------------------
def test_listed_arrivals_built_in_python_arrive_in_time_order() -> None:
    scenario = sim.scenario_from_dict(
        {
            "name": "listed",
            "start": "2024-09-02",
            "horizon_working_days": 20,
            "arrivals": {"cohort": 1, "date": "2024-09-02"},
            "desks": {"window": {"staff": 1}},
            "steps": [{"id": "apply", "desk": "window", "duration": {"working_hours": 1}}],
            "flow": ["apply"],
        }
    )
    times = (dt.datetime(2024, 9, 10, 10), dt.datetime(2024, 9, 3, 10), dt.datetime(2024, 9, 5, 10))
    scenario = sim.validate(replace(scenario, arrivals=sim.Arrivals(kind="listed", times=times)))
    calendar = build_calendar(scenario)
    expected = sorted(calendar.to_clock(t) for t in times)
    for out in _both(scenario):
        assert out.case_cols["arrival_h"].tolist() == expected
        # each case enters its first step when it arrives (the desk is free: 1 h of work each)
        order = np.argsort(out.step_cols["case"], kind="stable")
        assert out.step_cols["enter_h"][order].tolist() == expected
        np.testing.assert_allclose(out.case_cols["finish_h"], np.array(expected) + 1.0)


def test_a_listed_submission_before_start_is_found_in_any_order() -> None:
    base = sim.scenario_from_dict(
        {
            "name": "listed",
            "start": "2024-09-04",
            "horizon_working_days": 20,
            "arrivals": {"cohort": 1, "date": "2024-09-04"},
            "steps": [{"id": "apply", "duration": {"working_hours": 1}}],
            "flow": ["apply"],
        }
    )
    times = (dt.datetime(2024, 9, 10, 10), dt.datetime(2024, 9, 3, 10))
    with pytest.raises(sim.ScenarioError, match="before start"):
        sim.validate(replace(base, arrivals=sim.Arrivals(kind="listed", times=times)))


# -- scheduling at an absolute time ----------------------------------------------------------
def test_scheduling_in_the_past_is_refused() -> None:
    env = simpy.Environment()
    env.run(until=5.0)
    with pytest.raises(ValueError, match="in the past"):
        wake_at(env, 4.999)
    fired: list[float] = []

    def proc() -> Any:
        yield wake_at(env, 5.0)
        fired.append(env.now)
        yield wake_at(env, 7.5)
        fired.append(env.now)

    env.process(proc())
    env.run()
    assert fired == [5.0, 7.5]
