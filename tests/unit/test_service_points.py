"""Several service points serving one queue (全城通办 / 跨域通办 / 就近办): cross_area_service.

The reform is single_window's pooling applied to the points of one matter, with an optional
new trip before a visit (就近办). The pooled desk is an M/M/c pool; its theory checks are the
Erlang C ones (tests/validation/test_erlang_c.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

import simulate as sim
from simulate import theory


def _two_points(staff: tuple[int, int] = (1, 1), share: float = 0.7) -> sim.Scenario:
    def point(name: str) -> dict[str, Any]:
        return {
            "id": f"register_{name}",
            "desk": f"point_{name}",
            "visit": True,
            "travel": {"natural_hours": 1},
            "when": {"district": name},
            "duration": {"working_hours": {"mean": 1.0}},
        }

    return sim.scenario_from_dict(
        {
            "name": "points",
            "start": "2024-01-01",
            "calendar": {"days": "every_day", "office_hours": "24h"},
            "horizon_working_days": 200,
            "warmup_working_days": 10,
            "arrivals": {"per_working_day": 24 * 1.2},
            "attributes": {"district": {"shares": {"east": share, "west": 1 - share}}},
            "desks": {
                "point_east": {"staff": staff[0], "hours": "24h", "every_day": True},
                "point_west": {"staff": staff[1], "hours": "24h", "every_day": True},
            },
            "steps": [point("east"), point("west")],
            "flow": ["register_east", "register_west"],
        }
    )


POOL = {"desks": ["point_east", "point_west"], "into": "any_point", "label": "全城通办"}


def test_it_pools_the_points_exactly_as_single_window_does() -> None:
    base = _two_points()
    pooled = sim.apply_reform(base, "cross_area_service", **POOL)
    window = sim.apply_reform(base, "single_window", **POOL)
    assert pooled.desks == window.desks
    assert pooled.steps == window.steps
    assert pooled.desk("any_point").staff == 2
    a = sim.run(pooled, replications=2, seed=3)
    b = sim.run(window, replications=2, seed=3)
    assert a.steps.equals(b.steps)


def test_pooling_uneven_points_cuts_the_wait_as_erlang_c_says() -> None:
    # east: 0.84 cases/h on 1 clerk (M/M/1, rho 0.84); west 0.36/h on 1 (rho 0.36);
    # pooled: 1.2/h on 2 clerks (M/M/2, rho 0.6)
    east = theory.mm1_mean_wait(0.84, 1.0)
    west = theory.mm1_mean_wait(0.36, 1.0)
    separate = 0.7 * east + 0.3 * west
    together = theory.mmc_mean_wait(1.2, 1.0, 2)
    assert together < separate / 3  # the theory: pooling the uneven points cuts waits by > 3x
    base = sim.run(_two_points(), replications=4, seed=5)
    pooled = sim.run(
        sim.apply_reform(_two_points(), "cross_area_service", **POOL), replications=4, seed=5
    )

    def mean_wait_h(res: sim.Results) -> float:
        work = res.steps[res.steps["phase"] == "work"]
        return float(work["wait_working_days"].mean() * 24.0)

    # short runs: only the direction and the size of the cut (a 3x cut in theory)
    assert mean_wait_h(pooled) < mean_wait_h(base) / 2


def test_nearby_service_sets_the_trip_to_the_pooled_points() -> None:
    out = sim.apply_reform(
        _two_points(), "cross_area_service", **POOL, travel={"natural_hours": 0.25}
    )
    for step_id in ("register_east", "register_west"):
        travel = out.step(step_id).travel
        assert travel is not None
        assert travel.unit == "natural_hours"
    res = sim.run(out, replications=1, seed=2)
    trips = res.steps[res.steps["phase"] == "travel"]
    assert len(trips) > 0
    assert ((trips["end_h"] - trips["start_h"]).round(9) == 0.25).all()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"desks": ["point_east"], "into": "p"}, "at least 2 desks"),
        ({"desks": ["point_east", "nope"], "into": "p"}, "unknown desk 'nope'"),
        ({**POOL, "travel": {"hours": 1}}, "travel"),
    ],
)
def test_bad_parameters_are_errors(params: dict[str, Any], message: str) -> None:
    with pytest.raises((sim.ScenarioError, ValueError), match=message):
        sim.apply_reform(_two_points(), "cross_area_service", **params)


def test_a_trip_needs_a_visit_at_the_points() -> None:
    base = _two_points()
    no_visits = base.with_changes(
        steps=tuple(replace(st, visit=False, travel=None) for st in base.steps)
    )
    with pytest.raises(
        (sim.ScenarioError, ValueError), match="no step at these points has a visit"
    ):
        sim.apply_reform(no_visits, "cross_area_service", **POOL, travel={"natural_hours": 0.25})
