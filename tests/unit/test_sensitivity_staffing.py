"""Sensitivity finds the assumption a verdict hinges on; the staffing solver finds the
Erlang C minimum; unreachable targets are said plainly."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import simulate as sim
from simulate import theory
from simulate.errors import SimulateError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "validation"))
from validation_builders import continuous_scenario, exponential_step


def hinged() -> sim.Scenario:
    """Two assumed fixed delays of 5 and 1 working days against a 6.5-day limit: the 5-day
    one flips the verdict at 5.5 (within its ±30 % range), the 1-day one cannot."""
    data = {
        "name": "hinged",
        "start": "2024-03-04",
        "horizon_working_days": 40,
        "calendar": {"days": "weekdays"},
        "arrivals": {"per_working_day": 4, "assumption": "a few a day"},
        "time_limit": {"working_days": 6.5},
        "steps": [
            {"id": "long", "label": "长环节", "duration": {"working_days": 5, "assumption": "a"}},
            {"id": "short", "label": "短环节", "duration": {"working_days": 1, "assumption": "b"}},
        ],
        "flow": ["long", "short"],
    }
    return sim.scenario_from_dict(data)


def test_sensitivity_finds_the_hinge_and_its_flip_point() -> None:
    result = sim.sensitivity(hinged(), replications=2, seed=3, levels=5, refine=4, progress=False)
    assert result.base_met
    assert result.hinges_on == ("steps.long.duration",)
    row = result.tornado.loc["steps.long.duration"]
    assert row["flip_above"] == pytest.approx(5.5, abs=0.1)
    assert row["met_at_low"]
    assert not row["met_at_high"]
    assert "长环节" in result.sentence()
    assert "flips above" in result.sentence()
    assert not result.tornado.loc["steps.short.duration", "flips"]


def test_sensitivity_robust_sentence_and_files(tmp_path: Path) -> None:
    result = sim.sensitivity(
        hinged(),
        replications=1,
        seed=3,
        ranges={"steps.long.duration": (4.0, 5.2)},
        progress=False,
        morris_trajectories=3,
    )
    assert result.robust
    assert result.sentence().startswith("robust")
    assert result.morris is not None
    assert set(result.morris.index) == set(result.tornado.index)
    written = result.write(str(tmp_path))
    assert any(w.endswith("sensitivity.xlsx") for w in written)
    from simulate.plotting import plot_tornado

    ax = plot_tornado(result)
    assert len(ax.patches) >= 2 * len(result.tornado)


def test_sensitivity_without_target_is_a_clear_error() -> None:
    s = hinged().with_changes(time_limit_working_days=None)
    with pytest.raises(SimulateError, match="no target"):
        sim.sensitivity(s, replications=1, seed=1, progress=False)


LAM, MU = 4.0, 1.0  # arrivals and services per hour


def mmc(staff: int, limit_hours: float) -> sim.Scenario:
    s = continuous_scenario(
        name="mmc",
        desks={"pool": staff},
        steps=[exponential_step("serve", "pool", 1.0 / MU)],
        flow=["serve"],
        arrivals_per_hour=LAM,
        horizon_hours=1500,
        warmup_hours=100,
    )
    return s.with_changes(time_limit_working_days=limit_hours / 24, time_limit_statistic="mean")


def test_staffing_finds_the_erlang_c_minimum() -> None:
    limit = 1.3  # hours of mean time in the system
    need = next(c for c in range(5, 20) if theory.mmc_mean_sojourn(LAM, MU, c) <= limit)
    # the limit is well clear of the sojourn with one person fewer and with the minimum
    assert theory.mmc_mean_sojourn(LAM, MU, need - 1) > 1.15 * limit
    assert theory.mmc_mean_sojourn(LAM, MU, need) < 0.92 * limit
    result = sim.staffing(mmc(9, limit), replications=4, seed=3)
    assert result.verified
    assert dict(result.staff) == {"pool": need}
    assert not result.frontier["met"].iloc[:-1].any()
    from simulate.plotting import plot_frontier

    assert plot_frontier(result).get_lines()


def test_unreachable_target_is_said_plainly() -> None:
    # a limit below the mean service time: no number of staff reaches it
    result = sim.staffing(mmc(5, 0.5), replications=2, seed=3, max_staff=12)
    assert not result.reachable
    assert result.statement.startswith("no staffing reaches the target")
    assert dict(result.staff) == {}


def test_limit_and_volume_at_current_staff() -> None:
    s = mmc(6, 1.3)
    p90, lo, hi = sim.smallest_limit(s, replications=3, seed=2)
    assert lo <= p90 <= hi
    assert p90 > 1.0 / 24
    rate, sentence = sim.most_arrivals(s, replications=3, seed=2, steps=5)
    # theory: the mean sojourn passes 1.3 h between these arrival rates per working day
    ok = max(
        lam for lam in [x / 10 for x in range(10, 60)] if theory.mmc_mean_sojourn(lam, MU, 6) <= 1.3
    )
    assert rate * 1 == pytest.approx(ok * 24, rel=0.12)
    assert "a working day" in sentence


def test_a_scenario_judged_only_by_its_declared_targets_has_a_verdict_to_test() -> None:
    from pathlib import Path

    from simulate.experiments.judged import target_of

    root = Path(__file__).parents[2] / "scenarios" / "company_registration"
    scenario = sim.load_scenario(root / "achieved_three_hours_003.yaml")
    assert scenario.time_limit_working_days is None
    target = target_of(scenario)
    first_time = next(i for i, t in enumerate(scenario.targets) if t.kind == "time")
    goal = scenario.targets[first_time]
    assert target.metric == goal.metric(first_time)
    assert target.sense == ">="
    assert target.threshold == goal.required_share()
    bare = scenario.with_changes(targets=())
    with pytest.raises(sim.SimulateError, match="no target"):
        target_of(bare)
