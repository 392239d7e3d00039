"""Reference numbers from queueing theory, to check the simulator against.

Pure functions of their arguments (numpy only, no simulation). Rates are per unit of time and
times are in the same unit (e.g. cases per hour and hours).

M/M/c (a desk of ``c`` staff, Poisson arrivals at rate λ, exponential service at rate μ per
staff member, first come first served), with offered load ``a = λ/μ`` and utilisation
``ρ = a/c < 1``:

* Erlang B, by the stable recursion ``B(0) = 1``, ``B(k) = a B(k-1) / (k + a B(k-1))``;
* Erlang C, the probability that an arriving case waits:
  ``C(c, a) = c B(c, a) / (c - a (1 - B(c, a)))``;
* mean wait in the queue ``W_q = C(c, a) / (c μ - λ)``, mean sojourn ``W = W_q + 1/μ``;
* Little's law ``L = λ W`` (and ``L_q = λ W_q``).

With priority classes served first (non-preemptive, first come first served within a class)
and one service rate μ for every class, class ``k`` (1 the highest) waits on average
``W_k = C(c, a) / (c μ (1 - σ_{k-1}) (1 - σ_k))``, ``σ_k = Σ_{i<=k} λ_i / (c μ)`` (Cobham's
formula for M/M/c); the mean over all cases, ``Σ λ_k W_k / λ``, is FIFO's ``W_q`` (the
conservation law: the order of service does not change the work in the queue).

M/M/1 is the case ``c = 1``: ``C = ρ``, ``W_q = ρ / (μ - λ)``, ``W = 1 / (μ - λ)``.

A tandem of M/M/c desks fed by Poisson arrivals is a Jackson network: by Burke's theorem each
desk again sees Poisson arrivals at rate λ, so the mean sojourn through the network is the sum
of the desks' M/M/c sojourns, ``W = Σ_i (W_q(λ, μ_i, c_i) + 1/μ_i)``.

With deterministic durations and no queueing, a case's elapsed time is the critical path of
its flow: a sequence adds, parallel branches take the maximum (:func:`critical_path`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Sequence as Seq

import numpy as np

from simulate.scenario.flow import Flow
from simulate.scenario.flow import critical_path as _critical_path

__all__ = [
    "critical_path",
    "erlang_b",
    "erlang_c",
    "jackson_tandem_sojourn",
    "littles_law",
    "mm1_mean_sojourn",
    "mm1_mean_wait",
    "mmc_mean_number_in_system",
    "mmc_mean_queue_length",
    "mmc_mean_sojourn",
    "mmc_mean_wait",
    "mmc_priority_waits",
    "time_average_count",
    "utilisation",
]


def _check_rates(arrival_rate: float, service_rate: float, servers: int) -> None:
    if not arrival_rate > 0:
        raise ValueError(f"arrival_rate must be > 0, got {arrival_rate!r}")
    if not service_rate > 0:
        raise ValueError(f"service_rate must be > 0, got {service_rate!r}")
    if int(servers) != servers or servers < 1:
        raise ValueError(f"servers must be a whole number >= 1, got {servers!r}")
    if arrival_rate >= servers * service_rate:
        raise ValueError(
            f"unstable queue: arrival_rate {arrival_rate:g} >= servers x service_rate "
            f"{servers * service_rate:g}; the queue grows without bound (utilisation >= 1)"
        )


def utilisation(arrival_rate: float, service_rate: float, servers: int = 1) -> float:
    """Utilisation ``ρ = λ / (c μ)``: the long-run share of staff time that is busy.

    Parameters
    ----------
    arrival_rate
        λ, cases per unit of time.
    service_rate
        μ, cases one staff member finishes per unit of busy time (1 / mean service time).
    servers
        c, staff serving in parallel.

    Returns
    -------
    float
        ρ (no stability check: values >= 1 are returned as they are).
    """
    return arrival_rate / (servers * service_rate)


def erlang_b(servers: int, offered_load: float) -> float:
    """Erlang B: probability that all ``c`` servers are busy in a loss system M/M/c/c.

    Parameters
    ----------
    servers
        c >= 0.
    offered_load
        a = λ/μ >= 0.

    Returns
    -------
    float
        ``B(c, a)`` from the recursion ``B(0) = 1``, ``B(k) = a B(k-1) / (k + a B(k-1))``,
        which is stable for any ``c``.
    """
    if int(servers) != servers or servers < 0:
        raise ValueError(f"servers must be a whole number >= 0, got {servers!r}")
    if not offered_load >= 0:
        raise ValueError(f"offered_load must be >= 0, got {offered_load!r}")
    b = 1.0
    for k in range(1, int(servers) + 1):
        b = offered_load * b / (k + offered_load * b)
    return b


def erlang_c(arrival_rate: float, service_rate: float, servers: int) -> float:
    """Erlang C: probability that an arriving case has to wait in an M/M/c queue.

    ``C(c, a) = c B(c, a) / (c - a (1 - B(c, a)))`` with ``a = λ/μ`` (equal to ρ for c = 1).

    Parameters
    ----------
    arrival_rate
        λ, cases per unit of time.
    service_rate
        μ per staff member.
    servers
        c.

    Returns
    -------
    float
        The probability of waiting, in (0, 1).

    Raises
    ------
    ValueError
        On non-positive rates or an unstable queue (λ >= c μ).
    """
    _check_rates(arrival_rate, service_rate, servers)
    a = arrival_rate / service_rate
    b = erlang_b(servers, a)
    return servers * b / (servers - a * (1.0 - b))


def mmc_mean_wait(arrival_rate: float, service_rate: float, servers: int) -> float:
    """Mean time in the queue of an M/M/c desk: ``W_q = C(c, a) / (c μ - λ)``.

    Returns
    -------
    float
        W_q, in the time unit of the rates.
    """
    return erlang_c(arrival_rate, service_rate, servers) / (servers * service_rate - arrival_rate)


def mmc_priority_waits(
    arrival_rates: Seq[float], service_rate: float, servers: int
) -> tuple[float, ...]:
    """Mean wait in the queue of each priority class of an M/M/c desk (Cobham's formula).

    ``W_k = C(c, a) / (c μ (1 - σ_{k-1}) (1 - σ_k))`` with ``a = λ/μ``, ``λ = Σ λ_k`` and
    ``σ_k = Σ_{i<=k} λ_i / (c μ)``: non-preemptive priority, first come first served within
    a class, the same exponential service rate ``μ`` for every class.

    Parameters
    ----------
    arrival_rates
        λ_k of each class, the highest priority first.
    service_rate
        μ per staff member.
    servers
        c.

    Raises
    ------
    ValueError
        On no classes, a negative class rate, or an unstable queue.
    """
    rates = [float(r) for r in arrival_rates]
    if not rates or any(not r >= 0 for r in rates):
        raise ValueError(f"arrival_rates must be one or more rates >= 0, got {arrival_rates!r}")
    total = sum(rates)
    _check_rates(total, service_rate, servers)
    base = erlang_c(total, service_rate, servers) / (servers * service_rate)
    waits = []
    before = 0.0
    for rate in rates:
        upto = before + rate / (servers * service_rate)
        waits.append(base / ((1.0 - before) * (1.0 - upto)))
        before = upto
    return tuple(waits)


def mmc_mean_sojourn(arrival_rate: float, service_rate: float, servers: int) -> float:
    """Mean time at an M/M/c desk, queue plus service: ``W = W_q + 1/μ``."""
    return mmc_mean_wait(arrival_rate, service_rate, servers) + 1.0 / service_rate


def mmc_mean_queue_length(arrival_rate: float, service_rate: float, servers: int) -> float:
    """Mean number waiting at an M/M/c desk: ``L_q = λ W_q`` (Little's law)."""
    return arrival_rate * mmc_mean_wait(arrival_rate, service_rate, servers)


def mmc_mean_number_in_system(arrival_rate: float, service_rate: float, servers: int) -> float:
    """Mean number at an M/M/c desk, waiting or in service: ``L = λ W = L_q + a``."""
    return arrival_rate * mmc_mean_sojourn(arrival_rate, service_rate, servers)


def mm1_mean_wait(arrival_rate: float, service_rate: float) -> float:
    """Mean time in the queue of an M/M/1 desk: ``W_q = ρ / (μ - λ)``."""
    _check_rates(arrival_rate, service_rate, 1)
    return (arrival_rate / service_rate) / (service_rate - arrival_rate)


def mm1_mean_sojourn(arrival_rate: float, service_rate: float) -> float:
    """Mean time at an M/M/1 desk: ``W = 1 / (μ - λ)``."""
    _check_rates(arrival_rate, service_rate, 1)
    return 1.0 / (service_rate - arrival_rate)


def jackson_tandem_sojourn(arrival_rate: float, stations: Iterable[tuple[float, int]]) -> float:
    """Mean sojourn through a tandem of M/M/c desks fed by Poisson arrivals.

    ``W = Σ_i (W_q(λ, μ_i, c_i) + 1/μ_i)``: in a Jackson network every desk behaves as an
    independent M/M/c queue with the network's arrival rate (Burke's theorem).

    Parameters
    ----------
    arrival_rate
        λ, cases per unit of time entering the first desk.
    stations
        ``(service_rate, servers)`` of each desk in order.

    Returns
    -------
    float
        The mean time from entering the first desk to leaving the last.

    Raises
    ------
    ValueError
        If there is no station or any desk is unstable.
    """
    items = list(stations)
    if not items:
        raise ValueError("a tandem needs at least one station")
    return float(sum(mmc_mean_sojourn(arrival_rate, mu, c) for mu, c in items))


def littles_law(arrival_rate: float, mean_time: float) -> float:
    """Little's law: the mean number present ``L = λ W``.

    Parameters
    ----------
    arrival_rate
        λ, arrivals per unit of time.
    mean_time
        W, mean time each arrival spends in the system.

    Returns
    -------
    float
        L, the time-average number in the system.
    """
    return arrival_rate * mean_time


def time_average_count(
    enter: Seq[float] | np.ndarray, leave: Seq[float] | np.ndarray, start: float, end: float
) -> float:
    """Time-average number of items present over ``[start, end]``.

    Item ``i`` is present on ``[enter[i], leave[i])``. The count ``N(t)`` is built as a step
    function from the sorted entry (+1) and exit (-1) times, and ``∫ N(t) dt / (end - start)``
    is integrated over the window. This is the ``L`` of Little's law measured directly, with
    no use of arrival rates or mean times.

    Parameters
    ----------
    enter, leave
        Entry and exit times of each item (``leave >= enter``).
    start, end
        The observation window, ``end > start``.

    Returns
    -------
    float
        The time-average count.
    """
    t_in = np.asarray(enter, dtype=float)
    t_out = np.asarray(leave, dtype=float)
    if t_in.shape != t_out.shape:
        raise ValueError(f"enter and leave differ in length: {t_in.shape} vs {t_out.shape}")
    if not end > start:
        raise ValueError(f"the window must have end > start, got [{start!r}, {end!r}]")
    if np.any(t_out < t_in):
        raise ValueError("every item must leave at or after it enters")
    times = np.clip(np.concatenate([t_in, t_out]), start, end)
    steps = np.concatenate([np.ones(len(t_in)), -np.ones(len(t_out))])
    order = np.argsort(times, kind="stable")
    times, steps = times[order], steps[order]
    count = np.cumsum(steps)  # N(t) on [times[k], times[k + 1])
    area = float(np.sum(count[:-1] * np.diff(times))) if len(times) else 0.0
    return area / (end - start)


def critical_path(flow: Flow, durations: Mapping[str, float]) -> float:
    """Length of the longest path through a flow, given each step's duration.

    A sequence adds its items, parallel branches take the maximum, a choice takes its
    longest option and detached work (off the case's path) counts 0. With deterministic
    durations and no queueing this is a case's elapsed time exactly.

    Parameters
    ----------
    flow
        A flow node (a step id, :class:`~simulate.Serial`, :class:`~simulate.Parallel`,
        :class:`~simulate.Choice` or :class:`~simulate.Detached`).
    durations
        Duration of every step in the flow, in one unit.

    Returns
    -------
    float
        The critical-path length in that unit.
    """
    return float(_critical_path(flow, durations))
