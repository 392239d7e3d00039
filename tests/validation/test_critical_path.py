"""With deterministic durations and no queueing, a case's elapsed time is its critical path.

A sequence adds, parallel branches take the maximum, and nesting composes the two. These are
exact equalities: the durations are multiples of 1/4 hour, so every sum is exact in floating
point and the engine schedules each end at the clock time it computed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from validation_builders import continuous_scenario

import simulate as sim
from simulate import theory

COHORT = 12  # cases submitted together; every desk has at least this many staff

#: step id -> (desk or None, unit, value)
STEPS: dict[str, tuple[str | None, str, float]] = {
    "a": ("front", "working_hours", 1.5),
    "b": ("back", "working_days", 0.25),  # 6 h on a 24 h desk
    "c": (None, "natural_hours", 4.0),
    "d": ("back", "working_hours", 7.75),
    "e": (None, "natural_days", 0.5),  # 12 h
    "f": ("front", "working_hours", 2.0),
    "g": ("front", "working_days", 0.125),  # 3 h
    "h": (None, "natural_hours", 0.25),
}
HOURS = {"working_hours": 1.0, "working_days": 24.0, "natural_hours": 1.0, "natural_days": 24.0}

FLOWS: dict[str, Any] = {
    "sequence": ["a", "b", "c", "d", "e", "f", "g", "h"],
    "parallel": [{"parallel": ["a", "b", "c", "d", "e", "f", "g", "h"]}],
    "nested": [
        "a",
        {"parallel": [["b", "c"], {"parallel": ["d", ["e", "f"]]}, "g"]},
        "h",
    ],
    "deep": [
        {"parallel": [["a", {"parallel": ["b", ["c", "d"]]}], ["e", {"parallel": ["f", "g"]}]]},
        "h",
    ],
}


def _scenario(flow: Any, name: str) -> sim.Scenario:
    steps = []
    for step_id, (desk, unit, value) in STEPS.items():
        step: dict[str, Any] = {"id": step_id, "duration": {unit: value}}
        if desk is not None:
            step["desk"] = desk
        steps.append(step)
    return continuous_scenario(
        name=name,
        desks={"front": COHORT * 3, "back": COHORT * 2},
        steps=steps,
        flow=flow,
        cohort=COHORT,
    )


def _hours(step_ids: set[str]) -> dict[str, float]:
    return {
        s: (HOURS[unit] * value if s in step_ids else 0.0) for s, (_, unit, value) in STEPS.items()
    }


@pytest.mark.parametrize("shape", list(FLOWS))
def test_elapsed_equals_critical_path(shape: str) -> None:
    scenario = _scenario(FLOWS[shape], shape)
    res = sim.run(scenario, replications=2, seed=3)
    expected = theory.critical_path(scenario.flow, _hours(set(STEPS)))
    elapsed = (res.cases["finish_h"] - res.cases["arrival_h"]).to_numpy()
    assert len(elapsed) == 2 * COHORT
    assert (elapsed == expected).all()
    assert (res.cases["elapsed_working_days"] == expected / 24.0).all()
    assert (res.steps["wait_working_days"] == 0).all()  # no congestion


def test_shapes_differ() -> None:
    """Sequence adds and parallel takes the maximum: the four shapes give four lengths."""
    lengths = {
        shape: theory.critical_path(_scenario(flow, shape).flow, _hours(set(STEPS)))
        for shape, flow in FLOWS.items()
    }
    total = sum(_hours(set(STEPS)).values())
    assert lengths["sequence"] == total
    assert lengths["parallel"] == max(_hours(set(STEPS)).values())
    assert len(set(lengths.values())) == len(lengths)


def test_choice_takes_the_chosen_option() -> None:
    """With a choice, each case's elapsed time is the critical path of the steps it visited."""
    flow = [
        "a",
        {
            "choice": [
                {"p": 0.5, "do": ["b", "c"]},
                {"p": 0.3, "do": {"parallel": ["d", "e"]}},
                {"p": 0.2, "do": []},
            ]
        },
        {"optional": "f", "p": 0.5},
        "g",
        "h",
    ]
    scenario = _scenario(flow, "choice")
    res = sim.run(scenario, replications=3, seed=8)
    visited = res.steps.groupby(["replication", "case"], observed=True)["step"].agg(
        lambda s: set(map(str, s))
    )
    cases = res.cases.set_index(["replication", "case"])
    lengths = set()
    for key, steps in visited.items():
        expected = theory.critical_path(scenario.flow, _hours(steps))
        row = cases.loc[key]
        assert row["finish_h"] - row["arrival_h"] == expected
        lengths.add(expected)
    assert len(lengths) > 3  # several options were taken


def test_sampled_durations_without_queueing() -> None:
    """Random durations, no queueing: elapsed is the critical path of each case's own draws."""
    steps = [
        {"id": "x", "desk": "front", "duration": {"working_hours": {"median": 2, "p90": 5}}},
        {"id": "y", "duration": {"natural_hours": {"mean": 3}}},
        {
            "id": "z",
            "desk": "back",
            "duration": {"working_days": {"min": 0.1, "mode": 0.2, "max": 0.5}},
        },
        {"id": "w", "duration": {"natural_days": {"values": [0.25, 0.5, 1]}}},
    ]
    flow = [{"parallel": ["x", ["y", "z"]]}, "w"]
    scenario = continuous_scenario(
        name="sampled", desks={"front": 50, "back": 50}, steps=steps, flow=flow, cohort=40
    )
    res = sim.run(scenario, replications=2, seed=4)
    work = res.steps.assign(hours=res.steps["end_h"] - res.steps["start_h"])
    per_case = work.pivot_table(
        index=["replication", "case"], columns="step", values="hours", observed=True
    )
    cases = res.cases.set_index(["replication", "case"])
    elapsed = cases["finish_h"] - cases["arrival_h"]
    expected = np.maximum(per_case["x"], per_case["y"] + per_case["z"]) + per_case["w"]
    np.testing.assert_allclose(elapsed.loc[expected.index], expected, rtol=0, atol=1e-9)
    assert per_case["x"].nunique() > 10  # the durations really were random
