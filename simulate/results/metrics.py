"""Summary metrics: their names, units and display strings."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from simulate.scenario.targets import UNITS as TARGET_UNITS

#: Metric name -> unit, in summary order.
METRIC_UNITS: dict[str, str] = {
    "cases": "cases",
    "mean_elapsed_working_days": "working days",
    "median_elapsed_working_days": "working days",
    "p90_elapsed_working_days": "working days",
    "p95_elapsed_working_days": "working days",
    "mean_elapsed_natural_days": "natural days",
    "median_elapsed_natural_days": "natural days",
    "p90_elapsed_natural_days": "natural days",
    "p95_elapsed_natural_days": "natural days",
    "mean_counted_working_days": "working days",
    "p90_counted_working_days": "working days",
    "on_time_rate": "share",
    "throughput_per_working_day": "cases / working day",
    "visits_per_case": "visits",
    "rework_rounds_per_case": "rounds",
    "busiest_desk_utilisation": "share",
}

NAMES = {
    "cases": "cases measured (after warm-up)",
    "mean_elapsed_working_days": "mean elapsed, working days",
    "median_elapsed_working_days": "median elapsed, working days",
    "p90_elapsed_working_days": "P90 elapsed, working days",
    "p95_elapsed_working_days": "P95 elapsed, working days",
    "mean_elapsed_natural_days": "mean elapsed, natural days",
    "median_elapsed_natural_days": "median elapsed, natural days",
    "p90_elapsed_natural_days": "P90 elapsed, natural days",
    "p95_elapsed_natural_days": "P95 elapsed, natural days",
    "mean_counted_working_days": "mean counted against the limit, working days",
    "p90_counted_working_days": "P90 counted against the limit, working days",
    "on_time_rate": "on time (按时办结率)",
    "throughput_per_working_day": "finished per working day",
    "visits_per_case": "in-person visits per case",
    "rework_rounds_per_case": "补正 rounds per case",
    "busiest_desk_utilisation": "busiest desk utilisation",
}


def _target_parts(metric: str) -> tuple[str, str, str] | None:
    """``target_2_visits_share_within_1`` -> ``("2", "visits", "share_within_1")``."""
    if not metric.startswith("target_"):
        return None
    number, _, rest = metric.removeprefix("target_").partition("_")
    kind, _, how = rest.partition("_")
    return number, kind, how


def metric_name(metric: str, thresholds: Iterable[tuple[float, str, float | None]] = ()) -> str:
    """Readable name of a summary metric (``thresholds`` as in :class:`RunMeta`, for labels)."""
    parts = _target_parts(metric)
    if parts is not None:
        number, kind, how = parts
        if how == "share_online":
            return f"target {number}: share of cases online (网办率)"
        if how == "mean":
            return f"target {number}: mean {kind} per case"
        return f"target {number}: share of cases with {kind} within {how.removeprefix('share_within_')}"
    if metric.startswith("utilisation:"):
        return f"utilisation of desk {metric.split(':', 1)[1]}"
    if metric.startswith("share_within_"):
        days = metric.removeprefix("share_within_").removesuffix("_working_days")
        label = ""
        for d, lab, _ in thresholds:
            if f"{d:.3g}" == days and lab:
                label = f" ({lab})"
        return f"done within {days} working days{label}"
    return NAMES.get(metric, metric)


def metric_unit(metric: str) -> str:
    """Unit of a summary metric."""
    parts = _target_parts(metric)
    if parts is not None:
        return TARGET_UNITS.get(parts[1], "") if parts[2] == "mean" else "share"
    if metric.startswith("utilisation:"):
        return "share"
    if metric.startswith("share_within_"):
        return "share"
    return METRIC_UNITS.get(metric, "")


def threshold_metric(days: float) -> str:
    """Summary metric name of a threshold: ``share_within_0.5_working_days``."""
    return f"share_within_{days:.3g}_working_days"


def format_summary(summary: pd.DataFrame) -> pd.DataFrame:
    """Summary as display strings: value and [low, high]."""

    def fmt(x: float, unit: str) -> str:
        if pd.isna(x):
            return "n/a"
        if unit == "share":
            return f"{100 * x:.1f}%"
        if unit == "cases":
            return f"{x:,.0f}"
        return f"{x:.2f}"

    rows = {}
    for metric, r in summary.iterrows():
        unit = str(r["unit"])
        ci = (
            "" if pd.isna(r["ci_low"]) else f"[{fmt(r['ci_low'], unit)}, {fmt(r['ci_high'], unit)}]"
        )
        rows[metric] = {
            "value": fmt(r["value"], unit),
            "95% CI": ci,
            "unit": "" if unit == "share" else unit,
        }
    return pd.DataFrame.from_dict(rows, orient="index")
