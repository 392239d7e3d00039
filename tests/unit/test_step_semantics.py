"""One definition of a step's semantics: the inline walk and the general runner agree.

Plain steps run inline in the walk that runs a case; a step with visits, travel, 秒批 or
rework goes through the general step runner, which hands its work to the same walk. Running
every step through the general runner (``inline=False``) must record exactly the same rows,
times and case columns as the fast path, for every kind of step and flow.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import simulate as sim
from simulate.calendar import deadline, timeline_of
from simulate.engine.primitives import CaseState
from simulate.engine.process import FlowModel
from simulate.engine.recording import PHASES
from simulate.engine.replication import ReplicationOutput, build_calendar, run_replication

STEPS: list[dict[str, Any]] = [
    # staffed, with a visit and travel, 补正 with a clock-stopping make-up
    {
        "id": "apply",
        "desk": "window",
        "visit": True,
        "travel": {"natural_hours": {"mean": 1}},
        "duration": {"working_hours": {"mean": 0.5}},
    },
    # staffed with 秒批
    {
        "id": "check",
        "desk": "window",
        "duration": {"working_hours": {"mean": 0.3}},
        "auto_share": 0.3,
    },
    # staffed on a desk with its own hours, 容缺 make-ups alongside (some fail: done again)
    {"id": "review", "desk": "bureau", "duration": {"working_hours": {"mean": 2}}},
    # a delay in natural days
    {"id": "wait", "duration": {"natural_days": {"mean": 1}}},
    # a clock-stop delay in working days
    {"id": "hearing", "duration": {"working_days": {"mean": 2}}, "clock_stop": True},
    {"id": "expert", "desk": "bureau", "duration": {"working_hours": {"mean": 3}}},
    # a staffed step that ends at its limit by default approval
    {
        "id": "approve",
        "desk": "approvers",
        "duration": {"working_days": {"mean": 1.5}},
        "limit": {"working_days": 1},
        "default_approval": True,
    },
    # the options of a choice: a fixed delay, and a staffed step with rare 补正 (no clock stop)
    {"id": "fast", "duration": {"working_hours": 1}},
    {"id": "slow", "desk": "window", "duration": {"working_hours": {"mean": 2}}},
    # detached work
    {"id": "inspect", "desk": "inspectors", "duration": {"working_hours": {"mean": 4}}},
    # staffed, the step the 容缺 make-ups are due before (so not plain)
    {"id": "issue", "desk": "window", "duration": {"working_hours": {"mean": 0.5}}},
]

REWORK: dict[str, Any] = {
    "apply": {
        "p_incomplete": 0.4,
        "makeup": {"working_days": {"mean": 1}},
        "max_rounds": 2,
        "clock_stop": True,
    },
    "review": {
        "p_incomplete": 0.5,
        "makeup": {"natural_hours": {"mean": 20}},
        "alongside": True,
        "before": "issue",
        "p_fail": 0.3,
        "max_rounds": 1,
    },
    "slow": {"p_incomplete": 0.05, "makeup": {"natural_hours": 2}},
}

FLOW: list[Any] = [
    "apply",
    "check",
    "review",
    "wait",
    {"parallel": ["hearing", ["expert", "approve"]]},
    {"choice": [{"p": 0.4, "do": "fast"}, {"p": 0.6, "do": "slow"}]},
    {"detached": "inspect", "share": 0.5},
    "issue",
]


def _scenario(*, continuous: bool) -> sim.Scenario:
    desks: dict[str, Any] = {
        "window": {"staff": 2},
        "bureau": {"staff": 4, "hours": ["08:30-12:00", "14:00-17:30"]},
        "approvers": {"staff": 8},
        "inspectors": {"staff": 1},
    }
    data: dict[str, Any] = {
        "name": "semantics",
        "start": "2024-09-02",
        "horizon_working_days": 20,
        "arrivals": {"per_working_day": 6},
        "desks": desks,
        "steps": STEPS,
        "rework": REWORK,
        "flow": FLOW,
    }
    if continuous:
        data["calendar"] = {"days": "every_day", "office_hours": "24h"}
        data["desks"] = {k: {**v, "hours": "24h", "every_day": True} for k, v in desks.items()}
    return sim.scenario_from_dict(data)


def _assert_same(fast: ReplicationOutput, general: ReplicationOutput) -> None:
    assert fast.end_clock == general.end_clock
    for cols, other in ((fast.step_cols, general.step_cols), (fast.case_cols, general.case_cols)):
        assert cols.keys() == other.keys()
        for key in cols:
            np.testing.assert_array_equal(cols[key], other[key], err_msg=key, strict=True)


@pytest.mark.parametrize("continuous", [False, True])
@pytest.mark.parametrize("seed", [1, 7])
def test_inline_walk_and_general_runner_record_the_same(continuous: bool, seed: int) -> None:
    scenario = _scenario(continuous=continuous)
    fast = run_replication(scenario, 0, seed)
    general = run_replication(scenario, 0, seed, inline=False)
    _assert_same(fast, general)

    # the scenario exercises every kind of step
    steps = fast.step_cols
    codes = {st.id: i for i, st in enumerate(scenario.steps)}
    assert set(steps["step_code"].tolist()) == set(codes.values())
    assert set(steps["phase_code"].tolist()) == set(range(len(PHASES)))  # work, 补正, travel, 秒批
    assert steps["detached"].any()
    assert steps["round"].max() == 2
    assert (fast.case_cols["clock_stop_hours"] > 0).any()
    assert fast.case_cols["visits"].max() >= 2  # intake again after a 补正
    # a default approval (超时默认) ended some passes when its 1-working-day limit expired,
    # counted as the law counts it: at closing time of the working day after entering
    approve = steps["step_code"] == codes["approve"]
    standard = timeline_of(build_calendar(scenario))
    rows = zip(*(steps[k][approve] for k in ("enter_h", "start_h", "end_h")), strict=True)
    cut = 0
    for enter, start, end in rows:
        expires = deadline(standard, enter, 1.0)
        assert end <= max(start, expires)
        cut += start < end == expires
    assert cut > 1


def test_plain_steps_run_inline_only_on_the_fast_path() -> None:
    scenario = _scenario(continuous=True)
    calendar = build_calendar(scenario)
    fast = FlowModel(scenario, 0, 1, calendar, 10)
    general = FlowModel(scenario, 0, 1, calendar, 10, inline=False)
    # of the top level only ``wait`` is plain: ``issue`` waits for 容缺 make-ups
    assert [op[0] is None for op in fast.top] == [False, False, False, True] + [False] * 4
    assert all(op[0] is not None for op in general.top)
    for model in (fast, general):  # the compiled flows run the same single case
        model.env.process(model.walk(model.top, CaseState(0, 0.0), False, True))
        model.env.run()
    assert np.array_equal(fast.recorder.r_end, general.recorder.r_end)
