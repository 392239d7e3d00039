"""Targets of every kind, case attributes and the channel mix, with hand-worked expectations.

The scenarios run on a calendar open every hour of every day and with staff enough that
nobody queues, so each case's path follows from its attributes alone: the expectations are
worked out from the drawn attributes in the cases table, not from the measures under test.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import simulate as sim
from simulate import cli
from simulate.io.dump import to_yaml

HEAD = """\
name: targets
start: 2024-03-04
horizon_working_days: 60
calendar: {days: every_day, office_hours: "24h"}
arrivals: {cohort: 400, date: 2024-03-04}
desks:
  counter: {staff: 1000}
  office: {staff: 1000}
"""

# apply (1 day, a visit, 3 documents) for every case; review (2 days, a staffed step that is
# not a procedure) only up to 160 kVA; issue (1 day, a visit, 2 documents, 50 yuan) only for
# general projects; wait (1 day, no desk) for every case
BODY = """\
attributes:
  capacity_kva: {distribution: {values: [100, 200]}, assumption: "half small, half large"}
  project: {shares: {simple: 0.4, general: 0.6}, assumption: "two in five simple"}
steps:
  - {id: apply, desk: counter, visit: true, documents: 3, duration: {working_days: 1}}
  - {id: review, desk: office, procedure: false, duration: {working_days: 2},
     when: {capacity_kva: {max: 160}}}
  - {id: wait, duration: {working_days: 1}}
  - {id: issue, desk: counter, visit: true, documents: 2, fee: 50,
     duration: {working_days: 1}, when: {project: general}}
flow: [apply, review, wait, issue]
"""


def _scenario(tmp_path: Path, targets: str = "", extra: str = "") -> sim.Scenario:
    path = tmp_path / "s.yaml"
    path.write_text(HEAD + BODY + extra + (f"targets:\n{targets}" if targets else ""), "utf-8")
    return sim.load_scenario(path)


def _run(scenario: sim.Scenario) -> sim.Results:
    return sim.run(scenario, replications=2, seed=3, progress=False)


def _verdict(results: sim.Results, index: int) -> sim.Verdict:
    own = [v for v in results.verdicts() if v.metric.startswith(f"target_{index + 1}_")]
    assert len(own) == 1
    return own[0]


def test_an_attribute_dependent_step_runs_only_for_the_cases_it_applies_to(
    tmp_path: Path,
) -> None:
    r = _run(_scenario(tmp_path))
    cases = r.cases
    small = cases["capacity_kva"].to_numpy() <= 160
    general = (cases["project"] == "general").to_numpy()
    assert set(cases["capacity_kva"]) == {100.0, 200.0}
    assert 0.3 < general.mean() < 0.9
    assert 0.2 < small.mean() < 0.8
    # by hand: apply 1 + review 2 (small only) + wait 1 + issue 1 (general only)
    expected = 1 + 2 * small + 1 + 1 * general
    np.testing.assert_allclose(cases["elapsed_working_days"], expected)
    np.testing.assert_array_equal(cases["visits"], 1 + general)
    reviewed = r.steps[r.steps["step"] == "review"]
    keys = set(zip(reviewed["replication"], reviewed["case"], strict=True))
    assert keys == set(zip(cases["replication"][small], cases["case"][small], strict=True))
    # results split by attribute: a column of the case table
    by = cases.groupby("project", observed=True)["visits"].mean()
    assert by["simple"] == 1
    assert by["general"] == 2


def test_time_targets_met_and_missed(tmp_path: Path) -> None:
    targets = """\
  - {kind: time, working_days: 4, label: 四日办结, source: "000_f80ffa6c48ad881a.txt#L28"}
  - {kind: time, working_days: 3, share: 0.95}
  - {kind: time, working_days: 2.5, statistic: mean}
"""
    r = _run(_scenario(tmp_path, targets))
    cases = r.cases
    # counted from the close of the acceptance day: elapsed less the first day
    counted = cases["elapsed_working_days"] - 1
    np.testing.assert_allclose(cases["counted_working_days"], counted)
    four, three, mean = (_verdict(r, i) for i in range(3))
    assert four.met
    assert four.value == pytest.approx(1.0)
    assert "四日办结 (000_f80ffa6c48ad881a.txt#L28)" in four.statement
    by_rep = cases.assign(ok=counted <= 3).groupby("replication")["ok"].mean().mean()
    assert three.value == pytest.approx(by_rep)
    assert not three.met
    by_rep_mean = cases.assign(c=counted).groupby("replication")["c"].mean().mean()
    assert mean.value == pytest.approx(by_rep_mean)
    assert mean.met == (by_rep_mean <= 2.5)


def test_count_targets_met_and_missed(tmp_path: Path) -> None:
    targets = """\
  - {kind: steps, max: 2, label: 环节不超过2个}
  - {kind: steps, max: 1}
  - {kind: visits, max: 1, label: 最多跑一次}
  - {kind: visits, mean: 2}
  - {kind: documents, max: 3, when: {project: simple}}
  - {kind: documents, max: 4}
  - {kind: fees, max: 0, label: 零收费}
  - {kind: fees, mean: 50}
"""
    r = _run(_scenario(tmp_path, targets))
    simple_share = (
        r.cases.assign(s=r.cases["project"] == "simple").groupby("replication")["s"].mean().mean()
    )
    # steps: apply, and issue for general projects (review is no procedure, wait has no desk)
    steps2, steps1 = _verdict(r, 0), _verdict(r, 1)
    assert steps2.met
    assert steps2.value == 1.0
    assert not steps1.met
    assert steps1.value == pytest.approx(simple_share)
    # visits: apply, and issue for general projects
    once, mean_visits = _verdict(r, 2), _verdict(r, 3)
    assert not once.met
    assert once.value == pytest.approx(simple_share)
    assert "最多跑一次" in once.statement
    assert mean_visits.met
    assert mean_visits.value == pytest.approx(2 - simple_share)
    # documents: 3 at apply, 2 more at issue for general projects
    docs_simple, docs_all = _verdict(r, 4), _verdict(r, 5)
    assert docs_simple.met
    assert docs_simple.value == 1.0
    assert not docs_all.met
    assert docs_all.value == pytest.approx(simple_share)
    # fees: 50 at issue for general projects
    zero, mean_fee = _verdict(r, 6), _verdict(r, 7)
    assert not zero.met
    assert zero.value == pytest.approx(simple_share)
    assert mean_fee.met
    assert mean_fee.value == pytest.approx(50 * (1 - simple_share))
    # the summary carries each target's metric with its interval
    row = r.summary().loc[docs_all.metric]
    assert row["unit"] == "share"
    assert row["ci_low"] <= row["value"] <= row["ci_high"]


def test_fewer_documents_meets_the_documents_target(tmp_path: Path) -> None:
    targets = '  - {kind: documents, max: 4, source: "000_f80ffa6c48ad881a.txt#L27"}\n'
    base = _scenario(tmp_path, targets)
    cut = sim.apply_reform(base, "fewer_documents", steps=["issue"], cut=0.5)
    assert cut.step("issue").documents == 1  # round(2 * 0.5)
    assert not _verdict(_run(base), 0).met
    assert _verdict(_run(cut), 0).met
    with pytest.raises(sim.ScenarioError, match="no document count"):
        sim.apply_reform(base, "fewer_documents", steps=["wait"], cut=0.5)


def test_a_stage_target_times_a_parallel_group(tmp_path: Path) -> None:
    body = """\
steps:
  - {id: apply, desk: counter, duration: {working_days: 1}}
  - {id: fire, desk: office, duration: {working_days: 1}}
  - {id: plan, desk: office, duration: {working_days: 3}}
  - {id: issue, desk: counter, duration: {working_days: 1}}
flow: [apply, {parallel: [fire, plan]}, issue]
targets:
  - {kind: stage, steps: [fire, plan], working_days: 1, label: 并联审批1日}
  - {kind: stage, steps: [fire, plan], working_days: 2}
  - {kind: stage, steps: [fire, plan], working_hours: 60, statistic: mean}
"""
    path = tmp_path / "s.yaml"
    path.write_text(HEAD + body, "utf-8")
    r = _run(sim.load_scenario(path))
    # the group is entered at the start of day 2 (after apply) and ends with plan at the end
    # of day 4: counted from the close of the day it was entered, 2 working days (a limit in
    # whole days); 3 working days of office time for a limit in hours (60 h = 2.5 days)
    one, two, mean_hours = (_verdict(r, i) for i in range(3))
    assert not one.met
    assert one.value == 0.0
    assert "并联审批1日" in one.statement
    assert two.met
    assert two.value == 1.0
    assert not mean_hours.met
    assert mean_hours.value == pytest.approx(3.0)


def test_a_channel_split_of_a_cohort(tmp_path: Path) -> None:
    extra = 'channels: {online_share: 0.3, steps: [apply], source: "003_87c06e9262f1bed9.txt#L1"}\n'
    targets = """\
  - {kind: online, min: 0.2, label: 网办率}
  - {kind: online, min: 0.5}
  - {kind: visits, max: 1, when: {channel: online}}
"""
    r = _run(_scenario(tmp_path, targets, extra))
    cases = r.cases
    online = (cases["channel"] == "online").to_numpy()
    general = (cases["project"] == "general").to_numpy()
    assert list(cases["channel"].cat.categories) == ["in_person", "online"]
    assert 0.24 < online.mean() < 0.36  # 800 draws of a 30% share
    # online cases skip the visit at apply only; issue is still in person
    np.testing.assert_array_equal(cases["visits"], (~online) * 1 + general)
    share = cases.assign(o=online).groupby("replication")["o"].mean().mean()
    low, high, visits = (_verdict(r, i) for i in range(3))
    assert low.met
    assert low.value == pytest.approx(share)
    assert not high.met
    assert visits.met
    assert visits.value == 1.0
    split = cases.groupby("channel", observed=True)["visits"].mean()
    assert split["in_person"] > split["online"]


def test_online_submissions_follow_their_own_profile(tmp_path: Path) -> None:
    text = """\
name: channels
start: 2024-03-04
horizon_working_days: 40
arrivals: {per_working_day: 20, assumption: x}
channels: {online_share: 0.25, any_hour: true}
desks: {counter: {staff: 50}}
steps:
  - {id: apply, desk: counter, visit: true, duration: {working_hours: 1}}
flow: [apply]
"""
    path = tmp_path / "c.yaml"
    path.write_text(text, "utf-8")
    scenario = sim.load_scenario(path)
    r = sim.run(scenario, replications=2, seed=5, progress=False)
    cases = r.cases
    online = (cases["channel"] == "online").to_numpy()
    # a Poisson stream of each: 20 a day, a quarter online (about 400 of 1,600 cases)
    assert 0.2 < online.mean() < 0.3
    timeline = sim.timeline_of(scenario.work_calendar())
    inside = np.array([timeline.is_open(t) for t in cases["arrival_h"]])
    assert inside[~online].all()  # in person: office hours on working days
    assert not inside[online].all()  # online: any hour, so some outside office hours
    assert (cases["visits"].to_numpy()[online] == 0).all()
    assert (cases["visits"].to_numpy()[~online] == 1).all()
    again = sim.run(scenario, replications=2, seed=5, progress=False, jobs=2)
    pd.testing.assert_frame_equal(again.cases, cases)


def test_online_reform_raises_the_share(tmp_path: Path) -> None:
    extra = "channels: {online_share: 0.3, steps: [apply]}\n"
    base = _scenario(tmp_path, "", extra)
    after = sim.apply_reform(base, "online", steps=["issue"], share=0.8)
    assert after.channels is not None
    assert after.channels.online_share == 0.8
    assert after.channels.steps == ("apply", "issue")
    assert after.step("issue").visit  # in-person cases still visit
    with pytest.raises(sim.ScenarioError, match="lower the online share"):
        sim.apply_reform(base, "online", steps=["issue"], share=0.1)
    with pytest.raises(sim.ScenarioError, match="say what share"):
        sim.apply_reform(base, "online", steps=["issue"])
    r = _run(after)
    online = r.cases["channel"] == "online"
    assert 0.7 < online.mean() < 0.9
    assert (r.cases["visits"][online] == 0).all()


def test_the_new_fields_survive_saving(tmp_path: Path) -> None:
    targets = """\
  - {kind: stage, steps: [apply, review], working_days: 3, share: 0.8, source: "a#L1"}
  - {kind: fees, mean: 10, when: {capacity_kva: {min: 150, max: 250}, project: [simple]}}
  - {kind: online, min: 0.5}
"""
    extra = "channels: {online_share: 0.6, any_hour: true, assumption: x}\n"
    s = _scenario(tmp_path, targets, extra)
    again = tmp_path / "again.yaml"
    again.write_text(to_yaml(s), "utf-8")
    assert sim.load_scenario(again).digest() == s.digest()


def test_targets_are_shown_everywhere(tmp_path: Path) -> None:
    r = _run(_scenario(tmp_path, "  - {kind: visits, max: 1, label: 最多跑一次}\n"))
    assert "最多跑一次" in r.report()
    assert "最多跑一次" in r._repr_html_()
    out = tmp_path / "out"
    sim.set_language("zh")  # the workbook follows the language; read its Chinese headers
    try:
        sim.write_results(r, out)
    finally:
        sim.set_language(None)
    book = pd.read_excel(out / "results.xlsx", sheet_name="targets")
    assert list(book["目标"]) == ["最多跑一次"]
    assert str(book["结论"].iloc[0]).startswith("未达到")


def test_a_scenario_without_them_has_no_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        HEAD
        + BODY.split("attributes:")[0]
        + """\
steps:
  - {id: apply, desk: counter, duration: {working_days: 1}}
flow: [apply]
""",
        "utf-8",
    )
    r = _run(sim.load_scenario(path))
    assert "channel" not in r.cases
    assert not any(c.startswith("target_") for c in r.summary().index)


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        (
            "targets:\n  - {kind: speed, max: 1}\n",
            r":13: \[targets\[0\]\.kind\] unknown target kind 'speed'",
        ),
        ("targets:\n  - {kind: visits}\n", r":13: \[targets\[0\]\] needs exactly one of max, mean"),
        (
            "targets:\n  - {kind: visits, max: 1, working_days: 2}\n",
            r"\[targets\[0\]\.working_days\] does not apply",
        ),
        (
            "targets:\n  - {kind: online, min: 1.5}\n",
            r"\[targets\[0\]\.min\] must be a probability",
        ),
        (
            "targets:\n  - {kind: stage, steps: [nope], working_days: 1}\n",
            r":13: \[targets\[0\]\.steps\] unknown step 'nope'",
        ),
        (
            "targets:\n  - {kind: visits, max: 1, when: {colour: red}}\n",
            r"\[targets\[0\]\.when\.colour\] unknown attribute 'colour'",
        ),
        (
            "attributes:\n  kind: {shares: {a: 0.5, b: 0.4}}\n",
            r":13: \[attributes\.kind\.shares\] shares must sum to 1",
        ),
        (
            "attributes:\n  size: {distribution: {min: 3, mode: 1, max: 2}}\n",
            r"\[attributes\.size\.distribution\] needs min <= mode <= max",
        ),
        ("channels: {online_share: 2}\n", r":12: \[channels\.online_share\] must be a probability"),
        (
            "channels: {online_share: 0.5, steps: [nope]}\n",
            r"\[channels\.steps\] unknown step 'nope'",
        ),
    ],
)
def test_bad_input_is_a_located_error(tmp_path: Path, snippet: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        HEAD
        + "steps:\n  - {id: apply, desk: counter, duration: {working_days: 1}}\nflow: [apply]\n"
        + snippet,
        "utf-8",
    )
    with pytest.raises(sim.ScenarioError, match=message):
        sim.load_scenario(path)
    assert cli.main(["validate", str(path)]) == 2


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("fee: -5", r"\[steps\[0\]\.fee\] must be >= 0"),
        (
            "when: {capacity_kva: {max: 160}}",
            r"\[steps\[0\]\.when\.capacity_kva\] unknown attribute",
        ),
        ("when: {size: big}", r"\[steps\[0\]\.when\.size\] 'size' is a number"),
    ],
)
def test_bad_step_fields_are_located_errors(tmp_path: Path, step: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        HEAD
        + "attributes:\n  size: {distribution: {values: [1, 2]}}\n"
        + f"steps:\n  - {{id: apply, desk: counter, duration: {{working_days: 1}}, {step}}}\nflow: [apply]\n",
        "utf-8",
    )
    with pytest.raises(sim.ScenarioError, match=message):
        sim.load_scenario(path)
    assert cli.main(["validate", str(path)]) == 2


def test_target_verdicts_speak_the_chosen_language(tmp_path: Path) -> None:
    r = _run(_scenario(tmp_path, "  - {kind: visits, max: 1}\n"))
    sim.set_language("zh")
    try:
        (zh,) = [v.statement for v in r.verdicts() if v.metric.startswith("target_")]
    finally:
        sim.set_language(None)
    (en,) = [v.statement for v in r.verdicts() if v.metric.startswith("target_")]
    assert "跑动次数不超过 1 次" in zh
    assert "在这些假设下" in zh
    assert "cases within" not in zh
    assert "visits <= 1 visits" in en
    assert "under these assumptions" in en
