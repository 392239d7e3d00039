"""Verdicts: the one place that decides whether a scenario's targets hold, and in what words.

A verdict is judged on the metric its limit counts (``counted_working_days``: days after the
acceptance day, time stopped left out; the mean for an average limit), says that it holds
"under these assumptions", and names the assumption-tagged inputs it rests on most: the
steps on the critical path whose durations are assumptions, longest first. Targets of other
kinds plug in here (:func:`verdicts` is the only function that makes them).

Two checks qualify every verdict: the offered load of each desk
(:mod:`simulate.offered_load`, computed before a run) and whether elapsed times trend over
the horizon (:func:`steady_state`, after a run). A system with no steady state gives figures
that depend on the horizon, and its verdicts say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist
from typing import Final

import numpy as np
import pandas as pd

from simulate.calendar.deadlines import LIMIT_TOLERANCE, counts_in_days
from simulate.results.metrics import threshold_metric
from simulate.scenario.attributes import describe_limits
from simulate.scenario.flow import Choice, Flow, Parallel, Serial
from simulate.scenario.model import Scenario
from simulate.scenario.targets import UNITS, Target
from simulate.strings import text as catalogue_text

__all__ = [
    "JUDGED_COLUMN",
    "TREND_RISE",
    "SteadyState",
    "Verdict",
    "default_metric",
    "judged_column",
    "judged_metric",
    "resting_on",
    "steady_state",
    "verdicts",
]

#: The case column every limit is judged by (calendar.deadlines counts it).
JUDGED_COLUMN: Final = "counted_working_days"

#: Relative rise of elapsed time from the first to the last third of arrivals that, when
#: significant, marks a run as not steady.
TREND_RISE: Final = 0.5


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether one target holds.

    Attributes
    ----------
    target : str
        What is judged: ``"limit"``, ``"average limit"`` or a threshold's label.
    metric : str
        The summary metric it is judged on.
    value, goal : float
        The metric's value and the mark it must reach (a share) or stay within (days).
    met : bool
        True when the target holds.
    statement : str
        The verdict in words, with "under these assumptions" and what it rests on.
    assumptions : tuple of str
        The assumption-tagged inputs the verdict rests on most.
    """

    target: str
    metric: str
    value: float
    goal: float
    met: bool
    statement: str
    assumptions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SteadyState:
    """Whether a run reached a steady state.

    Attributes
    ----------
    steady : bool or None
        False when elapsed times rise over the horizon (figures depend on it); None when
        the question does not apply (a cohort, or too few cases).
    rise : float
        Relative rise of mean elapsed working days from the first to the last third of
        arrivals (0.5: half as long again), averaged over replications.
    note : str
        A sentence for the summary ("" when steady).
    """

    steady: bool | None
    rise: float
    note: str


def judged_metric(scenario: Scenario) -> str:
    """The summary metric a scenario's limit is judged by.

    ``on_time_rate`` for a limit to finish within (以内), ``mean_counted_working_days`` for
    an average limit (平均), ``mean_counted_working_days`` without a limit.
    """
    if scenario.time_limit_working_days and scenario.time_limit_statistic == "max":
        return "on_time_rate"
    return "mean_counted_working_days"


def judged_column(scenario: Scenario) -> str:
    """The case column charts show by default: what the scenario's limit is judged by.

    ``counted_working_days`` (days after the acceptance day, time stopped left out) when
    the scenario has a limit or steps that stop the clock; else ``elapsed_working_days``.
    """
    stops = any(st.clock_stop for st in scenario.steps) or any(
        rw.clock_stop for _, rw in scenario.rework
    )
    return JUDGED_COLUMN if scenario.time_limit_working_days or stops else "elapsed_working_days"


def default_metric(scenario: Scenario) -> str:
    """The summary metric charts, headlines and attributions default to.

    The mean counted working days for an average limit (平均); the P90 of counted working
    days for a limit to finish within (以内, the 90% mark); the P90 of elapsed working
    days when the scenario has neither a limit nor clock stops.
    """
    column = judged_column(scenario)
    if column == "elapsed_working_days":
        return "p90_elapsed_working_days"
    if scenario.time_limit_statistic == "mean":
        return "mean_counted_working_days"
    return "p90_counted_working_days"


def _working_days(scenario: Scenario, step_id: str) -> float:
    """A step's mean duration in standard working days (natural time at 5 of 7 days)."""
    st = scenario.step(step_id)
    mean, unit = st.duration.mean, st.duration.unit
    hours = scenario.calendar.office_hours.hours_per_day
    if unit == "working_hours":
        return mean / hours
    if unit == "natural_hours":
        return mean / 24.0 * 5.0 / 7.0
    if unit == "natural_days":
        return mean * 5.0 / 7.0
    return mean


def _longest(node: Flow, length: Mapping[str, float]) -> tuple[float, tuple[str, ...]]:
    """The critical path's length and its steps (choices: the longest option)."""
    if isinstance(node, str):
        return length[node], (node,)
    if isinstance(node, Serial):
        total, steps = 0.0, tuple[str, ...]()
        for item in node.items:
            part, ids = _longest(item, length)
            total += part
            steps += ids
        return total, steps
    if isinstance(node, Parallel | Choice):
        children = node.branches if isinstance(node, Parallel) else [o for _, o in node.options]
        best: tuple[float, tuple[str, ...]] = (0.0, ())
        for child in children:
            found = _longest(child, length)
            if found[0] > best[0]:
                best = found
        return best
    return 0.0, ()  # detached work is off the case's path


def resting_on(scenario: Scenario, count: int = 3) -> tuple[str, ...]:
    """The assumption-tagged inputs a verdict rests on most.

    The steps on the critical path of mean durations (steps that stop the clock count 0
    against a limit) whose duration (or the step itself) is tagged ``assumption:``, longest
    first, as ``"label (id): mean d working days"``;
    then the arrivals when their volume is an assumption.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    count : int, default 3
        How many step inputs to name at most.
    """
    counted = judged_column(scenario) == JUDGED_COLUMN
    # a step that stops the clock does not count against the limit: it is not what it rests on
    length = {
        st.id: 0.0 if counted and st.clock_stop else _working_days(scenario, st.id)
        for st in scenario.steps
    }
    _, path = _longest(scenario.flow, length)
    tagged = [
        sid
        for sid in dict.fromkeys(path)
        if length[sid] > 0
        and (scenario.step(sid).assumption or scenario.step(sid).duration.assumption)
    ]
    tagged.sort(key=lambda sid: -length[sid])
    out = [
        catalogue_text(
            "verdict.assumed_step",
            label=scenario.step(sid).label or sid,
            step=sid,
            days=length[sid],
        )
        for sid in tagged[:count]
    ]
    if scenario.arrivals.assumption:
        out.append(catalogue_text("verdict.assumed_arrivals"))
    return tuple(out)


def _rests(assumptions: tuple[str, ...]) -> str:
    if not assumptions:
        return ""
    separator = catalogue_text("verdict.rests_separator")
    return catalogue_text("verdict.rests_on", inputs=separator.join(assumptions))


def verdicts(
    scenario: Scenario,
    summary: pd.DataFrame,
    reached: float = 0.9,
    steady: SteadyState | None = None,
) -> tuple[Verdict, ...]:
    """Every target of a scenario, judged on the metric its limit counts.

    Parameters
    ----------
    scenario : Scenario
        The scenario that was run.
    summary : pandas.DataFrame
        ``Results.summary()``.
    reached : float, default 0.9
        Share of cases a limit to finish within (以内) needs to count as met.
    steady : SteadyState, optional
        The run's steady-state check; a run that is not steady says so in every verdict.

    Returns
    -------
    tuple of Verdict
        The time limit first, then each threshold with a target share.
    """
    rests = resting_on(scenario)
    caveat = _rests(rests)
    if steady is not None and steady.steady is False:
        caveat += catalogue_text("verdict.not_steady")
    out: list[Verdict] = []
    limit = scenario.time_limit_working_days
    if limit:
        if scenario.time_limit_statistic == "mean":
            key = "mean_counted_working_days"
            if key in summary.index:
                mean = float(summary.loc[key, "value"])
                met = mean <= limit + LIMIT_TOLERANCE
                word = catalogue_text("verdict.meets" if met else "verdict.misses")
                text = catalogue_text(
                    "verdict.average", mean=mean, word=word, limit=limit, caveat=caveat
                )
                out.append(Verdict("average limit", key, mean, float(limit), met, text, rests))
        elif "on_time_rate" in summary.index:
            rate = float(summary.loc["on_time_rate", "value"])
            met = rate >= reached
            word = catalogue_text("verdict.meets" if met else "verdict.misses")
            how = catalogue_text(
                "verdict.counted_in_days" if counts_in_days(limit) else "verdict.counted_in_hours"
            )
            # with limits per class each case is judged against its own class's limit
            text = catalogue_text(
                "verdict.limit_classes" if scenario.time_limit_by else "verdict.limit",
                rate=100 * rate,
                limit=limit,
                limits=describe_limits(limit, scenario.time_limit_by),
                how=how,
                word=word,
                mark=100 * reached,
                caveat=caveat,
            )
            out.append(Verdict("limit", "on_time_rate", rate, reached, met, text, rests))
    for t in scenario.thresholds:
        key = threshold_metric(t.working_days)
        if t.target_share is None or key not in summary.index:
            continue
        value = float(summary.loc[key, "value"])
        met = value >= t.target_share - 1e-12
        word = catalogue_text("verdict.meets" if met else "verdict.misses")
        text = catalogue_text(
            "verdict.threshold",
            name=t.label or key,
            value=100 * value,
            word=word,
            target=100 * t.target_share,
            caveat=caveat,
        )
        out.append(Verdict(t.label or key, key, value, t.target_share, met, text, rests))
    for i, target in enumerate(scenario.targets):
        found = _target_verdict(target, target.metric(i), summary, reached, caveat, rests)
        if found is not None:
            out.append(found)
    return tuple(out)


def _interval(summary: pd.DataFrame, key: str, share: bool) -> str:
    low, high = summary.loc[key, "ci_low"], summary.loc[key, "ci_high"]
    if pd.isna(low):
        return ""
    if share:
        return catalogue_text(
            "verdict.interval_share", low=100 * float(low), high=100 * float(high)
        )
    return catalogue_text("verdict.interval", low=float(low), high=float(high))


def _target_verdict(
    target: Target,
    key: str,
    summary: pd.DataFrame,
    reached: float,
    caveat: str,
    rests: tuple[str, ...],
) -> Verdict | None:
    """The verdict on one declared target (kinds: time, stage, steps, visits, documents,
    fees, online), from its metric in the summary (None when the run did not measure it)."""
    if key not in summary.index or pd.isna(summary.loc[key, "value"]):
        return None
    value = float(summary.loc[key, "value"])
    name = target.name()
    unit = catalogue_text(f"unit.{UNITS[target.kind]}")
    cited = f" ({target.source})" if target.source else ""
    if target.kind == "online":
        goal = target.value
        met = value >= goal - 1e-12
        interval = _interval(summary, key, True)
        shown = catalogue_text("verdict.target_online", value=100 * value, interval=interval)
        mark = catalogue_text("verdict.mark_target", goal=100 * goal)
    elif target.statistic == "mean":
        goal = target.value
        met = value <= goal + (LIMIT_TOLERANCE if target.kind in ("time", "stage") else 1e-9)
        interval = _interval(summary, key, False)
        shown = catalogue_text("verdict.target_mean", value=value, unit=unit, interval=interval)
        mark = catalogue_text("verdict.mark_average", goal=goal)
    else:
        goal = target.required_share(reached)
        met = value >= goal - 1e-12
        interval = _interval(summary, key, True)
        shown = catalogue_text(
            "verdict.target_within",
            value=100 * value,
            limit=target.value,
            unit=unit,
            interval=interval,
        )
        mark = catalogue_text("verdict.mark_share", goal=100 * goal)
    word = catalogue_text("verdict.meets" if met else "verdict.misses")
    statement = catalogue_text(
        "verdict.target", name=name, cited=cited, shown=shown, word=word, mark=mark, caveat=caveat
    )
    return Verdict(name, key, value, goal, met, statement, rests)


def steady_state(scenario: Scenario, cases: pd.DataFrame, level: float = 0.99) -> SteadyState:
    """Whether elapsed times trend over the horizon (a sign of a queue that keeps growing).

    Per replication, the measured cases (after the warm-up) are split into thirds by
    arrival; the relative rise of mean elapsed working days from the first third to the
    last is averaged over replications. The run is not steady when that rise exceeds
    :data:`TREND_RISE` and is significant (Welch's statistic of the pooled last thirds
    against the pooled first thirds above the normal ``level`` quantile).

    Parameters
    ----------
    scenario : Scenario
        The scenario (cohort arrivals are not a steady flow: the check does not apply).
    cases : pandas.DataFrame
        The cases table of a run.
    level : float, default 0.99
        Confidence of the significance check.
    """
    if scenario.arrivals.kind == "cohort":
        return SteadyState(None, float("nan"), "")
    measured = cases[~cases["in_warmup"]]
    rises: list[float] = []
    first_all: list[np.ndarray] = []
    last_all: list[np.ndarray] = []
    for _, g in measured.groupby("replication", sort=True):
        if len(g) < 30:
            continue
        order = np.argsort(g["arrival_h"].to_numpy(), kind="stable")
        x = g["elapsed_working_days"].to_numpy(dtype=float)[order]
        third = len(x) // 3
        first, last = x[:third], x[-third:]
        base = float(first.mean())
        if base <= 0:
            continue
        rises.append((float(last.mean()) - base) / base)
        first_all.append(first)
        last_all.append(last)
    if not rises:
        return SteadyState(None, float("nan"), "")
    rise = float(np.mean(rises))
    # Welch's statistic on the pooled thirds against the normal quantile (each holds 10+ cases)
    a, b = np.concatenate(last_all), np.concatenate(first_all)
    spread = float(np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b)))
    z = NormalDist().inv_cdf(level)
    significant = spread == 0 or (float(a.mean()) - float(b.mean())) / spread > z
    if rise > TREND_RISE and significant:
        note = catalogue_text("verdict.steady_note", rise=100 * rise)
        return SteadyState(False, rise, note)
    return SteadyState(True, rise, "")
