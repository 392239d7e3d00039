"""Priority classes at a desk (绿色通道 / 优先办理): ``desks: {id: {priority: {...}}}``.

The cases whose attributes meet the desk's conditions are served before the others when a
staff member comes free (non-preemptive), first come first served within each class. The
theory checks (Cobham's formula, the conservation law) are in
tests/validation/test_priority_theory.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import simulate as sim
from simulate import cli
from simulate.engine.fastpath import fast_path_reason
from simulate.io.dump import to_yaml
from simulate.scenario.attributes import Condition

CALENDAR = {"days": "every_day", "office_hours": "24h"}


def _cohort(
    priority: dict[str, Any] | None, *, cohort: int = 12, share: float = 0.4
) -> sim.Scenario:
    """A cohort at time 0 queueing at one clerk for exactly 1 h each."""
    desk: dict[str, Any] = {"staff": 1, "hours": "24h", "every_day": True}
    if priority is not None:
        desk["priority"] = priority
    return sim.scenario_from_dict(
        {
            "name": "cohort",
            "start": "2024-01-01",
            "calendar": CALENDAR,
            "horizon_working_days": 5,
            "arrivals": {"cohort": cohort, "date": "2024-01-01"},
            "attributes": {"kind": {"shares": {"urgent": share, "normal": 1 - share}}},
            "desks": {"clerk": desk},
            "steps": [{"id": "serve", "desk": "clerk", "duration": {"working_hours": 1}}],
            "flow": ["serve"],
        }
    )


def _starts(res: sim.Results) -> tuple[list[str], list[float]]:
    steps = res.steps.sort_values("case")
    kinds = res.cases.sort_values("case")["kind"].astype(str).tolist()
    return kinds, steps["start_h"].tolist()


def test_the_class_goes_first_and_each_class_in_order_of_arrival() -> None:
    res = sim.run(_cohort({"kind": "urgent"}), replications=1, seed=3)
    kinds, starts = _starts(res)
    assert "urgent" in kinds[1:]
    assert "normal" in kinds[1:]
    # by hand: case 0 takes the free clerk at once; then every urgent case in case order,
    # then every normal case in case order, one hour each
    order = [0] + [i for i in range(1, 12) if kinds[i] == "urgent"]
    order += [i for i in range(1, 12) if kinds[i] == "normal"]
    expected = [0.0] * 12
    for position, case in enumerate(order):
        expected[case] = float(position)
    assert starts == expected


def test_without_a_class_the_desk_is_first_come_first_served() -> None:
    res = sim.run(_cohort(None), replications=1, seed=3)
    _, starts = _starts(res)
    assert starts == [float(i) for i in range(12)]


def test_a_class_nobody_is_in_changes_nothing() -> None:
    plain = sim.run(_cohort(None), replications=2, seed=5)
    empty = sim.run(_cohort({"kind": "urgent"}, share=0.0), replications=2, seed=5)
    cols = ["replication", "case", "enter_h", "start_h", "end_h"]
    assert plain.steps[cols].equals(empty.steps[cols])


def test_a_class_everybody_is_in_changes_nothing() -> None:
    plain = sim.run(_cohort(None, share=1.0), replications=2, seed=5)
    everyone = sim.run(_cohort({"kind": "urgent"}, share=1.0), replications=2, seed=5)
    cols = ["replication", "case", "enter_h", "start_h", "end_h"]
    assert plain.steps[cols].equals(everyone.steps[cols])


def test_priority_keeps_common_random_numbers_and_moves_only_the_order() -> None:
    plain = sim.run(_cohort(None), replications=1, seed=8)
    first = sim.run(_cohort({"kind": "urgent"}), replications=1, seed=8)
    assert plain.cases["kind"].tolist() == first.cases["kind"].tolist()
    # one clerk, 12 one-hour cases: the same set of start times, in another order
    assert sorted(plain.steps["start_h"]) == sorted(first.steps["start_h"])
    urgent = first.cases["kind"] == "urgent"
    by_case = first.steps.set_index("case")["start_h"]
    before = plain.steps.set_index("case")["start_h"]
    cases = first.cases["case"]
    assert (by_case[cases[urgent]] <= before[cases[urgent]]).all()
    assert (by_case[cases[~urgent]] >= before[cases[~urgent]]).all()


def test_serial_and_two_jobs_give_the_same_numbers() -> None:
    scenario = _cohort({"kind": "urgent"})
    a = sim.run(scenario, replications=2, seed=11)
    b = sim.run(scenario, replications=2, seed=11, jobs=2)
    assert a.steps.equals(b.steps)


def test_the_fast_path_refuses_a_priority_class() -> None:
    scenario = _cohort({"kind": "urgent"})
    reason = fast_path_reason(scenario)
    assert reason is not None
    assert "priority" in reason


def test_a_numeric_class_and_the_channel_are_conditions_too() -> None:
    scenario = _cohort({"kind": ["urgent"]})
    assert scenario.desk("clerk").priority == (Condition(attribute="kind", values=("urgent",)),)


def test_the_priority_survives_writing_the_scenario_out(tmp_path: Path) -> None:
    scenario = _cohort({"kind": "urgent"})
    path = tmp_path / "out.yaml"
    path.write_text(to_yaml(scenario), "utf-8")
    again = sim.load_scenario(path)
    assert again.desk("clerk").priority == scenario.desk("clerk").priority
    plain = _cohort(None)
    assert plain.digest() != scenario.digest()


HEAD = """\
name: bad
start: 2024-01-01
horizon_working_days: 5
arrivals: {per_working_day: 2}
attributes:
  kind: {shares: {urgent: 0.3, normal: 0.7}}
  size: {distribution: {values: [1, 2]}}
"""


@pytest.mark.parametrize(
    ("priority", "message"),
    [
        ("{colour: red}", r"bad\.yaml:10: \[desks\.counter\.priority\.colour\] unknown attribute"),
        ("{kind: fast}", r"\[desks\.counter\.priority\.kind\] 'kind' has no value 'fast'"),
        ("{size: big}", r"\[desks\.counter\.priority\.size\] 'size' is a number"),
        ("{kind: 3}", r"bad\.yaml:10: \[desks\.counter\.priority\.kind\]"),
        ("urgent", r"bad\.yaml:10: \[desks\.counter\.priority\]"),
    ],
)
def test_a_bad_priority_is_a_located_error(tmp_path: Path, priority: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        HEAD
        + f"desks:\n  counter:\n    {{staff: 1, priority: {priority}}}\n"
        + "steps:\n  - {id: apply, desk: counter, duration: {working_days: 1}}\nflow: [apply]\n",
        "utf-8",
    )
    with pytest.raises(sim.ScenarioError, match=message):
        sim.load_scenario(path)
    assert cli.main(["validate", str(path)]) == 2


def test_the_reform_sets_the_class_on_the_listed_desks() -> None:
    base = _cohort(None)
    out = sim.apply_reform(base, "green_channel", desks=["clerk"], when={"kind": "urgent"})
    assert out.desk("clerk").priority == (Condition(attribute="kind", values=("urgent",)),)
    assert base.desk("clerk").priority == ()
    ranged = sim.apply_reform(base, "green_channel", desks="clerk", when={"kind": ["urgent"]})
    assert ranged.desk("clerk").priority == out.desk("clerk").priority


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"desks": ["nope"], "when": {"kind": "urgent"}}, "unknown desk 'nope'"),
        ({"desks": [], "when": {"kind": "urgent"}}, "must list desks"),
        ({"desks": ["clerk", "clerk"], "when": {"kind": "urgent"}}, "listed twice"),
        ({"desks": ["clerk"], "when": {}}, "must map attributes"),
        ({"desks": ["clerk"], "when": {"kind": 3}}, "cannot test an attribute"),
        ({"desks": ["clerk"], "when": {"colour": "red"}}, "unknown attribute 'colour'"),
        ({"desks": ["clerk"], "when": {"kind": {"min": 3, "max": 1}}}, "above max"),
    ],
)
def test_bad_reform_parameters_are_errors(params: dict[str, Any], message: str) -> None:
    with pytest.raises((sim.ScenarioError, ValueError), match=message):
        sim.apply_reform(_cohort(None), "green_channel", **params)


def test_the_class_wait_can_be_split_from_the_case_table() -> None:
    res = sim.run(_cohort({"kind": "urgent"}), replications=3, seed=2)
    steps = res.steps.merge(res.cases[["replication", "case", "kind"]], on=["replication", "case"])
    waits = steps.groupby("kind", observed=True)["wait_working_days"].mean()
    assert waits["urgent"] < waits["normal"]
    assert np.isfinite(waits).all()
