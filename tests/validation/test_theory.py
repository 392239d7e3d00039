"""The reference formulas themselves, against closed forms and direct computation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulate import theory
from simulate.scenario.flow import Choice, Detached, Parallel, Serial


def _erlang_c_direct(lam: float, mu: float, c: int) -> float:
    """Erlang C from its textbook sum (fine for small c)."""
    a = lam / mu
    rho = a / c
    top = a**c / math.factorial(c) / (1 - rho)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


@pytest.mark.parametrize(
    ("lam", "mu", "c"), [(0.5, 1.0, 1), (4.0, 1.5, 3), (2.4, 1.0, 3), (9.0, 1.0, 12)]
)
def test_erlang_c_equals_the_textbook_sum(lam: float, mu: float, c: int) -> None:
    assert theory.erlang_c(lam, mu, c) == pytest.approx(_erlang_c_direct(lam, mu, c), rel=1e-12)


def test_one_server_is_mm1() -> None:
    lam, mu = 0.7, 1.0
    assert theory.erlang_c(lam, mu, 1) == pytest.approx(lam / mu)
    assert theory.mmc_mean_wait(lam, mu, 1) == pytest.approx(theory.mm1_mean_wait(lam, mu))
    assert theory.mmc_mean_sojourn(lam, mu, 1) == pytest.approx(1 / (mu - lam))
    assert theory.mm1_mean_sojourn(lam, mu) == pytest.approx(1 / (mu - lam))


def test_known_value_and_little() -> None:
    # the design notes' example: λ = 4/day, μ = 1.5/day, 3 staff: W_q = 1.595 days
    assert theory.mmc_mean_wait(4.0, 1.5, 3) == pytest.approx(1.5950, abs=5e-5)
    lam, mu, c = 4.0, 1.5, 3
    assert theory.mmc_mean_queue_length(lam, mu, c) == pytest.approx(
        lam * theory.mmc_mean_wait(lam, mu, c)
    )
    assert theory.mmc_mean_number_in_system(lam, mu, c) == pytest.approx(
        theory.mmc_mean_queue_length(lam, mu, c) + lam / mu
    )
    assert theory.littles_law(2.0, 3.0) == 6.0
    assert theory.utilisation(4.0, 1.5, 3) == pytest.approx(4 / 4.5)


def test_erlang_b_recursion() -> None:
    a = 3.0
    for c in range(6):
        direct = (a**c / math.factorial(c)) / sum(a**k / math.factorial(k) for k in range(c + 1))
        assert theory.erlang_b(c, a) == pytest.approx(direct, rel=1e-12)
    assert 0 < theory.erlang_b(500, 450.0) < 1  # stable for large pools


def test_unstable_or_invalid_queues_raise() -> None:
    with pytest.raises(ValueError, match="unstable"):
        theory.mmc_mean_wait(3.0, 1.0, 3)
    with pytest.raises(ValueError, match="servers"):
        theory.erlang_c(1.0, 1.0, 0)
    with pytest.raises(ValueError, match="service_rate"):
        theory.mm1_mean_wait(0.5, 0.0)
    with pytest.raises(ValueError, match="station"):
        theory.jackson_tandem_sojourn(1.0, [])


def test_jackson_tandem_is_a_sum() -> None:
    stations = [(1.0, 2), (2.0, 1), (0.8, 3)]
    lam = 0.75
    expected = sum(theory.mmc_mean_wait(lam, mu, c) + 1 / mu for mu, c in stations)
    assert theory.jackson_tandem_sojourn(lam, stations) == pytest.approx(expected)


def test_time_average_count_is_the_clipped_overlap() -> None:
    rng = np.random.default_rng(1)
    enter = rng.uniform(0, 100, 500)
    leave = enter + rng.exponential(5, 500)
    t0, t1 = 20.0, 80.0
    overlap = np.clip(np.minimum(leave, t1) - np.maximum(enter, t0), 0, None).sum() / (t1 - t0)
    assert theory.time_average_count(enter, leave, t0, t1) == pytest.approx(overlap, rel=1e-12)
    assert theory.time_average_count([], [], 0.0, 1.0) == 0.0
    with pytest.raises(ValueError, match="leave"):
        theory.time_average_count([2.0], [1.0], 0.0, 5.0)


def test_critical_path() -> None:
    d = {"a": 1.0, "b": 2.0, "c": 5.0, "d": 3.0, "e": 4.0}
    assert theory.critical_path(Serial(("a", "b", "c")), d) == 8.0
    assert theory.critical_path(Parallel(("a", "b", "c")), d) == 5.0
    nested = Serial(("a", Parallel((Serial(("b", "d")), "c")), "e"))
    assert theory.critical_path(nested, d) == 1 + max(2 + 3, 5) + 4
    assert theory.critical_path(Choice(((0.5, "a"), (0.5, "c"))), d) == 5.0
    assert theory.critical_path(Serial(("a", Detached("c", 0.5))), d) == 1.0
