"""Whole-case limits per class of cases (``time_limit: {by: [...]}``), hand-worked.

A calendar open every hour of every day and staff enough that nobody queues: a cohort
submitted at 00:00 is accepted that day, so its counted days are its elapsed days less one.
Simple projects take 1 + 3 = 4 days (counted 3), general ones 1 + 3 + 2 = 6 (counted 5).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import simulate as sim
from simulate import cli
from simulate.io.dump import to_yaml
from simulate.plotting import plot_elapsed

BODY = """\
name: classes
start: 2024-03-04
horizon_working_days: 100
calendar: {days: every_day, office_hours: "24h"}
arrivals: {cohort: 500, date: 2024-03-04}
desks:
  office: {staff: 10000}
attributes:
  project: {shares: {simple: 0.3, general: 0.7}, assumption: "made up"}
steps:
  - {id: apply, desk: office, duration: {working_days: 1}}
  - {id: review, desk: office, duration: {working_days: 3}}
  - {id: extra, desk: office, duration: {working_days: 2}, when: {project: general}}
flow: [apply, review, extra]
"""

# simple: 3 counted days within its class's 3; general: 5 counted days past the other 4
LIMIT = """\
time_limit:
  working_days: 4
  assumption: "made up"
  by:
    - {when: {project: simple}, working_days: 3, assumption: "made up"}
"""


def _load(tmp_path: Path, limit: str = LIMIT) -> sim.Scenario:
    path = tmp_path / "s.yaml"
    path.write_text(BODY + limit, "utf-8")
    return sim.load_scenario(path)


def _run(scenario: sim.Scenario) -> sim.Results:
    return sim.run(scenario, replications=2, seed=4, progress=False)


def test_each_case_is_judged_against_its_own_class(tmp_path: Path) -> None:
    r = _run(_load(tmp_path))
    cases = r.cases
    simple = (cases["project"] == "simple").to_numpy()
    np.testing.assert_allclose(cases["counted_working_days"], np.where(simple, 3, 5))
    np.testing.assert_allclose(cases["time_limit_working_days"], np.where(simple, 3, 4))
    np.testing.assert_array_equal(cases["on_time"].to_numpy(dtype=bool), simple)
    # the on-time share is the share of simple projects, replication by replication
    by_rep = cases.assign(s=simple).groupby("replication")["s"].mean().mean()
    summary = r.summary()
    assert summary.loc["on_time_rate", "value"] == pytest.approx(by_rep)
    assert 0.2 < by_rep < 0.4
    verdict = r.verdicts()[0]
    assert verdict.metric == "on_time_rate"
    assert not verdict.met
    statement = r.verdicts()[0].statement
    assert "within the limit of their class" in statement
    assert "3 working days where project in simple; 4 otherwise" in statement
    assert "time limits by class: 3 working days where project in simple" in r.report()


def test_without_classes_the_same_cases_are_late(tmp_path: Path) -> None:
    # one limit of 4 for every case: simple (3) on time, general (5) late: the same verdict
    # here, but a limit of 3 for every case with a class of 5 for general flips it
    flipped = LIMIT.replace("working_days: 4", "working_days: 3").replace(
        "{when: {project: simple}, working_days: 3", "{when: {project: general}, working_days: 5"
    )
    r = _run(_load(tmp_path, flipped))
    assert r.cases["on_time"].all()
    assert r.summary().loc["on_time_rate", "value"] == pytest.approx(1.0)
    plain = _run(_load(tmp_path, "time_limit: {working_days: 3, assumption: made up}\n"))
    assert "time_limit_working_days" not in plain.cases
    simple = (plain.cases["project"] == "simple").to_numpy()
    np.testing.assert_array_equal(plain.cases["on_time"].to_numpy(dtype=bool), simple)


def test_a_class_limit_in_hours_counts_office_time(tmp_path: Path) -> None:
    # general projects get 132 hours (5.5 days of 24 h), counted in office hours from
    # submission: elapsed 6 days > 5.5, late; simple ones keep the default 4 days, on time
    limit = (
        "time_limit:\n  working_days: 4\n  by: [{when: {project: general}, working_hours: 132}]\n"
    )
    cases = _run(_load(tmp_path, limit)).cases
    simple = (cases["project"] == "simple").to_numpy()
    np.testing.assert_allclose(cases["counted_working_days"], np.where(simple, 3, 6))
    np.testing.assert_array_equal(cases["on_time"].to_numpy(dtype=bool), simple)


def test_a_comparison_counts_every_run_against_the_reference_classes(tmp_path: Path) -> None:
    scenario = _load(tmp_path)
    faster = sim.apply_reform(scenario, "remove_steps", steps=["extra"])
    comparison = sim.compare([scenario, faster], replications=2, seed=4, progress=False)
    table = comparison.table()
    on_time = table[table["metric"] == "on_time_rate"]["value"].to_numpy()
    # the reform: general 1 + 3 = 4 days, counted 3, within its 4: every case on time
    assert on_time[1] == pytest.approx(1.0)
    assert on_time[0] < 0.4
    assert "limits per class" in comparison.metric_label("on_time_rate")
    own = comparison.own_targets()[0][1]
    assert "own limit 4 working days (by class: 3 working days where project in simple" in own


def test_the_chart_draws_one_line_per_class(tmp_path: Path) -> None:
    r = _run(_load(tmp_path))
    ax = plot_elapsed(r)
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert sorted(line.get_xdata()[0] for line in dashed) == [3, 4]


def test_classes_survive_saving_and_show_in_a_diff(tmp_path: Path) -> None:
    scenario = _load(tmp_path)
    path = tmp_path / "saved.yaml"
    path.write_text(to_yaml(scenario), "utf-8")
    again = sim.load_scenario(path)
    assert again.time_limit_by == scenario.time_limit_by
    assert again.digest() == scenario.digest()
    plain = _load(tmp_path, "time_limit: {working_days: 4}\n")
    changes = sim.diff_scenarios(plain, scenario).changes
    assert any(c.kind == "time limit" and c.subject == "by class" for c in changes)


@pytest.mark.parametrize(
    ("limit", "message"),
    [
        (
            "time_limit: {working_days: 4, statistic: mean, by: [{when: {project: simple}, working_days: 3}]}\n",
            r"\[time_limit\.by\] limits per class are limits per case",
        ),
        (
            "time_limit: {working_days: 4, by: [{when: {colour: red}, working_days: 3}]}\n",
            r"\[time_limit\.by\[0\]\.when\.colour\] unknown attribute 'colour'",
        ),
        (
            "time_limit: {working_days: 4, by: [{working_days: 3}]}\n",
            r"\[time_limit\.by\[0\]\] .*when",
        ),
        (
            "time_limit: {working_days: 4, by: [{when: {project: simple}}]}\n",
            r"\[time_limit\.by\[0\]\] .*working_days, working_hours",
        ),
        (
            "time_limit: {working_days: 4, by: [{when: {project: simple}, working_days: -1}]}\n",
            r"\[time_limit\.by\[0\]\.working_days\]",
        ),
        ("time_limit: {working_days: 4, by: 3}\n", r"\[time_limit\.by\]"),
    ],
)
def test_bad_classes_are_located_errors(tmp_path: Path, limit: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BODY + limit, "utf-8")
    with pytest.raises(sim.ScenarioError, match=message):
        sim.load_scenario(path)
    assert cli.main(["validate", str(path)]) == 2
