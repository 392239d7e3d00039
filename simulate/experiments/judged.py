"""The metric a scenario's verdict is judged on, for sensitivity and staffing searches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from simulate.errors import SimulateError
from simulate.experiments.sweep import has_clock_stops
from simulate.results.metrics import threshold_metric
from simulate.scenario.model import Scenario


@dataclass(frozen=True, slots=True)
class Target:
    """The metric a scenario's first target is judged on: ``metric`` ``sense`` ``threshold``."""

    metric: str
    sense: Literal[">=", "<="]
    threshold: float
    text: str


def target_of(scenario: Scenario, reached: float = 0.9) -> Target:
    """The metric and threshold of the scenario's main target: its limit, else a threshold
    with a target share, else its first declared target on time (or its first target)."""
    limit = scenario.time_limit_working_days
    if limit:
        if scenario.time_limit_statistic == "mean":
            metric = (
                "mean_counted_working_days"
                if has_clock_stops(scenario)
                else "mean_elapsed_working_days"
            )
            return Target(metric, "<=", float(limit), f"平均{limit:g}个工作日")
        return Target(
            "on_time_rate", ">=", reached, f"{100 * reached:.0f}%的件{limit:g}个工作日内办结"
        )
    for t in scenario.thresholds:
        if t.target_share is not None:
            text = f"{t.label or ''}{100 * t.target_share:.0f}%的件{t.working_days:g}个工作日内办结"
            return Target(threshold_metric(t.working_days), ">=", t.target_share, text)
    # a declared target: the first on time (it depends on the assumptions), else the first
    if scenario.targets:
        kinds = [t.kind for t in scenario.targets]
        i = kinds.index("time") if "time" in kinds else 0
        goal = scenario.targets[i]
        if goal.kind == "online":
            return Target(goal.metric(i), ">=", goal.value, goal.name())
        if goal.statistic == "mean":
            return Target(goal.metric(i), "<=", goal.value, goal.name())
        return Target(goal.metric(i), ">=", goal.required_share(reached), goal.name())
    raise SimulateError(
        f"scenario {scenario.name!r} has no target (no time_limit, no threshold with a "
        "target share and no targets:), so there is no verdict to test; add time_limit: "
        "to the file"
    )


__all__ = ["Target", "target_of"]
