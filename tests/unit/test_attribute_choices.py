"""Choices by case attributes (``when:`` on a choice's options), with hand-worked expectations.

The scenarios run on a calendar open every hour of every day with staff enough that nobody
queues, so each case's elapsed time follows from the option it took: the expectations are
worked out from the attributes drawn in the cases table.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import simulate as sim
from simulate import cli
from simulate.io.dump import to_yaml
from simulate.offered_load import visits_per_case
from simulate.scenario.attributes import Attribute, Channels, Condition
from simulate.scenario.flow import Choice, choice_shares, flow_text

HEAD = """\
name: choices
start: 2024-03-04
horizon_working_days: 200
calendar: {days: every_day, office_hours: "24h"}
arrivals: {cohort: 600, date: 2024-03-04}
desks:
  office: {staff: 10000}
attributes:
  project: {shares: {simple: 0.3, small: 0.2, general: 0.5}, assumption: "made up"}
  capacity_kva: {distribution: {values: [100, 200, 300, 400]}, assumption: "made up"}
steps:
  - {id: apply, desk: office, duration: {working_days: 1}}
  - {id: quick, desk: office, duration: {working_days: 2}}
  - {id: full, desk: office, duration: {working_days: 5}}
  - {id: expert, desk: office, duration: {working_days: 10}}
"""

# simple projects: quick (2); 200 kVA or less (not simple): full (5); the rest: 60% full, 40%
# expert (10)
FLOW = """\
flow:
  - apply
  - choice:
      - {when: {project: simple}, do: quick}
      - {when: {capacity_kva: {max: 200}}, do: full}
      - {p: 0.4, do: expert}
      - {p: 0.6, do: []}
    key: route
"""


def _load(tmp_path: Path, body: str) -> sim.Scenario:
    path = tmp_path / "s.yaml"
    path.write_text(HEAD + body, "utf-8")
    return sim.load_scenario(path)


def _run(scenario: sim.Scenario) -> sim.Results:
    return sim.run(scenario, replications=2, seed=5, progress=False)


def test_the_first_option_whose_conditions_hold_is_taken(tmp_path: Path) -> None:
    r = _run(_load(tmp_path, FLOW))
    cases = r.cases
    simple = (cases["project"] == "simple").to_numpy()
    small = cases["capacity_kva"].to_numpy() <= 200
    rest = ~simple & ~small
    elapsed = cases["elapsed_working_days"].to_numpy()
    # by hand: apply 1, then quick 2 (simple, whatever the capacity), full 5 (not simple, at
    # most 200 kVA), else expert 10 or nothing
    np.testing.assert_allclose(elapsed[simple], 3)
    np.testing.assert_allclose(elapsed[~simple & small], 1 + 5)
    assert set(np.round(elapsed[rest], 9)) == {1.0, 11.0}
    # the rest draw by chance among the options without conditions: 40% expert
    expert = (elapsed[rest] > 10).mean()
    n = int(rest.sum())
    assert abs(expert - 0.4) < 4 * np.sqrt(0.4 * 0.6 / n)
    # the steps table agrees: quick is done by simple cases only
    quick = r.steps[r.steps["step"] == "quick"]
    keys = set(zip(quick["replication"], quick["case"], strict=True))
    assert keys == set(zip(cases["replication"][simple], cases["case"][simple], strict=True))


def test_shares_of_a_choice_by_attributes_are_worked_out_from_the_declared_ones(
    tmp_path: Path,
) -> None:
    scenario = _load(tmp_path, FLOW)
    choice = scenario.flow.items[1]
    assert isinstance(choice, Choice)
    shares = choice_shares(choice, scenario.attributes, scenario.channels)
    # simple 0.3; not simple and <= 200 kVA: 0.7 x 0.5; the rest 0.35 split 40/60
    assert shares[0] == pytest.approx(0.3)
    assert shares[1] == pytest.approx(0.35, abs=0.005)  # estimated from draws of the number
    assert shares[2] == pytest.approx(0.4 * 0.35, abs=0.005)
    assert sum(shares) == pytest.approx(1.0)
    passes = visits_per_case(scenario)
    assert passes["quick"] == pytest.approx(0.3)
    assert passes["expert"] == pytest.approx(0.14, abs=0.005)
    assert "project in simple" in flow_text(scenario.flow)


def test_category_shares_are_exact() -> None:
    a = Attribute(name="kind", shares=(("a", 0.2), ("b", 0.3), ("c", 0.5)))
    b = Attribute(name="big", shares=(("no", 0.6), ("yes", 0.4)))
    online = Channels(online_share=0.25)
    c = Condition
    choice = Choice(
        ((0.0, "x"), (0.0, "y"), (1.0, "z")),
        when=(
            (c(attribute="kind", values=("a", "b")), c(attribute="big", values=("yes",))),
            (c(attribute="channel", values=("online",)),),
            (),
        ),
    )
    shares = choice_shares(choice, (a, b), online)
    # (a or b) and big: 0.5 x 0.4 = 0.2; of the other 0.8, online: 0.8 x 0.25 = 0.2
    assert shares == pytest.approx((0.2, 0.2, 0.6), abs=1e-12)


def test_a_choice_without_conditions_draws_as_before(tmp_path: Path) -> None:
    # the same choice written by chance only, and with a condition no case meets: the draws of
    # the options by chance are the same, case by case
    by_chance = FLOW.replace("{when: {project: simple}, do: quick}", "{p: 0, do: quick}")
    by_chance = by_chance.replace(
        "{when: {capacity_kva: {max: 200}}, do: full}", "{p: 0, do: full}"
    )
    never = FLOW.replace("{max: 200}", "{max: 50}").replace("project: simple", "project: []")
    never = never.replace("{when: {project: []}, do: quick}", "{p: 0, do: quick}")
    a = _run(_load(tmp_path, by_chance)).cases["elapsed_working_days"].to_numpy()
    b = _run(_load(tmp_path, never)).cases["elapsed_working_days"].to_numpy()
    np.testing.assert_array_equal(a, b)


def test_a_choice_by_attributes_is_refused_by_the_fast_path(tmp_path: Path) -> None:
    from simulate.engine.fastpath import fast_path_reason

    scenario = _load(tmp_path, FLOW)
    assert fast_path_reason(scenario) is not None


def test_the_choice_survives_saving(tmp_path: Path) -> None:
    scenario = _load(tmp_path, FLOW)
    path = tmp_path / "saved.yaml"
    path.write_text(to_yaml(scenario), "utf-8")
    again = sim.load_scenario(path)
    assert again.flow == scenario.flow
    assert again.digest() == scenario.digest()


def test_a_single_rest_option_may_omit_p(tmp_path: Path) -> None:
    flow = "flow:\n  - apply\n  - choice: [{when: {project: simple}, do: quick}, {do: [full, expert]}]\n"
    cases = _run(_load(tmp_path, flow)).cases
    simple = (cases["project"] == "simple").to_numpy()
    # by hand: apply 1, then quick 2 or full 5 and expert 10
    np.testing.assert_allclose(cases["elapsed_working_days"], np.where(simple, 3, 16))


@pytest.mark.parametrize(
    ("flow", "message"),
    [
        (
            "[{when: {project: simple}, p: 0.5, do: quick}, {do: full}]",
            r"\[flow\[0\]\.choice\[0\]\.p\] an option is taken by its conditions",
        ),
        (
            "[{when: {project: simple}, do: quick}, {when: {project: general}, do: full}]",
            r"\[flow\[0\]\.choice\] cases that meet no condition need an option",
        ),
        (
            "[{when: {colour: red}, do: quick}, {do: full}]",
            r"\[flow\[0\]\.choice\[0\]\.when\.colour\] unknown attribute 'colour'",
        ),
        (
            "[{when: {project: tiny}, do: quick}, {do: full}]",
            r"\[flow\[0\]\.choice\[0\]\.when\.project\] 'project' has no value 'tiny'",
        ),
        (
            "[{when: {project: simple}, do: quick}, {do: full}, {do: expert}]",
            r"\[flow\[0\]\.choice\[1\]\] each option needs exactly p and do",
        ),
        (
            "[{when: {project: simple}, do: quick}, {p: 0.5, do: full}]",
            r"\[flow\[0\]\.choice\] probabilities must sum to 1",
        ),
    ],
)
def test_bad_choices_are_located_errors(tmp_path: Path, flow: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + f"flow:\n  - choice: {flow}\n", "utf-8")
    with pytest.raises(sim.ScenarioError, match=message):
        sim.load_scenario(path)
    assert cli.main(["validate", str(path)]) == 2


def test_a_choice_on_the_channel_without_a_channel_mix(tmp_path: Path) -> None:
    # no attributes and no channel mix: every case is in person, so it takes the rest; the
    # fast path, which implements no choice by attributes, still refuses the scenario
    head = HEAD.split("attributes:")[0] + "steps:" + HEAD.split("steps:")[1]
    path = tmp_path / "s.yaml"
    flow = "flow:\n  - apply\n  - choice: [{when: {channel: online}, do: quick}, {do: [full, expert]}]\n"
    path.write_text(head + flow, "utf-8")
    scenario = sim.load_scenario(path)
    from simulate.engine.fastpath import fast_path_reason

    assert "when:" in (fast_path_reason(scenario) or "")
    cases = _run(scenario).cases
    np.testing.assert_allclose(cases["elapsed_working_days"], 16.0)


def test_a_case_routed_by_its_attributes_goes_on_after_the_choice(tmp_path: Path) -> None:
    # apply's documents are always incomplete and made up alongside (容缺) in 5 days, due
    # before the case ends; a simple project takes quick (2), a general one expert (10), a
    # small one nothing; then every case takes full (5). By hand: simple max(1 + 2 + 5, 1 + 5)
    # = 8 (waiting for the make-up at the end of the choice would give 1 + 5 + 5 = 11);
    # general 1 + 10 + 5 = 16; small max(1 + 5, 1 + 5) = 6.
    body = """\
flow:
  - apply
  - choice:
      - {when: {project: simple}, do: quick}
      - {when: {project: general}, do: expert}
      - {do: []}
    key: route
  - full
rework:
  apply: {p_incomplete: 1.0, makeup: {working_days: 5}, alongside: true, assumption: "made up"}
"""
    scenario = _load(tmp_path, body)
    cases = _run(scenario).cases
    simple = (cases["project"] == "simple").to_numpy()
    elapsed = cases["elapsed_working_days"].to_numpy()
    general = (cases["project"] == "general").to_numpy()
    np.testing.assert_allclose(elapsed[simple], 1 + 2 + 5)
    np.testing.assert_allclose(elapsed[general], 1 + 10 + 5)
    np.testing.assert_allclose(elapsed[~simple & ~general], 1 + 5)
    # a desk sees the work once per case: full is done by every case, once
    steps = _run(scenario).steps
    assert (steps["step"] == "full").sum() == len(cases)
