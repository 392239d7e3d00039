"""Steps handled in batches (集中申办 / 集中办理): ``steps[].batch``.

Cases gather before the step; a batch starts at the next session (every N working days at
the opening of office hours) or as soon as ``size`` cases have gathered. Expectations are
worked by hand from the calendar; the steady-stream check (mean wait half the interval) is
in tests/validation/test_batch_theory.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import simulate as sim
from simulate import cli
from simulate.engine.fastpath import fast_path_reason
from simulate.io.dump import to_yaml
from simulate.scenario.model import Arrivals, Batch

CONTINUOUS = {"days": "every_day", "office_hours": "24h"}
WEEKDAYS = {"days": "weekdays"}  # 09:00-12:00, 13:00-17:00, Monday to Friday


def _scenario(
    batch: dict[str, Any] | None,
    arrivals: dict[str, Any],
    *,
    calendar: dict[str, Any] = CONTINUOUS,
    staff: int | None = None,
) -> sim.Scenario:
    """A 0.5 h delay, then a 1 h step (staffed if ``staff``) that may be batched."""
    meet: dict[str, Any] = {"id": "meet", "duration": {"working_hours": 1}}
    if batch is not None:
        meet["batch"] = batch
    desks = {}
    if staff is not None:
        meet["desk"] = "panel"
        desks = {"panel": {"staff": staff}}
    listed = arrivals.get("times")
    scenario = sim.scenario_from_dict(
        {
            "name": "batches",
            "start": "2024-01-01",
            "calendar": calendar,
            "horizon_working_days": 30,
            "arrivals": {"cohort": 1, "date": "2024-01-01"} if listed else arrivals,
            "desks": desks,
            "steps": [{"id": "prepare", "duration": {"natural_hours": 0.5}}, meet],
            "flow": ["prepare", "meet"],
        }
    )
    if listed:
        scenario = replace(scenario, arrivals=Arrivals(kind="listed", times=listed))
    return scenario


def _meet(res: sim.Results) -> Any:
    rows = res.steps[res.steps["step"] == "meet"].sort_values("case")
    return rows.reset_index(drop=True)


def _listed(*hours: float) -> dict[str, Any]:
    """Submissions at these clock hours from 00:00 of Monday 2024-01-01."""
    start = dt.datetime(2024, 1, 1)
    return {"times": tuple(start + dt.timedelta(hours=h) for h in hours)}


def test_sessions_on_office_days_start_the_gathered_cases_together() -> None:
    # weekdays 09:00-17:00 (7 working hours), a session every 2 working days at 09:00:
    # Mon 1 Jan 09:00 (9 h), Wed 3 Jan 09:00 (57 h), Fri 5 Jan (105 h), Tue 9 Jan (201 h)
    scenario = _scenario(
        {"every_working_days": 2, "assumption": "test"},
        _listed(10.0, 30.0, 57.0, 58.0, 110.0),
        calendar=WEEKDAYS,
    )
    rows = _meet(sim.run(scenario, replications=1, seed=1))
    # each case enters 0.5 h after submission; a case entering at a session's moment goes in it
    assert rows["enter_h"].tolist() == [10.5, 30.5, 57.5, 58.5, 110.5]
    assert rows["start_h"].tolist() == [57.0, 57.0, 105.0, 105.0, 201.0]
    assert rows["end_h"].tolist() == [58.0, 58.0, 106.0, 106.0, 202.0]
    # 10:30 Mon to 09:00 Wed: 1.5 h + 4 h on Monday, 7 h on Tuesday
    assert rows["wait_working_days"].iloc[0] == pytest.approx((1.5 + 4 + 7) / 7)


def test_a_full_batch_starts_at_once() -> None:
    scenario = _scenario(
        {"size": 3, "assumption": "test"}, _listed(1.0, 2.0, 4.0, 7.0, 8.0, 9.0, 20.0)
    )
    rows = _meet(sim.run(scenario, replications=1, seed=1))
    # batches {0,1,2} start when case 2 enters (4.5 h), {3,4,5} at 9.5 h; case 6 never starts
    assert rows["case"].tolist() == [0, 1, 2, 3, 4, 5]
    assert rows["start_h"].tolist() == [4.5, 4.5, 4.5, 9.5, 9.5, 9.5]
    res = sim.run(scenario, replications=1, seed=1)
    assert res.cases.set_index("case")["finish_h"].isna().tolist() == [False] * 6 + [True]


def test_whichever_comes_first_a_session_or_a_full_batch() -> None:
    # sessions every working day at 00:00 (continuous clock: 0, 24, 48 h) and batches of 2
    scenario = _scenario(
        {"every_working_days": 1, "size": 2, "assumption": "test"}, _listed(1.0, 3.0, 5.0, 30.0)
    )
    rows = _meet(sim.run(scenario, replications=1, seed=1))
    # {0, 1} full at 3.5 h; case 2 alone until the session at 24 h; case 3 at 48 h
    assert rows["start_h"].tolist() == [3.5, 3.5, 24.0, 48.0]


def test_a_released_batch_queues_for_the_desk_in_gathering_order() -> None:
    scenario = _scenario(
        {"every_working_days": 1, "assumption": "test"}, _listed(1.0, 2.0, 3.0), staff=1
    )
    rows = _meet(sim.run(scenario, replications=1, seed=1))
    assert rows["start_h"].tolist() == [24.0, 25.0, 26.0]
    assert rows["end_h"].tolist() == [25.0, 26.0, 27.0]


def test_without_a_batch_nothing_waits() -> None:
    rows = _meet(sim.run(_scenario(None, _listed(1.0, 2.0, 3.0)), replications=1, seed=1))
    assert (rows["start_h"] == rows["enter_h"]).all()


def test_the_fast_path_refuses_batches() -> None:
    scenario = _scenario({"every_working_days": 1, "assumption": "test"}, _listed(1.0))
    reason = fast_path_reason(scenario)
    assert reason is not None
    assert "batch" in reason


def test_serial_and_two_jobs_agree_and_the_batch_is_written_out(tmp_path: Path) -> None:
    scenario = _scenario(
        {"every_working_days": 0.5, "size": 4, "assumption": "test"},
        {"per_working_day": 6},
        calendar=WEEKDAYS,
        staff=1,
    )
    a = sim.run(scenario, replications=2, seed=4)
    b = sim.run(scenario, replications=2, seed=4, jobs=2)
    assert a.steps.equals(b.steps)
    path = tmp_path / "again.yaml"
    path.write_text(to_yaml(scenario), "utf-8")
    again = sim.load_scenario(path)
    assert again.step("meet").batch == Batch(every_working_days=0.5, size=4, assumption="test")


HEAD = """\
name: bad
start: 2024-01-01
horizon_working_days: 5
arrivals: {per_working_day: 2}
desks:
  counter: {staff: 1}
steps:
"""


@pytest.mark.parametrize(
    ("batch", "message"),
    [
        ("{}", r"bad\.yaml:11: \[steps\[0\]\.batch\] needs every_working_days"),
        ("{size: 1}", r"bad\.yaml:11: \[steps\[0\]\.batch\.size\]"),
        ("{size: 2.5}", r"bad\.yaml:11: \[steps\[0\]\.batch\.size\]"),
        ("{every_working_days: 0}", r"bad\.yaml:11: \[steps\[0\]\.batch\.every_working_days\]"),
        ("{every: 5}", r"bad\.yaml:11: \[steps\[0\]\.batch\.every\]"),
        ("weekly", r"bad\.yaml:11: \[steps\[0\]\.batch\]"),
    ],
)
def test_a_bad_batch_is_a_located_error(tmp_path: Path, batch: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        HEAD
        + "  - id: apply\n    desk: counter\n    duration: {working_days: 1}\n"
        + f"    batch: {batch}\n"
        + "flow: [apply]\n",
        "utf-8",
    )
    with pytest.raises(sim.ScenarioError, match=message):
        sim.load_scenario(path)
    assert cli.main(["validate", str(path)]) == 2


def test_the_reform_batches_the_step() -> None:
    base = _scenario(None, _listed(1.0, 2.0, 3.0))
    out = sim.apply_reform(base, "batch_handling", step="meet", every_working_days=1)
    assert out.step("meet").batch is not None
    assert out.step("meet").batch.every_working_days == 1.0
    assert base.step("meet").batch is None
    rows = _meet(sim.run(out, replications=1, seed=1))
    assert rows["start_h"].tolist() == [24.0, 24.0, 24.0]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"step": "nope", "every_working_days": 1}, "unknown step 'nope'"),
        ({"step": "meet"}, "changes nothing"),
        ({"step": "meet", "every_working_days": 0}, "must be in"),
        ({"step": "meet", "size": 1}, "must be in"),
        ({"step": "meet", "size": 2.5}, "whole number"),
    ],
)
def test_bad_reform_parameters_are_errors(params: dict[str, Any], message: str) -> None:
    with pytest.raises((sim.ScenarioError, ValueError), match=message):
        sim.apply_reform(_scenario(None, _listed(1.0)), "batch_handling", **params)


def test_the_reform_refuses_a_step_already_batched() -> None:
    once = sim.apply_reform(_scenario(None, _listed(1.0)), "batch_handling", step="meet", size=2)
    with pytest.raises((sim.ScenarioError, ValueError), match="already handled in batches"):
        sim.apply_reform(once, "batch_handling", step="meet", size=3)
