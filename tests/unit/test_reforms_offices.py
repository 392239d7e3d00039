"""水电气网联合报装 (joint_connection) and 前台综合受理、后台分类审批 (front_back_office)."""

from __future__ import annotations

from typing import Any

import pytest

import simulate as sim
from simulate.errors import ScenarioError
from simulate.reforms.registry import apply_reform, reform_key
from simulate.scenario.flow import Parallel, Serial

INTAKE = {
    "id": "joint",
    "label": "水电气网联合报装窗口",
    "desk": "joint_window",
    "duration": {"working_hours": 0.5},
}


def utilities(**extra: Any) -> dict[str, Any]:
    """Water, power and gas applied for separately, each at its own counter, in parallel."""
    trip = {"natural_hours": 1}
    hour = {"working_hours": 0.5}
    out: dict[str, Any] = {
        "name": "utilities",
        "start": "2024-03-04",
        "horizon_working_days": 20,
        "warmup_working_days": 0,
        "calendar": {"days": "every_day", "office_hours": "24h"},
        "arrivals": {"cohort": 200, "date": "2024-03-04"},
        "desks": {d: {"staff": 50} for d in ("joint_window", "water", "power", "gas", "field")},
        "steps": [
            {
                "id": "w_apply",
                "desk": "water",
                "visit": True,
                "travel": trip,
                "documents": 4,
                "duration": hour,
            },
            {
                "id": "p_apply",
                "desk": "power",
                "visit": True,
                "travel": trip,
                "documents": 3,
                "duration": hour,
            },
            {
                "id": "g_apply",
                "desk": "gas",
                "visit": True,
                "travel": trip,
                "documents": 5,
                "duration": hour,
            },
            {"id": "w_connect", "desk": "field", "duration": hour},
            {"id": "p_connect", "desk": "field", "duration": hour},
            {"id": "g_connect", "desk": "field", "duration": hour},
        ],
        "flow": [
            {
                "parallel": [
                    ["w_apply", "w_connect"],
                    ["p_apply", "p_connect"],
                    ["g_apply", "g_connect"],
                ]
            }
        ],
        "rework": {
            "w_apply": {"p_incomplete": 0.2, "makeup": {"natural_hours": 2}, "max_rounds": 1},
            "g_apply": {"p_incomplete": 0.5, "makeup": {"natural_hours": 6}, "max_rounds": 1},
        },
    }
    out.update(extra)
    return out


def run(scenario: sim.Scenario) -> Any:
    return sim.run(scenario, replications=2, seed=3, progress=False)


# -- joint_connection -------------------------------------------------------------------------
def test_chinese_names_lead_to_the_new_reforms() -> None:
    assert reform_key("水电气网联合报装") == "joint_connection"
    assert reform_key("前台综合受理、后台分类审批") == "front_back_office"
    assert reform_key("一窗通办") == "front_back_office"
    assert reform_key("免证办") == "fewer_documents"


def test_joint_connection_puts_one_intake_in_front_of_the_utilities() -> None:
    base = sim.scenario_from_dict(utilities())
    out = apply_reform(
        base,
        "joint_connection",
        steps=["w_apply", "p_apply", "g_apply"],
        intake=INTAKE,
        shared_documents=2,
    )
    branches = (
        Serial(("w_apply", "w_connect")),
        Serial(("p_apply", "p_connect")),
        Serial(("g_apply", "g_connect")),
    )
    assert out.flow == Serial(("joint", Parallel(branches)))
    # one form: 4 + 3 + 5 documents, the 2 every utility asks for handed in once: 12 - 2 * 2
    assert out.step("joint").documents == 8
    assert out.step("joint").visit
    for x in ("w_apply", "p_apply", "g_apply"):
        s = out.step(x)
        assert (s.visit, s.documents, s.desk) == (False, None, base.step(x).desk)
        assert not s.procedure  # the applicant's one procedure is the joint intake
    assert out.step("w_connect").procedure
    rework = dict(out.rework)
    assert set(rework) == {"joint"}
    assert rework["joint"].p_incomplete == pytest.approx(1 - 0.8 * 0.5)


def test_joint_connection_without_shared_documents_sums_them() -> None:
    base = sim.scenario_from_dict(utilities())
    out = apply_reform(base, "joint_connection", steps=["w_apply", "g_apply"], intake=INTAKE)
    assert out.step("joint").documents == 4 + 5
    assert out.step("p_apply").visit  # not listed: still applied for at its own counter


def test_joint_connection_cuts_the_visits_to_one() -> None:
    base = sim.scenario_from_dict(utilities())
    before = run(base).cases
    out = apply_reform(
        base, "joint_connection", steps=["w_apply", "p_apply", "g_apply"], intake=INTAKE
    )
    after = run(out).cases
    # three counters, each visited once more per send-back: 3 + 0.2 + 0.5 expected
    assert before["visits"].min() == 3
    assert before["visits"].mean() == pytest.approx(3.7, abs=0.1)
    # one counter, one joint chance 0.6 of a send-back (max_rounds 1): 1.6 expected
    assert (after["visits"] == 1 + after["rework_rounds"]).all()
    assert after["visits"].mean() == pytest.approx(1.6, abs=0.1)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"steps": ["w_apply"], "intake": INTAKE}, "at least 2"),
        ({"steps": ["w_apply", "p_apply"], "intake": INTAKE, "shared_documents": 4}, "at most 3"),
        ({"steps": ["w_apply", "p_apply"], "intake": INTAKE, "shared_documents": 1.5}, "whole"),
        (
            {"steps": ["w_apply", "w_connect"], "intake": INTAKE, "shared_documents": 1},
            "fewer than two",
        ),
        ({"steps": ["w_apply", "p_apply"], "intake": {"id": "joint"}}, "duration"),
    ],
)
def test_joint_connection_errors(params: dict[str, Any], words: str) -> None:
    with pytest.raises(ScenarioError, match=words):
        apply_reform(sim.scenario_from_dict(utilities()), "joint_connection", **params)


# -- front_back_office ------------------------------------------------------------------------
def departments() -> sim.Scenario:
    """Two departments, each with one window that takes intakes and approves: half the cases each."""
    hour = {"working_hours": 1}
    return sim.scenario_from_dict(
        {
            "name": "departments",
            "start": "2024-03-04",
            "horizon_working_days": 20,
            "warmup_working_days": 0,
            "calendar": {"days": "every_day", "office_hours": "24h"},
            "arrivals": {"cohort": 100, "date": "2024-03-04"},
            "desks": {"a_desk": {"staff": 2}, "b_desk": {"staff": 3}, "issue_desk": {"staff": 1}},
            "steps": [
                {"id": "a_intake", "desk": "a_desk", "visit": True, "duration": hour},
                {"id": "a_review", "desk": "a_desk", "duration": {"working_hours": 2}},
                {"id": "b_intake", "desk": "b_desk", "visit": True, "duration": hour},
                {"id": "b_review", "desk": "b_desk", "duration": {"working_hours": 2}},
                {"id": "hand_out", "desk": "issue_desk", "duration": {"working_hours": 0.1}},
            ],
            "flow": [
                {
                    "choice": [
                        {"p": 0.5, "do": ["a_intake", "a_review"]},
                        {"p": 0.5, "do": ["b_intake", "b_review"]},
                    ],
                    "key": "department",
                },
                "hand_out",
            ],
        }
    )


def test_front_back_office_moves_only_the_intakes() -> None:
    base = departments()
    out = apply_reform(
        base, "front_back_office", steps=["a_intake", "b_intake"], into="front", staff=4
    )
    assert [d.id for d in out.desks] == ["front", "a_desk", "b_desk", "issue_desk"]
    assert out.desk("front").staff == 4
    assert out.desk("front").label == "综合受理窗口"
    assert out.step("a_intake").desk == out.step("b_intake").desk == "front"
    # the back offices keep their approvals, staff and hours
    for desk in ("a_desk", "b_desk", "issue_desk"):
        assert out.desk(desk) == base.desk(desk)
    assert out.step("a_review") == base.step("a_review")
    assert out.step("b_review") == base.step("b_review")
    assert out.flow == base.flow


def test_front_back_office_differs_from_single_window() -> None:
    base = departments()
    front = apply_reform(
        base, "front_back_office", steps=["a_intake", "b_intake"], into="front", staff=4
    )
    pooled = apply_reform(base, "single_window", desks=["a_desk", "b_desk"], into="front")
    # single_window pools whole desks: the approvals move into the pool too
    assert pooled.step("a_review").desk == "front"
    assert "a_desk" not in {d.id for d in pooled.desks}
    assert front.step("a_review").desk == "a_desk"
    served_front = run(front).desks.groupby("desk")["served"].sum()
    served_pooled = run(pooled).desks.groupby("desk")["served"].sum()
    # 2 replications x 100 cases: every case passes one intake and one approval
    assert served_front["front"] == 200
    assert served_pooled["front"] == 400
    assert served_front["a_desk"] + served_front["b_desk"] == 200


def test_front_back_office_removes_a_desk_left_without_work() -> None:
    base = departments()
    out = apply_reform(
        base,
        "front_back_office",
        steps=["a_intake", "hand_out"],
        into="front",
        staff=2,
        hours=["09:00-17:00"],
    )
    assert "issue_desk" not in {d.id for d in out.desks}
    assert out.step("hand_out").desk == "front"
    assert out.desk("front").hours is not None
    assert out.desk("front").hours.hours_per_day == pytest.approx(8.0)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"steps": ["a_intake", "a_review"], "into": "front", "staff": 2}, "nothing to pool"),
        ({"steps": ["a_intake", "b_intake"], "into": "a_desk", "staff": 2}, "a_desk"),
        ({"steps": ["a_intake", "b_intake"], "into": "front", "staff": 0}, "staff"),
        ({"steps": ["a_intake", "b_intake"], "into": "front", "staff": 2.5}, "whole"),
        ({"steps": ["a_intake", "b_intake"], "into": "front"}, "missing parameter 'staff'"),
        (
            {"steps": ["a_intake", "b_intake"], "into": "front", "staff": 2, "hours": "late"},
            "hours",
        ),
    ],
)
def test_front_back_office_errors(params: dict[str, Any], words: str) -> None:
    with pytest.raises(ScenarioError, match=words):
        apply_reform(departments(), "front_back_office", **params)


def test_front_back_office_needs_desks() -> None:
    data = utilities()
    data["steps"][0] = {"id": "w_apply", "duration": {"working_hours": 1}}
    with pytest.raises(ScenarioError, match="no desk"):
        apply_reform(
            sim.scenario_from_dict(data),
            "front_back_office",
            steps=["w_apply", "p_apply"],
            into="front",
            staff=2,
        )
