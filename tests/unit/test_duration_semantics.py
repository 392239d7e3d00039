"""What a declared duration means, pinned by sampling: median/P90 of a lognormal, the other
kinds, caps and maxima, through the file format and the engine; and which time a clock stop
(不计时) covers: a clock-stop step stops the clock from entering it, queueing included."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from scipy.stats import norm

import simulate as sim
from simulate.engine.replication import run_replication
from simulate.scenario.durations import Z90, Duration

N = 200_000


def _rng(seed: int = 12345) -> np.random.Generator:
    return np.random.default_rng(seed)


@pytest.mark.parametrize(("median", "p90"), [(2.0, 5.0), (0.5, 0.6), (10.0, 40.0), (3.0, 3.0)])
def test_lognormal_median_and_p90_are_the_declared_ones(median: float, p90: float) -> None:
    values = Duration.lognormal(median, p90).sample(_rng(), N)
    assert np.median(values) == pytest.approx(median, rel=0.01)
    assert np.quantile(values, 0.9) == pytest.approx(p90, rel=0.01)
    # the parameterisation itself: sigma from the 90 % normal quantile, mean exp(sigma²/2)
    d = Duration.lognormal(median, p90)
    assert d.sigma == pytest.approx(math.log(p90 / median) / norm.ppf(0.9))
    assert norm.ppf(0.9) == pytest.approx(Z90, abs=1e-12)
    assert d.mean == pytest.approx(median * math.exp(d.sigma**2 / 2))
    assert values.mean() == pytest.approx(d.mean, rel=0.01)
    assert (values > 0).all()


def test_a_file_median_p90_reaches_the_engine_unchanged() -> None:
    scenario = sim.scenario_from_dict(
        {
            "name": "quantiles",
            "start": "2024-09-02",
            "horizon_working_days": 5,
            "calendar": {"days": "every_day", "office_hours": "24h"},
            "arrivals": {"cohort": 20_000, "date": "2024-09-02", "any_hour": True},
            "steps": [{"id": "wait", "duration": {"natural_hours": {"median": 3, "p90": 7}}}],
            "flow": ["wait"],
        }
    )
    d = scenario.step("wait").duration
    assert (d.kind, d.unit, d.params) == ("lognormal", "natural_hours", (3.0, 7.0))
    out = run_replication(scenario, 0, 1)
    took = out.step_cols["end_h"] - out.step_cols["start_h"]
    assert took.size == 20_000
    assert np.median(took) == pytest.approx(3.0, rel=0.02)
    assert np.quantile(took, 0.9) == pytest.approx(7.0, rel=0.02)


def test_working_days_are_hours_per_day_of_office_time() -> None:
    scenario = sim.scenario_from_dict(
        {
            "name": "days",
            "start": "2024-09-02",
            "horizon_working_days": 5,
            "arrivals": {"cohort": 1, "date": "2024-09-02"},
            "steps": [{"id": "wait", "duration": {"working_days": 2}}],
            "flow": ["wait"],
        }
    )
    out = run_replication(scenario, 0, 1)
    # Monday 09:00 plus two working days of 09:00-12:00, 13:00-17:00: Tuesday 17:00
    assert out.step_cols["start_h"].tolist() == [9.0]
    assert out.step_cols["end_h"].tolist() == [24.0 + 17.0]


def test_triangular_has_its_min_mode_and_max() -> None:
    low, mode, high = 1.0, 2.0, 6.0
    values = Duration.triangular(low, mode, high).sample(_rng(), N)
    assert values.min() >= low
    assert values.max() <= high
    assert values.min() < low + 0.05
    assert values.max() > high - 0.1
    # the CDF at the mode is (mode - low) / (high - low)
    assert (values < mode).mean() == pytest.approx((mode - low) / (high - low), abs=0.005)
    assert values.mean() == pytest.approx((low + mode + high) / 3, rel=0.005)
    assert Duration.triangular(low, mode, high).mean == pytest.approx(3.0)
    assert Duration.triangular(2.0, 2.0, 2.0).sample(_rng(), 5).tolist() == [2.0] * 5


def test_exponential_has_its_mean() -> None:
    values = Duration.exponential(4.0).sample(_rng(), N)
    assert values.mean() == pytest.approx(4.0, rel=0.01)
    assert (values > 4.0).mean() == pytest.approx(math.exp(-1), abs=0.005)


def test_empirical_resamples_the_observed_values_equally() -> None:
    observed = (1.0, 2.0, 2.0, 7.0)
    values = Duration.empirical(observed).sample(_rng(), N)
    assert set(values.tolist()) == {1.0, 2.0, 7.0}
    assert (values == 2.0).mean() == pytest.approx(0.5, abs=0.005)
    assert (values == 7.0).mean() == pytest.approx(0.25, abs=0.005)
    assert Duration.empirical(observed).mean == pytest.approx(3.0)


def test_a_cap_clips_draws_and_keeps_the_rest() -> None:
    d = Duration.exponential(2.0)
    plain = d.sample(_rng(), N)
    capped = d.capped(3.0).sample(_rng(), N)
    np.testing.assert_array_equal(capped, np.minimum(plain, 3.0))
    assert (capped == 3.0).mean() == pytest.approx(math.exp(-1.5), abs=0.005)
    assert d.capped(3.0).capped(5.0).cap == 3.0
    assert d.capped(3.0).mean == pytest.approx(2.0 * (1 - math.exp(-1.5)), rel=0.01)


def test_longest_of_parts_is_their_maximum() -> None:
    parts = (Duration.exponential(1.0), Duration.fixed(1.5))
    values = Duration.longest(parts).sample(_rng(), N)
    assert values.min() == 1.5
    assert (values == 1.5).mean() == pytest.approx(1 - math.exp(-1.5), abs=0.005)
    assert Duration.longest((Duration.fixed(1.0), Duration.fixed(3.0))).mean == 3.0
    with pytest.raises(ValueError, match="at least one part"):
        Duration.longest(())
    with pytest.raises(ValueError, match="one unit"):
        Duration.longest((Duration.fixed(1.0), Duration.fixed(1.0, "working_days")))


def test_scaled_durations_draw_the_same_deviates() -> None:
    for d in (
        Duration.lognormal(2.0, 5.0),
        Duration.triangular(1.0, 2.0, 4.0),
        Duration.exponential(3.0),
        Duration.longest((Duration.exponential(1.0), Duration.fixed(0.5))).capped(2.0),
    ):
        np.testing.assert_allclose(d.scaled(3.0).sample(_rng(), 100), 3 * d.sample(_rng(), 100))


@pytest.mark.parametrize(
    ("d", "fixed"),
    [
        (Duration.fixed(2.0), True),
        (Duration.lognormal(2.0, 2.0), True),
        (Duration.lognormal(2.0, 3.0), False),
        (Duration.triangular(1.0, 1.0, 1.0), True),
        (Duration.triangular(1.0, 1.0, 2.0), False),
        (Duration.exponential(1.0), False),
        (Duration.exponential(1.0).capped(0.0), True),
        (Duration.triangular(1.0, 2.0, 3.0).capped(1.0), True),
        (Duration.triangular(1.0, 2.0, 3.0).capped(1.5), False),
        (Duration.longest((Duration.fixed(1.0), Duration.fixed(2.0))), True),
        (Duration.longest((Duration.fixed(3.0), Duration.exponential(1.0))).capped(3.0), True),
        (Duration.longest((Duration.fixed(3.0), Duration.exponential(1.0))).capped(3.5), False),
    ],
)
def test_is_fixed(d: Duration, fixed: bool) -> None:
    assert d.is_fixed is fixed
    values = d.sample(_rng(), 1000)
    assert bool(values.min() == values.max()) is fixed


def test_describe_names_the_declared_numbers() -> None:
    assert Duration.lognormal(2.0, 5.0, "working_days").describe() == (
        "median 2, P90 5 working_days"
    )
    assert Duration.triangular(1, 2, 3).describe() == "min 1, mode 2, max 3 working_hours"
    assert Duration.exponential(4).capped(6).describe() == (
        "mean 4 (exponential), at most 6 working_hours"
    )


# -- which time a clock stop covers ---------------------------------------------------------
def _queued(clock_stop: bool) -> tuple[Any, Any]:
    """Two cases at once for one expert: the second queues 5 hours, then works 5."""
    scenario = sim.scenario_from_dict(
        {
            "name": "stop",
            "start": "2024-09-02",
            "horizon_working_days": 5,
            "calendar": {"days": "every_day", "office_hours": "24h"},
            "arrivals": {"cohort": 2, "date": "2024-09-02", "any_hour": True},
            "desks": {"experts": {"staff": 1, "hours": "24h", "every_day": True}},
            "steps": [
                {
                    "id": "expert",
                    "desk": "experts",
                    "duration": {"working_hours": 5},
                    "clock_stop": clock_stop,
                }
            ],
            "flow": ["expert"],
        }
    )
    out = run_replication(scenario, 0, 1)
    return out.step_cols, out.case_cols


def test_queueing_for_a_clock_stop_step_is_inside_the_stop() -> None:
    steps, cases = _queued(True)
    assert steps["enter_h"].tolist() == [0.0, 0.0]
    assert steps["start_h"].tolist() == [0.0, 5.0]
    # the stop runs from entering the step (queue joined) to the end of its work
    assert cases["clock_stop_hours"].tolist() == [5.0, 10.0]


def test_queueing_for_an_ordinary_step_is_not_a_stop() -> None:
    steps, cases = _queued(False)
    assert steps["start_h"].tolist() == [0.0, 5.0]
    assert cases["clock_stop_hours"].tolist() == [0.0, 0.0]


def test_a_lognormal_draw_rises_with_its_normal_deviate() -> None:
    # common random numbers: the same deviates give the same quantiles in every scenario
    z = _rng(7).standard_normal(1000)
    d = Duration.lognormal(2.0, 5.0)
    np.testing.assert_allclose(d.sample(_rng(7), 1000), 2.0 * np.exp(d.sigma * z))


def test_the_plain_means_and_the_lower_bound() -> None:
    assert Duration.exponential(4.0).mean == 4.0
    assert Duration.fixed(2.5).mean == 2.5
    assert Duration.exponential(1.0).capped(0.5).is_fixed is False
    assert Duration.lognormal(1.0, 2.0).capped(0.5).is_fixed is False
    assert Duration.longest((Duration.fixed(1.0), Duration.exponential(2.0))).describe() == (
        "longest of (1; mean 2 (exponential)) working_hours"
    )


def test_a_duration_is_immutable_and_hashable() -> None:
    d = Duration.fixed(1.0)
    assert hash(d) == hash(Duration.fixed(1.0))
    with pytest.raises(AttributeError):
        d.params = (2.0,)  # type: ignore[misc]
