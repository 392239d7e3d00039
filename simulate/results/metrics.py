"""Summary metrics: their names, units and display strings."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from simulate.scenario.targets import UNITS as TARGET_UNITS
from simulate.strings import CATALOGUE, text

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

#: Metric name -> its readable name, in English (see :func:`metric_name` for the language
#: the reports speak; the names come from the catalogue in :mod:`simulate.strings`).
NAMES = {metric: text(f"metric.{metric}", language="en") for metric in METRIC_UNITS}


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
        return text("metric.utilisation", desk=metric.split(":", 1)[1])
    if metric.startswith("share_within_"):
        days = metric.removeprefix("share_within_").removesuffix("_working_days")
        label = ""
        for d, lab, _ in thresholds:
            if f"{d:.3g}" == days and lab:
                label = text("metric.threshold_label", label=lab)
        return text("metric.share_within", days=days, label=label)
    return text(f"metric.{metric}") if metric in METRIC_UNITS else metric


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


def unit_name(unit: str) -> str:
    """A unit (``working days``, ``share`` ...) in the language of the reports."""
    key = f"unit.{unit}"
    return text(key) if key in CATALOGUE else unit


def threshold_metric(days: float) -> str:
    """Summary metric name of a threshold: ``share_within_0.5_working_days``."""
    return f"share_within_{days:.3g}_working_days"


def format_summary(summary: pd.DataFrame) -> pd.DataFrame:
    """Summary as display strings: value and [low, high]."""

    def fmt(x: float, unit: str) -> str:
        if pd.isna(x):
            return text("value.not_available")
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
            "unit": "" if unit == "share" else unit_name(unit),
        }
    return pd.DataFrame.from_dict(rows, orient="index")
