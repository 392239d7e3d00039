"""Reforms for some cases only (``when:`` on a ``reforms:`` entry), hand-worked.

A calendar open every hour of every day and staff enough that nobody queues: a case's
elapsed working days are the sum of the steps it takes. Simple projects and general ones
both pass apply (1 day) and review (3 days); general ones also extra (2 days).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import simulate as sim
from simulate import cli
from simulate.engine.fastpath import fast_path_reason

BODY = """\
name: conditional
start: 2024-03-04
horizon_working_days: 100
calendar: {days: every_day, office_hours: "24h"}
arrivals: {cohort: 400, date: 2024-03-04}
time_limit: {working_days: 4, assumption: "made up"}
desks:
  office: {staff: 10000}
attributes:
  project: {shares: {simple: 0.3, general: 0.7}, assumption: "made up"}
steps:
  - {id: apply, desk: office, duration: {working_days: 1}}
  - {id: review, desk: office, duration: {working_days: 3}}
  - {id: extra, desk: office, duration: {working_days: 2}, when: {project: general}}
flow: [apply, review, extra]
targets:
  - {kind: stage, steps: [review], working_days: 2, assumption: "made up"}
"""


def _load(tmp_path: Path, reforms: str) -> sim.Scenario:
    path = tmp_path / "s.yaml"
    path.write_text(BODY + "reforms:\n" + reforms, "utf-8")
    return sim.load_scenario(path)


def _run(scenario: sim.Scenario) -> sim.Results:
    return sim.run(scenario, replications=2, seed=6, progress=False)


def test_a_changed_step_is_changed_for_the_cases_meeting_the_conditions(tmp_path: Path) -> None:
    scenario = _load(
        tmp_path, "  - cap_duration: {step: review, working_days: 1, when: {project: simple}}\n"
    )
    assert [st.id for st in scenario.steps] == ["apply", "review", "review__cap_duration", "extra"]
    assert fast_path_reason(scenario) is not None
    r = _run(scenario)
    cases = r.cases
    simple = (cases["project"] == "simple").to_numpy()
    # by hand: simple 1 + 1 (the capped review); general 1 + 3 + 2, as before
    np.testing.assert_allclose(cases["elapsed_working_days"], np.where(simple, 2, 6))
    copy = r.steps[r.steps["step"] == "review__cap_duration"]
    keys = set(zip(copy["replication"], copy["case"], strict=True))
    assert keys == set(zip(cases["replication"][simple], cases["case"][simple], strict=True))
    # the stage target on review measures the copy too
    assert scenario.targets[0].steps == ("review", "review__cap_duration")
    assert scenario.reforms[0].params["when"] == {"project": "simple"}


def test_the_other_cases_keep_their_draws(tmp_path: Path) -> None:
    # a random review: general cases draw the same review times with or without the reform
    random = BODY.replace(
        "review, desk: office, duration: {working_days: 3}",
        "review, desk: office, duration: {working_days: {mean: 3}}",
    )
    path = tmp_path / "a.yaml"
    path.write_text(random, "utf-8")
    plain = _run(sim.load_scenario(path)).cases
    path.write_text(
        random + "reforms:\n  - remove_steps: {steps: [review], when: {project: simple}}\n", "utf-8"
    )
    reformed = _run(sim.load_scenario(path)).cases
    general = (plain["project"] == "general").to_numpy()
    np.testing.assert_array_equal(reformed["project"], plain["project"])
    np.testing.assert_allclose(
        reformed["elapsed_working_days"][general], plain["elapsed_working_days"][general]
    )
    # simple cases skip review: apply alone, 1 day
    np.testing.assert_allclose(reformed["elapsed_working_days"][~general], 1.0)


def test_a_whole_case_limit_becomes_a_limit_class(tmp_path: Path) -> None:
    scenario = _load(
        tmp_path,
        "  - commitment_limit: {statutory_working_days: 10, speedup: 0.7, reading: time_cut,"
        " when: {project: simple}}\n",
    )
    assert scenario.time_limit_working_days == 4
    (own,) = scenario.time_limit_by
    assert own.working_days == pytest.approx(3.0)
    assert own.when[0].values == ("simple",)
    cases = _run(scenario).cases
    simple = (cases["project"] == "simple").to_numpy()
    np.testing.assert_allclose(cases["time_limit_working_days"], np.where(simple, 3, 4))
    # counted: simple 3 within 3; general 5 past 4
    np.testing.assert_array_equal(cases["on_time"].to_numpy(dtype=bool), simple)


def test_in_python_too(tmp_path: Path) -> None:
    base = sim.load_scenario(_write(tmp_path))
    out = sim.apply_reform(base, "remove_steps", steps=["extra"], when={"project": "general"})
    cases = _run(out).cases
    np.testing.assert_allclose(cases["elapsed_working_days"], 4.0)


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "base.yaml"
    path.write_text(BODY, "utf-8")
    return path


@pytest.mark.parametrize(
    ("reform", "message"),
    [
        (
            "staffing: {desk: office, staff: 2, when: {project: simple}}",
            r"\[reforms\[0\]\.staffing\.when\] this reform changes desks",
        ),
        (
            "parallel_approval: {steps: [review, extra], when: {project: simple}}",
            r"\[reforms\[0\]\.parallel_approval\.when\] this reform reorganises the flow",
        ),
        (
            "remove_steps: {steps: [extra], when: {colour: red}}",
            r"\[reforms\[0\]\.remove_steps\.when\.colour\] unknown attribute 'colour'",
        ),
        (
            "remove_steps: {steps: [extra], when: [simple]}",
            r"\[reforms\[0\]\.remove_steps\.when\] when needs a mapping",
        ),
        (
            "remove_steps: {steps: [extra], when: {project: {min: 1}}}",
            r"\[reforms\[0\]\.remove_steps\.when\.project\] 'project' is a category",
        ),
    ],
)
def test_what_cannot_apply_to_some_cases_is_a_located_error(
    tmp_path: Path, reform: str, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BODY + f"reforms:\n  - {reform}\n", "utf-8")
    with pytest.raises(sim.ScenarioError, match=message):
        sim.load_scenario(path)
    assert cli.main(["validate", str(path)]) == 2


def test_a_scenario_reformed_for_some_cases_survives_saving(tmp_path: Path) -> None:
    from simulate.io.dump import to_yaml

    scenario = _load(
        tmp_path,
        "  - remove_steps: {steps: [review], when: {project: simple}}\n"
        "  - commitment_limit: {statutory_working_days: 10, speedup: 0.7, reading: time_cut,"
        " when: {project: simple}}\n",
    )
    path = tmp_path / "saved.yaml"
    path.write_text(to_yaml(scenario), "utf-8")
    again = sim.load_scenario(path)
    assert again.flow == scenario.flow
    assert again.time_limit_by == scenario.time_limit_by
    np.testing.assert_allclose(
        _run(again).cases["elapsed_working_days"], _run(scenario).cases["elapsed_working_days"]
    )


def test_same_numbers_serial_and_in_two_processes() -> None:
    root = Path(__file__).resolve().parents[2]
    path = root / "scenarios" / "construction" / "simple_low_risk_exemptions_004.yaml"
    scenario = sim.load_scenario(path)
    serial = sim.run(scenario, replications=2, seed=9, progress=False)
    parallel = sim.run(scenario, replications=2, seed=9, executor="process", jobs=2, progress=False)
    pd.testing.assert_frame_equal(serial.cases, parallel.cases)
    pd.testing.assert_frame_equal(serial.by("project_type"), parallel.by("project_type"))


def test_a_later_reform_of_a_step_with_a_copy_for_some_cases_is_refused(tmp_path: Path) -> None:
    # the cases routed to review__cap_duration would silently miss the second reform
    with pytest.raises(sim.ScenarioError) as caught:
        _load(
            tmp_path,
            "  - cap_duration: {step: review, working_days: 1, when: {project: simple}}\n"
            "  - cap_duration: {step: review, working_days: 2}\n",
        )
    message = str(caught.value)
    assert "[reforms[1].cap_duration]" in message
    assert "review__cap_duration" in message
    assert "before the one with when" in message


def test_a_later_reform_may_change_a_step_some_cases_skip(tmp_path: Path) -> None:
    # skipping is routing without a copy: the others take the changed original
    scenario = _load(
        tmp_path,
        "  - remove_steps: {steps: [extra], when: {project: simple}}\n"
        "  - cap_duration: {step: extra, working_days: 1}\n",
    )
    cases = _run(scenario).cases
    general = (cases["project"] == "general").to_numpy()
    assert np.allclose(cases.loc[general, "elapsed_working_days"], 1 + 3 + 1)
    assert np.allclose(cases.loc[~general, "elapsed_working_days"], 1 + 3)


def test_the_order_the_fix_names_works(tmp_path: Path) -> None:
    scenario = _load(
        tmp_path,
        "  - cap_duration: {step: review, working_days: 2}\n"
        "  - cap_duration: {step: review, working_days: 1, when: {project: simple}}\n",
    )
    cases = _run(scenario).cases
    simple = (cases["project"] == "simple").to_numpy()
    assert np.allclose(cases.loc[simple, "elapsed_working_days"], 1 + 1)
    assert np.allclose(cases.loc[~simple, "elapsed_working_days"], 1 + 2 + 2)


def test_the_report_names_each_reform_and_the_cases_it_is_for(tmp_path: Path) -> None:
    scenario = _load(
        tmp_path, "  - cap_duration: {step: review, working_days: 1, when: {project: simple}}\n"
    )
    r = _run(scenario)
    assert r.meta.reforms == ("cap_duration",)  # the machine keys stay as they were
    label = sim.REFORMS["cap_duration"].label.split(" / ")[0]
    assert f"reforms: {label} (cap_duration; only when project in simple)" in r.report()
