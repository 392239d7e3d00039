"""Judging a run's targets from its summary: one rule for a single run and for a sweep.

:meth:`simulate.results.Results.target_checks` and the sweeps in :mod:`simulate.experiments`
both call :func:`check_targets`, so a verdict is decided the same way wherever it is printed.
"""

from __future__ import annotations

import pandas as pd

from simulate.results.meta import RunMeta
from simulate.results.metrics import metric_unit, threshold_metric
from simulate.stats import mean_ci


def summarise(per_replication: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Mean over replications of each metric column, with its confidence interval and unit."""
    out = []
    for metric in per_replication.columns:
        m, lo, hi = mean_ci(per_replication[metric].to_numpy(dtype=float), level)
        if metric_unit(metric) == "share":  # a share's interval stays within [0, 1]
            lo, hi = max(lo, 0.0), min(hi, 1.0)
        out.append(
            {"metric": metric, "value": m, "ci_low": lo, "ci_high": hi, "unit": metric_unit(metric)}
        )
    return pd.DataFrame(out).set_index("metric")


def check_targets(
    meta: RunMeta, summary: pd.DataFrame, has_clock_stops: bool, reached: float = 0.9
) -> list[tuple[str, bool]]:
    """Each target in ``meta`` as (readable verdict, met), judged on ``summary``.

    A limit to finish within (以内) is met when at least ``reached`` of the cases finish
    within it; an average limit (平均) when the mean counted working days are within it;
    a threshold with a target share when its share reaches the target.
    """
    out: list[tuple[str, bool]] = []
    limit = meta.time_limit_working_days
    if limit:
        if meta.time_limit_statistic == "mean":
            key = "mean_counted_working_days" if has_clock_stops else "mean_elapsed_working_days"
            mean = float(summary.loc[key, "value"])
            met = mean <= limit + 1e-9
            word = "meets" if met else "misses"
            out.append(
                (
                    f"average limit: mean {mean:.2f} working days {word} the average of {limit:g}",
                    met,
                )
            )
        elif "on_time_rate" in summary.index:
            rate = float(summary.loc["on_time_rate", "value"])
            met = rate >= reached
            word = "meets" if met else "misses"
            out.append(
                (
                    f"limit: {100 * rate:.1f}% within {limit:g} working days {word} the {100 * reached:.0f}% mark",
                    met,
                )
            )
    for days, label, target in meta.thresholds:
        key = threshold_metric(days)
        if target is None or key not in summary.index:
            continue
        value = float(summary.loc[key, "value"])
        met = value >= target - 1e-12
        word = "meets" if met else "misses"
        out.append(
            (f"{label or key}: {100 * value:.1f}% {word} the target {100 * target:.0f}%", met)
        )
    return out


__all__ = ["check_targets", "summarise"]
