"""Comparison and attribution against what theory says they must give.

With deterministic steps and no queueing, elapsed working days are exact sums and maxima of
step lengths, so paired differences and Shapley values have closed forms that hold in every
replication. With random steps, common random numbers make the paired difference of a small
reform far more precise than comparing two independent runs.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from scipy import stats

import simulate as sim
from simulate.experiments.attribution import attribute
from simulate.experiments.compare import compare
from simulate.reforms.registry import ReformError, reform, unregister
from simulate.scenario.durations import Z90, Duration
from simulate.scenario.flow import Flow, Parallel, Serial
from simulate.scenario.model import Scenario


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
    """Remove steps."""
    if missing := set(steps) - {st.id for st in s.steps}:
        raise ReformError(f"no steps {sorted(missing)}", field="steps")
    flow = _drop(s.flow, set(steps)) or Serial(())
    return s.with_changes(flow=flow, steps=tuple(st for st in s.steps if st.id not in steps))


def _fix(s: Scenario, step: str, working_days: float) -> Scenario:
    """Give a step a fixed length in working days."""
    if step not in {st.id for st in s.steps}:
        raise ReformError(f"no step '{step}'", field="step")
    d = Duration.fixed(working_days, "working_days")
    return s.with_changes(
        steps=tuple(replace(st, duration=d) if st.id == step else st for st in s.steps)
    )


@pytest.fixture(autouse=True, scope="module")
def _theory_reforms() -> Iterator[None]:
    reform("_theory_remove", label="理论减环节", citation="test only")(_remove)
    reform("_theory_fix", label="理论定长", citation="test only")(_fix)
    yield
    unregister("_theory_remove")
    unregister("_theory_fix")


# -- scenarios ------------------------------------------------------------------------------
def cohort(steps: list[dict[str, Any]], flow: list[Any], n: int = 40) -> Scenario:
    """N cases submitted together, pure delays only: no queueing anywhere."""
    return sim.scenario_from_dict(
        {
            "name": "cohort",
            "start": "2024-03-04",
            "horizon_working_days": 40,
            "arrivals": {"cohort": n, "date": "2024-03-04"},
            "steps": steps,
            "flow": flow,
        }
    )


INTAKE = {"id": "intake", "duration": {"working_hours": {"median": 2, "p90": 5}}}
TAIL = {"id": "tail", "duration": {"working_days": {"median": 2, "p90": 4}}}


def half_width(lo: float, hi: float) -> float:
    return (hi - lo) / 2


# -- paired differences ---------------------------------------------------------------------
def test_one_extra_fixed_step_adds_exactly_its_length() -> None:
    d = 1.75
    a = cohort([INTAKE, TAIL], ["intake", "tail"])
    extra = {"id": "extra", "duration": {"working_days": d}}
    b = cohort([INTAKE, extra, TAIL], ["intake", "extra", "tail"]).with_changes(name="with_extra")
    cmp = compare([a, b], replications=6, seed=21, progress=False)
    table = cmp.table().set_index(["metric", "scenario"])
    for metric in (
        "mean_elapsed_working_days",
        "median_elapsed_working_days",
        "p90_elapsed_working_days",
    ):
        row = table.loc[(metric, "with_extra")]
        assert row["diff"] == pytest.approx(d, abs=1e-9), metric
        assert row["diff_ci_high"] - row["diff_ci_low"] == pytest.approx(0.0, abs=1e-9), metric
        # the values themselves vary between replications: only pairing removes the noise
        assert row["ci_high"] - row["ci_low"] > 0.01, metric
    # and case by case: the same case drew the same durations in both scenarios
    ea = cmp.results[0].cases["elapsed_working_days"].to_numpy()
    eb = cmp.results[1].cases["elapsed_working_days"].to_numpy()
    np.testing.assert_allclose(eb - ea, d, rtol=0, atol=1e-9)


def test_common_random_numbers_narrow_the_interval_of_a_small_reform() -> None:
    """A 5% faster counter at about 70% load: paired vs independent-samples intervals."""
    data: dict[str, Any] = {
        "name": "busy",
        "start": "2024-03-04",
        "horizon_working_days": 60,
        "warmup_working_days": 10,
        "arrivals": {"per_working_day": 5},
        "desks": {"counter": {"staff": 1}},
        "steps": [
            {
                "id": "apply",
                "desk": "counter",
                "duration": {"working_hours": {"median": 1.0, "p90": 1.8}},
            }
        ],
        "flow": ["apply"],
    }
    base = sim.scenario_from_dict(data)
    faster = base.with_changes(
        name="faster", steps=(replace(base.steps[0], duration=Duration.lognormal(0.95, 1.71)),)
    )
    n = 10
    cmp = compare([base, faster], replications=n, seed=5, progress=False)
    metric = "mean_elapsed_working_days"
    row = cmp.table().set_index(["metric", "scenario"]).loc[(metric, "faster")]
    paired = half_width(row["diff_ci_low"], row["diff_ci_high"])
    per_rep = cmp.per_replication().pivot(index="replication", columns="scenario", values=metric)
    s0, s1 = per_rep["busy"].std(ddof=1), per_rep["faster"].std(ddof=1)
    unpaired = float(stats.t.ppf(0.975, 2 * n - 2)) * math.sqrt((s0**2 + s1**2) / n)
    assert row["diff"] < 0
    assert paired < 0.6 * unpaired, (paired, unpaired)
    # why: the two runs of a replication are strongly correlated, and var(x - y) loses 2 cov(x, y)
    assert np.corrcoef(per_rep["busy"], per_rep["faster"])[0, 1] > 0.9


# -- Shapley attribution --------------------------------------------------------------------
def parallel_game() -> Scenario:
    """intake, then A (5 days) alongside B (3 days), then a random tail: elapsed = intake + max(A, B) + tail."""
    a = {"id": "a", "duration": {"working_days": 5}}
    b = {"id": "b", "duration": {"working_days": 3}}
    return cohort([INTAKE, a, b, TAIL], ["intake", {"parallel": ["a", "b"]}, "tail"], n=30)


def test_shapley_values_of_parallel_branches_match_the_closed_form() -> None:
    """Cutting A to 2 and B to 1: v(A)=-2, v(B)=0, v(AB)=-3, so phi_A=-2.5 and phi_B=-0.5 exactly."""
    bundle: list[tuple[str, dict[str, Any]]] = [
        ("_theory_fix", {"step": "a", "working_days": 2}),
        ("_theory_fix", {"step": "b", "working_days": 1}),
    ]
    att = attribute(parallel_game(), bundle, replications=4, seed=8, progress=False)
    phi = att.per_replication.pivot(index="replication", columns="reform", values="value")
    np.testing.assert_allclose(phi["_theory_fix"], -2.5, atol=1e-9)
    np.testing.assert_allclose(phi["_theory_fix_2"], -0.5, atol=1e-9)
    c = att.contributions.set_index("reform")
    assert c.loc["_theory_fix", "alone"] == pytest.approx(-2.0, abs=1e-9)
    assert c.loc["_theory_fix_2", "alone"] == pytest.approx(0.0, abs=1e-9)
    assert c.loc["_theory_fix_2", "added_last"] == pytest.approx(-1.0, abs=1e-9)
    assert att.full_value - att.base_value == pytest.approx(-3.0, abs=1e-9)


def test_contributions_do_not_depend_on_the_order_of_the_bundle() -> None:
    bundle: list[tuple[str, dict[str, Any]]] = [
        ("_theory_fix", {"step": "a", "working_days": 2}),
        ("_theory_fix", {"step": "b", "working_days": 1}),
        ("_theory_remove", {"steps": ["tail"]}),
    ]
    shuffled = [bundle[2], bundle[1], bundle[0]]
    first = attribute(parallel_game(), bundle, replications=3, seed=4, progress=False)
    second = attribute(parallel_game(), shuffled, replications=3, seed=4, progress=False)
    a = first.contributions.set_index("params")["value"]
    b = second.contributions.set_index("params")["value"]
    assert set(a.index) == set(b.index)
    for params in a.index:
        assert a[params] == pytest.approx(b[params], abs=1e-9), params
    assert first.full_value == pytest.approx(second.full_value, abs=1e-12)
    assert a.sum() == pytest.approx(first.full_value - first.base_value, abs=1e-9)


def test_additive_reforms_each_contribute_their_solo_effect() -> None:
    """Removing two steps of a sequence: no interaction, so each Shapley value is its solo effect."""
    fixed = {"id": "fixed", "duration": {"working_days": 1.5}}
    s = cohort([INTAKE, fixed, TAIL], ["intake", "fixed", "tail"])
    bundle = [("_theory_remove", {"steps": ["fixed"]}), ("_theory_remove", {"steps": ["tail"]})]
    n = 40
    att = attribute(s, bundle, replications=n, seed=13, progress=False)
    c = att.contributions.set_index("reform")
    for name in c.index:
        assert c.loc[name, "value"] == pytest.approx(c.loc[name, "alone"], abs=1e-9)
        assert c.loc[name, "value"] == pytest.approx(c.loc[name, "added_last"], abs=1e-9)
    assert c.loc["_theory_remove", "value"] == pytest.approx(-1.5, abs=1e-9)
    # removing the random tail saves its mean: median 2, P90 4 working days (lognormal)
    sigma = math.log(4 / 2) / Z90
    expected = -2 * math.exp(sigma**2 / 2)
    row = c.loc["_theory_remove_2"]
    tolerance = 1.5 * half_width(row["ci_low"], row["ci_high"]) + 1e-12
    assert tolerance <= 0.05 * abs(expected)
    assert abs(row["value"] - expected) <= tolerance


def test_registered_reforms_parallel_approval_and_remove_steps() -> None:
    """A (5 days) then B (3 days): 并联审批 of A, B or 减环节 of B each saves 3 days alone, nothing
    on top of the other; Shapley gives each -1.5 in every replication."""
    a = {"id": "a", "label": "规划审查", "duration": {"working_days": 5}}
    b = {"id": "b", "label": "消防审查", "duration": {"working_days": 3}}
    base = cohort([INTAKE, a, b, TAIL], ["intake", "a", "b", "tail"], n=20)
    bundle: list[tuple[str, dict[str, Any]]] = [
        ("parallel_approval", {"steps": ["a", "b"]}),
        ("remove_steps", {"steps": ["b"]}),
    ]
    att = attribute(base, bundle, replications=3, seed=2, progress=False)
    assert list(att.contributions["label"]) == ["并联审批", "减环节"]
    np.testing.assert_allclose(att.per_replication["value"], -1.5, atol=1e-9)
    c = att.contributions.set_index("reform")
    assert c.loc["parallel_approval", "alone"] == pytest.approx(-3.0, abs=1e-9)
    assert c.loc["parallel_approval", "added_last"] == pytest.approx(0.0, abs=1e-9)
    assert att.full_value - att.base_value == pytest.approx(-3.0, abs=1e-9)
    assert "并联审批" in att.report()
    # the same reform in a comparison: the headline names it and the saving is exactly 3 days
    reformed = sim.apply_reform(base, "parallel_approval", steps=["a", "b"]).with_changes(
        name="parallel"
    )
    cmp = compare([base, reformed], replications=3, seed=2, progress=False)
    assert cmp.headline("mean_elapsed_working_days").startswith("With 并联审批, a case takes")
    row = (
        cmp.table().set_index(["metric", "scenario"]).loc[("mean_elapsed_working_days", "parallel")]
    )
    assert row["diff"] == pytest.approx(-3.0, abs=1e-9)
