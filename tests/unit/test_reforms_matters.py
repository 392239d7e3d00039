"""一件事一次办 / 一事联办 (one_application) and 一次性告知 (one_time_notice)."""

from __future__ import annotations

from typing import Any

import pytest

import simulate as sim
from simulate.errors import ScenarioError
from simulate.reforms.registry import apply_reform, reform_key
from simulate.scenario.flow import Parallel, Serial, flow_steps

INTAKE = {
    "id": "joint",
    "label": "一事联办专窗",
    "desk": "front",
    "duration": {"working_hours": 0.5},
}


def three_matters(**extra: Any) -> dict[str, Any]:
    """Three matters in a row, each applied for in person with its own documents."""
    step = {"duration": {"working_hours": 0.5}}
    trip = {"natural_hours": 1}
    out: dict[str, Any] = {
        "name": "matters",
        "start": "2024-03-04",
        "horizon_working_days": 20,
        "warmup_working_days": 0,
        "calendar": {"days": "every_day", "office_hours": "24h"},
        "arrivals": {"cohort": 200, "date": "2024-03-04"},
        "desks": {d: {"staff": 50} for d in ("front", "a_desk", "b_desk", "c_desk")},
        "steps": [
            {"id": "a", "desk": "a_desk", "visit": True, "travel": trip, "documents": 4, **step},
            {"id": "b", "desk": "b_desk", "visit": True, "travel": trip, "documents": 3, **step},
            {"id": "c", "desk": "c_desk", "documents": 2, **step},
            {"id": "done", **step},
        ],
        "flow": ["a", "b", "c", "done"],
        "rework": {
            "a": {"p_incomplete": 0.2, "makeup": {"natural_hours": 2}, "max_rounds": 3},
            "b": {"p_incomplete": 0.5, "makeup": {"natural_hours": 6}, "max_rounds": 3},
        },
    }
    out.update(extra)
    return out


@pytest.fixture
def matters() -> sim.Scenario:
    return sim.scenario_from_dict(three_matters())


def run(scenario: sim.Scenario) -> Any:
    return sim.run(scenario, replications=2, seed=3, progress=False).cases


# -- one_application -------------------------------------------------------------------------
def test_chinese_names_lead_to_the_reforms() -> None:
    assert reform_key("一事联办") == "one_application"
    assert reform_key("一件事一次办") == "one_application"
    assert reform_key("一次性告知") == "one_time_notice"


def test_one_application_puts_one_intake_in_front(matters: sim.Scenario) -> None:
    out = apply_reform(matters, "one_application", steps=["a", "b", "c"], intake=INTAKE)
    assert out.flow == Serial(("joint", "a", "b", "c", "done"))
    joint = out.step("joint")
    assert joint.visit
    assert joint.travel == matters.step("a").travel
    assert joint.documents == 4 + 3 + 2
    for x in ("a", "b", "c"):
        s = out.step(x)
        assert (s.visit, s.travel, s.documents) == (False, None, None)
        assert s.desk == matters.step(x).desk
        assert s.duration == matters.step(x).duration
    rework = dict(out.rework)
    assert set(rework) == {"joint"}
    assert rework["joint"].p_incomplete == pytest.approx(1 - 0.8 * 0.5)
    assert rework["joint"].makeup.mean == pytest.approx(6.0)


def test_one_application_gives_the_shared_document_count(matters: sim.Scenario) -> None:
    out = apply_reform(matters, "one_application", steps=["a", "b"], intake=INTAKE, documents=5)
    assert out.step("joint").documents == 5
    assert out.step("c").documents == 2  # not listed: keeps its own


def test_one_application_cuts_the_visits(matters: sim.Scenario) -> None:
    before = run(matters)
    after = run(apply_reform(matters, "one_application", steps=["a", "b", "c"], intake=INTAKE))
    # a visit per step visited, and one more for each send-back there
    assert before["visits"].min() == 2
    assert (after["visits"] == 1 + after["rework_rounds"]).all()
    # before: 2 + 0.248 + 0.875 expected; after: 1 + 0.6 + 0.36 + 0.216 (one joint chance)
    assert after["visits"].mean() == pytest.approx(2.18, abs=0.15)
    assert after["visits"].mean() < before["visits"].mean() - 0.6


def test_one_application_in_front_of_a_parallel() -> None:
    par = apply_reform(
        sim.scenario_from_dict(three_matters()), "parallel_approval", steps=["a", "b", "c"]
    )
    out = apply_reform(par, "one_application", steps=["a", "b"], intake=INTAKE)
    assert out.flow == Serial(("joint", Parallel(("a", "b", "c")), "done"))
    assert list(flow_steps(out.flow)) == ["joint", "a", "b", "c", "done"]


def test_one_application_keeps_an_online_intake_without_a_visit(matters: sim.Scenario) -> None:
    online = {**INTAKE, "visit": False}
    out = apply_reform(matters, "one_application", steps=["a", "b"], intake=online)
    assert not out.step("joint").visit
    assert (run(out)["visits"] == 0).all()


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"steps": ["a"], "intake": INTAKE}, "at least 2"),
        ({"steps": ["c", "done"], "intake": {**INTAKE, "id": "a"}}, "a"),
        ({"steps": ["a", "b"], "intake": {"id": "joint"}}, "duration"),
    ],
)
def test_one_application_errors(matters: sim.Scenario, params: dict[str, Any], words: str) -> None:
    with pytest.raises(ScenarioError, match=words):
        apply_reform(matters, "one_application", **params)


def test_one_application_needs_something_to_join() -> None:
    plain = sim.scenario_from_dict(three_matters(rework={}))
    bare = plain.with_changes(
        steps=tuple(
            s if s.id not in ("a", "b", "c") else s.__class__(id=s.id, duration=s.duration)
            for s in plain.steps
        )
    )
    with pytest.raises(ScenarioError, match="nothing to apply for once"):
        apply_reform(bare, "one_application", steps=["a", "b"], intake=INTAKE)


# -- one_time_notice -------------------------------------------------------------------------
def test_one_time_notice_caps_the_send_backs(matters: sim.Scenario) -> None:
    out = apply_reform(matters, "one_time_notice", steps=["b"])
    assert dict(out.rework)["b"].max_rounds == 1
    assert dict(out.rework)["a"].max_rounds == 3  # not listed
    assert dict(out.rework)["b"].p_incomplete == 0.5  # the first send-back stays as likely


def test_one_time_notice_leaves_one_round_at_most() -> None:
    only_b = three_matters()
    only_b["rework"] = {"b": only_b["rework"]["b"]}
    matters = sim.scenario_from_dict(only_b)
    before = run(matters)
    after = run(apply_reform(matters, "one_time_notice", steps=["b"]))
    # up to 3 rounds before (mean 0.5 + 0.25 + 0.125 = 0.875); at most one after (mean 0.5)
    assert before["rework_rounds"].max() == 3
    assert after["rework_rounds"].max() == 1
    assert before["rework_rounds"].mean() == pytest.approx(0.875, abs=0.1)
    assert after["rework_rounds"].mean() == pytest.approx(0.5, abs=0.08)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"steps": ["c"]}, "no rework"),
        ({"steps": ["b"], "max_rounds": 3}, "already allows at most 3"),
        ({"steps": ["b"], "max_rounds": 0}, "max_rounds"),
        ({"steps": ["b"], "max_rounds": 1.5}, "whole number"),
    ],
)
def test_one_time_notice_errors(matters: sim.Scenario, params: dict[str, Any], words: str) -> None:
    with pytest.raises(ScenarioError, match=words):
        apply_reform(matters, "one_time_notice", **params)
