"""Tests of paired comparisons (`simulate.experiments`): their reports and exports, reform attribution.

Reforms used here are registered by a fixture under test-only names and removed afterwards,
so the registry the rest of the suite sees is unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml

import simulate as sim
from simulate.cli import main
from simulate.errors import ScenarioError, SimulateError
from simulate.experiments.attribution import attribute, shapley
from simulate.experiments.compare import compare
from simulate.experiments.comparison import TABLE_COLUMNS, Comparison, significant
from simulate.experiments.paired import unique_names
from simulate.experiments.write import write_comparison
from simulate.reforms.registry import ReformError, reform, unregister
from simulate.scenario.durations import Duration
from simulate.scenario.flow import Flow, Parallel, Serial
from simulate.scenario.model import Scenario, Step
from simulate.textfmt import display_width

SEED = 11
REPS = 4

# A small congested process: one counter near capacity, a review delay, a limit and a threshold.
BASE: dict[str, Any] = {
    "name": "gas_base",
    "label": "燃气报装（基线）",
    "start": "2024-03-04",
    "horizon_working_days": 40,
    "warmup_working_days": 5,
    "arrivals": {"per_working_day": 5},
    "time_limit": {"working_days": 4},
    "thresholds": [{"working_days": 1, "label": "一日办结率"}],
    "desks": {"counter": {"staff": 1, "label": "燃气窗口"}},
    "steps": [
        {
            "id": "apply",
            "label": "申请受理",
            "desk": "counter",
            "duration": {"working_hours": {"median": 1.0, "p90": 1.8}},
        },
        {"id": "survey", "label": "现场查勘", "duration": {"working_days": 1}},
        {"id": "review", "label": "审查", "duration": {"working_days": {"median": 1, "p90": 2.5}}},
    ],
    "flow": ["apply", "survey", "review"],
}


def scenario(**changes: Any) -> Scenario:
    """The base process with top-level keys replaced."""
    return sim.scenario_from_dict({**BASE, **changes})


# -- test-only reforms ----------------------------------------------------------------------
def _drop(node: Flow, ids: set[str]) -> Flow | None:
    if isinstance(node, str):
        return None if node in ids else node
    if isinstance(node, Serial):
        return Serial(tuple(x for x in (_drop(i, ids) for i in node.items) if x is not None))
    if isinstance(node, Parallel):
        return Parallel(tuple(x for x in (_drop(b, ids) for b in node.branches) if x is not None))
    return node


def _remove(s: Scenario, steps: list[str]) -> Scenario:
    """Remove steps (test-only remove_steps)."""
    known = {st.id for st in s.steps}
    for sid in steps:
        if sid not in known:
            raise ReformError(f"no step '{sid}' in the flow", field="steps")
    flow = _drop(s.flow, set(steps))
    return s.with_changes(
        flow=flow if flow is not None else Serial(()),
        steps=tuple(st for st in s.steps if st.id not in steps),
    )


def _add_check(s: Scenario) -> Scenario:
    """Add a one-day 'check' step at the end."""
    step = Step(id="check", label="核查", duration=Duration.fixed(1, "working_days"))
    return s.with_changes(steps=(*s.steps, step), flow=Serial((s.flow, "check")))


def _halve_check(s: Scenario) -> Scenario:
    """Halve the 'check' step (needs _add_check first)."""
    if "check" not in {st.id for st in s.steps}:
        raise ReformError("no step 'check' to halve", field="step")
    half = Duration.fixed(0.5, "working_days")
    return s.with_changes(
        steps=tuple(replace(st, duration=half) if st.id == "check" else st for st in s.steps)
    )


def _noop(s: Scenario) -> Scenario:
    """Change nothing."""
    return s


TEST_REFORMS: dict[str, tuple[str, Callable[..., Scenario]]] = {
    "_test_remove": ("测试减环节", _remove),
    "_test_add_check": ("测试增核查", _add_check),
    "_test_halve_check": ("测试核查减半", _halve_check),
    "_test_noop": ("测试空改革", _noop),
}


@pytest.fixture(autouse=True, scope="module")
def _test_reforms() -> Iterator[None]:
    for name, (label, fn) in TEST_REFORMS.items():
        reform(name, label=label, citation="test only")(fn)
    yield
    for name in TEST_REFORMS:
        unregister(name)


# -- comparison -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def base() -> Scenario:
    return scenario()


@pytest.fixture(scope="module")
def self_cmp(base: Scenario) -> Comparison:
    return compare([base, base], replications=REPS, seed=SEED, progress=False)


@pytest.fixture(scope="module")
def reform_cmp(base: Scenario, _test_reforms: None) -> Comparison:
    reformed = sim.apply_reform(base, "_test_remove", steps=["survey"]).with_changes(
        name="gas_no_survey", label="燃气报装（免查勘）"
    )
    return compare([base, reformed], replications=REPS, seed=SEED, progress=False)


def test_self_comparison_has_exactly_zero_differences(self_cmp: Comparison) -> None:
    assert self_cmp.names == ("gas_base", "gas_base_2")
    assert [s.name for s in self_cmp.scenarios] == ["gas_base", "gas_base_2"]
    table = self_cmp.table()
    ref = table[table["scenario"] == "gas_base"]
    other = table[table["scenario"] == "gas_base_2"]
    assert ref[["diff", "diff_ci_low", "diff_ci_high"]].isna().all().all()
    assert (other["diff"] == 0.0).all()
    assert (other["diff_ci_low"] == 0.0).all()
    assert (other["diff_ci_high"] == 0.0).all()
    np.testing.assert_array_equal(ref["value"].to_numpy(), other["value"].to_numpy())
    assert (ref["ci_high"] > ref["ci_low"]).any()  # the values themselves do vary


def test_table_columns_metrics_and_consistency_with_per_replication(self_cmp: Comparison) -> None:
    table = self_cmp.table()
    assert tuple(table.columns) == TABLE_COLUMNS
    metrics = self_cmp.metrics
    assert metrics[:3] == (
        "mean_elapsed_working_days",
        "median_elapsed_working_days",
        "p90_elapsed_working_days",
    )
    for m in (
        "on_time_rate",
        "share_within_1_working_days",
        "throughput_per_working_day",
        "busiest_desk_utilisation",
        "visits_per_case",
    ):
        assert m in metrics
    assert len(table) == len(metrics) * 2
    assert list(table["label"].unique()) == ["燃气报装（基线）"]
    per_rep = self_cmp.per_replication()
    assert list(per_rep.columns) == ["scenario", "replication", *metrics]
    assert len(per_rep) == 2 * REPS
    assert not per_rep[list(metrics)].isna().any().any()
    means = per_rep.groupby("scenario", sort=False)[list(metrics)].mean()
    for _, row in table.iterrows():
        assert row["value"] == pytest.approx(means.loc[row["scenario"], row["metric"]], rel=1e-12)
    units = dict(zip(table["metric"], table["unit"], strict=False))
    assert units["mean_elapsed_natural_days"] == "natural days"
    assert units["on_time_rate"] == "share"


def test_reform_difference_is_paired_and_significant(reform_cmp: Comparison) -> None:
    table = reform_cmp.table().set_index(["metric", "scenario"])
    row = table.loc[("mean_elapsed_working_days", "gas_no_survey")]
    per_rep = reform_cmp.per_replication().pivot(
        index="replication", columns="scenario", values="mean_elapsed_working_days"
    )
    paired = per_rep["gas_no_survey"] - per_rep["gas_base"]
    assert row["diff"] == pytest.approx(paired.mean(), rel=1e-12)
    assert row["diff"] < 0
    assert significant(row["diff_ci_low"], row["diff_ci_high"])
    visits = table.loc[("visits_per_case", "gas_no_survey")]
    assert not significant(visits["diff_ci_low"], visits["diff_ci_high"])


def test_on_time_rate_left_out_without_a_time_limit() -> None:
    data = {k: v for k, v in BASE.items() if k != "time_limit"}
    s = sim.scenario_from_dict(data)
    cmp = compare([s], replications=2, seed=1, progress=False)
    assert "on_time_rate" not in cmp.metrics
    assert "mean_elapsed_working_days" in cmp.metrics


def test_compare_defaults_to_the_first_scenarios_seed_and_replications() -> None:
    s = scenario(seed=7, replications=2, horizon_working_days=10)
    cmp = compare([s, scenario(seed=99, replications=5, horizon_working_days=10)], progress=False)
    assert (cmp.seed, cmp.replications) == (7, 2)
    assert all(r.meta.seed == 7 and r.meta.replications == 2 for r in cmp.results)


def test_compare_accepts_files_and_rejects_nothing(tmp_path: Path) -> None:
    path = tmp_path / "base.yaml"
    path.write_text(
        yaml.safe_dump({**BASE, "horizon_working_days": 10}, allow_unicode=True), encoding="utf-8"
    )
    cmp = compare([path, str(path)], replications=2, seed=1, progress=False)
    assert cmp.names == ("gas_base", "gas_base_2")
    assert cmp.scenarios[0].path == str(path)
    with pytest.raises(SimulateError, match="at least one scenario"):
        compare([], replications=2, seed=1)


def test_from_results_needs_one_seed_and_replication_count(base: Scenario) -> None:
    a = sim.run(base, replications=2, seed=1, progress=False)
    b = sim.run(base, replications=2, seed=2, progress=False)
    with pytest.raises(SimulateError, match="same seed and replications"):
        Comparison.from_results([a, b])
    c = Comparison.from_results([a, sim.run(base, replications=2, seed=1, progress=False)])
    assert c.names == ("gas_base", "gas_base_2")
    assert (c.table()["diff"].dropna() == 0).all()


def test_unique_names() -> None:
    assert unique_names(["a", "b", "a", "a"]) == ("a", "b", "a_2", "a_3")
    assert unique_names(["a", "a_2", "a"]) == ("a", "a_2", "a_3")


def test_report_aligns_chinese_labels_and_marks_significant_differences(
    reform_cmp: Comparison,
) -> None:
    text = reform_cmp.report()
    lines = text.splitlines()
    legend = lines[1:3]
    assert legend[0].split() == ["A", "gas_base", "燃气报装（基线）", "(reference)"]
    assert legend[1].split() == ["B", "gas_no_survey", "燃气报装（免查勘）"]
    starts = {display_width(line[: line.index("燃")]) for line in legend}
    assert len(starts) == 1  # the labels start in one column
    start = next(i for i, line in enumerate(lines) if line.startswith("metric"))
    end = lines.index("", start)
    block = lines[start:end]
    assert block[0].split() == ["metric", "A", "B", "B", "-", "A"]
    assert len(block) == 1 + len(reform_cmp.metrics)
    assert any("on time" in line for line in block)
    assert len({display_width(line) for line in block}) == 1, block  # every row equally wide
    # the value columns end at the same display column on every row
    ends = {display_width(line[: line.index("]") + 1]) for line in block[1:]}
    assert len(ends) == 1
    by_metric = dict(zip(reform_cmp.metrics, block[1:], strict=True))
    assert by_metric["mean_elapsed_working_days"].rstrip().endswith("*")
    assert not by_metric["visits_per_case"].rstrip().endswith("*")
    assert "excludes 0" in text
    assert reform_cmp.headline() in text


def test_headline_names_the_reform_and_quotes_the_interval(reform_cmp: Comparison) -> None:
    table = reform_cmp.table().set_index(["metric", "scenario"])
    row = table.loc[("p90_elapsed_working_days", "gas_no_survey")]
    ref = table.loc[("p90_elapsed_working_days", "gas_base")]
    text = reform_cmp.headline("p90_elapsed_working_days")
    assert text.startswith("With 测试减环节, 90% of cases finish within ")
    assert f"{row['value']:.1f} working days instead of {ref['value']:.1f}" in text
    # by default the headline quotes what the limit is judged by: counted working days
    assert reform_cmp.judged_metric == "p90_counted_working_days"
    counted = table.loc[("p90_counted_working_days", "gas_no_survey")]
    assert f"within {counted['value']:.1f} counted working days" in reform_cmp.headline()
    lo, hi = (f"{x:+.1f}".replace("-", "\u2212") for x in (row["diff_ci_low"], row["diff_ci_high"]))
    assert f"(P90, 95% CI of the difference {lo} to {hi})" in text
    on_time = reform_cmp.headline("on_time_rate", scenario="gas_no_survey")
    assert "on time" in on_time
    assert "percentage points" in on_time
    with pytest.raises(SimulateError, match="did you mean 'p90_elapsed_working_days'"):
        reform_cmp.headline("p90_elapsed_workday")


def test_headline_without_reforms_names_the_scenarios(self_cmp: Comparison) -> None:
    text = self_cmp.headline("mean_elapsed_working_days")
    assert text.startswith("In 燃气报装（基线）, a case takes")
    assert "not significant" in text


def test_repr_and_html(reform_cmp: Comparison) -> None:
    assert (
        repr(reform_cmp)
        == f"<Comparison of 2 scenarios (gas_base, gas_no_survey): {REPS} replications, seed={SEED}>"
    )
    page = reform_cmp._repr_html_()
    assert page.count("<tr>") == 2 + len(reform_cmp.metrics)
    assert "<b>" in page  # significant differences in bold
    assert "燃气报装（免查勘）" in page
    odd = compare(
        [scenario(label="a <b> & c", horizon_working_days=10)],
        replications=2,
        seed=1,
        progress=False,
    )
    assert "a &lt;b&gt; &amp; c" in odd._repr_html_()


def test_write_comparison(reform_cmp: Comparison, tmp_path: Path) -> None:
    out = tmp_path / "cmp"
    written = write_comparison(reform_cmp, out)
    names = sorted(p.name for p in written)
    assert names == [
        "comparison.csv",
        "comparison.txt",
        "comparison.xlsx",
        "manifest.json",
        "per_replication.csv",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cmp"]  # no temporary folder left
    table = pd.read_csv(out / "comparison.csv")
    expected = reform_cmp.table()
    assert list(table.columns) == list(TABLE_COLUMNS)
    np.testing.assert_allclose(table["value"], expected["value"], rtol=1e-12)
    np.testing.assert_allclose(table["diff"], expected["diff"], rtol=1e-12)
    assert len(pd.read_csv(out / "per_replication.csv")) == 2 * REPS
    book = openpyxl.load_workbook(out / "comparison.xlsx", read_only=True)
    assert book.sheetnames == ["comparison", "per_replication", "manifest"]
    book.close()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == SEED
    assert manifest["replications"] == REPS
    assert manifest["version"] == reform_cmp.results[0].meta.version
    assert [s["name"] for s in manifest["scenarios"]] == ["gas_base", "gas_no_survey"]
    assert [s["digest"] for s in manifest["scenarios"]] == [
        s.digest() for s in reform_cmp.scenarios
    ]
    assert manifest["scenarios"][1]["reforms"] == ["_test_remove"]


def test_progress_bar_runs_over_scenarios_times_replications(
    base: Scenario, capsys: pytest.CaptureFixture[str]
) -> None:
    short = base.with_changes(horizon_working_days=8.0, warmup_working_days=0.0)
    compare([short, short, short], replications=2, seed=1, progress=True)
    assert "/6" in capsys.readouterr().err
    compare([short, short], replications=2, seed=1, progress=False)
    assert capsys.readouterr().err == ""


def test_cli_compare(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(
        yaml.safe_dump({**BASE, "horizon_working_days": 15}, allow_unicode=True), encoding="utf-8"
    )
    b.write_text(
        yaml.safe_dump(
            {
                **BASE,
                "name": "gas_b",
                "horizon_working_days": 15,
                "reforms": [{"_test_remove": {"steps": ["survey"]}}],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["compare", str(a), str(b), "-n", "2", "--seed", "3", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "B - A" in printed
    assert "gas_b" in printed
    assert "With 测试减环节" in printed
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["command"] == f"simulate compare {a} {b} --replications 2 --seed 3"


# -- attribution ----------------------------------------------------------------------------
BUNDLE = [
    ("_test_remove", {"steps": ["survey"]}),
    ("_test_add_check", {}),
    ("_test_halve_check", {}),
]


def test_shapley_of_a_known_game() -> None:
    # v(empty)=0, v(A)=1, v(B)=2, v(AB)=6: phi_A = (1 + 4)/2, phi_B = (2 + 5)/2
    phi = shapley(np.array([[0.0], [1.0], [2.0], [6.0]]))
    np.testing.assert_allclose(phi[:, 0], [2.5, 3.5])
    with pytest.raises(ValueError, match="2\\*\\*k"):
        shapley(np.zeros((3, 1)))


def test_attribution_sums_to_full_minus_base_in_every_replication(base: Scenario) -> None:
    bundle = [("_test_remove", {"steps": ["survey"]}), ("_test_remove", {"steps": ["review"]})]
    att = attribute(base, bundle, replications=3, seed=5, progress=False)
    assert list(att.contributions["reform"]) == ["_test_remove", "_test_remove_2"]
    # one reform used twice: told apart by its parameters
    assert list(att.contributions["label"]) == [
        '测试减环节 (steps: ["survey"])',
        '测试减环节 (steps: ["review"])',
    ]
    assert len(att.subsets) == 4
    assert att.subsets["reforms"].iloc[-1] == ("_test_remove", "_test_remove_2")
    # the same runs made directly: attribution uses the same common random numbers
    full = sim.apply_reform(
        sim.apply_reform(base, "_test_remove", steps=["survey"]), "_test_remove", steps=["review"]
    )
    # the default metric is what the limit is judged by: mean counted working days
    assert att.metric == "mean_counted_working_days"
    before = sim.run(base, replications=3, seed=5, progress=False).replication_metrics()[
        "mean_counted_working_days"
    ]
    after = sim.run(full, replications=3, seed=5, progress=False).replication_metrics()[
        "mean_counted_working_days"
    ]
    sums = att.per_replication.groupby("replication")["value"].sum()
    np.testing.assert_allclose(sums.to_numpy(), (after - before).to_numpy(), rtol=0, atol=1e-9)
    assert att.base_value == pytest.approx(before.mean(), abs=1e-12)
    assert att.full_value == pytest.approx(after.mean(), abs=1e-12)
    assert att.contributions["value"].sum() == pytest.approx(
        att.full_value - att.base_value, abs=1e-9
    )
    assert (att.contributions["ci_low"] <= att.contributions["value"]).all()
    assert (att.contributions["value"] <= att.contributions["ci_high"]).all()


def test_attribution_report_and_html(base: Scenario) -> None:
    att = attribute(
        base,
        [("_test_remove", {"steps": ["survey"], "source": "plan.txt#L3"})],
        metric="p90_elapsed_working_days",
        replications=2,
        seed=1,
        progress=False,
    )
    text = att.report()
    assert (
        att.contributions["params"].iloc[0] == '_test_remove: {steps: ["survey"]}'
    )  # no provenance
    assert "P90 elapsed, working days" in text
    assert "测试减环节" in text
    table = [
        line
        for line in text.splitlines()
        if line.startswith(("baseline", "测试减环节", "all reforms"))
    ]
    assert len(table) == 3
    assert len({display_width(line) for line in table}) == 1
    assert att.metric == "p90_elapsed_working_days"
    assert att.unit == "working days"
    assert "<table>" in att._repr_html_()
    assert repr(att).startswith("<Attribution of p90_elapsed_working_days to _test_remove")


def test_more_than_six_reforms_ask_for_grouping(base: Scenario) -> None:
    bundle: list[tuple[str, dict[str, Any]]] = [("_test_noop", {})] * 7
    with pytest.raises(SimulateError, match=r"2\^7 = 128 subsets.*groups="):
        attribute(base, bundle, replications=2, seed=1)


def test_dependent_reform_is_named_and_grouping_fixes_it(base: Scenario) -> None:
    bundle: list[tuple[str, dict[str, Any]]] = [("_test_add_check", {}), ("_test_halve_check", {})]
    with pytest.raises(
        SimulateError, match="'_test_halve_check' cannot be applied without '_test_add_check'"
    ):
        attribute(base, bundle, replications=2, seed=1)
    att = attribute(
        base,
        bundle,
        replications=2,
        seed=1,
        groups={"checks": ["_test_add_check", "_test_halve_check"]},
        progress=False,
    )
    assert list(att.contributions["reform"]) == ["checks"]
    assert att.contributions["label"].iloc[0] == "测试增核查 + 测试核查减半"
    assert len(att.subsets) == 2
    # adds a half-day fixed step at the end of every case: +0.5 working days each
    assert att.contributions["value"].iloc[0] == pytest.approx(0.5, abs=1e-9)


def test_bad_bundles_and_metrics(base: Scenario) -> None:
    with pytest.raises(ScenarioError, match="unknown reform 'no_such_reform'"):
        attribute(base, [("no_such_reform", {})], replications=2, seed=1)
    with pytest.raises(SimulateError, match="did you mean 'p90_elapsed_working_days'"):
        attribute(base, BUNDLE[:1], metric="p90_elapsed_workingdays", replications=2, seed=1)
    with pytest.raises(SimulateError, match="at least one reform"):
        attribute(base, [], replications=2, seed=1)
    with pytest.raises(SimulateError, match="not in the bundle"):
        attribute(base, BUNDLE[:1], groups={"g": ["_test_noop"]}, replications=2, seed=1)


def test_cli_attribute(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bundle.yaml"
    data = {
        **BASE,
        "horizon_working_days": 15,
        "reforms": [
            {"_test_remove": {"steps": ["survey"]}},
            {"_test_remove": {"steps": ["review"]}},
        ],
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["attribute", str(path), "-n", "2", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    assert "Reform attribution: mean counted against the limit, working days" in out
    assert "_test_remove_2" in out


# -- one common limit ------------------------------------------------------------------------
def _fixed(name: str, days: float, limit: float) -> sim.Scenario:
    """Cases that each take exactly ``days`` working days (no desk), with their own limit."""
    return sim.scenario_from_dict(
        {
            "name": name,
            "start": "2024-03-04",
            "horizon_working_days": 20,
            "replications": 2,
            "arrivals": {"per_working_day": 3},
            "time_limit": {"working_days": limit},
            "steps": [{"id": "work", "duration": {"working_days": days}}],
            "flow": ["work"],
        }
    )


def test_compare_counts_every_scenario_within_one_common_limit() -> None:
    # by hand: 1 day of work finishes the next working day, counted < 1 day: within 2.
    # 4 days of work finish on the 4th working day after acceptance, counted 3.x: past 2,
    # though within B's own looser limit of 10
    fast, slow = _fixed("fast", 1, 2), _fixed("slow", 4, 10)
    cmp = sim.compare([fast, slow], seed=1, progress=False)
    assert cmp.common_limit == 2
    table = cmp.table().set_index(["metric", "scenario"])
    assert table.loc[("on_time_rate", "fast"), "value"] == 1.0
    assert table.loc[("on_time_rate", "slow"), "value"] == 0.0
    assert table.loc[("on_time_rate", "slow"), "diff"] == -1.0
    report = cmp.report()
    assert "one common limit of 2 working days (the reference scenario fast's limit)" in report
    own = dict(cmp.own_targets())
    assert own["slow"].startswith("own limit 10 working days: limit: 100.0% within 10")
    assert own["fast"].startswith("own limit 2 working days: limit: 100.0% within 2")
    # a common limit given by hand, as with --limit
    looser = sim.compare([fast, slow], seed=1, progress=False, limit=5)
    assert (
        looser.table().set_index(["metric", "scenario"]).loc[("on_time_rate", "slow"), "value"]
        == 1.0
    )
    assert "given with --limit" in looser.report()


def test_a_bad_common_limit_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(sim.ScenarioError, match="--limit must be a positive number"):
        sim.compare([_fixed("fast", 1, 2)], limit=0)
    path = tmp_path / "fast.yaml"
    path.write_text(sim.to_yaml(_fixed("fast", 1, 2)), encoding="utf-8")
    assert main(["compare", str(path), str(path), "--limit", "-3", "-q"]) == 2
    assert "--limit must be a positive number" in capsys.readouterr().err
