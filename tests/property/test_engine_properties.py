"""Invariants of the engine on random flows (Hypothesis; few examples, small runs).

* A case never finishes faster than the critical path of its own sampled durations.
* Every case that arrives finishes (the engine drains the system), each with all its steps.
* Without queueing, parallel branches take exactly the maximum and a sequence exactly the sum.

All scenarios run on the continuous clock (every day a working day, 24 h office hours), so a
working hour is a clock hour and a step's work time is ``end_h - start_h``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import simulate as sim
from simulate import theory
from simulate.calendar import horizon_clock
from simulate.engine.replication import arrival_times, build_calendar
from simulate.engine.streams import Streams

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONTINUOUS = {"days": "every_day", "office_hours": "24h"}


@st.composite
def flows(draw: st.DrawFn, min_steps: int = 1, max_steps: int = 6) -> tuple[list[str], Any]:
    """Step ids and a random nested sequence/parallel flow that uses each exactly once."""
    n = draw(st.integers(min_steps, max_steps))
    ids = [f"s{i}" for i in draw(st.permutations(range(n)))]

    def build(items: list[str], depth: int) -> Any:
        if len(items) == 1:
            return items[0]
        cuts = sorted(
            draw(
                st.sets(st.integers(1, len(items) - 1), min_size=1, max_size=min(3, len(items) - 1))
            )
        )
        parts = [items[a:b] for a, b in zip([0, *cuts], [*cuts, len(items)], strict=True)]
        children = [build(p, depth + 1) for p in parts]
        if draw(st.booleans()) and depth < 4:
            return {"parallel": children}
        return children

    return ids, [build(ids, 0)]


def durations() -> st.SearchStrategy[dict[str, Any]]:
    """A random duration spec in hours on the continuous clock."""
    unit = st.sampled_from(["working_hours", "natural_hours"])
    value = st.one_of(
        st.integers(1, 16).map(lambda q: q / 4),
        st.builds(lambda m: {"mean": m}, st.sampled_from([0.5, 1.0, 3.0])),
        st.builds(
            lambda m, r: {"median": m, "p90": m * r},
            st.sampled_from([0.5, 2.0]),
            st.sampled_from([1.5, 3.0]),
        ),
        st.builds(
            lambda lo, w: {"min": lo, "mode": lo + w / 3, "max": lo + w},
            st.sampled_from([0.0, 1.0]),
            st.sampled_from([1.0, 4.0]),
        ),
        st.builds(
            lambda v: {"values": v},
            st.lists(st.sampled_from([0.25, 1.0, 2.5]), min_size=1, max_size=4),
        ),
    )
    return st.builds(lambda u, v: {u: v}, unit, value)


def _scenario(
    ids: list[str],
    flow: Any,
    step_specs: list[dict[str, Any]],
    staff: dict[str, int],
    arrivals: dict[str, Any],
) -> sim.Scenario:
    steps = [{"id": i, **spec} for i, spec in zip(ids, step_specs, strict=True)]
    return sim.scenario_from_dict(
        {
            "name": "prop",
            "start": "2024-01-01",
            "calendar": CONTINUOUS,
            "horizon_working_days": 3,
            "arrivals": arrivals,
            "desks": {d: {"staff": c, "hours": "24h", "every_day": True} for d, c in staff.items()},
            "steps": steps,
            "flow": flow,
        }
    )


@st.composite
def step_specs(draw: st.DrawFn, n: int) -> list[dict[str, Any]]:
    specs = []
    for _ in range(n):
        spec: dict[str, Any] = {"duration": draw(durations())}
        desk = draw(st.sampled_from([None, "a", "b"]))
        if desk is not None:
            spec["desk"] = desk
        specs.append(spec)
    return specs


@SETTINGS
@given(data=st.data(), seed=st.integers(0, 2**31))
def test_elapsed_is_at_least_the_critical_path_of_own_durations(
    data: st.DataObject, seed: int
) -> None:
    ids, flow = data.draw(flows())
    specs = data.draw(step_specs(len(ids)))
    staff = {"a": data.draw(st.integers(1, 2)), "b": data.draw(st.integers(1, 3))}
    s = _scenario(
        ids, flow, specs, staff, {"per_working_day": data.draw(st.sampled_from([4, 20, 60]))}
    )
    res = sim.run(s, replications=1, seed=seed)
    work = res.steps.assign(hours=res.steps["end_h"] - res.steps["start_h"])
    own = work.pivot_table(index="case", columns="step", values="hours", observed=True)
    cases = res.cases.set_index("case")
    for case, row in own.iterrows():
        path = theory.critical_path(s.flow, {str(k): float(v) for k, v in row.items()})
        elapsed = cases.at[case, "finish_h"] - cases.at[case, "arrival_h"]
        assert elapsed >= path - 1e-9


@SETTINGS
@given(data=st.data(), seed=st.integers(0, 2**31))
def test_every_arrival_finishes_with_all_its_steps(data: st.DataObject, seed: int) -> None:
    ids, flow = data.draw(flows())
    specs = data.draw(step_specs(len(ids)))
    staff = {"a": 1, "b": data.draw(st.integers(1, 3))}
    rate = data.draw(st.sampled_from([3, 30, 90]))  # up to heavy overload at a 1-staff desk
    s = _scenario(ids, flow, specs, staff, {"per_working_day": rate})
    res = sim.run(s, replications=1, seed=seed)
    cal = build_calendar(s)
    expected = arrival_times(s, cal, Streams(seed, 0), horizon_clock(cal, s.horizon_working_days))
    cases = res.cases
    assert len(cases) == len(expected)
    np.testing.assert_array_equal(cases["case"], np.arange(len(expected)))
    np.testing.assert_allclose(cases["arrival_h"], expected)
    assert cases["finish_h"].notna().all()
    assert (cases["finish_h"] >= cases["arrival_h"]).all()
    per_case = res.steps.groupby("case").size().reindex(cases["case"], fill_value=0)
    assert (per_case == len(ids)).all()
    assert res.windows["end_h"].iloc[0] >= cases["finish_h"].max()


@SETTINGS
@given(data=st.data(), cohort=st.integers(1, 12))
def test_cohort_all_finish(data: st.DataObject, cohort: int) -> None:
    ids, flow = data.draw(flows(max_steps=4))
    specs = data.draw(step_specs(len(ids)))
    s = _scenario(ids, flow, specs, {"a": 1, "b": 2}, {"cohort": cohort, "date": "2024-01-02"})
    res = sim.run(s, replications=2, seed=1)
    assert len(res.cases) == 2 * cohort
    assert (res.cases["arrival_h"] == 24.0).all()
    assert (res.cases["finish_h"] >= 24.0).all()


@SETTINGS
@given(data=st.data())
def test_without_queueing_parallel_is_max_and_sequence_is_sum(data: st.DataObject) -> None:
    ids, flow = data.draw(flows(min_steps=2, max_steps=7))
    quarters = data.draw(st.lists(st.integers(1, 40), min_size=len(ids), max_size=len(ids)))
    hours = {i: q / 4 for i, q in zip(ids, quarters, strict=True)}
    specs = []
    for i in ids:
        spec: dict[str, Any] = {
            "duration": {data.draw(st.sampled_from(["working_hours", "natural_hours"])): hours[i]}
        }
        if data.draw(st.booleans()):
            spec["desk"] = "a"
        specs.append(spec)
    cohort = 5
    s = _scenario(
        ids, flow, specs, {"a": cohort * len(ids), "b": 1}, {"cohort": cohort, "date": "2024-01-01"}
    )
    res = sim.run(s, replications=1, seed=0)
    expected = theory.critical_path(s.flow, hours)
    elapsed = (res.cases["finish_h"] - res.cases["arrival_h"]).to_numpy()
    assert (elapsed == expected).all()
    assert (res.steps["start_h"] == res.steps["enter_h"]).all()
